package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"impactkaarten/cards"
)

// Room is what the relay answers when a facilitator creates a room.
type Room struct {
	Code             string `json:"code"`
	JoinURL          string `json:"joinUrl"`
	FacilitatorToken string `json:"facilitatorToken"`
}

// parseRoom reads the relay's answer to POST /api/rooms.
func parseRoom(status int, body []byte) (*Room, error) {
	if status != 201 && status != 200 {
		return nil, apiError("create room", status, body)
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

// Download is a file the relay sent: a report export.
type Download struct {
	Name string // the file name the relay proposes, e.g. impactkaarten-K7P-2QX-2026-11-25.md
	Type string // its Content-Type
	Data []byte
}

// reportURL is the address of a room's report in one format and language.
func reportURL(base, code, format, lang string) string {
	q := url.Values{"format": {format}}
	if lang != "" {
		q.Set("lang", lang)
	}
	return strings.TrimRight(base, "/") + "/api/rooms/" + url.PathEscape(formatCode(code)) + "/report?" + q.Encode()
}

// roomURL is the address of a room in the HTTP API.
func roomURL(base, code string) string {
	return strings.TrimRight(base, "/") + "/api/rooms/" + url.PathEscape(formatCode(code))
}

// ErrNoAnswer is in the error of an API call that got no answer from the relay: no
// network, the relay down or at another address, or no answer in time. An interface says
// so in its own words.
var ErrNoAnswer = errors.New("no answer from the relay")

// noAnswer is the error of an API call whose request failed.
func noAnswer(what string, err error) error {
	return fmt.Errorf("client: %s: %w: %w", what, ErrNoAnswer, err)
}

// APIError is a failed answer of the relay's HTTP API (docs/protocol.md §15). Code is one
// of the protocol's error codes, for an interface to put in its own words; Message is the
// relay's English sentence, for logs.
type APIError struct {
	What     string // what was asked: "load deck", "report", …
	Status   int    // the HTTP status
	Code     string // "" when the answer was not the API's JSON (a proxy's error page)
	Message  string
	Problems []string // a bad deck's problems, each with its line and field
}

func (e *APIError) Error() string {
	if e.Message != "" {
		return fmt.Sprintf("client: %s: %s (%d %s)", e.What, e.Message, e.Status, e.Code)
	}
	return fmt.Sprintf("client: %s: status %d", e.What, e.Status)
}

// apiError reads a failed API answer.
func apiError(what string, status int, body []byte) error {
	e := &APIError{What: what, Status: status}
	var answer struct {
		Error    string   `json:"error"`
		Message  string   `json:"message"`
		Problems []string `json:"problems"`
	}
	if json.Unmarshal(body, &answer) == nil {
		e.Code, e.Message, e.Problems = answer.Error, answer.Message, answer.Problems
	}
	return e
}

// filenameFrom reads the file name out of the relay's Content-Disposition header
// (attachment; filename="impactkaarten-K7P-2QX-2026-11-25.md"), or returns def. The relay
// names its files from letters, digits, hyphens and dots only; anything else, or a name
// that could point elsewhere, gets def. (Not mime.ParseMediaType: the browser client would
// carry the mime package for this one header.)
func filenameFrom(disposition, def string) string {
	_, rest, ok := strings.Cut(disposition, "filename=")
	if !ok {
		return def
	}
	name := strings.Trim(strings.TrimSpace(strings.SplitN(rest, ";", 2)[0]), `"`)
	if name == "" || strings.HasPrefix(name, ".") || strings.ContainsFunc(name, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_')
	}) {
		return def
	}
	return name
}

// GuideURL is the address of the facilitator's guide, a printable page, on the relay at
// base ("" gives a path for the page the browser client came from).
func GuideURL(base string, lang cards.Lang) string {
	return strings.TrimRight(base, "/") + "/guide?" + url.Values{"lang": {string(lang)}}.Encode()
}

// printURL is the address of a printable deck: a room's own deck, or with code "" the
// relay's built-in deck.
func printURL(base, code string, lang cards.Lang) string {
	q := "?" + url.Values{"lang": {string(lang)}}.Encode()
	if code == "" {
		return strings.TrimRight(base, "/") + "/api/decks/print" + q
	}
	return roomURL(base, code) + "/deck/print" + q
}

// deckURL is the address a room's deck is replaced at, with the file's name (which names a
// CSV deck).
func deckURL(base, code, name string, lang cards.Lang) string {
	q := url.Values{"name": {name}}
	if lang != "" {
		q.Set("lang", string(lang))
	}
	return roomURL(base, code) + "/deck?" + q.Encode()
}

// createBody is the body of POST /api/rooms: the room's deck when it is not the relay's
// default.
func createBody(deck *cards.Deck) ([]byte, error) {
	if deck == nil {
		return []byte("{}"), nil
	}
	b, err := json.Marshal(map[string]any{"deck": deck})
	if err != nil {
		return nil, fmt.Errorf("client: create room: encode the deck: %w", err)
	}
	return b, nil
}
