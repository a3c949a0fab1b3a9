package app

// action is what pressing a widget does, as a value: the scene that builds a widget puts
// its action in it (layout.Widget.Action, layout.ButtonOpts.Action), and activate runs it.
// The widget's id stays, stable, for focus, tests and assistive tools, but nothing parses it.
//
// A scene moves to this by giving each of its controls a small action type in its own
// file (dots.go: placeDot, takeDot) and dropping its act… function from activate; scenes
// still matched by id go on working beside it.
type action interface {
	run(c *Controller)
}
