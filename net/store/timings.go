package store

import (
	"sync/atomic"
	"time"
)

// Timings counts how long something took into fixed buckets, for a histogram the relay
// exports (the write-ahead log's write and fsync of each group, Bolt.LogSyncTimes, and
// the wait of each append for its group, Bolt.LogWaitTimes). Safe
// for concurrent use; observing costs three atomic adds, no lock and no allocation.
type Timings struct {
	bounds []float64       // upper bounds in seconds, ascending
	counts []atomic.Uint64 // per bucket (not cumulative); the last is above every bound
	sum    atomic.Int64    // nanoseconds
}

// logSyncBounds are the buckets of the log's group writes: fractions of a millisecond on
// a quiet disk, tens of milliseconds on a busy virtual one.
var logSyncBounds = []float64{.0002, .0005, .001, .002, .005, .01, .02, .05, .1, .25, 1}

// logWaitBounds are the buckets of an append's wait for its group: up to the least interval
// between groups (2 ms by default) and a slow group before it, finely enough to read the
// p50 and p99 under that interval.
var logWaitBounds = []float64{.00025, .0005, .00075, .001, .00125, .0015, .00175, .002, .0025, .003, .004, .005, .0075, .01, .02, .05, .1, .25, 1}

func newTimings(bounds []float64) *Timings {
	return &Timings{bounds: bounds, counts: make([]atomic.Uint64, len(bounds)+1)}
}

func (t *Timings) observe(d time.Duration) {
	s := d.Seconds()
	i := 0
	for i < len(t.bounds) && s > t.bounds[i] {
		i++
	}
	t.counts[i].Add(1)
	t.sum.Add(int64(d))
}

// Snapshot returns the number of observations, their sum in seconds and the cumulative
// count at or below each bound, as a Prometheus histogram has them.
func (t *Timings) Snapshot() (count uint64, sum float64, buckets map[float64]uint64) {
	buckets = make(map[float64]uint64, len(t.bounds))
	for i, b := range t.bounds {
		count += t.counts[i].Load()
		buckets[b] = count
	}
	count += t.counts[len(t.bounds)].Load()
	return count, float64(t.sum.Load()) / 1e9, buckets
}
