package app

import (
	"strconv"

	"impactkaarten/cards"
	"impactkaarten/game/ui/layout"
)

// maxProblemsShown keeps the dialog to one screen; the rest are counted.
const maxProblemsShown = 12

// problemList is what is wrong with a file the facilitator loaded.
type problemList struct {
	file     string
	problems cards.Problems // shown in the interface's language, which may change while open
}

// problemsDialog lists what is wrong with a file the facilitator loaded.
type problemsDialog struct{ *Controller }

// escape closes it.
func (c problemsDialog) escape() bool { closeProblems{}.run(c.Controller); return true }

// buildProblems lists a file's problems, each with its line and field, so the facilitator
// can fix the spreadsheet in one go.
func (c problemsDialog) build(b *layout.Builder) {
	p := c.problems
	c.fitDialog(b, b.S(720), func(b *layout.Builder, in layout.Rect) float64 {
		y := in.Y
		y += b.Text(layout.R(in.X, y, in.W, b.S(60)), c.tf("problems.title", p.file), layout.TextStyle{Size: 20, Bold: true, Color: layout.InkColor}) + b.S(6)
		y += b.Text(layout.R(in.X, y, in.W, b.S(40)), c.tn("problems.count", len(p.problems)), layout.TextStyle{Size: 14, Color: layout.MutedColor}) + b.S(12)
		mono := layout.TextStyle{Size: 14, Color: layout.InkColor}
		for i, problem := range p.problems {
			if i == maxProblemsShown {
				y += b.Text(layout.R(in.X, y, in.W, b.S(40)), c.tn("problems.more", len(p.problems)-i), layout.TextStyle{Size: 14, Bold: true, Color: layout.MutedColor}) + b.S(6)
				break
			}
			// Each line is an info widget too, so that a screen reader reads the problems
			// and not only the dialog's button.
			line := problem.In(c.Lang())
			h := b.Text(layout.R(in.X, y, in.W, b.S(80)), "• "+line, mono)
			b.Info("problem-"+strconv.Itoa(i+1), layout.R(in.X, y, in.W, h), line)
			y += h + b.S(4)
		}
		y += b.S(8)
		y += b.Text(layout.R(in.X, y, in.W, b.S(40)), c.t("problems.hint"), layout.TextStyle{Size: 13, Color: layout.MutedColor}) + b.S(14)
		bw := b.S(160)
		b.Button("problems-close", layout.R(in.MaxX()-bw, y, bw, b.S(44)), c.t("problems.close"), layout.ButtonOpts{Style: layout.Primary, Action: closeProblems{}})
		return y + b.S(44) - in.Y
	})
}

// closeProblems closes the list of a file's problems.
type closeProblems struct{}

func (closeProblems) run(c *Controller) {
	c.problems = nil
	c.focus = "lobby-deck"
}
