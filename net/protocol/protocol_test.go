package protocol_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"impactkaarten/net/protocol"
)

// decodeCase is one frame and the decode result it must get: ok, or a DecodeError code.
type decodeCase struct {
	name  string
	frame string
	code  protocol.Code // "" means it decodes
	says  string        // what the error's message must contain, if set
}

// decodeCases is the malformed-protocol table of the reliability checklist (item 7) at the
// decoder's level, plus well-formed messages of every type. The relay's own table
// (net/relay/malformed_test.go) checks the same frames over a websocket; FuzzDecodeClient
// is seeded from this one.
func decodeCases() []decodeCase {
	array := func(n int) string {
		return `{"v":2,"t":"cmd","id":"a","cmd":{"type":"vote","value":[` + strings.Repeat("0,", n-1) + `0]}}`
	}
	return []decodeCase{
		// Well formed.
		{name: "join", frame: `{"v":2,"t":"join","room":"K7P-2QX","name":"Ada","lang":"nl"}`},
		{name: "join as observer with facilitator token", frame: `{"v":2,"t":"join","room":"k7p2qx","name":"Scherm","observer":true,"facilitatorToken":"abc"}`},
		{name: "resume", frame: `{"v":2,"t":"resume","room":"K7P-2QX","token":"abc","since":12}`},
		{name: "resume with max since", frame: `{"v":2,"t":"resume","room":"K7P-2QX","token":"abc","since":18446744073709551615}`},
		{name: "cmd", frame: `{"v":2,"t":"cmd","id":"c1","cmd":{"type":"vote","value":3}}`},
		{name: "cmd with settings", frame: `{"v":2,"t":"cmd","id":"c1","cmd":{"type":"settings","settings":{"phases":["statements","canvas"],"lang":"en","handSize":3,"statements":4,"dots":3,"statementSeconds":0,"canvasSeconds":0,"dotsSeconds":0,"actionsSeconds":0}}}`},
		{name: "cmd play", frame: `{"v":2,"t":"cmd","id":"c2","cmd":{"type":"play","card":"tech-livestream","part":"bereik","text":"Voorstellingen live"}}`},
		{name: "leave", frame: `{"v":2,"t":"leave"}`},
		{name: "pong", frame: `{"v":2,"t":"pong"}`},
		{name: "white space after the message", frame: "{\"v\":2,\"t\":\"pong\"} \r\n\t"},
		// Anything else after it.
		{name: "two messages", frame: `{"v":2,"t":"pong"}{"v":2,"t":"pong"}`, code: protocol.ErrBadMessage},
		{name: "a closing brace after the message", frame: `{"v":2,"t":"pong"}}`, code: protocol.ErrBadMessage},
		{name: "a number after the message", frame: `{"v":2,"t":"pong"} 1`, code: protocol.ErrBadMessage},
		{name: "whitespace around", frame: " \n{\"v\":2,\"t\":\"pong\"}\n "},
		{name: "fields in any case", frame: `{"V":2,"T":"pong"}`},
		{name: "a name with an underscore", frame: `{"v":2,"t":"join","room":"K7P-2QX","facilitator_token":"f"}`, code: protocol.ErrBadMessage},

		// Malformed.
		{name: "garbage", frame: `hello`, code: protocol.ErrBadMessage},
		{name: "json array", frame: `[{"v":2,"t":"join","room":"K7P-2QX"}]`, code: protocol.ErrBadMessage, says: "must be a JSON object, not an array"},
		{name: "json string", frame: `"join"`, code: protocol.ErrBadMessage},
		{name: "json null", frame: `null`, code: protocol.ErrBadMessage, says: "must be a JSON object, not null"},
		{name: "json number", frame: `1`, code: protocol.ErrBadMessage},
		{name: "empty", frame: ``, code: protocol.ErrBadMessage},
		{name: "unknown type", frame: `{"v":2,"t":"subscribe"}`, code: protocol.ErrUnknownType},
		{name: "no type", frame: `{"v":2}`, code: protocol.ErrBadMessage},
		{name: "type not a string", frame: `{"v":2,"t":7}`, code: protocol.ErrBadMessage, says: "t must be a string, not a number"},
		{name: "missing id", frame: `{"v":2,"t":"cmd","cmd":{"type":"vote","value":3}}`, code: protocol.ErrMissingID},
		{name: "id over 64 bytes", frame: `{"v":2,"t":"cmd","id":"` + strings.Repeat("i", 65) + `","cmd":{"type":"vote"}}`, code: protocol.ErrBadMessage},
		{name: "cmd missing", frame: `{"v":2,"t":"cmd","id":"c"}`, code: protocol.ErrBadMessage},
		{name: "cmd null", frame: `{"v":2,"t":"cmd","id":"c","cmd":null}`, code: protocol.ErrBadMessage},
		{name: "cmd without a type", frame: `{"v":2,"t":"cmd","id":"c","cmd":{"value":3}}`, code: protocol.ErrBadMessage, says: "no type"},
		{name: "truncated", frame: `{"v":2,"t":"join","room":"K7P`, code: protocol.ErrBadMessage},
		{name: "empty room code", frame: `{"v":2,"t":"join","room":"","name":"x"}`, code: protocol.ErrBadRoom},
		{name: "resume without room", frame: `{"v":2,"t":"resume","token":"abc"}`, code: protocol.ErrBadRoom},
		{name: "resume without token", frame: `{"v":2,"t":"resume","room":"K7P-2QX"}`, code: protocol.ErrBadToken},
		{name: "non-numeric seat", frame: `{"v":2,"t":"cmd","id":"k","cmd":{"type":"kick","seat":"two"}}`, code: protocol.ErrBadMessage},
		{name: "seat beyond int64", frame: `{"v":2,"t":"cmd","id":"k","cmd":{"type":"kick","seat":9223372036854775808}}`, code: protocol.ErrBadMessage},
		{name: "numeric id", frame: `{"v":2,"t":"cmd","id":9223372036854775807,"cmd":{"type":"vote","value":3}}`, code: protocol.ErrBadMessage},
		{name: "negative since", frame: `{"v":2,"t":"resume","room":"K7P-2QX","token":"abc","since":-1}`, code: protocol.ErrBadMessage, says: "since must be a whole number from 0, not -1"},
		{name: "since beyond uint64", frame: `{"v":2,"t":"resume","room":"K7P-2QX","token":"abc","since":18446744073709551616}`, code: protocol.ErrBadMessage},
		{name: "NaN", frame: `{"v":2,"t":"cmd","id":"n","cmd":{"type":"vote","value":NaN}}`, code: protocol.ErrBadMessage},
		{name: "1e309", frame: `{"v":2,"t":"cmd","id":"n","cmd":{"type":"vote","value":1e309}}`, code: protocol.ErrBadMessage},
		{name: "fraction", frame: `{"v":2,"t":"cmd","id":"n","cmd":{"type":"vote","value":2.5}}`, code: protocol.ErrBadMessage, says: "cmd.value must be a whole number, not 2.5"},
		{name: "nested 10,000 deep", frame: `{"v":2,"t":"pong","x":` + strings.Repeat("[", 10_000) + `}`, code: protocol.ErrBadMessage},
		{name: "nested 17 deep", frame: `{"v":2,"t":"pong","x":` + strings.Repeat("[", 16) + strings.Repeat("]", 16) + `}`, code: protocol.ErrBadMessage},
		{name: "brackets in strings do not nest", frame: `{"v":2,"t":"join","room":"K7P-2QX","name":"` + strings.Repeat("[{", 20) + `\"` + `"}`},
		{name: "10,000-element array", frame: array(10_000), code: protocol.ErrBadMessage},
		{name: "unknown field", frame: `{"v":2,"t":"pong","extra":1}`, code: protocol.ErrBadMessage},
		{name: "unknown field in cmd", frame: `{"v":2,"t":"cmd","id":"c","cmd":{"type":"vote","value":3,"x":1}}`, code: protocol.ErrBadMessage, says: `"x" is not a field of cmd`},
		{name: "two messages", frame: `{"v":2,"t":"pong"}{"v":2,"t":"pong"}`, code: protocol.ErrBadMessage},
		{name: "trailing garbage", frame: `{"v":2,"t":"pong"} x`, code: protocol.ErrBadMessage},
		{name: "duplicate key", frame: `{"v":2,"t":"join","room":"K7P-2QX","name":"Ada","name":"Bob"}`, code: protocol.ErrBadMessage, says: "name is given twice"},
		{name: "duplicate type", frame: `{"v":2,"t":"pong","t":"leave"}`, code: protocol.ErrBadMessage},
		{name: "duplicate key in another case", frame: `{"v":2,"t":"join","room":"K7P-2QX","name":"Ada","Name":"Bob"}`, code: protocol.ErrBadMessage},
		{name: "duplicate key in a nested object", frame: `{"v":2,"t":"cmd","id":"c","cmd":{"type":"vote","value":3,"Value":1}}`, code: protocol.ErrBadMessage},
		{name: "same name in sibling objects", frame: `{"v":2,"t":"cmd","id":"c","cmd":{"type":"settings","settings":{"phases":["statements"],"lang":"en","handSize":3,"statements":4,"dots":3,"statementSeconds":0,"canvasSeconds":0,"dotsSeconds":0,"actionsSeconds":0}}}`},
		{name: "a value equal to a name", frame: `{"v":2,"t":"join","room":"K7P-2QX","name":"room"}`},
		{name: "wrong version", frame: `{"v":1,"t":"pong"}`, code: "version"},
		{name: "missing version", frame: `{"t":"pong"}`, code: "version"},
		{name: "invalid utf-8", frame: "{\"v\":2,\"t\":\"join\",\"room\":\"K7P-2QX\",\"name\":\"\xff\"}", code: protocol.ErrBadMessage},
	}
}

// TestDecodeClient checks every frame of the table.
func TestDecodeClient(t *testing.T) {
	for _, tc := range decodeCases() {
		t.Run(tc.name, func(t *testing.T) {
			m, err := protocol.DecodeClient([]byte(tc.frame))
			if tc.code == "" {
				if err != nil {
					t.Fatalf("DecodeClient(%.80q): got %v, want a message", tc.frame, err)
				}
				if m.V != protocol.Version || m.T == "" {
					t.Fatalf("DecodeClient(%.80q): got %+v", tc.frame, m)
				}
				return
			}
			var de *protocol.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("DecodeClient(%.80q): got %+v, %v; want a DecodeError", tc.frame, m, err)
			}
			if de.Message == "" || de.Error() == "" {
				t.Errorf("DecodeClient(%.80q): error %q has no message", tc.frame, de.Code)
			}
			if !strings.Contains(de.Message, tc.says) {
				t.Errorf("DecodeClient(%.80q): message %q, want it to say %q", tc.frame, de.Message, tc.says)
			}
			// A sentence for the client's author, in the message's terms, not the decoder's.
			for _, goism := range []string{"Go ", "unmarshal", "json:", "object member"} {
				if strings.Contains(de.Message, goism) {
					t.Errorf("DecodeClient(%.80q): message %q speaks of the decoder (%q)", tc.frame, de.Message, goism)
				}
			}
			if tc.code == "version" {
				// The relay answers a wrong version with a close (CloseVersion); the decoder
				// must at least name the problem.
				if !strings.Contains(de.Message, "version") {
					t.Errorf("DecodeClient(%.80q): got %s, want a message about the version", tc.frame, de)
				}
				return
			}
			if de.Code != tc.code {
				t.Errorf("DecodeClient(%.80q): got code %q (%s), want %q", tc.frame, de.Code, de.Message, tc.code)
			}
		})
	}
}

// TestReconnect: which close codes mean "reconnect" and which "give up".
func TestReconnect(t *testing.T) {
	for _, tc := range []struct {
		code protocol.CloseCode
		want bool
	}{
		{1000, true}, {1001, true}, {1006, true}, {1011, true}, {1012, true},
		{protocol.CloseInvalidData, false}, {protocol.CloseTooBig, false},
		{protocol.CloseInternal, true}, {protocol.CloseSlow, true}, {protocol.CloseFlood, true},
		{protocol.CloseJoinTimeout, true}, {4499, true},
		{protocol.CloseReplaced, false}, {protocol.CloseKicked, false}, {protocol.CloseUnknownRoom, false},
		{protocol.CloseBadToken, false}, {protocol.CloseDeleted, false}, {protocol.CloseLeft, false},
		{protocol.CloseVersion, false}, {protocol.CloseTooMany, false}, {protocol.CloseRoomFull, false},
		{4999, false},
	} {
		if got := protocol.Reconnect(tc.code); got != tc.want {
			t.Errorf("Reconnect(%d): got %v, want %v", tc.code, got, tc.want)
		}
	}
}

// TestNormalizeCode: what people type becomes the canonical code, or is refused.
func TestNormalizeCode(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"K7P-2QX", "K7P2QX", true},
		{"k7p2qx", "K7P2QX", true},
		{" K7P 2QX ", "K7P2QX", true},
		{"K7P--2QX", "K7P2QX", true},
		{"K0P-2QX", "", false}, // 0 is not in the alphabet
		{"K1P-2QX", "", false},
		{"K7P-2Q", "", false},
		{"K7P-2QXX", "", false},
		{"", "", false},
		{strings.Repeat("A", 10_000), "", false},
		{"K7P-2QXé", "", false},
	} {
		got, ok := protocol.NormalizeCode(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormalizeCode(%.20q): got %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if got := protocol.FormatCode("K7P2QX"); got != "K7P-2QX" {
		t.Errorf("FormatCode(K7P2QX): got %q, want K7P-2QX", got)
	}
}

// TestEncode fills in the version and omits unused fields.
func TestEncode(t *testing.T) {
	b, err := protocol.Encode(&protocol.Server{T: protocol.TAck, ID: "c1", N: 7})
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"v":2,"t":"ack","n":7,"id":"c1"}`; string(b) != want {
		t.Errorf("Encode(ack): got %s, want %s", b, want)
	}
}

// FuzzDecodeClient: DecodeClient never panics, and a message it accepts survives being
// encoded and decoded again unchanged.
func FuzzDecodeClient(f *testing.F) {
	for _, tc := range decodeCases() {
		f.Add([]byte(tc.frame))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := protocol.DecodeClient(data)
		if err != nil {
			var de *protocol.DecodeError
			if !errors.As(err, &de) || de.Code == "" {
				t.Fatalf("DecodeClient(%q): got error %v, want a DecodeError with a code", data, err)
			}
			return
		}
		b1, err := json.Marshal(m)
		if err != nil {
			t.Fatalf("Marshal(%+v): %v", m, err)
		}
		m2, err := protocol.DecodeClient(b1)
		if err != nil {
			t.Fatalf("DecodeClient(%q) accepted; its re-encoding %s is refused: %v", data, b1, err)
		}
		b2, err := json.Marshal(m2)
		if err != nil {
			t.Fatalf("Marshal(%+v): %v", m2, err)
		}
		if !bytes.Equal(b1, b2) {
			t.Fatalf("DecodeClient(%q) round trip differs:\n first %s\nsecond %s", data, b1, b2)
		}
	})
}

// TestClientBufferAgain: a buffer decoding frame after frame gives each frame's message
// as a new buffer would, whatever the frame before it held, and keeps a message's command
// in itself.
func TestClientBufferAgain(t *testing.T) {
	frames := []string{
		`{"v":2,"t":"cmd","id":"c2","cmd":{"type":"play","card":"tech-livestream","part":"bereik","text":"Voorstellingen live"}}`,
		`{"v":2,"t":"cmd","id":"c1","cmd":{"type":"vote","value":3}}`,
		`{"v":2,"t":"join","room":"ABC-DEF","name":"Ada","cmd":{"type":"vote","value":3}}`,
		`{"v":2,"t":"cmd","id":"c3","cmd":{"type":"settings","settings":{"phases":["statements"],"lang":"en","handSize":3,"statements":4,"dots":3,"statementSeconds":0,"canvasSeconds":0,"dotsSeconds":0,"actionsSeconds":0}}}`,
		`{"v":2,"t":"cmd","id":"c4"}`,
		`{"v":2,"t":"pong"}`,
		`{"v":2,"t":"cmd","id":"c5","cmd":{"type":"vote","value":1}}`,
	}
	var b protocol.ClientBuffer
	for _, f := range frames {
		want, wantErr := protocol.DecodeClient([]byte(f))
		err := b.Decode([]byte(f))
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("%s: Decode says %v, DecodeClient %v", f, err, wantErr)
		}
		if err != nil {
			continue
		}
		got, _ := json.Marshal(&b.Client)
		w, _ := json.Marshal(want)
		if string(got) != string(w) {
			t.Errorf("%s: decoded again\n%s\nwant\n%s", f, got, w)
		}
		if b.T == protocol.TCommand && b.Cmd == nil {
			t.Errorf("%s: no command", f)
		}
		if b.T != protocol.TCommand && b.Cmd != nil {
			t.Errorf("%s: a %s message has a command", f, b.T)
		}
	}
}
