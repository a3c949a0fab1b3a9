package app

import (
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/ui/input"
	"impactkaarten/game/ui/model"
)

// TestDue checks what the controller says changes on the screen by itself: a host that
// runs frames only when asked relies on it for every picture that moves without an event.
func TestDue(t *testing.T) {
	tests := []struct {
		name string
		// set puts the driver's controller in the state under test; it returns the
		// moment Due must name, relative to the last Update (0: none).
		set    func(d *Driver) int64
		moving bool
	}{
		{"the start scene is still", func(d *Driver) int64 { return 0 }, false},
		{"a toast ends", func(d *Driver) int64 {
			d.C.Notify("toast.copied.code", "", false)
			d.Tick(input.Snapshot{X: -1, Y: -1})
			return d.C.M.Toasts[0].Until - d.Now
		}, false},
		{"the spinner's next dot while connecting", func(d *Driver) int64 {
			d.C.Connecting(model.ModeRelay, "K7P2QX", "")
			d.Tick(input.Snapshot{X: -1, Y: -1})
			return (d.Now/spinnerMillis+1)*spinnerMillis - d.Now
		}, false},
		{"a running timer's next second", func(d *Driver) int64 {
			stillPractice(t, d)
			d.C.M.View.Timer = game.Timer{Running: true, EndsAt: d.Now + 16 + 90_250 - d.C.M.Skew}
			d.Tick(input.Snapshot{X: -1, Y: -1})
			return 250
		}, false},
		{"a running timer on a whole second: the next one", func(d *Driver) int64 {
			stillPractice(t, d)
			d.C.M.View.Timer = game.Timer{Running: true, EndsAt: d.Now + 16 + 3_000 - d.C.M.Skew}
			d.Tick(input.Snapshot{X: -1, Y: -1})
			return 1000
		}, false},
		{"a paused timer is still", func(d *Driver) int64 {
			stillPractice(t, d)
			d.C.M.View.Timer = game.Timer{Remaining: 60_000}
			d.Tick(input.Snapshot{X: -1, Y: -1})
			return 0
		}, false},
		{"a timer run out is still", func(d *Driver) int64 {
			stillPractice(t, d)
			d.C.M.View.Timer = game.Timer{Running: true, EndsAt: d.Now - 5_000}
			d.Tick(input.Snapshot{X: -1, Y: -1})
			return 0
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDriver(1280, 720, 1, cards.NL, measure)
			defer d.Close()
			want := tc.set(d)
			next, moving := d.C.Due()
			if moving != tc.moving {
				t.Errorf("moving = %v, want %v", moving, tc.moving)
			}
			if want == 0 && next != 0 {
				t.Errorf("next = now%+d, want none", next-d.Now)
			}
			if want != 0 && next-d.Now != want {
				t.Errorf("next = now%+d, want now%+d", next-d.Now, want)
			}
		})
	}
}

func stillPractice(t *testing.T, d *Driver) {
	t.Helper()
	if err := d.StartSolo(nil, 2); err != nil {
		t.Fatal(err)
	}
	d.Idle(2000) // the scene's cards slide in; the test wants a still table
	if _, moving := d.C.Due(); moving {
		t.Fatal("still moving after 2 s")
	}
}
