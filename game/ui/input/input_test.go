package input

import (
	"testing"

	"impactkaarten/game/ui/layout"
)

// world is a fake screen: a button at (0,0)-(100,40), a draggable card at (0,100)-(80,220)
// and a drop target (a column) at (200,0)-(400,400).
func hit(x, y float64) Target {
	switch {
	case layout.R(0, 0, 100, 40).Contains(x, y):
		return Target{ID: "btn"}
	case layout.R(0, 100, 80, 120).Contains(x, y):
		return Target{ID: "card", Draggable: true}
	}
	return Target{}
}

func drop(x, y float64) string {
	if layout.R(200, 0, 200, 400).Contains(x, y) {
		return "col"
	}
	return ""
}

type step struct {
	x, y  float64
	down  bool
	touch bool
}

func kinds(evs []Event) []EventKind {
	var k []EventKind
	for _, e := range evs {
		k = append(k, e.Kind)
	}
	return k
}

func TestPointer(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
		want  []Event // compared on Kind, ID and Over
	}{
		{"click", []step{{10, 10, true, false}, {12, 11, true, false}, {12, 11, false, false}},
			[]Event{{Kind: Press, ID: "btn"}, {Kind: Click, ID: "btn"}}},
		{"press then slide off is no click", []step{{10, 10, true, false}, {150, 10, true, false}, {150, 10, false, false}},
			[]Event{{Kind: Press, ID: "btn"}}},
		{"drag a card onto a column", []step{{10, 110, true, false}, {40, 130, true, false}, {250, 100, true, false}, {250, 100, false, false}},
			[]Event{{Kind: Press, ID: "card"}, {Kind: DragStart, ID: "card"}, {Kind: DragMove, ID: "card"}, {Kind: DragMove, ID: "card"}, {Kind: Drop, ID: "card", Over: "col"}}},
		{"drag dropped on nothing", []step{{10, 110, true, false}, {100, 300, true, false}, {100, 300, false, false}},
			[]Event{{Kind: Press, ID: "card"}, {Kind: DragStart, ID: "card"}, {Kind: DragMove, ID: "card"}, {Kind: Drop, ID: "card", Over: ""}}},
		{"a small shake is still a tap", []step{{10, 110, true, true}, {15, 114, true, true}, {15, 114, false, true}},
			[]Event{{Kind: Press, ID: "card"}, {Kind: Click, ID: "card"}}},
		{"a finger swipe scrolls", []step{{10, 10, true, true}, {10, 40, true, true}, {10, 60, true, true}, {10, 60, false, true}},
			[]Event{{Kind: Press, ID: "btn"}, {Kind: Scroll, DY: -30}, {Kind: Scroll, DY: -20}}},
		{"press on nothing", []step{{500, 500, true, false}, {500, 500, false, false}},
			[]Event{{Kind: Press}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var p Pointer
			var got []Event
			for _, s := range tc.steps {
				snap := Snapshot{X: s.x, Y: s.y, Down: s.down, Touch: s.touch}
				got = append(got, p.Update(&snap, hit, drop)...)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("got %v, want %v", kinds(got), kinds(tc.want))
			}
			for i := range got {
				g, w := got[i], tc.want[i]
				if g.Kind != w.Kind || g.ID != w.ID || g.Over != w.Over || (w.Kind == Scroll && g.DY != w.DY) {
					t.Errorf("event %d: got %+v, want %+v", i, g, w)
				}
			}
		})
	}
}

func TestPointerCancel(t *testing.T) {
	var p Pointer
	for _, s := range []step{{10, 110, true, false}, {100, 110, true, false}} {
		snap := Snapshot{X: s.x, Y: s.y, Down: s.down}
		p.Update(&snap, hit, drop)
	}
	if id, ok := p.Dragging(); !ok || id != "card" {
		t.Fatalf("dragging = %q %v", id, ok)
	}
	if evs := p.Cancel(); len(evs) != 1 || evs[0].Kind != DragCancel {
		t.Fatalf("cancel = %v", evs)
	}
	// The release after a cancel must not drop.
	snap := Snapshot{X: 250, Y: 100}
	if evs := p.Update(&snap, hit, drop); len(evs) != 0 {
		t.Errorf("release after cancel = %v, want nothing", evs)
	}
}

func TestFocusOrder(t *testing.T) {
	ws := []layout.Widget{
		{ID: "a", Enabled: true}, {ID: "b", Enabled: false}, {ID: "c", Enabled: true}, {ID: "d", Enabled: true},
	}
	tests := []struct {
		cur  string
		back bool
		want string
	}{
		{"", false, "a"}, {"", true, "d"}, {"a", false, "c"}, {"c", true, "a"}, {"d", false, "a"}, {"a", true, "d"}, {"gone", false, "a"},
	}
	for _, tc := range tests {
		if got := NextFocus(ws, tc.cur, tc.back); got != tc.want {
			t.Errorf("NextFocus(%q, back=%v) = %q, want %q", tc.cur, tc.back, got, tc.want)
		}
	}
	if got := NextFocus(nil, "", false); got != "" {
		t.Errorf("no widgets: %q", got)
	}
}

func TestArrowFocus(t *testing.T) {
	// A hand of three cards in a row, and a column of two cards below the middle one.
	ws := []layout.Widget{
		{ID: "h1", Group: "hand", Enabled: true, Rect: layout.R(0, 0, 50, 80)},
		{ID: "h2", Group: "hand", Enabled: true, Rect: layout.R(60, 0, 50, 80)},
		{ID: "h3", Group: "hand", Enabled: true, Rect: layout.R(120, 0, 50, 80)},
		{ID: "x", Enabled: true, Rect: layout.R(200, 0, 50, 80)},
		{ID: "c1", Group: "col", Enabled: true, Rect: layout.R(60, 100, 50, 80)},
		{ID: "c2", Group: "col", Enabled: true, Rect: layout.R(60, 200, 50, 80)},
	}
	tests := []struct {
		cur  string
		d    Direction
		want string
	}{
		{"h1", DirRight, "h2"}, {"h2", DirRight, "h3"}, {"h3", DirRight, "h3"}, {"h2", DirLeft, "h1"},
		{"h2", DirDown, "h2"}, // other groups are not reached by arrows
		{"c1", DirDown, "c2"}, {"c2", DirUp, "c1"}, {"x", DirLeft, "x"},
	}
	for _, tc := range tests {
		if got := MoveFocus(ws, tc.cur, tc.d); got != tc.want {
			t.Errorf("MoveFocus(%s, %d) = %s, want %s", tc.cur, tc.d, got, tc.want)
		}
	}
}
