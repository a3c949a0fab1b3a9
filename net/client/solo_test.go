package client

import (
	"strings"
	"testing"
	"time"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

// waitTimeout bounds every wait for a message: generous, so that only a transport that
// stopped fails it, never a slow machine.
const waitTimeout = 30 * time.Second

// viewer reads a transport's messages and keeps the seat's view as a client does.
type viewer struct {
	t    *testing.T
	tr   Transport
	view View
	deck bool // a message came with the deck
}

func (v *viewer) next() *protocol.Server {
	v.t.Helper()
	m := nextMsg(v.t, v.tr)
	if m.Deck != nil {
		v.deck = true
	}
	if _, sync := v.view.Handle(m.Server); sync {
		v.t.Fatalf("the view went wrong at %+v", m.Server)
	}
	return m.Server
}

// nextMsg returns the next message that carries a server message.
func nextMsg(t *testing.T, tr Transport) Message {
	t.Helper()
	timeout := time.After(waitTimeout)
	for {
		select {
		case m, ok := <-tr.Incoming():
			if !ok {
				t.Fatal("incoming closed")
			}
			if m.Server != nil {
				return m
			}
		case <-timeout:
			t.Fatalf("no message within %v", waitTimeout)
		}
	}
}

func cmd(id string, c game.Command) protocol.Client {
	return protocol.Client{T: protocol.TCommand, ID: id, Cmd: &c}
}

func TestSoloLikeARelay(t *testing.T) {
	s, err := NewSolo(SoloConfig{Seed: 7, BotDelay: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	if err := s.Send(protocol.Client{T: protocol.TJoin, Name: "Fenna", Lang: "nl"}); err != nil {
		t.Fatal(err)
	}
	vw := &viewer{t: t, tr: s}
	w := vw.next()
	if w.T != protocol.TWelcome || w.Seat != 1 || w.View == nil || !vw.deck || w.DeckHash == "" || w.View.Facilitator != 1 {
		t.Fatalf("welcome = %+v", w)
	}
	if _, err := s.AddPracticePlayer(PracticeName("nl", 2), "nl"); err != nil {
		t.Fatal(err)
	}
	if e := vw.next(); e.T != protocol.TEvent || e.Event.Type != game.EvJoined || len(vw.view.V.Seats) != 2 {
		t.Fatalf("join event = %+v", e)
	}

	t.Run("a rule error names its code", func(t *testing.T) {
		_ = s.Send(cmd("c1", game.Command{Type: game.CmdVote, Args: game.Args{Value: 3}}))
		e := vw.next()
		if e.T != protocol.TError || e.ID != "c1" || e.Code != game.WrongPhase || e.Message == "" {
			t.Fatalf("got %+v, want a wrong_phase error for c1", e)
		}
	})
	t.Run("a command is acknowledged and its events change the view", func(t *testing.T) {
		_ = s.Send(cmd("c2", game.Command{Type: game.CmdStart}))
		e := vw.next()
		if e.T != protocol.TEvent || vw.view.V.Phase != game.Statements || vw.view.V.Current != 0 {
			t.Fatalf("got %+v, want the statements phase", e)
		}
		if a := vw.next(); a.T != protocol.TAck || a.ID != "c2" || a.N != e.N {
			t.Fatalf("got %+v, want ack c2 at %d", a, e.N)
		}
	})
	t.Run("practice players vote and the vote reveals", func(t *testing.T) {
		_ = s.Send(cmd("c3", game.Command{Type: game.CmdVote, Args: game.Args{Value: 2}}))
		if e := vw.next(); e.T != protocol.TEvent || e.Event.Value != 2 {
			t.Fatalf("got %+v, want my vote", e)
		}
		vw.next() // ack
		s.Step()
		e := vw.next()
		if e.Event.Type != game.EvVoted || e.Event.Value != 0 {
			t.Fatalf("got %+v, want the practice player's vote with its value hidden", e.Event)
		}
		if r := vw.view.V.Rounds[vw.view.V.Current]; r.Revealed || r.RevealAt == 0 || r.MyVote != 2 {
			t.Fatalf("round = %+v, want the countdown to the reveal once everyone voted", r)
		}
		// The room shows the votes when the countdown has run out.
		if e := vw.next(); e.Event == nil || e.Event.Type != game.EvRevealed {
			t.Fatalf("got %+v, want the reveal", e)
		}
		if r := vw.view.V.Rounds[vw.view.V.Current]; !r.Revealed || r.Result == nil || r.Result.Of != 2 || r.MyVote != 2 {
			t.Fatalf("round = %+v, want revealed after the countdown", r)
		}
	})
	t.Run("system commands are refused", func(t *testing.T) {
		_ = s.Send(cmd("c4", game.Command{Type: game.CmdJoin, Args: game.Args{Name: "X"}}))
		if e := vw.next(); e.T != protocol.TError || e.Code != game.SystemOnly {
			t.Fatalf("got %+v", e)
		}
	})
	t.Run("a command id is applied once, and not for another command", func(t *testing.T) {
		_ = s.Send(cmd("c5", game.Command{Type: game.CmdRename, Args: game.Args{Name: "Fenna B"}}))
		vw.next()
		first := vw.next()
		_ = s.Send(cmd("c5", game.Command{Type: game.CmdRename, Args: game.Args{Name: "Fenna B"}}))
		if a := vw.next(); a.T != protocol.TAck || a.N != first.N {
			t.Fatalf("got %+v, want the first ack again", a)
		}
		_ = s.Send(cmd("c5", game.Command{Type: game.CmdRename, Args: game.Args{Name: "Fenna C"}}))
		if a := vw.next(); a.T != protocol.TError || a.Code != protocol.ErrIDReused {
			t.Fatalf("got %+v, want id_reused", a)
		}
	})
	t.Run("sync is answered with the whole view", func(t *testing.T) {
		_ = s.Send(protocol.Client{T: protocol.TSync})
		w := vw.next()
		if w.T != protocol.TWelcome || w.View == nil || w.View.Version != vw.view.N || w.Token != "" {
			t.Fatalf("got %+v, want a welcome at %d", w, vw.view.N)
		}
	})
}

func TestSoloPracticePlayersPlayTheCanvas(t *testing.T) {
	s, err := NewSolo(SoloConfig{Seed: 3, BotDelay: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_ = s.Send(protocol.Client{T: protocol.TJoin, Name: "Fenna"})
	vw := &viewer{t: t, tr: s}
	vw.next()
	bot, _ := s.AddPracticePlayer("Bot", "en")
	vw.next()
	_ = s.Send(cmd("c1", game.Command{Type: game.CmdPhase, Args: game.Args{Phase: game.Canvas}}))
	vw.next()
	vw.next()
	if v := vw.view.V; v.Turn != 1 || len(v.Hand) != 3 {
		t.Fatalf("turn %d, hand %v", v.Turn, v.Hand)
	}
	_ = s.Send(cmd("c2", game.Command{Type: game.CmdPass}))
	vw.next()
	vw.next()
	s.Step()
	e := vw.next()
	if e.Event.Type != game.EvPlayed || e.Event.Actor != bot || len(vw.view.V.Canvas) != 1 {
		t.Fatalf("got %+v, want the practice player to play", e.Event)
	}
}

// TestSoloManualDrain: a manual room has answered by the time Send returns, Drain hands
// over exactly what is queued and empties the queue, and Close ends Incoming.
func TestSoloManualDrain(t *testing.T) {
	s, err := NewSolo(SoloConfig{Seed: 5, Manual: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Drain(); len(got) != 1 || got[0].Status != Connecting || got[0].Server != nil {
		t.Fatalf("first drain = %+v, want the connecting status alone", got)
	}
	_ = s.Send(protocol.Client{T: protocol.TJoin, Name: "Fenna"})
	if _, err := s.AddPracticePlayer("Bot", "nl"); err != nil {
		t.Fatal(err)
	}
	got := s.Drain()
	if len(got) != 2 || got[0].Server.T != protocol.TWelcome || got[1].Server.Event.Type != game.EvJoined {
		t.Fatalf("drain = %+v, want the welcome and the practice player's join", got)
	}
	if again := s.Drain(); len(again) != 0 {
		t.Fatalf("second drain = %+v, want nothing", again)
	}
	_ = s.Send(cmd("c1", game.Command{Type: game.CmdStart}))
	s.Step() // the practice player votes at once: Manual rooms have no clock of their own
	types := []string{}
	for _, m := range s.Drain() {
		types = append(types, m.Server.T)
	}
	if want := []string{protocol.TEvent, protocol.TAck, protocol.TEvent}; strings.Join(types, " ") != strings.Join(want, " ") {
		t.Fatalf("after start and a step: %v, want %v", types, want)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := <-s.Incoming(); ok {
		t.Fatal("Incoming still open after Close")
	}
	_ = s.Close() // a second Close returns
}
