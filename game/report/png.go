//go:build !js

package report

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"impactkaarten/assets"
	"impactkaarten/cards"
	"impactkaarten/game/theme"
)

// CanvasWidth is the width of the canvas PNG in pixels: sharp on a 1080p screen and, at
// 178 mm wide on A4, about 230 dpi in print.
const CanvasWidth = 1600

// The canvas layout in pixels. Everything derives from these, so the picture can be tuned
// in one place.
const (
	pngMargin    = 40
	pngGutter    = 24
	pngColumnW   = (CanvasWidth - 2*pngMargin - 3*pngGutter) / 4
	pngHeaderH   = 150
	pngColPad    = 14
	pngCardW     = pngColumnW - 2*pngColPad
	pngCardPad   = 16
	pngBand      = 8 // the part-coloured band along the top of a card
	pngIcon      = 40
	pngBadge     = 30
	pngRadius    = 14
	pngColRadius = 18
	pngCardGap   = 16
	pngShadow    = 9 // blur radius of the card shadow
	pngTitleSize = 19
	pngTitleLine = 24
	pngTextSize  = 16
	pngTextLine  = 22
	pngSmallSize = 14
	pngFooterH   = 26
	pngMaxDots   = 8 // dots drawn one by one; more are drawn as one dot and a count
)

// The icons of the canvas picture, by their Material Design Icons names.
const (
	iconPlus     = "thumb-up-outline"
	iconQuestion = "help-circle-outline"
	iconConcern  = "alert-outline"
	iconFallback = "lightbulb-outline"
)

// PNG draws the canvas: a header with the room, the date and the deck, then the four parts
// of the earning model as columns in their colours, with a tile per card (icon, title,
// reason, owner, reactions and dots). It uses the client's typeface (Inter) and icon font
// and the colours of game/theme, in pure Go, so the relay can draw it.
func PNG(r *Report) ([]byte, error) {
	img, err := drawCanvas(r)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.DefaultCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encode png: %w", err)
	}
	return buf.Bytes(), nil
}

// fonts holds the parsed fonts of one drawing. Parsing takes a few milliseconds; keeping no
// parsed font at package level keeps the package free of shared mutable state (faces are
// not safe for concurrent use).
type fonts struct {
	regular, semibold, icons *opentype.Font
	faces                    map[faceKey]font.Face
}

type faceKey struct {
	f    *opentype.Font
	size float64
}

func loadFonts() (*fonts, error) {
	fs := &fonts{faces: map[faceKey]font.Face{}}
	for _, f := range []struct {
		name string
		data []byte
		dst  **opentype.Font
	}{
		{"Inter Regular", assets.InterRegular, &fs.regular},
		{"Inter SemiBold", assets.InterSemiBold, &fs.semibold},
		{"Material Design Icons", assets.Icons, &fs.icons},
	} {
		parsed, err := opentype.Parse(f.data)
		if err != nil {
			return nil, fmt.Errorf("parse font %s: %w", f.name, err)
		}
		*f.dst = parsed
	}
	return fs, nil
}

// face returns the face of f at size pixels (72 dpi makes a point a pixel).
func (fs *fonts) face(f *opentype.Font, size float64) font.Face {
	k := faceKey{f, size}
	if fc, ok := fs.faces[k]; ok {
		return fc
	}
	fc, err := opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		// NewFace fails only for a size <= 0 or a broken font, which loadFonts has ruled out;
		// fall back so that a drawing never stops half way.
		fc, _ = opentype.NewFace(fs.regular, nil)
	}
	fc = noKern{fc}
	fs.faces[k] = fc
	return fc
}

// noKern draws text without kerning. x/image reads Inter's class-based kerning pairs
// wrongly: an opening quote before J comes out at -0.4 em (the two glyphs collide) and "rt"
// is pushed apart by 0.09 em, where browsers set both with ordinary spacing. Inter's own
// spacing is even enough without kerning at these sizes; measuring and drawing both go
// through this face, so wrapping stays exact.
type noKern struct{ font.Face }

func (noKern) Kern(rune, rune) fixed.Int26_6 { return 0 }

// painter draws on one canvas image.
type painter struct {
	img *image.RGBA
	fs  *fonts
}

// cardBox is a card tile laid out: its height and the lines of its texts.
type cardBox struct {
	c       *Card
	title   []string
	reason  []string
	h       int
	titleDy int // where the title block starts, below the own-idea label
}

func drawCanvas(r *Report) (*image.RGBA, error) {
	fs, err := loadFonts()
	if err != nil {
		return nil, err
	}
	lb := labelsFor(r.Lang)

	// Lay out first, to know the height of the picture.
	questionFace := fs.face(fs.regular, 15)
	colHeadH := 0
	questions := make([][]string, len(r.Canvas))
	for i, col := range r.Canvas {
		questions[i] = wrap(questionFace, col.Question, pngColumnW-2*18)
		colHeadH = max(colHeadH, 18+26+10+len(questions[i])*20+14)
	}
	boxes := make([][]cardBox, len(r.Canvas))
	bodyH := 0
	for i := range r.Canvas {
		h := pngColPad
		for j := range r.Canvas[i].Cards {
			b := layoutCard(fs, &lb, &r.Canvas[i].Cards[j])
			boxes[i] = append(boxes[i], b)
			h += b.h + pngCardGap
		}
		if len(boxes[i]) == 0 {
			h += 60
		}
		bodyH = max(bodyH, h+pngColPad-pngCardGap)
	}
	bodyH = max(bodyH, 140)
	top := pngHeaderH + 32
	legendY := top + colHeadH + bodyH + 34
	height := legendY + 44

	p := &painter{img: image.NewRGBA(image.Rect(0, 0, CanvasWidth, height)), fs: fs}
	draw.Draw(p.img, p.img.Bounds(), image.NewUniform(theme.Paper), image.Point{}, draw.Src)
	p.header(r, &lb)

	for i, col := range r.Canvas {
		x := pngMargin + i*(pngColumnW+pngGutter)
		pc := theme.Part(col.Part)
		ink := pc.TextOn()
		p.roundRect(float32(x), float32(top), pngColumnW, float32(colHeadH), [4]float32{pngColRadius, pngColRadius, 0, 0}, pc, 255)
		p.text(fs.face(fs.semibold, 26), col.Name, x+18, top+18+22, ink)
		count := strconv.Itoa(len(col.Cards))
		cw := measure(fs.face(fs.semibold, 18), count)
		p.roundRect(float32(x+pngColumnW-18-cw-20), float32(top+16), float32(cw+20), 30, [4]float32{15, 15, 15, 15}, ink, 40)
		p.text(fs.face(fs.semibold, 18), count, x+pngColumnW-18-cw-10, top+16+22, ink)
		for k, q := range questions[i] {
			p.text(questionFace, q, x+18, top+18+26+10+14+k*20, ink)
		}
		by := top + colHeadH
		p.roundRect(float32(x), float32(by), pngColumnW, float32(bodyH), [4]float32{0, 0, pngColRadius, pngColRadius}, pc.Mix(theme.Paper, 0.88), 255)
		if len(boxes[i]) == 0 {
			p.text(fs.face(fs.regular, pngTextSize), lb.EmptyColumn, x+pngColPad+pngCardPad, by+pngColPad+34, theme.Muted)
		}
		y := by + pngColPad
		for _, b := range boxes[i] {
			p.card(&lb, b, x+pngColPad, y)
			y += b.h + pngCardGap
		}
	}
	p.legend(r, &lb, legendY)
	return p.img, nil
}

func (p *painter) header(r *Report, lb *labels) {
	fs := p.fs
	p.rect(0, 0, CanvasWidth, pngHeaderH, theme.Table, 255)
	// A thin band of the four part colours under the header, as on the game's table edge.
	for i, part := range cards.Parts {
		x0 := i * CanvasWidth / 4
		p.rect(x0, pngHeaderH, (i+1)*CanvasWidth/4-x0, 6, theme.Part(part), 255)
	}
	light := theme.Paper.Mix(theme.Table, 0.3)
	p.text(fs.face(fs.semibold, 18), lb.Brand, pngMargin, 44, light)
	p.text(fs.face(fs.semibold, 38), lb.Canvas, pngMargin, 92, theme.Paper)
	var sub []string
	if r.Room != "" {
		sub = append(sub, lb.Room+" "+r.Room)
	}
	sub = append(sub, r.when(lb), r.Deck.Name)
	right := CanvasWidth - pngMargin
	stats := lb.count("cards", r.cards()) + " · " + lb.count("dots", r.totalDots())
	statsW := measure(fs.face(fs.regular, 19), stats)
	p.text(fs.face(fs.regular, 19), stats, right-statsW, 128, light)
	p.text(fs.face(fs.regular, 19), ellipsize(fs.face(fs.regular, 19), strings.Join(sub, "  ·  "), right-statsW-40-pngMargin), pngMargin, 128, light)
	status := r.statusText(lb)
	sf := fs.face(fs.semibold, 17)
	sw := measure(sf, status) + 28
	bg := theme.Paper.Mix(theme.Table, 0.75)
	if r.Status == Running {
		bg = theme.Accent
	}
	p.roundRect(float32(right-sw), 62, float32(sw), 34, [4]float32{17, 17, 17, 17}, bg, 255)
	p.text(sf, status, right-sw+14, 62+23, theme.White)
}

// layoutCard wraps a card's texts and measures its tile.
func layoutCard(fs *fonts, lb *labels, c *Card) cardBox {
	b := cardBox{c: c}
	titleW := pngCardW - 2*pngCardPad - pngIcon - 12
	if c.Dots > 0 {
		titleW -= pngBadge + 8
	}
	b.title = wrap(fs.face(fs.semibold, pngTitleSize), c.Title, titleW)
	if c.OwnIdea {
		b.titleDy = 18
	}
	rowH := max(pngIcon, b.titleDy+len(b.title)*pngTitleLine)
	if c.Reason != "" {
		b.reason = wrap(fs.face(fs.regular, pngTextSize), "“"+c.Reason+"”", pngCardW-2*pngCardPad)
	}
	b.h = pngBand + 14 + rowH + 14
	if len(b.reason) > 0 {
		b.h += len(b.reason)*pngTextLine + 10
	}
	b.h += 1 + 12 + pngFooterH + 12
	return b
}

func (p *painter) card(lb *labels, b cardBox, x, y int) {
	fs, c := p.fs, b.c
	pc := theme.Part(c.Part)
	fx, fy, w, h := float32(x), float32(y), float32(pngCardW), float32(b.h)
	p.shadow(fx, fy, w, h)
	p.roundRect(fx, fy, w, h, [4]float32{pngRadius, pngRadius, pngRadius, pngRadius}, pc, 255)
	p.roundRect(fx, fy+pngBand, w, h-pngBand, [4]float32{0, 0, pngRadius, pngRadius}, theme.White, 255)

	// Icon in a tinted disc.
	ix, iy := x+pngCardPad, y+pngBand+14
	p.roundRect(float32(ix), float32(iy), pngIcon, pngIcon, [4]float32{pngIcon / 2, pngIcon / 2, pngIcon / 2, pngIcon / 2}, pc.Mix(theme.White, 0.82), 255)
	p.icon(c.Icon, 24, ix+pngIcon/2, iy+pngIcon/2, pc)

	tx := ix + pngIcon + 12
	if c.OwnIdea {
		p.text(fs.face(fs.semibold, 12), strings.ToUpper(lb.OwnIdea), tx, iy+11, theme.Accent)
	}
	ty := iy + b.titleDy + 18
	for k, line := range b.title {
		p.text(fs.face(fs.semibold, pngTitleSize), line, tx, ty+k*pngTitleLine, theme.Ink)
	}
	if c.Dots > 0 {
		// The place in the ranking, in the accent colour the dots have.
		bx := x + pngCardW - pngCardPad - pngBadge
		p.roundRect(float32(bx), float32(iy+4), pngBadge, pngBadge, [4]float32{pngBadge / 2, pngBadge / 2, pngBadge / 2, pngBadge / 2}, theme.Accent, 255)
		n := strconv.Itoa(c.Place)
		nf := fs.face(fs.semibold, 15)
		p.text(nf, n, bx+(pngBadge-measure(nf, n))/2, iy+4+20, theme.White)
	}
	rowH := max(pngIcon, b.titleDy+len(b.title)*pngTitleLine)
	yy := iy + rowH + 14
	for k, line := range b.reason {
		p.text(fs.face(fs.regular, pngTextSize), line, x+pngCardPad, yy+16+k*pngTextLine, theme.Ink)
	}
	if len(b.reason) > 0 {
		yy += len(b.reason)*pngTextLine + 10
	}
	p.rect(x+pngCardPad, yy, pngCardW-2*pngCardPad, 1, theme.Muted, 50)
	yy += 1 + 12

	// Footer: reactions and dots on the right, the owner on the left in the room left over.
	right := x + pngCardW - pngCardPad
	small := fs.face(fs.semibold, pngSmallSize)
	mid := yy + pngFooterH/2
	if c.Dots > 0 {
		n := min(c.Dots, pngMaxDots)
		if c.Dots > pngMaxDots {
			label := "×" + strconv.Itoa(c.Dots)
			right -= measure(small, label)
			p.text(small, label, right, mid+5, theme.Accent)
			right -= 4
			n = 1
		}
		for k := 0; k < n; k++ {
			right -= 12
			p.roundRect(float32(right), float32(mid-6), 12, 12, [4]float32{6, 6, 6, 6}, theme.Accent, 255)
			right -= 3
		}
		right -= 10
	}
	for _, rc := range []struct {
		n    int
		icon string
	}{{c.Concerns, iconConcern}, {c.Questions, iconQuestion}, {c.Plus, iconPlus}} {
		if rc.n == 0 {
			continue
		}
		label := strconv.Itoa(rc.n)
		right -= measure(small, label)
		p.text(small, label, right, mid+5, theme.Muted)
		right -= 20
		p.icon(rc.icon, 17, right+9, mid, theme.Muted)
		right -= 10
	}
	ox := x + pngCardPad
	p.roundRect(float32(ox), float32(mid-6), 12, 12, [4]float32{6, 6, 6, 6}, theme.Seat(c.Owner.Color), 255)
	name := ellipsize(small, c.Owner.Name, right-(ox+20)-6)
	p.text(small, name, ox+20, mid+5, theme.Muted)
}

func (p *painter) legend(r *Report, lb *labels, y int) {
	fs := p.fs
	f := fs.face(fs.regular, 15)
	x := pngMargin
	mid := y + 10
	for _, it := range []struct{ icon, label string }{
		{iconPlus, lb.LegendPlus}, {iconQuestion, lb.LegendQ}, {iconConcern, lb.LegendC},
	} {
		p.icon(it.icon, 18, x+9, mid, theme.Muted)
		p.text(f, it.label, x+24, mid+5, theme.Muted)
		x += 24 + measure(f, it.label) + 24
	}
	p.roundRect(float32(x), float32(mid-6), 12, 12, [4]float32{6, 6, 6, 6}, theme.Accent, 255)
	p.text(f, lb.Dot, x+20, mid+5, theme.Muted)
	gen := r.generatedText(lb)
	p.text(f, gen, CanvasWidth-pngMargin-measure(f, gen), mid+5, theme.Muted)
}

// --- drawing primitives ---

func (p *painter) rect(x, y, w, h int, c theme.Color, alpha uint8) {
	draw.Draw(p.img, image.Rect(x, y, x+w, y+h), image.NewUniform(withAlpha(c, alpha)), image.Point{}, draw.Over)
}

func withAlpha(c theme.Color, a uint8) color.NRGBA {
	r, g, b := c.RGB()
	return color.NRGBA{r, g, b, a}
}

// roundRectPath adds a rectangle with corner radii (top left, top right, bottom right,
// bottom left) to z, offset by (ox, oy).
func roundRectPath(z *vector.Rasterizer, x, y, w, h float32, rad [4]float32) {
	const k = 0.5523 // a cubic Bézier's control distance for a quarter circle, per radius
	tl, tr, br, bl := rad[0], rad[1], rad[2], rad[3]
	z.MoveTo(x+tl, y)
	z.LineTo(x+w-tr, y)
	z.CubeTo(x+w-tr+k*tr, y, x+w, y+tr-k*tr, x+w, y+tr)
	z.LineTo(x+w, y+h-br)
	z.CubeTo(x+w, y+h-br+k*br, x+w-br+k*br, y+h, x+w-br, y+h)
	z.LineTo(x+bl, y+h)
	z.CubeTo(x+bl-k*bl, y+h, x, y+h-bl+k*bl, x, y+h-bl)
	z.LineTo(x, y+tl)
	z.CubeTo(x, y+tl-k*tl, x+tl-k*tl, y, x+tl, y)
	z.ClosePath()
}

func (p *painter) roundRect(x, y, w, h float32, rad [4]float32, c theme.Color, alpha uint8) {
	x0, y0 := int(x), int(y)
	x1, y1 := int(x+w+0.999), int(y+h+0.999)
	z := vector.NewRasterizer(x1-x0, y1-y0)
	roundRectPath(z, x-float32(x0), y-float32(y0), w, h, rad)
	z.Draw(p.img, image.Rect(x0, y0, x1, y1), image.NewUniform(withAlpha(c, alpha)), image.Point{})
}

// shadow draws the soft shadow of a card: its shape, blurred (three box blurs approximate a
// Gaussian) and shifted down a little, as light from above would cast it.
func (p *painter) shadow(x, y, w, h float32) {
	const pad = 3 * pngShadow
	mw, mh := int(w)+2*pad, int(h)+2*pad
	mask := image.NewAlpha(image.Rect(0, 0, mw, mh))
	z := vector.NewRasterizer(mw, mh)
	roundRectPath(z, pad, pad, w, h, [4]float32{pngRadius, pngRadius, pngRadius, pngRadius})
	z.Draw(mask, mask.Bounds(), image.Opaque, image.Point{})
	for i := 0; i < 3; i++ {
		boxBlur(mask, pngShadow/3+1)
	}
	dst := image.Rect(int(x)-pad, int(y)-pad+4, int(x)-pad+mw, int(y)-pad+4+mh)
	draw.DrawMask(p.img, dst, image.NewUniform(withAlpha(theme.Table, 70)), image.Point{}, mask, image.Point{}, draw.Over)
}

// boxBlur blurs an alpha mask in place with a box of radius r, horizontally then vertically:
// a running sum along each row and column, so the cost does not grow with r.
func boxBlur(m *image.Alpha, r int) {
	w, h := m.Rect.Dx(), m.Rect.Dy()
	pix := m.Pix
	tmp := make([]uint8, max(w, h))
	// pass blurs the n pixels that start at base and lie step apart.
	pass := func(base, step, n int) {
		sum := 0
		for i := 0; i <= r && i < n; i++ {
			sum += int(pix[base+i*step])
		}
		for i := 0; i < n; i++ {
			tmp[i] = uint8(sum / (2*r + 1))
			if j := i - r; j >= 0 {
				sum -= int(pix[base+j*step])
			}
			if j := i + r + 1; j < n {
				sum += int(pix[base+j*step])
			}
		}
		for i := 0; i < n; i++ {
			pix[base+i*step] = tmp[i]
		}
	}
	for y := 0; y < h; y++ {
		pass(y*m.Stride, 1, w)
	}
	for x := 0; x < w; x++ {
		pass(x, m.Stride, h)
	}
}

// text draws s with its baseline at y.
func (p *painter) text(f font.Face, s string, x, y int, c theme.Color) {
	d := font.Drawer{Dst: p.img, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// icon draws the named icon of size px centred on (cx, cy); an unknown name draws a bulb.
func (p *painter) icon(name string, size float64, cx, cy int, c theme.Color) {
	r, ok := cards.IconRune(name)
	if !ok {
		r, _ = cards.IconRune(iconFallback)
	}
	f := p.fs.face(p.fs.icons, size)
	b, _, ok := f.GlyphBounds(r)
	if !ok {
		return
	}
	dot := fixed.Point26_6{
		X: fixed.I(cx) - (b.Min.X+b.Max.X)/2,
		Y: fixed.I(cy) - (b.Min.Y+b.Max.Y)/2,
	}
	d := font.Drawer{Dst: p.img, Src: image.NewUniform(c), Face: f, Dot: dot}
	d.DrawString(string(r))
}

func measure(f font.Face, s string) int { return font.MeasureString(f, s).Ceil() }

// wrap breaks s into lines no wider than width, at spaces; a word wider than a line is
// broken between characters.
func wrap(f font.Face, s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		try := word
		if line != "" {
			try = line + " " + word
		}
		if measure(f, try) <= width {
			line = try
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = word
		for measure(f, line) > width && utf8.RuneCountInString(line) > 1 {
			cut := len(line)
			for measure(f, line[:cut]) > width {
				_, size := utf8.DecodeLastRuneInString(line[:cut])
				cut -= size
			}
			if cut == 0 {
				_, cut = utf8.DecodeRuneInString(line)
			}
			lines = append(lines, line[:cut])
			line = line[cut:]
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// ellipsize shortens s with "…" until it fits width.
func ellipsize(f font.Face, s string, width int) string {
	if measure(f, s) <= width {
		return s
	}
	for s != "" {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
		if measure(f, s+"…") <= width {
			return s + "…"
		}
	}
	return "…"
}
