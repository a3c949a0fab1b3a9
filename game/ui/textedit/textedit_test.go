package textedit

import "testing"

// state renders a buffer as text with [ ] around the selection and | at the caret.
func state(b *Buffer) string {
	s, e := b.Selection()
	if s == e {
		return b.text[:s] + "|" + b.text[s:]
	}
	if b.caret == s {
		return b.text[:s] + "|[" + b.text[s:e] + "]" + b.text[e:]
	}
	return b.text[:s] + "[" + b.text[s:e] + "]|" + b.text[e:]
}

func TestEditing(t *testing.T) {
	tests := []struct {
		name string
		max  int
		ops  func(b *Buffer)
		want string
	}{
		{"typing", 0, func(b *Buffer) { b.Insert("Bas"); b.Insert(" "); b.Insert("é") }, "Bas é|"},
		{"backspace a multi-byte rune", 0, func(b *Buffer) { b.Insert("Zoë"); b.Backspace(false) }, "Zo|"},
		{"left then insert", 0, func(b *Buffer) { b.Insert("ac"); b.Left(false, false); b.Insert("b") }, "ab|c"},
		{"shift-left selects", 0, func(b *Buffer) { b.Insert("abc"); b.Left(false, true); b.Left(false, true) }, "a|[bc]"},
		{"typing replaces the selection", 0, func(b *Buffer) { b.Insert("abc"); b.SelectAll(); b.Insert("x") }, "x|"},
		{"left collapses a selection", 0, func(b *Buffer) { b.Insert("abc"); b.SelectAll(); b.Left(false, false) }, "|abc"},
		{"word left", 0, func(b *Buffer) { b.Insert("hoe zou dit  "); b.Left(true, false) }, "hoe zou |dit  "},
		{"word backspace", 0, func(b *Buffer) { b.Insert("hoe zou dit"); b.Backspace(true) }, "hoe zou |"},
		{"word right", 0, func(b *Buffer) { b.Insert("een twee"); b.Home(false); b.Right(true, false) }, "een |twee"},
		{"delete forward", 0, func(b *Buffer) { b.Insert("abc"); b.Home(false); b.Delete(false) }, "|bc"},
		{"delete at the end does nothing", 0, func(b *Buffer) { b.Insert("ab"); b.Delete(false) }, "ab|"},
		{"home and shift-end", 0, func(b *Buffer) { b.Insert("abc"); b.Home(false); b.End(true) }, "[abc]|"},
		{"paste turns newlines into spaces", 0, func(b *Buffer) { b.Insert("een\ntwee\r\ndrie") }, "een twee drie|"},
		{"control characters are dropped", 0, func(b *Buffer) { b.Insert("a\x00b\x1bc") }, "abc|"},
		{"max refuses a paste that does not fit, whole", 5, func(b *Buffer) { b.Insert("abc"); b.Insert("défgh") }, "abc|"},
		{"max takes a paste that fits", 5, func(b *Buffer) { b.Insert("abc"); b.Insert("dé") }, "abcdé|"},
		{"max ignores typing when full", 3, func(b *Buffer) { b.Insert("abc"); b.Insert("d") }, "abc|"},
		{"max allows replacing a selection", 3, func(b *Buffer) { b.Insert("abc"); b.Left(false, true); b.Insert("x") }, "abx|"},
		{"cut", 0, func(b *Buffer) { b.Insert("abcd"); b.Left(false, true); b.Left(false, true); b.Cut() }, "ab|"},
		{"set caret snaps to a rune", 0, func(b *Buffer) { b.Insert("ë"); b.SetCaret(1, false) }, "|ë"},
		{"shift-click extends", 0, func(b *Buffer) { b.Insert("abcdef"); b.SetCaret(1, false); b.SetCaret(4, true) }, "a[bcd]|ef"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := &Buffer{Max: tc.max}
			tc.ops(b)
			if got := state(b); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// TestRefused checks that a refusal is told until the next change, and the count of what is
// left.
func TestRefused(t *testing.T) {
	b := &Buffer{Max: 4}
	steps := []struct {
		name      string
		op        func()
		refused   bool
		remaining int
	}{
		{"empty", func() {}, false, 4},
		{"typing that fits", func() { b.Insert("abc") }, false, 1},
		{"a paste too long", func() { b.Insert("xy") }, true, 1},
		{"still told after a caret move", func() { b.Left(false, false) }, true, 1},
		{"a backspace clears it", func() { b.Backspace(false) }, false, 2},
		{"full", func() { b.Insert("xy") }, false, 0},
		{"typing when full", func() { b.Insert("z") }, true, 0},
		{"new text clears it", func() { b.SetText("") }, false, 4},
	}
	for _, s := range steps {
		s.op()
		if b.Refused() != s.refused || b.Remaining() != s.remaining {
			t.Errorf("%s: refused %v, remaining %d; want %v, %d", s.name, b.Refused(), b.Remaining(), s.refused, s.remaining)
		}
	}
	if (&Buffer{}).Remaining() != -1 {
		t.Error("an unlimited buffer has a limit")
	}
}

func TestIndexAt(t *testing.T) {
	b := New("abcd", 0)
	width := func(s string) float64 { return float64(len(s)) * 10 }
	tests := []struct {
		x    float64
		want int
	}{{-5, 0}, {0, 0}, {4, 0}, {6, 1}, {14, 1}, {16, 2}, {39, 4}, {100, 4}}
	for _, tc := range tests {
		if got := b.IndexAt(tc.x, width); got != tc.want {
			t.Errorf("IndexAt(%v) = %d, want %d", tc.x, got, tc.want)
		}
	}
}
