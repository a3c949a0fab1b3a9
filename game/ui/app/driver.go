package app

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/ui/input"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
	"impactkaarten/net/client"
	"impactkaarten/net/protocol"
)

// Driver plays the controller against an in-process practice room, tick by tick, the way
// the Ebiten side does (messages in, an input snapshot, Update), and clicks widgets by id
// as a person would. The layout tests, the screenshot tool and the frame benchmark use it.
type Driver struct {
	C    *Controller
	Solo *client.Solo
	W, H float64
	DPR  float64
	Now  int64
}

// NewDriver returns a driver on the start scene of a w×h screen.
func NewDriver(w, h, dpr float64, lang cards.Lang, m layout.Measurer) *Driver {
	d := &Driver{W: w, H: h, DPR: dpr, Now: time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC).UnixMilli()}
	d.C = New(Options{Lang: lang, Name: "Fenna", Relay: true}, m)
	d.Tick(input.Snapshot{X: -1, Y: -1})
	return d
}

// StartSolo starts a practice room with the given deck (nil: the default) and practice
// players, and takes the facilitator's seat.
func (d *Driver) StartSolo(deck *cards.Deck, players int) error {
	s, err := client.NewSolo(client.SoloConfig{Deck: deck, Seed: 11, BotDelay: -1, Manual: true, Now: func() time.Time { return time.UnixMilli(d.Now) }})
	if err != nil {
		return err
	}
	d.Solo = s
	d.C.Connecting(model.ModeSolo, client.SoloRoom, "")
	d.C.SetSender(s.Send)
	_ = s.Send(protocol.Client{T: protocol.TJoin, Name: "Fenna", Lang: d.C.M.Lang}) // a solo host takes any message
	d.Settle()
	names := []string{"Bas", "Eva", "Noor", "Sem", "Lotte", "Daan", "Fleur", "Milan", "Sara", "Jesse", "Iris", "Ruben"}
	for i := 0; i < players; i++ {
		if _, err := s.AddPracticePlayer(names[i%len(names)], cards.NL); err != nil {
			return err
		}
	}
	d.Settle()
	return nil
}

// Close stops the practice room.
func (d *Driver) Close() {
	if d.Solo != nil {
		_ = d.Solo.Close() // nothing to report at the end of a drive
	}
}

// Settle hands the controller every message the room has queued, and the answers to
// what the controller sends back while handling them, until the queue is empty; then it
// runs one tick. The room answers within the call that asks, so nothing is still on its way.
func (d *Driver) Settle() {
	if d.Solo != nil {
		for ms := d.Solo.Drain(); len(ms) > 0; ms = d.Solo.Drain() {
			for _, m := range ms {
				d.C.Handle(m, d.Now)
			}
		}
	}
	d.Tick(input.Snapshot{X: -1, Y: -1})
}

// Tick runs one Update, 16 ms after the last.
func (d *Driver) Tick(in input.Snapshot) {
	d.Now += 16
	d.C.Update(&in, d.W, d.H, d.DPR, d.Now)
}

// Widget returns a widget of the current frame.
func (d *Driver) Widget(id string) (*layout.Widget, error) {
	w := d.C.Frame().Widget(id)
	if w == nil {
		var ids []string
		for _, w := range d.C.Frame().Widgets {
			ids = append(ids, w.ID)
		}
		return nil, fmt.Errorf("no widget %q on %s; have %v", id, d.C.M.Scene(), ids)
	}
	return w, nil
}

// Click scrolls a widget into view, presses and releases the pointer on it, and lets the
// room answer.
func (d *Driver) Click(id string) error {
	w, err := d.Widget(id)
	if err != nil && strings.HasPrefix(id, "fac-") && d.C.Frame().Widget("fac-menu") != nil {
		// On a phone most of the facilitator's controls are in the menu.
		if err := d.Click("fac-menu"); err != nil {
			return err
		}
		w, err = d.Widget(id)
	}
	if err != nil {
		return err
	}
	if !w.Enabled {
		return fmt.Errorf("widget %q is disabled", id)
	}
	if !w.Fixed {
		if r := d.C.Frame().Screen(w); r.Y < d.C.contentTop() || r.MaxY() > d.H-d.C.contentBottom() {
			d.C.scroll = w.Rect.Y - d.H/3
			d.Tick(input.Snapshot{X: -1, Y: -1})
			if w, err = d.Widget(id); err != nil {
				return err
			}
		}
	}
	x, y, ok := d.C.Frame().HitPoint(w)
	if !ok {
		return fmt.Errorf("widget %q is covered everywhere", id)
	}
	d.Tick(input.Snapshot{X: x, Y: y, Down: true})
	d.Tick(input.Snapshot{X: x, Y: y})
	d.Settle()
	return nil
}

// Type types text into the focused field.
func (d *Driver) Type(s string) { d.Tick(input.Snapshot{X: -1, Y: -1, Text: s}) }

// Keys presses keys in one tick.
func (d *Driver) Keys(shift bool, ks ...input.Key) {
	d.Tick(input.Snapshot{X: -1, Y: -1, Keys: ks, Shift: shift})
	d.Settle()
}

// Step lets the practice players move once each.
func (d *Driver) Step() {
	d.Solo.Step()
	d.Settle()
}

// Idle lets ms of time pass without input, so animations finish.
func (d *Driver) Idle(ms int) {
	for i := 0; i < ms/16; i++ {
		d.Tick(input.Snapshot{X: -1, Y: -1})
	}
}

// NextPhase goes to the next phase, confirming if the facilitator is asked first (work
// is left in the phase).
func (d *Driver) NextPhase() error {
	if err := d.Click("fac-next-phase"); err != nil {
		return err
	}
	if d.C.confirm != nil {
		return d.Click("confirm-yes")
	}
	return nil
}

// View is the latest view.
func (d *Driver) View() *game.PlayerView { return d.C.M.View }

// SetDrawer opens or closes the players drawer.
func (d *Driver) SetDrawer(open bool) {
	d.C.drawer = open
	d.Settle()
}

// SetConfirm shows or hides an example confirmation.
func (d *Driver) SetConfirm(open bool) {
	d.C.confirm = nil
	if open {
		d.C.confirm = &confirmState{key: "confirm.end", yesKey: "confirm.end.yes", kind: layout.Danger, yes: func() {}}
	}
	d.Settle()
}

// PlayTurns plays canvas turns until n cards lie on the canvas: the practice players play
// by themselves, this player plays the first card of the hand with a reason.
func (d *Driver) PlayTurns(n int) error {
	for i := 0; len(d.View().Canvas) < n; i++ {
		if i > 4*n+20 {
			return fmt.Errorf("only %d cards on the canvas after %d turns", len(d.View().Canvas), i)
		}
		if !d.C.M.MyTurn() {
			d.Step()
			continue
		}
		if len(d.View().Hand) == 0 {
			if err := d.Click("cv-pass"); err != nil {
				return err
			}
			continue
		}
		card := d.View().Hand[0]
		if err := d.Click("hand-" + card); err != nil {
			return err
		}
		if err := d.Click("col-" + string(cards.Parts[i%4])); err != nil {
			return err
		}
		if c := d.C.M.Card(card); c != nil && c.Kind == cards.Blank {
			if err := d.Click("play-title"); err != nil {
				return err
			}
			d.Type("Eigen idee")
			if err := d.Click("play-reason"); err != nil {
				return err
			}
		}
		d.Type(LongReason(i + 1))
		if err := d.Click("play-confirm"); err != nil {
			return err
		}
	}
	return nil
}

// LongReason is a reason as long as a player may write (game.MaxReason characters), with
// long Dutch compounds, so that scenes are checked with the most a card has to show.
func LongReason(n int) string {
	s := fmt.Sprintf("Idee %d: met publieksgegevens en AI-hulpmiddelen bereiken we scholen, bibliotheken en wijkcentra in de regio, ook buiten de openingstijden.", n)
	for len([]rune(s)) > game.MaxReason {
		s = string([]rune(s)[:game.MaxReason])
	}
	return s
}

// Walk plays a practice session through every scene with three practice players, and
// calls visit at each step worth looking at.
func (d *Driver) Walk(visit func(step string)) error {
	steps := []struct {
		name string
		do   func() error
	}{
		{"start", nil},
		{"lobby", func() error { return d.StartSolo(nil, 3) }},
		{"lobby-drawer", func() error { d.SetDrawer(true); return nil }},
		{"choose", func() error { d.SetDrawer(false); return d.Shape() }},
		{"lobby-shaped", func() error { return d.Click("choose-finish") }},
		{"opening", func() error { return d.Click("lobby-start") }},
		{"opening-written", func() error {
			if err := d.Click("round-line"); err != nil {
				return err
			}
			d.Type("Een plan voor ons publiek online")
			if err := d.Click("round-post"); err != nil {
				return err
			}
			d.Step()
			return nil
		}},
		{"statements", func() error { return d.Click("fac-next-phase") }},
		{"statements-voted", func() error { return d.Click("vote-4") }},
		{"statements-countdown", func() error { d.Step(); return nil }},
		{"statements-reveal", func() error { d.Now += game.RevealCountdown; d.Step(); return nil }},
		// Statements are left: the facilitator is asked before the canvas.
		{"confirm", func() error { return d.Click("fac-next-phase") }},
		{"canvas", func() error { return d.Click("confirm-yes") }},
		{"canvas-pick", func() error { return d.Click("hand-" + d.View().Hand[0]) }},
		{"play-dialog", func() error { return d.Click("col-bereik") }},
		{"canvas-played", func() error {
			if c := d.C.M.Card(d.C.play.card); c != nil && c.Kind == cards.Blank {
				// A blank card asks for the player's own idea first.
				if err := d.Click("play-title"); err != nil {
					return err
				}
				d.Type("Rondleiding in gebarentaal")
				if err := d.Click("play-reason"); err != nil {
					return err
				}
			}
			d.Type("Zo bereiken we scholen in de regio.")
			return d.Click("play-confirm")
		}},
		{"canvas-full", func() error { return d.PlayTurns(12) }},
		{"card-detail", func() error { return d.Click("cv-" + d.View().Canvas[1].Card) }},
		{"dots", func() error {
			if err := d.Click("detail-close"); err != nil {
				return err
			}
			return d.NextPhase()
		}},
		{"dots-placed", func() error {
			for _, i := range []int{0, 0, 2} {
				if err := d.Click("dot-" + d.View().Canvas[i].Card); err != nil {
					return err
				}
			}
			d.Step()
			d.Step()
			return nil
		}},
		{"export", func() error { return d.Click("fac-export") }},
		{"actions", func() error {
			if err := d.Click("exp-close"); err != nil {
				return err
			}
			return d.NextPhase()
		}},
		{"actions-added", func() error {
			for i, what := range []string{"Proef met een livestream van de opening", "Nieuwsbrief koppelen aan de ledenlijst en de publieksgegevens van de bibliotheek delen met de scholen in de regio"} {
				if err := d.Click("act-card-" + d.View().Ranking[i].Card); err != nil {
					return err
				}
				if err := d.Click("act-text"); err != nil {
					return err
				}
				d.Type(what)
				if err := d.Click("act-owner"); err != nil {
					return err
				}
				d.Type([]string{"Bas", "Eva"}[i])
				if err := d.Click("act-due"); err != nil {
					return err
				}
				d.Type("2026-12-15")
				if err := d.Click("act-add"); err != nil {
					return err
				}
			}
			return nil
		}},
		{"closing", func() error { return d.NextPhase() }},
		{"report", func() error {
			if err := d.Click("round-line"); err != nil {
				return err
			}
			d.Type("Morgen bel ik de wethouder")
			if err := d.Click("round-post"); err != nil {
				return err
			}
			return d.NextPhase()
		}},
	}
	for _, s := range steps {
		if s.do != nil {
			if err := s.do(); err != nil {
				return fmt.Errorf("%s: %w", s.name, err)
			}
		}
		visit(s.name)
	}
	if sc := d.C.M.Scene(); sc != model.SceneReport {
		return errors.New("the walk did not end on the report")
	}
	return nil
}

// AsScreen lays the current scene out as the meeting-room screen sees it, runs look, and
// goes back to this seat's own view: the screen's scenes are checked along a session that
// this driver's facilitator plays. A practice room is dressed up as a room on a relay
// (a screen only joins those), with a code and a join link.
func (d *Driver) AsScreen(look func()) {
	c := d.C
	mode, room, link := c.M.Mode, c.M.Room, c.M.JoinURL
	if mode == model.ModeSolo {
		c.M.Mode, c.M.Room, c.M.JoinURL = model.ModeRelay, "K7P2QX", "https://kaarten.example.nl/?room=K7P-2QX"
	}
	defer func() {
		c.M.Mode, c.M.Room, c.M.JoinURL = mode, room, link
		c.build()
	}()
	// The screen has none of this seat's dialogs or picked-up card.
	// Nor is it scrolled where this seat scrolled to: it shows each scene from its top.
	was, exp, det, pl, conf, dr, sel, foc, ac, sc := c.M.BigScreen, c.exportOpen, c.detail, c.play, c.confirm, c.drawer, c.selected, c.focus, c.actCard, c.scroll
	c.M.BigScreen, c.exportOpen, c.detail, c.play, c.confirm, c.drawer, c.selected, c.focus, c.actCard, c.scroll = true, false, "", nil, nil, false, "", "", "", 0
	c.build()
	look()
	c.M.BigScreen, c.exportOpen, c.detail, c.play, c.confirm, c.drawer, c.selected, c.focus, c.actCard, c.scroll = was, exp, det, pl, conf, dr, sel, foc, ac, sc
	c.build()
}

// Shape gives the session in the lobby its shape as a facilitator would: a title, the
// opening and closing rounds, three statements from the deck and one written on the spot;
// it leaves the chooser open.
func (d *Driver) Shape() error {
	if err := d.Click("lobby-title"); err != nil {
		return err
	}
	d.Type("Digitale strategie — Museum Arnhem")
	for _, id := range []string{"lobby-title-save", "lobby-opening", "lobby-closing", "lobby-choose"} {
		if err := d.Click(id); err != nil {
			return err
		}
	}
	ids := d.C.M.Deck.IDs(cards.Statement)
	for _, id := range []string{ids[2], ids[0], ids[5]} {
		if err := d.Click("choose-card-" + id); err != nil {
			return err
		}
	}
	if err := d.Click("choose-write"); err != nil {
		return err
	}
	d.Type("Ons publiek verwacht ons ook online")
	if err := d.Click("choose-add"); err != nil {
		return err
	}
	return d.Click("choose-up-" + ids[0])
}
