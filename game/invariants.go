package game

import (
	"errors"
	"fmt"
)

// CheckInvariants reports every way in which s breaks the engine's invariants: each card of
// the deck is in exactly one place; seats are numbered in order; only active players hold
// cards; nobody has more dots than allowed; the turn and the facilitator are real seats.
// The host runs it on loaded snapshots; the tests run it after every step.
func (s *State) CheckInvariants() error {
	var errs []error
	bad := func(format string, a ...any) { errs = append(errs, fmt.Errorf(format, a...)) }

	where := map[string]string{}
	put := func(id, place string) {
		if prev, dup := where[id]; dup {
			bad("card %q is in %s and in %s", id, prev, place)
			return
		}
		where[id] = place
	}
	for _, id := range s.StatementPile {
		put(id, "the statement pile")
	}
	for _, id := range s.DrawPile {
		put(id, "the draw pile")
	}
	for _, id := range s.PromptPile {
		put(id, "the prompt pile")
	}
	if s.Prompt != "" {
		put(s.Prompt, "the prompt")
	}
	for _, id := range s.Discard {
		put(id, "the discard pile")
	}
	for _, r := range s.Rounds {
		put(r.Card, "a statement round")
	}
	for _, p := range s.Canvas {
		put(p.Card, "the canvas")
	}
	for i, st := range s.Seats {
		if st.ID != SeatID(i+1) {
			bad("seat %d has id %d", i+1, st.ID)
		}
		if len(st.Hand) > 0 && !st.active() {
			bad("seat %d holds %d cards but does not play", st.ID, len(st.Hand))
		}
		for _, id := range st.Hand {
			put(id, fmt.Sprintf("the hand of seat %d", st.ID))
		}
		if used := s.dotsUsed(st.ID); used > s.Settings.Dots {
			bad("seat %d has %d dots, more than %d", st.ID, used, s.Settings.Dots)
		}
	}
	if s.Deck != nil {
		for _, c := range s.Deck.Cards {
			if _, ok := where[c.ID]; !ok {
				bad("card %q is nowhere", c.ID)
			}
			delete(where, c.ID)
		}
		for id, place := range where {
			if writtenIndex(s.Settings.Written, id) >= 0 && (place == "the statement pile" || place == "a statement round") {
				continue // a statement written on the spot
			}
			bad("card %q in %s is not in the deck", id, place)
		}
	}
	if s.Turn != 0 {
		if st := s.seat(s.Turn); st == nil || !st.active() {
			bad("the turn is with seat %d, which does not play", s.Turn)
		}
	}
	if s.Facilitator != 0 && s.present(s.Facilitator) == nil {
		bad("the facilitator is seat %d, which is not in the room", s.Facilitator)
	}
	if !s.Phase.Valid() {
		bad("unknown phase %q", s.Phase)
	}
	if s.CoFacilitator != 0 && (s.present(s.CoFacilitator) == nil || s.CoFacilitator == s.Facilitator) {
		bad("the co-facilitator is seat %d, which is not in the room or is the facilitator", s.CoFacilitator)
	}
	if s.Away != 0 && (s.present(s.Away) == nil || s.Away == s.Facilitator || s.Facilitator == 0) {
		bad("the absent facilitator is seat %d, with seat %d standing in", s.Away, s.Facilitator)
	}
	return errors.Join(errs...)
}
