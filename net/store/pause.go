package store

import "time"

// groupPause is the log's least interval between two groups: C receives once the time
// given to Reset (or to newGroupPause) has passed. It is a time.Timer but where the
// platform has a more punctual clock (pause_linux.go).
type groupPause interface {
	C() <-chan time.Time
	// Reset starts the pause again; it is called only after C has received.
	Reset(d time.Duration)
	Stop()
}

// timerPause is a groupPause on a time.Timer.
type timerPause struct{ t *time.Timer }

func newTimerPause(d time.Duration) timerPause { return timerPause{time.NewTimer(d)} }

func (p timerPause) C() <-chan time.Time   { return p.t.C }
func (p timerPause) Reset(d time.Duration) { p.t.Reset(d) }
func (p timerPause) Stop()                 { p.t.Stop() }
