// Package model is the client's picture of its room: the latest view the room sent, the
// deck, who this client is, the state of the link, and the toasts to show. It changes only
// through Handle (a message from the transport) and a few setters, all called from the game
// loop's Update; drawing only reads it. The package has no Ebiten and no I/O, so it is
// tested without a window.
//
// The room sends a complete, fresh view with every change, so the model never applies game
// events itself: it keeps the newest view, and the events only tell the UI what to animate.
package model

import (
	"fmt"
	"slices"

	"github.com/google/uuid"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/net/client"
	"impactkaarten/net/protocol"
)

// Scene is what the client shows.
type Scene string

// The scenes. Connecting is the short wait between the start scene and the room's welcome.
const (
	SceneStart      Scene = "start"
	SceneConnecting Scene = "connecting"
	SceneLobby      Scene = "lobby"
	SceneStatements Scene = "statements"
	SceneCanvas     Scene = "canvas"
	SceneDots       Scene = "dots"
	SceneActions    Scene = "actions"
	SceneFree       Scene = "free"
	SceneReport     Scene = "report"
)

// The scenes of the opening and closing rounds.
const (
	SceneOpening Scene = "opening"
	SceneClosing Scene = "closing"
)

// Mode is how the client reaches its room.
type Mode string

// The modes.
const (
	ModeNone  Mode = ""      // on the start scene
	ModeRelay Mode = "relay" // a relay over the network
	ModeSolo  Mode = "solo"  // the in-process practice host
)

// Toast is a short message shown for a few seconds: an error the room sent (Code and the
// engine's readable Message) or a note of the client's own (Key, an i18n key).
type Toast struct {
	ID      int
	Key     string // i18n key of the client's own text; empty for a room error
	Code    string // the room's error code
	Message string // the engine's readable message, or an argument of Key
	Error   bool
	Until   int64 // Unix ms after which it is gone
}

// toastMillis is how long a toast stays: long enough to read two lines.
const toastMillis = 6000

// maxToasts keeps a burst of errors from covering the table.
const maxToasts = 3

// Model is the client's state. The zero value is not ready; use New.
type Model struct {
	Lang cards.Lang
	Name string

	Mode      Mode
	Room      string // canonical code, K7P2QX
	JoinURL   string
	BigScreen bool // the read-only meeting-room view
	Observer  bool // asked to join as an observer

	Seat game.SeatID
	// View is the seat's view: the welcome's, with every event since applied to it
	// (client.View). It is replaced, never changed in place, by each message.
	View *game.PlayerView
	Deck *cards.Deck
	N    uint64
	view client.View

	Conn      client.Status
	CloseCode protocol.CloseCode
	// Skew is the room's clock minus ours in ms, so timers agree across machines.
	Skew int64

	Toasts    []Toast
	nextToast int

	pending map[string]game.CommandType

	may mayCache
}

// New returns the model of a client on the start scene.
func New(lang cards.Lang, name string) *Model {
	if !lang.Valid() {
		lang = cards.NL
	}
	return &Model{Lang: lang, Name: name, Conn: client.Connecting, pending: map[string]game.CommandType{}}
}

// Changed is what a message changed, for the UI to animate and to sound.
type Changed struct {
	Events  []game.Event // the events the room reported, in order
	Welcome bool         // a (new) welcome: the whole picture may have changed
	Closed  bool         // the link closed for good
	// Sync asks the caller to send a sync message: the view went wrong (an event did not
	// follow, or its hash differed), and a fresh one is needed.
	Sync bool
}

// Handle takes one message from the transport. now is the local clock in Unix ms.
func (m *Model) Handle(msg client.Message, now int64) Changed {
	var ch Changed
	prev := m.Conn
	m.Conn = msg.Status
	if msg.Status == client.Closed && prev != client.Closed {
		m.CloseCode = msg.Close
		ch.Closed = true
		if key := closeKey(msg.Close); key != "" {
			m.Note(key, "", true, now)
		}
	}
	if msg.Deck != nil {
		m.Deck = msg.Deck
	}
	s := msg.Server
	if s == nil {
		return ch
	}
	if s.Now != 0 {
		m.Skew = s.Now - now
	}
	switch s.T {
	case protocol.TWelcome:
		ch.Welcome = true
		if code, ok := protocol.NormalizeCode(s.Room); ok {
			m.Room = code
		}
		m.Seat = s.Seat
		m.setView(s)
		// Commands sent on a lost link got no answer; the fresh view shows what stuck.
		clear(m.pending)
	case protocol.TEvent:
		var changed bool
		if changed, ch.Sync = m.setView(s); changed && s.Event != nil {
			ch.Events = append(ch.Events, s.Event.Event)
		}
	case protocol.TAck:
		delete(m.pending, s.ID)
	case protocol.TError:
		delete(m.pending, s.ID)
		m.toast(Toast{Code: string(s.Code), Message: s.Message, Error: true}, now)
	case protocol.TBye:
		m.CloseCode = s.Close
	}
	return ch
}

// setView takes a welcome or an event into the view; it reports whether the view changed
// and whether to ask for a fresh one.
func (m *Model) setView(s *protocol.Server) (changed, sync bool) {
	changed, sync = m.view.Handle(s)
	if changed {
		m.View = m.view.V
		m.N = max(m.N, m.view.N)
	}
	return changed, sync
}

// closeKey names the i18n text for a close code that ends the session for this client.
func closeKey(code protocol.CloseCode) string {
	switch code {
	case protocol.CloseKicked:
		return "close.kicked"
	case protocol.CloseReplaced:
		return "close.replaced"
	case protocol.CloseUnknownRoom:
		return "close.noroom"
	case protocol.CloseDeleted:
		return "close.deleted"
	case protocol.CloseRoomFull:
		return "close.full"
	case protocol.CloseLeft, 1000:
		return ""
	}
	return "close.other"
}

// Command wraps a game command into a client message with a fresh id, and remembers it
// until the room answers.
//
// The id is the command's idempotency key: the relay answers a repeated id with the first
// answer and does not apply it again. So it must be unique across page reloads, restarts
// and every client of a room (a reloaded tab that counted from 1 anew would see its first
// moves dropped): a UUIDv7, random but ordered by time, so ids read in a room's log sort
// as they were made.
func (m *Model) Command(c game.Command) protocol.Client {
	id := uuid.Must(uuid.NewV7()).String() // fails only if the system's randomness does, which Go treats as fatal anyway
	m.pending[id] = c.Type
	return protocol.Client{V: protocol.Version, T: protocol.TCommand, ID: id, Cmd: &c}
}

// Forget drops a command that could not be sent.
func (m *Model) Forget(msg protocol.Client) { delete(m.pending, msg.ID) }

// Awaiting is how many commands sent are still waiting for the room's answer.
func (m *Model) Awaiting() int { return len(m.pending) }

// Pending reports whether a command of type t is waiting for the room's answer.
func (m *Model) Pending(t game.CommandType) bool {
	for _, p := range m.pending {
		if p == t {
			return true
		}
	}
	return false
}

// Note shows a toast with the client's own text (an i18n key and its argument).
func (m *Model) Note(key, arg string, isErr bool, now int64) {
	m.toast(Toast{Key: key, Message: arg, Error: isErr}, now)
}

func (m *Model) toast(t Toast, now int64) {
	m.nextToast++
	t.ID = m.nextToast
	t.Until = now + toastMillis
	m.Toasts = append(m.Toasts, t)
	if len(m.Toasts) > maxToasts {
		m.Toasts = m.Toasts[len(m.Toasts)-maxToasts:]
	}
}

// Expire drops toasts whose time is up.
func (m *Model) Expire(now int64) {
	m.Toasts = slices.DeleteFunc(m.Toasts, func(t Toast) bool { return t.Until <= now })
}

// Dismiss drops one toast.
func (m *Model) Dismiss(id int) {
	m.Toasts = slices.DeleteFunc(m.Toasts, func(t Toast) bool { return t.ID == id })
}

// Reset goes back to the start scene, keeping name and language.
func (m *Model) Reset() {
	*m = Model{Lang: m.Lang, Name: m.Name, Conn: client.Connecting, Toasts: m.Toasts,
		nextToast: m.nextToast, pending: map[string]game.CommandType{}}
}

// Scene returns what the client shows now.
func (m *Model) Scene() Scene {
	if m.Mode == ModeNone {
		return SceneStart
	}
	if m.View == nil {
		return SceneConnecting
	}
	switch m.View.Phase {
	case game.Lobby:
		return SceneLobby
	case game.Statements:
		return SceneStatements
	case game.Canvas:
		return SceneCanvas
	case game.Dots:
		return SceneDots
	case game.Actions:
		return SceneActions
	case game.Free:
		return SceneFree
	case game.Opening:
		return SceneOpening
	case game.Closing:
		return SceneClosing
	}
	return SceneReport
}

// Me returns this client's seat in the view, or nil.
func (m *Model) Me() *game.SeatView { return m.SeatByID(m.Seat) }

// SeatByID returns a seat of the view, or nil.
func (m *Model) SeatByID(id game.SeatID) *game.SeatView {
	if m.View == nil || id < 1 {
		return nil
	}
	if int(id) <= len(m.View.Seats) && m.View.Seats[id-1].ID == id {
		return &m.View.Seats[id-1]
	}
	// Screens are not in the view, so a later seat may sit before its index.
	for i := range m.View.Seats {
		if m.View.Seats[i].ID == id {
			return &m.View.Seats[i]
		}
	}
	return nil
}

// SeatName returns a seat's display name, or "".
func (m *Model) SeatName(id game.SeatID) string {
	if s := m.SeatByID(id); s != nil {
		return s.Name
	}
	return ""
}

// Facilitator reports whether this client holds the facilitator's role.
func (m *Model) Facilitator() bool {
	return m.View != nil && m.Seat != 0 && m.View.Facilitator == m.Seat && !m.BigScreen
}

// Plays reports whether this client takes part in play (not an observer or a big screen).
func (m *Model) Plays() bool {
	me := m.Me()
	return me != nil && !me.Observer && !me.Gone && !m.BigScreen
}

// ReadOnly reports whether this client only watches.
func (m *Model) ReadOnly() bool {
	if m.BigScreen {
		return true
	}
	me := m.Me()
	return me == nil || me.Observer
}

// Card returns a card of the deck, or nil.
func (m *Model) Card(id string) *cards.Card {
	if c, ok := m.Deck.Card(id); ok {
		return c
	}
	if m.View != nil {
		if c, ok := m.View.Settings.WrittenCard(id); ok {
			return c // a statement the facilitator wrote on the spot
		}
	}
	return nil
}

// CardLang is the language this client reads cards in: its seat's, else the UI's.
func (m *Model) CardLang() cards.Lang {
	if me := m.Me(); me != nil && cards.Lang(me.Lang).Valid() {
		return cards.Lang(me.Lang)
	}
	return m.Lang
}

// CardTitle returns a card's title in this client's language; an own-idea card played on
// the canvas shows its player's title.
func (m *Model) CardTitle(id string) string {
	if m.View != nil {
		for i := range m.View.Canvas {
			if p := &m.View.Canvas[i]; p.Card == id && p.Title != "" {
				return p.Title
			}
		}
	}
	if c := m.Card(id); c != nil {
		return c.Title.In(m.CardLang())
	}
	return id
}

// Round returns the statement face up, or nil.
func (m *Model) Round() *game.RoundView {
	if m.View == nil || m.View.Current < 0 || m.View.Current >= len(m.View.Rounds) {
		return nil
	}
	return &m.View.Rounds[m.View.Current]
}

// Placed returns a canvas card, or nil.
func (m *Model) Placed(id string) *game.Placed {
	if m.View == nil {
		return nil
	}
	for i := range m.View.Canvas {
		if m.View.Canvas[i].Card == id {
			return &m.View.Canvas[i]
		}
	}
	return nil
}

// InHand reports whether a card is in this client's hand.
func (m *Model) InHand(id string) bool {
	return m.View != nil && slices.Contains(m.View.Hand, id)
}

// MyTurn reports whether this client has the canvas turn.
func (m *Model) MyTurn() bool {
	return m.View != nil && m.View.Turn != 0 && m.View.Turn == m.Seat
}

// Timer returns the milliseconds left on the room's timer and whether one is set. A timer
// paused after it ran out is set, with nothing left: the engine holds a round together
// closed while it stands (time_up), so the table shows it at 0:00.
func (m *Model) Timer(now int64) (left int64, running, set bool) {
	if m.View == nil {
		return 0, false, false
	}
	t := m.View.Timer
	switch {
	case t.Running:
		return max(0, t.EndsAt-(now+m.Skew)), true, true
	case t.Duration > 0:
		return max(0, t.Remaining), false, true
	}
	return 0, false, false
}

// Active returns the seats that play (present and not observers), in seat order.
func (m *Model) Active() []game.SeatView {
	if m.View == nil {
		return nil
	}
	var out []game.SeatView
	for _, s := range m.View.Seats {
		if !s.Gone && !s.Observer {
			out = append(out, s)
		}
	}
	return out
}

// Present returns the seats still in the room, observers included.
func (m *Model) Present() []game.SeatView {
	if m.View == nil {
		return nil
	}
	var out []game.SeatView
	for _, s := range m.View.Seats {
		if !s.Gone {
			out = append(out, s)
		}
	}
	return out
}

// MyDots returns how many dots this client placed on a card.
func (m *Model) MyDots(card string) int {
	p := m.Placed(card)
	if p == nil {
		return 0
	}
	n := 0
	if m.View.Settings.AnonymousVotes {
		// The canvas names nobody's dots; the view lists this seat's own.
		for _, c := range m.View.MyDots {
			if c == card {
				n++
			}
		}
		return n
	}
	for _, d := range p.Dots {
		if d == m.Seat {
			n++
		}
	}
	return n
}

// DotsLeft returns how many dots this client may still place.
func (m *Model) DotsLeft() int {
	me := m.Me()
	if me == nil || m.View == nil {
		return 0
	}
	used := me.DotsUsed
	if m.View.Settings.AnonymousVotes {
		used = len(m.View.MyDots) // others' counts are hidden, and so is one's own in seats
	}
	return max(0, m.View.Settings.Dots-used)
}

// ShortCode shows the room code as people read it.
func (m *Model) ShortCode() string { return protocol.FormatCode(m.Room) }

// String is for logs.
func (m *Model) String() string {
	return fmt.Sprintf("model{scene %s room %s seat %d n %d conn %v}", m.Scene(), m.Room, m.Seat, m.N, m.Conn)
}
