// Package theme holds the colours of Impactkaarten, shared by the Ebiten client and the
// report renderer so that a canvas looks the same on screen, in a PNG and in print.
//
// The four earning-model parts use the Okabe–Ito palette (Okabe & Ito, "Color Universal
// Design", 2008), chosen because its colours stay apart for people with the common forms of
// colour blindness; the tests check that under simulated protanopia, deuteranopia and
// tritanopia. Colour is never the only cue: the parts are always named as well.
//
// The package depends on nothing but the standard library's math, so that the client, the
// relay and the report can all import it. Color satisfies image/color.Color by having its
// RGBA method, so it can be handed to image/draw and Ebiten as is. Everything here is a
// constant or a pure function: there is nothing to change at run time.
package theme

import "math"

// Color is an opaque sRGB colour written as 0xRRGGBB, the way designers hand colours over.
type Color uint32

// RGBA returns the alpha-premultiplied components in 16 bits, as image/color.Color asks.
func (c Color) RGBA() (r, g, b, a uint32) {
	r = uint32(c>>16&0xff) * 0x101
	g = uint32(c>>8&0xff) * 0x101
	b = uint32(c&0xff) * 0x101
	return r, g, b, 0xffff
}

// RGB returns the 8-bit components.
func (c Color) RGB() (r, g, b uint8) { return uint8(c >> 16), uint8(c >> 8), uint8(c) }

// Hex returns the colour as CSS writes it: "#0072B2".
func (c Color) Hex() string {
	const digits = "0123456789ABCDEF"
	b := [7]byte{'#'}
	for i := 0; i < 6; i++ {
		b[6-i] = digits[c>>(4*i)&0xf]
	}
	return string(b[:])
}

// Mix returns c moved a fraction t (0..1) of the way towards o, per sRGB component. Tints
// for column backgrounds and chart tracks are a part colour mixed into Paper.
func (c Color) Mix(o Color, t float64) Color {
	t = min(1, max(0, t))
	mix := func(shift uint) Color {
		a, b := float64(c>>shift&0xff), float64(o>>shift&0xff)
		return Color(a+(b-a)*t+0.5) << shift
	}
	return mix(16) | mix(8) | mix(0)
}

// Luminance is the relative luminance (WCAG 2) of c, 0 for black to 1 for white.
func (c Color) Luminance() float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	r, g, b := c.RGB()
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// Contrast is the WCAG 2 contrast ratio between c and o, from 1 to 21.
func (c Color) Contrast(o Color) float64 {
	a, b := c.Luminance()+0.05, o.Luminance()+0.05
	if a < b {
		a, b = b, a
	}
	return a / b
}

// TextOn returns the colour to write on a background of colour c: White or Ink, whichever
// contrasts more.
func (c Color) TextOn() Color {
	if c.Contrast(White) >= c.Contrast(Ink) {
		return White
	}
	return Ink
}

// The surfaces and text of the table.
const (
	Table  Color = 0x1F3D36 // the deep-green table
	Paper  Color = 0xF7F4EC // off-white: the report's page, light surfaces
	Ink    Color = 0x1E2422 // body text
	Muted  Color = 0x5B6660 // secondary text, rules
	White  Color = 0xFFFFFF // the face of a card
	Accent Color = 0xD55E00 // highlights: dots, warnings such as an action without an owner
)

// The part colours, Okabe–Ito.
const (
	Aanbod    Color = 0x0072B2 // blue
	Bereik    Color = 0xE69F00 // orange
	Impact    Color = 0x009E73 // bluish green
	Inkomsten Color = 0xCC79A7 // reddish purple
)

// Part returns the colour of an earning-model part by its name ("aanbod", "bereik",
// "impact", "inkomsten"); cards.Part can be passed as it is. An unknown part is Muted.
func Part[S ~string](name S) Color {
	switch name {
	case "aanbod":
		return Aanbod
	case "bereik":
		return Bereik
	case "impact":
		return Impact
	case "inkomsten":
		return Inkomsten
	}
	return Muted
}

// SeatColors is the number of seat colours; game.Colors must equal it.
const SeatColors = 12

// Seat returns the colour of seat colour index i (game.Seat.Color). The first seven are
// Okabe–Ito (black left out: it would read as text), the other five darker shades of them
// for large rooms; indexes wrap around.
func Seat(i int) Color {
	switch ((i % SeatColors) + SeatColors) % SeatColors {
	case 0:
		return 0x0072B2 // blue
	case 1:
		return 0xE69F00 // orange
	case 2:
		return 0x009E73 // bluish green
	case 3:
		return 0xCC79A7 // reddish purple
	case 4:
		return 0x56B4E9 // sky blue
	case 5:
		return 0xD55E00 // vermillion
	case 6:
		return 0xF0E442 // yellow
	case 7:
		return 0x004D7A // dark blue
	case 8:
		return 0x9A6700 // ochre
	case 9:
		return 0x00664A // dark green
	case 10:
		return 0x8E4A77 // plum
	default:
		return 0x6E6E6E // grey
	}
}

// Vote returns the colour of vote value v on the 1..5 scale: a diverging vermillion–blue
// scale (disagree … agree) that reads for colour-blind people too. Out of range is Muted.
func Vote(v int) Color {
	switch v {
	case 1:
		return 0xD55E00
	case 2:
		return 0xEBA77A
	case 3:
		return 0xB8BDB6
	case 4:
		return 0x7FB6DC
	case 5:
		return 0x0072B2
	}
	return Muted
}
