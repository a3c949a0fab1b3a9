package relay_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/net/protocol"
	"impactkaarten/net/relay"
)

// TestCreateRoomSettings: settings in POST /api/rooms name only what differs from the
// defaults; the room keeps them as the engine accepted them (a language filled in), and
// bad settings get 400 naming the problem.
func TestCreateRoomSettings(t *testing.T) {
	e := newEnv(t, relay.Config{})
	for _, tc := range []struct {
		body string
		lang cards.Lang
		hand int
	}{
		{`{"settings":{"handSize":4}}`, cards.NL, 4},
		{`{"lang":"en","settings":{"dots":5}}`, cards.EN, 3},
		{`{"settings":{"lang":"en"}}`, cards.EN, 3},
		{``, cards.NL, 3},
		{`{"settings":{"handSize":3}}`, cards.NL, 3}, // the defaults spelled out: no_change to the engine
	} {
		cr := e.createRoom(t, tc.body)
		v := e.state(t, cr.Code, cr.FacilitatorToken)
		if v.Settings.Lang != tc.lang || v.Settings.HandSize != tc.hand || v.Settings.Statements == 0 || v.Settings.RetentionDays != 30 {
			t.Errorf("%s: got settings %+v, want lang %s and hand %d over the defaults", tc.body, v.Settings, tc.lang, tc.hand)
		}
	}
	for _, body := range []string{`{"settings":{"handSize":99}}`, `{"settings":{"lang":"de"}}`, `{"settings":{"hand":3}}`, `{"settings":[1]}`} {
		status, data := e.do(t, http.MethodPost, "/api/rooms", body, "")
		var apiErr struct{ Error, Message string }
		if status != http.StatusBadRequest || json.Unmarshal(data, &apiErr) != nil || apiErr.Error != "bad_settings" || apiErr.Message == "" {
			t.Errorf("%s: got %d %s, want 400 bad_settings with a message", body, status, data)
		}
	}
}

// TestCreateRoomBadDeck: a deck that cannot be played gets 400 bad_deck as PUT's does:
// every entry of problems is one problem, and message counts them.
func TestCreateRoomBadDeck(t *testing.T) {
	e := newEnv(t, relay.Config{})
	for _, tc := range []struct {
		name, body string
		problems   int // at least
	}{
		{"a deck object missing nearly everything", `{"deck":{"id":"x"}}`, 3},
		{"an unknown deck id", `{"deck":"geen-deck"}`, 1},
		{"a deck that is not an object", `{"deck":[1,2]}`, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, data := e.do(t, http.MethodPost, "/api/rooms", tc.body, "")
			var apiErr struct {
				Error, Message string
				Problems       []string
			}
			if status != http.StatusBadRequest || json.Unmarshal(data, &apiErr) != nil || apiErr.Error != "bad_deck" || len(apiErr.Problems) < tc.problems {
				t.Fatalf("got %d %s, want 400 bad_deck with at least %d problems", status, data, tc.problems)
			}
			if want := fmt.Sprintf("the deck has %d problem", len(apiErr.Problems)); !strings.HasPrefix(apiErr.Message, want) {
				t.Errorf("message %q, want it to count the problems (%q)", apiErr.Message, want)
			}
			for _, p := range apiErr.Problems {
				if strings.HasSuffix(p, ":") || strings.Contains(p, "\n") {
					t.Errorf("problem %q is not one problem", p)
				}
			}
		})
	}
}

// TestResumeIntoDeletedRoom: a seat whose room was deleted gets unknown_room and the close
// code that says "do not come back" (4502), not a connection left open.
func TestResumeIntoDeletedRoom(t *testing.T) {
	e := newEnv(t, relay.Config{})
	tab := e.newTable(t, "Ada")
	ada := tab.players[0]
	token := ada.token
	ada.drop()
	if status, _ := e.do(t, http.MethodDelete, "/api/rooms/"+tab.code, "", tab.token); status != http.StatusNoContent {
		t.Fatalf("delete: got %d", status)
	}
	back := e.dial(t, "ada-back")
	back.send(protocol.Client{V: protocol.Version, T: protocol.TResume, Room: tab.code, Token: token, Since: 1})
	back.expectError(protocol.ErrUnknownRoom)
	back.expectClose(protocol.CloseUnknownRoom)
}
