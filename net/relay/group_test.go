package relay_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
	"impactkaarten/net/relay"
	"impactkaarten/net/store"
)

// gatedStore holds every Append while its gate is closed, and counts the appends and the
// events in each, so a test can make commands pile up in a room's inbox.
type gatedStore struct {
	// Only Store's methods: the room commits one group at a time, not pipelined.
	store.Store
	mu      sync.Mutex
	gate    chan struct{} // nil: open
	entered chan struct{} // receives when an Append waits at the gate
	sizes   []int         // events per Append
	// failAfter, when positive, lets failAfter-1 appends through and fails the next.
	failAfter int
}

func (s *gatedStore) Append(ctx context.Context, code string, events []store.Record, meta *store.Meta) error {
	s.mu.Lock()
	gate := s.gate
	s.mu.Unlock()
	if gate != nil {
		s.entered <- struct{}{}
		<-gate
	}
	s.mu.Lock()
	fail := false
	if s.failAfter > 0 {
		s.failAfter--
		fail = s.failAfter == 0
	}
	s.mu.Unlock()
	if fail {
		return errors.New("injected commit failure")
	}
	err := s.Store.Append(ctx, code, events, meta)
	if err == nil {
		s.mu.Lock()
		s.sizes = append(s.sizes, len(events))
		s.mu.Unlock()
	}
	return err
}

func (s *gatedStore) close() {
	s.mu.Lock()
	s.gate = make(chan struct{})
	s.mu.Unlock()
}

func (s *gatedStore) open() {
	s.mu.Lock()
	close(s.gate)
	s.gate = nil
	s.mu.Unlock()
}

// TestGroupCommit: commands that wait in a room's inbox while it commits are decided
// together, each on the state the ones before leave, and share one commit; only then are
// they broadcast (one view per seat, on the group's last event) and acknowledged, in order.
// If the group's commit fails, none of them is applied and each gets the storage error.
func TestGroupCommit(t *testing.T) {
	st := &gatedStore{Store: store.NewMemory(), entered: make(chan struct{}, 16)}
	e := newEnv(t, relay.Config{Store: st})
	tab := e.newTable(t, "Ada", "Bram", "Cas")
	fac := tab.fac
	tab.syncAll(fac.do(cmdOf(game.CmdStart)).N)
	before := fac.n

	// The facilitator's insight is committed alone and held at the gate; the players'
	// votes arrive meanwhile and wait in the inbox.
	st.close()
	fac.sendCmd("i1", game.Command{Type: game.CmdInsight, Args: game.Args{Text: "eerste"}})
	<-st.entered
	for i, p := range tab.players {
		p.sendCmd("v1", vote(i+1))
	}
	// A vote out of range in the same group is rejected without spoiling the others.
	tab.players[0].sendCmd("bad", vote(9))
	// The room is held in the insight's commit: the votes and the bad vote pile up.
	eventually(t, "the votes wait in the inbox", func() bool {
		return relay.InboxLen(e.srv, tab.code) == len(tab.players)+1
	})
	st.mu.Lock()
	st.sizes = nil
	st.mu.Unlock()
	st.open()

	want := before + 1 + uint64(len(tab.players))
	if m := fac.reply("i1"); m.T != protocol.TAck || m.N != before+1 {
		t.Fatalf("insight: got %s n=%d (%s)", m.T, m.N, m.Code)
	}
	// The votes reach the inbox over different connections, in any order: each gets one
	// of the numbers after the insight.
	seen := map[uint64]bool{}
	for _, p := range tab.players {
		m := p.reply("v1")
		if m.T != protocol.TAck || m.N <= before+1 || m.N > want || seen[m.N] {
			t.Fatalf("%s's vote: got %s n=%d (%s), want an ack in %d..%d", p.name, m.T, m.N, m.Code, before+2, want)
		}
		seen[m.N] = true
	}
	if m := tab.players[0].reply("bad"); m.T != protocol.TError || m.Code != game.BadValue {
		t.Fatalf("bad vote: got %s %s", m.T, m.Code)
	}
	tab.syncAll(want)
	st.mu.Lock()
	sizes := append([]int(nil), st.sizes...)
	st.mu.Unlock()
	if len(sizes) != 2 || sizes[0] != 1 || sizes[1] != len(tab.players) {
		t.Fatalf("events per commit: got %v, want [1 %d]", sizes, len(tab.players))
	}
	for _, c := range tab.all() {
		votes := c.events[len(c.events)-len(tab.players):]
		for i, m := range votes {
			if m.Event.Type != game.EvVoted || m.View != nil || (m.Event.Value != 0) != (m.Event.Actor == c.seat) {
				t.Fatalf("%s: event %d (%d) of the group: %s by %d value %d, view %v; want a vote, its value only for the voter, no view",
					c.name, m.N, i, m.Event.Type, m.Event.Actor, m.Event.Value, m.View != nil)
			}
		}
		if r := current(t, c.view); len(r.Voted) != len(tab.players) {
			t.Fatalf("%s: voted %v after the group", c.name, r.Voted)
		}
	}

	// A failed group commit applies nothing and answers each command with the storage
	// error; sent again, they go through.
	st.close()
	fac.sendCmd("i2", game.Command{Type: game.CmdInsight, Args: game.Args{Text: "tweede"}})
	<-st.entered
	for _, p := range tab.players {
		p.sendCmd("v2", vote(5))
	}
	eventually(t, "the second votes wait in the inbox", func() bool {
		return relay.InboxLen(e.srv, tab.code) == len(tab.players)
	})
	st.mu.Lock()
	st.failAfter = 2 // the insight is stored, the group fails
	st.mu.Unlock()
	st.open()
	if m := fac.reply("i2"); m.T != protocol.TAck || m.N != want+1 {
		t.Fatalf("second insight: got %s n=%d %s", m.T, m.N, m.Code)
	}
	for _, p := range tab.players {
		if m := p.reply("v2"); m.T != protocol.TError || m.Code != protocol.ErrStorage {
			t.Fatalf("%s's vote in the failed group: got %s %s, want error %s", p.name, m.T, m.Code, protocol.ErrStorage)
		}
	}
	if v := e.state(t, tab.code, tab.token); v.Version != want+1 {
		t.Fatalf("after the failed group: version %d, want %d", v.Version, want+1)
	}
	for i, p := range tab.players {
		p.sendCmd("v2", vote(5))
		if m := p.reply("v2"); m.T != protocol.TAck || m.N != want+2+uint64(i) {
			t.Fatalf("%s's vote sent again: got %s n=%d (%s), want ack n=%d", p.name, m.T, m.N, m.Code, want+2+uint64(i))
		}
	}
	// Every client saw the numbers without a gap (track checks), and nothing of the
	// failed group.
	tab.syncAll(want + 1 + uint64(len(tab.players)))
	for _, c := range tab.all() {
		if r := current(t, c.view); c.view.Version != want+1+uint64(len(tab.players)) || len(r.Voted) != len(tab.players) {
			t.Fatalf("%s: view %d voted %v at the end", c.name, c.view.Version, r.Voted)
		}
	}
}
