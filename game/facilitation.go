package game

import "fmt"

// Facilitation that survives the facilitator's absence.
//
// Three seats can lead a session:
//
//   - the facilitator (State.Facilitator), who leads now and holds every facilitator command;
//   - a co-facilitator (State.CoFacilitator), appointed by the facilitator, who may do what
//     the facilitator does during play (reveal, advance, timers, prompts, end, and the
//     facilitator's say over cards and actions), but not what shapes the room: settings, the
//     deck, starting the session, hand-over, removing seats, appointing, undo, or another
//     seat's role;
//   - a stand-in: when the facilitator has been offline longer than the settings' hand-over
//     time and no co-facilitator is online, the host asks (CmdStandIn) and facilitation
//     passes to the player who has been online longest. The absent facilitator is kept in
//     State.Away; while a stand-in leads, they do everything a facilitator does except hand
//     over, remove seats or appoint, since the role is held for the one who comes back. The
//     absent facilitator's seat coming back online (or a join with the facilitator token)
//     gives it back.
//
// The engine has no clock: the host stamps every command, each seat keeps when its presence
// last changed (Seat.Since), and StandInDue tells the host when to ask. Replaying the events
// gives the same hand-overs.

// DefaultHandoverSeconds is how long the facilitator may be offline before facilitation
// passes to a stand-in, when Settings.HandoverSeconds is 0.
const DefaultHandoverSeconds = 120

// HandoverOff in Settings.HandoverSeconds keeps facilitation with the facilitator however
// long they are away.
const HandoverOff = -1

// handoverMs is the hand-over time of the settings in milliseconds, or -1 for never.
func (st Settings) handoverMs() int64 {
	switch {
	case st.HandoverSeconds < 0:
		return -1
	case st.HandoverSeconds == 0:
		return DefaultHandoverSeconds * 1000
	}
	return int64(st.HandoverSeconds) * 1000
}

// Owner is the seat the room belongs to as facilitator: the absent facilitator while a
// stand-in leads, else the facilitator. The host gives the room's own powers (exporting,
// deleting the room) to this seat only.
func (s *State) Owner() SeatID {
	if s.Away != 0 {
		return s.Away
	}
	return s.Facilitator
}

// facilitates reports whether seat leads play: the facilitator or the co-facilitator.
func (s *State) facilitates(seat SeatID) bool {
	return seat != System && (seat == s.Facilitator || seat == s.CoFacilitator)
}

// standIn works out the hand-over: the seat that would lead, and from when (host ms) it is
// due. ok is false when no hand-over is to come: the facilitator is online or gone, the
// setting is off, a co-facilitator is online, or no player is online to take it.
func (s *State) standIn() (seat SeatID, due int64, ok bool) {
	f := s.present(s.Facilitator)
	ms := s.Settings.handoverMs()
	if f == nil || f.Connected || ms < 0 {
		return 0, 0, false
	}
	if co := s.present(s.CoFacilitator); co != nil && co.Connected {
		return 0, 0, false
	}
	var best *Seat
	for i := range s.Seats {
		st := &s.Seats[i]
		if !st.active() || !st.Connected || st.Screen || st.ID == s.Away {
			continue
		}
		if best == nil || st.Since < best.Since {
			best = st
		}
	}
	if best == nil {
		return 0, 0, false
	}
	return best.ID, f.Since + ms, true
}

// StandInDue reports when (host Unix ms) the host should send CmdStandIn: the facilitator
// is offline, no co-facilitator is online, and a player is online to take over. ok is false
// when nothing is to be done; the answer changes only with an event.
func StandInDue(s *State) (at int64, ok bool) {
	_, due, ok := s.standIn()
	return due, ok
}

func (d *decider) standInCmd() ([]Event, error) {
	seat, due, ok := d.s.standIn()
	if !ok {
		return reject(NoChange, "facilitation stays: the facilitator or a co-facilitator is online, the hand-over is off, or no player is online")
	}
	if d.c.At < due {
		return reject(TooEarly, fmt.Sprintf("the facilitator has been offline for less than the hand-over time (due at %d)", due))
	}
	return d.emit(EvStoodIn, Args{Seat: seat})
}

// coFacilitator appoints or removes the co-facilitator.
func (d *decider) coFacilitator() ([]Event, error) {
	s, c := d.s, d.c
	if s.Away != 0 {
		return reject(NotFacilitator, "a stand-in does not appoint; the facilitator does when back")
	}
	if c.Seat == s.CoFacilitator {
		return reject(NoChange, "that is the co-facilitator already")
	}
	if c.Seat != 0 {
		st := s.present(c.Seat)
		if st == nil {
			return reject(UnknownSeat, fmt.Sprintf("seat %d is not in this room", c.Seat))
		}
		if c.Seat == d.actor {
			return reject(BadValue, "choose another seat than your own")
		}
		if st.Screen {
			return reject(NotAPlayer, "a meeting-room screen only watches")
		}
	}
	return d.emit(EvCoFacilitatorSet, Args{Seat: c.Seat})
}

// coFacilitatorMay reports whether the co-facilitator may send a facilitator command: the
// commands of play, not those that shape the room.
func coFacilitatorMay(t CommandType) bool {
	switch t {
	case CmdNextPhase, CmdPhase, CmdEnd, CmdReveal, CmdInsight, CmdNextCard, CmdSkipTurn,
		CmdPrompt, CmdSpotlight, CmdTimer, CmdCardAnswer:
		return true
	}
	return false
}

// standInMay reports whether a stand-in may send a facilitator command: all but those that
// give away or change who is in the room.
func standInMay(t CommandType) bool {
	switch t {
	case CmdHandOver, CmdKick, CmdCoFacilitator:
		return false
	}
	return true
}

// mayLead checks that the actor may send facilitator command t.
func (d *decider) mayLead(t CommandType) error {
	s := d.s
	switch {
	case d.actor == s.Facilitator && s.Away != 0 && !standInMay(t):
		return &Error{Code: NotFacilitator, Message: fmt.Sprintf("a stand-in cannot %s; the facilitator can when back", t)}
	case d.actor == s.Facilitator:
		return nil
	case d.actor == s.CoFacilitator && coFacilitatorMay(t):
		return nil
	case d.actor == s.CoFacilitator:
		return &Error{Code: NotFacilitator, Message: fmt.Sprintf("only the facilitator can %s, not the co-facilitator", t)}
	}
	return &Error{Code: NotFacilitator, Message: fmt.Sprintf("only the facilitator can %s", t)}
}

// connectEvents adds to a seat's coming online the return of facilitation, when the seat is
// the absent facilitator.
func (d *decider) connectEvents(evs []Event) []Event {
	if len(evs) != 1 || evs[0].Type != EvConnected || d.s.Away == 0 || evs[0].Seat != d.s.Away {
		return evs
	}
	back := evs[0]
	back.Type, back.Version = EvFacilitatorBack, back.Version+1
	return append(evs, back)
}

// applyFacilitation applies the facilitation events and the facilitation side of presence,
// joins and leaves to the state.
func (s *State) applyFacilitation(e Event) {
	switch e.Type {
	case EvCoFacilitatorSet:
		s.CoFacilitator = e.Seat
	case EvStoodIn:
		if s.Away == 0 {
			s.Away = s.Facilitator
		}
		s.Facilitator = e.Seat
	case EvFacilitatorBack:
		s.Facilitator, s.Away = e.Seat, 0
	case EvConnected, EvDisconnected:
		s.seat(e.Seat).Since = e.At
	case EvJoined:
		s.seat(e.Seat).Since = e.At
		if e.Facilitator {
			s.Away = 0 // the facilitator came back on a new seat with the facilitator token
		}
	case EvHandedOver:
		if s.CoFacilitator == e.Seat {
			s.CoFacilitator = 0
		}
	}
}

// leaveFacilitation runs before a seat leaves or is kicked: a co-facilitator's role ends, and
// a stand-in who leaves gives facilitation back to the absent facilitator (from whom the
// host passes it on again if still away).
func (s *State) leaveFacilitation(seat SeatID) {
	if s.CoFacilitator == seat {
		s.CoFacilitator = 0
	}
	if s.Away == seat {
		s.Away = 0
	}
	if s.Facilitator == seat && s.Away != 0 {
		s.Facilitator, s.Away = s.Away, 0
	}
}

// applyFacilitation is the view's side of State.applyFacilitation and leaveFacilitation.
func (v *PlayerView) applyFacilitation(e Event) {
	switch e.Type {
	case EvCoFacilitatorSet:
		v.CoFacilitator = e.Seat
	case EvStoodIn:
		if v.Away == 0 {
			v.Away = v.Facilitator
		}
		v.Facilitator = e.Seat
	case EvFacilitatorBack:
		v.Facilitator, v.Away = e.Seat, 0
	case EvJoined:
		if e.Facilitator && !e.Screen {
			v.Away = 0
		}
	case EvHandedOver:
		if v.CoFacilitator == e.Seat {
			v.CoFacilitator = 0
		}
	case EvLeft, EvKicked:
		if v.CoFacilitator == e.Seat {
			v.CoFacilitator = 0
		}
		if v.Away == e.Seat {
			v.Away = 0
		}
		if v.Facilitator == e.Seat && v.Away != 0 {
			v.Facilitator, v.Away = v.Away, 0
		}
	}
}

// MayChangeAction reports whether seat may edit or remove action id now: its author (while
// a player), the facilitator and the co-facilitator may, until the session ends. Clients
// offer the controls from this answer.
func (s *State) MayChangeAction(seat SeatID, id int) bool {
	st := s.present(seat)
	if st == nil || s.Ended || s.action(id) == nil {
		return false
	}
	return s.facilitates(seat) || (s.action(id).By == seat && !st.Observer)
}

// MayChangeAction is State.MayChangeAction from a seat's view.
func (v *PlayerView) MayChangeAction(id int) bool {
	me := v.seat(v.Me)
	a := findAction(v.Actions, id)
	if v.Me == System || me == nil || me.Gone || v.Ended || a == nil {
		return false
	}
	return v.Me == v.Facilitator || v.Me == v.CoFacilitator || (a.By == v.Me && !me.Observer)
}
