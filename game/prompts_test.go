package game

import (
	"slices"
	"strings"
	"testing"
)

// TestAnswers: a question card chosen from the list comes up in any phase, and the group's
// answer to it is written down, changed and cleared by the facilitator or co-facilitator.
func TestAnswers(t *testing.T) {
	tb := newTable(t, 2)
	inStatements(tb)
	if got := PromptsLeft(tb.s.Deck, tb.s.Shown); !slices.Equal(got, []string{"q-1", "q-2", "q-3", "adv-1", "adv-2"}) {
		t.Fatalf("prompts left %v", got)
	}
	// Chosen from the list, in the statements phase.
	tb.must(1, cmd(CmdPrompt, Args{Card: "q-2"}))
	if tb.s.Prompt != "q-2" || !slices.Equal(PromptsLeft(tb.s.Deck, tb.s.Shown), []string{"q-1", "q-3", "adv-1", "adv-2"}) {
		t.Fatalf("prompt %q, left %v", tb.s.Prompt, PromptsLeft(tb.s.Deck, tb.s.Shown))
	}
	tb.must(1, cmd(CmdPhase, Args{Phase: Canvas}))
	tb.must(1, cmd(CmdPrompt, Args{Card: "adv-2"}))

	tests := []struct {
		name  string
		actor SeatID
		args  Args
		want  Code
		after []Answer
	}{
		{"the facilitator writes the answer down", 1, Args{Card: "q-2", Text: " Met  de bibliotheek\n"}, "", []Answer{{"q-2", "Met de bibliotheek"}}},
		{"the same answer again", 1, Args{Card: "q-2", Text: "Met de bibliotheek"}, NoChange, nil},
		{"a player does not", 2, Args{Card: "q-2", Text: "x"}, NotFacilitator, nil},
		{"the co-facilitator changes it", 3, Args{Card: "q-2", Text: "Met de school"}, "", []Answer{{"q-2", "Met de school"}}},
		{"an advice card has no answer", 1, Args{Card: "adv-2", Text: "x"}, BadValue, nil},
		{"a question not turned up", 1, Args{Card: "q-1", Text: "x"}, BadValue, nil},
		{"a card not in the deck", 1, Args{Card: "q-9", Text: "x"}, UnknownCard, nil},
		{"too long", 1, Args{Card: "q-2", Text: strings.Repeat("é", MaxCardAnswer+1)}, TooLong, nil},
		{"cleared", 1, Args{Card: "q-2"}, "", nil},
	}
	tb.must(1, cmd(CmdCoFacilitator, Args{Seat: 3}))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tb.do(tt.actor, cmd(CmdCardAnswer, tt.args))
			if tt.want != "" {
				wantCode(t, err, tt.want)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(tb.s.Answers, tt.after) || !slices.Equal(View(tb.s, 2).Answers, tt.after) {
				t.Fatalf("answers %v, view %v; want %v", tb.s.Answers, View(tb.s, 2).Answers, tt.after)
			}
		})
	}
}
