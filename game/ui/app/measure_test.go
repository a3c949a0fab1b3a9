package app

import (
	"bytes"
	"fmt"

	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	glanguage "github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/language"

	"impactkaarten/assets"
)

// measure is how the scenes' tests measure text: in the client's own typeface, shaped as
// the client shapes it (game/ui/shaper.go, which game/ui/e2e checks against what Ebiten
// draws), without Ebiten, which these tests do not build. Where the widths of real letters
// decide whether things fit, a fixed-width stand-in is too kind: its "WWW-MMM" is a third
// narrower than Inter's, and the top bar it passed hid a phone's link dot under the room's
// code.
var measure = newInterWidths()

// interWidths is a layout.Measurer of the client's faces. It keeps every width it measured,
// as the client does: shaping is most of a test's time. The scenes' tests run on one
// goroutine (the package is among the Makefile's PURE_PKGS), so the map needs no lock.
type interWidths struct {
	regular, bold *font.Face
	hb            shaping.HarfbuzzShaper
	seg           shaping.Segmenter
	script        glanguage.Script
	lang          glanguage.Language
	widths        map[widthKey]float64
}

// oneFace is the font map of a single face: every rune is shaped with it, as the client does.
type oneFace struct{ f *font.Face }

func (o oneFace) ResolveFace(rune) *font.Face { return o.f }

type widthKey struct {
	s    string
	size float64
	bold bool
}

func newInterWidths() *interWidths {
	parse := func(name string, b []byte) *font.Face {
		f, err := font.ParseTTF(bytes.NewReader(b))
		if err != nil {
			panic(fmt.Sprintf("the embedded %s: %v", name, err))
		}
		return f
	}
	// The script and language as the client derives them from its faces' unset Language.
	var tag language.Tag
	sc, _ := tag.Script()
	script, err := glanguage.ParseScript(sc.String())
	if err != nil {
		panic(err)
	}
	return &interWidths{
		regular: parse("Inter-Regular", assets.InterRegular),
		bold:    parse("Inter-SemiBold", assets.InterSemiBold),
		script:  script,
		lang:    glanguage.Language(tag.String()),
		widths:  map[widthKey]float64{},
	}
}

func (m *interWidths) Width(s string, size float64, bold bool) float64 {
	k := widthKey{s, size, bold}
	if w, ok := m.widths[k]; ok {
		return w
	}
	f := m.regular
	if bold {
		f = m.bold
	}
	rs := []rune(s)
	in := shaping.Input{Text: rs, RunEnd: len(rs), Direction: di.DirectionLTR, Face: f, Size: fixed.Int26_6(size * (1 << 6)), Script: m.script, Language: m.lang}
	var a fixed.Int26_6
	for _, run := range m.seg.Split(in, oneFace{f}) {
		a += m.hb.Shape(run).Advance
	}
	w := float64(a) / (1 << 6)
	m.widths[k] = w
	return w
}
