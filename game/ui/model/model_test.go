package model

import (
	"testing"

	"github.com/google/uuid"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/net/client"
	"impactkaarten/net/protocol"
)

func view(version uint64, phase game.Phase) *game.PlayerView {
	return &game.PlayerView{OwnView: game.OwnView{Me: 2}, TableView: game.TableView{Version: version, Facilitator: 1, Phase: phase, Current: -1,
		Seats: []game.SeatView{{ID: 1, Name: "Fenna", Connected: true, Facilitator: true}, {ID: 2, Name: "Bas", Connected: true}}}}
}

func TestHandle(t *testing.T) {
	m := New(cards.EN, "Bas")
	m.Mode = ModeRelay
	if s := m.Scene(); s != SceneConnecting {
		t.Fatalf("scene before the welcome = %s", s)
	}
	m.Handle(client.Message{Status: client.Online, Server: &protocol.Server{T: protocol.TWelcome, Room: "K7P2QX", Seat: 2,
		Token: "t", N: 4, View: view(4, game.Lobby), Now: 1_000_500}}, 1_000_000)
	if m.Scene() != SceneLobby || m.Seat != 2 || m.Facilitator() || !m.Plays() || m.Skew != 500 || m.ShortCode() != "K7P-2QX" {
		t.Fatalf("after the welcome: %v skew %d", m, m.Skew)
	}
	msg := m.Command(game.Command{Type: game.CmdVote})
	if !m.Pending(game.CmdVote) || msg.ID == "" || msg.T != protocol.TCommand {
		t.Fatalf("command %+v not pending", msg)
	}
	m.Handle(client.Message{Status: client.Online, Server: &protocol.Server{T: protocol.TError, ID: msg.ID, Code: "wrong_phase", Message: "not possible in the lobby phase"}}, 1_000_100)
	if m.Pending(game.CmdVote) || len(m.Toasts) != 1 || m.Toasts[0].Code != "wrong_phase" || !m.Toasts[0].Error {
		t.Fatalf("after the error: pending %v, toasts %+v", m.Pending(game.CmdVote), m.Toasts)
	}
	for _, ev := range []game.Event{
		{Type: game.EvRenamed, Version: 5, Actor: 2, Args: game.Args{Name: "Bastiaan"}},
		{Type: game.EvPhaseStarted, Version: 6, Actor: 1, Args: game.Args{Phase: game.Statements, Card: "st-1"}},
	} {
		ch := m.Handle(client.Message{Status: client.Online, Server: &protocol.Server{T: protocol.TEvent, N: ev.Version,
			Event: &game.ViewEvent{Event: ev}}}, 1_000_200)
		if ch.Sync || len(ch.Events) != 1 {
			t.Fatalf("event %s: %+v", ev.Type, ch)
		}
	}
	if m.Scene() != SceneStatements || m.N != 6 || m.View.Seats[1].Name != "Bastiaan" || m.Round() == nil || m.Round().Card != "st-1" {
		t.Fatalf("after the events: %v", m)
	}
	// An event seen before changes nothing.
	if ch := m.Handle(client.Message{Status: client.Online, Server: &protocol.Server{T: protocol.TEvent, N: 5,
		Event: &game.ViewEvent{Event: game.Event{Type: game.EvPhaseStarted, Version: 5, Args: game.Args{Phase: game.Lobby}}}}}, 1_000_300); m.Scene() != SceneStatements || ch.Sync {
		t.Errorf("an older event changed the view")
	}
	m.Expire(1_000_100 + toastMillis)
	if len(m.Toasts) != 0 {
		t.Errorf("toast did not expire")
	}
	m.Handle(client.Message{Status: client.Closed, Close: protocol.CloseKicked}, 1_000_400)
	if m.Conn != client.Closed || len(m.Toasts) != 1 || m.Toasts[0].Key != "close.kicked" {
		t.Errorf("after a kick: conn %v toasts %+v", m.Conn, m.Toasts)
	}
}

func TestSummary(t *testing.T) {
	m := New(cards.NL, "Bas")
	m.Mode = ModeRelay
	v := view(9, game.Statements)
	v.Current = 0
	v.Rounds = []game.RoundView{{Card: "st-1", Voted: []game.SeatID{1, 2}, MyVote: 4, Revealed: true,
		Votes: []game.Vote{{Seat: 1, Value: 2}, {Seat: 2, Value: 4}}}}
	v.Canvas = []game.Placed{{Card: "tech-1", Part: cards.Bereik, Owner: 1, Reason: "Scholen"}}
	v.Hand = []string{"tech-2", "tech-3"}
	v.Timer = game.Timer{Running: true, EndsAt: 2_000_000}
	m.Handle(client.Message{Status: client.Online, Server: &protocol.Server{T: protocol.TWelcome, Room: "K7P2QX", Seat: 2, N: 9, View: v}}, 1_940_000)
	s := m.Summarize(1_940_000, func(Toast) string { return "" })
	if s.Scene != SceneStatements || s.Room != "K7P2QX" || s.Seat != 2 || s.Name != "Bas" || s.Facilitator {
		t.Errorf("identity: %+v", s)
	}
	if s.Card != "st-1" || !s.Voted || s.MyVote != 4 || !s.Revealed || s.Votes["Fenna"] != 2 || s.Votes["Bas"] != 4 {
		t.Errorf("round: %+v", s)
	}
	if s.HandSize != 2 || len(s.Canvas["bereik"]) != 1 || s.Canvas["bereik"][0].Owner != "Fenna" || len(s.Canvas["impact"]) != 0 {
		t.Errorf("canvas: %+v", s.Canvas)
	}
	if s.Timer == nil || !s.Timer.Running || s.Timer.LeftMs != 60_000 {
		t.Errorf("timer: %+v", s.Timer)
	}
	if len(s.Players) != 2 || s.Players[0].Name != "Fenna" || !s.Players[0].Facilitator {
		t.Errorf("players: %+v", s.Players)
	}
}

// TestCommandIDs: every command id is a UUIDv7, unique across models (two tabs, or a tab
// before and after a reload), and ids made later sort after earlier ones.
func TestCommandIDs(t *testing.T) {
	a, b := New(cards.EN, "Bas"), New(cards.EN, "Bas")
	seen := map[string]bool{}
	var last string
	for i := range 200 {
		m := a
		if i%2 == 1 {
			m = b
		}
		id := m.Command(game.Command{Type: game.CmdVote}).ID
		u, err := uuid.Parse(id)
		if err != nil || u.Version() != 7 || u.String() != id {
			t.Fatalf("command id %q: want a UUIDv7 in canonical form (%v)", id, err)
		}
		if seen[id] {
			t.Fatalf("command id %q made twice", id)
		}
		seen[id] = true
		if id <= last {
			t.Fatalf("command id %q made after %q sorts before it", id, last)
		}
		last = id
	}
}

// TestDivergence: a view that went wrong (an event that does not follow, or a view hash
// that differs) makes the client ask for a fresh view, once, until a welcome brings it.
func TestDivergence(t *testing.T) {
	welcome := func(m *Model, n uint64) Changed {
		return m.Handle(client.Message{Status: client.Online, Server: &protocol.Server{T: protocol.TWelcome, Room: "K7P2QX", Seat: 2,
			N: n, View: view(n, game.Lobby)}}, 1_000_000)
	}
	event := func(m *Model, n uint64, hash string) Changed {
		return m.Handle(client.Message{Status: client.Online, Server: &protocol.Server{T: protocol.TEvent, N: n, Hash: hash,
			Event: &game.ViewEvent{Event: game.Event{Type: game.EvRenamed, Version: n, Actor: 2, Args: game.Args{Name: "Bas"}}}}}, 1_000_000)
	}
	right := func(n uint64) string {
		v := view(n, game.Lobby)
		return protocol.FormatHash(v.Hash())
	}
	tests := []struct {
		name string
		hash func(n uint64) string
		gap  uint64
		want bool
	}{
		{"the hash agrees", right, 0, false},
		{"no hash", func(uint64) string { return "" }, 0, false},
		{"the hash differs", func(uint64) string { return "0123456789abcdef" }, 0, true},
		{"an event is missing", right, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := New(cards.NL, "Bas")
			m.Mode = ModeRelay
			welcome(m, 4)
			n := 5 + tt.gap
			if ch := event(m, n, tt.hash(n)); ch.Sync != tt.want {
				t.Fatalf("sync %v, want %v", ch.Sync, tt.want)
			}
			if !tt.want {
				return
			}
			if ch := event(m, n+1, "0123456789abcdef"); ch.Sync {
				t.Fatal("asked for a fresh view twice before it came")
			}
			welcome(m, 9)
			if m.N != 9 || m.View.Version != 9 {
				t.Fatalf("the fresh view: n=%d", m.N)
			}
			if ch := event(m, 10, right(10)); ch.Sync || m.N != 10 {
				t.Fatalf("after the fresh view: sync %v n=%d", ch.Sync, m.N)
			}
		})
	}
}
