package game

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"impactkaarten/cards"
)

// testDeck is a small deck that meets the default minimums: 6 statements, 22 technologies,
// 2 blanks, 3 questions and 2 advice cards.
func testDeck() *cards.Deck {
	d := &cards.Deck{ID: "test", Version: 1, Name: cards.Text{NL: "Test", EN: "Test"}}
	add := func(kind cards.Kind, prefix string, n int) {
		for i := 1; i <= n; i++ {
			c := cards.Card{
				ID:    fmt.Sprintf("%s-%d", prefix, i),
				Kind:  kind,
				Title: cards.Text{NL: fmt.Sprintf("%s %d", prefix, i), EN: fmt.Sprintf("%s %d", prefix, i)},
				Icon:  "lightbulb-outline",
			}
			switch kind {
			case cards.Technology:
				c.Body = cards.Text{NL: "Uitleg.", EN: "Explanation."}
				c.Example = cards.Text{NL: "Voorbeeld.", EN: "Example."}
				c.Parts = []cards.Part{cards.Parts[i%4]}
			case cards.Advice:
				c.Body = cards.Text{NL: "Advies.", EN: "Advice."}
			}
			d.Cards = append(d.Cards, c)
		}
	}
	add(cards.Statement, "st", 6)
	add(cards.Technology, "tech", 22)
	add(cards.Blank, "blank", 2)
	add(cards.Question, "q", 3)
	add(cards.Advice, "adv", 2)
	d.Index()
	return d
}

// table is a room under test: the state and the clock the host stamps on commands.
type table struct {
	t   testing.TB
	s   *State
	now int64
	log []Event
}

// newTable returns a room in the lobby with a facilitator (seat 1) and n more players
// (seats 2..n+1), all online.
func newTable(t testing.TB, players int) *table {
	t.Helper()
	tb := &table{t: t, s: New(testDeck(), 42, DefaultSettings()), now: 1_700_000_000_000}
	tb.must(System, Command{Type: CmdJoin, Args: Args{Name: "Fenna", Facilitator: true}})
	for i := 0; i < players; i++ {
		tb.must(System, Command{Type: CmdJoin, Args: Args{Name: fmt.Sprintf("Speler %d", i+2)}})
	}
	return tb
}

// do runs a command through Decide and applies its events; it returns the rule error.
func (tb *table) do(actor SeatID, c Command) error {
	tb.t.Helper()
	tb.now += 1000
	c.At = tb.now
	evs, err := Decide(tb.s, actor, c)
	if err != nil {
		return err
	}
	for _, e := range evs {
		tb.s.Apply(e)
		tb.log = append(tb.log, e)
		if e.Version != tb.s.Version {
			tb.t.Fatalf("event %s carries version %d, state is at %d", e.Type, e.Version, tb.s.Version)
		}
	}
	if err := tb.s.CheckInvariants(); err != nil {
		tb.t.Fatalf("after %s by %d: %v", c.Type, actor, err)
	}
	return nil
}

func (tb *table) must(actor SeatID, c Command) {
	tb.t.Helper()
	if err := tb.do(actor, c); err != nil {
		tb.t.Fatalf("%s by seat %d: %v", c.Type, actor, err)
	}
}

// wantCode checks that err is a rule error with the given code.
func wantCode(t testing.TB, err error, code Code) {
	t.Helper()
	var re *Error
	if !errors.As(err, &re) || re.Code != code || !errors.Is(err, code) {
		t.Fatalf("got error %v, want code %s", err, code)
	}
	if re.Message == "" {
		t.Fatalf("error %s has no readable message", code)
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// cmd builds a command of type typ with the given arguments.
func cmd(typ CommandType, a Args) Command { return Command{Type: typ, Args: a} }
