package app

import "impactkaarten/game/ui/model"

// spinnerMillis is how long each dot of the connecting scene's spinner stays lit.
const spinnerMillis = 300

// Due says how the picture of the last Update changes by the passage of time alone, for a
// host that runs frames only when asked (see package frames): moving while something is
// animating (every frame differs), and next, the earliest moment (Unix ms) at which it
// changes by itself: a countdown's next second, a toast's end, the spinner's next dot; 0
// when nothing would. Everything else the picture shows changes only on an event (a
// message, input), which asks for a frame of its own.
func (c *Controller) Due() (next int64, moving bool) {
	if c.anim.busy(c.now) {
		return 0, true
	}
	at := func(t int64) {
		if t > c.now && (next == 0 || t < next) {
			next = t
		}
	}
	// The countdowns show whole seconds, rounded up: the number changes when the time left
	// crosses a whole second, and once more when it reaches zero.
	second := func(left int64) {
		if left > 0 {
			if r := left % 1000; r > 0 {
				at(c.now + r)
			} else {
				at(c.now + 1000)
			}
		}
	}
	if left, running, _ := c.M.Timer(c.now); running {
		second(left)
	}
	if left, counting := c.M.RevealLeft(c.now); counting {
		second(left)
	}
	for _, t := range c.M.Toasts {
		at(t.Until)
	}
	if c.M.Scene() == model.SceneConnecting {
		at((c.now/spinnerMillis + 1) * spinnerMillis)
	}
	return next, false
}
