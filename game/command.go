package game

import "impactkaarten/cards"

// CommandType names what a command asks for.
type CommandType string

// The commands. Each is described with who may send it and in which phases.
const (
	// Host only (actor System).
	CmdJoin       CommandType = "join"       // Name, Lang, Observer, Facilitator (the host checked the facilitator token)
	CmdConnect    CommandType = "connect"    // Seat came online
	CmdDisconnect CommandType = "disconnect" // Seat went offline

	// Any seat, about itself.
	CmdLeave    CommandType = "leave"
	CmdRename   CommandType = "rename"   // Name
	CmdLang     CommandType = "lang"     // Lang
	CmdObserver CommandType = "observer" // Observer (Seat: the facilitator may set it for another seat)

	// Facilitator.
	CmdUndo      CommandType = "undo"      // undo their own last command
	CmdSettings  CommandType = "settings"  // Settings
	CmdDeck      CommandType = "deck"      // Deck (lobby only)
	CmdHandOver  CommandType = "handover"  // Seat
	CmdKick      CommandType = "kick"      // Seat
	CmdStart     CommandType = "start"     // lobby -> first phase (or the free table)
	CmdNextPhase CommandType = "next"      // to the next phase of the session (after the last: the report)
	CmdPhase     CommandType = "phase"     // Phase: start, skip to or repeat a phase
	CmdEnd       CommandType = "end"       // end the session: the report
	CmdReveal    CommandType = "reveal"    // reveal the votes on the current statement
	CmdInsight   CommandType = "insight"   // Text (Card: a past statement; default the current)
	CmdNextCard  CommandType = "nextcard"  // turn up the next statement
	CmdSkipTurn  CommandType = "skipturn"  // skip the turn of the player whose turn it is
	CmdPrompt    CommandType = "prompt"    // Kind (question|advice) turns up the next prompt card; Card turns up that one; neither clears it
	CmdSpotlight CommandType = "spotlight" // Card (a statement turned up, a card on the canvas, a prompt card shown) or Action (its id); neither clears it
	CmdTimer     CommandType = "timer"     // Kind: start (Seconds, 0 = phase default) | pause | resume | extend (Seconds) | stop

	// Players.
	CmdVote       CommandType = "vote"       // Value 1..5
	CmdPlay       CommandType = "play"       // Card, Part, Text (reason), Title (own idea)
	CmdPass       CommandType = "pass"       // the player whose turn it is passes
	CmdMove       CommandType = "move"       // Card, Part (the card's owner or the facilitator)
	CmdReact      CommandType = "react"      // Card, Kind (plus|question|concern), Text; again without Text to withdraw
	CmdDot        CommandType = "dot"        // Card
	CmdUndot      CommandType = "undot"      // Card
	CmdAddAction  CommandType = "addaction"  // Card, Text, Seat (owner) or Owner, Due
	CmdEditAction CommandType = "editaction" // Action, Card, Text, Seat or Owner, Due
	CmdDelAction  CommandType = "delaction"  // Action
	CmdTake       CommandType = "take"       // free table: Card from any pile, or Kind: the top card of that kind's pile
	CmdDiscard    CommandType = "discard"    // free table: Card from your hand or the canvas
)

// The rounds (rounds.go).
const (
	CmdAnswer CommandType = "answer" // Text: your line in the opening or closing round; empty withdraws it
)

// The reveal's countdown: the facilitator's reveal (or the vote that completed the votes)
// starts it, and the host's revealdue shows the votes when it has run out.
const (
	CmdRevealDue CommandType = "revealdue" // host only: the countdown of the statement face up has run out
)

// Args are the arguments of a command, and the facts of the event it becomes. One flat
// struct keeps commands and events plain, cheap data that encodes the same everywhere.
type Args struct {
	Seat        SeatID      `json:"seat,omitempty"`
	Name        string      `json:"name,omitempty"`
	Lang        cards.Lang  `json:"lang,omitempty"`
	Observer    bool        `json:"observer,omitempty"`
	Screen      bool        `json:"screen,omitempty"` // join: a meeting-room screen, not a participant
	Facilitator bool        `json:"facilitator,omitempty"`
	Phase       Phase       `json:"phase,omitempty"`
	Card        string      `json:"card,omitempty"`
	Part        cards.Part  `json:"part,omitempty"`
	Value       int         `json:"value,omitempty"`
	Text        string      `json:"text,omitempty"`
	Title       string      `json:"title,omitempty"`
	Kind        string      `json:"kind,omitempty"`
	Action      int         `json:"action,omitempty"`
	Owner       string      `json:"owner,omitempty"`
	Due         string      `json:"due,omitempty"`
	Seconds     int         `json:"seconds,omitempty"`
	Settings    *Settings   `json:"settings,omitempty"`
	Deck        *cards.Deck `json:"deck,omitempty"`
}

// Command is what a seat (or the host) asks the engine to do.
type Command struct {
	Type CommandType `json:"type"`
	// Version, when not zero, is the state version the sender saw; a command made on an
	// older version is rejected with Stale.
	Version uint64 `json:"version,omitempty"`
	// At is the host's clock in Unix milliseconds, stamped by the host on every command;
	// whatever a client sends here is overwritten. It is how time enters the engine.
	At int64 `json:"at,omitempty"`
	Args
}

// EventType names what happened.
type EventType string

// The events. Most commands become one event of the same name in the past tense.
const (
	EvJoined        EventType = "joined"
	EvConnected     EventType = "connected"
	EvDisconnected  EventType = "disconnected"
	EvLeft          EventType = "left"
	EvRenamed       EventType = "renamed"
	EvLangSet       EventType = "langset"
	EvObserverSet   EventType = "observerset"
	EvUndone        EventType = "undone"
	EvSettings      EventType = "settingsset"
	EvDeckSet       EventType = "deckset"
	EvHandedOver    EventType = "handedover"
	EvKicked        EventType = "kicked"
	EvPhaseStarted  EventType = "phasestarted"
	EvEnded         EventType = "ended"
	EvRevealed      EventType = "revealed"
	EvInsight       EventType = "insightset"
	EvCardTurned    EventType = "cardturned"
	EvTurnSkipped   EventType = "turnskipped"
	EvPrompted      EventType = "prompted"
	EvSpotlit       EventType = "spotlit"
	EvTimer         EventType = "timerset"
	EvVoted         EventType = "voted"
	EvPlayed        EventType = "played"
	EvPassed        EventType = "passed"
	EvMoved         EventType = "moved"
	EvReacted       EventType = "reacted"
	EvDotted        EventType = "dotted"
	EvUndotted      EventType = "undotted"
	EvActionAdded   EventType = "actionadded"
	EvActionEdited  EventType = "actionedited"
	EvActionRemoved EventType = "actionremoved"
	EvTaken         EventType = "taken"
	EvDiscarded     EventType = "discarded"
)

// The rounds (rounds.go).
const (
	EvAnswered EventType = "answered" // Phase (opening or closing), Text (empty: withdrawn)
)

// The reveal's countdown.
const (
	EvRevealing EventType = "revealing" // the countdown to the reveal started; Card; the votes show at At+RevealCountdown
)

// Event is a fact the engine decided. Applying the events of a room in order to its initial
// state reproduces its state exactly. Events may carry secrets (a vote's value);
// NewRedaction makes an event fit for each recipient (a ViewEvent).
type Event struct {
	Type    EventType `json:"type"`
	Version uint64    `json:"version"` // the state version after this event
	Actor   SeatID    `json:"actor,omitempty"`
	At      int64     `json:"at,omitempty"`
	Args
}

// Facilitation while the facilitator is away (facilitation.go).
const (
	// CmdCoFacilitator appoints the co-facilitator: Seat, or 0 to have none. Facilitator only.
	CmdCoFacilitator CommandType = "cofacilitator"
	// CmdStandIn passes facilitation to the longest-online player while the facilitator is
	// away. Host only; the engine checks that it is due.
	CmdStandIn CommandType = "standin"
)

const (
	EvCoFacilitatorSet EventType = "cofacilitatorset" // Seat: the new co-facilitator, 0: none
	EvStoodIn          EventType = "stoodin"          // Seat: who leads now; the facilitator is away
	EvFacilitatorBack  EventType = "facilitatorback"  // Seat: the facilitator who came back leads again
)

// The group's answer to a question card (prompts.go).
const (
	CmdCardAnswer CommandType = "cardanswer"   // Card (a question card turned up), Text (empty: clear); facilitator or co-facilitator
	EvCardAnswer  EventType   = "cardanswered" // Card, Text
)
