//go:build js

package ui

import (
	"context"
	"errors"
	"syscall/js"
	"time"

	"impactkaarten/cards"
	"impactkaarten/net/client"
)

// openGuide opens the facilitator's guide, which the relay serves, in a new tab.
func openGuide(base string, lang cards.Lang) error {
	if w := js.Global().Call("open", client.GuideURL(base, lang), "_blank"); w.IsNull() || w.IsUndefined() {
		return errors.New("the browser blocked the new tab; allow pop-ups for this page")
	}
	return nil
}

// printLocal gets the printable deck of a practice room from the relay that served this
// page: the PDF writer stays out of the WebAssembly module. The relay prints its built-in
// deck; a practice room with a deck of its own prints from the desktop app.
func printLocal(base string, deck *cards.Deck, lang cards.Lang) (*client.Download, error) {
	def, err := cards.Default()
	if err != nil {
		return nil, err
	}
	if deck.ID != def.ID || deck.Version != def.Version || len(deck.Cards) != len(def.Cards) {
		return nil, errors.New("a practice room's own deck is printed by the desktop app or in a session on the server")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	return client.FetchDeckPrint(ctx, base, "", "", lang)
}
