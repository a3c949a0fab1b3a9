package report

import (
	"strings"
	"testing"

	"impactkaarten/cards"
)

// TestAgendaRules checks each rule of the proposed agenda on small, hand-made reports.
func TestAgendaRules(t *testing.T) {
	deck, err := cards.Default()
	if err != nil {
		t.Fatal(err)
	}
	statement := func(card string, mean, spread float64) Statement {
		return Statement{Card: card, Title: "Stelling " + card, Revealed: true,
			Result: &Result{Count: 4, Mean: mean, Spread: spread}}
	}
	ranked := func(place, dots int, part cards.Part, title string) Ranked {
		return Ranked{Place: place, Dots: dots, Part: part, Title: title, Card: title}
	}
	tests := []struct {
		name   string
		lang   cards.Lang
		r      Report
		advice []string
		want   map[string]string // kind -> text it must contain; "" means the kind is absent
	}{
		{name: "an empty session explores the earning model", lang: cards.NL,
			want: map[string]string{AgendaReview: "Verdienmodel: verkennen", AgendaOwners: "", AgendaDiscuss: "",
				AgendaInvolve: "collega’s die er niet bij waren", AgendaPartners: "organisaties met dezelfde digitale vraag"}},
		{name: "cards without dots: choose priorities, agree actions", lang: cards.NL,
			r: Report{Ranking: []Ranked{ranked(1, 0, cards.Bereik, "A"), ranked(2, 0, cards.Aanbod, "B")}},
			want: map[string]string{AgendaReview: "Prioriteiten kiezen uit de 2 kaarten",
				AgendaOwners: "Acties en eigenaren afspreken", AgendaPartners: "andere podia en musea"}},
		{name: "one priority", lang: cards.EN,
			r:    Report{Ranking: []Ranked{ranked(1, 2, cards.Inkomsten, "A"), ranked(2, 0, cards.Aanbod, "B")}},
			want: map[string]string{AgendaReview: "Review: the top priority (A)", AgendaPartners: "a fund or sponsor"}},
		{name: "a tie in third place keeps both cards", lang: cards.NL,
			r: Report{Ranking: []Ranked{ranked(1, 3, cards.Impact, "A"), ranked(2, 2, cards.Impact, "B"),
				ranked(3, 1, cards.Impact, "C"), ranked(3, 1, cards.Impact, "D"), ranked(5, 0, cards.Aanbod, "E")}},
			want: map[string]string{AgendaReview: "top 4 prioriteiten (A, B, C, D)", AgendaPartners: "Samenwerken met: scholen"}},
		{name: "actions with and without owner", lang: cards.NL,
			r: Report{Actions: []ActionItem{{Text: "X", Owner: "Zoë", Due: "2027-02-01"}, {Text: "Y", Owner: "Jan", Due: "2026-12-31"},
				{Text: "Z", NoOwner: true}}},
			want: map[string]string{AgendaProgress: "Voortgang van 2 acties met een eigenaar (eerste deadline 31 december 2026)",
				AgendaOwners: "Eigenaar kiezen voor: “Z”", AgendaInvolve: "Wie betrekken we: directie en bestuur"}},
		{name: "only the two widest disagreements, widest first, from a spread of 1", lang: cards.EN,
			r:    Report{Statements: []Statement{statement("a", 3, 0.9), statement("b", 3, 1.2), statement("c", 3, 1.6), statement("d", 3, 1.0)}},
			want: map[string]string{AgendaDiscuss: "Discuss further: “Stelling c” (spread 1.6); “Stelling b” (spread 1.2)"}},
		{name: "a wide spread of exactly 1 counts", lang: cards.NL,
			r:    Report{Statements: []Statement{statement("a", 3, 1.0)}},
			want: map[string]string{AgendaDiscuss: "(spreiding 1,0)"}},
		{name: "low support brings the board, makers and supervisors", lang: cards.NL,
			r:    Report{Statements: []Statement{statement(cardSupportStatement, 2.25, 0.4)}},
			want: map[string]string{AgendaInvolve: "directie en bestuur, makers, toezichthouders (draagvlak scoorde 2,3)"}},
		{name: "support that scored well brings nobody extra", lang: cards.NL,
			r:    Report{Statements: []Statement{statement(cardSupportStatement, 3.5, 0.4)}},
			want: map[string]string{AgendaInvolve: "collega’s die er niet bij waren"}},
		{name: "low responsibility brings the direction", lang: cards.EN,
			r:    Report{Statements: []Statement{statement(cardResponsibleStatement, 1.5, 0.5)}},
			want: map[string]string{AgendaInvolve: "Whom to involve: directors and board (responsibility scored 1.5)"}},
		{name: "the advice card on support counts too", lang: cards.EN, advice: []string{cardSupportAdvice},
			want: map[string]string{AgendaInvolve: "directors and board, makers, supervisors (advice card “Build broad support”)"}},
		{name: "unrevealed statements are not discussed", lang: cards.NL,
			r:    Report{Statements: []Statement{{Card: cardSupportStatement, Voters: 3}}},
			want: map[string]string{AgendaDiscuss: "", AgendaInvolve: "collega’s"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r
			r.Lang, r.Date, r.Generated = tc.lang, "2026-11-25", sessionStart
			b := builder{deck: deck, lang: tc.lang, lb: labelsFor(tc.lang), loc: cet}
			a := b.agenda(&r, tc.advice)
			got := map[string]string{}
			for _, it := range a.Items {
				if _, dup := got[it.Kind]; dup {
					t.Errorf("two %s items", it.Kind)
				}
				got[it.Kind] = it.Text
			}
			for kind, want := range tc.want {
				text, ok := got[kind]
				switch {
				case want == "" && ok:
					t.Errorf("unexpected %s item %q", kind, text)
				case want != "" && !strings.Contains(text, want):
					t.Errorf("%s item %q, want it to contain %q", kind, text, want)
				}
			}
			if _, ok := got[AgendaReview]; !ok || a.FollowUpBy != "2026-12-23" {
				t.Errorf("agenda without review or follow-up: %+v", a)
			}
		})
	}
}
