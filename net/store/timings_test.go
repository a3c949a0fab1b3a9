package store

import (
	"path/filepath"
	"testing"
	"time"
)

// TestTimings: observations land in the first bucket whose bound they do not exceed, and
// a snapshot counts them cumulatively, as a Prometheus histogram does.
func TestTimings(t *testing.T) {
	tm := newTimings([]float64{.001, .01})
	for _, d := range []time.Duration{500 * time.Microsecond, time.Millisecond, 5 * time.Millisecond, time.Second} {
		tm.observe(d)
	}
	count, sum, buckets := tm.Snapshot()
	if count != 4 || buckets[.001] != 2 || buckets[.01] != 3 {
		t.Errorf("count %d, buckets %v; want 4, {0.001: 2, 0.01: 3}", count, buckets)
	}
	if want := 1.0065; sum < want-1e-9 || sum > want+1e-9 {
		t.Errorf("sum %v s, want %v", sum, want)
	}
}

// TestLogSyncTimes: every group the log writes is timed, and a store without a log has no
// timings.
func TestLogSyncTimes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		noWAL bool
	}{{"with the log", false}, {"without", true}} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := OpenBolt(filepath.Join(t.TempDir(), "rooms.db"), BoltOptions{NoWAL: tc.noWAL, CheckpointEvery: time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			mustCreate(t, s, "A")
			for n := uint64(1); n <= 3; n++ {
				mustAppend(t, s, "A", []Record{{N: n, Data: []byte(`{}`)}}, nil)
			}
			tm := s.LogSyncTimes()
			if tc.noWAL {
				if tm != nil {
					t.Fatal("timings without a log")
				}
				return
			}
			count, _, _ := tm.Snapshot()
			if syncs := s.Stats().LogSyncs; count != syncs || count < 1 {
				t.Errorf("%d groups timed, %d written", count, syncs)
			}
		})
	}
}
