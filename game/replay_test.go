package game

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"impactkaarten/cards"
)

var update = flag.Bool("update", false, "update golden files")

// golden compares got with testdata/name, or rewrites the file with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; got:\n%s", name, got)
	}
}

// TestShuffleGolden pins the shuffle for one seed: if the generator, the shuffle or the
// dealing order ever changes, stored sessions would replay differently, and this fails.
func TestShuffleGolden(t *testing.T) {
	deck, err := cards.Default()
	if err != nil {
		t.Fatal(err)
	}
	s := New(deck, 20261125, DefaultSettings())
	var steps []Event
	apply := func(actor SeatID, c Command) {
		evs, err := Decide(s, actor, c)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range evs {
			s.Apply(e)
			steps = append(steps, e)
		}
	}
	apply(System, cmd(CmdJoin, Args{Name: "Fenna", Facilitator: true}))
	apply(System, cmd(CmdJoin, Args{Name: "Bas"}))
	apply(System, cmd(CmdJoin, Args{Name: "Noor"}))
	apply(1, cmd(CmdStart, Args{}))
	apply(1, cmd(CmdPhase, Args{Phase: Canvas}))

	var b strings.Builder
	fmt.Fprintf(&b, "seed %d\nfirst statement: %s\nstatement pile: %s\n", s.Seed, s.Rounds[0].Card, strings.Join(s.StatementPile, " "))
	for _, st := range s.Seats {
		fmt.Fprintf(&b, "hand of %s: %s\n", st.Name, strings.Join(st.Hand, " "))
	}
	fmt.Fprintf(&b, "draw pile: %s\n", strings.Join(s.DrawPile, " "))
	golden(t, "shuffle-seed20261125.golden", []byte(b.String()))
}

// TestReplayFromSnapshot checks that a state survives a JSON round trip (the host's
// snapshot) and that replaying the rest of the events onto the snapshot gives the same state.
func TestReplayFromSnapshot(t *testing.T) {
	tb := newTable(t, 3)
	inStatements(tb)
	tb.must(2, cmd(CmdVote, Args{Value: 2}))
	cut := len(tb.log)
	snap, err := json.Marshal(tb.s)
	if err != nil {
		t.Fatal(err)
	}
	tb.must(1, cmd(CmdReveal, Args{}))
	revealDue(tb)
	inCanvas(tb)
	playTurn(tb)
	playTurn(tb)
	tb.must(1, cmd(CmdPhase, Args{Phase: Dots}))
	tb.must(3, cmd(CmdDot, Args{Card: tb.s.Canvas[0].Card}))

	var restored State
	if err := json.Unmarshal(snap, &restored); err != nil {
		t.Fatal(err)
	}
	restored.Deck.Index()
	for _, e := range tb.log[cut:] {
		restored.Apply(e)
	}
	if a, b := mustJSON(t, &restored), mustJSON(t, tb.s); a != b {
		t.Fatalf("replay from snapshot differs:\n%s\n%s", a, b)
	}
}
