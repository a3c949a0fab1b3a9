package app

import (
	"slices"
	"strings"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
)

// TestCoFacilitator: the facilitator appoints a co-facilitator in the people drawer and
// everyone is told; a co-facilitator gets the controls of play but not undo, exports or
// the room's settings; the people drawer names the co-facilitator, the stand-in and the
// facilitator who is away.
func TestCoFacilitator(t *testing.T) {
	d := NewDriver(1280, 720, 1, cards.NL, measure)
	defer d.Close()
	must(t, d.StartSolo(nil, 3))
	d.SetDrawer(true)
	must(t, d.Click("seat-2-cofac"))
	d.Settle()
	if got := d.View().CoFacilitator; got != 2 {
		t.Fatalf("co-facilitator %d after the drawer's button", got)
	}
	name := d.C.M.SeatName(2)
	if text := pageText(d.C.Frame()); !strings.Contains(text, name+" is co-facilitator") {
		t.Errorf("no notice names the co-facilitator %s: %s", name, text)
	}
	if text := pageText(d.C.Frame()); !strings.Contains(text, "co-facilitator") {
		t.Errorf("the drawer does not name the co-facilitator")
	}
	d.SetDrawer(false)
	must(t, d.Click("lobby-start"))

	// Seen as the co-facilitator (seat 2 would see this).
	// A view is replaced, never changed in place: the engine's answers follow the new one.
	seen := *d.View()
	v := &seen
	v.Facilitator, v.CoFacilitator = 2, d.C.M.Seat
	d.C.M.View = v
	d.Settle()
	for _, id := range []string{"fac-next-phase", "fac-timer", "fac-end"} {
		if !hasControl(d.C, id) {
			t.Errorf("the co-facilitator lacks %s", id)
		}
	}
	for _, id := range []string{"fac-undo", "fac-export"} {
		if hasControl(d.C, id) {
			t.Errorf("the co-facilitator is offered %s", id)
		}
	}

	// Seen as a stand-in while the facilitator (seat 2 here) is away: no exports, and the
	// drawer says who stands in for whom.
	away := *v
	away.Facilitator, away.CoFacilitator, away.Away = d.C.M.Seat, 0, 2
	d.C.M.View = &away
	d.SetDrawer(true)
	text := pageText(d.C.Frame())
	for _, want := range []string{"neemt waar", "facilitator, even weg"} {
		if !strings.Contains(text, want) {
			t.Errorf("the drawer does not say %q", want)
		}
	}
	for _, id := range []string{"fac-export", "seat-2-kick", "seat-3-cofac"} {
		if hasControl(d.C, id) {
			t.Errorf("a stand-in is offered %s", id)
		}
	}
}

// TestHandoverSetting: the lobby of a room on a relay sets how long the facilitator may be
// offline before a stand-in leads, from one minute to never.
func TestHandoverSetting(t *testing.T) {
	d := NewDriver(1280, 900, 1, cards.EN, measure)
	defer d.Close()
	must(t, d.StartSolo(nil, 2))
	d.C.M.Mode = model.ModeRelay
	d.Settle()
	if text := pageText(d.C.Frame()); !strings.Contains(text, "2 min") {
		t.Errorf("the lobby does not show the default of 2 minutes")
	}
	must(t, d.Click("lobby-handover-inc"))
	if got := d.View().Settings.HandoverSeconds; got != 180 {
		t.Errorf("hand-over after +: %d s, want 180", got)
	}
	for d.View().Settings.HandoverSeconds != game.HandoverOff {
		w, err := d.Widget("lobby-handover-inc")
		must(t, err)
		if !w.Enabled {
			t.Fatalf("+ is off at %d s", d.View().Settings.HandoverSeconds)
		}
		must(t, d.Click("lobby-handover-inc"))
	}
	if w, _ := d.Widget("lobby-handover-inc"); w.Enabled {
		t.Error("+ is on at never")
	}
	if got := d.View().Settings.HandoverSeconds; got != game.HandoverOff {
		t.Errorf("hand-over at the end: %d s, want never", got)
	}
	if text := pageText(d.C.Frame()); !strings.Contains(text, "Never") {
		t.Errorf("the lobby does not say never")
	}
}

// TestDeleteFromReport: on the report page of a room on a relay, the facilitator deletes
// the room after a confirmation; a player is not offered it.
func TestDeleteFromReport(t *testing.T) {
	d := NewDriver(1280, 720, 1, cards.NL, measure)
	defer d.Close()
	must(t, d.StartSolo(nil, 2))
	d.C.M.Mode, d.C.M.Room = model.ModeRelay, "K7P2QX"
	d.Settle()
	must(t, d.Click("lobby-start"))
	must(t, d.Click("fac-end"))
	must(t, d.Click("confirm-yes"))
	if d.View().Phase != game.Report {
		t.Fatalf("phase %s after ending", d.View().Phase)
	}
	d.C.Effects()
	must(t, d.Click("rep-exp-delete"))
	for _, e := range d.C.Effects() {
		if _, ok := e.(DeleteRoom); ok {
			t.Fatal("deleted without a confirmation")
		}
	}
	must(t, d.Click("confirm-yes"))
	deleted := false
	for _, e := range d.C.Effects() {
		_, ok := e.(DeleteRoom)
		deleted = deleted || ok
	}
	if !deleted {
		t.Error("the confirmed delete asked nothing of the host")
	}

	d.View().Facilitator = 99
	d.Settle()
	if _, err := d.Widget("rep-exp-delete"); err == nil {
		t.Error("a player is offered to delete the room")
	}
}

// TestOneStepHighlighted checks that the facilitator's bar highlights one step to take
// now: in the statements the reveal, then the next statement, with the way on to the next
// phase standing back (on a phone, in the menu) until every planned statement is revealed;
// in the canvas the way on.
func TestOneStepHighlighted(t *testing.T) {
	for _, sz := range []int{0, 2} {
		t.Run(sizes[sz].name, func(t *testing.T) {
			d := statementsAt(t, sz)
			check := func(when string, primary ...string) {
				t.Helper()
				var got []string
				for _, fb := range d.C.facButtons() {
					if fb.style == layout.Primary {
						got = append(got, fb.id)
					}
				}
				if !slices.Equal(got, primary) {
					t.Errorf("%s: highlighted %v, want %v", when, got, primary)
				}
				u, compact := metrics(d.C.w, d.C.h, d.C.dpr, false)
				bar, _ := d.C.barButtons(&layout.Builder{U: u, Compact: compact, M: measure, F: &layout.Frame{W: d.C.w, H: d.C.h}})
				for _, id := range primary {
					if !slices.ContainsFunc(bar, func(fb facButton) bool { return fb.id == id }) {
						t.Errorf("%s: %s is not in the bar", when, id)
					}
				}
				if in := slices.ContainsFunc(bar, func(fb facButton) bool { return fb.id == "fac-next-phase" }); in != (!compact || slices.Contains(primary, "fac-next-phase")) {
					t.Errorf("%s: the way on to the next phase in a phone's bar: %v", when, in)
				}
			}
			check("a statement face up", "fac-reveal")
			must(t, d.Click("vote-4"))
			d.Step()
			d.Now += game.RevealCountdown
			d.Step()
			if r := d.C.M.Round(); r == nil || !r.Revealed {
				t.Fatal("the vote was not revealed")
			}
			check("a statement revealed, three planned left", "fac-next-card")
			// The same view with one statement planned: nothing is left in the phase.
			done := *d.View()
			done.Settings.Statements = 1
			d.C.M.View = &done
			d.Settle()
			if !game.Left(&done).Empty() {
				t.Fatalf("left in the phase: %+v", game.Left(&done))
			}
			check("every planned statement revealed", "fac-next-phase")
			must(t, d.NextPhase())
			check("the canvas", "fac-next-phase")
		})
	}
}
