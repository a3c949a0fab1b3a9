//go:build !js

package client

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// CreateRoom asks the relay at base (http://host:port) for a new room. It waits for the
// network: call it off the game loop.
func CreateRoom(ctx context.Context, base string) (*Room, error) {
	u := strings.TrimRight(base, "/") + "/api/rooms"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, strings.NewReader("{}"))
	if err != nil {
		return nil, fmt.Errorf("client: create room: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("client: create room: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return nil, fmt.Errorf("client: create room: %w", err)
	}
	return parseRoom(resp.StatusCode, resp.Status, body)
}
