// Package protocol is the wire protocol between Impactkaarten clients and the relay: JSON
// text frames, one message per frame, each an envelope with a protocol version and a type.
// docs/protocol.md describes it for people writing a client in another language.
//
// The package has no I/O: it defines the messages, decodes them strictly (with errors that
// name the problem) and holds the close codes.
package protocol

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	jsonv1 "github.com/go-json-experiment/json/v1"

	"impactkaarten/cards"
	"impactkaarten/game"
)

// Version is the protocol version this package speaks. A message with another version is
// refused with CloseVersion. Version 2 sends events redacted per seat, which clients apply
// to their view (game.ApplyView), instead of a whole view with every event.
const Version = 2

// MaxMessage is the largest frame the relay reads (16 KiB); a larger one closes the
// connection with 1009 (message too big).
const MaxMessage = 16 << 10

// MaxCommandID is the longest command id, in bytes (a UUID, the browser's, is 36).
const MaxCommandID = 64

// Message types, client to server.
const (
	TJoin    = "join"   // take a new seat: Room, Name, Lang, Observer, FacilitatorToken
	TResume  = "resume" // take back a seat: Room, Token, Since
	TCommand = "cmd"    // ID, Cmd
	TLeave   = "leave"  // give up the seat and close
	TPong    = "pong"   // optional answer to a ping
	TSync    = "sync"   // ask for the seat's whole view again (answered with a welcome)
)

// Message types, server to client.
const (
	TWelcome = "welcome" // Room, Seat, Token, N, View, DeckHash, Now
	TAck     = "ack"     // ID, N
	TError   = "error"   // ID (if about a command), Code, Message
	TEvent   = "event"   // N, Event (redacted for the seat), Hash (every game.HashEvery)
	TPing    = "ping"    // Now; sent every PingEvery so browser clients can tell the link is alive
	TBye     = "bye"     // Close, Reason; the server closes the connection right after
)

// Client is any message a client sends. Unused fields are omitted.
type Client struct {
	V    int    `json:"v"`
	T    string `json:"t"`
	Room string `json:"room,omitempty"`
	// Join.
	Name             string     `json:"name,omitempty"`
	Lang             cards.Lang `json:"lang,omitempty"`
	Observer         bool       `json:"observer,omitempty"`
	Screen           bool       `json:"screen,omitempty"` // a meeting-room screen: watches, is no participant
	FacilitatorToken string     `json:"facilitatorToken,omitempty"`
	// Resume.
	Token string `json:"token,omitempty"`
	Since uint64 `json:"since,omitempty"`
	// Command.
	ID  string        `json:"id,omitempty"`
	Cmd *game.Command `json:"cmd,omitempty"`
}

// Server is any message the server sends. Unused fields are omitted.
type Server struct {
	V    int    `json:"v"`
	T    string `json:"t"`
	Room string `json:"room,omitempty"`
	// Welcome.
	Seat  game.SeatID `json:"seat,omitempty"`
	Token string      `json:"token,omitempty"`
	// DeckHash names the room's deck by its content (cards.Deck.Hash): a client that does
	// not have it fetches it once from GET /api/decks/{hash}.
	DeckHash string `json:"deckHash,omitempty"`
	// Ack, event, welcome: the room's event number (the state version) after the message.
	N uint64 `json:"n,omitempty"`
	// Command id for ack and error.
	ID string `json:"id,omitempty"`
	// Error and bye.
	Code    Code      `json:"code,omitempty"`
	Message string    `json:"message,omitempty"`
	Reason  string    `json:"reason,omitempty"`
	Close   CloseCode `json:"close,omitempty"`
	// Event: the event as the seat may learn it. View: the seat's whole view, in a welcome.
	Event *game.ViewEvent  `json:"event,omitempty"`
	View  *game.PlayerView `json:"view,omitempty"`
	// Hash is the seat's view hash after the event (game.PlayerView.Hash, 16 hex digits),
	// sent with every event whose number is a multiple of game.HashEvery.
	Hash string `json:"hash,omitempty"`
	// Now is the server's clock (Unix ms) so clients can show timers without clock skew.
	Now int64 `json:"now,omitempty"`
}

// Code is an error code: what the websocket's error messages and the HTTP API's error
// answers carry. The rules engine's codes (game.Code: not_your_turn, voting_closed, …) and
// the relay's own (below) are one namespace of one type, so no two mean different things.
type Code = game.Code

// Protocol error codes, sent in error messages; the connection stays usable.
const (
	ErrBadMessage   Code = "bad_message"    // not a JSON object of the expected shape
	ErrUnknownType  Code = "unknown_type"   // t is not a known message type
	ErrNotJoined    Code = "not_joined"     // a command before join or resume
	ErrAlreadyIn    Code = "already_joined" // join or resume on a connection that has a seat
	ErrMissingID    Code = "missing_id"     // a command without an id
	ErrRateLimited  Code = "rate_limited"   // too many messages; this one was dropped
	ErrStorage      Code = "storage"        // the room could not store the command; nothing changed
	ErrBadRoom      Code = "bad_room"       // the room code is not of the form XXX-XXX
	ErrUnknownRoom  Code = "unknown_room"   // no room has that code
	ErrBadToken     Code = "bad_token"      // the seat or facilitator token is not valid here
	ErrTooManyTries Code = "too_many_tries" // too many joins with unknown codes from this address
	ErrUnavailable  Code = "unavailable"    // the room cannot be loaded right now; try again
	ErrBadVersion   Code = "bad_version"    // the protocol version is not spoken here; the connection closes with CloseVersion
	ErrIDReused     Code = "id_reused"      // the command id was used before for another command; nothing changed
	ErrBusy         Code = "busy"           // a cluster node sheds load: it takes no new room or seat now; try again in a few seconds (close 4005)

	// The HTTP API answers with the same codes where they mean the same (unavailable,
	// unknown_room, too_many_tries, bad_room), and with these of its own.
	ErrTooManyRooms = "too_many_rooms" // too many rooms created from one address, or the server is full
	ErrTooLarge     = "too_large"      // the request body is too large
	ErrBadRequest   = "bad_request"    // the body is not a valid request
	ErrBadDeck      = "bad_deck"       // the deck has problems (listed)
	ErrBadSettings  = "bad_settings"   // the settings are out of range
	ErrInternal     = "internal"       // the server failed to build the answer
	ErrUnauthorized = "unauthorized"   // no facilitator token was sent
	ErrForbidden    = "forbidden"      // the token is not this room's facilitator token
	ErrBadFormat    = "bad_format"     // unknown report format
	ErrBadLang      = "bad_lang"       // unknown language
	ErrUnknownDeck  = "unknown_deck"   // no deck in play has that hash
)

// Close codes. 4000–4499 mean "reconnect (with backoff)"; 4500–4999 mean "do not
// reconnect automatically". The standard 1001 (going away: the server is shutting down)
// means reconnect; 1009 (message too big) and 1007 (invalid UTF-8) mean the client sent
// something wrong and should not repeat it.
//
// CloseCode is the type of every close code, the websocket's standard ones and the relay's.
type CloseCode int

// The close codes.
const (
	CloseGoingAway   CloseCode = 1001
	CloseInvalidData CloseCode = 1007
	CloseTooBig      CloseCode = 1009

	CloseInternal    CloseCode = 4000 // reconnect
	CloseSlow        CloseCode = 4001 // the client did not read fast enough; reconnect
	CloseFlood       CloseCode = 4002 // too many messages; reconnect after a pause
	CloseJoinTimeout CloseCode = 4003 // no join or resume in time; reconnect
	CloseMoved       CloseCode = 4004 // the room moved to another relay of the cluster; reconnect
	CloseBusy        CloseCode = 4005 // the relay sheds load and took no new seat; reconnect after a pause

	CloseReplaced    CloseCode = 4500 // the same seat connected elsewhere; stop
	CloseKicked      CloseCode = 4501 // the facilitator removed this seat; stop
	CloseUnknownRoom CloseCode = 4502 // the room does not exist (or was deleted); stop
	CloseBadToken    CloseCode = 4503 // the seat token is not valid; join anew
	CloseDeleted     CloseCode = 4504 // the facilitator deleted the room; stop
	CloseLeft        CloseCode = 4505 // the player left; stop
	CloseVersion     CloseCode = 4506 // unsupported protocol version; stop
	CloseTooMany     CloseCode = 4507 // too many failed joins from this address; stop for a while
	CloseRoomFull    CloseCode = 4508 // the room has no free seat; stop
)

// Reconnect reports whether a client should reconnect after the connection closed with code.
func Reconnect(code CloseCode) bool {
	switch {
	case code >= 4000 && code < 4500:
		return true
	case code >= 4500 && code < 5000:
		return false
	case code == CloseTooBig || code == CloseInvalidData:
		return false
	}
	return true // 1000, 1001, 1006 and other transport closes: the link went away
}

// DecodeError is a message that could not be decoded; Code is the protocol error to send.
// Close, when not zero, is the close code the connection must end with instead (a
// protocol version this server does not speak: nothing else it sends can be understood).
type DecodeError struct {
	Code    Code
	Message string
	Close   CloseCode
}

func (e *DecodeError) Error() string { return string(e.Code) + ": " + e.Message }

// maxDepth bounds JSON nesting: real messages nest four levels; a deeply nested payload is
// rejected before the decoder spends time on it.
const maxDepth = 16

// decodeOptions make decoding strict: a member the message type does not have, or a name
// given twice (also in another case: names match fields without regard to case, as they
// did in protocol version 1), is an error, and so are invalid UTF-8 and anything but white
// space after the message (RFC 7493's I-JSON). json v2 checks all of that in its one pass
// over the frame, where encoding/json needed two more (a UTF-8 check and a scan for
// duplicate names) and cost the relay a seventh of its CPU at 10,000 moves/s.
var decodeOptions = jsonv2.JoinOptions(
	jsonv2.RejectUnknownMembers(true),
	jsonv2.MatchCaseInsensitiveNames(true),
	// As strings.EqualFold: "facilitator_token" is not facilitatorToken.
	jsonv1.MatchCaseSensitiveDelimiter(true),
)

// decodeProblem words a decoding error for the client: where in the frame and what.
func decodeProblem(err error) string {
	var syn *jsontext.SyntacticError
	var sem *jsonv2.SemanticError
	switch {
	case errors.As(err, &syn) && errors.Is(syn.Err, jsontext.ErrDuplicateName):
		path := strings.Split(strings.TrimPrefix(string(syn.JSONPointer), "/"), "/")
		return fmt.Sprintf("%s is given twice (field names match in any case)", strings.Join(path, "."))
	case errors.As(err, &syn):
		where := ""
		if syn.JSONPointer != "" {
			where = fmt.Sprintf(" (%s)", syn.JSONPointer)
		}
		return fmt.Sprintf("invalid JSON at byte %d%s: %v", syn.ByteOffset, where, syn.Err)
	case errors.As(err, &sem) && sem.JSONPointer == "" && sem.JSONKind != 0 && sem.JSONKind != '{':
		return "the message must be a JSON object, not " + jsonKind(sem.JSONKind)
	case errors.As(err, &sem) && sem.JSONPointer != "":
		// The decoder's own words name Go types ("unable to unmarshal JSON string into Go
		// int"); the client's author knows the fields, by their path in the message.
		path := strings.Split(strings.TrimPrefix(string(sem.JSONPointer), "/"), "/")
		field := strings.Join(path, ".")
		switch {
		case errors.Is(sem.Err, jsonv2.ErrUnknownName):
			where := "the message"
			if len(path) > 1 {
				where = strings.Join(path[:len(path)-1], ".")
			}
			return fmt.Sprintf("%q is not a field of %s", path[len(path)-1], where)
		case sem.GoType != nil && len(sem.JSONValue) > 0 && sem.JSONKind == '0':
			return fmt.Sprintf("%s must be %s, not %s", field, goKind(sem.GoType), sem.JSONValue)
		case sem.GoType != nil && sem.JSONKind != 0:
			return fmt.Sprintf("%s must be %s, not %s", field, goKind(sem.GoType), jsonKind(sem.JSONKind))
		}
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}

// jsonKind names a kind of JSON value.
func jsonKind(k jsontext.Kind) string {
	kind := map[jsontext.Kind]string{'[': "an array", '{': "an object", '"': "a string", '0': "a number",
		't': "true", 'f': "false", 'n': "null"}[k]
	return cmp.Or(kind, k.String())
}

// goKind names the JSON value a field of type t takes.
func goKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number from 0"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Pointer:
		return goKind(t.Elem())
	}
	return "an object"
}

// DecodeClient decodes one client frame strictly: valid UTF-8, a single JSON object with
// known fields, the right protocol version, a known type and the fields that type needs.
func DecodeClient(data []byte) (*Client, error) {
	b := new(ClientBuffer)
	if err := b.Decode(data); err != nil {
		return nil, err
	}
	return &b.Client, nil
}

// ClientBuffer is what a client frame is decoded into: the message and, for a command, its
// command. A reader that decodes many frames uses one again (the relay pools them): a
// message and a command made for each frame were some 400 bytes a move.
type ClientBuffer struct {
	Client
	cmd game.Command
}

// Decode decodes data as DecodeClient does, into b; whatever b held is overwritten. A
// command's Cmd then points into b, and is only good until b decodes again.
func (b *ClientBuffer) Decode(data []byte) error {
	bad := func(code Code, format string, a ...any) error {
		return &DecodeError{Code: code, Message: fmt.Sprintf(format, a...)}
	}
	if d := depth(data); d > maxDepth {
		return bad(ErrBadMessage, "the message nests %d levels deep; at most %d", d, maxDepth)
	}
	// The decoder fills the command it finds in Cmd, and leaves it alone when the frame has
	// no cmd: an empty command (no type) is then a missing one.
	b.cmd = game.Command{}
	b.Client = Client{Cmd: &b.cmd}
	m := &b.Client
	if err := jsonv2.Unmarshal(data, m, decodeOptions); err != nil {
		return bad(ErrBadMessage, "%s", decodeProblem(err))
	}
	if m.Cmd == &b.cmd && m.T != TCommand {
		m.Cmd = nil // a cmd on another message is not read
	}
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) { // which decodes as an empty object
		return bad(ErrBadMessage, "the message must be a JSON object, not null")
	}
	switch m.V {
	case Version:
	case 0:
		return bad(ErrBadMessage, "the message has no protocol version (field v); this server speaks %d", Version)
	default:
		return &DecodeError{Code: ErrBadVersion, Close: CloseVersion,
			Message: fmt.Sprintf("protocol version %d is not supported; this server speaks %d", m.V, Version)}
	}
	switch m.T {
	case TJoin, TResume:
		if m.Room == "" {
			return bad(ErrBadRoom, "%s needs a room code", m.T)
		}
		if m.T == TResume && m.Token == "" {
			return bad(ErrBadToken, "resume needs the seat token")
		}
	case TCommand:
		if m.ID == "" {
			return bad(ErrMissingID, "a command needs an id, so its answer can be matched")
		}
		if len(m.ID) > MaxCommandID {
			return bad(ErrBadMessage, "command id is %d bytes; at most %d", len(m.ID), MaxCommandID)
		}
		if m.Cmd == nil || m.Cmd.Type == "" {
			return bad(ErrBadMessage, "cmd is missing, or has no type")
		}
	case TLeave, TPong, TSync:
	case "":
		return bad(ErrBadMessage, "the message has no type (field t)")
	default:
		return bad(ErrUnknownType, "unknown message type %q", m.T)
	}
	return nil
}

// depth returns how deeply JSON objects and arrays nest in data, ignoring brackets in strings.
func depth(data []byte) int {
	d, top := 0, 0
	inString, escaped := false, false
	for _, b := range data {
		switch {
		case escaped:
			escaped = false
		case inString && b == '\\':
			escaped = true
		case b == '"':
			inString = !inString
		case inString:
		case b == '{' || b == '[':
			d++
			top = max(top, d)
		case b == '}' || b == ']':
			d--
		}
	}
	return top
}

// Encode returns the JSON frame for a server message, with the version filled in.
func Encode(m *Server) ([]byte, error) {
	m.V = Version
	b, err := json.Marshal(m)
	if err != nil {
		return nil, fmt.Errorf("protocol: encode %s: %w", m.T, err)
	}
	return b, nil
}

// FormatHash writes a view hash (game.PlayerView.Hash) as the protocol sends it: 16 hex
// digits.
func FormatHash(h uint64) string {
	var b [16]byte
	return string(game.AppendHash(b[:0], h))
}
