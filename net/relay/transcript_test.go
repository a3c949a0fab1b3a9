package relay_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
	"impactkaarten/net/relay"
)

const golden = "testdata/transcript.golden"

// recorder writes a transcript of a real session: HTTP requests and every websocket frame,
// with secrets, clocks, the random room code and the shuffled card ids replaced by
// placeholders, so the transcript is the same on every run. docs/protocol.md quotes it.
type recorder struct {
	b       strings.Builder
	host    string
	replace []string // old, new pairs
	cards   map[string]string
}

var timeField = regexp.MustCompile(`"(now|at|startAt|endAt|endsAt|revealAt)":\d+`)

func (r *recorder) secret(value, placeholder string) {
	if value != "" {
		r.replace = append(r.replace, value, placeholder)
	}
}

func (r *recorder) scrub(s string) string {
	s = strings.NewReplacer(r.replace...).Replace(s)
	s = strings.ReplaceAll(s, r.host, "localhost:8080")
	s = timeField.ReplaceAllString(s, `"$1":"<time>"`)
	return s
}

// cardIDs replaces the ids of statement cards turned up (random per room) by <statement-N>.
func (r *recorder) cardIDs(s string) string {
	for id, ph := range r.cards {
		s = strings.ReplaceAll(s, `"`+id+`"`, `"`+ph+`"`)
	}
	return s
}

func (r *recorder) section(title string) { fmt.Fprintf(&r.b, "\n## %s\n\n", title) }

func (r *recorder) line(format string, a ...any) { fmt.Fprintf(&r.b, format+"\n", a...) }

// frame records one frame in the direction arrow ("→" to the server, "←" from it).
func (r *recorder) frame(who, arrow string, data []byte) {
	var m map[string]json.RawMessage
	if json.Unmarshal(data, &m) == nil {
		if deck, ok := m["deck"]; ok {
			var d struct {
				ID      string          `json:"id"`
				Version int             `json:"version"`
				Name    json.RawMessage `json:"name"`
				Cards   []any           `json:"cards"`
			}
			_ = json.Unmarshal(deck, &d)
			short := fmt.Sprintf(`{"id":%q,"version":%d,"name":%s,"cards":["<%d cards: the whole deck>"]}`, d.ID, d.Version, d.Name, len(d.Cards))
			data = bytes.Replace(data, deck, []byte(short), 1)
		}
	}
	r.line("%s %s %s", who, arrow, r.cardIDs(r.scrub(string(data))))
}

// rclient is a test client whose frames are recorded.
type rclient struct {
	*client
	rec *recorder
	who string
}

func (c *rclient) send(m protocol.Client) {
	c.t.Helper()
	b, _ := json.Marshal(m)
	c.rec.frame(c.who, "→", b)
	c.sendRaw(websocket.TextMessage, b)
}

// expect reads n messages (pings skipped) and records them.
func (c *rclient) expect(n int) []protocol.Server {
	c.t.Helper()
	var out []protocol.Server
	for len(out) < n {
		_ = c.ws.SetReadDeadline(time.Now().Add(readTimeout))
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			c.t.Fatalf("%s: read: %v", c.who, err)
		}
		var m protocol.Server
		if err := json.Unmarshal(data, &m); err != nil {
			c.t.Fatalf("%s: %v", c.who, err)
		}
		if m.T == protocol.TPing {
			continue
		}
		c.track(m)
		if m.T == protocol.TWelcome && m.Token != "" {
			c.rec.secret(m.Token, "<seat-token-"+strings.ToLower(c.who)+">")
		}
		if c.views.V != nil {
			for _, r := range c.views.V.Rounds {
				if _, ok := c.rec.cards[r.Card]; !ok {
					c.rec.cards[r.Card] = fmt.Sprintf("<statement-%d>", len(c.rec.cards)+1)
				}
			}
		}
		c.rec.frame(c.who, "←", data)
		out = append(out, m)
	}
	return out
}

// TestTranscript plays a short session — create a room, two players join, the first
// statement is voted on and revealed — and compares its transcript with
// testdata/transcript.golden (go test -run TestTranscript -update rewrites it).
func TestTranscript(t *testing.T) {
	e := newEnv(t, relay.Config{})
	rec := &recorder{host: strings.TrimPrefix(e.ts.URL, "http://"), cards: map[string]string{}}

	rec.section("Create a room (HTTP)")
	body := `{"lang":"en"}`
	rec.line("$ curl -s -X POST http://localhost:8080/api/rooms -d '%s'", body)
	status, data := e.do(t, http.MethodPost, "/api/rooms", body, "")
	var cr created
	if err := json.Unmarshal(data, &cr); err != nil || status != http.StatusCreated {
		t.Fatalf("create: got %d %s", status, data)
	}
	rec.secret(cr.FacilitatorToken, "<facilitator-token>")
	rec.secret(cr.Code, "K7P-2QX")
	rec.secret(normal(cr.Code), "K7P2QX")
	rec.line("HTTP %d %s", status, rec.scrub(strings.TrimSpace(string(data))))

	rec.section("Look the room up (HTTP; what a join page shows before asking for a name)")
	rec.line("$ curl -s http://localhost:8080/api/rooms/K7P-2QX")
	status, data = e.do(t, http.MethodGet, "/api/rooms/"+cr.Code, "", "")
	rec.line("HTTP %d %s", status, rec.scrub(strings.TrimSpace(string(data))))

	fenna := &rclient{client: e.dial(t, "fenna"), rec: rec, who: "Fenna"}
	pim := &rclient{client: e.dial(t, "pim"), rec: rec, who: "Pim"}
	cmd := func(c *rclient, id string, cmd game.Command) {
		c.send(protocol.Client{V: protocol.Version, T: protocol.TCommand, ID: id, Cmd: &cmd})
	}

	rec.section("Fenna opens ws://localhost:8080/ws and joins as the facilitator")
	fenna.send(protocol.Client{V: protocol.Version, T: protocol.TJoin, Room: cr.Code, Name: "Fenna", Lang: "en", FacilitatorToken: cr.FacilitatorToken})
	fenna.expect(1)

	rec.section("Pim opens a websocket and joins as a player (Dutch)")
	pim.send(protocol.Client{V: protocol.Version, T: protocol.TJoin, Room: cr.Code, Name: "Pim", Lang: "nl"})
	pim.expect(1)
	fenna.expect(1)

	rec.section("Pim tries to start the session: a rule error, nothing changes")
	cmd(pim, "p1", game.Command{Type: game.CmdStart})
	pim.expect(1)

	rec.section("Fenna starts the session: the first statement is turned up")
	cmd(fenna, "f1", game.Command{Type: game.CmdStart})
	fenna.expect(2)
	pim.expect(1)

	rec.section("Pim votes 2: everyone sees that Pim voted, only Pim sees the value")
	cmd(pim, "p2", game.Command{Type: game.CmdVote, Args: game.Args{Value: 2}})
	pim.expect(2)
	fenna.expect(1)

	rec.section("Fenna votes 5, the last vote: the countdown to the reveal starts (revealAt)")
	cmd(fenna, "f2", game.Command{Type: game.CmdVote, Args: game.Args{Value: 5}})
	fenna.expect(2)
	pim.expect(1)
	if r := current(t, pim.view); r.Revealed || r.RevealAt == 0 || r.Votes != nil {
		t.Fatalf("after both votes: got %+v, want the countdown with the votes hidden", r)
	}

	rec.section("Three seconds later the relay reveals the votes with the result")
	fenna.expect(1)
	pim.expect(1)
	r := current(t, pim.view)
	if !r.Revealed || r.Result == nil || r.Result.Apart != [2]game.SeatID{pim.seat, fenna.seat} {
		t.Fatalf("after both votes: got %+v, want revealed with Pim and Fenna apart", r)
	}

	rec.section("Pim's connection drops; Pim resumes with the seat token and the last n seen")
	since := pim.n
	pim.drop()
	fenna.expect(1)
	pim2 := &rclient{client: e.dial(t, "pim2"), rec: rec, who: "Pim"}
	pim2.n = since
	pim2.send(protocol.Client{V: protocol.Version, T: protocol.TResume, Room: cr.Code, Token: pim.token, Since: since})
	pim2.expect(1)
	fenna.expect(1)

	rec.section("Fenna resends her last command (same id): acknowledged again with the same n")
	cmd(fenna, "f2", game.Command{Type: game.CmdVote, Args: game.Args{Value: 5}})
	fenna.expect(1)

	rec.section("The facilitator's view over HTTP")
	rec.line("$ curl -s -H 'Authorization: Bearer <facilitator-token>' http://localhost:8080/api/rooms/K7P-2QX/state")
	status, data = e.do(t, http.MethodGet, "/api/rooms/"+cr.Code+"/state", "", cr.FacilitatorToken)
	rec.line("HTTP %d %s", status, rec.cardIDs(rec.scrub(strings.TrimSpace(string(data)))))

	rec.section("Pim leaves the room for good")
	pim2.send(protocol.Client{V: protocol.Version, T: protocol.TLeave})
	fenna.expect(1)
	if bye := pim2.expect(1)[0]; bye.T != protocol.TBye || bye.Close != protocol.CloseLeft {
		t.Fatalf("Pim after leaving: got %s close=%d, want bye %d", bye.T, bye.Close, protocol.CloseLeft)
	}
	pim2.expectClose(protocol.CloseLeft)
	rec.line("Pim ← close %d %q", pim2.closed.Code, pim2.closed.Text)

	got := strings.TrimLeft(rec.b.String(), "\n")
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestTranscript -update)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("transcript differs from %s at line %d:\n got %s\nwant %s\n(run go test -run TestTranscript -update if the protocol changed on purpose)", golden, i+1, g, w)
			}
		}
	}
}
