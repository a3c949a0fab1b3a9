package app

import (
	"errors"
	"strings"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/ui/input"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
)

// checkActions fails for every widget of the frame that can be pressed — enabled, and
// neither a text field nor read-only text — but carries no action: pressing it would do
// nothing, since no click is routed by its id.
func checkActions(t *testing.T, c *Controller, where string) int {
	t.Helper()
	n := 0
	for _, w := range c.Frame().Widgets {
		if !w.Enabled || w.Kind == layout.TextField || w.Kind == layout.Info {
			continue
		}
		n++
		if _, ok := w.Action.(action); !ok {
			t.Errorf("%s, seat %d: %s %q (%q) can be pressed but has no action (%T)", where, c.M.Seat, w.Kind, w.ID, w.Label, w.Action)
		}
	}
	return n
}

// lookWith lays the scene out with some local state changed (a dialog open), checks its
// controls, and puts the state back.
func lookWith(t *testing.T, c *Controller, where string, open, close func()) int {
	t.Helper()
	open()
	c.build()
	n := checkActions(t, c, where)
	close()
	c.build()
	return n
}

// TestEveryControlActs walks a practice session at a laptop's and a phone's size and, at
// every step, looks at the scene as the facilitator, as two players and as the
// meeting-room screen, and with each dialog open that the step allows: every control that
// can be pressed carries an action.
func TestEveryControlActs(t *testing.T) {
	for _, sz := range []int{0, 2} {
		size := sizes[sz]
		t.Run(size.name, func(t *testing.T) {
			d := NewDriver(size.w, size.h, size.dpr, cards.NL, measure)
			defer d.Close()
			c := d.C
			pressed := 0
			err := d.Walk(func(step string) {
				pressed += checkActions(t, c, step)
				if c.M.View == nil {
					return
				}
				if c.confirm != nil || c.play != nil || c.detail != "" || c.exportOpen {
					return // the dialog is the facilitator's own, and checked as it is
				}
				// The dialogs this step can open.
				pressed += lookWith(t, c, step+" drawer", func() { c.drawer = true }, func() { c.drawer = false })
				if c.Frame().Widget("fac-menu") != nil {
					pressed += lookWith(t, c, step+" menu", func() { c.facMenu = true }, func() { c.facMenu = false })
				}
				if c.M.Leads() && promptScene(c.M.Scene()) {
					pressed += lookWith(t, c, step+" prompts", func() { c.openPrompts() }, func() { c.promptsOpen = false })
				}
				if c.M.Scene() == model.SceneActions {
					pressed += lookWith(t, c, step+" date", func() { toggleDuePicker{}.run(c) }, func() { c.due.open = false })
				}
				if c.M.Scene() == model.SceneLobby {
					pressed += lookWith(t, c, step+" problems", func() {
						c.ShowProblems("deck.csv", cards.Problems{{Line: 2, Field: "title_en", Message: cards.Text{NL: "de Engelse vertaling ontbreekt", EN: "missing English translation"}}})
					},
						func() { c.problems = nil })
				}
				if r := c.M.Round(); r != nil {
					view := c.M.View
					lit := *view
					lit.Spotlight = &game.Spot{Card: r.Card}
					pressed += lookWith(t, c, step+" spotlight", func() { c.M.View = &lit }, func() { c.M.View = view })
				}
				d.AsScreen(func() { pressed += checkActions(t, c, step+" screen") })
				// The same scene from the practice players' seats.
				st := d.Solo.State()
				seat, view := c.M.Seat, c.M.View
				for _, other := range []game.SeatID{2, 3} {
					v := game.View(st, other)
					pressed += lookWith(t, c, step+" player", func() { c.M.Seat, c.M.View = other, &v }, func() { c.M.Seat, c.M.View = seat, view })
				}
			})
			if err != nil {
				t.Fatal(err)
			}
			// Waiting for a room.
			c.Connecting(model.ModeRelay, "K7P2QX", "")
			c.build()
			pressed += checkActions(t, c, "connecting")
			if pressed < 200 {
				t.Fatalf("only %d controls looked at", pressed)
			}
		})
	}
}

// TestFreeTableControlsAct does the same at the free table, which the walk does not reach:
// taking a card, picking it up, playing it and opening it on the canvas.
func TestFreeTableControlsAct(t *testing.T) {
	for _, sz := range []int{0, 2} {
		size := sizes[sz]
		t.Run(size.name, func(t *testing.T) {
			d := NewDriver(size.w, size.h, size.dpr, cards.NL, measure)
			defer d.Close()
			must(t, d.StartSolo(nil, 2))
			must(t, d.Click("lobby-free"))
			checkActions(t, d.C, "lobby, free table")
			must(t, d.Click("lobby-start"))
			if sc := d.C.M.Scene(); sc != model.SceneFree {
				t.Fatalf("scene %s, want the free table", sc)
			}
			checkActions(t, d.C, "free table")
			must(t, d.Click("free-take"))
			checkActions(t, d.C, "card taken")
			card := d.View().Hand[0]
			must(t, d.Click("hand-"+card))
			must(t, d.Click("col-"+string(cards.Impact)))
			checkActions(t, d.C, "play dialog")
			if c := d.C.M.Card(card); c != nil && c.Kind == cards.Blank {
				must(t, d.Click("play-title"))
				d.Type("Eigen idee")
				must(t, d.Click("play-reason"))
			}
			d.Type("Aan tafel bedacht")
			must(t, d.Click("play-confirm"))
			if d.C.M.Placed(card) == nil {
				t.Fatal("the card was not played")
			}
			must(t, d.Click("cv-"+card))
			checkActions(t, d.C, "detail")
		})
	}
}

// TestEscapeClosesTheDialog presses Escape with each dialog open, and with a card picked
// up: the dialog the scene shows closes (through the same action as its close button) and
// the focus goes back to what opened it.
func TestEscapeClosesTheDialog(t *testing.T) {
	tests := []struct {
		name  string
		phone bool
		open  func(d *Driver) error
		shut  func(c *Controller) bool
		focus string
	}{
		{"drawer", false, func(d *Driver) error { return d.Click("bar-players") }, func(c *Controller) bool { return !c.drawer }, "bar-players"},
		{"menu", true, func(d *Driver) error { return d.Click("fac-menu") }, func(c *Controller) bool { return !c.facMenu }, "fac-menu"},
		{"confirm", false, func(d *Driver) error { return d.Click("bar-leave") }, func(c *Controller) bool { return c.confirm == nil }, ""},
		{"export", false, func(d *Driver) error { return d.Click("fac-export") }, func(c *Controller) bool { return !c.exportOpen }, "fac-export"},
		{"prompts", false, func(d *Driver) error { return d.Click("fac-prompts") }, func(c *Controller) bool { return !c.promptsOpen }, "fac-prompts"},
		{"picked card", false, func(d *Driver) error {
			if err := d.NextPhase(); err != nil {
				return err
			}
			for i := 0; !d.C.M.MyTurn(); i++ {
				if i == 20 {
					return errors.New("never this player's turn")
				}
				d.Step()
			}
			return d.Click("hand-" + d.View().Hand[0])
		}, func(c *Controller) bool { return c.selected == "" }, "hand-"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			size := sizes[0]
			if tt.phone {
				size = sizes[2]
			}
			d := NewDriver(size.w, size.h, size.dpr, cards.NL, measure)
			defer d.Close()
			must(t, d.StartSolo(nil, 3))
			must(t, d.Click("lobby-start"))
			must(t, tt.open(d))
			if d.C.modal() == nil && d.C.selected == "" {
				t.Fatal("nothing open to close")
			}
			d.Keys(false, input.KeyEscape)
			if !tt.shut(d.C) {
				t.Fatal("Escape left it open")
			}
			if f, _ := d.C.Focus(); tt.focus == "" && f != "" || tt.focus != "" && !strings.HasPrefix(f, tt.focus) {
				t.Errorf("focus %q after Escape, want %q", f, tt.focus)
			}
		})
	}
}
