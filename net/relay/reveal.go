package relay

import (
	"time"

	"impactkaarten/game"
)

// revealClock is the room's alarm for the countdown to a reveal: the engine stamps when a
// statement's votes show (game.RevealDue), and the room that owns the session sends the
// engine revealdue at that time, so every screen sees the votes at the end of the same
// countdown.
type revealClock struct {
	t  *time.Timer
	at int64 // the host time it is set for; 0: not set
}

func newRevealClock() *revealClock {
	t := time.NewTimer(time.Hour)
	t.Stop()
	return &revealClock{t: t}
}

// arm sets the alarm for the countdown running in the room, if the room owns the session,
// and clears it otherwise. A countdown already due (a room loaded again after its
// countdown ran out) rings at once.
func (c *revealClock) arm(r *room) {
	at, ok := int64(0), false
	if r.h != nil && !r.following() {
		at, ok = game.RevealDue(r.state())
	}
	if !ok {
		if c.at != 0 {
			c.t.Stop()
			c.at = 0
		}
		return
	}
	if at == c.at {
		return
	}
	c.t.Stop()
	c.at = at
	c.t.Reset(time.Duration(max(0, at-r.now())) * time.Millisecond)
}

// rang records that the alarm went off.
func (c *revealClock) rang() { c.at = 0 }

func (c *revealClock) stop() { c.t.Stop() }

// revealDue asks the engine to show the votes whose countdown ran out. Before the time
// (the timer and the room's clock need not agree to the millisecond) nothing changes and
// the alarm is set again.
func (r *room) revealDue() {
	if r.following() {
		return
	}
	b, err := r.h.System(r.now(), game.Command{Type: game.CmdRevealDue})
	if err != nil || len(b.Events) == 0 {
		return
	}
	if err := r.commit(b, nil, nil); err != nil {
		r.srv.log.Warn("store reveal", "room", r.code, "err", err)
	}
}
