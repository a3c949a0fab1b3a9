// Package frames decides when the client asks for its next frame. A client that runs its
// game loop sixty times a second whether or not anything changes keeps a phone's or a
// laptop's processor (and a browser's GPU process, which presents every frame) busy for a
// table that is still most of the time. Instead the loop runs only when something asks for
// a frame: an event (a network message, a finished background task, input), a frame that
// is part of something moving, or a moment at which what the screen shows changes by
// itself (a countdown's next second, a toast's end, the caret's blink).
package frames

import (
	"sync"
	"time"
)

// Scheduler asks for frames through the function it is given (ebiten.ScheduleFrame). It
// is safe for use by several goroutines: network readers and timers wake it as well as the
// game loop.
type Scheduler struct {
	request func()
	pace    time.Duration
	clock   Clock

	mu    sync.Mutex
	due   time.Time // when the pending timer fires; zero when none is pending
	timer Timer
	gen   uint64 // the pending timer's generation: a timer that was replaced does nothing
}

// Clock is the time source of a Scheduler: time.Now and time.AfterFunc, or a test's.
type Clock interface {
	Now() time.Time
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a pending call of Clock.AfterFunc.
type Timer interface {
	Stop() bool
}

type realClock struct{}

func (realClock) Now() time.Time                            { return time.Now() }
func (realClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }

// New returns a scheduler that calls request for each frame it asks for. pace is the
// shortest time between two frames that follow each other (an animation): 0 where the
// host paces frames itself (a browser draws on its display's refresh), a display's
// refresh period where frames asked for would otherwise follow at once (a desktop window
// without vsync).
func New(request func(), pace time.Duration) *Scheduler {
	return NewWithClock(request, pace, realClock{})
}

// NewWithClock is New with another time source.
func NewWithClock(request func(), pace time.Duration, c Clock) *Scheduler {
	return &Scheduler{request: request, pace: pace, clock: c}
}

// Wake asks for a frame as soon as the host can draw one: something has happened that the
// next frame must show.
func (s *Scheduler) Wake() { s.request() }

// Continue asks for the frame after this one, at the scheduler's pace: the last frame
// changed the picture, or something is moving, or input is held down.
func (s *Scheduler) Continue() {
	if s.pace <= 0 {
		s.request()
		return
	}
	s.At(s.clock.Now().Add(s.pace))
}

// At asks for a frame at t, when what the screen shows changes by itself. Only the
// earliest moment asked for is kept: each frame asks again for the next one it needs, so
// a later moment is asked for by the frame the earlier one brings.
func (s *Scheduler) At(t time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.due.IsZero() && !t.Before(s.due) {
		return
	}
	if s.timer != nil {
		s.timer.Stop()
	}
	s.gen++
	gen := s.gen
	s.due = t
	s.timer = s.clock.AfterFunc(max(0, t.Sub(s.clock.Now())), func() {
		s.mu.Lock()
		if s.gen != gen {
			// Replaced by an earlier moment after it had already started to fire.
			s.mu.Unlock()
			return
		}
		s.due, s.timer = time.Time{}, nil
		s.mu.Unlock()
		s.request()
	})
}

// Due returns the moment of the pending timer, zero when none is pending.
func (s *Scheduler) Due() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.due
}
