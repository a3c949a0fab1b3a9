package app

import (
	"strings"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game/ui/layout"
)

// fitSizes are the screens the meeting room uses: a laptop, the big screen's size, and
// both phones (one at two device pixels per pixel).
var fitSizes = []struct {
	name      string
	w, h, dpr float64
}{
	{"1280x720", 1280, 720, 1},
	{"1920x1080", 1920, 1080, 1},
	{"390x844", 390, 844, 1},
	{"360x640@2", 720, 1280, 2},
}

// faceOf returns the card face a widget shows.
func faceOf(f *layout.Frame, id string) *layout.FaceInfo {
	for _, it := range f.Items {
		if it.Kind == layout.Face && it.Widget > 0 && f.Widgets[it.Widget-1].ID == id {
			return it.Card
		}
	}
	return nil
}

// TestDotTakenBackOnTheCard checks the dot vote for a seat that places dots: every card
// keeps its column's width (the button that takes a dot back lies on the card, not beside
// it), the button lies in the card's own row below its text, is large enough to tap and
// named after the card, and pressing it takes one dot back.
func TestDotTakenBackOnTheCard(t *testing.T) {
	for _, sz := range fitSizes {
		for _, lang := range cards.Langs {
			t.Run(sz.name+"/"+string(lang), func(t *testing.T) {
				d := NewDriver(sz.w, sz.h, sz.dpr, lang, measure)
				defer d.Close()
				must(t, d.StartSolo(nil, 3))
				must(t, d.Click("lobby-start"))
				must(t, d.NextPhase())
				must(t, d.PlayTurns(8))
				must(t, d.NextPhase())
				one, two := d.View().Canvas[0].Card, d.View().Canvas[1].Card
				must(t, d.Click("dot-"+one))
				must(t, d.Click("dot-"+one))
				must(t, d.Click("dot-"+two))
				checkFrame(t, d.C, "dots placed")
				u, _ := metrics(sz.w, sz.h, sz.dpr, false)
				f := d.C.Frame()
				cols := map[string]layout.Rect{}
				for _, w := range f.Widgets {
					if strings.HasPrefix(w.ID, "col-") {
						cols[w.ID] = w.Rect
					}
				}
				for _, p := range d.View().Canvas {
					card := f.Widget("dot-" + p.Card)
					if card == nil {
						t.Fatalf("no card dot-%s", p.Card)
					}
					col := cols["col-"+string(p.Part)]
					if want := col.W - 16*u; card.Rect.W < want-0.5 {
						t.Errorf("card %s is %.0f wide in a column of %.0f, want %.0f", p.Card, card.Rect.W, col.W, want)
					}
					undo := f.Widget("undot-" + p.Card)
					mine := d.C.M.MyDots(p.Card)
					switch {
					case mine == 0 && undo != nil:
						t.Errorf("card %s without my dots offers to take one back", p.Card)
					case mine > 0 && undo == nil:
						t.Errorf("card %s with %d of my dots has no button to take one back", p.Card, mine)
					case mine > 0:
						if !undo.Rect.Within(card.Rect) {
							t.Errorf("undot-%s %+v is not on its card %+v", p.Card, undo.Rect, card.Rect)
						}
						fc := faceOf(f, card.ID)
						text := card.Rect.Y + fc.BodyY + float64(len(fc.Body))*layout.LineHeight(fc.BodySize)
						if undo.Rect.Y < text-0.5 {
							t.Errorf("undot-%s at %+v covers the card's text, which ends at %.1f", p.Card, undo.Rect, text)
						}
						if undo.Rect.W < 40*u || undo.Rect.H < 30*u {
							t.Errorf("undot-%s is %.0fx%.0f, too small to tap", p.Card, undo.Rect.W, undo.Rect.H)
						}
						if title := d.C.M.CardTitle(p.Card); !strings.Contains(undo.Label, title) {
							t.Errorf("undot-%s is labelled %q, not after its card %q", p.Card, undo.Label, title)
						}
					}
				}
				left := d.C.M.DotsLeft()
				must(t, d.Click("undot-"+one))
				if got := d.C.M.MyDots(one); got != 1 {
					t.Errorf("after taking a dot back: %d of my dots on %s, want 1", got, one)
				}
				if got := d.C.M.DotsLeft(); got != left+1 {
					t.Errorf("after taking a dot back: %d dots left, want %d", got, left+1)
				}
			})
		}
	}
}

// TestCardDetailShowsTheReason opens every card of a full canvas, each with a reason as
// long as a player may write: beside the notes, the card itself shows its text and the
// player's whole reason, wrapped over the room the card has.
func TestCardDetailShowsTheReason(t *testing.T) {
	for _, sz := range fitSizes[:2] {
		for _, lang := range cards.Langs {
			t.Run(sz.name+"/"+string(lang), func(t *testing.T) {
				d := NewDriver(sz.w, sz.h, sz.dpr, lang, measure)
				defer d.Close()
				must(t, d.StartSolo(nil, 3))
				must(t, d.Click("lobby-start"))
				must(t, d.NextPhase())
				must(t, d.PlayTurns(8))
				for _, p := range d.View().Canvas {
					must(t, d.Click("cv-"+p.Card))
					checkFrame(t, d.C, "detail "+p.Card)
					var fc *layout.FaceInfo
					for _, it := range d.C.Frame().Items {
						if it.Kind == layout.Face && it.Fixed && it.Card != nil && it.Card.ID == p.Card {
							fc = it.Card
						}
					}
					switch {
					case fc == nil:
						t.Errorf("the detail of %s shows no card", p.Card)
					case fc.Elided || len(fc.Footer) < 2:
						t.Errorf("the detail of %s cuts its card: title %q body %q footer %q", p.Card, fc.Title, fc.Body, fc.Footer)
					}
					must(t, d.Click("detail-close"))
				}
			})
		}
	}
}

// TestFacBarOneRow walks a session at every size in both languages: wherever the
// facilitator's bar shows, its captions are whole, and every control the engine offers is
// in the bar or in its labelled menu; on a laptop and larger the buttons stand on one row,
// on a phone the main ones (what comes next) are on the bar itself.
func TestFacBarOneRow(t *testing.T) {
	for _, sz := range fitSizes {
		for _, lang := range cards.Langs {
			t.Run(sz.name+"/"+string(lang), func(t *testing.T) {
				d := NewDriver(sz.w, sz.h, sz.dpr, lang, measure)
				defer d.Close()
				bars := 0
				err := d.Walk(func(step string) {
					c := d.C
					if c.M.View == nil || c.modal() != nil {
						return
					}
					var row []layout.Widget
					for _, w := range c.Frame().Widgets {
						if w.Fixed && strings.HasPrefix(w.ID, "fac-") {
							row = append(row, w)
						}
					}
					if len(row) == 0 {
						return
					}
					bars++
					wide := sz.w/sz.dpr >= 1280
					for _, w := range row {
						if wide && w.Rect.Y != row[0].Rect.Y {
							t.Errorf("%s: %s at %+v wraps onto another row than %s at %+v", step, w.ID, w.Rect, row[0].ID, row[0].Rect)
						}
						if c.Frame().Elided(&w) {
							t.Errorf("%s: %s cuts its caption %q", step, w.ID, w.Label)
						}
					}
					for _, fb := range c.facButtons() {
						if fb.style == layout.Primary && c.Frame().Widget(fb.id) == nil {
							t.Errorf("%s: the main control %s is not on the bar", step, fb.id)
						}
						if !hasControl(c, fb.id) {
							t.Errorf("%s: %s is neither in the bar nor in its menu", step, fb.id)
						}
					}
				})
				if err != nil {
					t.Fatal(err)
				}
				if bars < 10 {
					t.Errorf("the facilitator's bar showed at only %d steps", bars)
				}
			})
		}
	}
}

// TestScreenLobbyJoin checks how the meeting-room screen's lobby tells the room to join,
// with the session's title over it: the link breaks, if it must, before its query so the
// room's code in it is whole on one line, and the QR code keeps a size a phone can scan
// from a seat.
func TestScreenLobbyJoin(t *testing.T) {
	for _, sz := range fitSizes[:2] {
		for _, lang := range cards.Langs {
			t.Run(sz.name+"/"+string(lang), func(t *testing.T) {
				d := NewDriver(sz.w, sz.h, sz.dpr, lang, measure)
				defer d.Close()
				looked := false
				err := d.Walk(func(step string) {
					if step != "lobby-shaped" {
						return
					}
					d.AsScreen(func() {
						looked = true
						f := d.C.Frame()
						code, qr := false, 0.0
						for _, it := range f.Items {
							if it.Kind == layout.Text {
								for _, line := range it.Lines {
									code = code || strings.HasSuffix(line, "?room=K7P-2QX")
								}
							}
							if it.Kind == layout.Fill && it.Color == 0xFFFFFF && it.Rect.W == it.Rect.H {
								qr = max(qr, it.Rect.W)
							}
						}
						if !code {
							t.Errorf("no line of the screen's lobby shows the link's query whole: %s", pageText(f))
						}
						if qr < 0.17*f.H {
							t.Errorf("the QR code is %.0f high on a screen %.0f high", qr, f.H)
						}
					})
				})
				if err != nil {
					t.Fatal(err)
				}
				if !looked {
					t.Fatal("the walk has no lobby-shaped step")
				}
			})
		}
	}
}
