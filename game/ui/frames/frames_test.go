package frames

import (
	"sort"
	"testing"
	"time"
)

// fakeClock runs timers when the test advances it.
type fakeClock struct {
	now    time.Time
	timers []*fakeTimer
}

type fakeTimer struct {
	at      time.Time
	f       func()
	stopped bool
	fired   bool
}

func (t *fakeTimer) Stop() bool {
	was := !t.stopped && !t.fired
	t.stopped = true
	return was
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) AfterFunc(d time.Duration, f func()) Timer {
	t := &fakeTimer{at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return t
}

// advance moves the clock by d, firing the timers due on the way in order.
func (c *fakeClock) advance(d time.Duration) {
	end := c.now.Add(d)
	for {
		sort.SliceStable(c.timers, func(i, j int) bool { return c.timers[i].at.Before(c.timers[j].at) })
		var next *fakeTimer
		for _, t := range c.timers {
			if !t.stopped && !t.fired && !t.at.After(end) {
				next = t
				break
			}
		}
		if next == nil {
			break
		}
		c.now = next.at
		next.fired = true
		next.f()
	}
	c.now = end
}

func TestScheduler(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name string
		pace time.Duration
		// do acts on the scheduler and the clock; frames is how many frames it must have
		// asked for by the end.
		do     func(s *Scheduler, c *fakeClock)
		frames int
	}{
		{"nothing happens: no frame however long", 0, func(s *Scheduler, c *fakeClock) {
			c.advance(time.Hour)
		}, 0},
		{"an event wakes it at once", 0, func(s *Scheduler, c *fakeClock) {
			s.Wake()
		}, 1},
		{"each event asks for a frame", 0, func(s *Scheduler, c *fakeClock) {
			s.Wake()
			s.Wake()
		}, 2},
		{"a changing picture asks for the next frame at once where the host paces", 0, func(s *Scheduler, c *fakeClock) {
			s.Continue()
		}, 1},
		{"a changing picture asks for the next frame after the pace", 16 * ms, func(s *Scheduler, c *fakeClock) {
			s.Continue()
			c.advance(15 * ms)
		}, 0},
		{"the paced frame comes", 16 * ms, func(s *Scheduler, c *fakeClock) {
			s.Continue()
			c.advance(16 * ms)
		}, 1},
		{"a moment to come does not wake it before its time", 0, func(s *Scheduler, c *fakeClock) {
			s.At(c.now.Add(500 * ms))
			c.advance(499 * ms)
		}, 0},
		{"a moment wakes it once, at its time", 0, func(s *Scheduler, c *fakeClock) {
			s.At(c.now.Add(500 * ms))
			c.advance(time.Hour)
		}, 1},
		{"a moment already past wakes it at once", 0, func(s *Scheduler, c *fakeClock) {
			s.At(c.now.Add(-time.Second))
			c.advance(0)
		}, 1},
		{"a later moment does not replace an earlier one", 0, func(s *Scheduler, c *fakeClock) {
			s.At(c.now.Add(300 * ms))
			s.At(c.now.Add(900 * ms))
			c.advance(300 * ms)
		}, 1},
		{"nor adds a frame of its own: the earlier one's frame asks again", 0, func(s *Scheduler, c *fakeClock) {
			s.At(c.now.Add(300 * ms))
			s.At(c.now.Add(900 * ms))
			c.advance(time.Hour)
		}, 1},
		{"an earlier moment replaces a later one", 0, func(s *Scheduler, c *fakeClock) {
			s.At(c.now.Add(900 * ms))
			s.At(c.now.Add(300 * ms))
			c.advance(300 * ms)
		}, 1},
		{"the replaced moment no longer wakes it", 0, func(s *Scheduler, c *fakeClock) {
			s.At(c.now.Add(900 * ms))
			s.At(c.now.Add(300 * ms))
			c.advance(time.Hour)
		}, 1},
		{"a moment asked for again after its frame wakes it again", 0, func(s *Scheduler, c *fakeClock) {
			s.At(c.now.Add(300 * ms))
			c.advance(300 * ms)
			s.At(c.now.Add(300 * ms))
			c.advance(300 * ms)
		}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &fakeClock{now: time.Unix(1_700_000_000, 0)}
			frames := 0
			s := NewWithClock(func() { frames++ }, tc.pace, c)
			tc.do(s, c)
			if frames != tc.frames {
				t.Errorf("%d frames asked for, want %d", frames, tc.frames)
			}
		})
	}
}

// TestSchedulerDue checks the pending moment is forgotten once it has woken the client,
// so that the next frame's moment is taken whatever it is.
func TestSchedulerDue(t *testing.T) {
	c := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	s := NewWithClock(func() {}, 0, c)
	at := c.now.Add(time.Second)
	s.At(at)
	if got := s.Due(); !got.Equal(at) {
		t.Fatalf("Due() = %v, want %v", got, at)
	}
	c.advance(time.Second)
	if got := s.Due(); !got.IsZero() {
		t.Fatalf("Due() after the timer = %v, want none", got)
	}
}

// TestSchedulerConcurrent has network readers, timers and the game loop ask for frames at
// once, under the race detector in make test, with the real clock: the moment asked for
// comes.
func TestSchedulerConcurrent(t *testing.T) {
	frames := make(chan struct{}, 1024)
	s := New(func() { frames <- struct{}{} }, 0)
	done := make(chan struct{})
	for i := 0; i < 4; i++ {
		go func() {
			for j := 0; j < 100; j++ {
				s.At(time.Now().Add(time.Duration(j%7) * time.Millisecond))
				s.Continue()
			}
			done <- struct{}{}
		}()
	}
	for i := 0; i < 4; i++ {
		<-done
	}
	for len(frames) > 0 {
		<-frames
	}
	s.At(time.Now().Add(time.Millisecond))
	<-frames // a frame asked for a moment ahead comes; a lost one would hang here until go test's timeout
}
