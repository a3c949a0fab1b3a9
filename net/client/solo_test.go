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

// next returns the next server message, skipping status-only messages.
func next(t *testing.T, tr Transport) *protocol.Server {
	t.Helper()
	timeout := time.After(waitTimeout)
	for {
		select {
		case m, ok := <-tr.Incoming():
			if !ok {
				t.Fatal("incoming closed")
			}
			if m.Server != nil {
				return m.Server
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
	w := next(t, s)
	if w.T != protocol.TWelcome || w.Seat != 1 || w.View == nil || w.Deck == nil || w.View.Facilitator != 1 {
		t.Fatalf("welcome = %+v", w)
	}
	if _, err := s.AddPracticePlayer(PracticeName("nl", 2), "nl"); err != nil {
		t.Fatal(err)
	}
	if e := next(t, s); e.T != protocol.TEvent || e.Event.Type != game.EvJoined || len(e.View.Seats) != 2 {
		t.Fatalf("join event = %+v", e)
	}

	t.Run("a rule error names its code", func(t *testing.T) {
		_ = s.Send(cmd("c1", game.Command{Type: game.CmdVote, Args: game.Args{Value: 3}}))
		e := next(t, s)
		if e.T != protocol.TError || e.ID != "c1" || e.Code != string(game.WrongPhase) || e.Message == "" {
			t.Fatalf("got %+v, want a wrong_phase error for c1", e)
		}
	})
	t.Run("a command is acknowledged and its events carry views", func(t *testing.T) {
		_ = s.Send(cmd("c2", game.Command{Type: game.CmdStart}))
		e := next(t, s)
		if e.T != protocol.TEvent || e.View.Phase != game.Statements || e.View.Current != 0 {
			t.Fatalf("got %+v, want the statements phase", e)
		}
		if a := next(t, s); a.T != protocol.TAck || a.ID != "c2" || a.N != e.N {
			t.Fatalf("got %+v, want ack c2 at %d", a, e.N)
		}
	})
	t.Run("practice players vote and the vote reveals", func(t *testing.T) {
		_ = s.Send(cmd("c3", game.Command{Type: game.CmdVote, Args: game.Args{Value: 2}}))
		if e := next(t, s); e.T != protocol.TEvent || e.Event.Value != 2 {
			t.Fatalf("got %+v, want my vote", e)
		}
		next(t, s) // ack
		s.Step()
		e := next(t, s)
		if e.Event.Type != game.EvVoted || e.Event.Value != 0 {
			t.Fatalf("got %+v, want the practice player's vote with its value hidden", e.Event)
		}
		if r := e.View.Rounds[e.View.Current]; !r.Revealed || r.Result == nil {
			t.Fatalf("round = %+v, want revealed once everyone voted", r)
		}
	})
	t.Run("system commands are refused", func(t *testing.T) {
		_ = s.Send(cmd("c4", game.Command{Type: game.CmdJoin, Args: game.Args{Name: "X"}}))
		if e := next(t, s); e.T != protocol.TError || e.Code != string(game.SystemOnly) {
			t.Fatalf("got %+v", e)
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
	next(t, s)
	bot, _ := s.AddPracticePlayer("Bot", "en")
	next(t, s)
	_ = s.Send(cmd("c1", game.Command{Type: game.CmdPhase, Args: game.Args{Phase: game.Canvas}}))
	e := next(t, s)
	next(t, s)
	if e.View.Turn != 1 || len(e.View.Hand) != 3 {
		t.Fatalf("turn %d, hand %v", e.View.Turn, e.View.Hand)
	}
	_ = s.Send(cmd("c2", game.Command{Type: game.CmdPass}))
	next(t, s)
	next(t, s)
	s.Step()
	e = next(t, s)
	if e.Event.Type != game.EvPlayed || e.Event.Actor != bot || len(e.View.Canvas) != 1 {
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
