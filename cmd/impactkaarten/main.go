// Command impactkaarten is the Impactkaarten client: on the desktop (-relay to join rooms
// on a relay; without it, practice alone) and, built with GOOS=js GOARCH=wasm, in the
// browser, where the page it is served from is its relay. Everything but reading the
// options and opening the window lives in package ui.
package main

import (
	"errors"
	"log"

	"github.com/hajimehoshi/ebiten/v2"

	"impactkaarten/game/ui"
)

func main() {
	cfg, err := options()
	if err != nil {
		log.Fatal(err)
	}
	g, err := ui.New(cfg.ui)
	if err != nil {
		log.Fatal(err)
	}
	defer g.Close()
	ebiten.SetWindowTitle("Impactkaarten")
	ebiten.SetWindowSize(cfg.width, cfg.height)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	// Network messages must keep flowing when the window is in the background.
	ebiten.SetRunnableOnUnfocused(true)
	g.Publish()
	if err := ebiten.RunGame(g); err != nil && !errors.Is(err, ui.ErrQuit) {
		log.Fatal(err)
	}
}
