package store

import (
	"runtime"
	"slices"
	"testing"
	"time"
)

func pauses() []struct {
	name string
	new  func(time.Duration) groupPause
} {
	return []struct {
		name string
		new  func(time.Duration) groupPause
	}{
		{"timer", func(d time.Duration) groupPause { return newTimerPause(d) }},
		{"platform", newGroupPause},
	}
}

// TestGroupPause checks that a pause never ends early, ends again after each Reset (also
// of zero), and that Stop ends it (goleak in TestMain checks that nothing outlives it).
func TestGroupPause(t *testing.T) {
	for _, tc := range pauses() {
		t.Run(tc.name, func(t *testing.T) {
			const d = 3 * time.Millisecond
			start := time.Now()
			p := tc.new(d)
			defer p.Stop()
			<-p.C()
			if got := time.Since(start); got < d {
				t.Fatalf("first pause ended after %v, before %v", got, d)
			}
			for _, next := range []time.Duration{0, d, 0, 2 * d} {
				start := time.Now()
				p.Reset(next)
				<-p.C()
				if got := time.Since(start); got < next {
					t.Fatalf("pause of %v ended after %v", next, got)
				}
			}
			// Stopped while running: Stop must not wait for it to end.
			p.Reset(time.Hour)
		})
	}
}

// BenchmarkGroupPause reports how late a 2 ms pause ends in a process with nothing else
// to run (late-p50-µs, late-p99-µs), for a time.Timer and for the platform's pause:
//
//	GOMAXPROCS=1 go test -run '^$' -bench GroupPause -benchtime 500x ./net/store
func BenchmarkGroupPause(b *testing.B) {
	for _, tc := range pauses() {
		b.Run(tc.name, func(b *testing.B) {
			const d = 2 * time.Millisecond
			p := tc.new(time.Hour)
			defer p.Stop()
			p.Reset(0)
			<-p.C()
			late := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := range b.N {
				start := time.Now()
				p.Reset(d)
				// The relay does some work before it waits: a varying part of the pause.
				for time.Since(start) < time.Duration(i*37%900)*time.Microsecond {
				}
				<-p.C()
				late = append(late, time.Since(start)-d)
			}
			b.StopTimer()
			slices.Sort(late)
			b.ReportMetric(float64(late[len(late)/2].Microseconds()), "late-p50-µs")
			b.ReportMetric(float64(late[len(late)*99/100].Microseconds()), "late-p99-µs")
		})
	}
}

// BenchmarkGroupPauseDuringMark reports how late a 2 ms pause ends when a collection's
// mark phase runs meanwhile and the process has nothing else to run, so that the
// collector's idle worker has the processor (late-p50-µs, late-p99-µs):
//
//	GOMAXPROCS=1 go test -run '^$' -bench GroupPauseDuringMark -benchtime 50x ./net/store
func BenchmarkGroupPauseDuringMark(b *testing.B) {
	// Some 200 MB of pointers: a mark phase of tens of milliseconds.
	type node struct {
		next *node
		_    [3]*int
	}
	var heap []*node
	for range 6 << 20 {
		heap = append(heap, &node{})
	}
	for i := 1; i < len(heap); i++ {
		heap[i-1].next = heap[i]
	}
	for _, tc := range pauses() {
		b.Run(tc.name, func(b *testing.B) {
			const d = 2 * time.Millisecond
			p := tc.new(time.Hour)
			defer p.Stop()
			late := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for range b.N {
				collected := make(chan struct{})
				go func() {
					runtime.GC()
					close(collected)
				}()
				runtime.Gosched() // the collection begins
				start := time.Now()
				p.Reset(d)
				<-p.C()
				late = append(late, time.Since(start)-d)
				<-collected
			}
			b.StopTimer()
			slices.Sort(late)
			b.ReportMetric(float64(late[len(late)/2].Microseconds()), "late-p50-µs")
			b.ReportMetric(float64(late[len(late)*99/100].Microseconds()), "late-p99-µs")
		})
	}
	runtime.KeepAlive(heap)
}
