package report

import (
	"strings"
	"testing"
	"time"

	"impactkaarten/cards"
)

// TestAgendaRules checks each rule of the follow-up agenda on small, hand-made reports.
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
		return Ranked{Place: place, Dots: dots, Part: part, Title: title, Card: title, Owner: "Speler " + title}
	}
	tests := []struct {
		name      string
		lang      cards.Lang
		r         Report
		advice    []string
		want      map[string]string // kind -> text it must contain; "" means the kind is absent
		decisions []string          // texts the decisions must contain, in order
		invite    []string          // who must be invited
	}{
		{name: "an empty session explores the earning model", lang: cards.NL,
			want: map[string]string{AgendaReview: "Verdienmodel: verkennen", AgendaOwners: "", AgendaDiscuss: "",
				AgendaPartners: ""},
			decisions: []string{"Wie trekt de verkenning"}, invite: []string{"directie en bestuur"}},
		{name: "cards without dots: choose priorities, agree actions", lang: cards.NL,
			r: Report{Ranking: []Ranked{ranked(1, 0, cards.Bereik, "A"), ranked(2, 0, cards.Aanbod, "B")}},
			want: map[string]string{AgendaReview: "Prioriteiten kiezen uit de 2 kaarten",
				AgendaOwners: "Acties en eigenaren afspreken"},
			decisions: []string{"Welke drie kaarten"}},
		{name: "one priority", lang: cards.EN,
			r:         Report{Ranking: []Ranked{ranked(1, 2, cards.Inkomsten, "A"), ranked(2, 0, cards.Aanbod, "B")}},
			want:      map[string]string{AgendaReview: "Review: the top priority (“A”)"},
			decisions: []string{"Does “A” get a pilot?", "What will we do less of"},
			invite:    []string{"Speler A", "directors and board"}},
		{name: "a tie in third place keeps both cards", lang: cards.NL,
			r: Report{Ranking: []Ranked{ranked(1, 3, cards.Impact, "A"), ranked(2, 2, cards.Impact, "B"),
				ranked(3, 1, cards.Impact, "C"), ranked(3, 1, cards.Impact, "D"), ranked(5, 0, cards.Aanbod, "E")}},
			want:      map[string]string{AgendaReview: "top 4 prioriteiten (“A”, “B”, “C”, “D”)"},
			decisions: []string{"“A”, “B”, “C” of “D”", "minder of niet meer"}},
		{name: "a large effort asks whether it fits the budget", lang: cards.NL,
			r:         Report{Ranking: []Ranked{{Place: 1, Dots: 3, Part: cards.Bereik, Card: "large", Title: "Groot"}}},
			decisions: []string{"Krijgt “Groot” een proef?", "“Groot” vraagt een grote inspanning", "minder of niet meer"}},
		{name: "actions with and without owner", lang: cards.NL,
			r: Report{Actions: []ActionItem{{Text: "X", Owner: "Zoë", Due: "2027-02-01"}, {Text: "Y", Owner: "Jan", Due: "2026-12-31"},
				{Text: "Z", NoOwner: true}}},
			want: map[string]string{AgendaProgress: "Voortgang van 2 acties met een eigenaar (de eerste uiterlijk 31 december 2026)",
				AgendaOwners: "Eigenaar kiezen voor: “Z”"},
			decisions: []string{"Wie trekt", "(1 actie)"},
			invite:    []string{"Zoë", "Jan", "directie en bestuur"}},
		{name: "only the two widest disagreements, widest first, from a spread of 1", lang: cards.EN,
			r:    Report{Statements: []Statement{statement("a", 3, 0.9), statement("b", 3, 1.2), statement("c", 3, 1.6), statement("d", 3, 1.0)}},
			want: map[string]string{AgendaDiscuss: "Discuss further: “Stelling c” (spread 1.6); “Stelling b” (spread 1.2)"}},
		{name: "low support brings makers and staff and the supervisory board", lang: cards.NL,
			r:         Report{Statements: []Statement{statement(cardSupportStatement, 2.25, 0.4)}},
			decisions: []string{"Wie trekt", "raad van toezicht"}, invite: []string{"directie en bestuur", "makers en medewerkers"}},
		{name: "support that scored well brings nobody extra", lang: cards.NL,
			r:         Report{Statements: []Statement{statement(cardSupportStatement, 3.5, 0.4)}},
			decisions: []string{"Wie trekt"}, invite: []string{"directie en bestuur"}},
		{name: "the advice card on support counts too", lang: cards.EN, advice: []string{cardSupportAdvice},
			decisions: []string{"Who leads", "supervisory board"}, invite: []string{"directors and board", "makers and staff"}},
		{name: "partners named in the discussion, not the players", lang: cards.NL,
			r: Report{Participants: []Participant{{Name: "Zoë"}},
				Statements: []Statement{{Card: "s", Title: "S", Insight: "Zoë wil het samen doen met Bibliotheek Utrecht."}},
				Actions:    []ActionItem{{Text: "Bellen met de gemeente over AI en VR", Owner: "Zoë"}}},
			want:   map[string]string{AgendaPartners: "Samenwerking: wat vragen we aan Bibliotheek Utrecht en gemeente?"},
			invite: []string{"Zoë", "directie en bestuur", "Bibliotheek Utrecht", "gemeente"}},
		{name: "unrevealed statements are not discussed", lang: cards.NL,
			r:    Report{Statements: []Statement{{Card: cardSupportStatement, Voters: 3}}},
			want: map[string]string{AgendaDiscuss: ""}, decisions: []string{"Wie trekt"}},
	}
	large := *deck
	large.Cards = append(large.Cards, cards.Card{ID: "large", Kind: cards.Technology, Effort: cards.EffortLarge})
	large.Index()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r
			r.Lang, r.Date, r.Generated = tc.lang, "2026-11-25", sessionStart
			b := builder{deck: &large, lang: tc.lang, lb: labelsFor(tc.lang), loc: cet}
			a := b.agenda(&r, tc.advice)
			got := map[string]string{}
			minutes := 0
			for _, it := range a.Items {
				if _, dup := got[it.Kind]; dup {
					t.Errorf("two %s items", it.Kind)
				}
				got[it.Kind] = it.Text
				minutes += it.Minutes
				if it.Minutes <= 0 {
					t.Errorf("%s item without minutes", it.Kind)
				}
			}
			if minutes != 60 {
				t.Errorf("the items take %d minutes, want 60", minutes)
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
			if len(a.Decisions) != len(tc.decisions) && tc.decisions != nil {
				t.Errorf("decisions %q, want %d", a.Decisions, len(tc.decisions))
			}
			for i, want := range tc.decisions {
				if i < len(a.Decisions) && !strings.Contains(a.Decisions[i], want) {
					t.Errorf("decision %d %q, want it to contain %q", i, a.Decisions[i], want)
				}
			}
			if tc.invite != nil {
				var who []string
				for _, in := range a.Invite {
					who = append(who, in.Who)
					if in.Brings == "" {
						t.Errorf("%s is invited without saying what they bring", in.Who)
					}
				}
				if strings.Join(who, "|") != strings.Join(tc.invite, "|") {
					t.Errorf("invite %q, want %q", who, tc.invite)
				}
			}
			if a.Purpose == "" || got[AgendaOpen] == "" || got[AgendaDecide] == "" || got[AgendaClose] == "" || a.Date != "2026-12-18" {
				t.Errorf("agenda without purpose, opening, decisions, close or date: %+v", a)
			}
		})
	}
}

// TestFollowUpDate checks the date of the follow-up meeting over the tricky days of the
// calendar: weekends, public holidays and the Christmas holiday.
func TestFollowUpDate(t *testing.T) {
	tests := []struct {
		name, session, want string
	}{
		{"four weeks later on a working day", "2026-10-07", "2026-11-04"},
		{"a session on a Saturday moves to Monday", "2026-10-10", "2026-11-09"},
		{"into the Christmas holiday: back to the Friday before", "2026-11-25", "2026-12-18"},
		{"Christmas Day itself", "2026-11-27", "2026-12-18"},
		{"between Christmas and New Year", "2026-12-01", "2026-12-18"},
		{"New Year's Day, exactly two weeks after the Friday before", "2026-12-04", "2026-12-18"},
		{"a Christmas on a Saturday makes a holiday of 15 days: too late for the week before, so January", "2027-12-04", "2028-01-03"},
		{"early January after a Christmas on a Saturday (2027)", "2027-12-01", "2027-12-17"},
		{"Christmas on a Sunday (2022): the holiday starts on Saturday the 24th", "2022-11-23", "2022-12-21"},
		{"Boxing Day 2022: back to Friday the 23rd", "2022-11-28", "2022-12-23"},
		{"New Year's Day on a Sunday (2023): Monday the 2nd is a working day", "2022-12-05", "2023-01-02"},
		{"Easter Monday", "2027-03-01", "2027-03-30"},
		{"King's Day", "2026-03-30", "2026-04-28"},
		{"King's Day on a Sunday moves to Saturday the 26th (2025)", "2025-03-29", "2025-04-28"},
		{"Liberation Day", "2026-04-07", "2026-05-06"},
		{"Ascension Day", "2026-04-16", "2026-05-15"},
		{"Whit Monday", "2026-04-27", "2026-05-26"},
		{"a leap day", "2028-02-01", "2028-02-29"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			session, err := time.ParseInLocation(time.DateOnly, tc.session, cet)
			if err != nil {
				t.Fatal(err)
			}
			got := followUpDate(session.Add(10 * time.Hour))
			if got.Format(time.DateOnly) != tc.want {
				t.Fatalf("session %s (%s): follow-up %s (%s), want %s", tc.session, session.Weekday(),
					got.Format(time.DateOnly), got.Weekday(), tc.want)
			}
			if !workingDay(got) {
				t.Errorf("%s is not a working day", tc.want)
			}
			if from, to := christmasHoliday(got); !got.Before(from) && !got.After(to) {
				t.Errorf("%s is in the Christmas holiday %s–%s", tc.want, from.Format(time.DateOnly), to.Format(time.DateOnly))
			}
		})
	}
}

// TestFollowUpDateEveryDay checks the two rules for every session day of ten years.
func TestFollowUpDateEveryDay(t *testing.T) {
	day := time.Date(2025, 1, 1, 9, 30, 0, 0, cet)
	for range 3653 {
		got := followUpDate(day)
		from, to := christmasHoliday(got)
		if !workingDay(got) || (!got.Before(from) && !got.After(to)) || got.Before(dayOf(day).AddDate(0, 0, 14)) {
			t.Fatalf("session %s: follow-up %s (%s)", day.Format(time.DateOnly), got.Format(time.DateOnly), got.Weekday())
		}
		day = day.AddDate(0, 0, 1)
	}
}

func TestEaster(t *testing.T) {
	for year, want := range map[int]string{2024: "2024-03-31", 2025: "2025-04-20", 2026: "2026-04-05", 2027: "2027-03-28", 2038: "2038-04-25"} {
		if got := easterSunday(year, time.UTC).Format(time.DateOnly); got != want {
			t.Errorf("Easter %d: %s, want %s", year, got, want)
		}
	}
}

func TestPartnersIn(t *testing.T) {
	r := &Report{Participants: []Participant{{Name: "Jeroen"}, {Name: "Zoë"}}}
	tests := []struct {
		text string
		want []string
	}{
		{`Samen met "Theater & Co" <live> streamen`, []string{"Theater & Co"}},
		{`Offerte "Theater & Co" opvragen`, []string{"Theater & Co"}},
		{"Scholen kunnen de voorstelling voorbereiden", []string{"scholen"}},
		{"Het Van Gogh Museum deed dit al", []string{"Het Van Gogh Museum"}},
		{"Jeroen belt met het Rijksmuseum en de bibliotheek.", []string{"Rijksmuseum", "bibliotheek"}},
		{"Makers vertellen over hun werk; dat bindt bezoekers", nil},
		{"We willen AI en VR proberen. Zoë ziet geen haast", nil},
		{"Met “Bibliotheek Utrecht” en de provincie.", []string{"Bibliotheek Utrecht", "provincie"}},
		{"Ask the council and Arts Council England for a grant", []string{"Arts Council England"}}, // "council" adds nothing next to it
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			var got []string
			for _, p := range partnersIn([]said{{tc.text, "x"}}, r) {
				got = append(got, p.Name)
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Fatalf("partners %q, want %q", got, tc.want)
			}
		})
	}
}

// FuzzPartnersIn: any text a player types gives partners without a panic, each named by
// words that are in the text.
func FuzzPartnersIn(f *testing.F) {
	for _, s := range []string{`Samen met "Theater & Co" <live>`, "“Bibliotheek Utrecht” en de gemeente.", "Het Van Gogh Museum", "“", `"`, "( ) & van", "Zoë: AI."} {
		f.Add(s)
	}
	r := &Report{Participants: []Participant{{Name: "Zoë"}}}
	f.Fuzz(func(t *testing.T, text string) {
		for _, p := range partnersIn([]said{{text, "x"}}, r) {
			for _, w := range strings.Fields(p.Name) {
				if !strings.Contains(strings.ToLower(text), strings.ToLower(w)) {
					t.Fatalf("partner %q from %q", p.Name, text)
				}
			}
		}
	})
}
