package game

// Unfinished is what is left to do in the phase a session is in: what a facilitator is told
// before leaving the phase ("Nog 3 stellingen niet besproken — toch naar het verdienmodel?").
// Only the counts of the phase the session is in are set; the zero value means nothing is
// left, or the phase has no work that can be left unfinished (the lobby, the free table,
// the report).
type Unfinished struct {
	// Statements are the statements planned (settings.statements, as far as the deck has
	// them) whose votes have not been revealed: the one face up included, until revealed.
	Statements int `json:"statements,omitempty"`
	// Unplayed are the players who have placed no card on the canvas.
	Unplayed int `json:"unplayed,omitempty"`
	// Dots are the dots the players have not placed.
	Dots int `json:"dots,omitempty"`
	// Unowned are the actions without an owner; NoActions says that no action was agreed.
	Unowned   int  `json:"unowned,omitempty"`
	NoActions bool `json:"noActions,omitempty"`
}

// Empty reports whether nothing is left.
func (u Unfinished) Empty() bool { return u == Unfinished{} }

// Left works out what is left to do in the phase of the view: everything it counts is
// public, so every seat's view gives the same answer.
func Left(v *PlayerView) Unfinished {
	var u Unfinished
	players := func(f func(sv *SeatView)) {
		for i := range v.Seats {
			if sv := &v.Seats[i]; !sv.Gone && !sv.Observer {
				f(sv)
			}
		}
	}
	switch v.Phase {
	case Statements:
		revealed, open := 0, 0
		for i := range v.Rounds {
			if v.Rounds[i].Revealed {
				revealed++
			} else if i == v.Current {
				open = 1
			}
		}
		planned := min(v.Settings.Statements, revealed+open+v.Piles.Statements)
		u.Statements = max(0, planned-revealed)
	case Canvas:
		players(func(sv *SeatView) {
			if sv.Played == 0 {
				u.Unplayed++
			}
		})
	case Dots:
		if len(v.Canvas) > 0 {
			players(func(sv *SeatView) { u.Dots += max(0, v.Settings.Dots-sv.DotsUsed) })
		}
	case Actions:
		u.NoActions = len(v.Actions) == 0
		for _, a := range v.Actions {
			if a.OwnerSeat == 0 && a.Owner == "" {
				u.Unowned++
			}
		}
	}
	return u
}
