package relay_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
	"impactkaarten/net/relay"
	"impactkaarten/net/store"
)

// heldStore is a store.Pipeliner whose appends, while it holds, wait until the test
// answers them, oldest first, as the write-ahead log does: an append after a failed one
// of its room fails too and is not stored.
type heldStore struct {
	*store.Memory
	mu        sync.Mutex
	hold      bool
	held      []heldAppend
	events    int  // events in the appends held since hold began
	loadFails bool // Load fails, as a store that has stopped answering
}

func (s *heldStore) Load(ctx context.Context, code string) (*store.Loaded, error) {
	s.mu.Lock()
	fails := s.loadFails
	s.mu.Unlock()
	if fails {
		return nil, fmt.Errorf("injected read failure: %w", store.ErrUnavailable)
	}
	return s.Memory.Load(ctx, code)
}

func (s *heldStore) failLoads(fail bool) {
	s.mu.Lock()
	s.loadFails = fail
	s.mu.Unlock()
}

type heldAppend struct {
	code   string
	events []store.Record
	meta   *store.Meta
	answer func(error)
}

func (s *heldStore) AppendAfter(ctx context.Context, code string, events []store.Record, meta *store.Meta, after, into *store.Appending) *store.Appending {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.hold {
		return s.Memory.AppendAfter(ctx, code, events, meta, after, into)
	}
	a, answer := store.Awaiting(into)
	s.held = append(s.held, heldAppend{code: code, events: events, meta: meta, answer: answer})
	s.events += len(events)
	return a
}

func (s *heldStore) holdAppends() {
	s.mu.Lock()
	s.hold, s.events = true, 0
	s.mu.Unlock()
}

func (s *heldStore) heldEvents() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.events
}

// store stores the oldest held append and answers it.
func (s *heldStore) store() {
	s.mu.Lock()
	h := s.held[0]
	s.held = s.held[1:]
	s.mu.Unlock()
	h.answer(s.Memory.Append(context.Background(), h.code, h.events, h.meta))
}

// fail answers every held append with an error, stores none of them, and stops holding.
func (s *heldStore) fail() {
	s.mu.Lock()
	held := s.held
	s.held, s.hold = nil, false
	s.mu.Unlock()
	for _, h := range held {
		h.answer(errors.New("injected write failure"))
	}
}

// release stores every held append and stops holding.
func (s *heldStore) release() {
	for {
		s.mu.Lock()
		n := len(s.held)
		if n == 0 {
			s.hold = false
		}
		s.mu.Unlock()
		if n == 0 {
			return
		}
		s.store()
	}
}

// TestPipelinedCommits: while a room's group of commands is being stored, the room decides
// the commands that arrive, on the state the group leaves, and queues their appends behind
// it. Nothing of a group leaves the room before it is stored: its events, then its acks, in
// order. When an append fails, its commands and those queued behind it get the storage
// error, the room goes on from what the store holds, and no seat saw any of their events.
func TestPipelinedCommits(t *testing.T) {
	st := &heldStore{Memory: store.NewMemory()}
	e := newEnv(t, relay.Config{Store: st})
	t.Cleanup(st.fail) // before the relay stops: a room stops once its appends are answered
	tab := e.newTable(t, "Ada", "Bram", "Cas")
	fac := tab.fac
	tab.syncAll(fac.do(cmdOf(game.CmdStart)).N)
	before := fac.n
	insight := func(text string) game.Command {
		return game.Command{Type: game.CmdInsight, Args: game.Args{Text: text}}
	}

	st.holdAppends()
	fac.sendCmd("i1", insight("eerste"))
	eventually(t, "the insight's append is queued", func() bool { return st.heldEvents() == 1 })
	for i, p := range tab.players {
		p.sendCmd("v1", vote(i+1))
	}
	eventually(t, "the votes' appends are queued behind the insight's", func() bool {
		return st.heldEvents() == 1+len(tab.players)
	})
	st.store() // the insight's group only
	if m := fac.reply("i1"); m.T != protocol.TAck || m.N != before+1 {
		t.Fatalf("insight: got %s n=%d (%s)", m.T, m.N, m.Code)
	}
	// A vote's event sent before it was stored would have come before the insight's.
	if fac.n != before+1 {
		t.Fatalf("the facilitator saw events up to %d with only the insight (%d) stored", fac.n, before+1)
	}
	st.release()
	want := before + 1 + uint64(len(tab.players))
	seen := map[uint64]bool{}
	for _, p := range tab.players {
		m := p.reply("v1")
		if m.T != protocol.TAck || m.N <= before+1 || m.N > want || seen[m.N] {
			t.Fatalf("%s's vote: got %s n=%d (%s), want an ack in %d..%d", p.name, m.T, m.N, m.Code, before+2, want)
		}
		if p.n < m.N {
			t.Fatalf("%s's vote acknowledged as %d before its event reached the seat (seen up to %d)", p.name, m.N, p.n)
		}
		seen[m.N] = true
	}
	tab.syncAll(want)

	// The insight's append fails: its command and the votes decided on it fail with it.
	st.holdAppends()
	fac.sendCmd("i2", insight("tweede"))
	eventually(t, "the second insight's append is queued", func() bool { return st.heldEvents() == 1 })
	for _, p := range tab.players {
		p.sendCmd("v2", vote(5))
	}
	eventually(t, "the second votes are queued", func() bool { return st.heldEvents() == 1+len(tab.players) })
	st.fail()
	for _, c := range tab.all() {
		id := "v2"
		if c == fac {
			id = "i2"
		}
		if m := c.reply(id); m.T != protocol.TError || m.Code != protocol.ErrStorage {
			t.Fatalf("%s: %s after the failed append: got %s %s, want error %s", c.name, id, m.T, m.Code, protocol.ErrStorage)
		}
	}
	if v := e.state(t, tab.code, tab.token); v.Version != want {
		t.Fatalf("after the failed append: version %d, want %d", v.Version, want)
	}
	// Sent again, they are decided on the stored state and numbered after it.
	if m := fac.do(insight("tweede")); m.N != want+1 {
		t.Fatalf("second insight sent again: n=%d, want %d", m.N, want+1)
	}
	for i, p := range tab.players {
		p.sendCmd("v2", vote(5))
		if m := p.reply("v2"); m.T != protocol.TAck || m.N != want+2+uint64(i) {
			t.Fatalf("%s's vote sent again: got %s n=%d (%s), want ack n=%d", p.name, m.T, m.N, m.Code, want+2+uint64(i))
		}
	}
	end := want + 1 + uint64(len(tab.players))
	tab.syncAll(end)
	for _, c := range tab.all() {
		if r := current(t, c.view); c.view.Version != end || len(r.Voted) != len(tab.players) {
			t.Fatalf("%s: view %d voted %v at the end", c.name, c.view.Version, r.Voted)
		}
	}
	l, err := st.Load(context.Background(), normal(tab.code))
	if err != nil {
		t.Fatal(err)
	}
	if last := l.Events[len(l.Events)-1].N; last != end {
		t.Fatalf("the store ends at event %d, want %d", last, end)
	}
}

// TestRoomStopsWhenItCannotReload: when a room's append fails and the store then cannot
// load the room either, the room stops: the command gets the storage error, every seat is
// closed with 4004 in words that say why (a storage error, not a cluster's move), and a
// seat that resumes while the store still fails gets "unavailable". Once the store answers
// again the room loads as it was stored, and its seats resume.
func TestRoomStopsWhenItCannotReload(t *testing.T) {
	st := &heldStore{Memory: store.NewMemory()}
	e := newEnv(t, relay.Config{Store: st})
	t.Cleanup(st.fail)
	tab := e.newTable(t, "Ada", "Bram")
	fac := tab.fac
	tab.syncAll(fac.do(cmdOf(game.CmdStart)).N)
	stored := fac.n
	welcome := fac.log[0]
	for _, m := range fac.log {
		if m.T == protocol.TWelcome {
			welcome = m
			break
		}
	}

	st.holdAppends()
	fac.sendCmd("i1", game.Command{Type: game.CmdInsight, Args: game.Args{Text: "verloren"}})
	eventually(t, "the insight's append is queued", func() bool { return st.heldEvents() == 1 })
	st.failLoads(true)
	st.fail()
	if m := fac.reply("i1"); m.T != protocol.TError || m.Code != protocol.ErrStorage {
		t.Fatalf("insight after the failed append: got %s %s, want error %s", m.T, m.Code, protocol.ErrStorage)
	}
	for _, c := range tab.all() {
		c.expectClose(protocol.CloseMoved)
		if !strings.Contains(c.closed.Text, "storage error") {
			t.Fatalf("%s: closed with %q, want words about the storage error", c.name, c.closed.Text)
		}
	}

	again := e.dial(t, "fac again")
	again.send(protocol.Client{V: protocol.Version, T: protocol.TResume, Room: tab.code, Token: welcome.Token, Since: stored})
	again.expectError(protocol.ErrUnavailable)

	st.failLoads(false)
	back := e.dial(t, "fac back")
	if w := back.resume(tab.code, welcome.Token, stored); w.T != protocol.TWelcome {
		t.Fatalf("resume once the store answers: got %s", w.T)
	}
	if v := e.state(t, tab.code, tab.token); v.Version < stored || current(t, v).Insight == "verloren" {
		t.Fatalf("the room loaded again: version %d (stored %d), insight %q", v.Version, stored, current(t, v).Insight)
	}
}
