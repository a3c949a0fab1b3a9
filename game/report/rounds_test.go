package report

import (
	"strings"
	"testing"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game"
)

// shapedSession is a short session with a title, a statement written on the spot, and the
// opening and closing rounds, one question reworded.
func shapedSession(t *testing.T) *game.State {
	t.Helper()
	deck, err := cards.Default()
	if err != nil {
		t.Fatal(err)
	}
	s := game.New(deck, 7, game.DefaultSettings())
	at := sessionStart.UnixMilli()
	do := func(actor game.SeatID, typ game.CommandType, a game.Args) {
		t.Helper()
		at += 60_000
		evs, err := game.Decide(s, actor, game.Command{Type: typ, At: at, Args: a})
		if err != nil {
			t.Fatalf("%s: %v", typ, err)
		}
		for _, e := range evs {
			s.Apply(e)
		}
	}
	do(game.System, game.CmdJoin, game.Args{Name: "Fenna", Facilitator: true})
	do(game.System, game.CmdJoin, game.Args{Name: "Zoë"})
	st := s.Settings
	st.Title = "Digitale strategie — Museum Arnhem"
	st.Written = []string{"Ons publiek wil *meer* digitaal"}
	st.Chosen = []string{game.WrittenID(0), deck.IDs(cards.Statement)[0]}
	st.Opening, st.Closing = true, true
	st.ClosingQuestion = "Wat doe jij maandag?"
	st.Phases = []game.Phase{game.Statements}
	do(1, game.CmdSettings, game.Args{Settings: &st})
	do(1, game.CmdStart, game.Args{})
	do(2, game.CmdAnswer, game.Args{Text: "Ideeën voor <de> zomer"})
	do(1, game.CmdAnswer, game.Args{Text: "Een plan"})
	do(1, game.CmdNextPhase, game.Args{})
	do(1, game.CmdNextPhase, game.Args{})
	do(2, game.CmdAnswer, game.Args{Text: "Ik bel de wethouder"})
	do(1, game.CmdNextPhase, game.Args{})
	if !s.Ended {
		t.Fatalf("the session is in %s, not ended", s.Phase)
	}
	return s
}

func TestShapedSession(t *testing.T) {
	s := shapedSession(t)
	info := Info{Room: "K7P-2QX", Generated: sessionStart.Add(time.Hour).In(cet)}
	r, err := Build(s, info, cards.NL)
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "Digitale strategie — Museum Arnhem" {
		t.Fatalf("title %q", r.Title)
	}
	if r.Opening == nil || r.Opening.Question != "Wat hoop je vandaag mee te nemen?" || len(r.Opening.Lines) != 2 ||
		r.Opening.Lines[0].Who.Name != "Zoë" || r.Opening.Lines[0].Text != "Ideeën voor <de> zomer" {
		t.Fatalf("opening %+v", r.Opening)
	}
	if r.Closing == nil || r.Closing.Question != "Wat doe jij maandag?" || len(r.Closing.Lines) != 1 {
		t.Fatalf("closing %+v", r.Closing)
	}
	if len(r.Statements) == 0 || r.Statements[0].Title != "Ons publiek wil *meer* digitaal" {
		t.Fatalf("the written statement is not the first: %+v", r.Statements)
	}
	en, err := Build(s, info, cards.EN)
	if err != nil {
		t.Fatal(err)
	}
	if en.Opening.Question != "What do you hope to take away today?" || en.Closing.Question != "Wat doe jij maandag?" {
		t.Fatalf("English questions %q, %q", en.Opening.Question, en.Closing.Question)
	}

	tests := []struct {
		format string
		want   []string
	}{
		{"md", []string{"# Digitale strategie — Museum Arnhem\n", "Sessiecode K7P-2QX",
			"## Openingsronde: Wat hoop je vandaag mee te nemen?", "- **Zoë:** Ideeën voor \\<de\\> zomer",
			"## Slotronde: Wat doe jij maandag?", "- **Zoë:** Ik bel de wethouder", "Ons publiek wil \\*meer\\* digitaal"}},
		{"html", []string{"<h1>Digitale strategie — Museum Arnhem", "Sessiecode K7P-2QX",
			"<h2>Openingsronde: Wat hoop je vandaag mee te nemen?</h2>", "<strong>Zoë:</strong> Ideeën voor &lt;de&gt; zomer",
			"<h2>Slotronde: Wat doe jij maandag?</h2>"}},
		{"csv", []string{"opening;;Wat hoop je vandaag mee te nemen?;;2;Zoë;;Ideeën voor <de> zomer",
			"closing;;Wat doe jij maandag?;;2;Zoë;;Ik bel de wethouder"}},
		{"pdf", []string{"Digitale strategie — Museum Arnhem", "Sessiecode K7P-2QX",
			"Openingsronde: Wat hoop je vandaag mee te nemen?", "Zoë: Ideeën voor <de> zomer", "Slotronde: Wat doe jij maandag?"}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			data, _, _, err := Render(r, tt.format)
			if err != nil {
				t.Fatal(err)
			}
			text := string(data)
			if tt.format == "pdf" {
				if text = pdfText(t, data); text == "" {
					t.Skip("no pdftotext")
				}
				text = strings.Join(strings.Fields(text), " ")
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("the %s report lacks %q", tt.format, w)
				}
			}
		})
	}
}

// TestNoRoundsNoSections checks that a session without rounds has no round sections.
func TestNoRoundsNoSections(t *testing.T) {
	sc := newScenario(t)
	r := sc.build(cards.NL)
	if r.Opening != nil || r.Closing != nil {
		t.Fatalf("rounds in a session without them: %+v %+v", r.Opening, r.Closing)
	}
	md, _, _, err := Render(r, "md")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(md), "Openingsronde") || strings.Contains(string(md), "Slotronde") {
		t.Fatal("the Markdown report has a round section without rounds")
	}
}
