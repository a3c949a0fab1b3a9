//go:build !js

package ui

// pressCatcher is a browser's: a desktop window delivers every press to Ebiten.
type pressCatcher struct{}

type pressEvent struct {
	down  bool
	x, y  float64
	touch bool
}

func newPressCatcher() *pressCatcher       { return &pressCatcher{} }
func (p *pressCatcher) take() []pressEvent { return nil }
