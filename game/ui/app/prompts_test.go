package app

import (
	"strings"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game"
)

// TestPromptsInAnyPhase: in the statements phase the facilitator chooses a question card
// from the list; every screen gets it in the spotlight; the group's answer written down in
// the dialog is in the view and on the report page.
func TestPromptsInAnyPhase(t *testing.T) {
	for _, sz := range []struct{ w, h float64 }{{1280, 720}, {390, 844}} {
		d := NewDriver(sz.w, sz.h, 1, cards.NL, measure)
		must(t, d.StartSolo(nil, 2))
		must(t, d.Click("lobby-start"))
		must(t, d.Click("fac-prompts"))
		checkFrame(t, d.C, "prompts")
		q := d.C.M.Deck.IDs(cards.Question)[1]
		must(t, d.Click("prompt-pick-"+q))
		v := d.View()
		if v.Prompt != q || v.Spotlight == nil || v.Spotlight.Card != q {
			t.Fatalf("after choosing %s: prompt %q, spotlight %+v", q, v.Prompt, v.Spotlight)
		}
		must(t, d.Click("spot-clear"))
		must(t, d.Click("fac-prompts"))
		if _, err := d.Widget("prompt-pick-" + q); err == nil {
			t.Errorf("the card turned up is still offered in the list")
		}
		must(t, d.Click("prompt-answer"))
		d.Type("Samen met de bibliotheek")
		must(t, d.Click("prompt-answer-save"))
		if got := d.View().Answers; len(got) != 1 || got[0] != (game.Answer{Card: q, Text: "Samen met de bibliotheek"}) {
			t.Fatalf("answers %+v", got)
		}
		must(t, d.Click("prompt-close"))
		must(t, d.Click("fac-end"))
		must(t, d.Click("confirm-yes"))
		d.Settle()
		if text := pageText(d.C.Frame()); !strings.Contains(text, "Samen met de bibliotheek") {
			t.Errorf("%vx%v: the report page lacks the group's answer", sz.w, sz.h)
		}
		d.Close()
	}
}
