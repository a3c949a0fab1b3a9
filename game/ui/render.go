package ui

import (
	"image"
	"image/color"
	"math"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"impactkaarten/cards"
	"impactkaarten/game/theme"
	"impactkaarten/game/ui/layout"
)

// renderer paints frames. It holds only textures and caches; what to paint comes from
// the frame, which the controller built in Update.
type renderer struct {
	f      *fonts
	disc   nine          // an anti-aliased disc, for rounded rectangles
	shadow nine          // a soft blurred square, for shadows
	white  *ebiten.Image // a 1×1 white pixel, for plain rectangles and paths
	cache  *imageCache   // pictures of card faces and runs of text
	inFace int           // painting a card face: its texts are cached only while drawn
	// Scratch reused from frame to frame.
	vs []ebiten.Vertex
	is []uint16
}

// nine draws an image stretched as a nine-slice: its corners (c source pixels square)
// keep their shape, its edges and centre stretch.
type nine struct {
	img *ebiten.Image
	c   int
}

// texture sizes: the corner of the disc texture, and of the shadow.
const (
	discCorner   = 64
	shadowCorner = 48
)

func newRenderer(f *fonts) *renderer {
	r := &renderer{f: f, cache: newImageCache()}
	w := ebiten.NewImage(3, 3)
	w.Fill(color.White)
	r.white = w.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image)

	// The disc: two corners' worth plus a 2-pixel solid middle to stretch.
	n := 2*discCorner + 2
	disc := ownTexture(n, n)
	vector.DrawFilledRect(disc, discCorner, 0, 2, float32(n), color.White, false)
	vector.DrawFilledRect(disc, 0, discCorner, float32(n), 2, color.White, false)
	for _, c := range [][2]float32{{discCorner, discCorner}, {discCorner + 2, discCorner}, {discCorner, discCorner + 2}, {discCorner + 2, discCorner + 2}} {
		vector.DrawFilledCircle(disc, c[0], c[1], discCorner, color.White, true)
	}
	r.disc = nine{img: disc, c: discCorner}

	// The shadow: a rounded square whose edge fades over the corner's width, computed
	// pixel by pixel once (a gaussian-like falloff, premultiplied white).
	n = 2*shadowCorner + 2
	pix := make([]byte, 4*n*n)
	for y := 0; y < n; y++ {
		for x := 0; x < n; x++ {
			dx := math.Max(0, math.Abs(float64(x)+0.5-float64(n)/2)-1)
			dy := math.Max(0, math.Abs(float64(y)+0.5-float64(n)/2)-1)
			d := math.Hypot(math.Max(0, dx-shadowCorner/2), math.Max(0, dy-shadowCorner/2))
			t := math.Min(1, d/(shadowCorner/2))
			a := (1 - t*t*(3-2*t))
			a *= a
			v := byte(math.Round(a * 255))
			i := 4 * (y*n + x)
			pix[i], pix[i+1], pix[i+2], pix[i+3] = v, v, v, v
		}
	}
	sh := ownTexture(n, n)
	sh.WritePixels(pix)
	r.shadow = nine{img: sh, c: shadowCorner}
	return r
}

// ownTexture makes an image of its own, off Ebiten's shared atlas. The nine-slice textures
// are mostly drawn shrunk, from their mipmaps, and there Ebiten v2.8 does not keep linear
// filtering inside the source rectangle: at the texture's edge it reads half a texel
// beyond it. On the atlas that is whatever image happens to lie next to it (a cached card,
// a glyph), so the edges of panels and buttons would change as the cache fills; on a
// texture of its own it is the texture's own edge.
func ownTexture(w, h int) *ebiten.Image {
	return ebiten.NewImageWithOptions(image.Rect(0, 0, w, h), &ebiten.NewImageOptions{Unmanaged: true})
}

// scale is a colour with an opacity, as Ebiten's colour scale.
func scale(c theme.Color, alpha float64) ebiten.ColorScale {
	var cs ebiten.ColorScale
	rr, gg, bb := c.RGB()
	a := float32(alpha)
	cs.Scale(float32(rr)/255*a, float32(gg)/255*a, float32(bb)/255*a, a)
	return cs
}

// draw9 paints the nine-slice n over the rectangle, with destination corners of size c.
// It takes two draw calls: the four corners, which are shrunk and so drawn from the
// texture's mipmaps, and the edges and middle, which are stretched. The vertices are
// placed as DrawImage would place those of each slice.
func (r *renderer) draw9(dst *ebiten.Image, n nine, rc layout.Rect, c float64, cs ebiten.ColorScale) {
	if rc.W <= 0 || rc.H <= 0 {
		return
	}
	c = math.Min(c, math.Min(rc.W, rc.H)/2)
	size := n.img.Bounds().Dx()
	srcX := [4]int{0, n.c, size - n.c, size}
	dstX := [4]float64{rc.X, rc.X + c, rc.MaxX() - c, rc.MaxX()}
	dstY := [4]float64{rc.Y, rc.Y + c, rc.MaxY() - c, rc.MaxY()}
	op := &ebiten.DrawTrianglesOptions{Filter: ebiten.FilterLinear, ColorScaleMode: ebiten.ColorScaleModePremultipliedAlpha}
	for pass := 0; pass < 2; pass++ {
		vs, is := r.vs[:0], r.is[:0]
		for j := 0; j < 3; j++ {
			for i := 0; i < 3; i++ {
				if corner := i != 1 && j != 1; corner != (pass == 0) {
					continue
				}
				dw, dh := dstX[i+1]-dstX[i], dstY[j+1]-dstY[j]
				if dw <= 0 || dh <= 0 {
					continue
				}
				vs, is = appendQuad(vs, is, dstX[i], dstY[j], dw, dh, srcX[i], srcX[j], srcX[i+1], srcX[j+1], cs)
			}
		}
		if len(is) > 0 {
			dst.DrawTriangles(vs, is, n.img, op)
		}
		r.vs, r.is = vs, is
	}
}

// appendQuad appends the source rectangle (sx0, sy0)-(sx1, sy1) scaled to dw×dh at
// (x, y): the vertices DrawImage makes for it with the matrix scale-then-translate, in
// float32 and with Ebiten's adjustment of the destination to a third of a pixel.
func appendQuad(vs []ebiten.Vertex, is []uint16, x, y, dw, dh float64, sx0, sy0, sx1, sy1 int, cs ebiten.ColorScale) ([]ebiten.Vertex, []uint16) {
	w, h := float32(sx1-sx0), float32(sy1-sy0)
	a, d := float32(dw/float64(sx1-sx0)), float32(dh/float64(sy1-sy0))
	tx, ty := float32(x), float32(y)
	x0, y0 := adjustPixel(tx), adjustPixel(ty)
	x1, y1 := adjustPixel(a*w+tx), adjustPixel(d*h+ty)
	u0, v0, u1, v1 := float32(sx0), float32(sy0), float32(sx1), float32(sy1)
	cr, cg, cb, ca := cs.R(), cs.G(), cs.B(), cs.A()
	k := uint16(len(vs))
	vs = append(vs,
		ebiten.Vertex{DstX: x0, DstY: y0, SrcX: u0, SrcY: v0, ColorR: cr, ColorG: cg, ColorB: cb, ColorA: ca},
		ebiten.Vertex{DstX: x1, DstY: y0, SrcX: u1, SrcY: v0, ColorR: cr, ColorG: cg, ColorB: cb, ColorA: ca},
		ebiten.Vertex{DstX: x0, DstY: y1, SrcX: u0, SrcY: v1, ColorR: cr, ColorG: cg, ColorB: cb, ColorA: ca},
		ebiten.Vertex{DstX: x1, DstY: y1, SrcX: u1, SrcY: v1, ColorR: cr, ColorG: cg, ColorB: cb, ColorA: ca})
	is = append(is, k, k+1, k+2, k+1, k+2, k+3)
	return vs, is
}

// adjustPixel moves a destination coordinate to a third of a pixel, away from the pixel's
// centre, as Ebiten v2.8 does for DrawImage (internal/graphics.adjustDestinationPixel) but
// not for DrawTriangles.
func adjustPixel(x float32) float32 {
	ix := float32(math.Floor(float64(x)))
	switch frac := x - ix; {
	case frac < 3.0/16.0:
		return ix
	case frac < 8.0/16.0:
		return ix + 5.0/16.0
	case frac < 13.0/16.0:
		return ix + 11.0/16.0
	default:
		return ix + 1
	}
}

// rect paints a plain rectangle.
func (r *renderer) rect(dst *ebiten.Image, rc layout.Rect, cs ebiten.ColorScale) {
	if rc.W <= 0 || rc.H <= 0 {
		return
	}
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Scale(rc.W, rc.H)
	op.GeoM.Translate(rc.X, rc.Y)
	op.ColorScale = cs
	dst.DrawImage(r.white, op)
}

// round paints a filled rounded rectangle.
func (r *renderer) round(dst *ebiten.Image, rc layout.Rect, radius float64, cs ebiten.ColorScale) {
	if radius < 0.5 {
		r.rect(dst, rc, cs)
		return
	}
	r.draw9(dst, r.disc, rc, radius, cs)
}

// softShadow paints a soft shadow under a rectangle, size pixels wide, a little lower.
func (r *renderer) softShadow(dst *ebiten.Image, rc layout.Rect, size float64, strength float64) {
	s := rc.InsetXY(-size*0.6, -size*0.6).Move(0, size*0.45)
	r.draw9(dst, r.shadow, s, size*1.6, scale(0x0B1512, strength))
}

// stroke paints the outline of a rounded rectangle.
func (r *renderer) stroke(dst *ebiten.Image, rc layout.Rect, radius, width float64, cs ebiten.ColorScale) {
	var p vector.Path
	x0, y0, x1, y1 := float32(rc.X+width/2), float32(rc.Y+width/2), float32(rc.MaxX()-width/2), float32(rc.MaxY()-width/2)
	rad := float32(math.Max(0, math.Min(radius-width/2, math.Min(rc.W, rc.H)/2-width/2)))
	p.MoveTo(x0+rad, y0)
	p.LineTo(x1-rad, y0)
	p.ArcTo(x1, y0, x1, y0+rad, rad)
	p.LineTo(x1, y1-rad)
	p.ArcTo(x1, y1, x1-rad, y1, rad)
	p.LineTo(x0+rad, y1)
	p.ArcTo(x0, y1, x0, y1-rad, rad)
	p.LineTo(x0, y0+rad)
	p.ArcTo(x0, y0, x0+rad, y0, rad)
	p.Close()
	op := &vector.StrokeOptions{Width: float32(width), LineJoin: vector.LineJoinRound}
	r.vs, r.is = p.AppendVerticesAndIndicesForStroke(r.vs[:0], r.is[:0], op)
	r.triangles(dst, r.vs, r.is, cs)
}

func (r *renderer) triangles(dst *ebiten.Image, vs []ebiten.Vertex, is []uint16, cs ebiten.ColorScale) {
	rr, gg, bb, aa := cs.R(), cs.G(), cs.B(), cs.A()
	for i := range vs {
		vs[i].SrcX, vs[i].SrcY = 1, 1
		vs[i].ColorR, vs[i].ColorG, vs[i].ColorB, vs[i].ColorA = rr, gg, bb, aa
	}
	op := &ebiten.DrawTrianglesOptions{AntiAlias: true}
	dst.DrawTriangles(vs, is, r.white, op)
}

// textTop is where a line's glyphs start below the top of its box, to centre the
// typeface's own line in it.
func (r *renderer) textTop(size float64, bold bool, box float64) float64 {
	m := r.f.metrics(size, bold)
	return (box - (m.HAscent + m.HDescent)) / 2
}

// text paints one line of text with its box's top-left at x, y. A line painted again
// and again is drawn from the cache: the glyphs are placed relative to a whole-pixel
// origin, so the picture of a line is the same wherever it is drawn.
func (r *renderer) text(dst *ebiten.Image, s string, x, y, size float64, bold bool, cs ebiten.ColorScale) {
	if s == "" {
		return
	}
	ox, oy := math.Round(x), math.Round(y+r.textTop(size, bold, layout.LineHeight(size)))
	r.cache.key = textKey(r.cache.key[:0], s, size, bold)
	e, _, create, _ := r.cache.lookup(r.cache.key, 0)
	if e == nil && create {
		e = r.textRun(s, size, bold)
	}
	if e != nil {
		pad := textPad(size)
		op := &ebiten.DrawImageOptions{}
		op.GeoM.Translate(ox-pad, oy-pad)
		op.ColorScale = cs
		dst.DrawImage(e.img, op)
		return
	}
	op := &text.DrawOptions{}
	op.GeoM.Translate(ox, oy)
	op.ColorScale = cs
	text.Draw(dst, s, r.f.face(size, bold), op)
}

// textPad is the margin around a cached run of text, for glyphs that reach beyond the
// line's advance or its ascent (accents, overhangs).
func textPad(size float64) float64 { return math.Ceil(size*0.5) + 2 }

// textRun paints a line in white into a new cache entry (the key is in r.cache.key). A
// line of a card face lasts only while it is drawn: a card painted directly is one that
// moves and changes size, and once it stands still its picture holds the line.
func (r *renderer) textRun(s string, size float64, bold bool) *cacheEntry {
	pad := textPad(size)
	m := r.f.metrics(size, bold)
	w := int(math.Ceil(r.f.Width(s, size, bold)+2*pad)) + 1
	h := int(math.Ceil(m.HAscent+m.HDescent+2*pad)) + 1
	e := r.cache.add(r.cache.key, 0, w, h, 0, 0, r.inFace > 0)
	if e == nil {
		return nil
	}
	op := &text.DrawOptions{}
	op.GeoM.Translate(pad, pad)
	text.Draw(e.img, s, r.f.face(size, bold), op)
	return e
}

// glyph paints an icon centred in a rectangle.
func (r *renderer) glyph(dst *ebiten.Image, g rune, rc layout.Rect, size float64, cs ebiten.ColorScale) {
	if g == 0 {
		return
	}
	face := r.f.faceOf(r.f.icons, size)
	s := string(g)
	w := r.f.advance(r.f.icons, s, size)
	m := r.f.metricsOf(r.f.icons, size)
	op := &text.DrawOptions{}
	op.GeoM.Translate(math.Round(rc.CX()-w/2), math.Round(rc.CY()-(m.HAscent+m.HDescent)/2))
	op.ColorScale = cs
	text.Draw(dst, s, face, op)
}

// drawState is what the controller says about interaction, for the overlays.
type drawState struct {
	focus  string
	ring   bool
	hover  string
	press  string
	drag   string
	dragX  float64
	dragY  float64
	now    int64
	scroll float64
}

// draw paints a frame.
func (r *renderer) draw(dst *ebiten.Image, f *layout.Frame, st drawState) {
	b := dst.Bounds()
	r.cache.begin(b.Dx(), b.Dy())
	var dragged *layout.Item
	for i := range f.Items {
		it := f.Items[i]
		if !it.Fixed && st.scroll != 0 {
			it.Rect = it.Rect.Move(0, -st.scroll)
		}
		if it.Rect.MaxY()+it.Shadow < 0 || it.Rect.Y-it.Shadow > f.H {
			continue
		}
		var w *layout.Widget
		if it.Widget > 0 && it.Widget <= len(f.Widgets) {
			w = &f.Widgets[it.Widget-1]
		}
		if it.Kind == layout.Face && w != nil && w.ID == st.drag {
			cp := f.Items[i]
			dragged = &cp
		}
		r.item(dst, &it, w, st)
	}
	if dragged != nil {
		// The dragged card follows the pointer above everything, a little tilted up.
		it := *dragged
		it.Rect.X, it.Rect.Y = st.dragX, st.dragY
		it.Shadow *= 2.2
		fc := *it.Card
		fc.Dim, fc.Selected = false, true
		it.Card = &fc
		r.item(dst, &it, nil, st)
	}
}

func (r *renderer) item(dst *ebiten.Image, it *layout.Item, w *layout.Widget, st drawState) {
	alpha := 1.0
	if it.Alpha > 0 {
		alpha = it.Alpha
	}
	switch it.Kind {
	case layout.Fill:
		if it.Shadow > 0 {
			r.softShadow(dst, it.Rect, it.Shadow, 0.35)
		}
		if it.BorderW > 0 {
			if alpha > 0.01 {
				r.round(dst, it.Rect, it.Radius, scale(it.Border, 1))
				r.round(dst, it.Rect.Inset(it.BorderW), math.Max(0, it.Radius-it.BorderW), scale(it.Color, alpha))
			} else {
				r.stroke(dst, it.Rect, it.Radius, it.BorderW, scale(it.Border, 1))
			}
			return
		}
		if alpha > 0.01 {
			r.round(dst, it.Rect, it.Radius, scale(it.Color, alpha))
		}
	case layout.Text:
		lh := layout.LineHeight(it.Size)
		for i, line := range it.Lines {
			x := it.Rect.X
			switch it.Align {
			case layout.Center:
				x += (it.Rect.W - r.f.Width(line, it.Size, it.Bold)) / 2
			case layout.Right:
				x += it.Rect.W - r.f.Width(line, it.Size, it.Bold)
			}
			r.text(dst, line, x, it.Rect.Y+float64(i)*lh, it.Size, it.Bold, scale(it.Color, alpha))
		}
	case layout.Icon:
		r.glyph(dst, it.Glyph, it.Rect, it.Size, scale(it.Color, alpha))
	case layout.Face:
		r.face(dst, it, st.now)
	case layout.Field:
		r.field(dst, it, st.now)
	case layout.Overlay:
		r.overlay(dst, it, w, st)
	}
}

// overlay paints a widget's interaction state over it.
func (r *renderer) overlay(dst *ebiten.Image, it *layout.Item, w *layout.Widget, st drawState) {
	if w == nil {
		return
	}
	dark := it.Color == layout.TableLight || it.Color == layout.TableColor
	switch {
	case !w.Enabled && w.Kind == layout.Card:
		// A card that takes no click now stays readable: it is still the table.
	case !w.Enabled:
		bg := it.Color
		if bg == 0 {
			bg = layout.PanelColor
		}
		r.round(dst, it.Rect, it.Radius, scale(bg, 0.55))
	case st.press == w.ID:
		r.round(dst, it.Rect, it.Radius, scale(0x000000, 0.12))
	case st.hover == w.ID:
		if dark || w.Kind == layout.Column {
			r.round(dst, it.Rect, it.Radius, scale(0xFFFFFF, 0.08))
		} else {
			r.round(dst, it.Rect, it.Radius, scale(0x000000, 0.05))
		}
	}
	if st.focus == w.ID && st.ring && w.Enabled {
		g := 3.0 * math.Max(1, it.Rect.H/60)
		g = math.Min(g, 4)
		r.stroke(dst, it.Rect.Inset(-g-1), it.Radius+g+1, g, scale(layout.FocusColor, 1))
	}
}

// field paints the inside of a text field: selection, text, composition, caret.
func (r *renderer) field(dst *ebiten.Image, it *layout.Item, now int64) {
	fi := it.Edit
	clip := dst.SubImage(image.Rect(int(it.Rect.X), int(it.Rect.Y), int(math.Ceil(it.Rect.MaxX())), int(math.Ceil(it.Rect.MaxY())))).(*ebiten.Image)
	lh := layout.LineHeight(fi.Size)
	y := it.Rect.CY() - lh/2
	x := it.Rect.X - fi.ScrollX
	if fi.SelX1 > fi.SelX0 && fi.Focused {
		r.rect(clip, layout.R(x+fi.SelX0, y, fi.SelX1-fi.SelX0, lh), scale(0xB9DCCF, 1))
	}
	switch {
	case fi.Text != "":
		r.text(clip, fi.Text, x, y, fi.Size, false, scale(layout.InkColor, 1))
	case fi.Placeholder != "":
		r.text(clip, fi.Placeholder, x, y, fi.Size, false, scale(0x8C948F, 1))
	}
	if fi.CompX1 > fi.CompX0 {
		r.rect(clip, layout.R(x+fi.CompX0, y+lh-2, fi.CompX1-fi.CompX0, 2), scale(layout.PrimaryColor, 1))
	}
	if fi.Focused && (now/layout.CaretBlinkMillis)%2 == 0 {
		r.rect(clip, layout.R(math.Round(x+fi.CaretX), y+lh*0.1, math.Max(1.5, fi.Size/11), lh*0.8), scale(layout.PrimaryColor, 1))
	}
}

// face paints a card, turning it over if it is flipping.
func (r *renderer) face(dst *ebiten.Image, it *layout.Item, now int64) {
	fc := it.Card
	p := 1.0
	if fc.FlipAt > 0 {
		p = float64(now-fc.FlipAt) / layout.FlipMillis
	}
	if p >= 1 || p < 0 {
		// At rest, the picture of the card with its shadow at the same sub-pixel offset,
		// copied pixel for pixel. A card sliding may be drawn from a picture at another
		// offset, put on the nearest whole pixel (less than half a pixel off, and only
		// while it moves); one that also changes size is painted directly.
		x0, y0 := math.Floor(it.Rect.X), math.Floor(it.Rect.Y)
		fx, fy := it.Rect.X-x0, it.Rect.Y-y0
		e := r.facePicture(it, fc.Back, fx, fy, false)
		if e == nil {
			r.faceAt(dst, it.Rect, it, fc.Back)
			return
		}
		pad := float64(facePad(it))
		op := &ebiten.DrawImageOptions{}
		if e.fx == fx && e.fy == fy {
			op.GeoM.Translate(x0-pad, y0-pad)
		} else {
			op.GeoM.Translate(math.Round(it.Rect.X-e.fx)-pad, math.Round(it.Rect.Y-e.fy)-pad)
		}
		dst.DrawImage(e.img, op)
		return
	}
	// Turning over: the back shrinks to an edge, then the face grows from it.
	sx := math.Abs(math.Cos(p * math.Pi))
	back := p < 0.5
	e := r.facePicture(it, back, 0, 0, true)
	if e == nil {
		// The cache is full of what this frame shows: show this frame of the turn flat.
		r.faceAt(dst, it.Rect, it, back)
		return
	}
	b := e.img.Bounds()
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(-float64(b.Dx())/2, -float64(b.Dy())/2)
	op.GeoM.Scale(math.Max(sx, 0.02), 1)
	op.GeoM.Translate(it.Rect.CX(), it.Rect.CY())
	op.Filter = ebiten.FilterLinear
	dst.DrawImage(e.img, op)
}

// facePad is the margin around a card's picture, for its shadow and selection ring.
func facePad(it *layout.Item) int {
	ring := math.Max(2.5, it.Rect.W/70) + 2
	return int(math.Ceil(math.Max(it.Shadow*2, ring)))
}

// facePicture returns a cached picture of a card (or its back), painted facePad pixels
// in and at the sub-pixel offset in the entry (0 ≤ fx, fy < 1): the one at fx, fy if
// there is one, else one at another offset if there is one; nil when there is none to
// draw from. exact asks for the one at fx, fy, painted now if need be.
func (r *renderer) facePicture(it *layout.Item, back bool, fx, fy float64, exact bool) *cacheEntry {
	if it.Rect.W <= 0 || it.Rect.H <= 0 {
		return nil
	}
	var n int
	r.cache.key, n = cardKey(r.cache.key[:0], it, back, fx, fy)
	e, near, wanted, nearWanted := r.cache.lookup(r.cache.key, n)
	switch {
	case e != nil:
		return e
	case wanted || exact:
		// Painted at this offset two frames running: keep a picture of it here.
	case near != nil:
		return near
	case !nearWanted:
		return nil
	}
	moving := !wanted && !exact
	pad := facePad(it)
	w := int(math.Ceil(it.Rect.W+fx)) + 2*pad
	h := int(math.Ceil(it.Rect.H+fy)) + 2*pad
	if e = r.cache.add(r.cache.key, n, w, h, fx, fy, moving); e == nil {
		return nil
	}
	local := *it
	local.Rect = layout.R(float64(pad)+fx, float64(pad)+fy, it.Rect.W, it.Rect.H)
	r.faceAt(e.img, local.Rect, &local, back)
	return e
}

// faceAt paints a card face (or back) in rc.
func (r *renderer) faceAt(dst *ebiten.Image, rc layout.Rect, it *layout.Item, back bool) {
	r.inFace++
	defer func() { r.inFace-- }()
	fc := it.Card
	radius := it.Radius
	if it.Shadow > 0 {
		r.softShadow(dst, rc, it.Shadow, 0.45)
	}
	if back {
		r.round(dst, rc, radius, scale(0x2A4F46, 1))
		r.stroke(dst, rc.Inset(rc.W*0.06), radius*0.7, math.Max(1.5, rc.W/120), scale(layout.PrimaryDark, 0.8))
		mark, _ := cards.IconRune("cards") // the game's mark, as in the top bar
		r.glyph(dst, mark, rc, rc.W*0.3, scale(layout.PrimaryDark, 0.9))
		return
	}
	r.round(dst, rc, radius, scale(layout.CardColor, 1))
	if fc.Compact {
		// A stripe in the part's colour down the left, the icon in a tinted circle.
		r.round(dst, layout.R(rc.X, rc.Y, math.Min(radius*2, rc.W), rc.H), radius, scale(fc.Band, 1))
		r.rect(dst, layout.R(rc.X+radius*0.5, rc.Y, radius*1.5, rc.H), scale(layout.CardColor, 1))
		gb := fc.GlyphBox.Move(rc.X, rc.Y)
		r.round(dst, gb, gb.W/2, scale(fc.Band.Mix(0xFFFFFF, 0.82), 1))
		r.glyph(dst, fc.Glyph, gb, gb.W*0.62, scale(fc.Band.Mix(0x000000, 0.15), 1))
		lh := layout.LineHeight(fc.TitleSize)
		for i, line := range fc.Title {
			r.text(dst, line, rc.X+fc.TitleX, rc.Y+fc.TitleY+float64(i)*lh, fc.TitleSize, true, scale(layout.InkColor, 1))
		}
		for i, line := range fc.Footer {
			r.text(dst, line, rc.X+fc.TitleX, rc.Y+fc.FooterY+float64(i)*layout.LineHeight(fc.FooterSize), fc.FooterSize, false, scale(layout.MutedColor, 1))
		}
		// A row with a body (a reason on the canvas) shows it under the title, in ink: it
		// is what the room reads.
		blh := layout.LineHeight(fc.BodySize)
		for i, line := range fc.Body {
			r.text(dst, line, rc.X+fc.GlyphBox.X, rc.Y+fc.BodyY+float64(i)*blh, fc.BodySize, false, scale(layout.InkColor, 0.85))
		}
		bs := fc.TitleSize * 0.85
		if len(fc.Body) > 0 {
			bs = fc.FooterSize
		}
		r.badges(dst, fc, rc, bs)
	} else {
		band := layout.R(rc.X, rc.Y, rc.W, fc.BandH)
		r.round(dst, layout.R(band.X, band.Y, band.W, band.H+radius), radius, scale(fc.Band, 1))
		r.rect(dst, layout.R(band.X, band.MaxY(), band.W, radius), scale(layout.CardColor, 1))
		on := fc.Band.TextOn()
		r.text(dst, fc.Kicker, rc.X+fc.Pad, band.Y+(band.H-layout.LineHeight(fc.KickerSize))/2, fc.KickerSize, true, scale(on, 0.95))
		r.glyph(dst, fc.Glyph, fc.GlyphBox.Move(rc.X, rc.Y), fc.GlyphBox.H, scale(on, 1))
		lh := layout.LineHeight(fc.TitleSize)
		for i, line := range fc.Title {
			r.text(dst, line, rc.X+fc.TitleX, rc.Y+fc.TitleY+float64(i)*lh, fc.TitleSize, true, scale(layout.InkColor, 1))
		}
		blh := layout.LineHeight(fc.BodySize)
		for i, line := range fc.Body {
			r.text(dst, line, rc.X+fc.Pad, rc.Y+fc.BodyY+float64(i)*blh, fc.BodySize, false, scale(layout.MutedColor, 1))
		}
		for i, line := range fc.Footer {
			r.text(dst, line, rc.X+fc.Pad, rc.Y+fc.FooterY+float64(i)*layout.LineHeight(fc.FooterSize), fc.FooterSize, false, scale(layout.MutedColor, 1))
		}
		r.badges(dst, fc, rc, fc.FooterSize)
	}
	if fc.HasOwner && fc.Compact {
		r.round(dst, layout.R(rc.MaxX()-radius*0.9, rc.Y+radius, radius*0.45, rc.H-2*radius), radius*0.2, scale(fc.Owner, 1))
	}
	if fc.Selected {
		g := math.Max(2.5, rc.W/70)
		r.stroke(dst, rc.Inset(-g), radius+g, g, scale(layout.FocusColor, 1))
	}
	if fc.Dim {
		r.round(dst, rc, radius, scale(layout.TableColor, 0.55))
	}
}

// badges paints the reaction and dot counters at the card's bottom right.
func (r *renderer) badges(dst *ebiten.Image, fc *layout.FaceInfo, rc layout.Rect, size float64) {
	x := rc.MaxX() - fc.Pad - fc.BadgeW
	if fc.HasOwner {
		x -= size * 0.4
	}
	lh := layout.LineHeight(size)
	for _, b := range fc.Badges {
		gw := size * 1.1
		r.glyph(dst, b.Glyph, layout.R(x, rc.Y+fc.BadgeY, gw, lh), size, scale(b.Color, 1))
		n := strconv.Itoa(b.Count)
		r.text(dst, n, x+gw+1, rc.Y+fc.BadgeY, size, true, scale(layout.InkColor, 1))
		x += gw + r.f.Width(n, size, true) + size*0.5
	}
}
