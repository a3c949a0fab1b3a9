//go:build linux

package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestHeldSyncHold(t *testing.T) {
	now := time.Date(2026, 12, 7, 23, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name      string
		procs     int
		shunUntil time.Time
		want      bool
	}{
		{"two processors", 2, time.Time{}, true},
		{"many processors", 8, time.Time{}, true},
		{"one processor", 1, time.Time{}, false},
		{"after a slow group", 2, now.Add(time.Second), false},
		{"the shun over", 2, now, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := heldSync{shunUntil: tc.shunUntil}
			if got := h.hold(now, tc.procs); got != tc.want {
				t.Errorf("hold with %d processors, shunned until %v = %v, want %v", tc.procs, tc.shunUntil, got, tc.want)
			}
		})
	}
}

// TestHeldSyncWrites writes through both paths, then past the end of what is there, and
// reads the file back.
func TestHeldSyncWrites(t *testing.T) {
	for _, procs := range []int{1, 2} {
		t.Run(map[int]string{1: "scheduler", 2: "held"}[procs], func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "log")
			f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			h := heldSync{clock: time.Now, procs: func() int { return procs }}
			if err := h.writeSync(f, []byte("group one;"), 0); err != nil {
				t.Fatal(err)
			}
			if err := h.writeSync(f, []byte("group two"), 10); err != nil {
				t.Fatal(err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != "group one;group two" {
				t.Errorf("file holds %q", got)
			}
		})
	}
}

func TestHeldSyncErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "log")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, procs := range []int{1, 2} {
		t.Run(map[int]string{1: "scheduler", 2: "held"}[procs], func(t *testing.T) {
			f, err := os.Open(path) // read-only: a write fails
			if err != nil {
				t.Fatal(err)
			}
			h := heldSync{clock: time.Now, procs: func() int { return procs }}
			err = h.writeSync(f, []byte("x"), 0)
			var pe *os.PathError
			if !errors.As(err, &pe) || pe.Op != "write" || pe.Path != path {
				t.Errorf("write to a read-only file: %v, want a write error naming %s", err, path)
			}
			f.Close()
			if err := h.writeSync(f, []byte("x"), 0); !errors.Is(err, os.ErrClosed) {
				t.Errorf("write to a closed file: %v, want os.ErrClosed", err)
			}
		})
	}
}

// TestHeldSyncShunsAfterSlowGroup: a group that took longer than heldSyncSlow sends the
// groups of the next second through the scheduler's path, each slow group held after it
// twice as long, up to heldSyncShunMax, and a quick one ends the doubling.
func TestHeldSyncShunsAfterSlowGroup(t *testing.T) {
	f, err := os.OpenFile(filepath.Join(t.TempDir(), "log"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	now := time.Date(2026, 12, 7, 23, 0, 0, 0, time.UTC)
	step := time.Millisecond // each reading of the clock is this much later
	h := heldSync{procs: func() int { return 2 }, clock: func() time.Time {
		now = now.Add(step)
		return now
	}}
	write := func() {
		t.Helper()
		if err := h.writeSync(f, []byte("group"), 0); err != nil {
			t.Fatal(err)
		}
	}
	write()
	if !h.shunUntil.IsZero() {
		t.Fatalf("a group of %v shunned the held path until %v", step, h.shunUntil)
	}
	for _, want := range []time.Duration{heldSyncShun, 2 * heldSyncShun, 4 * heldSyncShun} {
		step = 2 * heldSyncSlow
		write()
		if h.hold(now, 2) || !h.hold(now.Add(want), 2) {
			t.Fatalf("after a slow group the held path is shunned until %v, %v after the group; want %v",
				h.shunUntil, h.shunUntil.Sub(now), want)
		}
		now = h.shunUntil // the next group holds again
	}
	step = time.Millisecond
	write()
	step = 2 * heldSyncSlow
	write()
	if got := h.shunUntil.Sub(now); got != heldSyncShun {
		t.Errorf("after a quick group, a slow one shuns the held path for %v, want %v", got, heldSyncShun)
	}
	for range 20 {
		now = h.shunUntil
		write()
	}
	if got := h.shunUntil.Sub(now); got != heldSyncShunMax {
		t.Errorf("after 20 slow groups in a row the held path is shunned for %v, want %v", got, heldSyncShunMax)
	}
}
