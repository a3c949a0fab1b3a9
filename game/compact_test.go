package game

import (
	"encoding/json"
	"math/rand/v2"
	"testing"
	"unsafe"

	"impactkaarten/cards"
)

// TestCompact decodes states of random sessions as a store gives them back and checks
// that Compact changes nothing they hold, leaves the decoded state alone, shares the
// deck's card IDs and packs the piles.
func TestCompact(t *testing.T) {
	for g := range 6 {
		t.Run(string(rune('a'+g)), func(t *testing.T) {
			seed := uint64(g)*104729 + 3
			deck := testDeck()
			m := &monkey{r: rand.New(rand.NewPCG(seed, 7)), deck: deck.IDs(cards.Kinds[:]...)}
			s := New(deck, seed, randomSettings(g))
			for i := range 300 {
				actor, c := m.next(s)
				if evs, err := Decide(s, actor, c); err == nil {
					for _, e := range evs {
						s.Apply(e)
					}
				}
				if i%50 == 49 {
					checkCompact(t, s)
				}
			}
		})
	}
}

func checkCompact(t *testing.T, s *State) {
	t.Helper()
	want := mustJSON(t, s)
	var decoded State
	if err := json.Unmarshal([]byte(want), &decoded); err != nil {
		t.Fatal(err)
	}
	for st := &decoded; st != nil; st = st.Undo {
		st.Deck = s.Deck // as a store's Restore does: the shared deck, not the decoded one
	}
	c := decoded.Compact()
	if got := mustJSON(t, c); got != want {
		t.Fatalf("the compacted state differs:\n got %s\nwant %s", got, want)
	}
	if got := mustJSON(t, &decoded); got != want {
		t.Fatal("Compact changed the state it copied")
	}
	if err := c.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
	shared := func(what string, ids []string) {
		t.Helper()
		if cap(ids) != len(ids) {
			t.Errorf("%s: %d of %d in its array", what, len(ids), cap(ids))
		}
		for _, id := range ids {
			card, ok := s.Deck.Card(id)
			if !ok {
				t.Fatalf("%s holds %q, not in the deck", what, id)
			}
			if unsafe.StringData(id) != unsafe.StringData(card.ID) {
				t.Errorf("%s: %q is not the deck's string", what, id)
			}
		}
	}
	for st := c; st != nil; st = st.Undo {
		shared("statement pile", st.StatementPile)
		shared("draw pile", st.DrawPile)
		shared("prompt pile", st.PromptPile)
		shared("discard", st.Discard)
		for i := range st.Seats {
			shared("a hand", st.Seats[i].Hand)
		}
	}
	for _, id := range decoded.DrawPile {
		card, _ := s.Deck.Card(id)
		if unsafe.StringData(id) == unsafe.StringData(card.ID) {
			t.Fatal("Compact changed the decoded state's strings")
		}
	}
}
