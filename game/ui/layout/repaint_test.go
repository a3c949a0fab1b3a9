package layout

import "testing"

// TestRepaintGate walks a gate through the cases where the picture on the screen stays
// right and those where it does not.
func TestRepaintGate(t *testing.T) {
	still := func() *Frame {
		return &Frame{W: 100, H: 80, Items: []Item{{Kind: Text, Lines: []string{"Stelling"}, Rect: R(1, 2, 50, 20)}}}
	}
	moved := still()
	moved.Items[0].Rect.X = 1.5
	focused := still()
	focused.Items = append(focused.Items, Item{Kind: Field, Edit: &FieldInfo{Focused: true}})
	flipping := still()
	flipping.Items = append(flipping.Items, Item{Kind: Face, Card: &FaceInfo{FlipAt: 1000}})

	steps := []struct {
		name  string
		f     *Frame
		state string
		now   int64
		w, h  int
		want  bool
	}{
		{"the first frame", still(), "", 1000, 100, 80, true},
		{"the same frame", still(), "", 1016, 100, 80, false},
		{"the same frame again", still(), "", 1500, 100, 80, false},
		{"the same frame, a second after it was painted", still(), "", 2000, 100, 80, true},
		{"the same frame after that", still(), "", 2016, 100, 80, false},
		{"the screen resized", still(), "", 2032, 120, 80, true},
		{"an item moved half a pixel", moved, "", 2048, 120, 80, true},
		{"the pointer over a widget", moved, "hover", 2064, 120, 80, true},
		{"still over it", moved, "hover", 2080, 120, 80, false},
		{"a field has the focus", focused, "hover", 2096, 120, 80, true},
		{"the caret in the same blink phase", focused, "hover", 2110, 120, 80, false},
		{"the caret blinks", focused, "hover", 2120, 120, 80, true},
		{"a card starts turning", flipping, "", 1000 + 1, 120, 80, true},
		{"the card is turning", flipping, "", 1000 + 17, 120, 80, true},
		{"the card has turned", flipping, "", 1000 + FlipMillis, 120, 80, true},
		{"the card at rest", flipping, "", 1000 + FlipMillis + 16, 120, 80, false},
		{"the clock went back", flipping, "", 900, 120, 80, true},
	}
	var g RepaintGate
	for _, s := range steps {
		if got := g.Due(s.f, []byte(s.state), s.now, s.w, s.h); got != s.want {
			t.Errorf("%s: Due = %v, want %v", s.name, got, s.want)
		}
	}
}

// TestRepaintGateNext checks when the gate says a picture it took must be looked at again.
func TestRepaintGateNext(t *testing.T) {
	still := &Frame{W: 100, H: 80, Items: []Item{{Kind: Text, Lines: []string{"Stelling"}, Rect: R(1, 2, 50, 20)}}}
	focused := &Frame{W: 100, H: 80, Items: []Item{{Kind: Field, Edit: &FieldInfo{Focused: true}}}}
	unfocused := &Frame{W: 100, H: 80, Items: []Item{{Kind: Field, Edit: &FieldInfo{}}}}
	flipping := &Frame{W: 100, H: 80, Items: []Item{{Kind: Face, Card: &FaceInfo{FlipAt: 10_000}}}}
	tests := []struct {
		name       string
		f          *Frame
		paintedAt  int64
		now, want  int64
		notPainted bool
	}{
		{"nothing painted yet: at once", still, 0, 10_000, 10_000, true},
		{"a still picture: the safety net", still, 10_000, 10_016, 10_000 + RepaintEvery, false},
		{"a field without the focus blinks nothing", unfocused, 10_000, 10_016, 10_000 + RepaintEvery, false},
		{"the caret: its next blink", focused, 10_000, 10_016, 10_070, false},
		{"the caret on a blink's first millisecond: the one after", focused, 10_600, 10_600, 11_130, false},
		{"a card turning: the next frame", flipping, 10_000, 10_016, 10_016, false},
		{"a card about to turn: the next frame", flipping, 9_990, 9_990, 9_990, false},
		{"a card turned: the safety net", flipping, 10_000 + FlipMillis, 10_000 + FlipMillis, 10_000 + FlipMillis + RepaintEvery, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var g RepaintGate
			if !tc.notPainted {
				g.Due(tc.f, nil, tc.paintedAt, 100, 80)
			}
			if got := g.Next(tc.f, tc.now); got != tc.want {
				t.Errorf("Next = %d, want %d", got, tc.want)
			}
		})
	}
}
