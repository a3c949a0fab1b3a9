package ui

import (
	"context"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game/ui/app"
	"impactkaarten/game/ui/model"
	"impactkaarten/net/client"
	"impactkaarten/net/protocol"
)

func normalize(code string) (string, bool) { return protocol.NormalizeCode(code) }

// effects carries out what the controller asked for in this Update.
func (g *Game) effects() {
	for _, e := range g.ctrl.Effects() {
		switch e := e.(type) {
		case app.CreateRoom:
			g.createRoom(e.Name, e.Lang)
		case app.JoinRoom:
			g.join(e.Code, e.Name, e.Lang, e.Observer, "")
		case app.StartSolo:
			g.startSolo(e.Name, e.Lang)
		case app.AddPracticePlayer:
			if g.solo != nil {
				g.bots++
				if _, err := g.solo.AddPracticePlayer(client.PracticeName(e.Lang, g.bots+1), e.Lang); err != nil {
					g.ctrl.Failed("toast.nosolo", err.Error())
				}
			}
		case app.Copy:
			g.clip.write(e.Text)
		case app.Sound:
			g.sound.play(e.Name)
		case app.Leave:
			g.leave()
		case app.Remember:
			if e.Name != "" || e.Lang != "" {
				savePrefs(e.Name, e.Lang)
			}
			if e.Room != "" && g.solo == nil {
				setPageRoom(e.Room)
			}
		}
	}
}

// createRoom asks the relay for a room off the game loop and joins it as facilitator
// when the answer comes.
func (g *Game) createRoom(name string, lang cards.Lang) {
	base := g.opts.RelayURL
	g.ctrl.Connecting(model.ModeRelay, "", "")
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		room, err := client.CreateRoom(ctx, base)
		g.results <- func() {
			if err != nil {
				g.ctrl.Failed("toast.createfailed", err.Error())
				return
			}
			code, ok := normalize(room.Code)
			if !ok {
				g.ctrl.Failed("toast.createfailed", room.Code)
				return
			}
			g.join(code, name, lang, false, room.FacilitatorToken)
		}
	}()
}

// join connects to a room on the relay.
func (g *Game) join(code, name string, lang cards.Lang, observer bool, facToken string) {
	g.stop()
	ws, err := client.WebSocketURL(g.opts.RelayURL)
	if err != nil {
		g.ctrl.Failed("toast.connectfailed", err.Error())
		return
	}
	conn, err := client.Dial(client.Config{URL: ws, Tokens: g.tokens, Join: protocol.Client{
		Room: code, Name: name, Lang: lang, Observer: observer, FacilitatorToken: facToken}})
	if err != nil {
		g.ctrl.Failed("toast.connectfailed", err.Error())
		return
	}
	g.tr = conn
	g.ctrl.Connecting(model.ModeRelay, code, client.JoinURL(g.opts.RelayURL, code))
	g.ctrl.SetSender(conn.Send)
	setPageRoom(code)
}

// startSolo starts a practice room in-process.
func (g *Game) startSolo(name string, lang cards.Lang) {
	g.stop()
	s, err := client.NewSolo(client.SoloConfig{Deck: g.opts.Deck})
	if err != nil {
		g.ctrl.Failed("toast.nosolo", err.Error())
		return
	}
	if name == "" {
		name = "Facilitator"
	}
	g.tr, g.solo, g.bots = s, s, 0
	g.ctrl.Connecting(model.ModeSolo, client.SoloRoom, "")
	g.ctrl.SetSender(s.Send)
	_ = s.Send(protocol.Client{T: protocol.TJoin, Name: name, Lang: lang}) // a solo host cannot fail to take a message
}

// stop closes the current transport, off the game loop: Close waits for its goroutines.
func (g *Game) stop() {
	if g.tr != nil {
		tr := g.tr
		go func() { _ = tr.Close() }() // a transport being dropped has nothing left to report
	}
	g.tr, g.solo = nil, nil
}

// leave goes back to the start scene.
func (g *Game) leave() {
	g.stop()
	g.ctrl.Reset()
	setPageRoom("")
}
