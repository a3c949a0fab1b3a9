package game

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"impactkaarten/cards"
)

// Decide checks a command from actor against the rules and returns the events it becomes,
// or a rule error (an *Error with a Code). It never changes s. A command that is legal but
// would change nothing (a presence report that is already known) returns no events and no
// error.
//
// Guards run in a fixed order: the command exists; it was made on the current version;
// the actor is the host or a seat still in the room; the session is not over; then the
// command's own rules.
func Decide(s *State, actor SeatID, c Command) ([]Event, error) {
	return DecideAppend(nil, s, actor, c)
}

// DecideAppend is Decide appending the command's events to dst, so that a host that
// decides command after command can keep its events in one slice it uses again (a slice
// made for each vote's event was a sixth of what hosting a vote allocated). On a rule
// error it returns nil, and dst's elements are as they were.
func DecideAppend(dst []Event, s *State, actor SeatID, c Command) ([]Event, error) {
	d := decider{s: s, actor: actor, c: c, out: dst}
	evs, err := d.decide()
	if err != nil {
		return nil, err
	}
	if evs == nil {
		return dst, nil
	}
	return evs, nil
}

type decider struct {
	s     *State
	actor SeatID
	c     Command
	out   []Event // what emit appends to
}

// emit returns the single event the command becomes, appended to d.out. Not inlined, and
// the event written where it lies: an event built in place took its 224 bytes in the
// frame of every rule that emits one (a facilitator's command's frame was 4 kB), and a
// command's rules lie under one another on a room's stack.
//
//go:noinline
func (d *decider) emit(t EventType, a Args) ([]Event, error) {
	out := append(d.out, Event{})
	e := &out[len(out)-1]
	e.Type, e.Version, e.Actor, e.At, e.Args = t, d.s.Version+1, d.actor, d.c.At, a
	return out, nil
}

// hostCommand reports whether only the host may send commands of type t.
func hostCommand(t CommandType) bool {
	return t == CmdJoin || t == CmdConnect || t == CmdDisconnect || t == CmdStandIn || t == CmdRevealDue
}

func (d *decider) decide() ([]Event, error) {
	s, c := d.s, d.c
	if !knownCommand(c.Type) {
		return reject(UnknownCommand, fmt.Sprintf("unknown command %q", c.Type))
	}
	if c.Version != 0 && c.Version != s.Version {
		return reject(Stale, fmt.Sprintf("made on version %d, the room is at version %d", c.Version, s.Version))
	}
	if hostCommand(c.Type) {
		if d.actor != System {
			return reject(SystemOnly, fmt.Sprintf("%q is sent by the host, not by a seat", c.Type))
		}
		return d.hostCommand()
	}
	if s.present(d.actor) == nil {
		return reject(UnknownSeat, fmt.Sprintf("seat %d is not in this room", d.actor))
	}
	if s.Ended {
		switch c.Type {
		case CmdLeave, CmdRename, CmdLang, CmdObserver, CmdUndo, CmdPhase, CmdSettings, CmdHandOver:
		default:
			return reject(SessionEnded, "the session has ended; the facilitator can reopen a phase")
		}
	}
	switch c.Type {
	case CmdLeave:
		return d.leave()
	case CmdRename:
		name, err := cleanName(c.Name)
		if err != nil {
			return nil, err
		}
		return d.emit(EvRenamed, Args{Name: name})
	case CmdLang:
		if !c.Lang.Valid() {
			return reject(BadValue, fmt.Sprintf("unknown language %q (nl or en)", c.Lang))
		}
		return d.emit(EvLangSet, Args{Lang: c.Lang})
	case CmdObserver:
		return d.observer()
	case CmdUndo:
		if d.actor != s.Facilitator {
			return reject(NotFacilitator, "only the facilitator can undo")
		}
		if s.Undo == nil {
			return reject(NothingToUndo, "nothing to undo: your last command is not the room's last change")
		}
		return d.emit(EvUndone, Args{})
	case CmdVote:
		return d.vote()
	case CmdPlay:
		return d.play()
	case CmdPass:
		if err := d.inPhase(Canvas); err != nil {
			return nil, err
		}
		if s.Turn != d.actor {
			return reject(NotYourTurn, "it is not your turn")
		}
		return d.emit(EvPassed, Args{Seat: d.actor})
	case CmdMove:
		return d.move()
	case CmdReact:
		return d.react()
	case CmdDot, CmdUndot:
		return d.dot()
	case CmdAddAction, CmdEditAction, CmdDelAction:
		return d.action()
	case CmdTake:
		return d.take()
	case CmdDiscard:
		return d.discard()
	case CmdAnswer:
		return d.answer()
	}
	// Everything else is the facilitator's (and some of it the co-facilitator's).
	if err := d.mayLead(c.Type); err != nil {
		return nil, err
	}
	return d.facilitatorCommand()
}

func knownCommand(t CommandType) bool {
	switch t {
	case CmdJoin, CmdConnect, CmdDisconnect, CmdLeave, CmdRename, CmdLang, CmdObserver, CmdUndo,
		CmdSettings, CmdDeck, CmdHandOver, CmdKick, CmdStart, CmdNextPhase, CmdPhase, CmdEnd,
		CmdReveal, CmdInsight, CmdNextCard, CmdSkipTurn, CmdPrompt, CmdSpotlight, CmdTimer,
		CmdVote, CmdPlay, CmdPass, CmdMove, CmdReact, CmdDot, CmdUndot,
		CmdAddAction, CmdEditAction, CmdDelAction, CmdTake, CmdDiscard:
		return true
	case CmdAnswer, CmdCoFacilitator, CmdStandIn, CmdCardAnswer, CmdRevealDue:
		return true
	}
	return false
}

func (d *decider) hostCommand() ([]Event, error) {
	s, c := d.s, d.c
	switch c.Type {
	case CmdJoin:
		if len(s.Seats) >= MaxSeats {
			return reject(RoomFull, fmt.Sprintf("the room is full (%d seats)", MaxSeats))
		}
		name, err := cleanName(c.Name)
		if c.Screen {
			// A screen needs no name: nobody sees it in the room.
			name, err = cleanText(c.Name, MaxName, "name")
		}
		if err != nil {
			return nil, err
		}
		lang := c.Lang
		if lang == "" {
			lang = s.Settings.Lang
		}
		if !lang.Valid() {
			return reject(BadValue, fmt.Sprintf("unknown language %q (nl or en)", c.Lang))
		}
		return d.emit(EvJoined, Args{Seat: SeatID(len(s.Seats) + 1), Name: name, Lang: lang,
			Observer: c.Observer || c.Screen, Screen: c.Screen, Facilitator: c.Facilitator && !c.Screen})
	case CmdStandIn:
		return d.standInCmd()
	case CmdRevealDue:
		return d.revealDue()
	default: // connect, disconnect
		st := s.present(c.Seat)
		if st == nil {
			return reject(UnknownSeat, fmt.Sprintf("seat %d is not in this room", c.Seat))
		}
		online := c.Type == CmdConnect
		if st.Connected == online {
			return nil, nil
		}
		if online {
			evs, _ := d.emit(EvConnected, Args{Seat: c.Seat})
			return d.connectEvents(evs), nil
		}
		return d.emit(EvDisconnected, Args{Seat: c.Seat})
	}
}

func (d *decider) leave() ([]Event, error) {
	s := d.s
	if d.actor == s.Facilitator && s.Away == 0 { // a stand-in gives facilitation back by leaving
		for i := range s.Seats {
			// A meeting-room screen cannot take the role, so it does not keep anyone in.
			if !s.Seats[i].Gone && !s.Seats[i].Screen && s.Seats[i].ID != d.actor {
				return reject(MustHandOver, "hand the facilitator role to someone else before leaving")
			}
		}
	}
	return d.emit(EvLeft, Args{Seat: d.actor})
}

func (d *decider) observer() ([]Event, error) {
	s, c := d.s, d.c
	target := d.actor
	if c.Seat != 0 && c.Seat != d.actor {
		if d.actor != s.Facilitator {
			return reject(NotFacilitator, "only the facilitator can change another seat's role")
		}
		target = c.Seat
	}
	st := s.present(target)
	if st == nil {
		return reject(UnknownSeat, fmt.Sprintf("seat %d is not in this room", target))
	}
	if st.Screen {
		return reject(NotAPlayer, "a meeting-room screen only watches")
	}
	if st.Observer == c.Observer {
		return reject(NoChange, "the seat already has that role")
	}
	return d.emit(EvObserverSet, Args{Seat: target, Observer: c.Observer})
}

func (d *decider) facilitatorCommand() ([]Event, error) {
	s, c := d.s, d.c
	switch c.Type {
	case CmdNextCard, CmdNextPhase, CmdPhase, CmdEnd:
		if err := d.waitCountdown(); err != nil {
			return nil, err
		}
	}
	switch c.Type {
	case CmdSettings:
		if c.Settings == nil {
			return reject(BadValue, "settings missing")
		}
		st, err := d.checkSettings(*c.Settings)
		if err != nil {
			return nil, err
		}
		if err := d.checkAnonymity(st); err != nil {
			return nil, err
		}
		if st.Equal(s.Settings) {
			return reject(NoChange, "the settings are these already")
		}
		return d.emit(EvSettings, Args{Settings: &st})
	case CmdDeck:
		if s.Phase != Lobby {
			return reject(WrongPhase, "the deck can only be changed in the lobby")
		}
		if c.Deck == nil {
			return reject(BadValue, "deck missing")
		}
		if err := c.Deck.Validate(); err != nil {
			return reject(BadValue, fmt.Sprintf("the deck has problems: %v", err))
		}
		return d.emit(EvDeckSet, Args{Deck: c.Deck})
	case CmdHandOver, CmdKick:
		st := s.present(c.Seat)
		if st == nil {
			return reject(UnknownSeat, fmt.Sprintf("seat %d is not in this room", c.Seat))
		}
		if c.Seat == d.actor {
			return reject(BadValue, "choose another seat than your own")
		}
		if c.Type == CmdKick {
			return d.emit(EvKicked, Args{Seat: c.Seat})
		}
		if st.Screen {
			return reject(NotAPlayer, "a meeting-room screen only watches; hand the role to a person")
		}
		return d.emit(EvHandedOver, Args{Seat: c.Seat})
	case CmdStart:
		if s.Phase != Lobby {
			return reject(WrongPhase, "the session has already started")
		}
		return d.startPhase(NextPhase(s.Settings, Lobby))
	case CmdNextPhase:
		if s.Phase == Lobby {
			return reject(WrongPhase, "start the session first")
		}
		if next := NextPhase(s.Settings, s.Phase); next != Report {
			return d.startPhase(next)
		}
		return d.emit(EvEnded, Args{})
	case CmdPhase:
		if c.Phase == Report {
			if s.Ended {
				return reject(NoChange, "the session has already ended")
			}
			return d.emit(EvEnded, Args{})
		}
		switch c.Phase {
		case Statements, Canvas, Dots, Actions, Free, Opening, Closing:
			return d.startPhase(c.Phase)
		}
		return reject(BadValue, fmt.Sprintf("cannot go to phase %q", c.Phase))
	case CmdEnd:
		if s.Ended {
			return reject(NoChange, "the session has already ended")
		}
		return d.emit(EvEnded, Args{})
	case CmdReveal:
		return d.reveal()
	case CmdInsight:
		return d.insight()
	case CmdNextCard:
		if err := d.inPhase(Statements); err != nil {
			return nil, err
		}
		if len(s.StatementPile) == 0 {
			return reject(NoCards, "there are no statements left")
		}
		return d.emit(EvCardTurned, Args{Card: s.StatementPile[0]})
	case CmdSkipTurn:
		if err := d.inPhase(Canvas); err != nil {
			return nil, err
		}
		if s.Turn == 0 {
			return reject(NoChange, "nobody has the turn")
		}
		return d.emit(EvTurnSkipped, Args{Seat: s.Turn})
	case CmdPrompt:
		return d.prompt()
	case CmdSpotlight:
		return d.spotlight()
	case CmdTimer:
		return d.timer()
	case CmdCoFacilitator:
		return d.coFacilitator()
	case CmdCardAnswer:
		return d.cardAnswer()
	}
	return reject(UnknownCommand, fmt.Sprintf("unknown command %q", c.Type))
}

func (d *decider) startPhase(p Phase) ([]Event, error) {
	if p == Statements && len(d.s.StatementPile) == 0 {
		return reject(NoCards, "there are no statements left to discuss")
	}
	return d.emit(EvPhaseStarted, Args{Phase: p})
}

func (d *decider) checkSettings(st Settings) (Settings, error) {
	bad := func(format string, a ...any) (Settings, error) {
		return Settings{}, &Error{Code: BadValue, Message: fmt.Sprintf(format, a...)}
	}
	seen := map[Phase]bool{}
	for _, p := range st.Phases {
		switch p {
		case Statements, Canvas, Dots, Actions:
		default:
			return bad("phase %q cannot be played (statements, canvas, dots, actions)", p)
		}
		if seen[p] {
			return bad("phase %q is listed twice", p)
		}
		seen[p] = true
	}
	st.Phases = append([]Phase(nil), st.Phases...)
	if st.Lang == "" {
		st.Lang = d.s.Settings.Lang
	}
	if !st.Lang.Valid() {
		return bad("unknown language %q (nl or en)", st.Lang)
	}
	if st.HandSize < 1 || st.HandSize > MaxHand {
		return bad("hand size %d is out of range 1..%d", st.HandSize, MaxHand)
	}
	if st.Statements < 1 || st.Statements > 50 {
		return bad("number of statements %d is out of range 1..50", st.Statements)
	}
	if st.Dots < 1 || st.Dots > MaxDots {
		return bad("dots per player %d is out of range 1..%d", st.Dots, MaxDots)
	}
	for i := range d.s.Seats {
		if used := d.s.dotsUsed(d.s.Seats[i].ID); used > st.Dots {
			return bad("%s has already placed %d dots; dots per player cannot be lower", d.s.Seats[i].Name, used)
		}
	}
	for _, t := range []int{st.StatementSeconds, st.CanvasSeconds, st.DotsSeconds, st.ActionsSeconds} {
		if t < 0 || t > MaxSeconds {
			return bad("timer %d s is out of range 0..%d", t, MaxSeconds)
		}
	}
	if st.HandoverSeconds < HandoverOff || st.HandoverSeconds > MaxSeconds {
		return bad("hand-over time %d s is out of range 0..%d (or %d: never)", st.HandoverSeconds, MaxSeconds, HandoverOff)
	}
	if st.CanvasCards < 0 || st.CanvasCards > MaxHand {
		return bad("cards per player in a round together %d is out of range 0..%d", st.CanvasCards, MaxHand)
	}
	if st.RetentionDays < 0 || st.RetentionDays > 3650 {
		return bad("retention of %d days is out of range 0..3650", st.RetentionDays)
	}
	if err := d.checkShape(&st); err != nil {
		return Settings{}, err
	}
	return st, nil
}

func (d *decider) insight() ([]Event, error) {
	s, c := d.s, d.c
	// Which statement, before what is said of it: May answers from the view whether a seat
	// may note an insight at all, whatever its text.
	card := c.Card
	if card == "" {
		r := s.round()
		if r == nil {
			return reject(WrongPhase, "no statement is face up; name the statement's card")
		}
		card = r.Card
	}
	discussed := false
	for i := range s.Rounds {
		discussed = discussed || s.Rounds[i].Card == card
	}
	if !discussed {
		return reject(UnknownCard, fmt.Sprintf("statement %q has not been discussed", card))
	}
	text, err := cleanText(c.Text, MaxInsight, "insight")
	if err != nil {
		return nil, err
	}
	return d.emit(EvInsight, Args{Card: card, Text: text})
}

// spotlight puts a card or an action before the room, or clears the spotlight. Only what
// the room has seen can be lit: a statement turned up, a card on the canvas, a prompt card
// shown, an action on the list.
func (d *decider) spotlight() ([]Event, error) {
	s, c := d.s, d.c
	if s.Phase == Lobby {
		return reject(WrongPhase, "start the session first")
	}
	switch {
	case c.Card == "" && c.Action == 0:
		if s.Spotlight == nil {
			return reject(NoChange, "nothing is in the spotlight")
		}
		return d.emit(EvSpotlit, Args{})
	case c.Card != "" && c.Action != 0:
		return reject(BadValue, "a card or an action, not both")
	case c.Action != 0:
		if !slices.ContainsFunc(s.Actions, func(a Action) bool { return a.ID == c.Action }) {
			return reject(UnknownAction, fmt.Sprintf("there is no action %d", c.Action))
		}
	default:
		seen := slices.Contains(s.Shown, c.Card) || s.Prompt == c.Card ||
			slices.ContainsFunc(s.Rounds, func(r Round) bool { return r.Card == c.Card }) ||
			slices.ContainsFunc(s.Canvas, func(p Placed) bool { return p.Card == c.Card })
		if !seen {
			if _, ok := s.Deck.Card(c.Card); !ok {
				return reject(UnknownCard, fmt.Sprintf("card %q is not in the deck", c.Card))
			}
			return reject(BadValue, fmt.Sprintf("card %q has not been on the table", c.Card))
		}
	}
	if sp := s.Spotlight; sp != nil && sp.Card == c.Card && sp.Action == c.Action {
		return reject(NoChange, "that is in the spotlight already")
	}
	return d.emit(EvSpotlit, Args{Card: c.Card, Action: c.Action})
}

func (d *decider) prompt() ([]Event, error) {
	s, c := d.s, d.c
	if s.Phase == Lobby {
		return reject(WrongPhase, "start the session first")
	}
	if c.Card == "" && c.Kind == "" {
		if s.Prompt == "" {
			return reject(NoChange, "no prompt card is face up")
		}
		return d.emit(EvPrompted, Args{})
	}
	for _, id := range s.PromptPile {
		card, _ := s.Deck.Card(id)
		if (c.Card != "" && id == c.Card) || (c.Card == "" && string(card.Kind) == c.Kind) {
			return d.emit(EvPrompted, Args{Card: id})
		}
	}
	if c.Card != "" {
		if _, ok := s.Deck.Card(c.Card); !ok {
			return reject(UnknownCard, fmt.Sprintf("card %q is not in the deck", c.Card))
		}
		return reject(NoCards, fmt.Sprintf("card %q is not in the prompt pile", c.Card))
	}
	if c.Kind != string(cards.Question) && c.Kind != string(cards.Advice) {
		return reject(BadValue, fmt.Sprintf("prompt kind %q: question or advice", c.Kind))
	}
	return reject(NoCards, fmt.Sprintf("no %s cards left", c.Kind))
}

// Timer sub-commands, in Command.Kind.
const (
	TimerStart  = "start"
	TimerPause  = "pause"
	TimerResume = "resume"
	TimerExtend = "extend"
	TimerStop   = "stop"
)

func (d *decider) timer() ([]Event, error) {
	s, c := d.s, d.c
	t := s.Timer
	if c.At <= 0 && c.Kind != TimerStop {
		return reject(BadValue, "the host's time is missing")
	}
	switch c.Kind {
	case TimerStart:
		secs := c.Seconds
		if secs == 0 {
			secs = s.Settings.timerFor(s.Phase)
		}
		if secs < 1 || secs > MaxSeconds {
			return reject(BadValue, fmt.Sprintf("timer of %d s is out of range 1..%d", secs, MaxSeconds))
		}
		return d.emit(EvTimer, Args{Kind: TimerStart, Seconds: secs})
	case TimerPause:
		if !t.Running {
			return reject(NoChange, "the timer is not running")
		}
	case TimerResume:
		// A timer paused with nothing left would be up the moment it ran: extend it instead.
		if t.Running || t.Remaining <= 0 {
			return reject(NoChange, "the timer is not paused with time left")
		}
	case TimerExtend:
		// The room's state before the command's arguments, as every rule checks them. A
		// timer paused after it ran out is still there (Timer.paused), and adding time to it
		// is how a facilitator opens a round whose time is up again.
		if !t.Running && !t.paused() {
			return reject(NoChange, "no timer to extend")
		}
		if c.Seconds < 1 || c.Seconds > MaxSeconds {
			return reject(BadValue, fmt.Sprintf("extension of %d s is out of range 1..%d", c.Seconds, MaxSeconds))
		}
		return d.emit(EvTimer, Args{Kind: TimerExtend, Seconds: c.Seconds})
	case TimerStop:
		if t == (Timer{}) {
			return reject(NoChange, "no timer to stop")
		}
	default:
		return reject(BadValue, fmt.Sprintf("timer %q: start, pause, resume, extend or stop", c.Kind))
	}
	return d.emit(EvTimer, Args{Kind: c.Kind})
}

// player returns the actor's seat if it plays (is not an observer).
func (d *decider) player() (*Seat, error) {
	st := d.s.present(d.actor)
	if st.Observer {
		return nil, &Error{Code: NotAPlayer, Message: "observers watch; they do not play"}
	}
	return st, nil
}

func (d *decider) inPhase(ps ...Phase) error {
	for _, p := range ps {
		if d.s.Phase == p {
			return nil
		}
	}
	return &Error{Code: WrongPhase, Message: fmt.Sprintf("not possible in the %s phase", d.s.Phase)}
}

func (d *decider) vote() ([]Event, error) {
	if err := d.inPhase(Statements); err != nil {
		return nil, err
	}
	if _, err := d.player(); err != nil {
		return nil, err
	}
	r := d.s.round()
	if r == nil || r.Revealed {
		return reject(VotingClosed, "voting on this statement is closed")
	}
	if r.RevealAt != 0 {
		return reject(RevealPending, "the votes are being revealed")
	}
	if d.c.Value < 1 || d.c.Value > 5 {
		return reject(BadValue, fmt.Sprintf("vote %d is out of range 1..5", d.c.Value))
	}
	return d.emit(EvVoted, Args{Card: r.Card, Value: d.c.Value})
}

// cardCheck explains why a card id is not where a command needs it.
func (d *decider) cardCheck(id string, where Code, msg string) error {
	if _, ok := d.s.Deck.Card(id); !ok {
		return &Error{Code: UnknownCard, Message: fmt.Sprintf("card %q is not in the deck", id)}
	}
	return &Error{Code: where, Message: msg}
}

func (d *decider) play() ([]Event, error) {
	s, c := d.s, d.c
	if err := d.inPhase(Canvas, Free); err != nil {
		return nil, err
	}
	st, err := d.player()
	if err != nil {
		return nil, err
	}
	if s.together() {
		if err := d.playTogether(st); err != nil {
			return nil, err
		}
	} else if s.Phase == Canvas && s.Turn != d.actor {
		return reject(NotYourTurn, "it is not your turn")
	}
	if !contains(st.Hand, c.Card) {
		return nil, d.cardCheck(c.Card, NotInHand, fmt.Sprintf("card %q is not in your hand", c.Card))
	}
	if !c.Part.Valid() {
		return reject(BadValue, fmt.Sprintf("unknown part %q (aanbod, bereik, impact, inkomsten)", c.Part))
	}
	reason, err := cleanText(c.Text, MaxReason, "reason")
	if err != nil {
		return nil, err
	}
	if reason == "" && s.Phase == Canvas {
		return reject(ReasonRequired, "say in one line how this would work for your organisation")
	}
	card, _ := s.Deck.Card(c.Card)
	title := ""
	if card.Kind == cards.Blank {
		if title, err = cleanText(c.Title, MaxTitle, "title"); err != nil {
			return nil, err
		}
		if title == "" {
			return reject(TitleRequired, "give your own idea a title")
		}
	}
	return d.emit(EvPlayed, Args{Seat: d.actor, Card: c.Card, Part: c.Part, Text: reason, Title: title})
}

func (d *decider) placedBy(id string) (*Placed, error) {
	p := d.s.placed(id)
	if p == nil {
		return nil, d.cardCheck(id, NotOnCanvas, fmt.Sprintf("card %q is not on the canvas", id))
	}
	return p, nil
}

func (d *decider) move() ([]Event, error) {
	s, c := d.s, d.c
	if err := d.inPhase(Canvas, Free, Dots); err != nil {
		return nil, err
	}
	p, err := d.placedBy(c.Card)
	if err != nil {
		return nil, err
	}
	if p.Owner != d.actor && !s.facilitates(d.actor) {
		return reject(NotOwner, "only the player who placed the card, or the facilitator, can move it")
	}
	if !c.Part.Valid() {
		return reject(BadValue, fmt.Sprintf("unknown part %q (aanbod, bereik, impact, inkomsten)", c.Part))
	}
	if c.Part == p.Part {
		return reject(NoChange, "the card is already in that column")
	}
	return d.emit(EvMoved, Args{Card: c.Card, Part: c.Part})
}

func (d *decider) react() ([]Event, error) {
	s, c := d.s, d.c
	if err := d.inPhase(Canvas, Free, Dots, Actions); err != nil {
		return nil, err
	}
	if !s.facilitates(d.actor) {
		if _, err := d.player(); err != nil {
			return nil, err
		}
	}
	p, err := d.placedBy(c.Card)
	if err != nil {
		return nil, err
	}
	if p.Owner == d.actor {
		return reject(OwnCard, "reactions are for other players' cards")
	}
	switch c.Kind {
	case ReactPlus, ReactQuestion, ReactConcern:
	default:
		return reject(BadValue, fmt.Sprintf("reaction %q: plus, question or concern", c.Kind))
	}
	text, err := cleanText(c.Text, MaxComment, "comment")
	if err != nil {
		return nil, err
	}
	return d.emit(EvReacted, Args{Card: c.Card, Kind: c.Kind, Text: text})
}

func (d *decider) dot() ([]Event, error) {
	s, c := d.s, d.c
	if err := d.inPhase(Dots); err != nil {
		return nil, err
	}
	if _, err := d.player(); err != nil {
		return nil, err
	}
	p, err := d.placedBy(c.Card)
	if err != nil {
		return nil, err
	}
	if c.Type == CmdUndot {
		if !containsSeat(p.Dots, d.actor) {
			return reject(NoDot, "you have no dot on that card")
		}
		return d.emit(EvUndotted, Args{Card: c.Card})
	}
	if s.dotsUsed(d.actor) >= s.Settings.Dots {
		return reject(NoDotsLeft, fmt.Sprintf("you have placed all %d dots; take one back first", s.Settings.Dots))
	}
	return d.emit(EvDotted, Args{Card: c.Card})
}

func (d *decider) action() ([]Event, error) {
	s, c := d.s, d.c
	if s.Phase == Lobby {
		return reject(WrongPhase, "start the session first")
	}
	if !s.facilitates(d.actor) {
		if _, err := d.player(); err != nil {
			return nil, err
		}
	}
	if c.Type != CmdAddAction && s.action(c.Action) == nil {
		return reject(UnknownAction, fmt.Sprintf("action %d does not exist", c.Action))
	}
	if c.Type != CmdAddAction && !s.MayChangeAction(d.actor, c.Action) {
		return reject(NotAuthor, "only the action's author or the facilitator can change or remove it")
	}
	if c.Type == CmdDelAction {
		return d.emit(EvActionRemoved, Args{Action: c.Action})
	}
	if c.Type == CmdAddAction && len(s.Actions) >= MaxActions {
		return reject(LimitReached, fmt.Sprintf("the room holds %d actions, its limit; remove one first", MaxActions))
	}
	text, err := cleanText(c.Text, MaxAction, "action")
	if err != nil {
		return nil, err
	}
	if text == "" {
		return reject(BadValue, "describe the action")
	}
	if c.Card != "" {
		if _, err := d.placedBy(c.Card); err != nil {
			return nil, err
		}
	}
	if c.Seat != 0 && s.present(c.Seat) == nil {
		return reject(UnknownSeat, fmt.Sprintf("seat %d is not in this room", c.Seat))
	}
	owner, err := cleanText(c.Owner, MaxOwner, "owner")
	if err != nil {
		return nil, err
	}
	if c.Due != "" {
		if _, err := time.Parse(time.DateOnly, c.Due); err != nil {
			return reject(BadValue, fmt.Sprintf("date %q is not a date like 2026-12-31", c.Due))
		}
	}
	a := Args{Card: c.Card, Text: text, Seat: c.Seat, Owner: owner, Due: c.Due}
	if c.Type == CmdAddAction {
		a.Action = s.NextAction + 1
		return d.emit(EvActionAdded, a)
	}
	a.Action = c.Action
	return d.emit(EvActionEdited, a)
}

func (d *decider) take() ([]Event, error) {
	s, c := d.s, d.c
	if err := d.inPhase(Free); err != nil {
		return nil, err
	}
	if _, err := d.player(); err != nil {
		return nil, err
	}
	if c.Card != "" {
		for _, pile := range [][]string{s.StatementPile, s.DrawPile, s.PromptPile, s.Discard} {
			if contains(pile, c.Card) {
				return d.emit(EvTaken, Args{Card: c.Card})
			}
		}
		return nil, d.cardCheck(c.Card, NoCards, fmt.Sprintf("card %q is not in a pile", c.Card))
	}
	var pile []string
	switch cards.Kind(c.Kind) {
	case cards.Statement:
		pile = s.StatementPile
	case cards.Technology, cards.Blank:
		pile = s.DrawPile
	case cards.Question, cards.Advice:
		for _, id := range s.PromptPile {
			if card, _ := s.Deck.Card(id); string(card.Kind) == c.Kind {
				return d.emit(EvTaken, Args{Card: id})
			}
		}
	default:
		return reject(BadValue, fmt.Sprintf("unknown card kind %q", c.Kind))
	}
	if len(pile) == 0 {
		return reject(NoCards, fmt.Sprintf("the %s pile is empty", c.Kind))
	}
	return d.emit(EvTaken, Args{Card: pile[0]})
}

func (d *decider) discard() ([]Event, error) {
	s, c := d.s, d.c
	if err := d.inPhase(Free); err != nil {
		return nil, err
	}
	st := s.present(d.actor)
	if contains(st.Hand, c.Card) {
		return d.emit(EvDiscarded, Args{Card: c.Card})
	}
	p, err := d.placedBy(c.Card)
	if err != nil {
		return nil, err
	}
	if p.Owner != d.actor && !s.facilitates(d.actor) {
		return reject(NotOwner, "only the player who placed the card, or the facilitator, can discard it")
	}
	return d.emit(EvDiscarded, Args{Card: c.Card})
}

// cleanName trims a display name, removes control characters and checks its length.
func cleanName(name string) (string, error) {
	n, err := cleanText(name, MaxName, "name")
	if err != nil {
		return "", err
	}
	if n == "" {
		return "", &Error{Code: BadValue, Message: "a name is required"}
	}
	return n, nil
}

// cleanText makes text one tidy line: invalid UTF-8 and control characters (newlines
// included) become spaces, runs of spaces collapse, and the ends are trimmed. Text longer
// than max characters is rejected rather than cut, so nothing a player wrote is silently lost.
func cleanText(text string, max int, what string) (string, error) {
	if text == "" {
		return "", nil
	}
	var b strings.Builder
	b.Grow(len(text))
	space := false
	for _, r := range strings.ToValidUTF8(text, " ") {
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == '\u2028' || r == '\u2029' || r == '\ufeff' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	out := b.String()
	if n := utf8.RuneCountInString(out); n > max {
		return "", &Error{Code: TooLong, Message: fmt.Sprintf("the %s is %d characters; at most %d fit", what, n, max)}
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsSeat(list []SeatID, s SeatID) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
