package app

import (
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
)

// A scene is one screen of the client — the start, the lobby, each phase, each of the
// meeting-room screen's — and a modal is a dialog over it. Each has its own type and file,
// with its layout (build) and its input: the actions its widgets carry, and what Escape
// does (escape). The Controller picks the scene for the current phase and the dialog that
// is open, and delegates to them, as a scene manager does (Ebitengine's examples/blocks).
//
// Scenes are made afresh for every frame and hold only a pointer to the Controller,
// whose state (the model, the card picked up, the fields being edited) outlives any one
// of them; in their methods c reads as that controller.
type scene interface {
	// build lays the scene out in r, the page between the bars.
	build(b *layout.Builder, r layout.Rect)
}

// modal is a dialog over the scene; while one is open, nothing under it can be pressed.
type modal interface {
	// build lays the dialog out over the whole frame.
	build(b *layout.Builder)
	// escape closes the dialog as Escape does, and reports whether it did.
	escape() bool
}

// escaper is a scene with something of its own for Escape to cancel.
type escaper interface {
	escape() bool
}

// scene returns the scene for the current phase: the meeting-room screen has its own
// for most phases where it is wide enough to be read across a room.
func (c *Controller) scene(b *layout.Builder) scene {
	big := c.bigScreen(b)
	switch c.M.Scene() {
	case model.SceneStart:
		return startScene{c}
	case model.SceneConnecting:
		return connectingScene{c}
	case model.SceneLobby:
		if big {
			return screenLobbyScene{c}
		}
		return lobbyScene{c}
	case model.SceneStatements:
		if big {
			return screenStatementsScene{c}
		}
		return statementsScene{c}
	case model.SceneCanvas, model.SceneFree:
		return canvasScene{c}
	case model.SceneDots:
		if big {
			return screenDotsScene{c}
		}
		return dotsScene{c}
	case model.SceneActions:
		if big {
			return screenActionsScene{c}
		}
		return actionsScene{c}
	case model.SceneReport:
		if big {
			return screenReportScene{c}
		}
		return reportScene{c}
	case model.SceneOpening, model.SceneClosing:
		return roundScene{c}
	}
	return nil
}

// modal returns the dialog that is open, innermost first, or nil.
func (c *Controller) modal() modal {
	switch {
	case c.problems != nil:
		return problemsDialog{c}
	case c.duePickerOpen():
		return dueDialog{c}
	case c.confirm != nil:
		return confirmDialog{c}
	case c.facMenu:
		return facMenuDialog{c}
	}
	if sp := c.spot(); sp != nil {
		return spotlightDialog{c, sp}
	}
	switch {
	case c.play != nil:
		return playDialog{c}
	case c.detail != "":
		return detailDialog{c}
	case c.exportOpen:
		return exportDialog{c}
	case c.promptsOpen:
		return promptsDialog{c}
	case c.drawer:
		return drawerDialog{c}
	}
	return nil
}
