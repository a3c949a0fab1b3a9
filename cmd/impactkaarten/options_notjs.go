//go:build !js

package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game/ui"
)

type config struct {
	ui            ui.Options
	width, height int
}

// options reads the command line.
func options() (config, error) {
	relay := flag.String("relay", "", "relay to play on, e.g. http://localhost:8080 (default: practise alone)")
	room := flag.String("room", "", "room code to join, e.g. K7P-2QX")
	name := flag.String("name", "", "display name")
	lang := flag.String("lang", "", "interface language: nl or en")
	widgets := flag.String("widgets", "", "write the widget list and state summary as JSON to this file every second (for tests)")
	solo := flag.Bool("solo", false, "start a practice session at once")
	big := flag.Bool("bigscreen", false, "read-only big-screen view for a meeting room (with -room)")
	screen := flag.Bool("screen", false, "the same as -bigscreen")
	mute := flag.Bool("mute", false, "start with sound off")
	size := flag.String("size", "1280x720", "window size")
	shot := flag.String("screenshot", "", "save a PNG of the window to this file after -shot-after, then quit")
	after := flag.Duration("shot-after", 2*time.Second, "when to take the -screenshot")
	deck := flag.String("deck", "", "a deck file (JSON, or CSV from a spreadsheet) for the rooms this app creates and for practice")
	flag.Parse()

	c := config{width: 1280, height: 720}
	if _, err := fmt.Sscanf(*size, "%dx%d", &c.width, &c.height); err != nil {
		return c, fmt.Errorf("-size %q: want WIDTHxHEIGHT: %w", *size, err)
	}
	l := cards.Lang(strings.ToLower(*lang))
	if l != "" && !l.Valid() {
		return c, fmt.Errorf("-lang %q: nl or en", *lang)
	}
	if *deck != "" {
		data, err := os.ReadFile(*deck)
		if err != nil {
			return c, fmt.Errorf("-deck: %w", err)
		}
		d, err := cards.Load(*deck, data)
		if err != nil {
			return c, fmt.Errorf("-deck %s: %w (check it with: go run ./cmd/deckcheck %s)", *deck, err, *deck)
		}
		c.ui.Deck = d
	}
	c.ui.Lang, c.ui.Name, c.ui.Room, c.ui.BigScreen, c.ui.Muted, c.ui.Solo = l, *name, *room, *big || *screen, *mute, *solo
	c.ui.RelayURL = strings.TrimRight(*relay, "/")
	c.ui.Screenshot, c.ui.ScreenshotAfter = *shot, *after
	if *widgets != "" {
		path := *widgets
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
