// Package game is the rules engine of Impactkaarten: one pure, deterministic state machine for
// a whole session (lobby, statements, canvas, dot voting, actions, report, and the free table).
//
// The engine has three entry points:
//
//	Decide(state, actor, command) -> events, or a rule error; the state is not changed
//	state.Apply(event)            -> the state after the event; the version grows by one
//	View(state, seat)             -> what that seat may see (no other hands, deck order or
//	                                 unrevealed votes)
//
// and two that let a seat keep its view from events rather than whole views:
//
//	NewRedaction(mark, state, event).For(seat) -> the event as that seat may learn it
//	ApplyView(view, viewEvent)                 -> the seat's view after the event
//
// There is no I/O, no clock and no global random source: time enters only through the At
// field of commands (stamped by the host), and randomness comes from a PCG generator whose
// state is kept in the State, so replaying the events from the initial state reproduces it
// exactly.
package game

import (
	"slices"

	"impactkaarten/cards"
)

// SeatID names a seat in a room. Seats are numbered from 1 in join order; 0 is the host
// (the relay or the solo host), which alone may join seats and report presence.
type SeatID int

// System is the actor of commands that come from the host rather than a player.
const System SeatID = 0

// Phase is a stage of the session.
type Phase string

// The phases. The four playable phases run in PlayOrder; the free table replaces them for
// groups that play their own way; the report is the end of the session.
const (
	Lobby      Phase = "lobby"
	Statements Phase = "statements"
	Canvas     Phase = "canvas"
	Dots       Phase = "dots"
	Actions    Phase = "actions"
	Free       Phase = "free"
	Report     Phase = "report"
)

// The rounds that open and close a session (rounds.go): each person writes one line.
const (
	Opening Phase = "opening"
	Closing Phase = "closing"
)

// PlayOrder is the order of the playable phases.
var PlayOrder = [...]Phase{Statements, Canvas, Dots, Actions}

// Valid reports whether p is a known phase.
func (p Phase) Valid() bool {
	switch p {
	case Lobby, Statements, Canvas, Dots, Actions, Free, Report:
		return true
	case Opening, Closing:
		return true
	}
	return false
}

// Limits on what players type and on room size. Lengths are in characters (runes).
const (
	MaxName    = 32  // a display name fits a seat badge
	MaxReason  = 140 // "one line" on a card
	MaxTitle   = 40  // an own-idea card's title fits its face
	MaxInsight = 280
	MaxAction  = 200
	MaxOwner   = 48
	MaxComment = 140 // a question or concern attached to a reaction
	MaxSeats   = 40  // seats ever joined in one room, observers included (room_full)
	MaxSeconds = 2 * 60 * 60
	MaxDots    = 10
	MaxHand    = 7
	Colors     = 12 // size of the seat colour palette the clients draw
)

// Every collection in a room's state has a bound, so that nothing players do makes a room's
// state, its snapshot or a view grow without end (docs/protocol.md lists them):
//
//   - seats: MaxSeats (room_full);
//   - actions: MaxActions present at once (limit_reached);
//   - statements played, insights (one per statement), canvas cards and own-idea cards
//     (blank cards played): at most the deck's cards of that kind, and a deck holds at most
//     cards.MaxCards cards;
//   - reactions: one of each kind per seat and card, so at most 3×MaxSeats on a card;
//   - dots: at most MaxDots per seat;
//   - texts: the Max* lengths above; undo: one earlier state.
const (
	// MaxActions is the most actions a room holds: far more than a session agrees on, and
	// few enough that the report and a view stay small.
	MaxActions = 1000
)

// Seat is a participant: a player or an observer. Seats are never removed, so the report
// can name everyone who took part; a seat that left or was kicked is Gone.
type Seat struct {
	ID       SeatID     `json:"id"`
	Name     string     `json:"name"`
	Lang     cards.Lang `json:"lang"`
	Color    int        `json:"color"`
	Observer bool       `json:"observer,omitempty"`
	// Screen is a meeting-room screen: it watches like an observer but is no participant,
	// so no view lists it and no report counts it.
	Screen    bool     `json:"screen,omitempty"`
	Connected bool     `json:"connected,omitempty"`
	Gone      bool     `json:"gone,omitempty"`
	Kicked    bool     `json:"kicked,omitempty"`
	Hand      []string `json:"hand,omitempty"`
	Played    int      `json:"played,omitempty"` // cards this seat placed on the canvas
	JoinedAt  int64    `json:"joinedAt,omitempty"`
	// Since is when the seat last came online or went offline (host ms): who has been
	// online longest, and how long the facilitator has been away (facilitation.go).
	Since int64 `json:"since,omitempty"`
	// RoundPlayed counts the cards this seat placed since the canvas phase was last entered.
	RoundPlayed int `json:"roundPlayed,omitempty"`
}

// active reports whether the seat takes part in play: present in the room and not an observer.
func (s *Seat) active() bool { return !s.Gone && !s.Observer }

// Settings are the facilitator's choices for the session.
type Settings struct {
	// Phases lists the playable phases to run, in order; empty means all of PlayOrder.
	Phases []Phase `json:"phases"`
	// FreeTable starts the free table instead of the phases.
	FreeTable  bool       `json:"freeTable,omitempty"`
	Lang       cards.Lang `json:"lang"`
	HandSize   int        `json:"handSize"`
	Statements int        `json:"statements"`
	Dots       int        `json:"dots"`
	// Timer defaults in seconds for each phase's discussion timer; 0 means no default.
	StatementSeconds int `json:"statementSeconds"`
	CanvasSeconds    int `json:"canvasSeconds"`
	DotsSeconds      int `json:"dotsSeconds"`
	ActionsSeconds   int `json:"actionsSeconds"`
	// RetentionDays is how long the room is kept after its last activity; 0 means the
	// server's default. The host enforces it.
	RetentionDays int `json:"retentionDays,omitempty"`
	// HandoverSeconds is how long the facilitator may be offline, with no co-facilitator
	// online, before facilitation passes to the player online longest; 0 means
	// DefaultHandoverSeconds, HandoverOff (-1) never.
	HandoverSeconds int `json:"handoverSeconds,omitempty"`
	// CanvasTogether plays the canvas with everyone at once, each player up to CanvasCards
	// cards (0: DefaultCanvasCards) within the timer, instead of turn by turn (together.go).
	CanvasTogether bool `json:"canvasTogether,omitempty"`
	CanvasCards    int  `json:"canvasCards,omitempty"`

	// The shape of the session (shape.go, rounds.go).
	//
	// Title heads every screen and the report; empty: no title of its own.
	Title string `json:"title,omitempty"`
	// Chosen lists the statements to discuss, in order: deck statements and statements
	// written on the spot (WrittenID). Empty: Statements of them at random.
	Chosen []string `json:"chosen,omitempty"`
	// Written are the statements the facilitator wrote on the spot; the i-th is the card
	// WrittenID(i).
	Written []string `json:"written,omitempty"`
	// Opening and Closing switch on the round before the first phase and the one before the
	// report; an empty question is the default one, in each reader's language.
	Opening         bool   `json:"opening,omitempty"`
	OpeningQuestion string `json:"openingQuestion,omitempty"`
	OpeningSeconds  int    `json:"openingSeconds,omitempty"` // 0: DefaultRoundSeconds
	Closing         bool   `json:"closing,omitempty"`
	ClosingQuestion string `json:"closingQuestion,omitempty"`
	ClosingSeconds  int    `json:"closingSeconds,omitempty"` // 0: DefaultRoundSeconds

	// ManualReveal leaves every reveal to the facilitator. Off (the default, and what a room
	// stored before the setting has), a statement's votes are revealed as soon as everyone
	// who may vote has voted (see State.everyoneVoted).
	ManualReveal bool `json:"manualReveal,omitempty"`
	// AnonymousVotes keeps every statement vote apart from the name of the seat that cast
	// it: no view, event or report links them. Chosen before the first vote: it cannot
	// change once a vote is cast (votes_cast).
	AnonymousVotes bool `json:"anonymousVotes,omitempty"`
}

// DefaultSettings returns the settings of a new room.
func DefaultSettings() Settings {
	return Settings{
		Phases:           append([]Phase(nil), PlayOrder[:]...),
		Lang:             cards.NL,
		HandSize:         cards.DefaultHandSize,
		Statements:       cards.DefaultStatements,
		Dots:             3,
		StatementSeconds: 180,
		CanvasSeconds:    600,
		DotsSeconds:      180,
		ActionsSeconds:   600,
	}
}

func (st Settings) timerFor(p Phase) int {
	switch p {
	case Statements:
		return st.StatementSeconds
	case Canvas:
		return st.CanvasSeconds
	case Dots:
		return st.DotsSeconds
	case Actions:
		return st.ActionsSeconds
	case Opening:
		return roundSeconds(st.OpeningSeconds)
	case Closing:
		return roundSeconds(st.ClosingSeconds)
	}
	return 0
}

// Vote is one seat's value on a statement. A vote shown without its seat (anonymous votes,
// revealed) has Seat 0, which is left out.
type Vote struct {
	Seat  SeatID `json:"seat,omitempty"`
	Value int    `json:"value"`
}

// Round is one statement turned face up, its votes and its outcome.
type Round struct {
	Card     string      `json:"card"`
	Votes    []Vote      `json:"votes,omitempty"`
	Revealed bool        `json:"revealed,omitempty"`
	Result   *VoteResult `json:"result,omitempty"`
	Insight  string      `json:"insight,omitempty"`
	// RevealAt is when the votes show (host ms): set when the reveal starts, by the
	// facilitator's reveal or by the last vote that completed the vote, RevealCountdown
	// later. Until then the votes stay hidden; the host's revealdue shows them.
	RevealAt int64 `json:"revealAt,omitempty"`
}

func (r *Round) vote(seat SeatID) (int, bool) {
	for _, v := range r.Votes {
		if v.Seat == seat {
			return v.Value, true
		}
	}
	return 0, false
}

// Reaction kinds that others attach to a played card.
const (
	ReactPlus     = "plus"
	ReactQuestion = "question"
	ReactConcern  = "concern"
)

// Reaction is another player's +1, question or concern on a canvas card.
type Reaction struct {
	Seat SeatID `json:"seat"`
	Kind string `json:"kind"`
	Text string `json:"text,omitempty"`
}

// Placed is a card on the canvas.
type Placed struct {
	Card      string     `json:"card"`
	Part      cards.Part `json:"part"`
	Owner     SeatID     `json:"owner"`
	Reason    string     `json:"reason,omitempty"`
	Title     string     `json:"title,omitempty"` // the player's own title on a blank card
	Reactions []Reaction `json:"reactions,omitempty"`
	Dots      []SeatID   `json:"dots,omitempty"` // one entry per dot placed
	Seq       int        `json:"seq"`            // play order, for stable ranking ties
}

// Action is a concrete follow-up: what, who and when.
type Action struct {
	ID        int    `json:"id"`
	Card      string `json:"card,omitempty"`
	Text      string `json:"text"`
	OwnerSeat SeatID `json:"ownerSeat,omitempty"`
	Owner     string `json:"owner,omitempty"` // free-text owner, e.g. someone not in the room
	Due       string `json:"due,omitempty"`   // YYYY-MM-DD
	By        SeatID `json:"by"`
}

// Spot is one thing in the spotlight: a card (a statement, a card on the canvas with its
// reason and reactions, a question or advice card) or an action.
type Spot struct {
	Card   string `json:"card,omitempty"`
	Action int    `json:"action,omitempty"`
}

// Timer is the phase or discussion timer. Times are host milliseconds since the Unix epoch.
type Timer struct {
	Running   bool  `json:"running,omitempty"`
	EndsAt    int64 `json:"endsAt,omitempty"`    // when running
	Remaining int64 `json:"remaining,omitempty"` // ms left when paused
	Duration  int64 `json:"duration,omitempty"`  // ms in total, extensions included
}

// State is the whole authoritative state of one room. It is plain data: it serialises to
// JSON and back without loss, which is how the host snapshots it.
type State struct {
	Version  uint64      `json:"version"`
	Seed     uint64      `json:"seed"`
	RNG      []byte      `json:"rng"`
	Deck     *cards.Deck `json:"deck"`
	Settings Settings    `json:"settings"`
	Phase    Phase       `json:"phase"`
	Ended    bool        `json:"ended,omitempty"`
	StartAt  int64       `json:"startAt,omitempty"`
	EndAt    int64       `json:"endAt,omitempty"`

	Seats       []Seat `json:"seats,omitempty"` // Seats[i].ID == i+1
	Facilitator SeatID `json:"facilitator,omitempty"`
	// CoFacilitator may lead play beside the facilitator; Away is the facilitator whose role
	// passed to a stand-in (now Facilitator) while offline (facilitation.go).
	CoFacilitator SeatID `json:"coFacilitator,omitempty"`
	Away          SeatID `json:"away,omitempty"`

	// Piles. Every card of the deck is in exactly one of: StatementPile, a Round, DrawPile,
	// a hand, the Canvas, PromptPile, Prompt, Discard.
	StatementPile []string `json:"statementPile,omitempty"`
	DrawPile      []string `json:"drawPile,omitempty"`
	PromptPile    []string `json:"promptPile,omitempty"`
	Prompt        string   `json:"prompt,omitempty"`
	// Shown lists the prompt cards turned up in this session, in that order, each once:
	// public, since everyone saw them, and what the report's agenda is shaped by.
	Shown   []string `json:"shown,omitempty"`
	Discard []string `json:"discard,omitempty"`
	// Answers are the group's answers to question cards turned up (prompts.go).
	Answers        []Answer `json:"answers,omitempty"`
	StatementsDone bool     `json:"statementsShuffled,omitempty"` // statement pile shuffled
	Dealt          bool     `json:"dealt,omitempty"`              // draw pile shuffled and dealt

	Rounds []Round `json:"rounds,omitempty"`
	// PhaseRounds counts the statements opened since the statements phase was last entered.
	PhaseRounds int      `json:"phaseRounds,omitempty"`
	Canvas      []Placed `json:"canvas,omitempty"`
	PlaySeq     int      `json:"playSeq,omitempty"`
	Turn        SeatID   `json:"turn,omitempty"`
	Actions     []Action `json:"actions,omitempty"`
	// Spotlight is what the facilitator puts before the whole room, every screen shows
	// it large; nil when nothing is. Replaced, never changed in place.
	Spotlight  *Spot `json:"spotlight,omitempty"`
	NextAction int   `json:"nextAction,omitempty"`
	Timer      Timer `json:"timer"`

	// Undo is the state before the facilitator's last command, kept while nothing else has
	// happened since; UndoVersion is the version that command produced.
	Undo *State `json:"undo,omitempty"`

	// The lines written in the opening and closing rounds, one per seat.
	OpeningLines []Line `json:"openingLines,omitempty"`
	ClosingLines []Line `json:"closingLines,omitempty"`
}

// New returns the state of a fresh room in the lobby, with the deck's cards in their piles
// in deck order. The seed fixes every shuffle of the session.
func New(deck *cards.Deck, seed uint64, settings Settings) *State {
	s := &State{
		Seed:     seed,
		RNG:      newRNG(seed),
		Settings: settings,
		Phase:    Lobby,
	}
	s.setDeck(deck)
	return s
}

// setDeck puts every card of the deck into its starting pile.
func (s *State) setDeck(deck *cards.Deck) {
	s.Deck = deck
	s.StatementPile = deck.IDs(cards.Statement)
	s.DrawPile = deck.IDs(cards.Technology, cards.Blank)
	s.PromptPile = deck.IDs(cards.Question, cards.Advice)
	s.Prompt = ""
	s.Discard = nil
	s.StatementsDone = false
	s.Dealt = false
}

// seat returns the seat with the given id, or nil.
func (s *State) seat(id SeatID) *Seat {
	if id < 1 || int(id) > len(s.Seats) {
		return nil
	}
	return &s.Seats[id-1]
}

// present returns the seat if it exists and has not left.
func (s *State) present(id SeatID) *Seat {
	st := s.seat(id)
	if st == nil || st.Gone {
		return nil
	}
	return st
}

// round returns the statement currently face up, or nil.
func (s *State) round() *Round {
	if s.Phase != Statements || len(s.Rounds) == 0 || s.PhaseRounds == 0 {
		return nil
	}
	return &s.Rounds[len(s.Rounds)-1]
}

// placed returns the canvas card with the given id, or nil.
func (s *State) placed(card string) *Placed { return placedOn(s.Canvas, card) }

// dotsUsed counts the dots a seat has placed.
func (s *State) dotsUsed(seat SeatID) int { return dotsOn(s.Canvas, seat) }

// dotsOn counts the dots a seat has placed on the canvas.
func dotsOn(canvas []Placed, seat SeatID) int {
	n := 0
	for i := range canvas {
		for _, d := range canvas[i].Dots {
			if d == seat {
				n++
			}
		}
	}
	return n
}

// Clone returns a deep copy of the state. The deck is shared: it is never changed.
//
// Undo keeps a copy of the state before each facilitator command, so copying is on the
// replay path: the small slices of every seat, round and canvas card are packed into one
// allocation per element type, each piece capped so a later append copies it out.
func (s *State) Clone() *State {
	c := s.clone(allParts)
	if s.Undo != nil {
		c.Undo = s.Undo.Clone()
	}
	return c
}

// parts names parts of a State that clone can copy apart from the rest.
type parts uint16

const (
	partRNG      parts = 1 << iota
	partSettings       // with its chosen and written statements
	partSeats          // with their hands
	partPiles          // StatementPile, DrawPile, PromptPile, Discard, Shown, Answers
	partRounds         // every round, with its votes and result
	partRound          // the rounds, but of their votes and results only the current (last) round's
	partCanvas         // with the cards' reactions and dots
	partActions
	partActionsTail // the actions, only appended to: a copy shares them, capped (clone)
	partLines       // the opening and closing lines

	allParts = partRNG | partSettings | partSeats | partPiles | partRounds | partCanvas | partActions | partLines
)

// clone returns a copy of the state whose fields outside p share their arrays with s. It
// is a deep copy when p is allParts, except for Undo, which the copy shares with s.
func (s *State) clone(p parts) *State {
	c := *s
	if p&partRNG != 0 {
		c.RNG = slices.Clone(s.RNG)
	}
	if p&partSettings != 0 {
		c.Settings = s.Settings.clone()
	}
	if p&partLines != 0 {
		c.OpeningLines = slices.Clone(s.OpeningLines)
		c.ClosingLines = slices.Clone(s.ClosingLines)
	}
	if p&(partSeats|partPiles) != 0 {
		c.clonePiles(s, p)
	}
	switch {
	case p&partRounds != 0:
		nVotes := 0
		for i := range s.Rounds {
			nVotes += len(s.Rounds[i].Votes)
		}
		votes := make([]Vote, 0, nVotes)
		c.Rounds = slices.Clone(s.Rounds)
		for i := range c.Rounds {
			r := &c.Rounds[i]
			r.Votes = pack(&votes, r.Votes)
			if r.Result != nil {
				res := *r.Result
				r.Result = &res
			}
		}
	case p&partRound != 0 && len(s.Rounds) > 0:
		// The other rounds' Vote arrays and Results are shared: only the current one changes.
		c.Rounds = slices.Clone(s.Rounds)
		r := &c.Rounds[len(c.Rounds)-1]
		r.Votes = slices.Clone(r.Votes)
		if r.Result != nil {
			res := *r.Result
			r.Result = &res
		}
	}
	if p&partCanvas != 0 {
		nReact, nDots := 0, 0
		for i := range s.Canvas {
			nReact += len(s.Canvas[i].Reactions)
			nDots += len(s.Canvas[i].Dots)
		}
		reacts := make([]Reaction, 0, nReact)
		dots := make([]SeatID, 0, nDots)
		c.Canvas = slices.Clone(s.Canvas)
		for i := range c.Canvas {
			p := &c.Canvas[i]
			p.Reactions = pack(&reacts, p.Reactions)
			p.Dots = pack(&dots, p.Dots)
		}
	}
	switch {
	case p&partActions != 0:
		c.Actions = slices.Clone(s.Actions)
	case p&partActionsTail != 0:
		// An append to s's list writes past the copy's end, which the cap keeps the copy
		// from ever writing to: an action added to a room that holds hundreds copies none
		// of them. An append to the copy copies it out.
		c.Actions = s.Actions[:len(s.Actions):len(s.Actions)]
	}
	return &c
}

// clonePiles copies into c the seats (with their hands) and the piles of s that p names,
// the card IDs of both in one array.
func (c *State) clonePiles(s *State, p parts) {
	n := 0
	if p&partPiles != 0 {
		n += len(s.StatementPile) + len(s.DrawPile) + len(s.PromptPile) + len(s.Discard)
	}
	if p&partSeats != 0 {
		for i := range s.Seats {
			n += len(s.Seats[i].Hand)
		}
	}
	strs := make([]string, 0, n)
	if p&partSeats != 0 {
		c.Seats = slices.Clone(s.Seats)
		for i := range c.Seats {
			c.Seats[i].Hand = pack(&strs, s.Seats[i].Hand)
		}
	}
	if p&partPiles != 0 {
		c.StatementPile = pack(&strs, s.StatementPile)
		c.DrawPile = pack(&strs, s.DrawPile)
		c.PromptPile = pack(&strs, s.PromptPile)
		c.Discard = pack(&strs, s.Discard)
		c.Shown = slices.Clone(s.Shown)
		c.Answers = slices.Clone(s.Answers)
	}
}

// pack appends src to *buf, made with room for every piece packed into it, and returns
// src's copy there, capped so that an append to it copies it out; nil when src is empty,
// so that no copy shares an empty array with room to grow into.
func pack[T any](buf *[]T, src []T) []T {
	if len(src) == 0 {
		return nil
	}
	start := len(*buf)
	*buf = append(*buf, src...)
	return (*buf)[start:len(*buf):len(*buf)]
}
