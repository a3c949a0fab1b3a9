package game

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"impactkaarten/cards"
)

// FuzzEngine drives the engine with commands decoded from arbitrary JSON, from arbitrary
// actors, after a random prefix of play. Every input must either be rejected with a rule
// error and leave the state unchanged, or produce events after which the invariants hold.
func FuzzEngine(f *testing.F) {
	f.Add(uint64(1), uint8(2), []byte(`{"type":"vote","value":3}`))
	f.Add(uint64(7), uint8(1), []byte(`{"type":"play","card":"tech-1","part":"bereik","text":"x"}`))
	f.Add(uint64(3), uint8(0), []byte(`{"type":"join","name":"\u0000"}`))
	f.Add(uint64(9), uint8(1), []byte(`{"type":"settings","settings":{"handSize":-1}}`))
	f.Add(uint64(4), uint8(1), []byte(`{"type":"phase","phase":"canvas"}`))
	f.Fuzz(func(t *testing.T, seed uint64, actor uint8, raw []byte) {
		var c Command
		if err := json.Unmarshal(raw, &c); err != nil {
			return
		}
		if c.Deck != nil {
			c.Deck.Index()
		}
		s := New(testDeck(), seed, DefaultSettings())
		m := &monkey{r: rand.New(rand.NewPCG(seed, 1)), deck: testDeck().IDs(cards.Kinds[:]...)}
		for i := 0; i < int(seed%64); i++ {
			a, mc := m.next(s)
			if evs, err := Decide(s, a, mc); err == nil {
				for _, e := range evs {
					s.Apply(e)
				}
			}
		}
		before := mustJSON(t, s)
		evs, err := Decide(s, SeatID(actor%8), c)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("not a rule error: %T %v", err, err)
			}
			if mustJSON(t, s) != before {
				t.Fatal("a rejected command changed the state")
			}
			return
		}
		for _, e := range evs {
			s.Apply(e)
		}
		if err := s.CheckInvariants(); err != nil {
			t.Fatal(err)
		}
		checkViews(t, s)
	})
}
