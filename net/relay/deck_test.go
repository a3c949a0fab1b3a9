package relay_test

import (
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"

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
	if m.Event.Deck == nil || m.Event.Deck.ID != "ons-deck" || m.View.DeckID != "ons-deck" {
		t.Fatalf("Ada got %+v", m.Event)
	}
	fac.untilN(m.N)

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
