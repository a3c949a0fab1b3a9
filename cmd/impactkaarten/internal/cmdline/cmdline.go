//go:build !js

// Package cmdline reads the desktop client's command line, while the program initialises.
//
// It must come first: Ebiten opens the display while its packages initialise, before main
// runs, and panics when there is none. So `impactkaarten -h` would panic on a machine
// without a display instead of listing the flags, and so would a mistyped flag. Go
// initialises a package once everything it imports is initialised; this one imports only
// a few standard packages, ready long before Ebiten's, so its init runs first (the order is
// checked by game/ui/e2e's TestDesktopFlagsWithoutDisplay, which runs the built client with
// no display).
//
// The package has no tests of its own: its init reads the command line of whatever program
// links it, and a test binary's flags are not the client's.
package cmdline

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"
)

// Values are the flags as given.
type Values struct {
	Relay, Room, Name, Lang string
	Widgets                 string
	Solo, BigScreen, Mute   bool
	Size                    string
	Screenshot              string
	ShotAfter               time.Duration
	Deck                    string
}

// parsed is set once, by init, before any other code of the program runs; read only after.
var parsed Values

func init() {
	v, err := parse(os.Args[1:])
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(0) // the usage is printed
	case err != nil:
		os.Exit(2) // the error and the usage are printed
	}
	if needsX11() && os.Getenv("DISPLAY") == "" {
		fmt.Fprintln(os.Stderr, "impactkaarten: no display (DISPLAY is not set): the desktop client needs X11 to open its window; -h lists its flags")
		os.Exit(1)
	}
	parsed = v
}

// Get returns the command line's flags.
func Get() Values { return parsed }

func parse(args []string) (Values, error) {
	var v Values
	fs := flag.NewFlagSet("impactkaarten", flag.ContinueOnError)
	fs.SetOutput(os.Stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: impactkaarten [flags]\n\nThe Impactkaarten desktop client: joins rooms on a relay (-relay), or practises alone without one.\n\nFlags:")
		fs.PrintDefaults()
	}
	fs.StringVar(&v.Relay, "relay", "", "relay to play on, e.g. http://localhost:8080 (default: practise alone)")
	fs.StringVar(&v.Room, "room", "", "room code to join at once, e.g. K7P-2QX (with -relay; under -name, or the name used last time)")
	fs.StringVar(&v.Name, "name", "", "display name")
	fs.StringVar(&v.Lang, "lang", "", "interface language: nl or en")
	fs.StringVar(&v.Widgets, "widgets", "", "write the widget list and state summary as JSON to this file every second (for tests)")
	fs.BoolVar(&v.Solo, "solo", false, "start a practice session at once")
	fs.BoolVar(&v.BigScreen, "bigscreen", false, "read-only big-screen view for a meeting room (with -room)")
	fs.BoolVar(&v.BigScreen, "screen", false, "the same as -bigscreen")
	fs.BoolVar(&v.Mute, "mute", false, "start with sound off")
	fs.StringVar(&v.Size, "size", "1280x720", "window size")
	fs.StringVar(&v.Screenshot, "screenshot", "", "save a PNG of the window to this file after -shot-after, then quit")
	fs.DurationVar(&v.ShotAfter, "shot-after", 2*time.Second, "when to take the -screenshot")
	fs.StringVar(&v.Deck, "deck", "", "a deck file (JSON, or CSV from a spreadsheet) for the rooms this app creates and for practice")
	if err := fs.Parse(args); err != nil {
		return v, err
	}
	if fs.NArg() > 0 {
		err := fmt.Errorf("unexpected argument %q: every option is a flag", fs.Arg(0))
		fmt.Fprintln(fs.Output(), err)
		fs.Usage()
		return v, err
	}
	return v, nil
}

// needsX11 reports whether Ebiten opens its window through X11 on this system (Linux and
// the BSDs); on Windows and macOS there is always a display.
func needsX11() bool {
	switch runtime.GOOS {
	case "linux", "freebsd", "netbsd", "openbsd", "dragonfly":
		return true
	}
	return false
}
