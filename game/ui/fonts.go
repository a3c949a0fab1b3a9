package ui

import (
	"bytes"
	"fmt"

	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"impactkaarten/assets"
)

// fonts holds the embedded typefaces: Inter for text (full Dutch diacritics) and Material
// Design Icons for the icons on cards and buttons. It measures text for the layout, with a
// cache: layouts are rebuilt every tick and measure the same strings again and again.
type fonts struct {
	regular *text.GoTextFaceSource
	bold    *text.GoTextFaceSource
	icons   *text.GoTextFaceSource
	widths  map[measureKey]float64
	faces   map[faceKey]*text.GoTextFace
}

type measureKey struct {
	s    string
	size float64
	bold bool
}

type faceKey struct {
	src  *text.GoTextFaceSource
	size float64
}

// maxCached bounds the width cache; past it the cache starts afresh.
const maxCached = 50_000

func loadFonts() (*fonts, error) {
	load := func(name string, data []byte) (*text.GoTextFaceSource, error) {
		s, err := text.NewGoTextFaceSource(bytes.NewReader(data))
		if err != nil {
			return nil, fmt.Errorf("ui: font %s: %w", name, err)
		}
		return s, nil
	}
	var f fonts
	var err error
	if f.regular, err = load("Inter-Regular", assets.InterRegular); err != nil {
		return nil, err
	}
	if f.bold, err = load("Inter-SemiBold", assets.InterSemiBold); err != nil {
		return nil, err
	}
	if f.icons, err = load("materialdesignicons", assets.Icons); err != nil {
		return nil, err
	}
	f.widths = map[measureKey]float64{}
	f.faces = map[faceKey]*text.GoTextFace{}
	return &f, nil
}

// face returns a text face of a size, in pixels.
func (f *fonts) face(size float64, bold bool) *text.GoTextFace {
	src := f.regular
	if bold {
		src = f.bold
	}
	return f.faceOf(src, size)
}

func (f *fonts) faceOf(src *text.GoTextFaceSource, size float64) *text.GoTextFace {
	k := faceKey{src, size}
	if fc, ok := f.faces[k]; ok {
		return fc
	}
	if len(f.faces) > 2000 {
		clear(f.faces)
	}
	fc := &text.GoTextFace{Source: src, Size: size}
	f.faces[k] = fc
	return fc
}

// Width implements layout.Measurer.
func (f *fonts) Width(s string, size float64, bold bool) float64 {
	if s == "" {
		return 0
	}
	k := measureKey{s, size, bold}
	if w, ok := f.widths[k]; ok {
		return w
	}
	if len(f.widths) > maxCached {
		clear(f.widths)
	}
	w := text.Advance(s, f.face(size, bold))
	f.widths[k] = w
	return w
}
