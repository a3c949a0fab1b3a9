package game

import (
	"cmp"
	"fmt"
	"slices"
)

// RevealCountdown is how long (ms) every screen counts down before a statement's votes
// show: long enough for the facilitator to say "drie, twee, één".
const RevealCountdown = 3000

// Who may vote: "everyone has voted" and "1 of 2 voted" speak of the same seats, the
// players present. A player is a seat that is not an observer (nor a screen) and has not
// left; present means online. A player who voted counts whether online or not, since
// their vote counts; a player offline who has not voted does not hold the reveal back.

// counting returns the statement face up while its countdown runs (its votes not yet
// shown), or nil.
func (s *State) counting() *Round {
	r := s.round()
	if r == nil || r.Revealed || r.RevealAt == 0 {
		return nil
	}
	return r
}

// RevealDue reports when the countdown of the statement face up runs out, if one runs: the
// host sends revealdue at that time.
func RevealDue(s *State) (int64, bool) {
	if r := s.counting(); r != nil {
		return r.RevealAt, true
	}
	return 0, false
}

// voters counts the seats that could vote on r: those who voted and the players present
// who did not.
func (s *State) voters(r *Round) int {
	n := len(r.Votes)
	for i := range s.Seats {
		st := &s.Seats[i]
		if _, voted := r.vote(st.ID); !voted && st.active() && st.Connected {
			n++
		}
	}
	return n
}

// everyoneVoted reports whether every player present has voted on r, and at least one
// is present: a table that lost its wifi at once, or a relay that restarted (which marks
// every seat offline), must find the votes still hidden when it comes back.
func (s *State) everyoneVoted(r *Round) bool {
	online := 0
	for i := range s.Seats {
		st := &s.Seats[i]
		if st.active() && st.Connected {
			if _, ok := r.vote(st.ID); !ok {
				return false
			}
			online++
		}
	}
	return online > 0
}

// minVotes is the fewest votes a reveal shows: with anonymous votes two, since a single
// vote would be its voter's, whom everyone saw vote.
func (st Settings) minVotes() int {
	if st.AnonymousVotes {
		return 2
	}
	return 0
}

// startCountdown starts the countdown of the statement face up at host time at.
func (r *Round) startCountdown(at int64) { r.RevealAt = at + RevealCountdown }

// anonymous returns votes with the seats taken off, in the order of their values: the
// order of the seats would otherwise tell whose vote is whose.
func anonymous(votes []Vote) []Vote {
	out := make([]Vote, len(votes))
	for i, v := range votes {
		out[i] = Vote{Value: v.Value}
	}
	slices.SortFunc(out, func(a, b Vote) int { return cmp.Compare(a.Value, b.Value) })
	return out
}

// shownVotes is the votes of a revealed round as every view and event shows them: in seat
// order, or without seats in the order of their values when votes are anonymous.
func shownVotes(votes []Vote, anon bool) []Vote {
	if anon {
		return anonymous(votes)
	}
	out := slices.Clone(votes)
	slices.SortFunc(out, func(a, b Vote) int { return cmp.Compare(a.Seat, b.Seat) })
	return out
}

// reveal decides the facilitator's reveal: it starts the countdown, after which the host
// shows the votes. Once the countdown has run out (the host's revealdue did not come, as
// after a restart) it shows them at once.
func (d *decider) reveal() ([]Event, error) {
	s := d.s
	if err := d.inPhase(Statements); err != nil {
		return nil, err
	}
	r := s.round()
	if r == nil || r.Revealed {
		return reject(VotingClosed, "there is no open vote to reveal")
	}
	if r.RevealAt != 0 {
		if d.c.At >= r.RevealAt {
			return d.emit(EvRevealed, Args{Card: r.Card})
		}
		return reject(RevealPending, "the countdown to the reveal is running")
	}
	if n := s.Settings.minVotes(); len(r.Votes) < n {
		return reject(TooFewVotes, fmt.Sprintf("anonymous votes are revealed from %d votes on", n))
	}
	return d.emit(EvRevealing, Args{Card: r.Card})
}

// revealDue decides the host's revealdue: the votes show if the countdown has run out.
// Too early, or with no countdown running, it changes nothing.
func (d *decider) revealDue() ([]Event, error) {
	r := d.s.counting()
	if r == nil || d.c.At < r.RevealAt {
		return nil, nil
	}
	return d.emit(EvRevealed, Args{Card: r.Card})
}

// waitCountdown refuses what would turn the statement face up away while its countdown
// runs: the votes the room is counting down to would never show.
func (d *decider) waitCountdown() error {
	if r := d.s.counting(); r != nil && d.c.At < r.RevealAt {
		return &Error{Code: RevealPending, Message: "wait until the votes are revealed"}
	}
	return nil
}

// checkAnonymity refuses to change whether votes are anonymous once a vote is cast.
func (d *decider) checkAnonymity(st Settings) error {
	if st.AnonymousVotes == d.s.Settings.AnonymousVotes {
		return nil
	}
	for i := range d.s.Rounds {
		if len(d.s.Rounds[i].Votes) > 0 {
			return &Error{Code: VotesCast, Message: "votes have been cast: whether they are anonymous is settled"}
		}
	}
	for i := range d.s.Canvas {
		if len(d.s.Canvas[i].Dots) > 0 {
			return &Error{Code: VotesCast, Message: "dots have been placed: whether votes are anonymous is settled"}
		}
	}
	return nil
}

// AnonymityOpen reports whether whether votes are anonymous may still be chosen: until the
// first vote is cast or dot placed (after that, settings that change it get votes_cast).
func AnonymityOpen(v *PlayerView) bool {
	for i := range v.Rounds {
		if len(v.Rounds[i].Voted) > 0 {
			return false
		}
	}
	for i := range v.Canvas {
		if len(v.Canvas[i].Dots) > 0 {
			return false
		}
	}
	return true
}

// Anonymous dots: with anonymous votes the dots are votes too. The canvas of every view
// holds one 0 per dot (how many, not whose), no seat's dotsUsed is shown, a dot's event
// reaches others without its actor, and each seat finds its own dots in MyDots.

// myDots lists the cards seat put its dots on, one entry per dot, sorted.
func myDots(canvas []Placed, seat SeatID) []string {
	var out []string
	for i := range canvas {
		for _, d := range canvas[i].Dots {
			if d == seat {
				out = append(out, canvas[i].Card)
			}
		}
	}
	slices.Sort(out)
	return out
}

// ownDots is a canvas whose anonymous dots (0) name the seat me where the seat's own list
// says they are its: what a rule about me's dots reads. The view's canvas is not changed.
func ownDots(canvas []Placed, mine []string, me SeatID) []Placed {
	out := slices.Clone(canvas)
	for i := range out {
		p := &out[i]
		n := 0
		for _, c := range mine {
			if c == p.Card {
				n++
			}
		}
		if n == 0 {
			continue
		}
		p.Dots = slices.Clone(p.Dots)
		for j := range p.Dots {
			if n > 0 && p.Dots[j] == 0 {
				p.Dots[j], n = me, n-1
			}
		}
	}
	return out
}

// dotMine changes a seat's own sorted list of dots by its dot or undot e.
func dotMine(mine []string, e Event) []string {
	i, found := slices.BinarySearch(mine, e.Card)
	if e.Type == EvDotted {
		return slices.Insert(mine, i, e.Card)
	}
	if found {
		mine = slices.Delete(mine, i, i+1)
	}
	if len(mine) == 0 {
		return nil
	}
	return mine
}
