package client

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// Room is what the relay answers when a facilitator creates a room.
type Room struct {
	Code             string `json:"code"`
	JoinURL          string `json:"joinUrl"`
	FacilitatorToken string `json:"facilitatorToken"`
}

// parseRoom reads the relay's answer to POST /api/rooms.
func parseRoom(status int, statusText string, body []byte) (*Room, error) {
	if status != 201 && status != 200 {
		return nil, fmt.Errorf("client: create room: %s: %s", statusText, strings.TrimSpace(string(body)))
	}
	var r Room
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("client: create room: answer is not a room: %w", err)
	}
	if r.Code == "" {
		return nil, fmt.Errorf("client: create room: the answer has no room code")
	}
	return &r, nil
}

// WebSocketURL turns the relay's base URL (http://host:port, or https) into its
// WebSocket endpoint (ws://host:port/ws).
func WebSocketURL(base string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(base))
	if err != nil {
		return "", fmt.Errorf("client: relay address %q: %w", base, err)
	}
	switch u.Scheme {
	case "http", "ws":
		u.Scheme = "ws"
	case "https", "wss":
		u.Scheme = "wss"
	default:
		return "", fmt.Errorf("client: relay address %q: use http://host:port or https://host", base)
	}
	if u.Host == "" {
		return "", fmt.Errorf("client: relay address %q has no host", base)
	}
	u.Path, u.RawQuery, u.Fragment = "/ws", "", ""
	return u.String(), nil
}

// JoinURL is the link a facilitator shares: the relay's page with the room code.
func JoinURL(base, code string) string {
	return strings.TrimRight(base, "/") + "/?room=" + url.QueryEscape(formatCode(code))
}

func formatCode(code string) string {
	if len(code) == 6 {
		return code[:3] + "-" + code[3:]
	}
	return code
}
