package report

import (
	"fmt"
	"strings"

	"impactkaarten/cards"
	"impactkaarten/game"
)

// Round is the opening or closing round of a session: its question and what each person
// wrote. The lines keep their names: they were said aloud, not voted.
type Round struct {
	Question string      `json:"question"`
	Lines    []RoundLine `json:"lines"`
}

// RoundLine is one person's line in a round.
type RoundLine struct {
	Who  SeatRef `json:"who"`
	Text string  `json:"text"`
}

// roundLabels are the words of the rounds, in one language.
type roundLabels struct {
	Opening, Closing                 string // the sections' headings
	OpeningQuestion, ClosingQuestion string // the default questions
	Code                             string // the session code line under the title
}

func roundLabelsFor(l cards.Lang) roundLabels {
	if l == cards.EN {
		return roundLabels{Opening: "Opening round", Closing: "Closing round",
			OpeningQuestion: "What do you hope to take away today?", ClosingQuestion: "What will you do tomorrow?",
			Code: "Session code %s"}
	}
	return roundLabels{Opening: "Openingsronde", Closing: "Slotronde",
		OpeningQuestion: "Wat hoop je vandaag mee te nemen?", ClosingQuestion: "Wat doe jij morgen?",
		Code: "Sessiecode %s"}
}

// DefaultQuestion is the question of the round of phase p (game.Opening or game.Closing)
// when the facilitator has not reworded it, in language l.
func DefaultQuestion(l cards.Lang, p game.Phase) string {
	lb := roundLabelsFor(l)
	if p == game.Closing {
		return lb.ClosingQuestion
	}
	return lb.OpeningQuestion
}

// rounds fills in the opening and closing rounds that have lines.
func (b *builder) rounds(r *Report) {
	round := func(lines []game.Line, question string, p game.Phase) *Round {
		if len(lines) == 0 {
			return nil
		}
		if question == "" {
			question = DefaultQuestion(b.lang, p)
		}
		out := &Round{Question: question}
		for _, l := range lines {
			out.Lines = append(out.Lines, RoundLine{Who: b.ref(l.Seat), Text: l.Text})
		}
		return out
	}
	st := b.v.Settings
	r.Opening = round(b.v.OpeningLines, st.OpeningQuestion, game.Opening)
	r.Closing = round(b.v.ClosingLines, st.ClosingQuestion, game.Closing)
}

// heading is a round's section heading: "Openingsronde: Wat hoop je vandaag mee te nemen?".
func (rd *Round) heading(what string) string { return what + ": " + rd.Question }

// markdownRound writes a round as a Markdown section.
func markdownRound(line func(string, ...any), rd *Round, what string) {
	if rd == nil {
		return
	}
	line("## %s", md(rd.heading(what)))
	line("")
	for _, l := range rd.Lines {
		line("- **%s:** %s", md(l.Who.Name), md(l.Text))
	}
	line("")
}

// roundText is a round as lines of plain text, "Name: line", for the PDF.
func roundText(rd *Round) []string {
	out := make([]string, len(rd.Lines))
	for i, l := range rd.Lines {
		out[i] = l.Who.Name + ": " + l.Text
	}
	return out
}

// codeLine is the secondary line under the title that names the session's code.
func (r *Report) codeLine() string {
	if r.Room == "" {
		return ""
	}
	return fmt.Sprintf(roundLabelsFor(r.Lang).Code, r.Room)
}

// csvRounds are the rows of the rounds: kind, the round's question, the seat and its line.
func csvRounds(r *Report, seat func(SeatRef) (string, string)) [][]string {
	var rows [][]string
	for _, x := range []struct {
		kind string
		rd   *Round
	}{{"opening", r.Opening}, {"closing", r.Closing}} {
		if x.rd == nil {
			continue
		}
		for _, l := range x.rd.Lines {
			id, name := seat(l.Who)
			rows = append(rows, []string{x.kind, "", strings.TrimSpace(x.rd.Question), "", id, name, "", l.Text, "", ""})
		}
	}
	return rows
}
