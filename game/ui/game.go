// Package ui is the Ebiten face of the client: it reads input and network messages in
// Update, hands them to the controller (package app, where all the logic lives), carries
// out what the controller asks (connect, copy, sound), and paints the controller's frame in
// Draw. Draw only reads.
package ui

import (
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"impactkaarten/cards"
	"impactkaarten/game/ui/app"
	"impactkaarten/game/ui/frames"
	"impactkaarten/game/ui/layout"
	"impactkaarten/net/client"
)

// Options configure the client.
type Options struct {
	app.Options
	// RelayURL is the relay's base address (http://host:port); empty means no relay: the
	// client can only practise alone.
	RelayURL string
	// Deck is the deck for practice sessions; nil means the default deck.
	Deck *cards.Deck
	// Dump, when set, is called about once a second with the widget list and the state
	// summary as JSON (the desktop's -widgets flag).
	Dump func(widgets, state []byte)
	// Solo starts a practice session at once.
	Solo bool
	// JoinNow joins Room at once (the desktop's -room), under Name or, without one, the
	// name saved last time; with neither, the start scene asks for a name first. Without
	// it, Room only fills in the start scene (a join link: the player picks a name), unless
	// this client already holds a seat in the room.
	JoinNow bool
	// Screenshot, when set, is a PNG file the window is saved to ScreenshotAfter after the
	// start; then the program ends (for tests and documentation).
	Screenshot      string
	ScreenshotAfter time.Duration
}

// Game implements ebiten.Game.
type Game struct {
	opts   Options
	ctrl   *app.Controller
	fonts  *fonts
	render *renderer
	text   textIn
	sound  sound
	clip   clip

	// mu guards the controller against readers outside the game loop (the browser's
	// window.impactkaarten, which JavaScript may call at any time).
	mu sync.Mutex

	tr      client.Transport
	solo    *client.Solo
	bots    int
	results chan func()
	tokens  client.TokenStore
	// facRoom and facToken are the room this client created and its facilitator token.
	facRoom, facToken string

	w, h, dpr float64
	// press catches presses too short for a frame (a browser's); caughtUp is the release
	// of one reported down on the last tick, wasDown whether the last tick's pointer was.
	press     *pressCatcher
	caughtUp  *pressEvent
	wasDown   bool
	touches   []ebiten.TouchID
	touching  bool
	lastTouch [2]float64
	ticks     int
	lastDump  time.Time
	started   time.Time
	shot      chan error
	err       error
	// redraw skips painting frames that look like the one on the screen; painted counts
	// the frames painted.
	redraw  layout.RepaintGate
	drawKey []byte
	painted int
	// frames asks for the frames the client runs (see wake.go); held is whether the last
	// Update saw input still going on (a button or key down, a press or text on its way),
	// which the next frames must follow.
	frames *frames.Scheduler
	held   bool
}

// New returns the client on its start scene (or straight in a room: see Options).
func New(opts Options) (*Game, error) {
	f, err := loadFonts()
	if err != nil {
		return nil, err
	}
	g := &Game{opts: opts, fonts: f, render: newRenderer(f), results: make(chan func(), 16), dpr: 1, started: time.Now()}
	// Draw paints only frames that changed (layout.RepaintGate): the screen keeps the last one.
	ebiten.SetScreenClearedEveryFrame(false)
	// In the browser the loop runs only when the client asks for a frame (g.frames) or
	// input arrives: a still table then costs a phone or a laptop nothing, where a loop at
	// the display's rate keeps its processor, and the browser's GPU process presenting each
	// frame, busy. Ebiten v2.8 marks the mode deprecated in favour of the screen not
	// cleared every frame, which saves the painting but not the loop.
	if framesOnRequest {
		ebiten.SetFPSMode(ebiten.FPSModeVsyncOffMinimum) //lint:ignore SA1019 see above: nothing else stops the loop
		// One Update a frame, whenever it comes: counted at 60 a second, a frame after a
		// pause would run none (Ebiten resyncs its clock instead), and the event it was
		// asked for would wait.
		ebiten.SetTPS(ebiten.SyncWithFPS)
	}
	g.frames = frames.New(ebiten.ScheduleFrame, 0) //lint:ignore SA1019 the same mode's call
	// A first frame comes by itself; should the host not draw it (a page without a size
	// yet), this one follows.
	g.frames.At(g.started.Add(layout.RepaintEvery * time.Millisecond))
	g.text.rescue = newRescuer()
	g.press = newPressCatcher()
	wakeOnPageEvents(g.frames.Wake)
	if name, lang, ok := loadPrefs(); ok {
		if g.opts.Name == "" {
			g.opts.Name = name
		}
		if g.opts.Lang == "" {
			g.opts.Lang = lang
		}
	}
	g.opts.Relay = opts.RelayURL != ""
	g.ctrl = app.New(g.opts.Options, f)
	g.tokens, err = client.DefaultTokens()
	if err != nil {
		g.tokens = client.NewMemoryTokens() // seats then last as long as the program
	}
	g.autostart()
	return g, nil
}

// autostart joins at once when the start scene has nothing to ask: a practice session
// was asked for, a reload of a page whose seat we hold, a big screen for a given room, or
// the desktop's -room with a name.
func (g *Game) autostart() {
	o := g.opts
	switch {
	case o.Solo:
		g.startSolo(o.Name, g.ctrl.Lang())
	case o.Room != "" && o.RelayURL != "":
		code, ok := normalize(o.Room)
		if !ok {
			return
		}
		if _, ok := g.tokens.Load(code); ok || o.BigScreen || (o.JoinNow && o.Name != "") {
			// A screen joins without a name: it is no participant, nobody sees it listed.
			g.join(code, o.Name, g.ctrl.Lang(), o.BigScreen, "")
		}
	}
}

// Update reads the network and the input, advances the controller and carries out its
// effects. It never blocks.
func (g *Game) Update() error {
	if g.err != nil {
		return g.err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.ticks == 1 {
		ready() // the first frame is on screen: the page can drop its loading screen
	}
	if g.shot != nil {
		select {
		case err := <-g.shot:
			if err != nil {
				return err
			}
			return ErrQuit
		default:
		}
	}
	now := time.Now().UnixMilli()
	for {
		select {
		case f := <-g.results:
			f()
			continue
		default:
		}
		break
	}
	g.drain(now)

	in := g.readInput()
	g.held = in.Down || g.keyHeld() || g.caughtUp != nil || g.text.rescue.holding()
	if id, x, y, ok := g.ctrl.FocusedField(); ok {
		typed, comp, err := g.text.update(id, x, y)
		if err != nil {
			return fmt.Errorf("ui: text input: %w", err)
		}
		in.Text, in.Composition = typed, comp
		g.held = g.held || typed != "" || comp != ""
		if in.Ctrl && in.Has(inputKeyV) {
			in.Paste = g.clip.read()
		}
	} else {
		_, _, _ = g.text.update("", 0, 0)
	}
	g.ctrl.Update(&in, g.w, g.h, g.dpr, now)
	g.effects()
	g.ticks++
	// Whatever the frame's Draw plans, a frame comes within RepaintEvery: should the host
	// skip a Draw, the client is not left waiting for a frame nobody asked for.
	g.frames.At(time.UnixMilli(now + layout.RepaintEvery))
	if g.opts.Dump != nil && time.Since(g.lastDump) >= time.Second {
		g.lastDump = time.Now()
		if w, s, err := g.snapshot(); err == nil {
			g.opts.Dump(w, s)
		}
	}
	return nil
}

// drain hands every waiting transport message to the controller.
func (g *Game) drain(now int64) {
	if g.tr == nil {
		return
	}
	for {
		select {
		case m, ok := <-g.tr.Incoming():
			if !ok {
				g.tr = nil
				return
			}
			g.ctrl.Handle(m, now)
		default:
			return
		}
	}
}

// Draw paints the controller's latest frame when it differs from the picture on the
// screen (see layout.RepaintGate).
func (g *Game) Draw(screen *ebiten.Image) {
	f, st := frameOf(g.ctrl)
	b := screen.Bounds()
	g.drawKey = appendDrawState(g.drawKey[:0], st)
	painted := false
	if g.redraw.Due(f, g.drawKey, st.now, b.Dx(), b.Dy()) {
		screen.Clear()
		g.render.draw(screen, f, st)
		g.painted++
		painted = true
	}
	g.maybeShoot(screen)
	g.plan(f, painted)
}

// LayoutF renders at the screen's full pixel density, so text stays sharp on a phone.
func (g *Game) LayoutF(outsideWidth, outsideHeight float64) (float64, float64) {
	dpr := 1.0
	if m := ebiten.Monitor(); m != nil {
		dpr = m.DeviceScaleFactor()
	}
	if dpr <= 0 {
		dpr = 1
	}
	g.dpr = dpr
	if w, h := outsideWidth*dpr, outsideHeight*dpr; w != g.w || h != g.h {
		g.w, g.h = w, h
		g.frames.Wake() // a new size: the next frame lays the scene out for it
	}
	return g.w, g.h
}

// Layout is required by ebiten.Game; LayoutF is used instead.
func (g *Game) Layout(w, h int) (int, int) { return w, h }

// Close ends the session's transport.
func (g *Game) Close() error {
	if g.tr != nil {
		return g.tr.Close()
	}
	return nil
}

// ErrQuit is returned by Update when the program should end.
var ErrQuit = errors.New("ui: quit")
