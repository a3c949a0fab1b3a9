package report

import (
	"slices"

	"impactkaarten/cards"
	"impactkaarten/game"
)

// QuestionAnswer is a question card turned up in the session and the group's answer to it,
// as the facilitator wrote it down (empty: none was).
type QuestionAnswer struct {
	Card   string `json:"card"`
	Title  string `json:"title"`
	Answer string `json:"answer,omitempty"`
}

// questions lists the question cards turned up, in the order they came up, with their answers.
func (b *builder) questions(r *Report) {
	for _, id := range b.v.Shown {
		c, ok := b.deck.Card(id)
		if !ok || c.Kind != cards.Question {
			continue
		}
		q := QuestionAnswer{Card: id, Title: c.Title.In(b.lang)}
		if i := slices.IndexFunc(b.v.Answers, func(a game.Answer) bool { return a.Card == id }); i >= 0 {
			q.Answer = b.v.Answers[i].Text
		}
		r.Questions = append(r.Questions, q)
	}
}
