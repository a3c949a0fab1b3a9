package layout

import (
	"encoding/binary"
	"math"
)

// AppendKey appends to b a key of everything the face shows, for the renderer's cache of
// card pictures: two faces with the same key look the same. It leaves out only the card's
// id (copies of a card look alike), which side is up (Back) and the flip's start time
// (FlipAt), which the renderer keys itself. A field added to FaceInfo must be added here
// too, or a card showing it would not be redrawn when it changes; TestFaceKey checks that.
func (f *FaceInfo) AppendKey(b []byte) []byte {
	k := keyBytes(b)
	k = k.s(string(f.Kind)).u(uint32(f.Band)).u(uint32(f.Glyph)).s(f.Kicker)
	k = k.s(f.TitleText).s(f.BodyText).s(f.FooterText)
	k = k.f(f.W, f.H).t(f.Compact).f(f.Pad, f.BandH, f.KickerSize)
	k = k.f(f.GlyphBox.X, f.GlyphBox.Y, f.GlyphBox.W, f.GlyphBox.H)
	k = k.ss(f.Title).f(f.TitleX, f.TitleY, f.TitleSize)
	k = k.ss(f.Body).f(f.BodyY, f.BodySize)
	k = k.ss(f.Footer).f(f.FooterY, f.FooterSize).u(uint32(f.FooterColor))
	k = k.u(uint32(len(f.Badges)))
	for _, bd := range f.Badges {
		k = k.u(uint32(bd.Glyph)).u(uint32(bd.Count)).u(uint32(bd.Color))
	}
	k = k.f(f.BadgeW, f.BadgeY, f.BadgeRowH)
	k = k.t(f.Dim).t(f.Selected).u(uint32(f.Owner)).t(f.HasOwner).t(f.Elided).t(f.Row)
	return k
}

// keyBytes appends the parts of a key, each with its length or of a fixed size, so that
// different parts never run together into the same bytes.
type keyBytes []byte

func (b keyBytes) f(vs ...float64) keyBytes {
	for _, v := range vs {
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
	}
	return b
}

func (b keyBytes) u(v uint32) keyBytes { return binary.LittleEndian.AppendUint32(b, v) }

func (b keyBytes) t(v bool) keyBytes {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

func (b keyBytes) s(v string) keyBytes {
	return append(b.u(uint32(len(v))), v...)
}

func (b keyBytes) ss(vs []string) keyBytes {
	b = b.u(uint32(len(vs)))
	for _, v := range vs {
		b = b.s(v)
	}
	return b
}
