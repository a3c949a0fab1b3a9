package game

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"impactkaarten/cards"
)

// TestViewEvents plays thousands of random sessions and checks, for every event and every
// seat (the host's public view, players, the facilitator, observers, seats that left and a
// seat not yet joined), that applying the event as the seat may learn it to the seat's view
// gives exactly the seat's view of the new state, that the event tells the seat nothing its
// view must not hold, and that a seat whose event is not personal gets the public one.
func TestViewEvents(t *testing.T) {
	games, steps := 1500, 200
	if testing.Short() {
		games = 150
	}
	counts := map[EventType]int{}
	// Every reveal of the random sessions goes through the countdown; the host's revealdue
	// comes at random times, early and late. (TestAnonymousVotesLinkNothing plays many more
	// anonymous reveals than these sessions reach.)
	for g := 0; g < games; g++ {
		seed := uint64(g)*104729 + 7
		m := &monkey{r: rand.New(rand.NewPCG(seed, 13)), deck: testDeck().IDs(cards.Kinds[:]...)}
		s := New(testDeck(), seed, randomSettings(g))
		for i := 0; i < steps; i++ {
			actor, c := m.next(s)
			evs, err := Decide(s, actor, c)
			if err != nil {
				continue
			}
			for _, e := range evs {
				seats := len(s.Seats) + 2 // and a seat that has not joined yet
				before := make([]PlayerView, seats)
				for id := range before {
					before[id] = View(s, SeatID(id))
				}
				mark := Mark(s)
				s.Apply(e)
				counts[e.Type]++
				r := NewRedaction(mark, s, e)
				secret := secrets(s)
				for id := range before {
					seat := SeatID(id)
					ve := r.For(seat)
					if !r.Personal(seat) && !reflect.DeepEqual(ve, r.Public()) {
						t.Fatalf("game %d step %d: %s for seat %d is not personal but differs from the public event", g, i, e.Type, seat)
					}
					got := mustJSON(t, ApplyView(before[id], ve))
					want := mustJSON(t, View(s, seat))
					if got != want {
						t.Fatalf("game %d step %d: %s for seat %d:\nevent %s\nview after applying it:\n%s\nview of the new state:\n%s",
							g, i, e.Type, seat, mustJSON(t, ve), got, want)
					}
					if ve.View != nil {
						continue // a whole view is checked by checkViews
					}
					js := mustJSON(t, ve)
					for _, card := range secret[seat] {
						if e.Type == EvSettings && slices.Contains(s.Settings.Chosen, card) {
							// The facilitator's choice names a statement from the deck everyone
							// knows; it says nothing of the hand that may hold it (taken at the
							// free table before the statements were laid out).
							continue
						}
						if strings.Contains(js, `"`+card+`"`) {
							t.Fatalf("game %d step %d: %s for seat %d names the secret card %q: %s", g, i, e.Type, seat, card, js)
						}
					}
					if e.Type == EvVoted && seat != e.Actor && ve.Value != 0 {
						t.Fatalf("game %d step %d: a vote's value reaches seat %d", g, i, seat)
					}
					if s.Settings.AnonymousVotes && (e.Type == EvDotted || e.Type == EvUndotted) && seat != e.Actor {
						counts["anonymous dot"]++
						if ve.Actor != 0 {
							t.Fatalf("game %d step %d: an anonymous dot's event names its seat to seat %d: %s", g, i, seat, js)
						}
					}
					if rev := ve.Reveal; rev != nil && s.Settings.AnonymousVotes {
						for _, v := range rev.Votes {
							if v.Seat != 0 || rev.Result.Apart != [2]SeatID{} {
								t.Fatalf("game %d step %d: %s for seat %d links an anonymous vote to a seat: %s", g, i, e.Type, seat, js)
							}
						}
					}
				}
			}
		}
	}
	for _, typ := range []EventType{"anonymous dot", EvRevealing, EvJoined, EvVoted, EvRevealed, EvPlayed, EvPhaseStarted, EvDotted,
		EvTaken, EvDiscarded, EvUndone, EvLeft, EvKicked, EvActionAdded, EvPrompted, EvTimer, EvSpotlit, EvAnswered} {
		if counts[typ] == 0 {
			t.Errorf("no %s event in the random sessions: the property was not checked for it", typ)
		}
	}
}

// secrets lists, for each seat, the cards it must not learn of in s: other seats' hands and
// the face-down piles.
func secrets(s *State) [][]string {
	out := make([][]string, len(s.Seats)+2)
	piles := append(append([]string(nil), s.DrawPile...), s.StatementPile...)
	// Chosen statements are public: the facilitator laid them out for everyone to see.
	piles = slices.DeleteFunc(piles, func(id string) bool { return slices.Contains(s.Settings.Chosen, id) })
	for id := range out {
		list := append([]string(nil), piles...)
		for _, st := range s.Seats {
			if st.ID != SeatID(id) {
				list = append(list, st.Hand...)
			}
		}
		out[id] = list
	}
	return out
}

// TestViewHash checks that the hash tells views apart and that equal views hash alike.
func TestViewHash(t *testing.T) {
	tb := newTable(t, 3)
	inStatements(tb)
	a, b := View(tb.s, 2), View(tb.s, 2)
	if a.Hash() != b.Hash() {
		t.Fatal("equal views hash differently")
	}
	c := View(tb.s, 3)
	if a.Hash() == c.Hash() {
		t.Fatal("two seats' views hash alike")
	}
	var v PlayerView
	if err := json.Unmarshal([]byte(mustJSON(t, a)), &v); err != nil {
		t.Fatal(err)
	}
	if v.Hash() != a.Hash() {
		t.Fatal("a view decoded from its encoding hashes differently")
	}
}
