package cards

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestTestDeckIsValid(t *testing.T) {
	d := testDeck()
	if err := d.Validate(); err != nil {
		t.Fatalf("the test deck itself: %v", err)
	}
	got, err := LoadJSON(bytes.NewReader(jsonLines(t, d)))
	mustLoad(t, got, err)
	got, err = LoadCSV(bytes.NewReader(csvBytes(t, d)))
	mustLoad(t, got, err)
}

// A deckCase breaks testDeck in one way and says which one problem that must give.
type deckCase struct {
	name   string
	mutate func(d *Deck)
	card   int    // index of the card the problem is about; -1: the deck
	json   string // the field as a JSON deck and Validate name it
	csv    string // the field as a CSV deck names it
	msg    string // a part of the message
	// also is a part of the message that depends on the source ("deck", "json", "csv").
	also map[string]string
}

func deckCases() []deckCase {
	long := func(n int) string { return strings.Repeat("é", n) } // runes count, not bytes
	return []deckCase{
		{name: "missing Dutch title", card: firstStatement, json: "title.nl", csv: "title_nl", msg: "missing Dutch translation",
			mutate: func(d *Deck) { d.Cards[firstStatement].Title.NL = "" }},
		{name: "missing English body", card: firstTechnology, json: "body.en", csv: "body_en", msg: "missing English translation",
			mutate: func(d *Deck) { d.Cards[firstTechnology].Body.EN = "" }},
		{name: "missing English example", card: lastTechnology, json: "example.en", csv: "example_en", msg: "missing English translation",
			mutate: func(d *Deck) { d.Cards[lastTechnology].Example.EN = "" }},
		{name: "missing translation of an optional text", card: theQuestion, json: "body.en", csv: "body_en", msg: "missing English translation",
			mutate: func(d *Deck) { d.Cards[theQuestion].Body.NL = "Toelichting" }},
		{name: "unknown kind", card: theQuestion, json: "kind", csv: "kind", msg: `unknown kind "quiz": use statement, technology, question, advice or blank`,
			mutate: func(d *Deck) { d.Cards[theQuestion].Kind = "quiz" }},
		{name: "missing kind", card: theQuestion, json: "kind", csv: "kind", msg: "missing kind",
			mutate: func(d *Deck) { d.Cards[theQuestion].Kind = "" }},
		{name: "unknown part", card: firstTechnology, json: "parts[1]", csv: "parts", msg: `unknown part "publiek": use aanbod, bereik, impact or inkomsten`,
			mutate: func(d *Deck) { d.Cards[firstTechnology].Parts = []Part{Bereik, "publiek"} }},
		{name: "duplicate part", card: firstTechnology, json: "parts[2]", csv: "parts", msg: `part "bereik" is listed twice`,
			mutate: func(d *Deck) { d.Cards[firstTechnology].Parts = []Part{Bereik, Impact, Bereik} }},
		{name: "duplicate id", card: firstTechnology + 1, json: "id", csv: "id", msg: `duplicate id "t00"`,
			also:   map[string]string{"deck": "card 5 has it too", "json": "the card on line 6 has it too", "csv": "the card on line 6 has it too"},
			mutate: func(d *Deck) { d.Cards[firstTechnology+1].ID = "t00" }},
		{name: "empty id", card: theQuestion, json: "id", csv: "id", msg: "empty id: every card needs one",
			mutate: func(d *Deck) { d.Cards[theQuestion].ID = "" }},
		{name: "bad id", card: theQuestion, json: "id", csv: "id", msg: `bad id "Vraag 1": use only lowercase letters, digits, "-" and "_"`,
			mutate: func(d *Deck) { d.Cards[theQuestion].ID = "Vraag 1" }},
		{name: "id too long", card: theQuestion, json: "id", csv: "id", msg: "id is 41 characters, the limit is 40",
			mutate: func(d *Deck) { d.Cards[theQuestion].ID = strings.Repeat("q", 41) }},
		{name: "statement title too long", card: firstStatement, json: "title.nl", csv: "title_nl", msg: "text is 141 characters, the limit is 140",
			mutate: func(d *Deck) { d.Cards[firstStatement].Title.NL = long(141) }},
		{name: "question title too long", card: theQuestion, json: "title.en", csv: "title_en", msg: "text is 141 characters, the limit is 140",
			mutate: func(d *Deck) { d.Cards[theQuestion].Title.EN = long(141) }},
		{name: "technology title too long", card: firstTechnology, json: "title.en", csv: "title_en", msg: "text is 61 characters, the limit is 60",
			mutate: func(d *Deck) { d.Cards[firstTechnology].Title.EN = long(61) }},
		{name: "body too long", card: theAdvice, json: "body.nl", csv: "body_nl", msg: "text is 221 characters, the limit is 220",
			mutate: func(d *Deck) { d.Cards[theAdvice].Body.NL = long(221) }},
		{name: "example too long", card: firstTechnology, json: "example.en", csv: "example_en", msg: "text is 300 characters, the limit is 220",
			mutate: func(d *Deck) { d.Cards[firstTechnology].Example.EN = long(300) }},
		{name: "control character", card: theBlank, json: "title.nl", csv: "title_nl", msg: "control character U+0007",
			mutate: func(d *Deck) { d.Cards[theBlank].Title.NL = "Eigen\aidee" }},
		{name: "statement without title", card: firstStatement, json: "title", csv: "title_nl", msg: "title: a statement card needs one",
			mutate: func(d *Deck) { d.Cards[firstStatement].Title = Text{} }},
		{name: "technology without title", card: firstTechnology, json: "title", csv: "title_nl", msg: "title: a technology card needs one",
			mutate: func(d *Deck) { d.Cards[firstTechnology].Title = Text{} }},
		{name: "technology without body", card: firstTechnology, json: "body", csv: "body_nl", msg: "missing body: a technology card needs one",
			mutate: func(d *Deck) { d.Cards[firstTechnology].Body = Text{} }},
		{name: "technology without parts", card: firstTechnology, json: "parts", csv: "parts", msg: "missing parts: a technology card needs at least one",
			mutate: func(d *Deck) { d.Cards[firstTechnology].Parts = nil }},
		{name: "technology without example", card: firstTechnology, json: "example", csv: "example_nl", msg: "missing example: a technology card needs one",
			mutate: func(d *Deck) { d.Cards[firstTechnology].Example = Text{} }},
		{name: "question without title", card: theQuestion, json: "title", csv: "title_nl", msg: "title: a question card needs one",
			mutate: func(d *Deck) { d.Cards[theQuestion].Title = Text{} }},
		{name: "advice without title", card: theAdvice, json: "title", csv: "title_nl", msg: "title: an advice card needs one",
			mutate: func(d *Deck) { d.Cards[theAdvice].Title = Text{} }},
		{name: "advice without body", card: theAdvice, json: "body", csv: "body_nl", msg: "missing body: an advice card needs one",
			mutate: func(d *Deck) { d.Cards[theAdvice].Body = Text{} }},
		{name: "blank without title", card: theBlank, json: "title", csv: "title_nl", msg: "title: a blank card needs one",
			mutate: func(d *Deck) { d.Cards[theBlank].Title = Text{} }},
		{name: "unknown icon", card: theBlank, json: "icon", csv: "icon", msg: `unknown icon "robot": not in Material Design Icons ` + IconSetVersion,
			mutate: func(d *Deck) { d.Cards[theBlank].Icon = "robot" }},
		{name: "icon with mdi- prefix", card: theBlank, json: "icon", csv: "icon", msg: `unknown icon "mdi-pencil": write "pencil", without the "mdi-" prefix`,
			mutate: func(d *Deck) { d.Cards[theBlank].Icon = "mdi-pencil" }},
		{name: "missing icon", card: theBlank, json: "icon", csv: "icon", msg: "missing icon: every card needs one",
			mutate: func(d *Deck) { d.Cards[theBlank].Icon = "" }},
		{name: "unknown effort", card: firstTechnology, json: "effort", csv: "effort", msg: `unknown effort "huge": use small, medium or large`,
			mutate: func(d *Deck) { d.Cards[firstTechnology].Effort = "huge" }},
		{name: "effort on a statement", card: firstStatement, json: "effort", csv: "effort", msg: "effort is for technology cards only: leave it out of a statement card",
			mutate: func(d *Deck) { d.Cards[firstStatement].Effort = EffortSmall }},
		{name: "watch-out on an advice card", card: theAdvice, json: "watchOut", csv: "watch_out_nl", msg: "watchOut is for technology cards only: leave it out of an advice card",
			mutate: func(d *Deck) { d.Cards[theAdvice].WatchOut = Text{NL: "Let op", EN: "Watch out"} }},
		{name: "first step on a blank", card: theBlank, json: "firstStep", csv: "first_step_nl", msg: "firstStep is for technology cards only",
			mutate: func(d *Deck) { d.Cards[theBlank].FirstStep = Text{NL: "Begin", EN: "Start"} }},
		{name: "watch-out too long", card: firstTechnology, json: "watchOut.nl", csv: "watch_out_nl", msg: "text is 181 characters, the limit is 180",
			mutate: func(d *Deck) { d.Cards[firstTechnology].WatchOut = Text{NL: long(181), EN: "Watch out"} }},
		{name: "first step without English", card: lastTechnology, json: "firstStep.en", csv: "first_step_en", msg: "missing English translation",
			mutate: func(d *Deck) { d.Cards[lastTechnology].FirstStep = Text{NL: "Probeer het een maand"} }},
		{name: "source without name", card: lastTechnology, json: "source.name", csv: "source_name", msg: "missing source name",
			mutate: func(d *Deck) { d.Cards[lastTechnology].Source = &Source{Year: 2024, URL: "https://www.den.nl/"} }},
		{name: "source without year", card: firstStatement, json: "source.year", csv: "source_year", msg: "missing source year",
			mutate: func(d *Deck) { d.Cards[firstStatement].Source = &Source{Name: "DEN"} }},
		{name: "source year out of range", card: firstStatement, json: "source.year", csv: "source_year", msg: "source year 20024 is out of range: a year from 1900 to 2100",
			mutate: func(d *Deck) { d.Cards[firstStatement].Source = &Source{Name: "DEN", Year: 20024} }},
		{name: "source year too early", card: theQuestion, json: "source.year", csv: "source_year", msg: "source year 224 is out of range",
			mutate: func(d *Deck) { d.Cards[theQuestion].Source = &Source{Name: "DEN", Year: 224} }},
		{name: "source name too long", card: firstTechnology, json: "source.name", csv: "source_name", msg: "source name is 121 characters, the limit is 120: name the publisher and the title, not the whole citation",
			mutate: func(d *Deck) { d.Cards[firstTechnology].Source = &Source{Name: long(121), Year: 2025} }},
		{name: "link without https", card: firstTechnology, json: "source.url", csv: "source_url", msg: `bad link "www.den.nl": write the whole web address, starting with https://`,
			mutate: func(d *Deck) { d.Cards[firstTechnology].Source = &Source{Name: "DEN", Year: 2025, URL: "www.den.nl"} }},
		{name: "link with a space", card: firstTechnology, json: "source.url", csv: "source_url", msg: "a link has no spaces",
			mutate: func(d *Deck) {
				d.Cards[firstTechnology].Source = &Source{Name: "DEN", Year: 2025, URL: "https://www.den.nl/een pagina"}
			}},
		{name: "link without a site", card: firstTechnology, json: "source.url", csv: "source_url", msg: "the address has no site name",
			mutate: func(d *Deck) {
				d.Cards[firstTechnology].Source = &Source{Name: "DEN", Year: 2025, URL: "https:///nieuws"}
			}},
		{name: "too many cards", card: -1, msg: "the deck has 501 cards, the limit is 500",
			mutate: func(d *Deck) {
				for i := len(d.Cards); i < MaxCards+1; i++ {
					b := d.Cards[theBlank]
					b.ID = fmt.Sprintf("extra-%d", i)
					d.Cards = append(d.Cards, b)
				}
			}},
		{name: "too few statements", card: -1, msg: "the deck has 3 statement cards and needs at least 4: a game plays 4 statements by default",
			mutate: func(d *Deck) { d.Cards = d.Cards[1:] }},
		{name: "too few technology and blank cards", card: -1,
			msg:    "the deck has 23 technology and blank cards together and needs at least 24: each of 8 players is dealt a hand of 3 by default",
			mutate: func(d *Deck) { d.Cards = append(d.Cards[:firstTechnology], d.Cards[firstTechnology+2:]...) }},
		{name: "deck name without English", card: -1, json: "name.en", csv: "deck.name.en", msg: "missing English translation",
			mutate: func(d *Deck) { d.Name.EN = "" }},
		{name: "bad deck id", card: -1, json: "id", csv: "deck.id", msg: `bad id "Mijn deck"`,
			mutate: func(d *Deck) { d.ID = "Mijn deck" }},
		{name: "deck name too long", card: -1, json: "name.nl", csv: "deck.name.nl", msg: "text is 61 characters, the limit is 60",
			mutate: func(d *Deck) { d.Name.NL = long(61) }},
	}
}

// TestProblems checks every problem the validator knows, found by Validate, in a JSON deck
// and in a CSV deck: exactly one problem, on the right card, field and line.
func TestProblems(t *testing.T) {
	for _, tc := range deckCases() {
		t.Run(tc.name, func(t *testing.T) {
			d := testDeck()
			tc.mutate(d)
			cardID, pos := "", 0
			if tc.card >= 0 {
				cardID, pos = d.Cards[tc.card].ID, tc.card+1
			}
			check := func(t *testing.T, source string, err error, field string, line int) {
				t.Helper()
				probs := problemsOf(t, nil, err)
				if len(probs) != 1 {
					t.Fatalf("got %d problems, want 1:%s", len(probs), listProblems(probs))
				}
				p := probs[0]
				if p.Line != line || p.CardID != cardID || p.Card != pos || p.Field != field {
					t.Errorf("got line %d, card %q (%d), field %q; want line %d, card %q (%d), field %q",
						p.Line, p.CardID, p.Card, p.Field, line, cardID, pos, field)
				}
				if !strings.Contains(p.Message.EN, tc.msg) || !strings.Contains(p.Message.EN, tc.also[source]) {
					t.Errorf("message %q lacks %q and %q", p.Message.EN, tc.msg, tc.also[source])
				}
			}
			line := 0
			if tc.card >= 0 {
				line = cardLine(tc.card)
			}
			t.Run("deck", func(t *testing.T) {
				check(t, "deck", d.Validate(), tc.json, 0)
			})
			t.Run("json", func(t *testing.T) {
				jsonLine := line
				if tc.card < 0 && tc.json != "" {
					jsonLine = 1 // the deck's own fields are all on line 1
				}
				got, err := LoadJSON(bytes.NewReader(jsonLines(t, d)))
				if got != nil {
					t.Fatal("a deck with a problem was returned")
				}
				check(t, "json", err, tc.json, jsonLine)
			})
			t.Run("csv", func(t *testing.T) {
				got, err := LoadCSVAs(bytes.NewReader(csvBytes(t, d)), infoOf(d))
				if got != nil {
					t.Fatal("a deck with a problem was returned")
				}
				check(t, "csv", err, tc.csv, line)
			})
		})
	}
}

// TestEveryProblemReported breaks many cards at once: every problem is reported, in the
// order of the file.
func TestEveryProblemReported(t *testing.T) {
	d := testDeck()
	var cases []deckCase
	for _, tc := range deckCases() {
		if tc.card >= 0 && tc.name != "duplicate id" {
			cases = append(cases, tc)
		}
	}
	// Apply each case to a card of its own kind where one exists, so that no two
	// cases hit the same field of the same card.
	used := map[string]bool{}
	want := 0
	for _, tc := range cases {
		key := fmt.Sprintf("%d/%s", tc.card, strings.FieldsFunc(tc.json, func(r rune) bool { return r == '.' || r == '[' })[0])
		if used[key] {
			continue
		}
		used[key] = true
		tc.mutate(d)
		want++
	}
	got, err := LoadJSON(bytes.NewReader(jsonLines(t, d)))
	probs := problemsOf(t, got, err)
	if len(probs) != want {
		t.Errorf("got %d problems, want %d:%s", len(probs), want, listProblems(probs))
	}
	for i := 1; i < len(probs); i++ {
		if probs[i].Line < probs[i-1].Line {
			t.Errorf("problem %d (line %d) comes after one on line %d", i, probs[i].Line, probs[i-1].Line)
		}
	}
}

func TestValidateHandBuilt(t *testing.T) {
	t.Run("white space around a text", func(t *testing.T) {
		d := testDeck()
		d.Cards[theBlank].Title.EN = " Own idea"
		probs := problemsOf(t, nil, d.Validate())
		if len(probs) != 1 || probs[0].Field != "title.en" || !strings.Contains(probs[0].Message.EN, "white space") {
			t.Errorf("got%s", listProblems(probs))
		}
	})
	t.Run("invalid UTF-8", func(t *testing.T) {
		d := testDeck()
		d.Cards[theBlank].Title.NL = "Caf\xe9"
		probs := problemsOf(t, nil, d.Validate())
		if len(probs) != 1 || probs[0].Field != "title.nl" || !strings.Contains(probs[0].Message.EN, "not valid UTF-8") {
			t.Errorf("got%s", listProblems(probs))
		}
	})
	t.Run("version", func(t *testing.T) {
		d := testDeck()
		d.Version = -2
		probs := problemsOf(t, nil, d.Validate())
		if len(probs) != 1 || probs[0].Field != "version" || !strings.Contains(probs[0].Message.EN, "version -2") {
			t.Errorf("got%s", listProblems(probs))
		}
		d.Version = 0
		probs = problemsOf(t, nil, d.Validate())
		if len(probs) != 1 || !strings.Contains(probs[0].Message.EN, "missing version") {
			t.Errorf("got%s", listProblems(probs))
		}
	})
	t.Run("nil deck", func(t *testing.T) {
		var d *Deck
		if d.Validate() == nil {
			t.Error("a nil deck is valid")
		}
	})
	t.Run("valid deck gives a nil error", func(t *testing.T) {
		// A nil Problems in an error interface is not a nil error.
		if err := testDeck().Validate(); err != nil {
			t.Errorf("got %#v", err)
		}
	})
	t.Run("limits are limits, not one less", func(t *testing.T) {
		d := testDeck()
		d.Cards[firstStatement].Title.NL = strings.Repeat("é", MaxTitleStatement)
		d.Cards[firstTechnology].Title.NL = strings.Repeat("é", MaxTitle)
		d.Cards[firstTechnology].Body.NL = strings.Repeat("é", MaxBody)
		d.Cards[firstTechnology].Example.NL = strings.Repeat("é", MaxExample)
		d.Cards[theQuestion].ID = strings.Repeat("q", MaxID)
		if err := d.Validate(); err != nil {
			t.Error(err)
		}
	})
}

func TestProblemError(t *testing.T) {
	missing := Text{NL: "de Engelse vertaling ontbreekt", EN: "missing English translation"}
	empty := Text{NL: "lege id", EN: "empty id"}
	for _, tc := range []struct {
		p      Problem
		en, nl string
	}{
		{Problem{Line: 7, CardID: "tech-x", Card: 3, Field: "title_en", Message: missing},
			`line 7 (card "tech-x"), title_en: missing English translation`,
			`regel 7 (kaart "tech-x"), title_en: de Engelse vertaling ontbreekt`},
		{Problem{CardID: "tech-x", Card: 3, Field: "title.en", Message: missing},
			`card "tech-x", title.en: missing English translation`,
			`kaart "tech-x", title.en: de Engelse vertaling ontbreekt`},
		{Problem{Line: 9, Card: 4, Field: "id", Message: empty}, `line 9 (card 4), id: empty id`, `regel 9 (kaart 4), id: lege id`},
		{Problem{Card: 4, Field: "id", Message: empty}, `card 4, id: empty id`, `kaart 4, id: lege id`},
		{Problem{Line: 2, Field: "name.en", Message: verbatim("x")}, `line 2, name.en: x`, `regel 2, name.en: x`},
		{Problem{Line: 2, Message: verbatim("x")}, `line 2: x`, `regel 2: x`},
		{Problem{Message: Text{NL: "te weinig", EN: "too few"}}, `too few`, `te weinig`},
	} {
		if got := tc.p.Error(); got != tc.en {
			t.Errorf("%#v:\ngot  %s\nwant %s", tc.p, got, tc.en)
		}
		if got := tc.p.In(NL); got != tc.nl {
			t.Errorf("%#v in Dutch:\ngot  %s\nwant %s", tc.p, got, tc.nl)
		}
	}
	ps := Problems{{Line: 1, Message: verbatim("a")}, {Line: 2, Message: verbatim("b")}}
	if got, want := ps.Error(), "2 problems:\nline 1: a\nline 2: b"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := ps[:1].Error(), "1 problem:\nline 1: a"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
