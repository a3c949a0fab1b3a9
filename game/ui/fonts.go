package ui

import (
	"bytes"
	"fmt"
	"math"
	"unicode/utf8"

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
	shape   *shaper // measures what is not in widths
	faces   map[faceKey]*text.GoTextFace
	// metrics of each face; text/v2 works them out afresh on every call.
	metric map[faceKey]text.Metrics
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
	if f.shape, err = newShaper(); err != nil {
		return nil, err
	}
	f.widths = map[measureKey]float64{}
	f.faces = map[faceKey]*text.GoTextFace{}
	f.metric = map[faceKey]text.Metrics{}
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

// metrics returns the metrics of a text face.
func (f *fonts) metrics(size float64, bold bool) text.Metrics {
	src := f.regular
	if bold {
		src = f.bold
	}
	return f.metricsOf(src, size)
}

func (f *fonts) metricsOf(src *text.GoTextFaceSource, size float64) text.Metrics {
	k := faceKey{src, size}
	if m, ok := f.metric[k]; ok {
		return m
	}
	if len(f.metric) > 2000 {
		clear(f.metric)
	}
	m := f.faceOf(src, size).Metrics()
	f.metric[k] = m
	return m
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
	src := f.regular
	if bold {
		src = f.bold
	}
	return f.measure(k, src)
}

// advance is the width of s in any of the typefaces (the icons too), cached as Width is.
func (f *fonts) advance(src *text.GoTextFaceSource, s string, size float64) float64 {
	// The icon font shares the cache with a key no text has: bold and regular are the
	// text faces, so the icons are told apart by a size that is negative.
	k := measureKey{s, size, false}
	switch src {
	case f.bold:
		k.bold = true
	case f.icons:
		k.size = -size
	}
	if w, ok := f.widths[k]; ok {
		return w
	}
	return f.measure(k, src)
}

func (f *fonts) measure(k measureKey, src *text.GoTextFaceSource) float64 {
	if len(f.widths) > maxCached {
		clear(f.widths)
	}
	w := f.shape.advance(src, k.s, math.Abs(k.size))
	f.widths[k] = w
	return w
}

// measureDifferences measures every string of strs at every size in each typeface both
// ways — as the layout does (shaper) and as text/v2 draws (text.Advance) — and describes
// each width on which they differ.
func (f *fonts) measureDifferences(strs []string, sizes []float64) []string {
	var diffs []string
	for _, src := range []*text.GoTextFaceSource{f.regular, f.bold, f.icons} {
		for _, size := range sizes {
			for _, s := range strs {
				if src == f.icons && utf8.RuneCountInString(s) > 1 {
					continue // the icons are single runes
				}
				ours, theirs := f.shape.advance(src, s, size), text.Advance(s, f.faceOf(src, size))
				if ours != theirs {
					diffs = append(diffs, fmt.Sprintf("%q at %v px: %v, text/v2 %v", s, size, ours, theirs))
				}
			}
		}
	}
	return diffs
}
