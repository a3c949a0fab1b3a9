//go:build js && wasm

package main

import (
	"strings"
	"syscall/js"

	"impactkaarten/cards"
	"impactkaarten/game/ui"
)

type config struct {
	ui            ui.Options
	width, height int
}

// options reads the page: its origin is the relay, ?room= the room of a join link,
// ?lang= the language (else the browser's), ?screen=1 the big-screen view, ?solo=1 a
// practice session.
func options() (config, error) {
	c := config{width: 1280, height: 720}
	loc := js.Global().Get("location")
	c.ui.RelayURL = loc.Get("origin").String()
	params := js.Global().Get("URL").New(loc.Get("href")).Get("searchParams")
	get := func(k string) string {
		v := params.Call("get", k)
		if v.Type() != js.TypeString {
			return ""
		}
		return v.String()
	}
	c.ui.Room = get("room")
	switch l := cards.Lang(strings.ToLower(get("lang"))); {
	case l.Valid():
		c.ui.Lang = l
	default:
		if nav := js.Global().Get("navigator").Get("language"); nav.Type() == js.TypeString && strings.HasPrefix(nav.String(), "en") {
			c.ui.Lang = cards.EN
		}
	}
	c.ui.BigScreen = get("screen") == "1"
	c.ui.Solo = get("solo") == "1"
	c.ui.Name = get("name")
	return c, nil
}
