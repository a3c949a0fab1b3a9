package app

import (
	"math"
	"slices"
	"strings"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/report"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
)

// The question and advice cards in every phase: the facilitator's dialog turns up the next
// card of a kind or one chosen from the list, puts it in the spotlight so every screen
// shows it whatever the phase, and writes down the group's answer to a question card,
// which goes into the report.

// promptScenes are the scenes whose facilitator's bar offers the question and advice cards
// (the actions scene has its own buttons for the next of each kind as well).
func promptScene(s model.Scene) bool {
	switch s {
	case model.SceneStatements, model.SceneCanvas, model.SceneDots, model.SceneActions, model.SceneFree:
		return true
	}
	return false
}

// openPrompts opens the dialog, with the answer field holding the answer written so far.
func (c *Controller) openPrompts() {
	c.promptsOpen = true
	c.focus = "prompt-close"
	if q := c.promptQuestion(); q != "" {
		c.field("prompt-answer", game.MaxCardAnswer).SetText(answerOf(c.M.View, q))
		c.focus = "prompt-answer"
	}
}

// promptQuestion is the question card face up, or "".
func (c *Controller) promptQuestion() string {
	v := c.M.View
	if v == nil || v.Prompt == "" {
		return ""
	}
	if card := c.M.Card(v.Prompt); card != nil && card.Kind == cards.Question {
		return v.Prompt
	}
	return ""
}

func answerOf(v *game.PlayerView, card string) string {
	if i := slices.IndexFunc(v.Answers, func(a game.Answer) bool { return a.Card == card }); i >= 0 {
		return v.Answers[i].Text
	}
	return ""
}

// promptsDialog is the question and advice cards: the one face up with the group's
// answer, the next of each kind, and the cards left to choose from.
type promptsDialog struct{ *Controller }

// escape closes it.
func (c promptsDialog) escape() bool { closePrompts{}.run(c.Controller); return true }

// buildPrompts is the dialog: the card face up and the group's answer to it, the next card
// of each kind, and the cards left to choose from.
func (c promptsDialog) build(b *layout.Builder) {
	v := c.M.View
	c.fitDialog(b, b.S(640), func(b *layout.Builder, in layout.Rect) float64 {
		head := layout.R(in.X, in.Y, in.W-b.S(48), b.S(30))
		b.Line(head, c.t("prompt.title"), layout.TextStyle{Size: 21, Bold: true, Color: layout.InkColor})
		b.Button("prompt-close", layout.R(in.MaxX()-b.S(40), in.Y-b.S(4), b.S(40), b.S(40)), "", layout.ButtonOpts{Style: layout.Quiet, Glyph: g("close"), Label: c.t("prompt.close"), Action: closePrompts{}})
		y := in.Y + b.S(40)
		label := layout.TextStyle{Size: 14, Bold: true, Color: layout.MutedColor}
		if v.Prompt != "" {
			b.Line(layout.R(in.X, y, in.W, b.S(20)), c.t("prompt.up"), label)
			y += b.S(22)
			bw := b.ButtonWidth(c.t("prompt.clear"), g("close"), 14)
			th := b.Text(layout.R(in.X, y, in.W-bw-b.S(12), b.S(60)), c.M.CardTitle(v.Prompt), layout.TextStyle{Size: 16, Bold: true, Color: layout.InkColor})
			b.Button("prompt-clear", layout.R(in.MaxX()-bw, y, bw, b.S(40)), c.t("prompt.clear"), layout.ButtonOpts{Style: layout.Quiet, Glyph: g("close"), Size: 14, Action: send(game.Command{Type: game.CmdPrompt})})
			y += math.Max(th, b.S(40)) + b.S(8)
			if q := c.promptQuestion(); q != "" {
				b.Line(layout.R(in.X, y, in.W, b.S(20)), c.t("prompt.answer"), label)
				y += b.S(22)
				sw := b.S(120)
				b.TextField("prompt-answer", layout.R(in.X, y, in.W-sw-b.S(8), b.S(46)), c.t("prompt.answer"),
					c.fieldState("prompt-answer", game.MaxCardAnswer, c.t("prompt.answer.placeholder")), false, "prompt-answer-save")
				b.Button("prompt-answer-save", layout.R(in.MaxX()-sw, y, sw, b.S(46)), c.t("st.insight.save"), layout.ButtonOpts{Style: layout.Primary,
					Disabled: strings.TrimSpace(c.text("prompt-answer")) == strings.TrimSpace(answerOf(v, q)), Action: saveAnswer{q}})
				y += b.S(54)
			}
			y += b.S(6)
		}
		next := layout.R(in.X, y, in.W, b.S(44)).Cols(2, b.S(8))
		b.Button("prompt-next-question", next[0], c.t("fac.question"), layout.ButtonOpts{Style: layout.Secondary, Glyph: g("help-circle"), Size: 14, Disabled: v.Piles.Questions == 0, Action: nextPrompt{cards.Question}})
		b.Button("prompt-next-advice", next[1], c.t("fac.advice"), layout.ButtonOpts{Style: layout.Secondary, Glyph: g("lightbulb-outline"), Size: 14, Disabled: v.Piles.Advice == 0, Action: nextPrompt{cards.Advice}})
		y += b.S(56)
		left := game.PromptsLeft(c.M.Deck, v.Shown)
		if len(left) == 0 {
			return y - in.Y
		}
		b.Line(layout.R(in.X, y, in.W, b.S(20)), c.t("prompt.choose"), label)
		y += b.S(24)
		// As many cards as the screen holds, in two columns where they fit; a button pages
		// through the rest (a dialog does not scroll).
		cols := 1
		if in.W >= b.S(520) {
			cols = 2
		}
		rowH, gap := b.S(44), b.S(6)
		room := b.F.H - b.S(16) - b.S(40) - (y - in.Y) - (rowH + gap) // the dialog's padding and the pager
		per := max(1, int((room+gap)/(rowH+gap))) * cols
		pages := (len(left) + per - 1) / per
		page := c.promptPage % pages
		cw := (in.W - gap*float64(cols-1)) / float64(cols)
		shown := left[page*per : min(len(left), (page+1)*per)]
		for i, id := range shown {
			card := c.M.Card(id)
			glyph, kind := g("help-circle"), "prompt.kind.question"
			if card != nil && card.Kind == cards.Advice {
				glyph, kind = g("lightbulb-outline"), "prompt.kind.advice"
			}
			r := layout.R(in.X+float64(i%cols)*(cw+gap), y+float64(i/cols)*(rowH+gap), cw, rowH)
			b.Button("prompt-pick-"+id, r, c.M.CardTitle(id), layout.ButtonOpts{Style: layout.Secondary, Glyph: glyph, Size: 14,
				Label: c.t(kind) + ": " + c.M.CardTitle(id), Action: pickPrompt{id}})
		}
		y += float64((len(shown)+cols-1)/cols) * (rowH + gap)
		if pages > 1 {
			b.Button("prompt-more", layout.R(in.X, y, in.W, rowH), c.tf("prompt.more", page+1, pages), layout.ButtonOpts{Style: layout.Quiet, Glyph: g("arrow-right"), Size: 14, Action: morePrompts{}})
			y += rowH + gap
		}
		return y - in.Y
	})
}

// reportQuestions lays out the question cards of the report with their answers and
// returns the height used.
func (c *Controller) reportQuestions(b *layout.Builder, in layout.Rect, qs []report.QuestionAnswer) float64 {
	y := in.Y
	for _, q := range qs {
		y += b.Text(layout.R(in.X, y, in.W, b.S(60)), q.Title, layout.TextStyle{Size: 15, Bold: true, Color: layout.InkColor}) + b.S(2)
		if q.Answer != "" {
			y += b.Text(layout.R(in.X, y, in.W, b.S(80)), q.Answer, layout.TextStyle{Size: 15, Color: layout.InkColor})
		} else {
			y += b.Text(layout.R(in.X, y, in.W, b.S(20)), c.t("rep.noanswer"), layout.TextStyle{Size: 13, Color: layout.MutedColor})
		}
		y += b.S(12)
	}
	return y - in.Y
}

// openPrompts opens the dialog of the question and advice cards.
type openPrompts struct{}

func (openPrompts) run(c *Controller) { c.openPrompts() }

// closePrompts closes it.
type closePrompts struct{}

func (closePrompts) run(c *Controller) {
	c.promptsOpen = false
	c.focus = "fac-prompts"
}

// morePrompts shows the next page of cards to choose from.
type morePrompts struct{}

func (morePrompts) run(c *Controller) { c.promptPage++ }

// saveAnswer writes down the group's answer to the question card face up.
type saveAnswer struct{ card string }

func (a saveAnswer) run(c *Controller) {
	c.sendCmd(game.Command{Type: game.CmdCardAnswer, Args: game.Args{Card: a.card, Text: c.text("prompt-answer")}})
}

// nextPrompt turns up the next card of a kind from its pile.
type nextPrompt struct{ kind cards.Kind }

func (a nextPrompt) run(c *Controller) {
	c.sendCmd(game.Command{Type: game.CmdPrompt, Args: game.Args{Kind: string(a.kind)}})
	c.promptsOpen = false
}

// pickPrompt turns up a chosen card and puts it before the room, so every screen shows
// it in any phase.
type pickPrompt struct{ card string }

func (a pickPrompt) run(c *Controller) {
	if c.sendCmd(game.Command{Type: game.CmdPrompt, Args: game.Args{Card: a.card}}) {
		c.sendCmd(game.Command{Type: game.CmdSpotlight, Args: game.Args{Card: a.card}})
	}
	c.promptsOpen = false
}
