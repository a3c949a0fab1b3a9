package game

// Code is the machine-readable reason a command was rejected. Codes travel over the wire
// unchanged, so clients can translate them; never rename one.
//
// A Code is itself an error, so callers can test a rejection with errors.Is(err, game.NotYourTurn).
type Code string

func (c Code) Error() string { return string(c) }

// The rule error codes.
const (
	Stale          Code = "stale"           // the command was made on an older state version
	UnknownCommand Code = "unknown_command" // the command type does not exist
	SystemOnly     Code = "system_only"     // only the host (relay or solo host) may send this
	UnknownSeat    Code = "unknown_seat"    // the seat does not exist or has left
	NotFacilitator Code = "not_facilitator" // only the facilitator may do this
	NotAPlayer     Code = "not_a_player"    // observers do not play, vote or place dots
	WrongPhase     Code = "wrong_phase"     // not possible in the current phase
	SessionEnded   Code = "session_ended"   // the session is over
	NotYourTurn    Code = "not_your_turn"   // another player has the turn
	NotInHand      Code = "not_in_hand"     // the card is not in your hand
	UnknownCard    Code = "unknown_card"    // the card is not in the deck
	NotOnCanvas    Code = "not_on_canvas"   // the card has not been played onto the canvas
	NotOwner       Code = "not_owner"       // only the player who placed the card (or the facilitator) may
	OwnCard        Code = "own_card"        // reactions are for other players' cards
	VotingClosed   Code = "voting_closed"   // there is no open vote
	BadValue       Code = "bad_value"       // a value is out of range or malformed
	ReasonRequired Code = "reason_required" // a played card needs a one-line reason
	TitleRequired  Code = "title_required"  // an own-idea card needs a title
	TooLong        Code = "too_long"        // a text is longer than its limit
	NoDotsLeft     Code = "no_dots_left"    // every dot has been placed
	NoDot          Code = "no_dot"          // you have no dot on that card
	NoCards        Code = "no_cards"        // the pile is empty
	RoomFull       Code = "room_full"       // the room has its maximum number of seats
	NothingToUndo  Code = "nothing_to_undo" // no command of yours can be undone now
	UnknownAction  Code = "unknown_action"  // the action does not exist
	MustHandOver   Code = "must_hand_over"  // the facilitator hands over before leaving
	NoChange       Code = "no_change"       // the command would change nothing
	LimitReached   Code = "limit_reached"   // a collection of the room is at its limit (MaxActions)
)

// Rule error codes of facilitation and actions.
const (
	NotAuthor Code = "not_author" // only the action's author, the facilitator or the co-facilitator may change it
	TooEarly  Code = "too_early"  // (host only) the facilitator has not been offline for the hand-over time yet
	TimeUp    Code = "time_up"    // the timer of a canvas round played together has run out
)

// The rule error codes of the vote's settings.
const (
	VotesCast     Code = "votes_cast"     // anonymous votes are chosen before the first vote
	TooFewVotes   Code = "too_few_votes"  // anonymous votes are revealed from two votes on
	RevealPending Code = "reveal_pending" // the countdown to the reveal is running
)

// Error is a rejected command: a code and a readable (English) message that names the
// problem. Clients show their own translation of the code and may show the message.
type Error struct {
	Code    Code   `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return string(e.Code) + ": " + e.Message }

// Unwrap lets errors.Is match the code.
func (e *Error) Unwrap() error { return e.Code }

func reject(code Code, msg string) ([]Event, error) {
	return nil, &Error{Code: code, Message: msg}
}
