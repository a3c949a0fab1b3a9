package game

import (
	"slices"

	"impactkaarten/cards"
)

// What a seat may do now is answered by Decide itself, so that the rules live in one place:
// May rebuilds, from the seat's view, the part of a State that Decide reads, and asks Decide
// about a well-formed command (a probe) for each question. A client shows its controls from
// these answers and never re-implements a rule.
//
// Two things make this exact, and TestMayAgreesWithDecide checks both over random sessions,
// for every seat and every command the random generator makes:
//
//   - every fact of the State that a rule reads is in the view, and stateFromView puts it
//     back where Decide looks for it;
//   - Decide checks who, when and what-about (the target: a card, an action, a seat) before
//     it checks the command's other arguments (a reason, a text, a value), so an answer
//     about the target is Decide's verdict on any command about it, up to those arguments.
//
// Adding a command: give it a case in probe (a well-formed command of that type), and add it
// to the random generator in random_test.go. If its rule reads a fact of the State that the
// view lacks, add that fact to the view and to stateFromView. TestMayCoversEveryCommand
// fails for a command type that probe does not know; TestMayAgreesWithDecide fails where a
// rule reads what stateFromView does not restore.
//
// What a view cannot tell, and May therefore does not answer exactly: which face-down pile
// holds a card the seat cannot see (take or prompt of such a card by its id), and the
// meeting-room screens that joined after the last seat the view lists (views leave screens
// out; no client offers a control about one), and whether a screen left (a seat that left
// holds no view).

// Ask is one question "may I do this now?": a command type and, for a command about one
// thing, that thing. Fields a command type does not use are left zero.
type Ask struct {
	Type CommandType
	// Card: play, move, react, dot, undot, discard (the card); insight (a statement turned
	// up; empty: the one face up); spotlight, prompt, take (a card by its id). The card an
	// action is about is one of its arguments, not what the command is about.
	//
	// For play, move, react, dot, undot and discard an empty Card asks whether the command
	// is possible for any card the seat can see: the answer is nil if one of them would do.
	Card string
	// Action: editaction, delaction, spotlight.
	Action int
	// Seat: handover, kick, cofacilitator (0: none); observer (empty: the seat itself; the answer is about switching
	// the seat to the other role).
	Seat SeatID
	// Phase: phase.
	Phase Phase
	// Kind: prompt and take (a card kind: question, advice, statement, technology, blank);
	// timer (start, pause, resume, extend, stop); react (plus, question, concern; empty: plus).
	Kind string
}

// Permissions answers, for one seat, what it may do in the state its view shows. It is made
// by May and does not change; a new view needs a new Permissions.
type Permissions struct {
	s  *State
	me SeatID
	at int64 // the host time questions are asked at; 0: a probe's time (see At)
}

// At returns the permissions with questions asked at host time at (Unix ms) instead of a
// probe's time, for the one rule that depends on the time: the countdown to a reveal
// (reveal_pending until the votes are due). Asked at a probe's time, a countdown is always
// still running.
func (p *Permissions) At(at int64) *Permissions {
	q := *p
	q.at = at
	return &q
}

// May returns what the seat whose view v is may do now. deck is the room's deck, which a
// client has beside its view. A nil view allows nothing.
func May(v *PlayerView, deck *cards.Deck) *Permissions {
	if v == nil {
		return &Permissions{}
	}
	return &Permissions{s: stateFromView(v, deck), me: v.Me}
}

// Why returns nil if the seat may do what a asks, else the rule error (an *Error with the
// Code) that Decide gives for it. A command type that May does not know is an UnknownCommand.
func (p *Permissions) Why(a Ask) error {
	if p.s == nil {
		return &Error{Code: UnknownSeat, Message: "no view"}
	}
	if targets := p.targets(a); targets != nil {
		var first error
		for _, t := range targets {
			a.Card = t
			err := p.why(a)
			if err == nil {
				return nil
			}
			if first == nil {
				first = err
			}
		}
		return first
	}
	return p.why(a)
}

// Can reports whether the seat may do what a asks.
func (p *Permissions) Can(a Ask) bool { return p.Why(a) == nil }

// Check returns Decide's verdict on one exact command from the seat: nil if the room would
// accept it, else the rule error. Unlike Why it judges every argument, so a form can tell
// whether what was typed would be accepted.
func (p *Permissions) Check(c Command) error {
	if p.s == nil {
		return &Error{Code: UnknownSeat, Message: "no view"}
	}
	if c.At <= 0 {
		c.At = max(probeAt, p.at)
	}
	_, err := Decide(p.s, p.me, c)
	return err
}

func (p *Permissions) why(a Ask) error {
	c, ok := probe(p.s, p.me, a)
	if !ok {
		return &Error{Code: UnknownCommand, Message: "no probe for command " + string(a.Type)}
	}
	if p.at > 0 {
		c.At = p.at
	}
	_, err := Decide(p.s, p.me, c)
	return err
}

// targets lists the cards an Ask without a card stands for, or nil when it names one (or
// its command is not about a card).
func (p *Permissions) targets(a Ask) []string {
	if a.Card != "" {
		return nil
	}
	var out []string
	canvas := func() {
		for i := range p.s.Canvas {
			out = append(out, p.s.Canvas[i].Card)
		}
	}
	hand := func() {
		if st := p.s.seat(p.me); st != nil {
			out = append(out, st.Hand...)
		}
	}
	switch a.Type {
	case CmdPlay:
		hand()
	case CmdMove, CmdReact, CmdDot, CmdUndot:
		canvas()
	case CmdDiscard:
		hand()
		canvas()
	default:
		return nil
	}
	if len(out) == 0 {
		return nil // no card to ask about: Decide's verdict on none
	}
	return out
}

// Covered reports whether May knows the command type t.
func Covered(t CommandType) bool {
	_, ok := probe(&State{}, 0, Ask{Type: t})
	return ok
}

// probeAt stands in for the host's clock in a probe: a rule only checks that a time is there.
const probeAt = 1

// probe returns a well-formed command that asks a, made so that only who sends it, when,
// and what it is about decide its fate: its other arguments are valid. ok is false for a
// command type it does not know.
func probe(s *State, me SeatID, a Ask) (c Command, ok bool) {
	c = Command{Type: a.Type, At: probeAt}
	x := &c.Args
	const text = "x"
	switch a.Type {
	case CmdJoin, CmdConnect, CmdDisconnect, CmdRevealDue:
		// The host's own; a seat is told system_only.
		x.Name, x.Seat = text, me
	case CmdLeave, CmdUndo, CmdStart, CmdNextPhase, CmdEnd, CmdReveal, CmdNextCard, CmdSkipTurn, CmdPass:
	case CmdRename:
		x.Name = text
	case CmdLang:
		x.Lang = cards.NL
	case CmdObserver:
		x.Seat = a.Seat
		target := a.Seat
		if target == 0 {
			target = me
		}
		x.Observer = true
		if st := s.seat(target); st != nil {
			x.Observer = !st.Observer
		}
	case CmdSettings:
		// A change, of a setting no rule holds on to: the same settings again are
		// no_change.
		st := s.Settings.clone()
		st.ManualReveal = !st.ManualReveal
		x.Settings = &st
	case CmdDeck:
		x.Deck = s.Deck
	case CmdHandOver, CmdKick:
		x.Seat = a.Seat
	case CmdPhase:
		x.Phase = a.Phase
	case CmdInsight:
		x.Card, x.Text = a.Card, text
	case CmdPrompt, CmdTake:
		x.Card, x.Kind = a.Card, a.Kind
	case CmdSpotlight:
		x.Card, x.Action = a.Card, a.Action
	case CmdTimer:
		x.Kind, x.Seconds = a.Kind, 60
		if x.Kind == "" {
			x.Kind = TimerStart
		}
	case CmdVote:
		x.Value = 3
	case CmdPlay:
		x.Card, x.Part, x.Text, x.Title = a.Card, cards.Parts[0], text, text
	case CmdMove:
		x.Card, x.Part = a.Card, cards.Parts[0]
		if pl := s.placed(a.Card); pl != nil && pl.Part == x.Part {
			x.Part = cards.Parts[1]
		}
	case CmdReact:
		x.Card, x.Kind = a.Card, a.Kind
		if x.Kind == "" {
			x.Kind = ReactPlus
		}
	case CmdDot, CmdUndot, CmdDiscard:
		x.Card = a.Card
	case CmdAddAction:
		x.Text = text
	case CmdEditAction:
		x.Action, x.Text = a.Action, text
	case CmdDelAction:
		x.Action = a.Action
	case CmdAnswer:
		x.Text = text
	case CmdCoFacilitator:
		x.Seat = a.Seat
	case CmdStandIn:
		// The host's own; a seat is told system_only.
	case CmdCardAnswer:
		x.Card, x.Text = a.Card, text
	default:
		return c, false
	}
	return c, true
}

// stateFromView rebuilds, from what one seat sees, a State that every rule of Decide reads
// as it reads the room's own. What the view keeps secret stays unknown: other seats' hands
// are empty, the face-down piles hold as many cards as the view counts (placeholders, except
// that the prompt pile holds prompt cards of each kind, which a rule tells apart), and the
// values of votes not yet revealed are zero. The State shares the view's slices: Decide only
// reads them.
func stateFromView(v *PlayerView, deck *cards.Deck) *State {
	s := &State{
		Version:     v.Version,
		Deck:        deck,
		Settings:    v.Settings,
		Phase:       v.Phase,
		Ended:       v.Ended,
		StartAt:     v.StartAt,
		EndAt:       v.EndAt,
		Facilitator: v.Facilitator,
		Prompt:      v.Prompt,
		Shown:       v.Shown,
		Canvas:      v.Canvas,
		Turn:        v.Turn,
		Actions:     v.Actions,
		Spotlight:   v.Spotlight,
		Timer:       v.Timer,
		// The lines of the opening and closing rounds.
		OpeningLines: v.OpeningLines,
		ClosingLines: v.ClosingLines,
		// Facilitation and the group's answers (facilitation.go, prompts.go).
		CoFacilitator: v.CoFacilitator,
		Away:          v.Away,
		Answers:       v.Answers,
	}
	// Seats: the view leaves meeting-room screens out, so a gap in its seat numbers is a
	// screen, and so is the seat looking when the view does not list it.
	last := v.Me
	for _, sv := range v.Seats {
		last = max(last, sv.ID)
	}
	s.Seats = make([]Seat, last)
	for i := range s.Seats {
		s.Seats[i] = Seat{ID: SeatID(i + 1), Observer: true, Screen: true}
	}
	for _, sv := range v.Seats {
		if sv.ID < 1 {
			continue
		}
		s.Seats[sv.ID-1] = Seat{ID: sv.ID, Name: sv.Name, Lang: cards.Lang(sv.Lang), Color: sv.Color,
			Observer: sv.Observer, Connected: sv.Connected, Gone: sv.Gone, Kicked: sv.Kicked, Played: sv.Played,
			RoundPlayed: sv.RoundPlayed}
	}
	if st := s.seat(v.Me); st != nil {
		st.Hand = v.Hand
	}
	// Piles.
	s.StatementPile = make([]string, v.Piles.Statements)
	s.DrawPile = make([]string, v.Piles.Draw)
	s.Discard = make([]string, v.Piles.Discard)
	s.PromptPile = promptPile(v, deck)
	// Rounds: the one face up is the last, and the phase has opened one.
	s.Rounds = make([]Round, len(v.Rounds))
	for i, rv := range v.Rounds {
		r := Round{Card: rv.Card, Revealed: rv.Revealed, Insight: rv.Insight, Result: rv.Result, RevealAt: rv.RevealAt}
		if rv.Revealed {
			r.Votes = rv.Votes
		} else {
			for _, seat := range rv.Voted {
				value := 0
				if seat == v.Me {
					value = rv.MyVote
				}
				r.Votes = append(r.Votes, Vote{Seat: seat, Value: value})
			}
		}
		s.Rounds[i] = r
	}
	if v.Current >= 0 {
		s.PhaseRounds = 1
	}
	if v.Settings.AnonymousVotes && v.Me != System {
		s.Canvas = ownDots(v.Canvas, v.MyDots, v.Me)
	}
	for _, a := range v.Actions {
		s.NextAction = max(s.NextAction, a.ID)
	}
	if v.CanUndo {
		s.Undo = &State{}
	}
	return s
}

// promptPile returns the question and advice cards that may be face down in the prompt pile,
// as many of each kind as the view counts: those the seat cannot see elsewhere, in deck order.
func promptPile(v *PlayerView, deck *cards.Deck) []string {
	want := map[cards.Kind]int{cards.Question: v.Piles.Questions, cards.Advice: v.Piles.Advice}
	if deck == nil || v.Piles.Questions+v.Piles.Advice == 0 {
		return nil
	}
	seen := func(id string) bool {
		return id == v.Prompt || slices.Contains(v.Shown, id) || slices.Contains(v.Hand, id) ||
			placedOn(v.Canvas, id) != nil
	}
	out := make([]string, 0, v.Piles.Questions+v.Piles.Advice)
	for i := range deck.Cards {
		c := &deck.Cards[i]
		if want[c.Kind] > 0 && !seen(c.ID) {
			want[c.Kind]--
			out = append(out, c.ID)
		}
	}
	return out
}
