package report

import (
	"strings"
	"testing"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game"
)

// TestQuestions: the question cards turned up go into every text of the report with the
// group's answer as the facilitator wrote it down, or a line that none was; advice cards
// do not.
func TestQuestions(t *testing.T) {
	deck, err := cards.Default()
	if err != nil {
		t.Fatal(err)
	}
	qs := deck.IDs(cards.Question)
	if len(qs) < 2 {
		t.Fatalf("the default deck has %d question cards", len(qs))
	}
	sc := &scenario{t: t, s: game.New(deck, 1, game.DefaultSettings()), now: clockStart}
	sc.joinAll()
	sc.do(fenna, time.Second, game.CmdStart, game.Args{})
	answer := `Met "de bibliotheek" & <het theater>`
	sc.do(fenna, time.Minute, game.CmdPrompt, game.Args{Card: qs[1]})
	sc.do(fenna, time.Minute, game.CmdCardAnswer, game.Args{Card: qs[1], Text: answer})
	sc.do(fenna, time.Minute, game.CmdPrompt, game.Args{Card: qs[0]})
	sc.do(fenna, time.Minute, game.CmdPrompt, game.Args{Kind: string(cards.Advice)})

	for _, lang := range cards.Langs {
		r := sc.build(lang)
		lb := labelsFor(lang)
		if len(r.Questions) != 2 || r.Questions[0].Card != qs[1] || r.Questions[0].Answer != answer ||
			r.Questions[1].Card != qs[0] || r.Questions[1].Answer != "" {
			t.Fatalf("%s: questions %+v", lang, r.Questions)
		}
		title, _ := deck.Card(qs[1])
		for _, format := range []string{"md", "html", "csv", "pdf"} {
			data, _, _, err := Render(r, format)
			if err != nil {
				t.Fatalf("%s %s: %v", lang, format, err)
			}
			text := string(data)
			want := []string{answer, lb.NoAnswer, lb.GroupQuestions}
			switch format {
			case "html":
				want = []string{"Met &#34;de bibliotheek&#34; &amp; &lt;het theater&gt;", lb.NoAnswer, lb.GroupQuestions}
			case "md":
				want = []string{md(answer), lb.NoAnswer, lb.GroupQuestions, md(title.Title.In(lang))}
			case "csv":
				want = []string{"answer", `"Met ""de bibliotheek"" & <het theater>"`}
			case "pdf":
				if text = pdfText(t, data); text == "" {
					continue
				}
				text = strings.Join(strings.Fields(text), " ")
			}
			for _, w := range want {
				if !strings.Contains(text, w) {
					t.Errorf("%s %s lacks %q", lang, format, w)
				}
			}
		}
	}
}
