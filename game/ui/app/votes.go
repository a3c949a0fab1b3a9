package app

import (
	"strconv"
	"strings"

	"impactkaarten/game"
	"impactkaarten/game/theme"
	"impactkaarten/game/ui/layout"
)

// The vote's controls: the countdown every screen shows before a reveal, the result told
// by the votes there are, the vote's settings in the lobby, and the question the
// facilitator is asked before leaving a phase with work left.

// revealSeconds is the countdown's number: the whole seconds left, at least 1 until the
// votes arrive.
func (c *Controller) revealSeconds() (int, bool) {
	left, ok := c.M.RevealLeft(c.now)
	if !ok {
		return 0, false
	}
	return max(1, int((left+999)/1000)), true
}

// revealFallback enables the reveal, the last of the facilitator's buttons so far, once the
// countdown has run out by the room's clock and the votes have not come (the room's alarm
// did not ring, as after a restart): the engine, asked with the room's time rather than a
// probe's, then reveals at once.
func (c *Controller) revealFallback(out []facButton) {
	left, counting := c.M.RevealLeft(c.now)
	if !counting || left > 0 || len(out) == 0 || out[len(out)-1].id != "fac-reveal" {
		return
	}
	if c.M.Check(game.Command{Type: game.CmdReveal, At: c.now + c.M.Skew}) == nil {
		out[len(out)-1].off = false
	}
}

// countdown draws the countdown to the reveal at y: a large number the facilitator can
// read out ("drie, twee, één"). It returns the y below it.
func (c *Controller) countdown(b *layout.Builder, in layout.Rect, y float64, secs int) float64 {
	d := b.S(96)
	circle := layout.R(in.CX()-d/2, y, d, d)
	b.Add(layout.Item{Kind: layout.Fill, Rect: circle, Color: theme.Accent, Radius: d / 2})
	b.Line(circle, strconv.Itoa(secs), layout.TextStyle{Size: 48, Bold: true, Color: theme.Accent.TextOn(), Align: layout.Center})
	y += d + b.S(8)
	y += b.Text(layout.R(in.X, y, in.W, b.S(24)), c.t("st.countdown"), layout.TextStyle{Size: 16, Bold: true, Color: layout.InkColor, Align: layout.Center})
	return y + b.S(8)
}

// outcomeLine is what the result says under the chart: where to start the discussion, or
// whether those who voted agree. It speaks of the votes there are: no agreement from fewer
// than two votes; with anonymous votes an invitation instead of two names.
func (c statementsScene) outcomeLine(res *game.VoteResult) (string, theme.Color) {
	anon := c.M.View.Settings.AnonymousVotes
	switch {
	case res.Count == 0:
		return c.t("st.novotes"), layout.MutedColor
	case res.Count == 1:
		return c.t("st.single"), layout.MutedColor
	case res.Min == res.Max:
		return c.tf("st.agree", res.Count), layout.PrimaryColor
	case anon || res.Apart[0] == 0:
		return c.tf("st.invite", res.Min, res.Max), theme.Accent
	}
	return c.tf("st.apart", c.M.SeatName(res.Apart[0]), res.Min, c.M.SeatName(res.Apart[1]), res.Max), theme.Accent
}

// votedHead is the line over the seats: live before the reveal, and after it how many of
// those who could vote voted (as the engine counted them at the reveal).
func (c statementsScene) votedHead(round *game.RoundView, voted, active int) string {
	if round.Revealed && round.Result != nil && round.Result.Of > 0 {
		return c.tf("st.result.voted", round.Result.Count, round.Result.Of)
	}
	return c.tf("st.voted", voted, active)
}

// lobbyVotes lays out the vote's settings at y and returns the y below them.
func (c lobbyScene) lobbyVotes(b *layout.Builder, in layout.Rect, y float64) float64 {
	v := c.M.View
	fac := c.M.Facilitator()
	cols := layout.R(in.X, y, in.W, b.S(40)).Cols(2, b.S(8))
	if b.Compact || in.W < b.S(560) {
		cols = []layout.Rect{layout.R(in.X, y, in.W, b.S(40)), layout.R(in.X, y+b.S(44), in.W, b.S(40))}
	}
	b.Toggle("lobby-autoreveal", cols[0], c.t("lobby.autoreveal"), !v.Settings.ManualReveal, !fac, false, toggleAutoReveal{})
	b.Toggle("lobby-anonymous", cols[1], c.t("lobby.anonymous"), v.Settings.AnonymousVotes, !fac || !game.AnonymityOpen(v), false, toggleAnonymous{})
	y = cols[1].MaxY() + b.S(4)
	if v.Settings.AnonymousVotes {
		y += b.Text(layout.R(in.X, y, in.W, b.S(40)), c.t("lobby.anonymous.note"), layout.TextStyle{Size: 13, Color: layout.MutedColor}) + b.S(4)
	}
	return y + b.S(4)
}

// toggleAutoReveal switches revealing as soon as everyone has voted.
type toggleAutoReveal struct{}

func (toggleAutoReveal) run(c *Controller) {
	c.lobbyChange(func(s *game.Settings) { s.ManualReveal = !s.ManualReveal })
}

// toggleAnonymous switches anonymous votes.
type toggleAnonymous struct{}

func (toggleAnonymous) run(c *Controller) {
	c.lobbyChange(func(s *game.Settings) { s.AnonymousVotes = !s.AnonymousVotes })
}

// leftText names what is left in the phase ("Nog 3 stellingen niet besproken"), as the
// engine counts it; "" when nothing is.
func (c *Controller) leftText() string {
	u := game.Left(c.M.View)
	var parts []string
	if u.Statements > 0 {
		parts = append(parts, c.tn("left.statements", u.Statements))
	}
	if u.Unplayed > 0 {
		parts = append(parts, c.tn("left.unplayed", u.Unplayed))
	}
	if u.Dots > 0 {
		parts = append(parts, c.tn("left.dots", u.Dots))
	}
	if u.NoActions {
		parts = append(parts, c.t("left.noactions"))
	}
	if u.Unowned > 0 {
		parts = append(parts, c.tn("left.unowned", u.Unowned))
	}
	return strings.Join(parts, c.t("left.and"))
}

// nextPhase asks before leaving a phase with work left, naming what is left and where the
// session goes; the button names that step.
func (c *Controller) nextPhase() {
	left := c.leftText()
	if left == "" {
		c.sendCmd(game.Command{Type: game.CmdNextPhase})
		return
	}
	to := strings.TrimPrefix(c.nextPhaseKey(), "fac.next.")
	c.confirm = &confirmState{text: left + " — " + c.t("left.go."+to), yesKey: "fac.next." + to, kind: layout.Primary,
		yes: func() { c.sendCmd(game.Command{Type: game.CmdNextPhase}) }}
}

// endSession asks before ending the session, naming what is left if anything is.
func (c *Controller) endSession() {
	cf := &confirmState{key: "confirm.end", yesKey: "confirm.end.yes", kind: layout.Danger,
		yes: func() { c.sendCmd(game.Command{Type: game.CmdEnd}) }}
	if left := c.leftText(); left != "" {
		cf.text = left + " — " + c.t("left.go.end")
	}
	c.confirm = cf
}
