package ui

import (
	"fmt"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	glanguage "github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/language"
)

// shaper measures a line of text as Ebiten's text/v2 does for the client's faces (left to
// right, no language or script set): the same HarfBuzz shaping of the same input, the same
// sum of advances. What it leaves out is what text/v2 does besides, to be ready to draw:
// load and scale the outline of every glyph (for Inter, interpreting its CFF charstrings).
// Measuring is most of laying a scene out, and most strings measured (a wrap's candidate
// lines) are never drawn; in the browser, before the first frame, the outlines were a third
// of the start scene's layout. Written here because text/v2 offers no measuring without
// them; docs/performance.md ("Browser") has the figures, and `uitool -check-measure` (run by
// game/ui/e2e) checks that both give the same widths.
type shaper struct {
	hb     shaping.HarfbuzzShaper
	seg    shaping.Segmenter
	runes  []rune
	script glanguage.Script
	lang   glanguage.Language
}

func newShaper() (*shaper, error) {
	// text/v2 takes the script and language of a face from its Language, which the client's
	// faces leave unset; the same derivation gives the same input.
	var tag language.Tag
	sc, _ := tag.Script()
	script, err := glanguage.ParseScript(sc.String())
	if err != nil {
		return nil, fmt.Errorf("ui: shaper: %w", err)
	}
	return &shaper{script: script, lang: glanguage.Language(tag.String())}, nil
}

// advance is the width of s in a face of src at size (pixels), as text.Advance gives it.
func (s *shaper) advance(src *text.GoTextFaceSource, str string, size float64) float64 {
	f := src.UnsafeInternal().(*font.Face)
	s.runes = s.runes[:0]
	for _, r := range str {
		s.runes = append(s.runes, r)
	}
	input := shaping.Input{
		Text:      s.runes,
		RunEnd:    len(s.runes),
		Direction: di.DirectionLTR,
		Face:      f,
		Size:      fixed.Int26_6(size * (1 << 6)),
		Script:    s.script,
		Language:  s.lang,
	}
	var a fixed.Int26_6
	for _, in := range s.seg.Split(input, oneFace{f}) {
		a += s.hb.Shape(in).Advance
	}
	return float64(a) / (1 << 6)
}

// oneFace is the font map of a single face: every rune is shaped with it, as text/v2 does.
type oneFace struct{ f *font.Face }

func (o oneFace) ResolveFace(rune) *font.Face { return o.f }
