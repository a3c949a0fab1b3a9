package game

import (
	"math/rand/v2"
	"slices"
)

// Apply changes the state by one event that Decide produced for it (or that was read back
// from the room's log) and advances the version. It is deterministic: the same events
// applied to the same state give the same state, byte for byte.
func (s *State) Apply(e Event) {
	s.keepUndo(e)
	s.Version++
	if e.Type == EvLeft || e.Type == EvKicked {
		s.leaveFacilitation(e.Seat)
	}
	switch e.Type {
	case EvUndone:
		s.restore()
	case EvJoined:
		s.join(e)
	case EvConnected, EvDisconnected:
		s.seat(e.Seat).Connected = e.Type == EvConnected
		// Someone going offline can complete a vote, but only while the facilitator is
		// there to share the reveal: when a whole table drops (one lost wifi, a relay
		// restart), its seats go offline one by one, and the last ones online may be
		// exactly those who voted.
		if s.facilitatorOnline() && s.autoReveal(e.At) {
			s.Undo = nil // the reveal is a change of its own: undo would hide it again
		}
	case EvLeft, EvKicked:
		st := s.seat(e.Seat)
		st.Gone, st.Connected, st.Kicked = true, false, e.Type == EvKicked
		if s.Facilitator == e.Seat {
			s.Facilitator = 0
		}
		s.withdraw(st, e.At)
	case EvRenamed:
		s.seat(e.Actor).Name = e.Name
	case EvLangSet:
		s.seat(e.Actor).Lang = e.Lang
	case EvObserverSet:
		st := s.seat(e.Seat)
		st.Observer = e.Observer
		if e.Observer {
			s.withdraw(st, e.At)
		} else if s.Phase == Canvas && s.Dealt {
			s.topUp(st)
			if s.Turn == 0 && !s.together() {
				s.Turn = st.ID
			}
		}
	case EvSettings:
		s.Settings = e.Settings.clone()
		s.settleTogether()
	case EvDeckSet:
		s.setDeck(e.Deck)
		s.Settings.Chosen = keepWritten(s.Settings.Chosen)
	case EvHandedOver:
		s.Facilitator = e.Seat
	case EvPhaseStarted:
		s.enter(e.Phase, e.At)
	case EvEnded:
		s.Phase, s.Ended, s.EndAt, s.Timer = Report, true, e.At, Timer{}
	case EvRevealing:
		s.round().startCountdown(e.At)
	case EvRevealed:
		s.reveal(s.round())
	case EvInsight:
		for i := range s.Rounds {
			if s.Rounds[i].Card == e.Card {
				s.Rounds[i].Insight = e.Text
			}
		}
	case EvCardTurned:
		s.openRound()
	case EvTurnSkipped, EvPassed:
		s.advanceTurn()
	case EvSpotlit:
		s.Spotlight = nil
		if e.Card != "" || e.Action != 0 {
			s.Spotlight = &Spot{Card: e.Card, Action: e.Action}
		}
	case EvPrompted:
		if s.Prompt != "" {
			s.Discard = append(s.Discard, s.Prompt)
		}
		if e.Card != "" {
			s.PromptPile = remove(s.PromptPile, e.Card)
		}
		s.Prompt, s.Shown = prompt(s.Shown, e.Card)
	case EvCardAnswer:
		s.Answers = applyAnswer(s.Answers, e)
	case EvTimer:
		s.Timer.apply(e)
	case EvVoted:
		r := s.round()
		if i := slices.IndexFunc(r.Votes, func(v Vote) bool { return v.Seat == e.Actor }); i >= 0 {
			r.Votes[i].Value = e.Value
		} else {
			r.Votes = append(r.Votes, Vote{Seat: e.Actor, Value: e.Value})
		}
		s.autoReveal(e.At)
	case EvPlayed:
		st := s.seat(e.Actor)
		st.Hand = remove(st.Hand, e.Card)
		st.Played++
		s.PlaySeq++
		s.Canvas = append(s.Canvas, played(e, s.PlaySeq))
		if s.Phase == Canvas {
			st.RoundPlayed++
			s.draw(st)
			if !s.together() {
				s.advanceTurn()
			}
		}
	case EvMoved, EvReacted, EvDotted, EvUndotted:
		placedOn(s.Canvas, e.Card).apply(e)
	case EvActionAdded, EvActionEdited, EvActionRemoved:
		if e.Type == EvActionAdded {
			s.NextAction = e.Action
		}
		s.Actions = applyAction(s.Actions, e)
	case EvTaken:
		s.StatementPile = remove(s.StatementPile, e.Card)
		s.DrawPile = remove(s.DrawPile, e.Card)
		s.PromptPile = remove(s.PromptPile, e.Card)
		s.Discard = remove(s.Discard, e.Card)
		st := s.seat(e.Actor)
		st.Hand = append(st.Hand, e.Card)
	case EvAnswered:
		if lines := s.lines(e.Phase); lines != nil {
			*lines = applyLine(*lines, e)
		}
	case EvDiscarded:
		st := s.seat(e.Actor)
		if slices.Contains(st.Hand, e.Card) {
			st.Hand = remove(st.Hand, e.Card)
		} else {
			s.Canvas = unplace(s.Canvas, e.Card)
		}
		s.Discard = append(s.Discard, e.Card)
	}
	s.applyFacilitation(e)
}

// keepUndo keeps the state before a facilitator's command, so that they can undo it while
// nobody else has changed anything since. Presence changes do not count as changes.
func (s *State) keepUndo(e Event) {
	switch {
	case e.Type == EvUndone, e.Type == EvConnected, e.Type == EvDisconnected:
	case e.Actor != System && e.Actor == s.Facilitator && undoable(e.Type):
		s.Undo = nil
		s.Undo = s.clone(undoParts(e.Type))
	default:
		s.Undo = nil
	}
}

// undoable lists the facilitator's commands that undo can take back. Hand-over and kick
// are not: the host has already revoked a kicked seat's token and told the new facilitator.
func undoable(t EventType) bool {
	switch t {
	case EvHandedOver, EvKicked, EvJoined, EvLeft:
		return false
	}
	return true
}

// undoParts names the parts of the state an event of type t may change: what undo must
// copy before it. Everything else an event changes is a field of the State itself, which
// every copy has. The events a facilitator sends most as a player change little of a room
// that has grown with the session; the rest copy all. TestUndoParts holds every event of
// random sessions to its list.
func undoParts(t EventType) parts {
	switch t {
	case EvTimer, EvSpotlit:
		return 0
	case EvVoted, EvRevealing, EvRevealed, EvInsight:
		return partRound
	case EvMoved, EvReacted, EvDotted, EvUndotted:
		return partCanvas
	case EvActionAdded:
		return partActionsTail
	case EvActionEdited, EvActionRemoved:
		return partActions
	case EvPlayed:
		return partSeats | partPiles | partCanvas
	}
	return allParts
}

// restore goes back to the state before the facilitator's last command, keeping who is
// online now and the ever-growing version.
func (s *State) restore() {
	prev := s.Undo
	version := s.Version
	online := make([]bool, len(s.Seats))
	since := make([]int64, len(s.Seats))
	for i := range s.Seats {
		online[i], since[i] = s.Seats[i].Connected, s.Seats[i].Since
	}
	*s = *prev
	// The seats are copied, not written into: the copy kept for undo may share its lists
	// with other states (with the state a Draft was drafted from, for one).
	s.Seats = slices.Clone(prev.Seats)
	s.Version = version
	for i := range s.Seats {
		if i < len(online) {
			s.Seats[i].Connected, s.Seats[i].Since = online[i], since[i]
		}
	}
}

func (s *State) join(e Event) {
	// Colours are the participants': a screen, in no view, neither holds nor counts one, so
	// a view works out the same colour from its own seats (ApplyView).
	var parts []*Seat
	for i := range s.Seats {
		if !s.Seats[i].Screen {
			parts = append(parts, &s.Seats[i])
		}
	}
	color := freeColor(len(parts), func(i int) (int, bool) { return parts[i].Color, parts[i].Gone })
	s.Seats = append(s.Seats, Seat{ID: e.Seat, Name: e.Name, Lang: e.Lang, Color: color,
		Observer: e.Observer, Screen: e.Screen, Connected: true, JoinedAt: e.At})
	if e.Facilitator {
		s.Facilitator = e.Seat
	}
	st := s.seat(e.Seat)
	if s.Phase == Canvas && s.Dealt && st.active() {
		s.topUp(st)
		if s.Turn == 0 && !s.together() {
			s.Turn = st.ID
		}
	}
}

// withdraw takes a seat out of play: its hand goes to the discard pile and the turn moves on.
func (s *State) withdraw(st *Seat, at int64) {
	s.Discard = append(s.Discard, st.Hand...)
	st.Hand = nil
	if s.Turn == st.ID {
		s.advanceTurn()
	}
	s.autoReveal(at)
}

func (s *State) enter(p Phase, at int64) {
	s.Phase, s.Ended, s.Timer = p, false, Timer{}
	if s.StartAt == 0 {
		s.StartAt = at
	}
	switch p {
	case Statements:
		if !s.StatementsDone {
			s.layOutStatements()
			s.StatementsDone = true
		}
		s.PhaseRounds = 0
		s.openRound()
	case Canvas:
		s.deal()
		for i := range s.Seats {
			s.Seats[i].RoundPlayed = 0
		}
		if st := s.seat(s.Turn); st == nil || !st.active() {
			s.Turn = 0
			s.advanceTurn()
		}
		s.settleTogether()
	case Free:
		if !s.Dealt {
			s.shuffle(s.DrawPile)
			s.Dealt = true
		}
	}
}

func (s *State) openRound() {
	if len(s.StatementPile) == 0 {
		return
	}
	s.Rounds = append(s.Rounds, Round{Card: s.StatementPile[0]})
	s.StatementPile = s.StatementPile[1:]
	s.PhaseRounds++
}

// deal shuffles the draw pile the first time, then tops every player's hand up to the hand
// size, one card each in seat order per pass, as a dealer at a table would.
func (s *State) deal() {
	if !s.Dealt {
		s.shuffle(s.DrawPile)
		s.Dealt = true
	}
	for pass := 0; pass < s.Settings.HandSize; pass++ {
		for i := range s.Seats {
			st := &s.Seats[i]
			if st.active() && len(st.Hand) < s.Settings.HandSize {
				s.draw(st)
			}
		}
	}
}

func (s *State) topUp(st *Seat) {
	for len(st.Hand) < s.Settings.HandSize && len(s.DrawPile) > 0 {
		s.draw(st)
	}
}

// draw moves the top card of the draw pile into the seat's hand, if there is one.
func (s *State) draw(st *Seat) {
	if len(s.DrawPile) == 0 {
		return
	}
	st.Hand = append(st.Hand, s.DrawPile[0])
	s.DrawPile = s.DrawPile[1:]
}

// advanceTurn gives the turn to the next active seat after the current one, in seat order.
func (s *State) advanceTurn() {
	n := len(s.Seats)
	start := int(s.Turn) // seat index after the current seat (Turn-1)+1
	for i := 0; i < n; i++ {
		st := &s.Seats[(start+i)%n]
		if st.active() {
			s.Turn = st.ID
			return
		}
	}
	s.Turn = 0
}

// autoReveal starts the countdown to the reveal of the current statement at host time at
// once everyone who may vote has voted (everyoneVoted), unless the facilitator reveals by
// hand. It reports whether it started it.
func (s *State) autoReveal(at int64) bool {
	r := s.round()
	if r == nil || r.Revealed || r.RevealAt != 0 || s.Settings.ManualReveal ||
		len(r.Votes) < max(1, s.Settings.minVotes()) || !s.everyoneVoted(r) {
		return false
	}
	r.startCountdown(at)
	return true
}

// facilitatorOnline reports whether the facilitator's seat is connected.
func (s *State) facilitatorOnline() bool {
	f := s.seat(s.Facilitator)
	return f != nil && f.Connected
}

func (s *State) reveal(r *Round) {
	r.Revealed = true
	res := Tally(r.Votes)
	res.Of = s.voters(r)
	if s.Settings.AnonymousVotes {
		res.Apart = [2]SeatID{} // the two names would say who voted what
	}
	r.Result = &res
}

// The rules below change parts of a room that a seat sees whole (the timer, a canvas card,
// the actions, the prompt), so the state's Apply and a view's ApplyView share them.

// apply changes the timer by a timer event.
func (t *Timer) apply(e Event) {
	ms := int64(e.Seconds) * 1000
	switch e.Kind {
	case TimerStart:
		*t = Timer{Running: true, EndsAt: e.At + ms, Duration: ms}
	case TimerPause:
		t.Running, t.Remaining, t.EndsAt = false, max(0, t.EndsAt-e.At), 0
	case TimerResume:
		t.Running, t.EndsAt, t.Remaining = true, e.At+t.Remaining, 0
	case TimerExtend:
		if t.Running {
			t.EndsAt += ms
		} else {
			t.Remaining += ms
		}
		t.Duration += ms
	case TimerStop:
		*t = Timer{}
	}
}

// freeColor is the colour of the next seat of n: the first colour no present seat has,
// or, when every colour is taken, the next in turn.
func freeColor(n int, seat func(i int) (color int, gone bool)) int {
	used := make([]bool, Colors)
	for i := 0; i < n; i++ {
		if c, gone := seat(i); !gone && c >= 0 && c < Colors {
			used[c] = true
		}
	}
	if color := slices.Index(used, false); color >= 0 {
		return color
	}
	return n % Colors
}

// prompt turns up card (none: clears the prompt) and returns the new prompt and the list of
// prompt cards shown so far.
func prompt(shown []string, card string) (string, []string) {
	if card != "" && !slices.Contains(shown, card) {
		shown = append(shown, card)
	}
	return card, shown
}

// played is the canvas card an EvPlayed event puts down as the seq-th card played.
func played(e Event, seq int) Placed {
	return Placed{Card: e.Card, Part: e.Part, Owner: e.Actor, Reason: e.Text, Title: e.Title, Seq: seq}
}

// unplace takes a card off the canvas.
func unplace(canvas []Placed, card string) []Placed {
	return slices.DeleteFunc(canvas, func(p Placed) bool { return p.Card == card })
}

// placedOn returns the canvas card with the given id, or nil.
func placedOn(canvas []Placed, card string) *Placed {
	for i := range canvas {
		if canvas[i].Card == card {
			return &canvas[i]
		}
	}
	return nil
}

// apply changes a canvas card by a move, a reaction or a dot.
func (p *Placed) apply(e Event) {
	switch e.Type {
	case EvMoved:
		p.Part = e.Part
	case EvReacted:
		i := slices.IndexFunc(p.Reactions, func(r Reaction) bool { return r.Seat == e.Actor && r.Kind == e.Kind })
		switch {
		case i < 0:
			p.Reactions = append(p.Reactions, Reaction{Seat: e.Actor, Kind: e.Kind, Text: e.Text})
		case e.Text == "":
			p.Reactions = slices.Delete(p.Reactions, i, i+1)
		default:
			p.Reactions[i].Text = e.Text
		}
	case EvDotted:
		p.Dots = append(p.Dots, e.Actor)
	case EvUndotted:
		if i := slices.Index(p.Dots, e.Actor); i >= 0 {
			p.Dots = slices.Delete(p.Dots, i, i+1)
		}
	}
}

// applyAction changes the list of actions by an added, edited or removed action.
func applyAction(actions []Action, e Event) []Action {
	switch e.Type {
	case EvActionAdded:
		return append(actions, Action{ID: e.Action, Card: e.Card, Text: e.Text,
			OwnerSeat: e.Seat, Owner: e.Owner, Due: e.Due, By: e.Actor})
	case EvActionEdited:
		if a := findAction(actions, e.Action); a != nil {
			a.Card, a.Text, a.OwnerSeat, a.Owner, a.Due = e.Card, e.Text, e.Seat, e.Owner, e.Due
		}
		return actions
	case EvActionRemoved:
		return slices.DeleteFunc(actions, func(a Action) bool { return a.ID == e.Action })
	}
	return actions
}

func findAction(actions []Action, id int) *Action {
	for i := range actions {
		if actions[i].ID == id {
			return &actions[i]
		}
	}
	return nil
}

func (s *State) action(id int) *Action { return findAction(s.Actions, id) }

// shuffle permutes ids with the state's generator and stores the generator's new state.
func (s *State) shuffle(ids []string) {
	pcg := &rand.PCG{}
	if err := pcg.UnmarshalBinary(s.RNG); err != nil {
		// A state is only ever built by New or decoded from a snapshot New produced, so the
		// generator state is well formed; reseeding keeps a damaged snapshot deterministic.
		pcg = rand.NewPCG(s.Seed, ^s.Seed)
	}
	rand.New(pcg).Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	s.RNG, _ = pcg.MarshalBinary() // PCG.MarshalBinary cannot fail
}

func newRNG(seed uint64) []byte {
	b, _ := rand.NewPCG(seed, ^seed).MarshalBinary() // cannot fail
	return b
}

// remove returns list without the first occurrence of id, reusing its storage.
func remove(list []string, id string) []string {
	if i := slices.Index(list, id); i >= 0 {
		return slices.Delete(list, i, i+1)
	}
	return list
}
