package host

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game"
)

// storedDecks is a store's decks as Restore asks for them: these decks, by their hashes.
func storedDecks(decks ...*cards.Deck) Decks {
	return Decks{Stored: func(hash string) (*cards.Deck, error) {
		for _, d := range decks {
			if d.Hash() == hash {
				return d, nil
			}
		}
		return nil, fmt.Errorf("deck %s: %w", hash, errNoDeck)
	}}
}

var errNoDeck = errors.New("no such deck")

// stateJSON is a state's encoding with its decks and its undo states' decks replaced by
// their hashes, to compare states whatever deck objects they hold.
func stateJSON(t *testing.T, st *game.State) string {
	t.Helper()
	var b bytes.Buffer
	for s := st; s != nil; s = s.Undo {
		c := *s
		c.Deck, c.Undo = nil, nil
		j, err := json.Marshal(&c)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s deck %s\n", j, s.Deck.Hash())
	}
	return b.String()
}

func loadDeck(t testing.TB, path string) *cards.Deck {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d, err := cards.Load(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// lobbyWithNewDeck returns a session in the lobby whose facilitator has just set another
// deck: the undo state still plays the built-in one.
func lobbyWithNewDeck(t testing.TB) (*Host, *cards.Deck, *cards.Deck) {
	t.Helper()
	def, err := cards.Default()
	if err != nil {
		t.Fatal(err)
	}
	custom := loadDeck(t, "../../cards/testdata/good.csv")
	h := New(game.New(def, 7, game.DefaultSettings()))
	for i, name := range []string{"Fenna", "Ada"} {
		b, err := h.System(1000, game.Command{Type: game.CmdJoin, Args: game.Args{Name: name, Facilitator: i == 0}})
		if err != nil {
			t.Fatal(err)
		}
		h.Commit(b, nil)
	}
	b, err := h.Act(1500, 1, game.Command{Type: game.CmdDeck, Args: game.Args{Deck: custom}})
	if err != nil {
		t.Fatal(err)
	}
	h.Commit(b, nil)
	if h.State().Undo == nil || h.State().Undo.Deck != def || h.State().Deck != custom {
		t.Fatal("the deck change left no undo state with the old deck")
	}
	return h, def, custom
}

// TestSnapshotNamesDecks: a snapshot holds no deck, only hashes (of the state's deck and of
// its undo state's), and comes back equal with the decks resolved by hash; a deck that
// cannot be resolved fails the restore with its cause.
func TestSnapshotNamesDecks(t *testing.T) {
	def, err := cards.Default()
	if err != nil {
		t.Fatal(err)
	}
	lobby, _, custom := lobbyWithNewDeck(t)
	for _, tc := range []struct {
		name  string
		h     *Host
		decks []*cards.Deck // what Snapshot says to store, in order
	}{
		{"in play, with an undo state", session(t), []*cards.Deck{def}},
		{"a new deck, the old one in the undo state", lobby, []*cards.Deck{custom, def}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := stateJSON(t, tc.h.State())
			sn, err := tc.h.Snapshot()
			if err != nil {
				t.Fatal(err)
			}
			if sn.N != tc.h.State().Version || len(sn.Decks) != len(tc.decks) {
				t.Fatalf("snapshot at %d with %d decks, want %d and %d", sn.N, len(sn.Decks), tc.h.State().Version, len(tc.decks))
			}
			for i, d := range sn.Decks {
				if d.Hash() != tc.decks[i].Hash() {
					t.Errorf("deck %d to store is %s, want %s", i, d.ID, tc.decks[i].ID)
				}
			}
			if stateJSON(t, tc.h.State()) != before || tc.h.State().Deck == nil {
				t.Fatal("taking the snapshot changed the session")
			}
			// Not one card's text: the decks are stored apart.
			title := tc.decks[0].Cards[0].Title.NL
			if bytes.Contains(sn.Data, []byte(title)) {
				t.Fatalf("the snapshot (%d bytes) holds card text %q", len(sn.Data), title)
			}
			r, err := Restore(sn.Data, nil, storedDecks(sn.Decks...))
			if err != nil {
				t.Fatal(err)
			}
			if got := stateJSON(t, r.State()); got != before {
				t.Fatalf("restored:\n%s\nwant:\n%s", got, before)
			}
			if r.State().Deck != sn.Decks[0] {
				t.Error("the restored state does not play the deck the resolver gave")
			}
			if _, err := Restore(sn.Data, nil, storedDecks()); !errors.Is(err, errNoDeck) {
				t.Fatalf("restore without the decks: %v, want the resolver's error", err)
			}
			if _, err := Restore(sn.Data, nil, Decks{}); err == nil {
				t.Fatal("restored without a resolver")
			}
		})
	}
}

// TestRestoreEmbeddedDeck: a snapshot written before snapshots named their decks (the
// state's and its undo state's deck inline) restores as it did, with its events, and Share
// may swap its decoded decks for ones in memory. testdata/snapshot-embedded-deck.json.gz
// was written by that relay's host: a session in the statements phase, its snapshot, the
// event after it and the state after that event (its deck left out).
func TestRestoreEmbeddedDeck(t *testing.T) {
	f, err := os.Open("testdata/snapshot-embedded-deck.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(z)
	if err != nil {
		t.Fatal(err)
	}
	var old struct {
		Snapshot json.RawMessage `json:"snapshot"`
		Events   []Record        `json:"events"`
		State    json.RawMessage `json:"state"`
	}
	if err := json.Unmarshal(raw, &old); err != nil {
		t.Fatal(err)
	}
	def, err := cards.Default()
	if err != nil {
		t.Fatal(err)
	}
	shared := 0
	for _, tc := range []struct {
		name  string
		decks Decks
		want  func(*cards.Deck) bool
	}{
		{"as decoded", Decks{}, func(d *cards.Deck) bool { return d != def && d.Hash() == def.Hash() }},
		{"shared", Decks{Share: func(d *cards.Deck) *cards.Deck {
			shared++
			d.Index()
			if d.Hash() == def.Hash() {
				return def
			}
			return d
		}}, func(d *cards.Deck) bool { return d == def }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Restore(old.Snapshot, old.Events, tc.decks)
			if err != nil {
				t.Fatal(err)
			}
			if !tc.want(r.State().Deck) {
				t.Errorf("restored deck %q (%s), want the built-in one's content", r.State().Deck.ID, r.State().Deck.Hash())
			}
			st := *r.State()
			st.Deck = nil
			got, err := json.Marshal(&st)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, old.State) {
				t.Fatalf("restored state differs from the one the old relay had:\n%s\nwant:\n%s", got, old.State)
			}
			// Stored again, it names its deck.
			sn, err := r.Snapshot()
			if err != nil {
				t.Fatal(err)
			}
			if len(sn.Decks) != 1 || sn.Decks[0].Hash() != def.Hash() || len(sn.Data) > len(old.Snapshot)/10 {
				t.Fatalf("the next snapshot: %d bytes (the old one %d), decks %v", len(sn.Data), len(old.Snapshot), sn.Decks)
			}
		})
	}
	if shared != 2 {
		t.Errorf("Share was asked for %d decks, want 2 (the state's and its undo state's)", shared)
	}
}

// TestRestoreEventDeck: a deck set by an event after the snapshot is shared as decoded.
func TestRestoreEventDeck(t *testing.T) {
	def, err := cards.Default()
	if err != nil {
		t.Fatal(err)
	}
	h := New(game.New(def, 7, game.DefaultSettings()))
	b, err := h.System(1000, game.Command{Type: game.CmdJoin, Args: game.Args{Name: "Fenna", Facilitator: true}})
	if err != nil {
		t.Fatal(err)
	}
	h.Commit(b, nil)
	sn, err := h.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	custom := loadDeck(t, "../../cards/testdata/good.csv")
	b, err = h.Act(1500, 1, game.Command{Type: game.CmdDeck, Args: game.Args{Deck: custom}})
	if err != nil {
		t.Fatal(err)
	}
	recs, err := b.Records()
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	decks := storedDecks(sn.Decks...)
	decks.Share = func(d *cards.Deck) *cards.Deck {
		d.Index()
		seen = append(seen, d.ID)
		return d
	}
	r, err := Restore(sn.Data, recs, decks)
	if err != nil {
		t.Fatal(err)
	}
	if r.State().Deck.Hash() != custom.Hash() || len(seen) != 1 || seen[0] != custom.ID {
		t.Fatalf("restored deck %q, shared %v; want %q shared once", r.State().Deck.ID, seen, custom.ID)
	}
}

// TestRestoreDamaged: what is not a snapshot is refused, never half restored.
func TestRestoreDamaged(t *testing.T) {
	h := session(t)
	sn, err := h.Snapshot()
	if err != nil {
		t.Fatal(err)
	}
	decks := storedDecks(sn.Decks...)
	noDecks := bytes.Replace(sn.Data, []byte(`"decks":`), []byte(`"x":`), 1)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"not JSON", []byte("{")},
		{"no state", []byte(`{"recent":{}}`)},
		{"null state", []byte(`{"state":null}`)},
		{"no deck at all", noDecks},
		{"an empty hash", []byte(`{"state":{"version":1},"decks":[""]}`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Restore(tc.data, nil, decks); err == nil {
				t.Fatal("restored")
			}
		})
	}
}

// FuzzRestore: no snapshot, however damaged, makes Restore panic; one it accepts is
// consistent (Restore checks the engine's invariants) and snapshots again.
func FuzzRestore(f *testing.F) {
	def, err := cards.Default()
	if err != nil {
		f.Fatal(err)
	}
	h := New(game.New(def, 7, game.DefaultSettings()))
	for i, name := range []string{"Fenna", "Ada"} {
		b, err := h.System(1000, game.Command{Type: game.CmdJoin, Args: game.Args{Name: name, Facilitator: i == 0}})
		if err != nil {
			f.Fatal(err)
		}
		h.Commit(b, nil)
	}
	sn, err := h.Snapshot()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(sn.Data)
	h.Commit(h.Decide(2000, []Request{{Seat: 1, ID: "s", Cmd: game.Command{Type: game.CmdStart}}}), nil)
	if sn, err = h.Snapshot(); err != nil {
		f.Fatal(err)
	}
	f.Add(sn.Data)
	f.Add([]byte(`{"state":{"version":1},"decks":["00"]}`))
	f.Add([]byte(`{"state":{"undo":{"undo":{}}},"decks":["` + def.Hash() + `"]}`))
	decks := storedDecks(def)
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := Restore(data, nil, decks)
		if err != nil {
			return
		}
		if r.State().Deck == nil {
			t.Fatal("restored without a deck")
		}
		if _, err := r.Snapshot(); err != nil {
			t.Fatalf("a restored session does not snapshot: %v", err)
		}
	})
}

// TestSnapshotInto: a snapshot encoded into a buffer that held another is the one a new
// buffer gets, byte for byte, and one json.Marshal would make.
func TestSnapshotInto(t *testing.T) {
	h := session(t)
	buf := bytes.NewBufferString(strings.Repeat("x", 100_000)) // longer than any snapshot here
	for i := range 3 {
		commit(t, h, vote(2, fmt.Sprintf("v%d", i), 1+i))
		fresh, err := h.Snapshot()
		if err != nil {
			t.Fatal(err)
		}
		into, err := h.SnapshotInto(buf)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(into.Data, fresh.Data) || into.N != fresh.N {
			t.Fatalf("snapshot %d into a used buffer: %d %q; a new one: %d %q", i, into.N, into.Data, fresh.N, fresh.Data)
		}
		var data snapshotData
		if err := json.Unmarshal(into.Data, &data); err != nil {
			t.Fatal(err)
		}
		if want, err := json.Marshal(data); err != nil || !bytes.Equal(into.Data, want) {
			t.Fatalf("snapshot %d is not as json.Marshal encodes it (%v):\n%s\n%s", i, err, into.Data, want)
		}
	}
}
