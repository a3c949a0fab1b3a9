package relay

import (
	"errors"
	"time"

	"impactkaarten/game"
)

// The engine decides from events whether facilitation passes to a stand-in (the facilitator
// offline for the hand-over time, no co-facilitator online), but it has no clock: the room
// asks at the moment the engine names (game.StandInDue), with a timer armed after every
// message it handles. The answer only changes with an event, so re-arming after each
// message keeps it right; the command is decided at the room's own time like any other.

// armStandIn sets the timer for the next hand-over, or stops it when none is due. A
// follower in a cluster leaves this to the room's owner.
func (r *room) armStandIn() {
	at, ok := int64(0), false
	if r.h != nil && !r.following() {
		at, ok = game.StandInDue(r.state())
	}
	if !ok {
		r.stopStandIn()
		return
	}
	if r.standInC != nil && r.standInAt == at {
		return
	}
	r.stopStandIn()
	wait := time.Duration(max(0, at-r.now())) * time.Millisecond
	r.standInTimer = time.NewTimer(wait)
	r.standInC, r.standInAt = r.standInTimer.C, at
}

func (r *room) stopStandIn() {
	if r.standInTimer != nil {
		r.standInTimer.Stop()
	}
	r.standInTimer, r.standInC, r.standInAt = nil, nil, 0
}

// standIn sends the engine the hand-over the timer was armed for. Too early (the room's
// clock is behind the timer's) leaves the timer to be armed again; anything else that
// refuses it means the room changed, and the next arming follows the change.
func (r *room) standIn() {
	r.stopStandIn()
	b, err := r.h.System(r.now(), game.Command{Type: game.CmdStandIn})
	if err != nil {
		if !errors.Is(err, game.TooEarly) && !errors.Is(err, game.NoChange) {
			r.srv.log.Warn("stand-in", "room", r.code, "err", err)
		}
		return
	}
	if err := r.commit(b, nil, nil); err != nil {
		r.srv.log.Warn("store stand-in", "room", r.code, "err", err)
	}
}
