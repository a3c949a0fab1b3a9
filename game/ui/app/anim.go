package app

import (
	"impactkaarten/game/ui/layout"
)

// moveMillis is how long a card takes to slide to its new place.
const moveMillis = 320

// revealMillis is how long the vote bars take to grow after a reveal.
const revealMillis = 700

// animator remembers where keyed items were shown, so that a card that changes place
// (played from the hand onto a column, moved to another column, dealt into the hand)
// slides there instead of jumping. It only changes what is painted: widgets and hit tests
// use the target places, so an animation never holds up input.
type animator struct {
	shown   map[string]layout.Rect // the rect painted last frame
	tweens  map[string]tween
	seen    map[string]bool // keys present last frame
	flips   map[string]int64
	reveals map[string]int64
	started bool
}

type tween struct {
	from, to layout.Rect
	start    int64
}

func newAnimator() animator {
	return animator{shown: map[string]layout.Rect{}, tweens: map[string]tween{},
		seen: map[string]bool{}, flips: map[string]int64{}, reveals: map[string]int64{}}
}

// flip notes that a card turned face up.
func (a *animator) flip(card string, now int64) {
	if card != "" {
		a.flips[card] = now
	}
}

// flipAt returns when a card started turning face up, or 0.
func (a *animator) flipAt(card string) int64 { return a.flips[card] }

// reveal notes that a statement's votes were revealed (once).
func (a *animator) reveal(card string, now int64) {
	if _, ok := a.reveals[card]; !ok {
		a.reveals[card] = now
	}
}

// revealProgress returns how far the reveal animation of a card is, 0..1.
func (a *animator) revealProgress(card string, now int64) float64 {
	t, ok := a.reveals[card]
	if !ok {
		return 1
	}
	return ease(float64(now-t) / revealMillis)
}

// ease is a smooth ease-out.
func ease(t float64) float64 {
	if t <= 0 {
		return 0
	}
	if t >= 1 {
		return 1
	}
	u := 1 - t
	return 1 - u*u*u
}

// apply replaces the rects of keyed items (and the overlays of their widgets) with where
// they are in their slide, for the frame painted at now.
func (a *animator) apply(f *layout.Frame, now int64) {
	seen := make(map[string]bool, len(a.seen))
	moved := map[int]layout.Rect{} // widget index+1 → painted rect
	for i := range f.Items {
		it := &f.Items[i]
		if it.Key == "" {
			if it.Kind == layout.Overlay && it.Widget > 0 {
				if r, ok := moved[it.Widget]; ok {
					it.Rect = r
				}
			}
			continue
		}
		if seen[it.Key] {
			continue // a key painted twice (a preview) is not animated
		}
		seen[it.Key] = true
		target := it.Rect
		tw, moving := a.tweens[it.Key]
		switch {
		case !a.started:
			// The first frame shows everything in place.
		case !a.seen[it.Key]:
			if from, ok := a.shown[it.Key]; ok {
				// A card that left and came back (from the hand to the canvas) slides
				// from where it was last painted.
				a.tweens[it.Key] = tween{from: from, to: target, start: now}
			} else if it.Kind == layout.Face && !it.Fixed {
				// A new card is dealt: it slides up from below its place.
				from := target.Move(0, target.H*0.6)
				a.tweens[it.Key] = tween{from: from, to: target, start: now}
			}
		case moving && tw.to != target:
			cur := layout.Lerp(tw.from, tw.to, ease(float64(now-tw.start)/moveMillis))
			a.tweens[it.Key] = tween{from: cur, to: target, start: now}
		case !moving && a.shown[it.Key] != target && a.shown[it.Key] != (layout.Rect{}):
			if prev := a.shown[it.Key]; prev.W == target.W && prev.H == target.H || it.Kind == layout.Face {
				a.tweens[it.Key] = tween{from: prev, to: target, start: now}
			}
		}
		if tw, ok := a.tweens[it.Key]; ok {
			p := float64(now-tw.start) / moveMillis
			if p >= 1 {
				delete(a.tweens, it.Key)
			} else {
				it.Rect = layout.Lerp(tw.from, tw.to, ease(p))
				if it.Widget > 0 {
					moved[it.Widget] = it.Rect
				}
			}
		}
		a.shown[it.Key] = target
	}
	// Forget tweens of keys no longer shown, but remember where they were last painted so
	// a card that returns can slide from there.
	for k := range a.tweens {
		if !seen[k] {
			delete(a.tweens, k)
		}
	}
	if len(a.shown) > 4096 {
		for k := range a.shown {
			if !seen[k] {
				delete(a.shown, k)
			}
		}
	}
	a.seen = seen
	a.started = true
}

// busy reports whether anything is still moving at now: a slide, a card turning face up
// or vote bars growing.
func (a *animator) busy(now int64) bool {
	if a.Animating() {
		return true
	}
	for _, t := range a.flips {
		if now-t < layout.FlipMillis {
			return true
		}
	}
	for _, t := range a.reveals {
		if now-t < revealMillis {
			return true
		}
	}
	return false
}

// Animating reports whether something is still moving, so hosts that save power can keep
// drawing until it stops.
func (a *animator) Animating() bool { return len(a.tweens) > 0 }
