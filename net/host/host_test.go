package host

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

// session returns a host with a facilitator (seat 1) and two players in the statements phase.
func session(t *testing.T) *Host {
	t.Helper()
	d, err := cards.Default()
	if err != nil {
		t.Fatal(err)
	}
	h := New(game.New(d, 7, game.DefaultSettings()))
	for i, name := range []string{"Fenna", "Ada", "Bram"} {
		b, err := h.System(1000, game.Command{Type: game.CmdJoin, Args: game.Args{Name: name, Facilitator: i == 0}})
		if err != nil {
			t.Fatal(err)
		}
		h.Commit(b, nil)
	}
	commit(t, h, Request{Seat: 1, ID: "start", Cmd: game.Command{Type: game.CmdStart}})
	return h
}

// commit decides requests and commits them as a store that took them would.
func commit(t *testing.T, h *Host, reqs ...Request) []Answer {
	t.Helper()
	b := h.Decide(2000, reqs)
	h.Commit(b, nil)
	return b.Answers
}

func vote(seat game.SeatID, id string, v int) Request {
	return Request{Seat: seat, ID: id, Cmd: game.Command{Type: game.CmdVote, Args: game.Args{Value: v}}}
}

func TestDecide(t *testing.T) {
	tests := []struct {
		name string
		reqs [][]Request // batches, committed in order
		want []Answer    // the answers of the last batch (Held left out)
	}{
		{name: "a vote is acked with its version",
			reqs: [][]Request{{vote(2, "a", 3)}},
			want: []Answer{{Seat: 2, ID: "a", N: 5}}},
		{name: "the same id and command again gets the same ack",
			reqs: [][]Request{{vote(2, "a", 3)}, {vote(2, "a", 3)}},
			want: []Answer{{Seat: 2, ID: "a", N: 5}}},
		{name: "the same id with another command is refused",
			reqs: [][]Request{{vote(2, "a", 3)}, {vote(2, "a", 4)}},
			want: []Answer{{Seat: 2, ID: "a", Code: protocol.ErrIDReused}}},
		{name: "another seat may use the same id",
			reqs: [][]Request{{vote(2, "a", 3)}, {vote(3, "a", 4)}},
			want: []Answer{{Seat: 3, ID: "a", N: 6}}},
		{name: "the same id twice in one group",
			reqs: [][]Request{{vote(2, "a", 3), vote(2, "a", 3)}},
			want: []Answer{{Seat: 2, ID: "a", N: 5}, {Seat: 2, ID: "a", Code: protocol.ErrIDReused}}},
		{name: "a group is decided in order on the state the earlier ones leave",
			reqs: [][]Request{{vote(2, "a", 3), vote(3, "b", 4), vote(2, "c", 9)}},
			want: []Answer{{Seat: 2, ID: "a", N: 5}, {Seat: 3, ID: "b", N: 6}, {Seat: 2, ID: "c", Code: game.BadValue}}},
		{name: "a seat cannot send the host's commands",
			reqs: [][]Request{{{Seat: 2, ID: "j", Cmd: game.Command{Type: game.CmdJoin, Args: game.Args{Name: "x"}}}}},
			want: []Answer{{Seat: 2, ID: "j", Code: game.SystemOnly}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := session(t)
			var got []Answer
			for _, reqs := range tt.reqs {
				got = commit(t, h, reqs...)
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d answers, want %d: %+v", len(got), len(tt.want), got)
			}
			for i := range got {
				g := got[i]
				g.Err, g.Held = "", false
				if g != tt.want[i] {
					t.Errorf("answer %d: got %+v, want %+v", i, g, tt.want[i])
				}
			}
		})
	}
}

// TestStamp: the host's time is what the engine sees, whatever the client sent.
func TestStamp(t *testing.T) {
	h := session(t)
	r := vote(2, "a", 3)
	r.Cmd.At = 5
	b := h.Decide(123456, []Request{r})
	if b.Events[0].At != 123456 {
		t.Fatalf("event at %d, want the host's 123456", b.Events[0].At)
	}
}

// TestAbort: a batch that could not be stored changes nothing, its answers become storage
// errors, and the same commands go through afterwards.
func TestAbort(t *testing.T) {
	h := session(t)
	before := h.State().Version
	b := h.Decide(2000, []Request{vote(2, "a", 3), vote(3, "b", 9)})
	b.Abort()
	for _, a := range b.Answers {
		if a.Code != protocol.ErrStorage {
			t.Errorf("answer %+v: want the storage error (the second was decided on the first)", a)
		}
	}
	if h.State().Version != before {
		t.Fatalf("version %d after an aborted batch, want %d", h.State().Version, before)
	}
	if got := commit(t, h, vote(2, "a", 3)); got[0].Code != "" || got[0].N != before+1 {
		t.Fatalf("the command again: %+v", got[0])
	}
}

// TestRestore: a session comes back from its snapshot and log with its command ids, also
// from a log written before ids carried fingerprints.
func TestRestore(t *testing.T) {
	h := session(t)
	sn, err := h.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	n, snap := sn.N, sn.Data
	h.Snapshotted(sn)
	b := h.Decide(2000, []Request{vote(2, "a", 3)})
	recs, err := b.Records()
	if err != nil {
		t.Fatal(err)
	}
	h.Commit(b, nil)
	old := append([]Record(nil), recs...)
	old[0].CmdID = "a" // as stored before fingerprints
	for _, tc := range []struct {
		name   string
		recs   []Record
		resend Request
		code   protocol.Code
	}{
		{"same command", recs, vote(2, "a", 3), ""},
		{"another command", recs, vote(2, "a", 5), protocol.ErrIDReused},
		{"old log, another command", old, vote(2, "a", 5), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Restore(snap, tc.recs, storedDecks(sn.Decks...))
			if err != nil {
				t.Fatal(err)
			}
			if r.State().Version != n+1 {
				t.Fatalf("restored at %d, want %d", r.State().Version, n+1)
			}
			a := commit(t, r, tc.resend)[0]
			if a.Code != tc.code || (tc.code == "" && a.N != n+1) {
				t.Fatalf("resent: %+v, want code %q", a, tc.code)
			}
		})
	}
	// The ids a snapshot holds are looked up as those replayed from the log are.
	later, err := h.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	r, err := Restore(later.Data, nil, storedDecks(later.Decks...))
	if err != nil {
		t.Fatal(err)
	}
	if a := commit(t, r, vote(2, "a", 3))[0]; a.Code != "" || a.N != n+1 {
		t.Fatalf("resent after a restore from a snapshot holding its id: %+v, want the ack of %d", a, n+1)
	}
	if a := commit(t, r, vote(2, "a", 5))[0]; a.Code != protocol.ErrIDReused {
		t.Fatalf("another command under an id the snapshot holds: %+v, want %s", a, protocol.ErrIDReused)
	}
	if _, err := Restore([]byte("{"), nil, Decks{}); err == nil {
		t.Fatal("a damaged snapshot restored")
	}
	bad := append([]Record(nil), recs...)
	bad[0].N, bad[0].Data = 99, []byte(`{"type":"voted","version":99}`)
	if _, err := Restore(snap, bad, storedDecks(sn.Decks...)); err == nil {
		t.Fatal("a log with a gap restored")
	}
}

// TestFingerprintIsTheStoredOne: a command's fingerprint is the FNV-1a hash of its JSON
// (json.Marshal, time and version left out), as logs have stored it with every command
// id since fingerprints began: another one would take a resent command after a restart
// for another command (id_reused).
func TestFingerprintIsTheStoredOne(t *testing.T) {
	for _, c := range []game.Command{
		{},
		{Type: game.CmdStart},
		{Type: game.CmdVote, Version: 12, At: 1_700_000_000_000, Args: game.Args{Value: 3}},
		{Type: game.CmdAddAction, Args: game.Args{Text: "<b>Één</b> & \"meer\"\n"}},
	} {
		t.Run("cmd="+string(c.Type), func(t *testing.T) {
			bare := c
			bare.At, bare.Version = 0, 0
			b, err := json.Marshal(bare)
			if err != nil {
				t.Fatal(err)
			}
			h := fnv.New64a()
			h.Write(b)
			want := h.Sum64()
			if got := Fingerprint(c); got != want {
				t.Fatalf("Fingerprint(%s) = %x, want %x", b, got, want)
			}
		})
	}
	// One value written out, so that a change to the command's JSON shows here too.
	if got := Fingerprint(game.Command{Type: game.CmdVote, Args: game.Args{Value: 3}}); got != 0x2322bea898ef171b {
		t.Fatalf("Fingerprint of a vote of 3 = %#x", got)
	}
}

// TestSnapshotDue: a snapshot is due once SnapshotEvery events have passed since the last
// and their records are as large as it, also in a room restored from it; in a room that
// has grown with its session, snapshots come as seldom as its size asks.
func TestSnapshotDue(t *testing.T) {
	const every = 100
	for _, tc := range []struct {
		name      string
		actions   int
		minEvents int // the fewest events after which a snapshot may be due
	}{
		{"a new session", 0, every},
		{"a session with 800 actions", 800, 3 * every},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := session(t)
			for i := 0; i < tc.actions; i++ {
				commit(t, h, Request{Seat: 1, ID: fmt.Sprintf("a%d", i), Cmd: game.Command{Type: game.CmdAddAction,
					Args: game.Args{Text: "Een concrete vervolgstap die iemand op zich neemt", Owner: "Directie"}}})
			}
			sn, err := h.Snapshot()
			if err != nil {
				t.Fatal(err)
			}
			h.Snapshotted(sn)
			var log []Record
			size := 0
			for i := 0; ; i++ {
				due := len(log) >= every && size >= len(sn.Data)
				if got := h.SnapshotDue(every); got != due {
					t.Fatalf("after %d events of %d bytes (the snapshot: %d bytes): due %v, want %v", len(log), size, len(sn.Data), got, due)
				}
				if due {
					break
				}
				b := h.Decide(3000, []Request{vote(2+game.SeatID(i%2), fmt.Sprintf("v%d", i), 1+i%5)})
				recs, err := b.Records()
				if err != nil {
					t.Fatal(err)
				}
				h.Commit(b, nil)
				for _, r := range recs {
					size += len(r.Data)
				}
				log = append(log, recs...)
			}
			if len(log) < tc.minEvents {
				t.Fatalf("due after %d events, want at least %d", len(log), tc.minEvents)
			}
			t.Logf("due after %d events of %d bytes; the snapshot: %d bytes", len(log), size, len(sn.Data))
			r, err := Restore(sn.Data, log, storedDecks(sn.Decks...))
			if err != nil {
				t.Fatal(err)
			}
			if !r.SnapshotDue(every) {
				t.Fatal("the room restored from the snapshot and the same events is not due")
			}
			if r, err = Restore(sn.Data, log[:len(log)-1], storedDecks(sn.Decks...)); err != nil || r.SnapshotDue(every) {
				t.Fatalf("the room restored with one event less is due (or: %v)", err)
			}
		})
	}
}

// TestRelease: a host that is given back every batch decides the same commands as one that
// is not — the same answers, parts, events and records — and does fill the batch again.
func TestRelease(t *testing.T) {
	fresh, reused := session(t), session(t)
	groups := [][]Request{
		{vote(2, "a", 3)},
		{vote(2, "a", 3), vote(3, "b", 4), vote(2, "c", 9)},
		{vote(2, "a", 4)},
		{vote(3, "x", 1), vote(3, "x", 1)},
		{{Seat: 2, ID: "j", Cmd: game.Command{Type: game.CmdJoin, Args: game.Args{Name: "x"}}}},
		{vote(2, "d", 2)},
		{vote(3, "e", 5), vote(2, "f", 1)},
	}
	var last *Batch
	for i, reqs := range groups {
		var got [2]string
		for k, h := range []*Host{fresh, reused} {
			b := h.Decide(2000, reqs)
			if k == 1 && last != nil && b != last {
				t.Fatalf("group %d: Decide made a new batch; the one given back was not filled again", i)
			}
			recs, err := b.Records()
			if err != nil {
				t.Fatal(err)
			}
			h.Commit(b, nil)
			c := *b // an empty list given back is no list
			if len(c.Parts) == 0 {
				c.Parts = nil
			}
			if len(c.Events) == 0 {
				c.Events = nil
			}
			enc, err := json.Marshal(struct {
				B    Batch
				Recs []Record
			}{c, recs})
			if err != nil {
				t.Fatal(err)
			}
			got[k] = string(enc)
			if k == 1 {
				h.Release(b)
				last = b
			}
		}
		if got[0] != got[1] {
			t.Fatalf("group %d: a released batch decided\n%s\nwhere a new one decided\n%s", i, got[1], got[0])
		}
	}
}

// TestReleaseKeepsSmallBatches: a batch of a burst of commands is not kept for the next
// Decide, so that a room does not hold lists as long as its longest burst.
func TestReleaseKeepsSmallBatches(t *testing.T) {
	h := session(t)
	var burst []Request
	for i := 0; i <= maxSpareLen; i++ {
		burst = append(burst, vote(2, fmt.Sprintf("b%d", i), 1+i%5))
	}
	b := h.Decide(2000, burst)
	h.Commit(b, nil)
	h.Release(b)
	if len(h.spare) != 0 {
		t.Fatalf("a batch of %d commands was kept", len(burst))
	}
	small := h.Decide(2000, []Request{vote(2, "s", 3)})
	h.Commit(small, nil)
	h.Release(small)
	if len(h.spare) != 1 {
		t.Fatalf("a batch of one command was not kept")
	}
}
