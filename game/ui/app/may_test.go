package app

import (
	"strconv"
	"strings"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
)

// askOfWidget is the question a command control asks the engine, told by its id.
func askOfWidget(id string) (game.Ask, bool) {
	fixed := map[string]game.Ask{
		"fac-reveal":     {Type: game.CmdReveal},
		"fac-next-card":  {Type: game.CmdNextCard},
		"fac-skip-turn":  {Type: game.CmdSkipTurn},
		"fac-undo":       {Type: game.CmdUndo},
		"fac-next-phase": {Type: game.CmdNextPhase},
		"fac-end":        {Type: game.CmdEnd},
		"fac-advice":     {Type: game.CmdPrompt, Kind: string(cards.Advice)},
		"fac-question":   {Type: game.CmdPrompt, Kind: string(cards.Question)},
		"fac-extend":     {Type: game.CmdTimer, Kind: game.TimerExtend},
		"cv-pass":        {Type: game.CmdPass},
		"free-take":      {Type: game.CmdTake, Kind: string(cards.Technology)},
		"lobby-start":    {Type: game.CmdStart},
		"lobby-deck":     {Type: game.CmdDeck},
		"lobby-free":     {Type: game.CmdSettings},
	}
	if a, ok := fixed[id]; ok {
		return a, true
	}
	num := func(s string) int { n, _ := strconv.Atoi(s); return n }
	if rest, ok := strings.CutPrefix(id, "act-del-"); ok {
		return game.Ask{Type: game.CmdDelAction, Action: num(rest)}, true
	}
	if rest, ok := strings.CutPrefix(id, "spot-action-"); ok {
		return game.Ask{Type: game.CmdSpotlight, Action: num(rest)}, true
	}
	if rest, ok := strings.CutPrefix(id, "dot-"); ok {
		return game.Ask{Type: game.CmdDot, Card: rest}, true
	}
	if rest, ok := strings.CutPrefix(id, "undot-"); ok {
		return game.Ask{Type: game.CmdUndot, Card: rest}, true
	}
	if _, ok := strings.CutPrefix(id, "vote-"); ok {
		return game.Ask{Type: game.CmdVote}, true
	}
	if _, ok := strings.CutPrefix(id, "lobby-phase-"); ok {
		return game.Ask{Type: game.CmdSettings}, true
	}
	if rest, ok := strings.CutPrefix(id, "seat-"); ok {
		n, what, _ := strings.Cut(rest, "-")
		t := map[string]game.CommandType{"kick": game.CmdKick, "handover": game.CmdHandOver, "observer": game.CmdObserver}[what]
		return game.Ask{Type: t, Seat: game.SeatID(num(n))}, t != ""
	}
	return game.Ask{}, false
}

// checkControls checks that the frame's command controls are what the engine answers from
// this seat's view: a control is enabled exactly when the engine allows it, and the ones a
// scene must offer are there whenever the engine allows them.
func checkControls(t *testing.T, c *Controller, where string) {
	t.Helper()
	f := c.Frame()
	p := game.May(c.M.View, c.M.Deck)
	for _, w := range f.Widgets {
		a, ok := askOfWidget(w.ID)
		if !ok {
			continue
		}
		if can := p.Can(a); w.Enabled != can {
			t.Errorf("%s, seat %d: %q is enabled %v, the engine answers %v (%v)", where, c.M.Seat, w.ID, w.Enabled, can, p.Why(a))
		}
	}
	if c.confirm != nil || c.play != nil || c.detail != "" || c.exportOpen || c.facMenu {
		return // a dialog covers the scene and its controls
	}
	v := c.M.View
	var want []string
	switch c.M.Scene() {
	case model.SceneStatements, model.SceneCanvas, model.SceneDots, model.SceneActions:
		want = append(want, "fac-next-phase", "fac-end", "fac-undo")
	}
	switch c.M.Scene() {
	case model.SceneActions:
		for _, a := range v.Actions {
			want = append(want, "act-del-"+layout.Itoa(a.ID))
		}
	case model.SceneCanvas:
		want = append(want, "cv-pass", "fac-skip-turn")
	case model.SceneDots:
		for _, pl := range v.Canvas {
			want = append(want, "dot-"+pl.Card)
		}
	case model.SceneStatements:
		want = append(want, "vote-3")
	}
	if c.drawer {
		for _, s := range v.Seats {
			if s.ID != c.M.Seat && !s.Gone {
				id := "seat-" + layout.Itoa(int(s.ID))
				want = append(want, id+"-kick", id+"-handover", id+"-observer")
			}
		}
	}
	for _, id := range want {
		a, _ := askOfWidget(id)
		if p.Can(a) && !hasControl(c, id) {
			t.Errorf("%s, seat %d: the engine allows %+v but %q is not there", where, c.M.Seat, a, id)
		}
	}
}

// hasControl reports whether the frame offers a control, on the page or the bars or in
// the facilitator's menu; the menu's controls follow the engine as the bar's do.
func hasControl(c *Controller, id string) bool {
	if c.Frame().Widget(id) != nil {
		return true
	}
	if c.Frame().Widget("fac-menu") == nil || c.facMenu {
		return false
	}
	c.facMenu = true
	c.build()
	defer func() {
		c.facMenu = false
		c.build()
	}()
	return c.Frame().Widget(id) != nil
}

// TestControlsFollowTheEngine walks a practice session and, at every step, looks at the
// scene as the facilitator and as two other players see it: every command control shows
// and enables as the engine answers from that seat's view.
func TestControlsFollowTheEngine(t *testing.T) {
	d := NewDriver(1280, 720, 1, cards.NL, measure)
	defer d.Close()
	steps := 0
	err := d.Walk(func(step string) {
		if d.C.M.View == nil {
			return
		}
		steps++
		checkControls(t, d.C, step)
		if c := d.C; c.confirm != nil || c.play != nil || c.detail != "" || c.exportOpen {
			return // the dialog is the facilitator's own
		}
		// The same scene from the practice players' seats.
		st := d.Solo.State()
		seat, view := d.C.M.Seat, d.C.M.View
		for _, other := range []game.SeatID{2, 3} {
			v := game.View(st, other)
			d.C.M.Seat, d.C.M.View = other, &v
			d.C.build()
			checkControls(t, d.C, step)
		}
		d.C.M.Seat, d.C.M.View = seat, view
		d.C.build()
	})
	if err != nil {
		t.Fatal(err)
	}
	if steps < 10 {
		t.Fatalf("only %d steps checked", steps)
	}
}
