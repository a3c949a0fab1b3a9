package ui

import (
	"sync"
	"time"

	"impactkaarten/game/ui/layout"
	"impactkaarten/net/client"
)

// In the browser the client runs Update and Draw only when it asks for a frame (ebiten's
// FPSModeVsyncOffMinimum; input events ask for one of their own), through g.frames (the
// desktop's loop runs at the display's rate: see framesOnRequest). It asks
// when something happens that a frame must show: a network message (watch), the result of
// work done off the loop (post), the page's input and text events (platform_js.go), a
// screenshot saved. After each frame, plan asks for the next one the picture needs.

// post hands f, work finished off the game loop, to the next Update.
func (g *Game) post(f func()) {
	g.results <- f
	g.frames.Wake()
}

// plan asks for the frame after the one just drawn (painted: it changed the picture): at
// once while anything moves or input is held, else at the first moment the picture changes
// by itself (layout.RepaintGate.Next, app.Controller.Due), the next widget dump or the
// screenshot's time.
func (g *Game) plan(f *layout.Frame, painted bool) {
	next, moving := g.ctrl.Due()
	if painted || moving || g.held || g.shot != nil {
		// A frame that changed may start a movement the controller does not know of (a
		// card turning over): the frame after it says whether the picture has come to rest.
		g.frames.Continue()
		return
	}
	now := g.ctrl.Now()
	due := g.redraw.Next(f, now)
	if next > 0 {
		due = min(due, next)
	}
	if g.opts.Dump != nil {
		due = min(due, g.lastDump.Add(time.Second).UnixMilli())
	}
	if g.opts.Screenshot != "" {
		due = min(due, g.started.Add(g.opts.ScreenshotAfter).UnixMilli())
	}
	if due <= now {
		g.frames.Continue()
		return
	}
	g.frames.At(time.UnixMilli(due))
}

// wakingTransport is a transport whose messages wake the game loop: it forwards them from
// the transport's channel to its own, asking for a frame for each.
type wakingTransport struct {
	client.Transport
	in   chan client.Message
	done chan struct{}
	once sync.Once
}

// watch returns tr with messages that wake the loop.
func (g *Game) watch(tr client.Transport) client.Transport {
	w := &wakingTransport{Transport: tr, in: make(chan client.Message, 64), done: make(chan struct{})}
	wake := g.frames.Wake
	go func() {
		for m := range tr.Incoming() {
			select {
			case w.in <- m:
				wake()
			case <-w.done:
				close(w.in)
				return
			}
		}
		close(w.in) // as the transport's own: the link is gone for good, which a frame shows
		wake()
	}()
	return w
}

func (w *wakingTransport) Incoming() <-chan client.Message { return w.in }

func (w *wakingTransport) Close() error {
	w.once.Do(func() { close(w.done) })
	return w.Transport.Close()
}
