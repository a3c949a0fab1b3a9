package layout

import (
	"math"
	"strings"
	"testing"
)

func TestWrap(t *testing.T) {
	m := Mono{Ratio: 1} // every rune is size wide: with size 1, width counts runes
	tests := []struct {
		name     string
		in       string
		width    float64
		maxLines int
		want     []string
	}{
		{"fits", "een twee", 20, 0, []string{"een twee"}},
		{"breaks at spaces", "een twee drie", 9, 0, []string{"een twee", "drie"}},
		{"a long word is cut", "verdienmodelkaart", 8, 0, []string{"verdienm", "odelkaar", "t"}},
		{"newlines start lines", "a\nb", 10, 0, []string{"a", "b"}},
		{"ellipsis at the last line", "een twee drie vier", 9, 1, []string{"een twee…"}},
		{"no ellipsis when all fits", "een twee", 9, 1, []string{"een twee"}},
		{"empty", "", 10, 0, []string{""}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Wrap(m, tc.in, 1, false, tc.width, tc.maxLines)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("Wrap(%q, %v) = %q, want %q", tc.in, tc.width, got, tc.want)
			}
			for _, l := range got {
				if w := m.Width(l, 1, false); w > tc.width {
					t.Errorf("line %q is %v wide, more than %v", l, w, tc.width)
				}
			}
		})
	}
}

func TestElide(t *testing.T) {
	m := Mono{Ratio: 1}
	tests := []struct {
		in    string
		width float64
		want  string
	}{{"kort", 10, "kort"}, {"veel te lang", 6, "veel…"}, {"abc", 0.5, ""}, {"abc", 1, "…"}}
	for _, tc := range tests {
		if got := Elide(m, tc.in, 1, false, tc.width); got != tc.want {
			t.Errorf("Elide(%q, %v) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}

func TestElideWords(t *testing.T) {
	m := Mono{Ratio: 1}
	tests := []struct {
		name  string
		in    string
		width float64
		want  string
	}{
		{"fits", "Museum Arnhem", 13, "Museum Arnhem"},
		{"whole words", "Digitale strategie voor het museum", 20, "Digitale strategie…"},
		{"no dangling dash", "Digitale strategie — Museum Arnhem", 22, "Digitale strategie…"},
		{"after the dash", "Digitale strategie — Museum Arnhem", 29, "Digitale strategie — Museum…"},
		{"one long word", "Publieksgegevensonderzoek", 8, "Publiek…"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ElideWords(m, tc.in, 1, false, tc.width); got != tc.want {
				t.Errorf("ElideWords(%q, %v) = %q, want %q", tc.in, tc.width, got, tc.want)
			}
		})
	}
}

// TestLineShrinks checks that a line a little too wide is set smaller rather than cut,
// and one far too wide is cut at the smallest size.
func TestLineShrinks(t *testing.T) {
	tests := []struct {
		name     string
		s        string
		width    float64
		wantSize float64
		wantCut  bool
	}{
		{"fits", "Overdragen", 10, 1, false},
		{"shrinks", "Overdragen", 9, 0.9, false},
		{"cut at the smallest size", "Overdragen", 6, lineShrink, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := &Builder{F: &Frame{W: 100, H: 100}, M: Mono{Ratio: 1}, U: 1}
			b.Line(R(0, 0, tc.width, 2), tc.s, TextStyle{Size: 1})
			it := b.F.Items[0]
			if math.Abs(it.Size-tc.wantSize) > 0.021 || it.Elided != tc.wantCut {
				t.Errorf("size %v, cut %v (%q); want %v, %v", it.Size, it.Elided, it.Lines, tc.wantSize, tc.wantCut)
			}
			if w := (Mono{Ratio: 1}).Width(it.Lines[0], it.Size, false); w > tc.width {
				t.Errorf("%q is %v wide in %v", it.Lines[0], w, tc.width)
			}
		})
	}
}

func TestRect(t *testing.T) {
	r := R(10, 20, 100, 50)
	if !r.Contains(10, 20) || r.Contains(110, 20) || r.Contains(50, 70) {
		t.Error("Contains: edges wrong")
	}
	top, rest := r.CutTop(10)
	if top != R(10, 20, 100, 10) || rest != R(10, 30, 100, 40) {
		t.Errorf("CutTop = %v %v", top, rest)
	}
	cols := R(0, 0, 100, 10).Cols(4, 4)
	if len(cols) != 4 || cols[0].W != 22 || cols[3].MaxX() != 100 {
		t.Errorf("Cols = %v", cols)
	}
	if R(0, 0, 10, 10).Overlaps(R(10, 0, 10, 10)) {
		t.Error("touching rects overlap")
	}
	if !R(0, 0, 10, 10).Overlaps(R(9, 9, 10, 10)) {
		t.Error("overlapping rects do not")
	}
	if got := Lerp(R(0, 0, 10, 10), R(10, 20, 30, 40), 0.5); got != R(5, 10, 20, 25) {
		t.Errorf("Lerp = %v", got)
	}
}

// TestHit checks hit testing: the topmost enabled widget wins, fixed widgets (a dialog,
// the top bar) come before scrolled ones, and scrolling moves only the page.
func TestHit(t *testing.T) {
	f := Frame{W: 400, H: 300, ContentH: 800, Widgets: []Widget{
		{ID: "col", Rect: R(0, 100, 200, 400), Enabled: true},
		{ID: "card", Rect: R(10, 120, 180, 60), Enabled: true},
		{ID: "off", Rect: R(10, 200, 180, 60), Enabled: false},
		{ID: "bar", Rect: R(0, 0, 400, 50), Enabled: true, Fixed: true},
	}}
	tests := []struct {
		scroll float64
		x, y   float64
		want   string
	}{
		{0, 50, 150, "card"},
		{0, 50, 220, "col"}, // a disabled widget lets clicks through to what is under it
		{0, 50, 20, "bar"},
		{100, 50, 20, "bar"}, // the bar stays while the page scrolls under it
		{100, 50, 50, "card"},
		{0, 300, 150, ""},
	}
	for _, tc := range tests {
		f.Scroll = tc.scroll
		got := ""
		if w := f.Hit(tc.x, tc.y); w != nil {
			got = w.ID
		}
		if got != tc.want {
			t.Errorf("scroll %v, Hit(%v, %v) = %q, want %q", tc.scroll, tc.x, tc.y, got, tc.want)
		}
	}
	f.Scroll = 0
	x, y, ok := f.HitPoint(f.Widget("col"))
	if !ok || f.Hit(x, y).ID != "col" {
		t.Errorf("HitPoint(col) = %v, %v, %v", x, y, ok)
	}
}

// points is a Hyphenator that allows a break at fixed offsets.
type points []int

func (p points) Points(string) []int { return p }

func TestWrapHyphenatesAndReportsCuts(t *testing.T) {
	m := Mono{Ratio: 1}
	tests := []struct {
		name    string
		h       Hyphenator
		s       string
		width   float64
		max     int
		want    []string
		wantCut bool
	}{
		{"hyphen at the last point that fits", points{3, 6, 9}, "publieksgegevens", 8, 0, []string{"publie-", "ksgege-", "vens"}, false},
		{"no points: cut where it must", nil, "publieksgegevens", 8, 0, []string{"publieks", "gegevens"}, false},
		{"an existing hyphen is a break", nil, "AI-hulp", 5, 0, []string{"AI-", "hulp"}, false},
		{"cut at max lines", nil, "een twee drie vier", 8, 2, []string{"een twee", "drie…"}, true},
		{"fits exactly in max lines", nil, "een twee drie", 9, 2, []string{"een twee", "drie"}, false},
		{"a later paragraph is cut", nil, "een\ntwee", 9, 1, []string{"een…"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cut := WrapH(m, tt.h, tt.s, 1, false, tt.width, tt.max)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || cut != tt.wantCut {
				t.Errorf("WrapH(%q) = %q, %v; want %q, %v", tt.s, got, cut, tt.want, tt.wantCut)
			}
		})
	}
}
