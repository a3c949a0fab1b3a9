package game

import (
	"fmt"
	"slices"

	"impactkaarten/cards"
)

// Question and advice cards come up in any phase after the lobby (CmdPrompt with Kind for the
// next of the pile, with Card for one chosen from the list), and the group's answer to a
// question card can be written down: it goes into the report.

// Answer is the group's answer to a question card, as the facilitator wrote it down.
type Answer struct {
	Card string `json:"card"`
	Text string `json:"text"`
}

// MaxCardAnswer is the longest answer to a question card, in characters.
const MaxCardAnswer = MaxInsight

// answer records (or, with no text, clears) the group's answer to a question card turned up.
func (d *decider) cardAnswer() ([]Event, error) {
	s, c := d.s, d.c
	card, ok := s.Deck.Card(c.Card)
	if !ok {
		return reject(UnknownCard, fmt.Sprintf("card %q is not in the deck", c.Card))
	}
	if card.Kind != cards.Question {
		return reject(BadValue, fmt.Sprintf("card %q is not a question card", c.Card))
	}
	if !slices.Contains(s.Shown, c.Card) {
		return reject(BadValue, fmt.Sprintf("question %q has not been turned up", c.Card))
	}
	text, err := cleanText(c.Text, MaxCardAnswer, "answer")
	if err != nil {
		return nil, err
	}
	old := ""
	if i := slices.IndexFunc(s.Answers, func(a Answer) bool { return a.Card == c.Card }); i >= 0 {
		old = s.Answers[i].Text
	}
	if text == old {
		return reject(NoChange, "the answer is already that")
	}
	return d.emit(EvCardAnswer, Args{Card: c.Card, Text: text})
}

// applyAnswer sets, changes or (with no text) removes the answer to a question card; answers
// keep the order in which they were first written.
func applyAnswer(answers []Answer, e Event) []Answer {
	i := slices.IndexFunc(answers, func(a Answer) bool { return a.Card == e.Card })
	switch {
	case i < 0 && e.Text != "":
		return append(answers, Answer{Card: e.Card, Text: e.Text})
	case i >= 0 && e.Text == "":
		answers = slices.Delete(answers, i, i+1)
		if len(answers) == 0 {
			return nil
		}
		return answers
	case i >= 0:
		answers[i].Text = e.Text
	}
	return answers
}

// PromptsLeft lists the question and advice cards of the deck that have not been turned up
// in this session, in deck order: the list the facilitator chooses from. (A card taken into a
// hand at the free table is in it too; turning it up gets no_cards.)
func PromptsLeft(deck *cards.Deck, shown []string) []string {
	if deck == nil {
		return nil
	}
	var out []string
	for _, id := range deck.IDs(cards.Question, cards.Advice) {
		if !slices.Contains(shown, id) {
			out = append(out, id)
		}
	}
	return out
}
