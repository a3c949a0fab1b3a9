package relay_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/net/protocol"
	"impactkaarten/net/relay"
)

// putDeck sends a deck file to a room and returns the status and body.
func (e *env) putDeck(t *testing.T, code, name, file, token string) (int, []byte) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return e.do(t, http.MethodPut, "/api/rooms/"+code+"/deck?name="+name, string(data), token)
}

// TestPutDeck: the facilitator loads a spreadsheet's deck in the lobby and every seat gets
// it; a bad file gets every problem with its line; a player may not; after the start it is
// too late.
func TestPutDeck(t *testing.T) {
	e := newEnv(t, relay.Config{})
	tab := e.newTable(t, "Ada")
	fac, ada := tab.fac, tab.players[0]

	status, body := e.putDeck(t, tab.code, "Ons%20deck.csv", "../../cards/testdata/good.csv", tab.token)
	var ans struct {
		ID    string
		Cards int
	}
	if status != http.StatusOK || json.Unmarshal(body, &ans) != nil || ans.ID != "ons-deck" || ans.Cards == 0 {
		t.Fatalf("put a good CSV deck: got %d %s", status, body)
	}
	m := ada.until("the deck", func(m protocol.Server) bool { return m.Event != nil && m.Event.Type == game.EvDeckSet })
	if m.Event.Deck != nil || m.Event.DeckID != "ons-deck" || m.Event.DeckHash == "" || ada.view.DeckID != "ons-deck" {
		t.Fatalf("Ada got %+v", m.Event)
	}
	fac.untilN(m.N)

	// The deck is content: fetched once by its hash, cacheable for good.
	resp, err := http.Get(e.ts.URL + "/api/decks/" + m.Event.DeckHash)
	if err != nil {
		t.Fatal(err)
	}
	got, err := cards.LoadJSON(resp.Body)
	resp.Body.Close()
	if err != nil || got.ID != "ons-deck" || got.Hash() != m.Event.DeckHash {
		t.Fatalf("GET the deck by its hash: %v, deck %q hash %q, want %q", err, got.ID, got.Hash(), m.Event.DeckHash)
	}
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || resp.Header.Get("ETag") == "" {
		t.Errorf("deck answer: Cache-Control %q ETag %q, want it cacheable for good", cc, resp.Header.Get("ETag"))
	}
	req, _ := http.NewRequest(http.MethodGet, e.ts.URL+"/api/decks/"+m.Event.DeckHash, nil)
	req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
	if again, err := http.DefaultClient.Do(req); err != nil || again.StatusCode != http.StatusNotModified {
		t.Errorf("asked again with its ETag: %v %v, want 304", err, again)
	} else {
		again.Body.Close()
	}
	if resp, err := http.Get(e.ts.URL + "/api/decks/0123456789abcdef0123456789abcdef"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown deck hash: %v %v, want 404", err, resp)
	} else {
		resp.Body.Close()
	}

	status, body = e.putDeck(t, tab.code, "bad.csv", "../../cards/testdata/bad.csv", tab.token)
	var bad struct {
		Error    string
		Problems []string
	}
	if status != http.StatusBadRequest || json.Unmarshal(body, &bad) != nil || bad.Error != "bad_deck" || len(bad.Problems) < 2 || !strings.Contains(bad.Problems[0], "line ") {
		t.Fatalf("put a bad deck: got %d %s, want 400 with every problem by line", status, body)
	}
	if v := e.state(t, tab.code, tab.token); v.DeckID != "ons-deck" {
		t.Errorf("after the bad deck the room plays %q, want the good one kept", v.DeckID)
	}
	if status, _ := e.putDeck(t, tab.code, "x.csv", "../../cards/testdata/good.csv", ada.token); status != http.StatusForbidden {
		t.Errorf("a player puts a deck: got %d, want 403", status)
	}
	tab.syncAll(fac.do(cmdOf(game.CmdStart)).N)
	status, body = e.putDeck(t, tab.code, "x.csv", "../../cards/testdata/good.csv", tab.token)
	if status != http.StatusConflict || !strings.Contains(string(body), string(game.WrongPhase)) {
		t.Errorf("a deck after the start: got %d %s, want 409 wrong_phase", status, body)
	}
}
