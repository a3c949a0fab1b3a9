//go:build !js

package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/net/client"
	"impactkaarten/net/protocol"
	"impactkaarten/net/relay"
	"impactkaarten/net/store"
)

// seat is a client as the game's model uses the transport: it keeps its view with
// client.View from what the transport delivers.
type seat struct {
	t    *testing.T
	conn *client.Conn
	view client.View
	deck *cards.Deck
	seat game.SeatID
}

// until reads until cond holds.
func (s *seat) until(what string, cond func(m client.Message) bool) {
	s.t.Helper()
	deadline := time.After(20 * time.Second)
	for {
		select {
		case m, ok := <-s.conn.Incoming():
			if !ok {
				s.t.Fatalf("waiting for %s: the transport closed", what)
			}
			if m.Deck != nil {
				s.deck = m.Deck
			}
			if m.Server != nil {
				if m.Server.T == protocol.TWelcome {
					s.seat = m.Server.Seat
				}
				if _, sync := s.view.Handle(m.Server); sync {
					_ = s.conn.Send(protocol.Client{T: protocol.TSync})
				}
			}
			if cond(m) {
				return
			}
		case <-deadline:
			s.t.Fatalf("no %s within 20 s", what)
		}
	}
}

func (s *seat) send(id string, c game.Command) {
	s.t.Helper()
	if err := s.conn.Send(protocol.Client{T: protocol.TCommand, ID: id, Cmd: &c}); err != nil {
		s.t.Fatal(err)
	}
	s.until("the answer to "+id, func(m client.Message) bool { return m.Server != nil && m.Server.ID == id })
}

// TestAgainstTheRelay: the transport against a real relay speaking protocol version 2. Two
// seats join (each gets the built-in deck without fetching it), play, and keep views that
// agree with the relay's; one seat's page reloads (a new transport with the same token
// store) and resumes its seat, with its vote.
func TestAgainstTheRelay(t *testing.T) {
	st := store.NewMemory()
	rl, err := relay.New(relay.Config{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(rl.Handler())
	t.Cleanup(func() {
		srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = rl.Shutdown(ctx)
	})
	resp, err := http.Post(srv.URL+"/api/rooms", "application/json", bytes.NewReader(nil))
	if err != nil {
		t.Fatal(err)
	}
	var room struct{ Code, FacilitatorToken string }
	if err := json.NewDecoder(resp.Body).Decode(&room); err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ws := "ws" + strings.TrimPrefix(srv.URL, "http") + "/ws"
	dial := func(name, token string, tokens client.TokenStore) *seat {
		c, err := client.Dial(client.Config{URL: ws, Tokens: tokens,
			Join: protocol.Client{Room: room.Code, Name: name, FacilitatorToken: token}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = c.Close() })
		s := &seat{t: t, conn: c}
		s.until(name+"'s welcome", func(m client.Message) bool { return m.Server != nil && m.Server.T == protocol.TWelcome })
		return s
	}
	fac := dial("Fenna", room.FacilitatorToken, client.NewMemoryTokens())
	evaTokens := client.NewMemoryTokens()
	eva := dial("Eva", "", evaTokens)
	def, err := cards.Default()
	if err != nil {
		t.Fatal(err)
	}
	if fac.deck == nil || eva.deck == nil || eva.deck.Hash() != def.Hash() {
		t.Fatalf("the welcome's deck: %v %v, want the built-in one", fac.deck, eva.deck)
	}

	fac.send("f1", game.Command{Type: game.CmdStart})
	eva.send("e1", game.Command{Type: game.CmdVote, Args: game.Args{Value: 4}})
	fac.until("Eva's vote", func(client.Message) bool { return fac.view.N == eva.view.N })
	if r := eva.view.V.Rounds[eva.view.V.Current]; r.MyVote != 4 {
		t.Fatalf("Eva's view: %+v, want her vote", r)
	}
	if r := fac.view.V.Rounds[fac.view.V.Current]; r.MyVote != 0 || len(r.Voted) != 1 || r.Revealed {
		t.Fatalf("Fenna's view: %+v, want Eva's vote hidden", r)
	}

	// Eva's page reloads: the old transport goes, a new one resumes her seat.
	seatBefore := eva.seat
	_ = eva.conn.Close()
	again := dial("Eva", "", evaTokens)
	if again.seat != seatBefore || again.view.V.Phase != game.Statements {
		t.Fatalf("after the reload: seat %d phase %s, want seat %d in the statements", again.seat, again.view.V.Phase, seatBefore)
	}
	if r := again.view.V.Rounds[again.view.V.Current]; r.MyVote != 4 {
		t.Fatalf("after the reload Eva's round is %+v, want her vote", r)
	}
	fac.send("f2", game.Command{Type: game.CmdVote, Args: game.Args{Value: 2}})
	// The last vote starts the countdown; the relay reveals the votes when it has run out.
	again.until("the reveal", func(client.Message) bool {
		return again.view.V.Rounds[again.view.V.Current].Revealed
	})
	if r := again.view.V.Rounds[again.view.V.Current]; !r.Revealed || len(r.Votes) != 2 {
		t.Fatalf("after the last vote Eva sees %+v, want both votes revealed", r)
	}
}
