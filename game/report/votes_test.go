package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game"
)

// TestAnonymousSession plays the scripted session with anonymous votes and checks that no
// export links a vote or a dot to a name, while the distribution, mean and spread stay.
func TestAnonymousSession(t *testing.T) {
	deck, err := cards.Default()
	if err != nil {
		t.Fatal(err)
	}
	st := game.DefaultSettings()
	st.AnonymousVotes = true
	sc := &scenario{t: t, s: game.New(deck, blankSeed(t, deck), st), now: clockStart}
	for _, step := range sc.steps() {
		step()
	}
	for _, lang := range []cards.Lang{cards.NL, cards.EN} {
		r := sc.build(lang)
		if !r.VotesAnonymous {
			t.Fatal("the report of an anonymous session does not say so")
		}
		revealed := 0
		for _, s := range r.Statements {
			if s.Result == nil || s.Result.Count == 0 {
				continue
			}
			revealed++
			if len(s.Result.Apart) != 0 || s.Result.Spread == 0 && s.Result.Mean == 0 {
				t.Errorf("statement %d: result %+v", s.Number, s.Result)
			}
			for _, v := range s.Votes {
				if v.SeatRef != (SeatRef{}) {
					t.Errorf("statement %d: a vote names %+v", s.Number, v.SeatRef)
				}
			}
		}
		if revealed != 2 {
			t.Fatalf("%d statements revealed, want 2", revealed)
		}
		for _, format := range []string{"md", "html", "csv", "json", "pdf"} {
			data, _, _, err := Render(r, format)
			if err != nil {
				t.Fatal(err)
			}
			if format == "pdf" {
				if data = []byte(pdfText(t, data)); len(data) == 0 {
					continue
				}
			}
			for _, leak := range []string{"Wie stemde wat", "Who voted what", "Verst uit elkaar", "Furthest apart",
				"Fenna 4", "Zoë (1)", `"dotsBy"`, `"apart"`, "vote;1;", "vote,1,", "dot;", "dot,"} {
				if bytes.Contains(data, []byte(leak)) {
					t.Errorf("%s %s: the export of an anonymous session holds %q", lang, format, leak)
				}
			}
		}
	}
}

// TestResultSpeaksOfTheVotes checks that a result says how many of those who could vote
// voted, and claims agreement only among two votes or more.
func TestResultSpeaksOfTheVotes(t *testing.T) {
	deck, err := cards.Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name        string
		votes       map[game.SeatID]int
		want, never []string
	}{
		{name: "one vote", votes: map[game.SeatID]int{zoe: 3},
			want: []string{"1 van 4 gestemd"}, never: []string{"eens.", "Verst uit elkaar"}},
		{name: "two who agree", votes: map[game.SeatID]int{zoe: 3, jeroen: 3},
			want: []string{"2 van 4 gestemd", "Alle 2 stemmers waren het eens."}, never: []string{"Iedereen"}},
		{name: "two apart", votes: map[game.SeatID]int{zoe: 1, jeroen: 4},
			want: []string{"2 van 4 gestemd", "Verst uit elkaar"}, never: []string{"eens."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc := &scenario{t: t, s: game.New(deck, 7, game.DefaultSettings()), now: clockStart}
			sc.steps()[0]()
			for _, seat := range []game.SeatID{zoe, jeroen} {
				if v, ok := tt.votes[seat]; ok {
					sc.do(seat, time.Second, game.CmdVote, game.Args{Value: v})
				}
			}
			sc.do(fenna, time.Second, game.CmdReveal, game.Args{})
			r := sc.build(cards.NL)
			if res := r.Statements[0].Result; res == nil || res.Of != 4 || res.Count != len(tt.votes) {
				t.Fatalf("result %+v", res)
			}
			for _, format := range []string{"md", "html", "pdf"} {
				data, _, _, err := Render(r, format)
				if err != nil {
					t.Fatal(err)
				}
				text := string(data)
				if format == "pdf" {
					if text = pdfText(t, data); text == "" {
						continue
					}
				}
				for _, w := range tt.want {
					if !strings.Contains(text, w) {
						t.Errorf("%s lacks %q", format, w)
					}
				}
				for _, n := range tt.never {
					if strings.Contains(text, n) {
						t.Errorf("%s holds %q", format, n)
					}
				}
			}
		})
	}
}
