package game

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"impactkaarten/cards"
)

// partFields lists, for each part a copy for undo may leave shared, the State fields that
// belong to it.
var partFields = []struct {
	part   parts
	fields []string
}{
	{partRNG, []string{"RNG"}},
	{partSettings, []string{"Settings"}},
	{partSeats, []string{"Seats"}},
	{partPiles, []string{"StatementPile", "DrawPile", "PromptPile", "Discard", "Shown", "Answers"}},
	{partRounds | partRound, []string{"Rounds"}},
	{partCanvas, []string{"Canvas"}},
	{partActions | partActionsTail, []string{"Actions"}},
	{partLines, []string{"OpeningLines", "ClosingLines"}},
}

// TestUndoParts plays random sessions and holds every event to undoParts: the parts of the
// state an event's type does not name stay as they were, so an undo copy may share them;
// the copy kept for the facilitator's command is the state before it; and undo gives back
// exactly what a deep copy would have given.
func TestUndoParts(t *testing.T) {
	games, steps := 80, 400
	if testing.Short() {
		games = 12
	}
	// Every list the state holds is in a part: clone copies parts, and every copy has the
	// rest, so a list added to the state must be given one.
	listed := map[string]bool{}
	for _, pf := range partFields {
		for _, f := range pf.fields {
			listed[f] = true
		}
	}
	for f := range reflect.TypeFor[State]().Fields() {
		if k := f.Type.Kind(); (k == reflect.Slice || k == reflect.Map) && !listed[f.Name] {
			t.Errorf("State.%s is a list that no part names", f.Name)
		}
	}
	kept, undone := 0, 0
	for g := 0; g < games; g++ {
		seed := uint64(g)*104729 + 3
		m := &monkey{r: rand.New(rand.NewPCG(seed, 7)), deck: testDeck().IDs(cards.Kinds[:]...)}
		s := New(testDeck(), seed, randomSettings(g))
		var deep *State // a deep copy of the state s.Undo copies, while it is kept
		for i := 0; i < steps; i++ {
			actor, c := m.next(s)
			evs, err := Decide(s, actor, c)
			if err != nil {
				continue
			}
			for _, e := range evs {
				before := s.Clone()
				before.Undo = nil
				online := s.Clone().Seats
				s.Apply(e)
				// Compared as copies: Clone writes every empty list the same way.
				after := s.Clone()
				for _, pf := range partFields {
					if undoParts(e.Type)&pf.part != 0 {
						continue
					}
					for _, f := range pf.fields {
						if a, b := reflect.ValueOf(before).Elem().FieldByName(f).Interface(), reflect.ValueOf(after).Elem().FieldByName(f).Interface(); !reflect.DeepEqual(a, b) {
							t.Fatalf("game %d step %d: %s changed %s, which undoParts does not name", g, i, e.Type, f)
						}
					}
				}
				if p := undoParts(e.Type); p&partActionsTail != 0 && p&partActions == 0 {
					// Only appended to: what was there stays where it was.
					n := len(before.Actions)
					if len(after.Actions) < n || !slices.Equal(before.Actions, after.Actions[:n]) {
						t.Fatalf("game %d step %d: %s changed the actions there were, where undoParts names only their tail", g, i, e.Type)
					}
				}
				switch {
				case e.Type == EvUndone:
					want := deep
					want.Version = s.Version
					for i := range want.Seats {
						want.Seats[i].Connected, want.Seats[i].Since = online[i].Connected, online[i].Since
					}
					if !reflect.DeepEqual(after, want) {
						t.Fatalf("game %d step %d: undo gave another state than the one before the facilitator's %d", g, i, want.Version)
					}
					deep = nil
					undone++
				case s.Undo == nil:
					deep = nil
				case e.Type != EvConnected && e.Type != EvDisconnected:
					// A new copy: it must be the state before the event, whatever the event
					// then changed in s.
					if !reflect.DeepEqual(s.Undo.Clone(), before) {
						t.Fatalf("game %d step %d: the undo copy kept for %s is not the state before it", g, i, e.Type)
					}
					deep = before
					kept++
				}
			}
		}
	}
	if kept < 100 || undone < 10 {
		t.Fatalf("random sessions kept %d undo copies and undid %d: too few to hold undoParts to its list", kept, undone)
	}
	t.Logf("%d undo copies kept, %d undone", kept, undone)
}

// TestDraft plays random sessions and, at every step, drafts ahead a few random commands:
// the state drafted from stays as it was, byte for byte, and the draft ends where the same
// events take a deep copy.
func TestDraft(t *testing.T) {
	games, steps := 30, 300
	if testing.Short() {
		games = 6
	}
	drafted := 0
	for g := 0; g < games; g++ {
		seed := uint64(g)*7877 + 5
		m := &monkey{r: rand.New(rand.NewPCG(seed, 11)), deck: testDeck().IDs(cards.Kinds[:]...)}
		s := New(testDeck(), seed, randomSettings(g))
		for i := 0; i < steps; i++ {
			before := mustJSON(t, s)
			d, deep := s.Draft(), s.Clone()
			for k := 0; k < 1+m.r.IntN(6); k++ {
				actor, c := m.next(d.State())
				evs, err := Decide(d.State(), actor, c)
				if err != nil {
					continue
				}
				for _, e := range evs {
					d.Apply(e)
					deep.Apply(e)
					drafted++
				}
			}
			if mustJSON(t, s) != before {
				t.Fatalf("game %d step %d: drafting ahead changed the state drafted from", g, i)
			}
			if a, b := mustJSON(t, d.State()), mustJSON(t, deep); a != b {
				t.Fatalf("game %d step %d: the draft is not where a deep copy got to", g, i)
			}
			actor, c := m.next(s)
			if evs, err := Decide(s, actor, c); err == nil {
				for _, e := range evs {
					s.Apply(e)
				}
			}
		}
	}
	if drafted < 1000 {
		t.Fatalf("only %d events drafted", drafted)
	}
}
