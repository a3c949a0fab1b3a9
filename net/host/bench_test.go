package host

import (
	"encoding/json"
	"fmt"
	"runtime"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

// BenchmarkVote measures what hosting a vote costs a relay in a room of 8, besides the
// store and the sockets: deciding it, encoding its log record, applying it, redacting it for
// the 8 seats and encoding each seat's frame (once for the seats that get the same one). It
// reports the bytes of the frame the other seats get, after a short session and after 800
// actions: the cost must not grow with the session. The players vote in turn (seats 2 to
// 8), or the facilitator votes again and again (seat 1), whose commands the engine keeps
// a copy for undo of.
func BenchmarkVote(b *testing.B) {
	for _, bench := range []struct {
		by      string
		actions int
	}{{"players", 0}, {"players", 800}, {"facilitator", 0}, {"facilitator", 800}} {
		actions := bench.actions
		b.Run(fmt.Sprintf("by=%s/actions=%d", bench.by, actions), func(b *testing.B) {
			h, audience := startedRoom(b)
			for i := 0; i < actions; i++ {
				h.Commit(h.Decide(2000, []Request{{Seat: 1, ID: fmt.Sprintf("a%d", i), Cmd: game.Command{Type: game.CmdAddAction,
					Args: game.Args{Text: "Een concrete vervolgstap die iemand op zich neemt", Owner: "Directie", Due: "2026-12-15"}}}}), nil)
			}
			var frame []byte
			var ds []Delivery // used again, as a relay's room does (its pool of them)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				seat := game.SeatID(2 + i%7)
				if bench.by == "facilitator" {
					seat = 1
				}
				bt := h.Decide(3000, []Request{{Seat: seat, ID: fmt.Sprintf("v%d", i), Cmd: game.Command{Type: game.CmdVote, Args: game.Args{Value: 1 + i%5}}}})
				if _, err := bt.Records(); err != nil {
					b.Fatal(err)
				}
				for i := range ds {
					ds[i].Reset()
				}
				ds = h.CommitTo(ds[:0], bt, audience)
				for k := range ds {
					dl := &ds[k]
					var public []byte
					for _, s := range audience {
						ev, hash := dl.For(s)
						if ev == &dl.Public && hash == "" && public != nil {
							continue // the shared frame, encoded once
						}
						f, err := json.Marshal(&protocol.Server{V: protocol.Version, T: protocol.TEvent, N: dl.N, Event: ev, Hash: hash})
						if err != nil {
							b.Fatal(err)
						}
						if ev == &dl.Public && hash == "" {
							public = f
						}
					}
					if public != nil {
						frame = public
					}
				}
				h.Release(bt) // as a relay's room does once the batch is answered
			}
			b.ReportMetric(float64(len(frame)), "bytes/frame")
		})
	}
}

// startedRoom returns a session of 8 seats (seat 1 the facilitator) in the statements
// phase, and its seats.
func startedRoom(b testing.TB) (*Host, []game.SeatID) {
	d, err := cards.Default()
	if err != nil {
		b.Fatal(err)
	}
	h := New(game.New(d, 7, game.DefaultSettings()))
	audience := make([]game.SeatID, 0, 8)
	for i := 0; i < 8; i++ {
		bt, err := h.System(1000, game.Command{Type: game.CmdJoin, Args: game.Args{Name: fmt.Sprintf("Speler %d", i+1), Facilitator: i == 0}})
		if err != nil {
			b.Fatal(err)
		}
		h.Commit(bt, nil)
		audience = append(audience, game.SeatID(i+1))
	}
	h.Commit(h.Decide(2000, []Request{{Seat: 1, ID: "s", Cmd: game.Command{Type: game.CmdStart}}}), nil)
	return h, audience
}

// roomOf8 returns a session of 8 seats in the statements phase, every player having voted
// on the first statement.
func roomOf8(b *testing.B) *Host {
	h, _ := startedRoom(b)
	for seat := game.SeatID(2); seat <= 8; seat++ {
		h.Commit(h.Decide(3000, []Request{{Seat: seat, ID: "v", Cmd: game.Command{Type: game.CmdVote, Args: game.Args{Value: int(seat) % 5}}}}), nil)
	}
	return h
}

// BenchmarkSnapshot measures encoding a room of 8 for the store and bringing it back,
// with the deck named by hash and, for comparison, inline as snapshots held it before
// (the state's deck, and its undo state's, each some 100 kB of JSON).
func BenchmarkSnapshot(b *testing.B) {
	h := roomOf8(b)
	sn, err := h.Snapshot()
	if err != nil {
		b.Fatal(err)
	}
	inline, err := json.Marshal(struct {
		State *game.State `json:"state"`
	}{h.State()})
	if err != nil {
		b.Fatal(err)
	}
	decks := Decks{Stored: func(string) (*cards.Deck, error) { return h.State().Deck, nil },
		Share: func(*cards.Deck) *cards.Deck { return h.State().Deck }}
	b.Run("encode/named", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := h.Snapshot(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(sn.Data)), "bytes/snapshot")
	})
	b.Run("encode/inline", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := json.Marshal(struct {
				State *game.State `json:"state"`
			}{h.State()}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(inline)), "bytes/snapshot")
	})
	for _, tc := range []struct {
		name string
		data []byte
	}{{"restore/named", sn.Data}, {"restore/inline", inline}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Restore(tc.data, nil, decks); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRestoredRoom reports what a loaded room's session holds in memory, live after a
// collection, when it is restored from the snapshot a new room is stored with (the
// default deck, in the lobby): a relay holds one for every loaded room, idle or not.
func BenchmarkRestoredRoom(b *testing.B) {
	d, err := cards.Default()
	if err != nil {
		b.Fatal(err)
	}
	sn, err := InitialSnapshot(game.New(d, 7, game.DefaultSettings()))
	if err != nil {
		b.Fatal(err)
	}
	decks := Decks{Stored: func(string) (*cards.Deck, error) { return d, nil }}
	const rooms = 1000
	held := make([]*Host, rooms)
	var before, after runtime.MemStats
	for b.Loop() {
		clear(held)
		runtime.GC()
		runtime.ReadMemStats(&before)
		for i := range held {
			if held[i], err = Restore(sn.Data, nil, decks); err != nil {
				b.Fatal(err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/rooms, "live-B/room")
	runtime.KeepAlive(held)
}

// BenchmarkAddAction measures what hosting the facilitator's addaction costs a relay in a
// room of 8 (decide, log record, apply with the copy kept for undo, redact for 8), in a
// new room and in one that holds 800 actions: it must not grow with the actions there are.
// Every 100 actions the room is built again, outside the timing, to stay under the limit.
func BenchmarkAddAction(b *testing.B) {
	for _, start := range []int{0, 800} {
		b.Run(fmt.Sprintf("actions=%d", start), func(b *testing.B) {
			add := func(h *Host, id string) *Batch {
				return h.Decide(2000, []Request{{Seat: 1, ID: id, Cmd: game.Command{Type: game.CmdAddAction,
					Args: game.Args{Text: "Een concrete vervolgstap die iemand op zich neemt", Owner: "Directie", Due: "2026-12-15"}}}})
			}
			var audience []game.SeatID
			room := func() *Host {
				var h *Host
				h, audience = startedRoom(b)
				for i := 0; i < start; i++ {
					h.Commit(add(h, fmt.Sprintf("a%d", i)), nil)
				}
				return h
			}
			h := room()
			var ds []Delivery
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if i > 0 && i%100 == 0 {
					b.StopTimer()
					h = room()
					b.StartTimer()
				}
				bt := add(h, fmt.Sprintf("b%d", i))
				if len(bt.Answers) != 1 || bt.Answers[0].Code != "" {
					b.Fatalf("addaction: %+v", bt.Answers)
				}
				if _, err := bt.Records(); err != nil {
					b.Fatal(err)
				}
				for i := range ds {
					ds[i].Reset()
				}
				ds = h.CommitTo(ds[:0], bt, audience)
				h.Release(bt)
			}
		})
	}
}
