package ui

import (
	"encoding/json"
	"fmt"

	"impactkaarten/game/ui/input"
)

const inputKeyV = input.KeyV

// snapshot returns the widget list and the state summary as JSON. The caller holds mu.
func (g *Game) snapshot() (widgets, state []byte, err error) {
	widgets, err = json.Marshal(g.ctrl.Widgets())
	if err != nil {
		return nil, nil, fmt.Errorf("ui: widgets: %w", err)
	}
	state, err = json.Marshal(g.ctrl.State())
	if err != nil {
		return nil, nil, fmt.Errorf("ui: state: %w", err)
	}
	return widgets, state, nil
}

// Snapshot is snapshot for callers outside the game loop.
func (g *Game) Snapshot() (widgets, state []byte, err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.snapshot()
}
