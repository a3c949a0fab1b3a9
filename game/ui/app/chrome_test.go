package app

import (
	"fmt"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
	"impactkaarten/net/client"
)

// TestTopBarFits checks the top bar where it is fullest: a room code of the widest letters,
// a two-digit count of players, a running timer, in either language, in every state of
// the link, on a laptop, a meeting-room screen and phones down to 360 CSS pixels wide (design.md).
// Nothing it paints may lie on something else it paints (a text, a glyph, the link's dot),
// no chip or button may cover another's or cut into a text or glyph, and the link's state
// is shown: its dot always, its words whenever it is not up.
func TestTopBarFits(t *testing.T) {
	links := []client.Status{client.Online, client.Connecting, client.Reconnecting, client.Closed}
	for _, sz := range sizes {
		for _, lang := range cards.Langs {
			t.Run(sz.name+"/"+string(lang), func(t *testing.T) {
				d := NewDriver(sz.w, sz.h, sz.dpr, lang, measure)
				defer d.Close()
				if err := d.StartSolo(nil, 11); err != nil {
					t.Fatal(err)
				}
				c := d.C
				c.M.View.Settings.Title = "Digitale strategie — Museum Arnhem"
				c.M.View.Timer = game.Timer{Running: true, EndsAt: d.Now + 15*60_000}
				for _, mode := range []model.Mode{model.ModeSolo, model.ModeRelay} {
					c.M.Mode, c.M.Room = mode, "WWWMMM"
					for _, link := range links {
						if mode == model.ModeSolo && link != client.Online {
							continue // practice has no link to lose
						}
						c.M.Conn = link
						for _, screen := range []bool{false, true} {
							c.M.BigScreen = screen
							c.build()
							where := fmt.Sprintf("%s, link %v, meeting-room screen %v", mode, link, screen)
							checkTopBar(t, c, where)
						}
						c.M.BigScreen = false
					}
				}
			})
		}
	}
}

// barMark is something the top bar paints that must stand alone: a line of text, a glyph,
// the link's dot.
type barMark struct {
	what string
	r    layout.Rect
	item int
}

func checkTopBar(t *testing.T, c *Controller, where string) {
	t.Helper()
	f := c.Frame()
	u, compact := metrics(c.w, c.h, c.dpr, c.M.BigScreen)
	b := &layout.Builder{U: u, Compact: compact}
	bar := layout.R(0, 0, f.W, b.S(c.topHeight(b)))
	var marks []barMark
	var grounds []barMark // chips, pills and buttons: what marks lie on
	dots := 0
	for i, it := range f.Items {
		if it.Rect.MaxY() > bar.MaxY()+0.5 || it.Rect.W >= f.W/2 {
			continue // the content, or the bar itself
		}
		switch {
		case it.Kind == layout.Text:
			for j, line := range it.Lines {
				w := measure.Width(line, it.Size, it.Bold)
				x := it.Rect.X
				switch it.Align {
				case layout.Center:
					x += (it.Rect.W - w) / 2
				case layout.Right:
					x += it.Rect.W - w
				}
				lh := layout.LineHeight(it.Size)
				marks = append(marks, barMark{fmt.Sprintf("text %q", line), layout.R(x, it.Rect.Y+float64(j)*lh, w, lh), i})
			}
		case it.Kind == layout.Icon:
			s := it.Size
			marks = append(marks, barMark{fmt.Sprintf("glyph %U", it.Glyph), layout.R(it.Rect.CX()-s/2, it.Rect.CY()-s/2, s, s), i})
		case it.Kind == layout.Fill && it.Rect.W <= b.S(12) && it.Rect.H <= b.S(12):
			dots++
			marks = append(marks, barMark{"the link's dot", it.Rect, i})
		case it.Kind == layout.Fill:
			grounds = append(grounds, barMark{fmt.Sprintf("chip %+v", it.Rect), it.Rect, i})
		}
	}
	const eps = 0.5
	shrink := func(r layout.Rect) layout.Rect { return layout.R(r.X+eps, r.Y+eps, r.W-2*eps, r.H-2*eps) }
	for i, a := range marks {
		if a.r.X < -eps || a.r.MaxX() > f.W+eps {
			t.Errorf("%s: %s at %+v lies outside the %v wide screen", where, a.what, a.r, f.W)
		}
		for _, o := range marks[i+1:] {
			if shrink(a.r).Overlaps(o.r) {
				t.Errorf("%s: %s at %+v and %s at %+v lie on each other", where, a.what, a.r, o.what, o.r)
			}
		}
		for _, g := range grounds {
			switch {
			case !shrink(a.r).Overlaps(g.r):
			case g.item > a.item:
				t.Errorf("%s: %s at %+v is covered by the %s painted after it", where, a.what, a.r, g.what)
			case !shrink(a.r).Within(g.r):
				t.Errorf("%s: %s at %+v sticks out of the %s", where, a.what, a.r, g.what)
			}
		}
	}
	for i, g := range grounds {
		for _, o := range grounds[i+1:] {
			if shrink(g.r).Overlaps(o.r) && !g.r.Within(o.r) && !o.r.Within(g.r) {
				t.Errorf("%s: the %s and the %s lie on each other", where, g.what, o.what)
			}
		}
	}
	if dots != 1 {
		t.Errorf("%s: %d dots for the link, want 1", where, dots)
	}
	if c.M.Conn != client.Online {
		text, _ := c.connText()
		found := false
		for _, it := range f.Items {
			for _, line := range it.Lines {
				found = found || (it.Kind == layout.Text && line == text)
			}
		}
		if !found {
			t.Errorf("%s: the link's state %q is not shown", where, text)
		}
	}
}
