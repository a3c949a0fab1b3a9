package app

import (
	"impactkaarten/game"
)

// The canvas round for large groups, where everyone plays at once: the lobby's choice, and
// what the canvas says while it runs. Whether a card may be played is the engine's answer
// (PlayerView.CardsLeft); the timer running out is shown here as the engine will judge it.

// togetherMax is the most cards each player may place in a round together.
const togetherMax = game.MaxHand

// togetherStepper is the lobby's choice of how the canvas is played: turn by turn (0), or
// together with n cards each.
func (c lobbyScene) togetherStepper(st game.Settings) stepper {
	value := 0
	if st.CanvasTogether {
		value = st.CanvasCards
		if value == 0 {
			value = game.DefaultCanvasCards
		}
	}
	return stepper{id: "lobby-together", key: "lobby.together", value: value, min: 0, max: togetherMax, step: 1,
		show: func(v int) string {
			if v == 0 {
				return c.t("lobby.together.off")
			}
			return c.tf("lobby.together.n", v)
		},
		apply: func(s *game.Settings, v int) {
			s.CanvasTogether = v > 0
			if v > 0 {
				s.CanvasCards = v
			}
		}}
}

// togetherTimeUp reports whether the timer of a round together has run out, as the engine
// decides it at the host's time.
func (c *Controller) togetherTimeUp() bool {
	return c.M.View != nil && c.M.View.Timer.TimeUp(c.now+c.M.Skew)
}

// togetherLine is the canvas heading while everyone plays at once.
func (c canvasScene) togetherLine() string {
	n := c.M.View.CardsLeft()
	switch {
	case c.togetherTimeUp():
		return c.t("cv.together.timeup")
	case n > 0:
		return c.tn("cv.together.left", n)
	case n == 0:
		return c.t("cv.together.done")
	}
	return c.t("cv.together")
}
