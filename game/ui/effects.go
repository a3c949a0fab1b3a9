package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/report"
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
		case app.Export:
			g.export(e.Format, e.Lang)
		case app.DeleteRoom:
			g.deleteRoom()
		case app.OpenGuide:
			if err := openGuide(g.opts.RelayURL, e.Lang); err != nil {
				g.ctrl.Notify("toast.exportfailed", err.Error(), true)
			}
		case app.PrintDeck:
			g.printDeck(e.Lang)
		case app.PickDeck:
			pickFile(".json,.csv", func(name string, data []byte, err error) {
				g.post(func() { g.deckFile(name, data, err) })
			})
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
	base, deck := g.opts.RelayURL, g.opts.Deck
	g.ctrl.Connecting(model.ModeRelay, "", "")
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		room, err := client.CreateRoom(ctx, base, deck)
		g.post(func() {
			if err != nil {
				g.ctrl.Failed("toast.createfailed", g.ctrl.Why(err))
				return
			}
			code, ok := normalize(room.Code)
			if !ok {
				g.ctrl.Failed("toast.createfailed", room.Code)
				return
			}
			g.facRoom, g.facToken = code, room.FacilitatorToken
			g.join(code, name, lang, false, room.FacilitatorToken)
		})
	}()
}

// apiToken is what speaks for this client at the relay's facilitator endpoints: the room's
// facilitator token when this client created the room, else its own seat token (the relay
// accepts the seat token of whoever is facilitator now).
func (g *Game) apiToken(code string) string {
	if g.facRoom == code && g.facToken != "" {
		return g.facToken
	}
	t, _ := g.tokens.Load(code)
	return t
}

// export gets a report file and saves it: from the relay, or, in a practice room, made
// here from the room's state exactly as the relay would make it.
func (g *Game) export(format string, lang cards.Lang) {
	if g.solo != nil {
		st := g.solo.State()
		go func() {
			d, err := soloReport(st, format, lang, time.Now())
			g.post(func() { g.saved(d, err) })
		}()
		return
	}
	code := g.ctrl.M.Room
	base, token := g.opts.RelayURL, g.apiToken(code)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		d, err := client.FetchReport(ctx, base, code, token, format, string(lang))
		g.post(func() { g.saved(d, err) })
	}()
}

// printDeck gets the room's deck as a printable PDF and saves it: from the relay, or, in a
// practice room, made here (the browser asks the relay for the built-in deck).
func (g *Game) printDeck(lang cards.Lang) {
	if g.solo != nil {
		deck := g.solo.State().Deck
		base := g.opts.RelayURL
		go func() {
			d, err := printLocal(base, deck, lang)
			g.post(func() { g.saved(d, err) })
		}()
		return
	}
	code := g.ctrl.M.Room
	base, token := g.opts.RelayURL, g.apiToken(code)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		d, err := client.FetchDeckPrint(ctx, base, code, token, lang)
		g.post(func() { g.saved(d, err) })
	}()
}

// soloReport renders a practice room's report.
func soloReport(st *game.State, format string, lang cards.Lang, now time.Time) (*client.Download, error) {
	rep, err := report.Build(st, report.Info{Generated: now}, lang)
	if err != nil {
		return nil, err
	}
	data, ctype, name, err := report.Render(rep, format)
	if err != nil {
		return nil, err
	}
	return &client.Download{Name: name, Type: ctype, Data: data}, nil
}

// saved hands a downloaded report to the platform (a browser download, a file in the
// downloads folder) and says where it went.
func (g *Game) saved(d *client.Download, err error) {
	if err == nil {
		var where string
		if where, err = saveFile(d.Name, d.Type, d.Data); err == nil {
			g.ctrl.Notify("toast.exported", where, false)
			return
		}
	}
	g.ctrl.Notify("toast.exportfailed", g.ctrl.Why(err), true)
}

// deleteRoom asks the relay to delete the room now; the relay then closes every
// connection with "deleted", and this client goes back to the start.
func (g *Game) deleteRoom() {
	if g.solo != nil {
		g.leave()
		return
	}
	code := g.ctrl.M.Room
	base, token := g.opts.RelayURL, g.apiToken(code)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		err := client.DeleteRoom(ctx, base, code, token)
		g.post(func() {
			if err != nil {
				g.ctrl.Notify("toast.deletefailed", g.ctrl.Why(err), true)
				return
			}
			_ = g.tokens.Delete(code) // the seat is gone with the room
			g.leave()
			g.ctrl.Notify("toast.deleted", "", false)
		})
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
		Room: code, Name: name, Lang: lang, Observer: observer, Screen: observer, FacilitatorToken: facToken}})
	if err != nil {
		g.ctrl.Failed("toast.connectfailed", err.Error())
		return
	}
	g.tr = g.watch(conn)
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
	g.tr, g.solo, g.bots = g.watch(s), s, 0
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

// deckFile loads a deck the facilitator picked into the room. The file is checked here
// first, so its problems show at once, each with its line and field; the relay checks it
// again and gives it to every player.
func (g *Game) deckFile(name string, data []byte, err error) {
	if err != nil {
		g.ctrl.Notify("toast.deckfailed", err.Error(), true)
		return
	}
	base := name[strings.LastIndexAny(name, `/\`)+1:]
	deck, err := cards.Load(base, data)
	if err != nil {
		var ps cards.Problems
		if errors.As(err, &ps) {
			g.ctrl.ShowProblems(base, ps)
			return
		}
		g.ctrl.Notify("toast.deckfailed", err.Error(), true)
		return
	}
	title := fmt.Sprintf("%s (%d)", deck.Name.In(g.ctrl.Lang()), len(deck.Cards))
	if g.solo != nil {
		if g.ctrl.Do(game.Command{Type: game.CmdDeck, Args: game.Args{Deck: deck}}) {
			g.ctrl.Notify("toast.deckloaded", title, false)
		}
		return
	}
	code := g.ctrl.M.Room
	url, token, lang := g.opts.RelayURL, g.apiToken(code), g.ctrl.Lang()
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		err := client.UploadDeck(ctx, url, code, token, base, lang, data)
		g.post(func() {
			// The relay checks the deck again: a relay of another version may find what
			// this client did not. Its problems come in the language asked for.
			if ae := (*client.APIError)(nil); errors.As(err, &ae) && len(ae.Problems) > 0 {
				ps := make(cards.Problems, len(ae.Problems))
				for i, line := range ae.Problems {
					ps[i] = cards.Problem{Message: cards.Text{NL: line, EN: line}}
				}
				g.ctrl.ShowProblems(base, ps)
				return
			}
			if err != nil {
				g.ctrl.Notify("toast.deckfailed", g.ctrl.Why(err), true)
				return
			}
			g.ctrl.Notify("toast.deckloaded", title, false)
		})
	}()
}
