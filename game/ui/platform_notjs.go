//go:build !js

package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"

	"golang.design/x/clipboard"

	"impactkaarten/cards"
)

// The desktop has no page address; the room is given by flag.
func setPageRoom(string) {}

// clip is the system clipboard, set up on first use; on a machine without one (no X
// server) copy and paste quietly do nothing.
type clip struct {
	once sync.Once
	ok   bool
}

func (c *clip) init() bool {
	c.once.Do(func() { c.ok = clipboard.Init() == nil })
	return c.ok
}

func (c *clip) write(s string) {
	if c.init() {
		clipboard.Write(clipboard.FmtText, []byte(s))
	}
}

func (c *clip) read() string {
	if c.init() {
		return string(clipboard.Read(clipboard.FmtText))
	}
	return ""
}

// prefsFile keeps the player's name and language between runs.
func prefsFile() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "impactkaarten", "prefs.json")
}

type prefs struct {
	Name string     `json:"name"`
	Lang cards.Lang `json:"lang"`
}

func loadPrefs() (string, cards.Lang, bool) {
	p := prefsFile()
	if p == "" {
		return "", "", false
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return "", "", false
	}
	var pr prefs
	if json.Unmarshal(data, &pr) != nil {
		return "", "", false
	}
	return pr.Name, pr.Lang, true
}

func savePrefs(name string, lang cards.Lang) {
	p := prefsFile()
	if p == "" {
		return
	}
	data, err := json.Marshal(prefs{Name: name, Lang: lang})
	if err != nil {
		return
	}
	// Preferences are a convenience: failing to keep them changes nothing else.
	if os.MkdirAll(filepath.Dir(p), 0o700) == nil {
		_ = os.WriteFile(p, data, 0o600)
	}
}

type noRescue struct{}

func (noRescue) take() string { return "" }

func (noRescue) activate(bool) {}

func (noRescue) holding() bool { return false }

func newRescuer() rescuer { return noRescue{} }

// Publish is a no-op on the desktop: the widget list goes to a file (Options.Dump).
func (g *Game) Publish() {}

// ready has nothing to tell on the desktop.
func ready() {}

// framesOnRequest is false: the desktop window keeps its loop at the display's rate. GLFW
// wakes a waiting loop with an empty event, and under Xvfb the frame asked for that way
// after the first one never came (the client painted once and stopped), so the desktop
// client does not rely on it; it still paints only frames that changed.
const framesOnRequest = false

// wakeOnPageEvents is a browser's: the desktop's loop runs at the display's rate anyway.
func wakeOnPageEvents(func()) {}
