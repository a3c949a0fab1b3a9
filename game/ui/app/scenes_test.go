package app

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/ui/i18n"
	"impactkaarten/game/ui/input"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
)

// sizes are the screens the client must serve: a laptop, a meeting-room screen, and
// phones in portrait (390×844 CSS pixels at one and at three device pixels per pixel, and
// the small 360×640 at one and two).
var sizes = []struct {
	name      string
	w, h, dpr float64
}{
	{"1280x720", 1280, 720, 1},
	{"1920x1080", 1920, 1080, 1},
	{"phone390", 390, 844, 1},
	{"phone390@3x", 1170, 2532, 3},
	{"phone360", 360, 640, 1},
	{"phone360@2x", 720, 1280, 2},
}

// checkFrame checks the promises a frame makes: ids unique, labels set and translated,
// nothing off screen, no two widgets on top of each other, no text wider than its box.
func checkFrame(t *testing.T, c *Controller, where string) {
	t.Helper()
	f := c.Frame()
	seen := map[string]bool{}
	bottom := max(f.H, f.ContentH)
	const eps = 0.5
	for i, w := range f.Widgets {
		if seen[w.ID] {
			t.Errorf("%s: widget id %q twice", where, w.ID)
		}
		seen[w.ID] = true
		if strings.TrimSpace(w.Label) == "" || i18n.Missing(w.Label) {
			t.Errorf("%s: widget %q has label %q", where, w.ID, w.Label)
		}
		r := w.Rect
		if r.X < -eps || r.MaxX() > f.W+eps || r.Y < -eps || r.MaxY() > bottom+eps {
			t.Errorf("%s: widget %q at %+v lies outside the %vx%v page (content %v)", where, w.ID, r, f.W, f.H, f.ContentH)
		}
		if w.Fixed && r.MaxY() > f.H+eps {
			t.Errorf("%s: fixed widget %q at %+v is below the screen", where, w.ID, r)
		}
		// A touch target is big enough for a finger; an info widget is read, not touched.
		if w.Kind != layout.Info && (r.W < 20*c.dpr || r.H < 20*c.dpr) {
			t.Errorf("%s: widget %q is %vx%v, too small to touch", where, w.ID, r.W, r.H)
		}
		for _, o := range f.Widgets[i+1:] {
			if w.Fixed != o.Fixed || !w.Rect.Overlaps(o.Rect) {
				continue
			}
			// A column holds its cards; a hand of many cards overlaps like real ones.
			if w.Kind == layout.Column || o.Kind == layout.Column || (w.Group == "hand" && o.Group == "hand") {
				continue
			}
			// A control on a card (taking a dot back) comes after it, so it lies on top and
			// takes the press, and lies wholly within it.
			if w.Kind == layout.Card && o.Rect.Within(w.Rect) {
				continue
			}
			t.Errorf("%s: widgets %q %+v and %q %+v overlap", where, w.ID, w.Rect, o.ID, o.Rect)
		}
	}
	// No widget is painted over by an opaque surface painted after it in the same layer
	// (a panel laid out too short lets the next panel cover its last button).
	last := map[int]int{} // widget index+1 → the last item that paints it
	for i, it := range f.Items {
		if it.Widget > 0 {
			last[it.Widget] = i
		}
	}
	for wi, li := range last {
		w := f.Widgets[wi-1]
		for _, it := range f.Items[li+1:] {
			if it.Kind != layout.Fill || it.Alpha != 0 || it.Widget != 0 || it.Fixed != w.Fixed {
				continue
			}
			if overlapArea(it.Rect, w.Rect) > 0.25*w.Rect.W*w.Rect.H {
				t.Errorf("%s: widget %q %+v is painted over by a surface at %+v", where, w.ID, w.Rect, it.Rect)
				break
			}
		}
	}
	for _, it := range f.Items {
		if it.Kind == layout.Text {
			for _, line := range it.Lines {
				if i18n.Missing(line) {
					t.Errorf("%s: untranslated text %q", where, line)
				}
				if wd := measure.Width(line, it.Size, it.Bold); wd > it.Rect.W+1 {
					t.Errorf("%s: text %q is %.0f wide in a box of %.0f", where, line, wd, it.Rect.W)
				}
			}
			if it.Rect.X < -eps || it.Rect.MaxX() > f.W+eps {
				t.Errorf("%s: text %q at %+v lies outside the screen", where, it.Lines, it.Rect)
			}
		}
		if it.Kind == layout.Face && it.Card != nil {
			fc := it.Card
			for _, line := range fc.Title {
				if wd := measure.Width(line, fc.TitleSize, true); fc.TitleX+wd > fc.W+1 {
					t.Errorf("%s: card title %q overflows its card", where, line)
				}
			}
			if n := float64(len(fc.Title)); !fc.Compact && fc.TitleY+n*layout.LineHeight(fc.TitleSize) > fc.H+1 {
				t.Errorf("%s: card %s title runs off the card", where, fc.ID)
			}
		}
	}
}

func TestScenesAtEverySize(t *testing.T) {
	for _, sz := range sizes {
		for _, lang := range cards.Langs {
			t.Run(sz.name+"/"+string(lang), func(t *testing.T) {
				d := NewDriver(sz.w, sz.h, sz.dpr, lang, measure)
				defer d.Close()
				err := d.Walk(func(step string) {
					checkFrame(t, d.C, step)
					checkReadable(t, d.C, step, sz.w/sz.dpr >= 1280)
				})
				if err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// overlapArea is the area two rectangles share.
func overlapArea(a, b layout.Rect) float64 {
	w := min(a.MaxX(), b.MaxX()) - max(a.X, b.X)
	h := min(a.MaxY(), b.MaxY()) - max(a.Y, b.Y)
	if w <= 0 || h <= 0 {
		return 0
	}
	return w * h
}

// TestRelayScenesAtEverySize checks what only a room on a relay shows — the join code and
// link, how long the room is kept, deleting it — at every size, by dressing a practice
// room up as one.
func TestRelayScenesAtEverySize(t *testing.T) {
	for _, sz := range sizes {
		for _, lang := range cards.Langs {
			t.Run(sz.name+"/"+string(lang), func(t *testing.T) {
				d := NewDriver(sz.w, sz.h, sz.dpr, lang, measure)
				defer d.Close()
				if err := d.StartSolo(nil, 5); err != nil {
					t.Fatal(err)
				}
				d.C.M.Mode, d.C.M.Room, d.C.M.JoinURL = model.ModeRelay, "K7P2QX", "https://kaarten.example.nl/?room=K7P-2QX"
				d.Settle()
				checkFrame(t, d.C, "lobby")
				for _, id := range []string{"lobby-copy-code", "lobby-copy-link", "lobby-retention-inc", "lobby-start", "lobby-guide", "lobby-print"} {
					if _, err := d.Widget(id); err != nil {
						t.Error(err)
					}
				}
				must(t, d.Click("lobby-retention-inc"))
				if got := d.View().Settings.RetentionDays; got != 60 {
					t.Errorf("retention after +: %d days, want 60", got)
				}
				must(t, d.Click("lobby-start"))
				must(t, d.Click("fac-export"))
				checkFrame(t, d.C, "export")
				if _, err := d.Widget("exp-delete"); err != nil {
					t.Error(err)
				}
			})
		}
	}
}

// checkReadable checks the texts the room reads aloud: on a screen 1280 wide and up, no
// card on the canvas cuts its reason and no column cuts its question; on a phone a card
// may show fewer lines, but its detail shows the whole reason.
func checkReadable(t *testing.T, c *Controller, where string, wide bool) {
	t.Helper()
	for _, w := range c.Widgets() {
		named := strings.HasPrefix(w.ID, "col-") || (strings.HasPrefix(w.ID, "cv-") && w.ID != "cv-pass") || strings.HasPrefix(w.ID, "dot-")
		if named && w.Elided && wide {
			t.Errorf("%s: widget %q (%s) cuts its text", where, w.ID, w.Label)
		}
	}
	if c.detail != "" {
		p := c.M.Placed(c.detail)
		found := false
		for _, it := range c.Frame().Items {
			// The dialog is fixed, or on a phone lies on the page when taller than the screen.
			if it.Kind == layout.Text && p != nil && strings.Contains(strings.Join(it.Lines, " "), p.Reason[:20]) {
				found = true
				if it.Elided {
					t.Errorf("%s: the card's detail cuts its reason: %q", where, it.Lines)
				}
			}
		}
		if p != nil && p.Reason != "" && !found {
			t.Errorf("%s: the card's detail does not show its reason %q", where, p.Reason)
		}
	}
}

// TestScreenScenes walks a session and checks each scene as the meeting-room screen shows
// it: read-only, no controls in its way, every reason and column question whole.
func TestScreenScenes(t *testing.T) {
	for _, sz := range sizes[:2] {
		for _, lang := range cards.Langs {
			t.Run(sz.name+"/"+string(lang), func(t *testing.T) {
				d := NewDriver(sz.w, sz.h, sz.dpr, lang, measure)
				defer d.Close()
				err := d.Walk(func(step string) {
					if step == "start" {
						return
					}
					d.AsScreen(func() {
						where := "screen " + step
						checkFrame(t, d.C, where)
						checkReadable(t, d.C, where, true)
						for _, w := range d.C.Frame().Widgets {
							switch {
							case w.ID == "bar-lang", w.ID == "bar-sound", w.ID == "bar-players", strings.HasPrefix(w.ID, "fac-"),
								strings.HasPrefix(w.ID, "lobby-"), strings.HasPrefix(w.ID, "vote-"), strings.HasPrefix(w.ID, "hand-"):
								t.Errorf("%s: the screen shows control %q", where, w.ID)
							}
						}
						checkScreenScene(t, d.C, step)
					})
				})
				if err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}

// screenContent names, per step of the walk, a widget each of the screen's own scenes
// must show (by the start of its id).
var screenContent = map[string][]string{
	"statements":           {"st-card", "scr-voted", "scr-seat-"},
	"statements-voted":     {"st-card", "scr-voted", "scr-seat-"},
	"statements-countdown": {"st-card", "scr-voted", "scr-countdown", "scr-seat-"},
	"statements-reveal":    {"st-card", "scr-stats", "scr-apart", "scr-seat-"},
	"dots":                 {"scr-title", "scr-rank-"},
	"dots-placed":          {"scr-title", "scr-rank-"},
	"actions":              {"scr-top", "scr-actions", "scr-card-"},
	"actions-added":        {"scr-top", "scr-actions", "scr-action-"},
	"report":               {"scr-title", "scr-who", "scr-st-", "scr-rank-", "scr-action-"},
}

// checkScreenScene checks a scene of the meeting-room screen of its own: it shows its
// content, none of it cut, and nothing to press but the quiet way out in the corner.
func checkScreenScene(t *testing.T, c *Controller, step string) {
	t.Helper()
	want, ok := screenContent[step]
	if !ok {
		return
	}
	ws := c.Widgets()
	for _, pre := range want {
		found := false
		for _, w := range ws {
			found = found || strings.HasPrefix(w.ID, pre)
		}
		if !found {
			t.Errorf("screen %s: no widget %s…", step, pre)
		}
	}
	for _, w := range ws {
		if w.Enabled && w.ID != "bar-leave" {
			t.Errorf("screen %s: control %q (%s)", step, w.ID, w.Label)
		}
		if w.Elided {
			t.Errorf("screen %s: %q cuts its text (%s)", step, w.ID, w.Label)
		}
		if (step == "statements" || step == "statements-voted") && strings.HasPrefix(w.ID, "scr-seat-") && strings.ContainsAny(w.Label, "12345") {
			t.Errorf("screen %s: %q tells a vote before the reveal: %s", step, w.ID, w.Label)
		}
	}
}

// TestSpotlight puts the statement and a canvas card in the spotlight: the facilitator,
// and the meeting-room screen, show it large and whole; clearing it takes it away.
func TestSpotlight(t *testing.T) {
	for _, sz := range []int{0, 2} {
		size := sizes[sz]
		t.Run(size.name, func(t *testing.T) {
			d := NewDriver(size.w, size.h, size.dpr, cards.NL, measure)
			defer d.Close()
			must(t, d.StartSolo(nil, 3))
			must(t, d.Click("lobby-start"))
			must(t, d.Click("fac-spotlight"))
			lit := func(want string) {
				t.Helper()
				sp := d.View().Spotlight
				if sp == nil || sp.Card != want {
					t.Fatalf("spotlight %+v, want %s", sp, want)
				}
				for _, who := range []string{"facilitator", "screen"} {
					look := func() {
						checkFrame(t, d.C, "spotlight "+who)
						found := false
						for _, it := range d.C.Frame().Items {
							if it.Kind == layout.Text && it.Fixed && strings.HasPrefix(strings.Join(it.Lines, " "), d.C.M.CardTitle(want)[:8]) {
								found = true
							}
							if it.Kind == layout.Text && it.Fixed && it.Elided {
								t.Errorf("%s: the spotlight cuts %q", who, it.Lines)
							}
						}
						if !found {
							t.Errorf("%s does not show %s in the spotlight", who, want)
						}
					}
					if who == "screen" {
						if size.w/size.dpr >= 1280 {
							d.AsScreen(look)
						}
					} else {
						look()
					}
				}
			}
			lit(d.View().Rounds[0].Card)
			must(t, d.Click("spot-clear"))
			if d.View().Spotlight != nil {
				t.Fatal("the spotlight stayed on")
			}
			must(t, d.NextPhase())
			must(t, d.PlayTurns(2))
			card := d.View().Canvas[0].Card
			must(t, d.Click("cv-"+card))
			must(t, d.Click("spot-card-"+card))
			lit(card)
		})
	}
}

// TestPhoneStatementWhole checks that on a phone the statement being voted on shows whole,
// with its context, at both phone sizes; and that scrolled to its end the page brings the
// end of the context clear above the vote's bar docked along the bottom.
func TestPhoneStatementWhole(t *testing.T) {
	for _, sz := range sizes[2:] {
		for _, lang := range cards.Langs {
			t.Run(sz.name+"/"+string(lang), func(t *testing.T) {
				d := NewDriver(sz.w, sz.h, sz.dpr, lang, measure)
				defer d.Close()
				must(t, d.StartSolo(nil, 3))
				must(t, d.Click("lobby-start"))
				for _, it := range d.C.Frame().Items {
					if it.Kind == layout.Face && it.Card != nil && it.Card.ID == d.View().Rounds[0].Card {
						if it.Card.Elided || len(it.Card.Body) == 0 {
							t.Errorf("the statement shows %q / %q, cut %v", it.Card.Title, it.Card.Body, it.Card.Elided)
						}
					}
				}
				d.C.scroll = 1e9
				d.Settle()
				f := d.C.Frame()
				card := f.Widget("st-card")
				if card == nil {
					t.Fatal("no statement card on screen")
				}
				fc := faceOf(f, "st-card")
				end := f.Screen(card).Y + fc.BodyY + float64(len(fc.Body))*layout.LineHeight(fc.BodySize)
				dock := f.H
				for _, bar := range f.Bars {
					if bar.Y > f.H/2 {
						dock = min(dock, bar.Y)
					}
				}
				if dock == f.H {
					t.Fatal("no vote bar along the bottom")
				}
				if end > dock+0.5 {
					t.Errorf("scrolled to the end, the statement's context ends at %.0f, under the bar at %.0f", end, dock)
				}
			})
		}
	}
}

// TestSceneOpensAtTop scrolls the statement on a phone and moves on to the canvas: the
// canvas opens at its top, and no widget counts as visible under a bar.
func TestSceneOpensAtTop(t *testing.T) {
	d := NewDriver(390, 844, 2, cards.NL, measure)
	defer d.Close()
	must(t, d.StartSolo(nil, 1))
	must(t, d.Click("lobby-start"))
	d.C.scroll = 1e6
	d.Tick(input.Snapshot{X: -1, Y: -1})
	if d.C.scroll == 0 {
		t.Fatal("the statement scene does not scroll; the test needs a scrolled page")
	}
	must(t, d.NextPhase())
	if d.C.scroll != 0 {
		t.Errorf("the canvas opened scrolled by %v", d.C.scroll)
	}
	d.C.scroll = 300
	d.Tick(input.Snapshot{X: -1, Y: -1})
	f := d.C.Frame()
	for _, w := range d.C.Widgets() {
		// Cards in a full hand overlap like real ones; each shows a strip of itself.
		if !w.Visible || strings.HasPrefix(w.ID, "bar-") || strings.HasPrefix(w.ID, "fac-") || strings.HasPrefix(w.ID, "hand-") {
			continue
		}
		x, y := (w.X+w.W/2)*2, (w.Y+w.H/2)*2
		if h := f.Hit(x, y); h == nil || h.ID != w.ID {
			t.Errorf("widget %s is listed visible at %+v, but a press at its centre reaches %v", w.ID, w, h)
		}
	}
}

// TestSpotlightAction lights an action from its row and shows it with its owner.
func TestSpotlightAction(t *testing.T) {
	d := NewDriver(1280, 720, 1, cards.NL, measure)
	defer d.Close()
	must(t, d.StartSolo(nil, 1))
	must(t, d.Click("lobby-start"))
	must(t, d.NextPhase())
	must(t, d.PlayTurns(2))
	must(t, d.NextPhase())
	must(t, d.NextPhase())
	must(t, d.Click("act-text"))
	d.Type("Proef met een livestream")
	must(t, d.Click("act-owner"))
	d.Type("Bas")
	must(t, d.Click("act-add"))
	id := d.View().Actions[0].ID
	must(t, d.Click("spot-action-"+layout.Itoa(id)))
	if sp := d.View().Spotlight; sp == nil || sp.Action != id {
		t.Fatalf("spotlight %+v", sp)
	}
	checkFrame(t, d.C, "action in the spotlight")
	found := false
	for _, it := range d.C.Frame().Items {
		if it.Kind == layout.Text && it.Fixed && strings.Contains(strings.Join(it.Lines, " "), "Bas") {
			found = true
		}
	}
	if !found {
		t.Error("the spotlight does not name the action's owner")
	}
}

// phoneSizes are the two phones the client must serve, at the pixel ratios phones have.
var phoneSizes = []struct {
	name      string
	w, h, dpr float64
}{
	{"360x640@2", 720, 1280, 2},
	{"390x844@3", 1170, 2532, 3},
}

// TestPhoneVoteUnderThumb checks that on a phone the five vote buttons are on screen
// without scrolling, in the lower part where a thumb reaches, for the facilitator (who
// has a bar of their own along the bottom) and a player; and that nothing of the page
// can be pressed under the bars, however far it is scrolled.
func TestPhoneVoteUnderThumb(t *testing.T) {
	for _, sz := range phoneSizes {
		for _, lang := range cards.Langs {
			t.Run(sz.name+"/"+string(lang), func(t *testing.T) {
				d := NewDriver(sz.w, sz.h, sz.dpr, lang, measure)
				defer d.Close()
				must(t, d.StartSolo(nil, 3))
				must(t, d.Click("lobby-start"))
				for _, scroll := range []float64{0, 1e9} {
					d.C.scroll = scroll
					d.Settle()
					ws := d.C.Widgets()
					for v := 1; v <= 5; v++ {
						id := "vote-" + strconv.Itoa(v)
						var w *WidgetInfo
						for i := range ws {
							if ws[i].ID == id {
								w = &ws[i]
							}
						}
						switch {
						case w == nil:
							t.Fatalf("no %s", id)
						case !w.Visible || w.Y < sz.h/sz.dpr/2 || w.Y+w.H > sz.h/sz.dpr:
							t.Errorf("scrolled %v: %s at %+v is not in the lower half of the %v-high screen", scroll, id, *w, sz.h/sz.dpr)
						}
					}
				}
				checkUnderBars(t, d.C, "statement")
			})
		}
	}
}

// checkUnderBars fails when, at the top and at the end of the page, a widget of the page
// is published as visible where a bar lies over it, or the end of the page stays under a
// bar.
func checkUnderBars(t *testing.T, c *Controller, where string) {
	t.Helper()
	for _, scroll := range []float64{0, 1e9} {
		c.scroll = scroll
		c.clampScroll()
		c.frame.Scroll = c.scroll
		f := c.Frame()
		for i := range f.Widgets {
			w := &f.Widgets[i]
			r, ok := f.Tappable(w)
			if w.Fixed || !ok {
				continue
			}
			for _, bar := range f.Bars {
				if r.Overlaps(bar) {
					t.Errorf("%s, scrolled %v: %s's tappable part %+v lies under the bar %+v", where, c.scroll, w.ID, r, bar)
				}
			}
		}
		if scroll > 0 {
			lowest := 0.0
			for i := range f.Widgets {
				if w := &f.Widgets[i]; !w.Fixed {
					lowest = math.Max(lowest, f.Screen(w).MaxY())
				}
			}
			top := f.H
			for _, bar := range f.Bars {
				if bar.Y > f.H/2 {
					top = math.Min(top, bar.Y)
				}
			}
			if lowest > top+0.5 {
				t.Errorf("%s: scrolled to the end, the page's last widget ends at %v, under the bar at %v", where, lowest, top)
			}
		}
	}
	c.scroll = 0
}

// TestPhoneRowsWhole checks the lists a phone shows one row per item: the dot ranking, the
// top cards and the actions wrap a long title or action onto more lines rather than cutting
// it, at both phone widths, at one and two device pixels per pixel, in both languages; the
// captions of buttons and switches are whole too; and the top bar carries the session's
// title shortened at a whole word.
func TestPhoneRowsWhole(t *testing.T) {
	phones := []struct {
		name      string
		w, h, dpr float64
	}{
		{"390x844", 390, 844, 1}, {"390x844@2", 780, 1688, 2},
		{"360x640", 360, 640, 1}, {"360x640@2", 720, 1280, 2},
	}
	rows := map[string][]string{
		"dots":          {"rank-"},
		"dots-placed":   {"rank-"},
		"actions":       {"act-card-"},
		"actions-added": {"act-card-", "act-item-"},
		// Captions that must not be cut either: a question's answers, the seat buttons, the
		// switches of the lobby.
		"confirm":      {"confirm-yes", "confirm-no"},
		"lobby-drawer": {"seat-"},
		"lobby-shaped": {"lobby-autoreveal", "lobby-anonymous", "lobby-phase-"},
	}
	for _, sz := range phones {
		for _, lang := range cards.Langs {
			t.Run(sz.name+"/"+string(lang), func(t *testing.T) {
				d := NewDriver(sz.w, sz.h, sz.dpr, lang, measure)
				defer d.Close()
				wrapped := false
				err := d.Walk(func(step string) {
					if step == "lobby-shaped" {
						checkBarTitle(t, d.C, step)
					}
					prefixes := rows[step]
					if prefixes == nil {
						return
					}
					d.C.scroll = 1e9 // rows far down are laid out alike; Elided is per widget
					d.Settle()
					found := map[string]int{}
					for _, w := range d.C.Widgets() {
						for _, pre := range prefixes {
							if !strings.HasPrefix(w.ID, pre) {
								continue
							}
							found[pre]++
							if w.Elided {
								t.Errorf("%s: %s (%q) cuts its text", step, w.ID, w.Label)
							}
							wrapped = wrapped || w.H > 60
						}
					}
					for _, pre := range prefixes {
						if found[pre] == 0 {
							t.Errorf("%s: no row %s…", step, pre)
						}
					}
					d.C.scroll = 0
					d.Settle()
				})
				if err != nil {
					t.Fatal(err)
				}
				if !wrapped {
					t.Error("no row took more than one line: the walk's long titles and actions were not laid out")
				}
			})
		}
	}
}

// checkBarTitle checks that the top bar shows the session's title, or the part of it up to
// a whole word followed by an ellipsis.
func checkBarTitle(t *testing.T, c *Controller, where string) {
	t.Helper()
	title := c.M.View.Settings.Title
	for _, it := range c.Frame().Items {
		if it.Kind != layout.Text || !it.Fixed || len(it.Lines) != 1 {
			continue
		}
		line := it.Lines[0]
		if line == title {
			return
		}
		if head, ok := strings.CutSuffix(line, "…"); ok && head != "" && strings.HasPrefix(title, head) {
			if next := title[len(head):]; next[0] != ' ' && !strings.HasPrefix(strings.TrimLeft(next, "-–—,;:·"), " ") {
				t.Errorf("%s: the bar cuts the title %q mid-word: %q", where, title, line)
			}
			return
		}
	}
	t.Errorf("%s: the bar does not show the session's title %q", where, title)
}

// TestPhoneHand checks the hand on a phone: every card a row with its whole title, and a
// card picked up clear of the pass button.
func TestPhoneHand(t *testing.T) {
	for _, sz := range phoneSizes {
		for _, lang := range cards.Langs {
			t.Run(sz.name+"/"+string(lang), func(t *testing.T) {
				d := NewDriver(sz.w, sz.h, sz.dpr, lang, measure)
				defer d.Close()
				must(t, d.StartSolo(nil, 3))
				must(t, d.Click("lobby-start"))
				must(t, d.NextPhase())
				if !d.C.M.MyTurn() {
					t.Fatal("the practice room's first turn is not the facilitator's")
				}
				must(t, d.Click("hand-"+d.View().Hand[0]))
				pass, err := d.Widget("cv-pass")
				must(t, err)
				for _, w := range d.C.Frame().Widgets {
					if !strings.HasPrefix(w.ID, "hand-") {
						continue
					}
					if w.Rect.Overlaps(pass.Rect) {
						t.Errorf("%s %+v lies over the pass button %+v", w.ID, w.Rect, pass.Rect)
					}
				}
				for _, it := range d.C.Frame().Items {
					if it.Kind == layout.Face && it.Card != nil && strings.HasPrefix(it.Key, "card:") && slices.Contains(d.View().Hand, it.Card.ID) {
						if n := len(it.Card.Title); n == 0 || strings.HasSuffix(it.Card.Title[n-1], "…") {
							t.Errorf("hand card %s shows its title cut: %q", it.Card.ID, it.Card.Title)
						}
					}
				}
				checkUnderBars(t, d.C, "canvas")
			})
		}
	}
}

// TestScreenFullRoom checks the screen's own scenes with a full room: twelve seats in the
// vote, and a canvas of long reasons in the ranking, at both screen sizes: lists too long
// for the screen end in "and N more", nothing is cut, nothing overlaps.
func TestScreenFullRoom(t *testing.T) {
	for _, sz := range sizes[:2] {
		t.Run(sz.name, func(t *testing.T) {
			d := NewDriver(sz.w, sz.h, sz.dpr, cards.NL, measure)
			defer d.Close()
			must(t, d.StartSolo(nil, 11))
			must(t, d.Click("lobby-start"))
			look := func(step string) {
				d.AsScreen(func() {
					checkFrame(t, d.C, "full room, screen "+step)
					checkScreenScene(t, d.C, step)
				})
			}
			look("statements")
			must(t, d.Click("vote-2"))
			d.Step() // the practice players vote, and the countdown to the reveal starts
			d.Now += game.RevealCountdown
			d.Step()
			look("statements-reveal")
			must(t, d.NextPhase())
			must(t, d.PlayTurns(24))
			must(t, d.NextPhase())
			look("dots")
			d.AsScreen(func() {
				if _, err := d.Widget("scr-ranking-more"); err != nil {
					t.Errorf("24 cards on the screen's ranking and no line saying how many more: %v", err)
				}
			})
		})
	}
}
