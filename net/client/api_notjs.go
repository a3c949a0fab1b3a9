//go:build !js

package client

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"impactkaarten/cards"
)

// CreateRoom asks the relay at base (http://host:port) for a new room, with deck (nil:
// the relay's default deck). It waits for the network: call it off the game loop.
func CreateRoom(ctx context.Context, base string, deck *cards.Deck) (*Room, error) {
	u := strings.TrimRight(base, "/") + "/api/rooms"
	body, err := createBody(deck)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("client: create room: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, noAnswer("create room", err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return nil, noAnswer("create room", err)
	}
	return parseRoom(resp.StatusCode, answer)
}

// maxDownload bounds a report download; the largest report (a PNG of a full canvas) is a
// few megabytes.
const maxDownload = 64 << 20

// FetchReport downloads a room's report in format (md, html, csv, png, json) and lang (nl,
// en, or "" for the session's language). token is the room's facilitator token or the
// seat token of the seat that is facilitator now. It waits for the network: call it off
// the game loop.
func FetchReport(ctx context.Context, base, code, token, format, lang string) (*Download, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, reportURL(base, code, format, lang), nil)
	if err != nil {
		return nil, fmt.Errorf("client: report: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, noAnswer("report", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxDownload))
	if err != nil {
		return nil, noAnswer("report", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, apiError("report", resp.StatusCode, body)
	}
	return &Download{Name: filenameFrom(resp.Header.Get("Content-Disposition"), "impactkaarten."+format),
		Type: resp.Header.Get("Content-Type"), Data: body}, nil
}

// FetchDeckPrint downloads a deck as a printable PDF in lang: the room's deck (token as for
// FetchReport), or with code "" the relay's built-in deck (no token).
func FetchDeckPrint(ctx context.Context, base, code, token string, lang cards.Lang) (*Download, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, printURL(base, code, lang), nil)
	if err != nil {
		return nil, fmt.Errorf("client: print deck: %w", err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, noAnswer("print deck", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxDownload))
	if err != nil {
		return nil, noAnswer("print deck", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, apiError("print deck", resp.StatusCode, body)
	}
	return &Download{Name: filenameFrom(resp.Header.Get("Content-Disposition"), "impactkaarten-deck.pdf"),
		Type: resp.Header.Get("Content-Type"), Data: body}, nil
}

// DeleteRoom asks the relay to delete a room and all its data now; token as for
// FetchReport.
func DeleteRoom(ctx context.Context, base, code, token string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, roomURL(base, code), nil)
	if err != nil {
		return fmt.Errorf("client: delete room: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return noAnswer("delete room", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusNoContent && resp.StatusCode != http.StatusOK {
		return apiError("delete room", resp.StatusCode, body)
	}
	return nil
}

// UploadDeck replaces the deck of a room in its lobby with a deck file (JSON, or CSV from
// a spreadsheet; name is the file's name); token as for FetchReport. The relay checks the
// deck and answers its problems in an *APIError, in lang (nl or en; "" for English).
func UploadDeck(ctx context.Context, base, code, token, name string, lang cards.Lang, data []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPut, deckURL(base, code, name, lang), bytes.NewReader(data))
	if err != nil {
		return fmt.Errorf("client: load deck: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return noAnswer("load deck", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode != http.StatusOK {
		return apiError("load deck", resp.StatusCode, body)
	}
	return nil
}

// FetchDeck gets a deck by its content hash from the relay at base. It waits for the
// network: call it off the game loop.
func FetchDeck(ctx context.Context, base, hash string) (*cards.Deck, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, deckHashURL(base, hash), nil)
	if err != nil {
		return nil, fmt.Errorf("client: deck: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, noAnswer("deck", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, cards.MaxDeckBytes))
	if err != nil {
		return nil, noAnswer("deck", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, apiError("deck", resp.StatusCode, body)
	}
	return cards.LoadJSON(bytes.NewReader(body))
}
