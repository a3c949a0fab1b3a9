//go:build !js

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"impactkaarten/cards"
	"impactkaarten/cmd/impactkaarten/internal/cmdline"
	"impactkaarten/game/ui"
)

type config struct {
	ui            ui.Options
	width, height int
}

// options interprets the command line, which package cmdline has read before Ebiten
// started (it also answers -h).
func options() (config, error) {
	f := cmdline.Get()
	c := config{width: 1280, height: 720}
	if _, err := fmt.Sscanf(f.Size, "%dx%d", &c.width, &c.height); err != nil {
		return c, fmt.Errorf("-size %q: want WIDTHxHEIGHT: %w", f.Size, err)
	}
	l := cards.Lang(strings.ToLower(f.Lang))
	if l != "" && !l.Valid() {
		return c, fmt.Errorf("-lang %q: nl or en", f.Lang)
	}
	if f.Deck != "" {
		data, err := os.ReadFile(f.Deck)
		if err != nil {
			return c, fmt.Errorf("-deck: %w", err)
		}
		d, err := cards.Load(f.Deck, data)
		if err != nil {
			return c, fmt.Errorf("-deck %s: %w (check it with: go run ./cmd/deckcheck %s)", f.Deck, err, f.Deck)
		}
		c.ui.Deck = d
	}
	c.ui.Lang, c.ui.Name, c.ui.Room, c.ui.BigScreen, c.ui.Muted, c.ui.Solo = l, f.Name, f.Room, f.BigScreen, f.Mute, f.Solo
	c.ui.RelayURL = strings.TrimRight(f.Relay, "/")
	c.ui.JoinNow = f.Room != "" // docs/client.md: -room joins the room
	c.ui.Screenshot, c.ui.ScreenshotAfter = f.Screenshot, f.ShotAfter
	if f.Widgets != "" {
		path := f.Widgets
		c.ui.Dump = func(w, s []byte) {
			data, err := json.Marshal(map[string]json.RawMessage{"widgets": w, "state": s})
			if err != nil {
				return
			}
			// Write and rename, so a reader never sees half a file.
			tmp := filepath.Join(filepath.Dir(path), "."+filepath.Base(path)+".tmp")
			if os.WriteFile(tmp, data, 0o644) == nil {
				_ = os.Rename(tmp, path) // the next dump tries again
			}
		}
	}
	return c, nil
}
