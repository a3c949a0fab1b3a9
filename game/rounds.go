package game

import "slices"

// The opening and closing rounds. The opening round comes before the first phase, so that
// everyone says what they hope to take away before the cards shape the talk; the closing
// round comes after the last phase and before the report, so that what each will do
// tomorrow is the last thing said and the first the report shows after the actions. Each
// is a phase of its own (Opening, Closing), switched on in the settings, with its own
// timer; in it every player (and the facilitator) writes one line, which they may change
// or withdraw until the round is over. Everyone sees the lines as they are written: a
// round is said aloud, not voted.

const (
	// MaxQuestion is the length of a round's question, which the facilitator may reword.
	MaxQuestion = 140
	// MaxAnswer is the length of a line written in a round: one line, like a card's reason.
	MaxAnswer = 140
	// DefaultRoundSeconds is a round's timer when the settings leave it at 0: five
	// minutes, enough for a group of twelve to each say their line.
	DefaultRoundSeconds = 300
)

func roundSeconds(s int) int {
	if s == 0 {
		return DefaultRoundSeconds
	}
	return s
}

// Line is what one seat wrote in a round.
type Line struct {
	Seat SeatID `json:"seat"`
	Text string `json:"text"`
}

// answer decides a line written in the opening or closing round.
func (d *decider) answer() ([]Event, error) {
	s, c := d.s, d.c
	if err := d.inPhase(Opening, Closing); err != nil {
		return nil, err
	}
	if d.actor != s.Facilitator {
		if _, err := d.player(); err != nil {
			return nil, err
		}
	}
	text, err := cleanText(c.Text, MaxAnswer, "line")
	if err != nil {
		return nil, err
	}
	prev, had := "", false
	for _, l := range *s.lines(s.Phase) {
		if l.Seat == d.actor {
			prev, had = l.Text, true
		}
	}
	if (!had && text == "") || (had && prev == text) {
		return reject(NoChange, "that is your line already")
	}
	return d.emit(EvAnswered, Args{Phase: s.Phase, Text: text})
}

// lines returns the lines of the round of phase p, or nil for another phase.
func (s *State) lines(p Phase) *[]Line {
	switch p {
	case Opening:
		return &s.OpeningLines
	case Closing:
		return &s.ClosingLines
	}
	return nil
}

// lines returns the lines of the round of phase p in a view, or nil for another phase.
func (v *PlayerView) lines(p Phase) *[]Line {
	switch p {
	case Opening:
		return &v.OpeningLines
	case Closing:
		return &v.ClosingLines
	}
	return nil
}

// applyLine writes, changes or withdraws (empty text) the actor's line.
func applyLine(lines []Line, e Event) []Line {
	i := slices.IndexFunc(lines, func(l Line) bool { return l.Seat == e.Actor })
	switch {
	case i < 0 && e.Text != "":
		lines = append(lines, Line{Seat: e.Actor, Text: e.Text})
	case i >= 0 && e.Text == "":
		lines = slices.Delete(lines, i, i+1)
	case i >= 0:
		lines[i].Text = e.Text
	}
	if len(lines) == 0 {
		return nil
	}
	return lines
}
