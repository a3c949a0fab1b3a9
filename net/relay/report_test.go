package relay_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image/png"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"impactkaarten/game"
	"impactkaarten/net/relay"
	"impactkaarten/net/store"
)

// getReport fetches a report and returns its status, content type and body.
func (e *env) getReport(t *testing.T, code, query, token string) (int, string, []byte) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, e.ts.URL+"/api/rooms/"+code+"/report"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := e.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(resp.Body); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header.Get("Content-Type"), b.Bytes()
}

// TestReportEndpoint: every format in both languages, at any moment of the session; bad
// formats and languages get 400, a missing token 401, a wrong one 403, an unknown room 404.
func TestReportEndpoint(t *testing.T) {
	e := newEnv(t, relay.Config{})
	tab := e.newTable(t, "Ada", "Bram")
	fac, ada := tab.fac, tab.players[0]

	// Before the session starts, already: the facilitator can export at any time.
	if status, _, body := e.getReport(t, tab.code, "?format=md&lang=en", tab.token); status != http.StatusOK || !bytes.Contains(body, []byte("#")) {
		t.Fatalf("report in the lobby: got %d %.200s", status, body)
	}

	tab.syncAll(fac.do(cmdOf(game.CmdStart)).N)
	ada.do(vote(2))
	tab.players[1].do(vote(4))
	tab.syncAll(fac.do(vote(5)).N)
	for _, c := range tab.all() {
		c.revealed()
	}

	for _, tc := range []struct {
		query, ctype, want string
	}{
		{"?format=md&lang=nl", "text/markdown", "Stellingen"},
		{"?format=md&lang=en", "text/markdown", "Statements"},
		{"?format=html&lang=en", "text/html", "<html"},
		{"", "text/html", "<html"}, // html in the session's language by default
		{"?format=csv&lang=en", "text/csv", "Ada"},
		{"?format=json&lang=nl", "application/json", `"lang": "nl"`},
		{"?format=png&lang=en", "image/png", "\x89PNG"},
		{"?format=pdf&lang=nl", "application/pdf", "%PDF-1."},
		{"?format=ics&lang=nl", "text/calendar", "BEGIN:VEVENT\r\n"},
		{"?format=csv&lang=nl", "text/csv", "\uFEFFsoort;id;"},
	} {
		status, ctype, body := e.getReport(t, tab.code, tc.query, tab.token)
		if status != http.StatusOK || !strings.HasPrefix(ctype, tc.ctype) || !bytes.Contains(body, []byte(tc.want)) {
			t.Errorf("report %q: got %d %s %.120q, want 200 %s containing %q", tc.query, status, ctype, body, tc.ctype, tc.want)
		}
		if tc.ctype == "image/png" {
			if img, err := png.Decode(bytes.NewReader(body)); err != nil || img.Bounds().Dx() < 800 {
				t.Errorf("report png: %v", err)
			}
		}
	}

	apiErr := func(body []byte) string {
		var e struct {
			Error, Message string
		}
		if json.Unmarshal(body, &e) != nil || e.Message == "" {
			return ""
		}
		return e.Error
	}
	for _, tc := range []struct {
		name, code, query, token string
		status                   int
		err                      string
	}{
		{"unknown format", tab.code, "?format=docx", tab.token, http.StatusBadRequest, "bad_format"},
		{"unknown language", tab.code, "?format=md&lang=de", tab.token, http.StatusBadRequest, "bad_lang"},
		{"no token", tab.code, "?format=md", "", http.StatusUnauthorized, "unauthorized"},
		{"wrong token", tab.code, "?format=md", "not-the-token", http.StatusForbidden, "forbidden"},
		{"a player's seat token", tab.code, "?format=md", ada.token, http.StatusForbidden, "forbidden"},
		{"unknown room", "Z9Z-9Z9", "?format=md", tab.token, http.StatusNotFound, "unknown_room"},
		{"not a room code", "hello", "?format=md", tab.token, http.StatusNotFound, "unknown_room"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, ctype, body := e.getReport(t, tc.code, tc.query, tc.token)
			if status != tc.status || apiErr(body) != tc.err || !strings.HasPrefix(ctype, "application/json") {
				t.Errorf("got %d %s %s, want %d with error %q and a message", status, ctype, body, tc.status, tc.err)
			}
		})
	}

	// The facilitator's own seat token works too; after a hand-over it is the new
	// facilitator's seat token that works, and the old one no longer does.
	if status, _, _ := e.getReport(t, tab.code, "?format=md", fac.token); status != http.StatusOK {
		t.Fatalf("report with the facilitator's seat token: got %d, want 200", status)
	}
	tab.syncAll(fac.do(game.Command{Type: game.CmdHandOver, Args: game.Args{Seat: ada.seat}}).N)
	if status, _, _ := e.getReport(t, tab.code, "?format=md", ada.token); status != http.StatusOK {
		t.Errorf("report with the new facilitator's seat token: got %d, want 200", status)
	}
	if status, _, _ := e.getReport(t, tab.code, "?format=md", fac.token); status != http.StatusForbidden {
		t.Errorf("report with the old facilitator's seat token: got %d, want 403", status)
	}
	if status, _, _ := e.getReport(t, tab.code, "?format=md", tab.token); status != http.StatusOK {
		t.Errorf("report with the room's facilitator token after the hand-over: got %d, want 200", status)
	}
}

// TestReportRoomID: a room's report names the room's own id, a UUID that, unlike the join
// code, the next room with the same code does not share.
func TestReportRoomID(t *testing.T) {
	st := store.NewMemory()
	e := newEnv(t, relay.Config{Store: st})
	tab := e.newTable(t, "Ada")
	status, _, body := e.getReport(t, tab.code, "?format=json&lang=en", tab.token)
	if status != http.StatusOK {
		t.Fatalf("json report: %d %.200s", status, body)
	}
	var rep struct {
		Room   string `json:"room"`
		RoomID string `json:"roomId"`
	}
	if err := json.Unmarshal(body, &rep); err != nil {
		t.Fatal(err)
	}
	id, err := uuid.Parse(rep.RoomID)
	if err != nil || id.Version() != 7 {
		t.Fatalf("report roomId %q: want a UUIDv7 (%v)", rep.RoomID, err)
	}
	l, err := st.Load(context.Background(), strings.ReplaceAll(tab.code, "-", ""))
	if err != nil {
		t.Fatal(err)
	}
	if l.Meta.ID != rep.RoomID {
		t.Errorf("report names room %s, the store keeps it as %s", rep.RoomID, l.Meta.ID)
	}
	if _, _, md := e.getReport(t, tab.code, "?format=md&lang=en", tab.token); !bytes.Contains(md, []byte(rep.RoomID)) {
		t.Errorf("the Markdown report lacks the room id %s", rep.RoomID)
	}
}
