// Package app is the client's controller: it owns the model, the local state of the
// interface (focus, text being edited, the card picked up, open dialogs) and turns each
// tick's input into commands for the room. Every scene is a pure function from the window
// size and this state to a layout.Frame, so the whole interface — which widgets exist,
// where, with which label — is tested without a window. The Ebiten side (package ui) feeds
// it input and network messages in Update, and paints its frame in Draw.
package app

import (
	"errors"
	"math"
	"strings"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/report"
	"impactkaarten/game/ui/hyphen"
	"impactkaarten/game/ui/i18n"
	"impactkaarten/game/ui/input"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
	"impactkaarten/game/ui/textedit"
	"impactkaarten/net/client"
	"impactkaarten/net/protocol"
)

// Options are how the client was started.
type Options struct {
	Lang cards.Lang
	Name string
	// Relay says whether a relay is reachable: rooms can be created and joined.
	Relay bool
	// Room is a room code from the join link (?room=) or the -room flag.
	Room string
	// BigScreen starts in the read-only meeting-room view.
	BigScreen bool
	// Muted starts with the timer's sound off.
	Muted bool
}

// Sender sends a message to the room; the host sets it once a transport is up.
type Sender func(protocol.Client) error

// Controller is the client's state and logic. Its methods are called from the game loop
// only: Handle and Update change it, everything else reads.
type Controller struct {
	M    *model.Model
	opts Options
	send Sender

	measure layout.Measurer
	// hyph holds each language's hyphenation patterns, loaded when a word first needs them.
	hyph  map[cards.Lang]*lazyHyph
	frame layout.Frame
	w, h  float64
	dpr   float64
	now   int64

	focus      string
	focusByKey bool // the focus ring shows only after keyboard use, as browsers do
	fields     map[string]*textedit.Buffer
	comp       string // the IME composition of the focused field

	ptr     input.Pointer
	hover   string
	dragID  string
	dragX   float64
	dragY   float64
	dragOff [2]float64

	scroll    float64
	lastScene model.Scene // the scene of the last frame: a new one opens at its top
	// outcomeShown is the statement whose reveal a phone last brought into view
	// (revealIntoView): once a round, so that a player may scroll away from it.
	outcomeShown string
	// Local state of the scenes.
	selected string     // the hand card picked up
	play     *playState // the play dialog
	detail   string     // the canvas card shown in the detail dialog
	// spotHidden is a spotlight this player put aside on their own screen.
	spotHidden game.Spot
	drawer     bool // the players drawer
	facMenu    bool // the facilitator\'s menu
	// dlgKey names the dialog open at the last frame, and dlgTop is how far the page was
	// scrolled when it opened: a dialog taller than the screen lies on the page from there
	// and scrolls with it.
	dlgKey string
	dlgTop float64
	// exportOpen is the export dialog; exportLanguage the language chosen for the files
	// ("" means the interface language).
	exportOpen     bool
	exportLanguage cards.Lang
	// promptsOpen is the dialog of the question and advice cards (prompts.go).
	promptsOpen bool
	promptPage  int // the page of the list of cards to choose from
	// problems is an open list of what is wrong with a file the facilitator loaded.
	problems  *problemList
	confirm   *confirmState
	actCard   string // the card a new action is about
	due       duePicker
	muted     bool
	lastLeft  int64 // the timer's time left at the previous tick, to sound at zero
	timerSeen bool

	anim    animator
	effects []Effect

	// shape is the lobby's editing of the session's shape.
	shape shapeState

	// The report on screen, and what it was made from.
	rep    *report.Report
	repKey reportKey
}

type playState struct {
	card string
	part cards.Part
}

type confirmState struct {
	key  string // i18n key of the question
	arg  string
	yes  func()
	kind layout.ButtonStyle
	// yesKey is the i18n key of the confirming button, which names its action ("Leave",
	// "End the session"), never "Yes".
	yesKey string
	// text is the question itself when it is made of parts (what is left in a phase);
	// it replaces key.
	text string
}

// New returns a controller on the start scene.
func New(opts Options, m layout.Measurer) *Controller {
	if !opts.Lang.Valid() {
		opts.Lang = cards.NL
	}
	c := &Controller{M: model.New(opts.Lang, opts.Name), opts: opts, measure: m, dpr: 1,
		fields: map[string]*textedit.Buffer{}, muted: opts.Muted, anim: newAnimator()}
	c.M.BigScreen = opts.BigScreen
	c.field("start-name", game.MaxName).SetText(opts.Name)
	if code, ok := protocol.NormalizeCode(opts.Room); ok {
		c.field("start-code", codeFieldMax).SetText(protocol.FormatCode(code))
	}
	return c
}

// hyphenator returns the hyphenation of the interface language. Its patterns are read
// when a word first needs breaking, so a scene whose words all fit never pays for them.
func (c *Controller) hyphenator() layout.Hyphenator {
	if c.hyph == nil {
		c.hyph = map[cards.Lang]*lazyHyph{}
	}
	h, ok := c.hyph[c.M.Lang]
	if !ok {
		h = &lazyHyph{lang: string(c.M.Lang)}
		c.hyph[c.M.Lang] = h
	}
	return h
}

// lazyHyph loads a language's patterns on first use.
type lazyHyph struct {
	lang   string
	p      *hyphen.Patterns
	failed bool
}

// Points implements layout.Hyphenator; without patterns (they could not be read: a broken
// build) words break where they must, without a hyphen.
func (h *lazyHyph) Points(word string) []int {
	if h.p == nil && !h.failed {
		p, err := hyphen.Load(h.lang)
		h.p, h.failed = p, err != nil
	}
	if h.p == nil {
		return nil
	}
	return h.p.Points(word)
}

// SetSender connects the controller to a transport (nil when there is none).
func (c *Controller) SetSender(s Sender) { c.send = s }

// Lang is the interface language.
func (c *Controller) Lang() cards.Lang { return c.M.Lang }

// t translates a key in the interface language.
func (c *Controller) t(key string) string { return i18n.T(c.M.Lang, key) }

// tf translates with arguments.
func (c *Controller) tf(key string, args ...any) string { return i18n.F(c.M.Lang, key, args...) }

// tn translates a counted text: n is its first argument, and the catalogue picks the form
// that agrees with it by the language's plural rule.
func (c *Controller) tn(key string, n int, args ...any) string {
	return i18n.F(c.M.Lang, key, append([]any{n}, args...)...)
}

// field returns the editing state of a text field, creating it empty.
func (c *Controller) field(id string, max int) *textedit.Buffer {
	f, ok := c.fields[id]
	if !ok {
		f = &textedit.Buffer{Max: max}
		c.fields[id] = f
	}
	return f
}

// text returns a field's text.
func (c *Controller) text(id string) string {
	if f, ok := c.fields[id]; ok {
		return f.Text()
	}
	return ""
}

// fieldState is what the layout needs to draw a field.
func (c *Controller) fieldState(id string, max int, placeholder string) layout.FieldState {
	f := c.field(id, max)
	s, e := f.Selection()
	st := layout.FieldState{Text: f.Text(), Caret: f.Caret(), SelStart: s, SelEnd: e, Placeholder: placeholder}
	if c.focus == id {
		st.Composition = c.comp
	}
	return st
}

// Handle takes a message from the transport.
func (c *Controller) Handle(msg client.Message, now int64) {
	ch := c.M.Handle(msg, now)
	if ch.Sync && c.send != nil {
		_ = c.send(protocol.Client{V: protocol.Version, T: protocol.TSync}) // offline: the next welcome brings a fresh view anyway
	}
	if msg.Server != nil && msg.Server.T == protocol.TWelcome {
		c.effects = append(c.effects, Remember{Room: c.M.Room})
	}
	if msg.Server != nil && msg.Server.T == protocol.TError && c.M.View == nil {
		switch msg.Server.Code {
		case protocol.ErrUnknownRoom, protocol.ErrBadRoom, protocol.ErrTooManyTries, game.RoomFull:
			// The room cannot be entered: back to the start, where the toast says why.
			c.effects = append(c.effects, Leave{})
		}
	}
	if ch.Closed && c.M.View == nil {
		c.effects = append(c.effects, Leave{})
	}
	for _, e := range ch.Events {
		c.noteEvent(e, now)
	}
	c.settle()
}

// noteEvent reacts to what happened in the room: animations, and closing local state
// that the change made stale.
func (c *Controller) noteEvent(e game.Event, now int64) {
	c.noteFacilitation(e, now)
	switch e.Type {
	case game.EvCardTurned, game.EvPhaseStarted:
		c.anim.flip(e.Card, now)
	case game.EvRevealed, game.EvVoted:
		if r := c.M.Round(); r != nil && r.Revealed {
			c.anim.reveal(r.Card, now)
		}
	}
}

// settle drops local state the latest view made impossible: a dialog about a card that is
// gone, a picked-up card no longer in the hand.
func (c *Controller) settle() {
	v := c.M.View
	if v == nil {
		return
	}
	if c.selected != "" && !c.M.InHand(c.selected) {
		c.selected = ""
	}
	if c.play != nil && !c.M.InHand(c.play.card) {
		c.play = nil
		c.blurIf("play-")
	}
	if c.detail != "" && c.M.Placed(c.detail) == nil {
		c.detail = ""
	}
	if c.actCard != "" && c.M.Placed(c.actCard) == nil {
		c.actCard = ""
	}
	if r := c.M.Round(); r != nil && r.Revealed && !c.timerSeen {
		c.anim.reveal(r.Card, c.now)
	}
}

func (c *Controller) blurIf(prefix string) {
	if strings.HasPrefix(c.focus, prefix) {
		c.focus = ""
	}
}

// Effect is something the host must do outside the controller: connect, copy, play a
// sound. The host drains them after each Update.
type Effect interface{ effect() }

// The effects.
type (
	// CreateRoom asks the relay for a new room and joins it as facilitator.
	CreateRoom struct {
		Name string
		Lang cards.Lang
	}
	// JoinRoom joins an existing room.
	JoinRoom struct {
		Code     string
		Name     string
		Lang     cards.Lang
		Observer bool
	}
	// StartSolo starts a practice room in-process.
	StartSolo struct {
		Name string
		Lang cards.Lang
	}
	// AddPracticePlayer seats a practice player in the solo room.
	AddPracticePlayer struct{ Lang cards.Lang }
	// Copy puts text on the clipboard.
	Copy struct{ Text string }
	// Sound plays a sound.
	Sound struct{ Name string }
	// Leave closes the transport and goes back to the start scene.
	Leave struct{}
	// Export asks for a report file (game/report's formats) in a language; the host gets
	// it from the relay, or makes it from the practice room, and saves it.
	Export struct {
		Format string
		Lang   cards.Lang
	}
	// DeleteRoom asks the relay to delete the room and all its data now.
	DeleteRoom struct{}
	// OpenGuide opens the facilitator's guide, a printable page, in a language.
	OpenGuide struct{ Lang cards.Lang }
	// PrintDeck asks for the room's deck as a printable PDF in a language, and saves it.
	PrintDeck struct{ Lang cards.Lang }
	// PickDeck asks the facilitator for a deck file (JSON or CSV) and loads it into the
	// room: the relay checks it and every player gets it; its problems, if any, are shown.
	PickDeck struct{}
	// Remember keeps the player's name and language for next time, and the room in the
	// page's address.
	Remember struct {
		Name string
		Lang cards.Lang
		Room string
	}
)

func (CreateRoom) effect()        {}
func (JoinRoom) effect()          {}
func (StartSolo) effect()         {}
func (AddPracticePlayer) effect() {}
func (Copy) effect()              {}
func (Sound) effect()             {}
func (Leave) effect()             {}
func (Remember) effect()          {}
func (Export) effect()            {}
func (DeleteRoom) effect()        {}
func (PickDeck) effect()          {}
func (OpenGuide) effect()         {}
func (PrintDeck) effect()         {}

// Effects returns and clears the effects of the last calls.
func (c *Controller) Effects() []Effect {
	e := c.effects
	c.effects = nil
	return e
}

// Connecting is called by the host when it starts a transport.
func (c *Controller) Connecting(mode model.Mode, room, joinURL string) {
	c.M.Mode, c.M.Room, c.M.JoinURL = mode, room, joinURL
	c.M.View = nil
	c.focus, c.scroll = "", 0
}

// Notify shows a toast the host has to say: an export saved, or why it failed.
func (c *Controller) Notify(key, detail string, isErr bool) {
	c.M.Note(key, detail, isErr, c.now)
}

// Why says why a call to the relay's HTTP API failed, in the interface's language where it
// can: the words for the relay's error code, or that the relay did not answer. Any other
// error (a file that could not be saved) is said as it is.
func (c *Controller) Why(err error) string {
	var ae *client.APIError
	switch {
	case errors.As(err, &ae) && i18n.Has("err."+ae.Code):
		return c.t("err." + ae.Code)
	case errors.Is(err, client.ErrNoAnswer):
		return c.t("err.no_answer")
	}
	return err.Error()
}

// ShowProblems opens a dialog listing what is wrong with a file (a deck's problems, each
// with its line and field, in the interface's language).
func (c *Controller) ShowProblems(file string, problems cards.Problems) {
	c.problems = &problemList{file: file, problems: problems}
	c.focus = "problems-close"
}

// Failed is called by the host when connecting failed before any transport ran.
func (c *Controller) Failed(key, detail string) {
	c.M.Reset()
	c.M.Note(key, detail, true, c.now)
}

// Reset goes back to the start scene.
func (c *Controller) Reset() {
	c.M.Reset()
	c.M.BigScreen = c.opts.BigScreen
	c.focus, c.scroll, c.selected, c.play, c.detail, c.drawer, c.confirm = "", 0, "", nil, "", false, nil
	c.exportOpen, c.exportLanguage, c.problems = false, "", nil
	c.promptsOpen = false
	c.send = nil
}

// Do sends a game command the host made (a deck loaded from a file), or shows why it
// cannot; it reports whether the command went out.
func (c *Controller) Do(cmd game.Command) bool { return c.sendCmd(cmd) }

// sendCmd sends a game command, or shows why it cannot.
func (c *Controller) sendCmd(cmd game.Command) bool {
	if c.send == nil {
		c.M.Note("toast.offline", "", true, c.now)
		return false
	}
	msg := c.M.Command(cmd)
	if err := c.send(msg); err != nil {
		c.M.Forget(msg)
		c.M.Note("toast.offline", "", true, c.now)
		return false
	}
	return true
}

// Frame is the latest frame; Draw paints it.
func (c *Controller) Frame() *layout.Frame { return &c.frame }

// Focus returns the focused widget and whether its ring should show.
func (c *Controller) Focus() (id string, ring bool) { return c.focus, c.focusByKey }

// Hover returns the widget under the mouse.
func (c *Controller) Hover() string { return c.hover }

// Pressed returns the widget held down.
func (c *Controller) Pressed() string { return c.ptr.Pressed() }

// Drag returns the card being dragged and where its top-left corner is, if any.
func (c *Controller) Drag() (id string, x, y float64, ok bool) {
	if c.dragID == "" {
		return "", 0, 0, false
	}
	return c.dragID, c.dragX - c.dragOff[0], c.dragY - c.dragOff[1], true
}

// FocusedField returns the id of the focused text field, if any, and where the IME
// window should appear.
func (c *Controller) FocusedField() (id string, x, y int, ok bool) {
	w := c.frame.Widget(c.focus)
	if w == nil || w.Kind != layout.TextField || !w.Enabled {
		return "", 0, 0, false
	}
	r := c.frame.Screen(w)
	return w.ID, int(r.X), int(r.MaxY()), true
}

// Muted reports whether sounds are off.
func (c *Controller) Muted() bool { return c.muted }

// metrics returns the layout unit and whether the screen is narrow (a phone).
func metrics(w, h, dpr float64, big bool) (u float64, compact bool) {
	cssW, cssH := w/dpr, h/dpr
	if cssW < 760 {
		return dpr, true
	}
	s := math.Min(cssW/1280, cssH/720)
	s = math.Max(0.8, math.Min(s, 2.2))
	if big {
		s *= 1.2
	}
	return dpr * s, false
}
