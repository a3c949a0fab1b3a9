package game

import (
	"encoding/json"
	"slices"
)

// ViewEvent is an event as one seat may learn it, with the few facts of the new state that
// the seat cannot work out from the event and its own view. ApplyView applies it to the
// seat's view; the property that makes this safe (tested over random sessions for every
// seat and every event) is
//
//	ApplyView(View(s, seat), r.For(seat)) == View(s after e, seat)
//
// Most events are the same for every seat (Redaction.Personal tells which are not), and most
// carry no facts at all: a vote is its event, whatever the size of the room.
type ViewEvent struct {
	Event
	// Seq is a played card's place in the play order.
	Seq int `json:"seq,omitempty"`
	// DeckID and DeckHash name the room's new deck (deckset): its cards are content, which
	// a client fetches once by its hash, so the event never carries them.
	DeckID   string `json:"deckId,omitempty"`
	DeckHash string `json:"deckHash,omitempty"`
	// Hand is the seat's own hand, when the event changed it (a deal, a draw, a take).
	Hand *[]string `json:"hand,omitempty"`
	// Sizes are the hand sizes of all seats in seat order, when the event changed one.
	Sizes []int `json:"sizes,omitempty"`
	// Piles are the pile counts, when the event changed one.
	Piles *Piles `json:"piles,omitempty"`
	// Turn is the seat whose turn it is, when the event moved the turn.
	Turn *SeatID `json:"turn,omitempty"`
	// Reveal holds the votes on the statement face up, when the event revealed them (the
	// facilitator's reveal, or the last vote, leave or disconnect that completed the vote).
	Reveal *Reveal `json:"reveal,omitempty"`
	// RevealAt is when the votes on the statement face up show, when the event started the
	// countdown to their reveal (the facilitator's reveal, or the last vote, leave or
	// disconnect that completed the vote).
	RevealAt int64 `json:"revealAt,omitempty"`
	// Undo says that the facilitator can undo after this event.
	Undo bool `json:"undo,omitempty"`
	// View is the seat's whole view after an undo, which restores an earlier state.
	View *PlayerView `json:"view,omitempty"`
}

// Reveal is what revealing a statement's votes shows: every vote, in seat order, and the tally.
type Reveal struct {
	Votes  []Vote     `json:"votes"`
	Result VoteResult `json:"result"`
}

// Marker holds the small public facts of a state (turn, pile counts, hands, whether the
// statement face up is revealed) that an event can change as a side effect. The host marks
// the state before applying an event so that NewRedaction can say what changed.
type Marker struct {
	turn     SeatID
	piles    Piles
	hands    []string // every seat's hand, packed
	ends     []int    // seat i's hand is hands[ends[i-1]:ends[i]]
	revealed bool     // no statement is face up, or its votes are revealed
	revealAt int64    // when the votes on the statement face up show, once counted down to
}

// Mark records the facts of s that NewRedaction compares with the state after an event.
func Mark(s *State) Marker {
	var m Marker
	m.Mark(s)
	return m
}

// Mark records the facts of s in m, as the function Mark does, in the room of m's lists: a
// host that marks its state before every event it applies keeps one Marker for all of
// them (its two lists were an eighth of what a committed vote allocated).
func (m *Marker) Mark(s *State) {
	clear(m.hands) // the strings of hands no longer held
	*m = Marker{turn: s.Turn, piles: piles(s), revealed: true,
		hands: m.hands[:0], ends: slices.Grow(m.ends[:0], len(s.Seats))[:len(s.Seats)]}
	for i := range s.Seats {
		m.hands = append(m.hands, s.Seats[i].Hand...)
		m.ends[i] = len(m.hands)
	}
	if r := s.round(); r != nil {
		m.revealed, m.revealAt = r.Revealed, r.RevealAt
	}
}

func (m *Marker) hand(i int) []string {
	if i >= len(m.ends) {
		return nil
	}
	start := 0
	if i > 0 {
		start = m.ends[i-1]
	}
	return m.hands[start:m.ends[i]]
}

// Redaction is one event made ready for every seat: the public part is worked out once, and
// For adds what only one seat may learn.
type Redaction struct {
	s       *State
	public  ViewEvent
	secret  Event  // the event unredacted, for its actor
	changed []bool // changed[i]: seat i+1's hand changed
}

// NewRedaction prepares event e, which turned the state marked by before into s, for every seat.
// s must not change while the Redaction is used. It is a value, not a pointer, so that the
// relay's one per committed event need not be allocated: a caller that keeps it in a
// variable and calls its methods there keeps it on the stack.
func NewRedaction(before Marker, s *State, e Event) Redaction {
	r := Redaction{s: s, secret: e}
	pub := ViewEvent{Event: e, Undo: s.Undo != nil}
	pub.Deck = nil
	switch e.Type {
	case EvVoted:
		pub.Value = 0 // a vote's value is the voter's until the reveal
	case EvDotted, EvUndotted:
		if s.Settings.AnonymousVotes {
			pub.Actor = 0 // whose dot it is stays the dotter's
		}
	case EvTaken:
		pub.Card = "" // a card taken from a face-down pile is the taker's
	case EvPlayed:
		pub.Seq = s.PlaySeq
	case EvDeckSet:
		if e.Deck != nil {
			pub.DeckID, pub.DeckHash = e.Deck.ID, e.Deck.Hash()
		}
	case EvPhaseStarted:
		if cur := s.round(); cur != nil {
			pub.Card = cur.Card // the statement the phase turned up
		}
	}
	if e.Type != EvUndone {
		// Copied into variables of their own only when they changed: taking the address of
		// the one compared made it on the heap for every event.
		if s.Turn != before.turn {
			t := s.Turn
			pub.Turn = &t
		}
		if p := piles(s); p != before.piles {
			changed := p
			pub.Piles = &changed
		}
		sized := len(s.Seats) != len(before.ends)
		for i := range s.Seats {
			old := before.hand(i)
			if len(old) != len(s.Seats[i].Hand) {
				sized = true
			}
			if !slices.Equal(old, s.Seats[i].Hand) {
				if r.changed == nil {
					r.changed = make([]bool, len(s.Seats))
				}
				r.changed[i] = true
			}
		}
		if sized {
			// In the order of a view's seats, which leaves screens out.
			pub.Sizes = make([]int, 0, len(s.Seats))
			for i := range s.Seats {
				if !s.Seats[i].Screen {
					pub.Sizes = append(pub.Sizes, len(s.Seats[i].Hand))
				}
			}
		}
		if cur := s.round(); cur != nil && cur.Revealed && !before.revealed {
			pub.Reveal = &Reveal{Votes: shownVotes(cur.Votes, s.Settings.AnonymousVotes), Result: *cur.Result}
		}
		if cur := s.round(); cur != nil && !cur.Revealed && cur.RevealAt != 0 && before.revealAt == 0 {
			pub.RevealAt = cur.RevealAt
		}
	}
	r.public = pub
	return r
}

// Public returns the event as a seat with nothing of its own in it sees it: an observer,
// a player not concerned, the big screen.
func (r *Redaction) Public() ViewEvent { return r.public }

// Personal reports whether seat's ViewEvent differs from the public one.
func (r *Redaction) Personal(seat SeatID) bool {
	switch {
	case r.secret.Type == EvUndone:
		return true // every seat gets its own whole view
	case seat == System || int(seat) > len(r.s.Seats):
		return false
	case seat == r.secret.Actor && (r.secret.Type == EvVoted || r.secret.Type == EvTaken):
		return true
	case seat == r.secret.Actor && r.public.Actor != r.secret.Actor:
		return true // an anonymous dot
	}
	return r.changed != nil && r.changed[seat-1]
}

// For returns the event as seat may learn it.
func (r *Redaction) For(seat SeatID) ViewEvent {
	if !r.Personal(seat) {
		return r.public
	}
	ve := r.public
	if r.secret.Type == EvUndone {
		v := View(r.s, seat)
		ve.View = &v
		return ve
	}
	if seat == r.secret.Actor && (r.secret.Type == EvVoted || r.secret.Type == EvTaken) {
		ve.Value, ve.Card = r.secret.Value, r.secret.Card
	}
	if seat == r.secret.Actor {
		ve.Actor = r.secret.Actor
	}
	if r.changed != nil && r.changed[seat-1] {
		h := slices.Clone(r.s.Seats[seat-1].Hand)
		ve.Hand = &h
	}
	return ve
}

// ApplyView returns the view after the event: what View gives for the state after it,
// for the seat the event was redacted for. It may reuse v's storage, as append does.
func ApplyView(v PlayerView, ve ViewEvent) PlayerView {
	if ve.View != nil {
		return *ve.View
	}
	e := ve.Event
	v.Version = e.Version
	canvas := false // the canvas changed: its ranking and the dots used follow
	v.applyFacilitation(e)
	switch e.Type {
	case EvJoined:
		if e.Screen {
			break // a screen is in no view
		}
		color := freeColor(len(v.Seats), func(i int) (int, bool) { return v.Seats[i].Color, v.Seats[i].Gone })
		v.Seats = append(v.Seats, SeatView{ID: e.Seat, Name: e.Name, Lang: string(e.Lang), Color: color,
			Observer: e.Observer, Connected: true})
		if e.Facilitator {
			v.Facilitator = e.Seat
		}
	case EvConnected, EvDisconnected:
		if sv := v.seat(e.Seat); sv != nil {
			sv.Connected = e.Type == EvConnected
		}
	case EvLeft, EvKicked:
		if sv := v.seat(e.Seat); sv != nil {
			sv.Gone, sv.Connected, sv.Kicked = true, false, e.Type == EvKicked
		}
		if v.Facilitator == e.Seat {
			v.Facilitator = 0
		}
	case EvRenamed:
		if sv := v.seat(e.Actor); sv != nil {
			sv.Name = e.Name
		}
	case EvLangSet:
		if sv := v.seat(e.Actor); sv != nil {
			sv.Lang = string(e.Lang)
		}
	case EvObserverSet:
		if sv := v.seat(e.Seat); sv != nil {
			sv.Observer = e.Observer
		}
	case EvSettings:
		if e.Settings != nil {
			v.Settings = e.Settings.clone()
		}
	case EvDeckSet:
		v.DeckID, v.Prompt = ve.DeckID, ""
		v.Settings.Chosen = keepWritten(v.Settings.Chosen)
	case EvHandedOver:
		v.Facilitator = e.Seat
	case EvPhaseStarted:
		v.Phase, v.Ended, v.Timer, v.Current = e.Phase, false, Timer{}, -1
		if v.StartAt == 0 {
			v.StartAt = e.At
		}
		if e.Phase == Statements && e.Card != "" {
			v.openRound(e.Card)
		}
		if e.Phase == Canvas {
			for i := range v.Seats {
				v.Seats[i].RoundPlayed = 0
			}
		}
	case EvEnded:
		v.Phase, v.Ended, v.EndAt, v.Timer, v.Current = Report, true, e.At, Timer{}, -1
	case EvInsight:
		for i := range v.Rounds {
			if v.Rounds[i].Card == e.Card {
				v.Rounds[i].Insight = e.Text
			}
		}
	case EvCardTurned:
		v.openRound(e.Card)
	case EvPrompted:
		v.Prompt, v.Shown = prompt(v.Shown, e.Card)
	case EvCardAnswer:
		v.Answers = applyAnswer(v.Answers, e)
	case EvSpotlit:
		v.Spotlight = nil
		if e.Card != "" || e.Action != 0 {
			v.Spotlight = &Spot{Card: e.Card, Action: e.Action}
		}
	case EvTimer:
		v.Timer.apply(e)
	case EvVoted:
		if v.Current >= 0 && v.Current < len(v.Rounds) {
			rv := &v.Rounds[v.Current]
			if i, found := slices.BinarySearch(rv.Voted, e.Actor); !found {
				rv.Voted = slices.Insert(rv.Voted, i, e.Actor)
			}
			if e.Actor == v.Me && v.Me != System {
				rv.MyVote = e.Value
			}
		}
	case EvPlayed:
		if sv := v.seat(e.Actor); sv != nil {
			sv.Played++
			if v.Phase == Canvas {
				sv.RoundPlayed++
			}
		}
		v.Canvas = append(v.Canvas, played(e, ve.Seq))
		canvas = true
	case EvMoved, EvReacted, EvDotted, EvUndotted:
		if v.Settings.AnonymousVotes && (e.Type == EvDotted || e.Type == EvUndotted) {
			if e.Actor == v.Me && v.Me != System {
				v.MyDots = dotMine(v.MyDots, e)
			}
			e.Actor = 0 // the canvas holds one 0 per dot
		}
		if p := placedOn(v.Canvas, e.Card); p != nil {
			p.apply(e)
		}
		canvas = true
	case EvActionAdded, EvActionEdited, EvActionRemoved:
		v.Actions = applyAction(v.Actions, e)
		if len(v.Actions) == 0 {
			v.Actions = nil
		}
	case EvAnswered:
		if lines := v.lines(e.Phase); lines != nil {
			*lines = applyLine(*lines, e)
			if len(*lines) == 0 {
				*lines = nil
			}
		}
	case EvDiscarded:
		if placedOn(v.Canvas, e.Card) != nil {
			v.Canvas = unplace(v.Canvas, e.Card)
			v.MyDots = slices.DeleteFunc(v.MyDots, func(c string) bool { return c == e.Card })
			if len(v.MyDots) == 0 {
				v.MyDots = nil
			}
			canvas = true
		}
	}

	// The side effects the redaction carries.
	if ve.Hand != nil {
		v.Hand = slices.Clone(*ve.Hand)
	}
	if ve.Sizes != nil {
		for i := range v.Seats {
			if i < len(ve.Sizes) {
				v.Seats[i].HandSize = ve.Sizes[i]
			}
		}
	}
	if ve.Piles != nil {
		v.Piles = *ve.Piles
	}
	if ve.Turn != nil {
		v.Turn = *ve.Turn
	}
	if ve.RevealAt != 0 && v.Current >= 0 && v.Current < len(v.Rounds) {
		v.Rounds[v.Current].RevealAt = ve.RevealAt
	}
	if ve.Reveal != nil && v.Current >= 0 && v.Current < len(v.Rounds) {
		rv := &v.Rounds[v.Current]
		rv.Revealed = true
		rv.Votes = slices.Clone(ve.Reveal.Votes)
		res := ve.Reveal.Result
		rv.Result = &res
	}

	// What every view derives from the rest.
	if canvas {
		if len(v.Canvas) == 0 {
			v.Canvas, v.Ranking = nil, nil
		} else {
			v.Ranking = rank(v.Canvas)
		}
	}
	var voted []SeatID
	if v.Current >= 0 && v.Current < len(v.Rounds) {
		voted = v.Rounds[v.Current].Voted
	}
	for i := range v.Seats {
		sv := &v.Seats[i]
		sv.Facilitator = sv.ID == v.Facilitator
		sv.Voted = slices.Contains(voted, sv.ID)
		if canvas {
			sv.DotsUsed = dotsOn(v.Canvas, sv.ID)
		}
	}
	v.CanUndo = ve.Undo && v.Me != System && v.Me == v.Facilitator
	return v
}

// openRound turns up a statement: a new round with nobody's vote in it.
func (v *PlayerView) openRound(card string) {
	v.Rounds = append(v.Rounds, RoundView{Card: card})
	v.Current = len(v.Rounds) - 1
}

func (v *PlayerView) seat(id SeatID) *SeatView {
	if id >= 1 && int(id) <= len(v.Seats) && v.Seats[id-1].ID == id {
		return &v.Seats[id-1]
	}
	// Screens are in no view, so a later seat may sit before its index.
	for i := range v.Seats {
		if v.Seats[i].ID == id {
			return &v.Seats[i]
		}
	}
	return nil
}

// HashEvery is how often (in state versions) the host sends a seat the hash of its view, so
// that a client whose view went wrong finds out and asks for a fresh one.
const HashEvery = 64

// Hash returns a cheap fingerprint of a view (docs/protocol.md, "The view hash"): FNV-1a
// of the JSON encoding of its table part without its actions, then of each action's hash
// (ActionHash) as 16 hex digits, then of the encoding of its own part (the encodings are
// canonical: struct fields in order, no maps). Each action's hash stands in for its
// encoding so that a host, which keeps them from one view hash to the next, hashes a room
// of hundreds of actions at the cost of those changed since. A host hashes the table part
// once for all seats (TableHash) and adds each seat's own part (OwnHash).
func (v *PlayerView) Hash() uint64 {
	return OwnHash(TableHash(&v.TableView, nil), &v.OwnView)
}

// TableHash starts a view's hash with its table part. actions holds the hash of each of
// t's actions (ActionHash), in order, as a host keeps them; those it does not hold are
// computed here.
func TableHash(t *TableView, actions []uint64) uint64 {
	rest := *t
	rest.Actions = nil // left out of the encoding (omitempty)
	h := hashJSON(fnvOffset, &rest)
	var hex [16]byte
	for i := range t.Actions {
		var a uint64
		if i < len(actions) {
			a = actions[i]
		} else {
			a = ActionHash(&t.Actions[i])
		}
		h = fnv1a(h, AppendHash(hex[:0], a))
	}
	return h
}

// ActionHash is FNV-1a of an action's JSON encoding: what stands for it in a view's hash.
func ActionHash(a *Action) uint64 { return hashJSON(fnvOffset, a) }

// StateTableHash is TableHash of s's table view, for a host that hashes its seats' views
// every HashEvery events: it neither copies the room's actions into the view nor keeps
// the view's encoding. actions is as for TableHash, for s's actions.
func StateTableHash(s *State, actions []uint64) uint64 {
	t := tableView(s, false)
	return TableHash(&t, actions)
}

// AppendHash appends h as the protocol writes a hash, an action's in a view's hash and the
// view's own: 16 lower-case hex digits.
func AppendHash(dst []byte, h uint64) []byte {
	const digits = "0123456789abcdef"
	for shift := 60; shift >= 0; shift -= 4 {
		dst = append(dst, digits[h>>shift&0xf])
	}
	return dst
}

// OwnHash finishes a view's hash, started by TableHash, with its own part.
func OwnHash(table uint64, o *OwnView) uint64 { return hashJSON(table, o) }

// hashJSON continues the FNV-1a hash h with the bytes json.Marshal gives for v, which
// json.Encoder writes followed by a newline: fnvWriter leaves that newline out. A view is
// plain data and always encodes; should it not, h is returned unchanged.
func hashJSON(h uint64, v any) uint64 {
	w := fnvWriter{h: h}
	if err := json.NewEncoder(&w).Encode(v); err != nil {
		return h
	}
	return w.h
}

// fnvWriter continues an FNV-1a hash with what is written to it, except a newline that ends
// the last write. JSON written without indentation has no other: a newline in a string is
// written as \n. The standard library's hash/fnv cannot continue a given hash.
type fnvWriter struct {
	h       uint64
	newline bool // the last write ended with a newline, not hashed yet
}

func (w *fnvWriter) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if w.newline {
		w.h = fnv1a(w.h, []byte{'\n'})
	}
	body := p
	w.newline = p[len(p)-1] == '\n'
	if w.newline {
		body = p[:len(p)-1]
	}
	w.h = fnv1a(w.h, body)
	return len(p), nil
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// fnv1a continues an FNV-1a hash with b.
func fnv1a(h uint64, b []byte) uint64 {
	for _, c := range b {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}
