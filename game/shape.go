package game

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"impactkaarten/cards"
)

// The shape of a session, set in the lobby: its title, the statements to discuss and their
// order, the opening and closing rounds, and the time plan that follows from them.

// Limits on the shape of a session. Lengths are in characters (runes).
const (
	// MaxSessionTitle fits the top bar of a laptop next to the phase, and a report's heading
	// on one or two lines: "Digitale strategie — Museum Arnhem" is 34.
	MaxSessionTitle = 80
	// MaxWritten is the most statements a facilitator writes on the spot: a session
	// discusses a handful, and most come from the deck.
	MaxWritten = 10
	// MaxStatement is the length of a statement written on the spot: as long as the
	// longest a card's face holds.
	MaxStatement = 200
	// MaxChosen is the most statements a session lays out, the highest planned number.
	MaxChosen = 50
)

// writtenPrefix starts the card id of a statement written on the spot. A deck's card ids
// hold only a–z, 0–9, '-' and '_' (cards.Validate), so no deck card has such an id.
const writtenPrefix = "own:"

// WrittenID is the card id of the i-th statement written on the spot (from 0).
func WrittenID(i int) string { return writtenPrefix + strconv.Itoa(i+1) }

// writtenIndex returns the index in written of the statement with card id id, or -1.
func writtenIndex(written []string, id string) int {
	n, ok := strings.CutPrefix(id, writtenPrefix)
	if !ok {
		return -1
	}
	i, err := strconv.Atoi(n)
	if err != nil || i < 1 || i > len(written) || WrittenID(i-1) != id {
		return -1
	}
	return i - 1
}

// IsWritten reports whether id names a statement written on the spot (whether or not it
// exists).
func IsWritten(id string) bool { return strings.HasPrefix(id, writtenPrefix) }

// WrittenCard returns the statement written on the spot with card id id as a card, the
// same text in both languages (it was written in one), or false. Clients and the report
// look a statement up here when the deck does not have it.
func (st Settings) WrittenCard(id string) (*cards.Card, bool) {
	i := writtenIndex(st.Written, id)
	if i < 0 {
		return nil, false
	}
	t := st.Written[i]
	return &cards.Card{ID: id, Kind: cards.Statement, Title: cards.Text{NL: t, EN: t}, Icon: "pencil"}, true
}

// PlannedStatements is the number of statements the session plans to discuss: the chosen
// ones, or the number to draw at random.
func (st Settings) PlannedStatements() int {
	if len(st.Chosen) > 0 {
		return len(st.Chosen)
	}
	return st.Statements
}

// keepWritten keeps the statements written on the spot of a choice: a new deck has other
// cards, so the deck's part of the choice goes with the old deck.
func keepWritten(chosen []string) []string {
	out := slices.DeleteFunc(slices.Clone(chosen), func(id string) bool { return !IsWritten(id) })
	if len(out) == 0 {
		return nil
	}
	return out
}

// clone returns a copy of the settings that shares no slice with st. An empty list of
// statements becomes nil, so a state and a view built from its events are alike; the
// phases keep what they were, since they always encode (an empty list as []).
func (st Settings) clone() Settings {
	c := st
	c.Phases = slices.Clone(st.Phases)
	c.Chosen = cloneList(st.Chosen)
	c.Written = cloneList(st.Written)
	return c
}

// Equal reports whether o holds the same settings as st, field by field (an empty list and
// nil are alike). Decide answers settings equal to the room's with no_change, and a client
// sends none such. TestSettingsEqual keeps it complete.
func (st Settings) Equal(o Settings) bool {
	return slices.Equal(st.Phases, o.Phases) && st.FreeTable == o.FreeTable && st.Lang == o.Lang &&
		st.HandSize == o.HandSize && st.Statements == o.Statements && st.Dots == o.Dots &&
		st.StatementSeconds == o.StatementSeconds && st.CanvasSeconds == o.CanvasSeconds &&
		st.DotsSeconds == o.DotsSeconds && st.ActionsSeconds == o.ActionsSeconds &&
		st.RetentionDays == o.RetentionDays && st.HandoverSeconds == o.HandoverSeconds &&
		st.CanvasTogether == o.CanvasTogether && st.CanvasCards == o.CanvasCards &&
		st.Title == o.Title && slices.Equal(st.Chosen, o.Chosen) && slices.Equal(st.Written, o.Written) &&
		st.Opening == o.Opening && st.OpeningQuestion == o.OpeningQuestion &&
		st.OpeningSeconds == o.OpeningSeconds && st.Closing == o.Closing &&
		st.ClosingQuestion == o.ClosingQuestion && st.ClosingSeconds == o.ClosingSeconds &&
		st.ManualReveal == o.ManualReveal && st.AnonymousVotes == o.AnonymousVotes
}

func cloneList[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return slices.Clone(s)
}

// layOutStatements puts the statement pile in the order the session discusses it, the first
// time the statements phase begins: the chosen statements in their order, then the rest of
// the deck's statements shuffled, which the facilitator may still turn up when the group
// wants more. With nothing chosen the whole pile is shuffled, as it always was. The pile is
// shuffled whole either way, so a choice uses the same randomness and the hands dealt later
// are the same as without it.
func (s *State) layOutStatements() {
	chosen := s.Settings.Chosen
	s.shuffle(s.StatementPile)
	if len(chosen) == 0 {
		return
	}
	rest := slices.DeleteFunc(slices.Clone(s.StatementPile), func(id string) bool { return slices.Contains(chosen, id) })
	pile := make([]string, 0, len(chosen)+len(rest))
	for _, id := range chosen {
		// A deck statement leaves the pile only by being turned up, and a written one
		// is in no pile until now: both go in once, in the chosen order.
		if IsWritten(id) || slices.Contains(s.StatementPile, id) {
			pile = append(pile, id)
		}
	}
	s.StatementPile = append(pile, rest...)
}

// checkShape checks the shape fields of new settings against the room, and tidies their
// texts. The statements cannot change once they are laid out (the statements phase has
// begun): turned up statements refer to them.
func (d *decider) checkShape(st *Settings) error {
	bad := func(code Code, format string, a ...any) error {
		return &Error{Code: code, Message: fmt.Sprintf(format, a...)}
	}
	var err error
	if st.Title, err = cleanText(st.Title, MaxSessionTitle, "title"); err != nil {
		return err
	}
	if st.OpeningQuestion, err = cleanText(st.OpeningQuestion, MaxQuestion, "opening question"); err != nil {
		return err
	}
	if st.ClosingQuestion, err = cleanText(st.ClosingQuestion, MaxQuestion, "closing question"); err != nil {
		return err
	}
	for _, t := range []int{st.OpeningSeconds, st.ClosingSeconds} {
		if t < 0 || t > MaxSeconds {
			return bad(BadValue, "timer %d s is out of range 0..%d", t, MaxSeconds)
		}
	}
	if len(st.Written) > MaxWritten {
		return bad(LimitReached, "%d statements written on the spot; at most %d", len(st.Written), MaxWritten)
	}
	written := make([]string, len(st.Written))
	for i, t := range st.Written {
		if written[i], err = cleanText(t, MaxStatement, "statement"); err != nil {
			return err
		}
		if written[i] == "" {
			return bad(BadValue, "statement %d written on the spot is empty", i+1)
		}
	}
	st.Written = cloneList(written)
	if len(st.Chosen) > MaxChosen {
		return bad(LimitReached, "%d statements chosen; at most %d", len(st.Chosen), MaxChosen)
	}
	seen := map[string]bool{}
	for _, id := range st.Chosen {
		if seen[id] {
			return bad(BadValue, "statement %q is chosen twice", id)
		}
		seen[id] = true
		if IsWritten(id) {
			if writtenIndex(st.Written, id) < 0 {
				return bad(UnknownCard, "%q is not a statement written on the spot", id)
			}
			continue
		}
		c, ok := d.s.Deck.Card(id)
		if !ok {
			return bad(UnknownCard, "card %q is not in the deck", id)
		}
		if c.Kind != cards.Statement {
			return bad(BadValue, "card %q is a %s card, not a statement", id, c.Kind)
		}
	}
	st.Chosen = cloneList(st.Chosen)
	cur := d.s.Settings
	// Laid out when the statements phase began, which turned the first one up: the rounds
	// say so, in the room and in every view of it (so May agrees).
	if len(d.s.Rounds) > 0 && (!slices.Equal(st.Chosen, cur.Chosen) || !slices.Equal(st.Written, cur.Written)) {
		return bad(WrongPhase, "the statements were laid out when their phase began; they can no longer change")
	}
	return nil
}

// PlanStep is one step of a session's time plan.
type PlanStep struct {
	Phase Phase `json:"phase"`
	// Count is the number of statements, for the statements phase.
	Count int `json:"count,omitempty"`
	// Seconds is the planned time; 0 for a step without a timer (the free table).
	Seconds int `json:"seconds"`
}

// Plan is a session's time plan: its steps in order and their total.
type Plan struct {
	Steps   []PlanStep `json:"steps"`
	Seconds int        `json:"seconds"`
	// Open says that a step has no planned time (the free table), so the total is a least.
	Open bool `json:"open,omitempty"`
}

// Plan is the time plan the settings give: each step's timer (for the statements, the
// timer of one statement times the number planned), and the sum.
func (st Settings) Plan() Plan {
	var p Plan
	for _, ph := range Sequence(st) {
		step := PlanStep{Phase: ph, Seconds: st.timerFor(ph)}
		if ph == Statements {
			step.Count = st.PlannedStatements()
			step.Seconds *= step.Count
		}
		if step.Seconds == 0 {
			p.Open = true
		}
		p.Seconds += step.Seconds
		p.Steps = append(p.Steps, step)
	}
	return p
}

// body is what the session plays between its rounds: the free table, or the phases.
func body(st Settings) []Phase {
	if st.FreeTable {
		return []Phase{Free}
	}
	if len(st.Phases) == 0 {
		return PlayOrder[:]
	}
	return st.Phases
}

// Sequence is the order a session runs in: the opening round when it is on, the free table
// or the chosen phases, and the closing round when it is on. The report follows.
func Sequence(st Settings) []Phase {
	var out []Phase
	if st.Opening {
		out = append(out, Opening)
	}
	out = append(out, body(st)...)
	if st.Closing {
		out = append(out, Closing)
	}
	return out
}

// NextPhase is where "next" (and, from the lobby, "start") leads from phase cur: the next
// step of Sequence. From the opening round the session goes on into its first phase even
// if the round was switched off meanwhile; from the last phase, or from a phase it jumped
// to that is not in the sequence, it goes to the closing round if that is on, else to the
// report; from the closing round to the report.
func NextPhase(st Settings, cur Phase) Phase {
	b := body(st)
	switch cur {
	case Lobby:
		return Sequence(st)[0]
	case Opening:
		return b[0]
	case Closing, Report:
		return Report
	}
	if i := slices.Index(b, cur); i >= 0 && i+1 < len(b) {
		return b[i+1]
	}
	if st.Closing {
		return Closing
	}
	return Report
}

// AddWritten adds a statement written on the spot to the settings and returns its card id.
func AddWritten(st *Settings, text string) string {
	st.Written = append(st.Written, text)
	return WrittenID(len(st.Written) - 1)
}

// RemoveWritten takes the statement written on the spot with card id id out of the
// settings, and out of the choice; the statements written after it move up one place, and
// their ids in the choice with them.
func RemoveWritten(st *Settings, id string) {
	i := writtenIndex(st.Written, id)
	if i < 0 {
		return
	}
	st.Written = slices.Delete(slices.Clone(st.Written), i, i+1)
	chosen := make([]string, 0, len(st.Chosen))
	for _, c := range st.Chosen {
		switch j := writtenIndex(append(st.Written, ""), c); {
		case c == id:
			continue
		case j > i:
			c = WrittenID(j - 1)
		}
		chosen = append(chosen, c)
	}
	st.Chosen = cloneList(chosen)
}
