package layout

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"impactkaarten/cards"
	"impactkaarten/game/theme"
)

// Builder adds items and widgets to a Frame. U is the size of one layout unit in pixels:
// every size is written in units, so a layout scales with the window and the screen's
// pixel density.
type Builder struct {
	F *Frame
	M Measurer
	U float64
	// Compact is set for narrow screens (phones): one column, larger touch targets.
	Compact bool
	// Fixed makes what is added stay in place when the page scrolls.
	Fixed bool
	// Inert paints widgets without making them interactive: the page under a dialog.
	Inert bool
	// Focus is the id of the focused widget, so fields can show their caret.
	Focus string
	// Hyph breaks words too long for a line at their hyphenation points (nil: anywhere).
	Hyph Hyphenator
}

// Wrap wraps s with the builder's hyphenator; it reports whether text was left out.
func (b *Builder) Wrap(s string, size float64, bold bool, width float64, maxLines int) ([]string, bool) {
	return WrapH(b.M, b.Hyph, s, size, bold, width, maxLines)
}

// S converts units to pixels.
func (b *Builder) S(units float64) float64 { return units * b.U }

// Add appends an item and returns its index.
func (b *Builder) Add(it Item) int {
	it.Fixed = it.Fixed || b.Fixed
	b.F.Items = append(b.F.Items, it)
	return len(b.F.Items) - 1
}

// widget registers a widget unless the builder is inert, and returns its index+1 (0 if
// inert), for items to refer to.
func (b *Builder) widget(w Widget) int {
	if b.Inert {
		return 0
	}
	w.Fixed = w.Fixed || b.Fixed
	b.F.Widgets = append(b.F.Widgets, w)
	return len(b.F.Widgets)
}

// Grow notes that content reaches down to y, for scrolling.
func (b *Builder) Grow(y float64) {
	if !b.Fixed && y > b.F.ContentH {
		b.F.ContentH = y
	}
}

// Panel paints a rounded surface.
func (b *Builder) Panel(r Rect, c theme.Color, radius float64, shadow bool) {
	it := Item{Kind: Fill, Rect: r, Color: c, Radius: b.S(radius)}
	if shadow {
		it.Shadow = b.S(10)
	}
	b.Add(it)
	b.Grow(r.MaxY())
}

// Outline paints a rounded border without fill.
func (b *Builder) Outline(r Rect, c theme.Color, radius, width float64) {
	b.Add(Item{Kind: Fill, Rect: r, Alpha: 0.0001, Color: c, Radius: b.S(radius), Border: c, BorderW: b.S(width)})
}

// Tint paints a translucent rounded surface.
func (b *Builder) Tint(r Rect, c theme.Color, alpha, radius float64) {
	b.Add(Item{Kind: Fill, Rect: r, Color: c, Alpha: alpha, Radius: b.S(radius)})
}

// TextStyle is how a piece of text looks. Size is in units.
type TextStyle struct {
	Size     float64
	Bold     bool
	Color    theme.Color
	Align    Align
	MaxLines int
}

// Text wraps s into the width of r from its top and paints it; it returns the height used
// in pixels.
func (b *Builder) Text(r Rect, s string, st TextStyle) float64 {
	size := b.S(st.Size)
	lines, cut := b.Wrap(s, size, st.Bold, r.W, st.MaxLines)
	h := float64(len(lines)) * LineHeight(size)
	b.Add(Item{Kind: Text, Rect: Rect{r.X, r.Y, r.W, h}, Lines: lines, Size: size, Bold: st.Bold, Color: st.Color, Align: st.Align, Elided: cut})
	b.Grow(r.Y + h)
	return h
}

// lineShrink is how far Line may shrink a text that is too wide before it cuts it.
const lineShrink = 0.8

// Line paints a single line of text centred vertically in r. Too wide for r.W, it is set
// smaller first (down to lineShrink of its size: a caption or label read whole beats one
// cut), and only then shortened with an ellipsis.
func (b *Builder) Line(r Rect, s string, st TextStyle) {
	size := b.S(st.Size)
	if w := b.M.Width(s, size, st.Bold); w > r.W && r.W > 0 {
		// Widths scale with the size; the step down is checked, as a measurer may round.
		for f := math.Max(lineShrink, r.W/w); f >= lineShrink; f -= 0.02 {
			if b.M.Width(s, size*f, st.Bold) <= r.W {
				size *= f
				break
			}
		}
		if b.M.Width(s, size, st.Bold) > r.W {
			size = b.S(st.Size) * lineShrink
		}
	}
	shown := Elide(b.M, s, size, st.Bold, r.W)
	lh := LineHeight(size)
	b.Add(Item{Kind: Text, Rect: Rect{r.X, r.Y + (r.H-lh)/2, r.W, lh}, Lines: []string{shown}, Size: size, Bold: st.Bold, Color: st.Color, Align: st.Align, Elided: shown != s})
	b.Grow(r.MaxY())
}

// Label paints a caption in r as Line does, but one too long for a line even set smaller
// (a phone) takes two lines at a smaller size when r is tall enough for them.
func (b *Builder) Label(r Rect, s string, st TextStyle) {
	two := TextStyle{Size: math.Min(st.Size, 13), Bold: st.Bold, Color: st.Color, Align: st.Align, MaxLines: 2}
	if h := b.TextHeight(r.W, s, two); b.Width(s, st.Size*lineShrink, st.Bold) > r.W && h <= r.H {
		b.Text(Rect{r.X, r.CY() - h/2, r.W, h}, s, two)
		return
	}
	b.Line(r, s, st)
}

// TextHeight is the height Text would use.
func (b *Builder) TextHeight(w float64, s string, st TextStyle) float64 {
	size := b.S(st.Size)
	lines, _ := b.Wrap(s, size, st.Bold, w, st.MaxLines)
	return float64(len(lines)) * LineHeight(size)
}

// Width measures one line at a size in units.
func (b *Builder) Width(s string, size float64, bold bool) float64 {
	return b.M.Width(s, b.S(size), bold)
}

// Glyph paints an icon centred in r at a size in units.
func (b *Builder) Glyph(r Rect, g rune, size float64, c theme.Color) {
	if g == 0 {
		return
	}
	b.Add(Item{Kind: Icon, Rect: r, Glyph: g, Size: b.S(size), Color: c})
}

// ButtonOpts are the options of a button.
type ButtonOpts struct {
	Style    ButtonStyle
	Glyph    rune
	Disabled bool
	Selected bool
	OnDark   bool   // the button sits on the table, not on a panel
	Label    string // the accessible label when it differs from the caption
	Kind     Kind   // Button unless set (Toggle, Choice)
	Group    string
	Size     float64 // caption size in units; 0 means 15
	Action   any     // what pressing it does (Widget.Action)
}

// Button adds a pressable widget with a caption.
func (b *Builder) Button(id string, r Rect, caption string, o ButtonOpts) {
	kind := o.Kind
	if kind == "" {
		kind = Button
	}
	label := o.Label
	if label == "" {
		label = caption
	}
	idx := b.widget(Widget{ID: id, Kind: kind, Label: label, Rect: r, Enabled: !o.Disabled, Selected: o.Selected, Group: o.Group, Action: o.Action})
	fill, text, border := b.buttonColors(o)
	it := Item{Kind: Fill, Rect: r, Color: fill, Radius: math.Min(b.S(10), r.H/2), Widget: idx}
	if border != 0 {
		it.Border, it.BorderW = border, b.S(1.5)
	}
	if o.Style == Quiet && !o.Selected {
		it.Alpha = 0.0001
	}
	b.Add(it)
	size := o.Size
	if size == 0 {
		size = 15
	}
	inner := r.InsetXY(b.S(12), 0)
	if need := b.ButtonWidth(caption, o.Glyph, size) - b.S(2); caption != "" && need > r.W {
		inner = r.InsetXY(b.S(6), 0) // a narrow button gives its caption the padding first
	}
	if o.Glyph != 0 {
		gs := size * 1.35
		gw := b.S(gs)
		tw := b.Width(caption, size, true)
		if caption == "" {
			b.Glyph(r, o.Glyph, gs, text)
		} else {
			total := math.Min(gw+b.S(6)+tw, inner.W)
			x := inner.X + (inner.W-total)/2
			b.Glyph(Rect{x, r.Y, gw, r.H}, o.Glyph, gs, text)
			b.Line(Rect{x + gw + b.S(6), r.Y, math.Max(0, inner.MaxX()-(x+gw+b.S(6))), r.H}, caption, TextStyle{Size: size, Bold: true, Color: text})
		}
	} else if caption != "" {
		b.Line(inner, caption, TextStyle{Size: size, Bold: true, Color: text, Align: Center})
	}
	ov := PanelColor
	if o.OnDark {
		ov = TableLight
	}
	b.Add(Item{Kind: Overlay, Rect: r, Radius: math.Min(b.S(10), r.H/2), Widget: idx, Color: ov})
	b.Grow(r.MaxY())
}

func (b *Builder) buttonColors(o ButtonOpts) (fill, text, border theme.Color) {
	switch {
	case o.Selected && (o.Kind == Choice || o.Kind == Toggle):
		if o.OnDark {
			return PrimaryDark, InkColor, 0
		}
		return PrimaryColor, theme.White, 0
	case o.Style == Primary && o.OnDark:
		return PrimaryDark, InkColor, 0
	case o.Style == Primary:
		return PrimaryColor, theme.White, 0
	case o.Style == Danger:
		return DangerColor, theme.White, 0
	case o.Style == DangerQuiet:
		return theme.White, DangerColor, DangerColor
	case o.Style == Quiet && o.OnDark:
		return TableLight, OnTable, 0
	case o.Style == Quiet:
		return 0xE9E4D8, InkColor, 0
	case o.OnDark:
		return TableLight, OnTable, TableLine
	}
	return theme.White, InkColor, 0xC9C2B2
}

// ButtonWidth is the width a button needs for its caption and icon at a size in units.
func (b *Builder) ButtonWidth(caption string, glyph rune, size float64) float64 {
	w := b.Width(caption, size, true) + b.S(24)
	if glyph != 0 {
		w += b.S(size*1.35) + b.S(6)
	}
	return w + b.S(2)
}

// Toggle adds an on/off switch with a caption to its right; action is what pressing it
// does (Widget.Action).
func (b *Builder) Toggle(id string, r Rect, caption string, on, disabled, onDark bool, action any) {
	idx := b.widget(Widget{ID: id, Kind: Toggle, Label: caption, Rect: r, Enabled: !disabled, Selected: on, Action: action})
	textColor := InkColor
	if onDark {
		textColor = OnTable
	}
	h := math.Min(r.H-b.S(8), b.S(22))
	track := Rect{r.X + b.S(4), r.CY() - h/2, h * 1.8, h}
	trackColor := theme.Color(0xC9C2B2)
	if on {
		trackColor = PrimaryColor
		if onDark {
			trackColor = PrimaryDark
		}
	}
	b.Add(Item{Kind: Fill, Rect: track, Color: trackColor, Radius: h / 2, Widget: idx})
	knob := Rect{track.X + b.S(3), track.Y + b.S(3), h - b.S(6), h - b.S(6)}
	if on {
		knob.X = track.MaxX() - b.S(3) - knob.W
	}
	b.Add(Item{Kind: Fill, Rect: knob, Color: theme.White, Radius: knob.H / 2})
	b.Label(Rect{track.MaxX() + b.S(10), r.Y, math.Max(0, r.MaxX()-track.MaxX()-b.S(10)), r.H}, caption, TextStyle{Size: 15, Color: textColor})
	ov := PanelColor
	if onDark {
		ov = TableLight
	}
	b.Add(Item{Kind: Overlay, Rect: r, Radius: b.S(8), Widget: idx, Color: ov})
	b.Grow(r.MaxY())
}

// FieldState is what a text field shows; the controller keeps the editing state.
type FieldState struct {
	Text        string
	Caret       int // byte offsets into Text
	SelStart    int
	SelEnd      int
	Composition string // IME text being composed at the caret
	Placeholder string
	Secret      bool
}

// TextField adds a one-line text field. label names it for assistive tools; submit is
// the id of the widget that Enter presses.
func (b *Builder) TextField(id string, r Rect, label string, st FieldState, disabled bool, submit string) {
	focused := b.Focus == id && !disabled
	idx := b.widget(Widget{ID: id, Kind: TextField, Label: label, Rect: r, Enabled: !disabled, Value: st.Text, Submit: submit})
	border := theme.Color(0xB9B2A2)
	bw := b.S(1.5)
	if focused {
		border, bw = PrimaryColor, b.S(2)
	}
	fill := theme.Color(theme.White)
	if disabled {
		fill = 0xEFEBE2
	}
	b.Add(Item{Kind: Fill, Rect: r, Color: fill, Radius: b.S(8), Border: border, BorderW: bw, Widget: idx})
	size := b.S(16)
	pad := b.S(12)
	inner := r.InsetXY(pad, 0)
	shown := st.Text
	caret := clampIndex(st.Text, st.Caret)
	s0, s1 := clampIndex(st.Text, st.SelStart), clampIndex(st.Text, st.SelEnd)
	if s0 > s1 {
		s0, s1 = s1, s0
	}
	var c0, c1 int
	if focused && st.Composition != "" {
		shown = st.Text[:caret] + st.Composition + st.Text[caret:]
		c0, c1 = caret, caret+len(st.Composition)
		caret = c1
	}
	w := func(i int) float64 { return b.M.Width(shown[:i], size, false) }
	// A placeholder too long for a narrow field ends after a whole word, not mid-word.
	placeholder := ElideWords(b.M, st.Placeholder, size, false, inner.W-b.S(2))
	fi := &FieldInfo{Text: shown, Placeholder: placeholder, Size: size, Focused: focused}
	fi.CaretX = w(caret)
	if s1 > s0 && st.Composition == "" {
		fi.SelX0, fi.SelX1 = w(s0), w(s1)
	}
	if c1 > c0 {
		fi.CompX0, fi.CompX1 = w(c0), w(c1)
	}
	if fi.CaretX > inner.W-b.S(2) {
		fi.ScrollX = fi.CaretX - inner.W + b.S(2)
	}
	b.Add(Item{Kind: Field, Rect: inner, Edit: fi, Widget: idx})
	b.Add(Item{Kind: Overlay, Rect: r, Radius: b.S(8), Widget: idx})
	b.Grow(r.MaxY())
}

func clampIndex(s string, i int) int {
	i = max(0, min(i, len(s)))
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// Avatar paints a seat's round badge with its initial.
func (b *Builder) Avatar(r Rect, name string, c theme.Color, online bool) {
	d := math.Min(r.W, r.H)
	circle := r.Center(d, d)
	b.Add(Item{Kind: Fill, Rect: circle, Color: c, Radius: d / 2})
	initial := "?"
	if name != "" {
		ch, _ := utf8.DecodeRuneInString(name)
		initial = string(ch)
	}
	b.Line(circle, initial, TextStyle{Size: d / b.U * 0.45, Bold: true, Color: c.TextOn(), Align: Center})
	if !online {
		b.Add(Item{Kind: Fill, Rect: circle, Color: TableColor, Alpha: 0.55, Radius: d / 2})
	}
}

// Dot paints a small filled circle.
func (b *Builder) Dot(cx, cy, d float64, c theme.Color) {
	b.Add(Item{Kind: Fill, Rect: Rect{cx - d/2, cy - d/2, d, d}, Color: c, Radius: d / 2})
}

// Info registers a read-only widget over r that names what the text painted there says.
func (b *Builder) Info(id string, r Rect, label string) {
	b.widget(Widget{ID: id, Kind: Info, Label: label, Rect: r})
}

// CardWidget adds a card as a widget (when id is not empty) with its face.
func (b *Builder) CardWidget(id string, r Rect, label string, face *FaceInfo, w Widget) {
	idx := 0
	if id != "" {
		w.ID, w.Kind, w.Label, w.Rect = id, Card, label, r
		idx = b.widget(w)
	}
	b.Add(Item{Kind: Face, Key: "card:" + face.ID, Rect: r, Card: face, Radius: b.S(12), Shadow: b.S(8), Widget: idx})
	if idx != 0 {
		b.Add(Item{Kind: Overlay, Rect: r, Radius: b.S(12), Widget: idx})
	}
	b.Grow(r.MaxY())
}

// FaceOf returns the face of a card with its texts, not yet arranged; call Arrange once
// the footer and badges are set.
func (b *Builder) FaceOf(c *cards.Card, lang cards.Lang, title, kicker string, band theme.Color, glyph rune, withBody bool) *FaceInfo {
	f := &FaceInfo{ID: c.ID, Kind: c.Kind, Band: band, Glyph: glyph, Kicker: kicker, TitleText: title}
	if title == "" {
		f.TitleText = c.Title.In(lang)
	}
	if withBody {
		f.BodyText = c.Body.In(lang)
	}
	return f
}

// Arrange lays out a face for a w×h card: a big card gets a colour band with its kind and
// icon on top, the title, and the body as room allows; a small card (a row on the canvas)
// gets its icon on the left and its title beside it. Every text is wrapped or shortened
// here, so the renderer only places it.
func (b *Builder) Arrange(f *FaceInfo, w, h float64) *FaceInfo {
	f.W, f.H = w, h
	f.Compact = h < b.S(150)
	f.Elided, f.Footer = false, nil
	if f.Row {
		b.arrangeRow(f, w, h)
		return f
	}
	if f.Compact {
		pad := math.Min(b.S(10), h*0.14)
		f.Pad = pad
		ts := math.Min(b.S(15), math.Max(b.S(11), h*0.3))
		if h < b.S(60) {
			ts = math.Min(ts, b.S(13))
		}
		gs := math.Min(h-2*pad, b.S(34))
		f.GlyphBox = Rect{pad + b.S(4), (h - gs) / 2, gs, gs}
		if h < b.S(60) {
			f.GlyphBox = Rect{pad + b.S(2), pad, gs * 0.8, gs * 0.8}
			f.GlyphBox.Y = (h - f.GlyphBox.H) / 2
		}
		tx := f.GlyphBox.MaxX() + b.S(8)
		tw := w - tx - pad
		ts = b.fitWords(f.TitleText, ts, true, tw, b.S(10))
		f.TitleSize = ts
		f.BadgeW = b.badgesWidth(f, ts*0.85)
		fs := math.Max(b.S(10.5), ts*0.82)
		f.FooterSize = fs
		footerH := 0.0
		if f.FooterText != "" && h-2*pad >= LineHeight(ts)+LineHeight(fs) {
			footerH = LineHeight(fs)
		}
		lines := int(math.Max(1, math.Floor((h-2*pad-footerH)/LineHeight(ts))))
		var cut bool
		f.Title, cut = b.Wrap(f.TitleText, ts, true, tw-f.BadgeW*boolf(footerH == 0), min(lines, 3))
		f.Elided = cut || (f.FooterText != "" && footerH == 0)
		used := float64(len(f.Title)) * LineHeight(ts)
		f.TitleX = tx
		f.TitleY = (h - used - footerH) / 2
		if footerH > 0 {
			line := Elide(b.M, f.FooterText, fs, false, tw-f.BadgeW)
			f.Footer = []string{line}
			f.FooterY = f.TitleY + used
			f.Elided = f.Elided || line != f.FooterText
		}
		f.BadgeY = h - pad - LineHeight(ts*0.85)
		if footerH == 0 {
			f.BadgeY = (h - LineHeight(ts*0.85)) / 2
		}
		return f
	}
	pad := math.Max(b.S(10), w*0.075)
	f.Pad = pad
	f.BandH = math.Max(h*0.12, b.S(30))
	f.KickerSize = math.Max(b.S(10), math.Min(f.BandH*0.38, b.S(14)))
	gs := f.BandH * 0.62
	f.GlyphBox = Rect{w - pad - gs, (f.BandH - gs) / 2, gs, gs}
	room := w - 2*pad - gs - b.S(6)
	if first, _, ok := strings.Cut(f.Kicker, " · "); ok && b.M.Width(f.Kicker, f.KickerSize, true) > room {
		f.Kicker = first // only the first of the parts fits
	}
	f.Kicker = Elide(b.M, f.Kicker, f.KickerSize, true, room)
	ts := math.Max(b.S(12), math.Min(w/11.5, b.S(30)))
	ts = b.fitWords(f.TitleText, ts, true, w-2*pad, b.S(11))
	f.TitleSize = ts
	fs := math.Max(b.S(11), ts*0.62)
	f.FooterSize = fs
	f.BadgeW = b.badgesWidth(f, fs)
	bottom := h - pad
	footLH := LineHeight(fs)
	if f.FooterText != "" || len(f.Badges) > 0 {
		// One line along the bottom for the footer and the badges; the footer takes more
		// once the title and body are laid out, from the room they leave.
		bottom -= footLH + b.S(4)
		f.FooterY = h - pad - footLH
		f.BadgeY = f.FooterY
	}
	f.TitleX = pad
	f.TitleY = f.BandH + pad*0.8
	avail := bottom - f.TitleY
	maxTitle := int(math.Max(1, math.Floor(avail/LineHeight(ts))))
	var cut bool
	f.Title, cut = b.Wrap(f.TitleText, ts, true, w-2*pad, min(maxTitle, 7))
	f.Elided = f.Elided || cut
	if f.BodyText != "" {
		bs := math.Max(b.S(11), ts*0.6)
		f.BodySize = bs
		f.BodyY = f.TitleY + float64(len(f.Title))*LineHeight(ts) + bs*0.6
		if n := int(math.Floor((bottom - f.BodyY) / LineHeight(bs))); n >= 2 {
			f.Body, cut = b.Wrap(f.BodyText, bs, false, w-2*pad, n)
			f.Elided = f.Elided || cut
		} else {
			f.Elided = true
		}
	}
	if f.FooterText != "" {
		end := f.TitleY + float64(len(f.Title))*LineHeight(ts)
		if len(f.Body) > 0 {
			end = f.BodyY + float64(len(f.Body))*LineHeight(f.BodySize)
		}
		n := 1 + max(0, int(math.Floor((bottom-end-b.S(4))/footLH)))
		f.Footer, cut = b.Wrap(f.FooterText, fs, false, w-2*pad-f.BadgeW, n)
		f.FooterY = h - pad - float64(len(f.Footer))*footLH
		f.Elided = f.Elided || cut
	}
	return f
}

// RowTextSize is the size of a card row's body text (a reason on the canvas), in units.
const RowTextSize = 13

// RowHeight is the height a card row of width w needs to show its title and its whole
// body (a reason on the canvas) with maxBody lines at most (0: no limit).
func (b *Builder) RowHeight(f *FaceInfo, w float64, maxBody int) float64 {
	g := *f
	return b.rowLayout(&g, w, math.Inf(1), maxBody)
}

// arrangeRow lays out a small card that shows text under its title: the icon and the
// title on top, the body wrapped below over the card's width, the badges on a line of
// their own at the bottom. The body takes every line the height allows.
func (b *Builder) arrangeRow(f *FaceInfo, w, h float64) {
	b.rowLayout(f, w, h, 0)
}

// rowLayout arranges a row card in a w×h box (h may be infinite) and returns the height
// that shows all of it (with maxBody lines of body at most, when set).
func (b *Builder) rowLayout(f *FaceInfo, w, h float64, maxBody int) float64 {
	f.Compact = true
	pad := b.S(10)
	f.Pad = pad
	gs := b.S(28)
	f.GlyphBox = Rect{pad + b.S(2), pad, gs, gs}
	tx := f.GlyphBox.MaxX() + b.S(8)
	tw := w - tx - pad - b.S(4) // the owner's stripe on the right
	ts := b.fitWords(f.TitleText, b.S(15), true, tw, b.S(12))
	f.TitleSize = ts
	var cut bool
	f.Title, cut = b.Wrap(f.TitleText, ts, true, tw, 3)
	f.Elided = cut
	tlh := LineHeight(ts)
	f.TitleX = tx
	f.TitleY = pad + math.Max(0, (gs-float64(len(f.Title))*tlh)/2)
	bs := b.S(RowTextSize)
	f.BodySize = bs
	f.FooterSize = bs
	blh := LineHeight(bs)
	f.BodyY = math.Max(f.TitleY+float64(len(f.Title))*tlh, f.GlyphBox.MaxY()) + b.S(4)
	f.BadgeW = b.badgesWidth(f, bs)
	badgeH := 0.0
	if len(f.Badges) > 0 {
		badgeH = blh + b.S(2)
	}
	// A row kept taller than the badges' line centres them in it.
	lift := 0.0
	if f.BadgeRowH > math.Max(badgeH, blh) {
		badgeH = f.BadgeRowH
		lift = (f.BadgeRowH - blh) / 2
	}
	bw := w - 2*pad - b.S(12) // clear of the owner's stripe
	all, _ := b.Wrap(f.BodyText, bs, false, bw, maxBody)
	need := f.BodyY + float64(len(all))*blh + badgeH + pad
	n := len(all)
	if !math.IsInf(h, 1) {
		n = int(math.Floor((h-pad-badgeH-f.BodyY)/blh + 0.01))
	}
	if maxBody > 0 {
		n = min(n, maxBody)
	}
	if n < 1 {
		f.Body, f.Elided = nil, true
	} else {
		f.Body, cut = b.Wrap(f.BodyText, bs, false, bw, n)
		f.Elided = f.Elided || cut
	}
	f.BadgeY = h - pad - blh - lift
	if math.IsInf(h, 1) {
		f.BadgeY = need - pad - blh - lift
	}
	return need
}

// fitWords shrinks a font size (down to least) until the longest word fits the width, so
// that a long Dutch compound is not broken in the middle.
func (b *Builder) fitWords(s string, size float64, bold bool, width, least float64) float64 {
	for _, word := range strings.Fields(s) {
		for size > least && b.M.Width(word, size, bold) > width {
			size = math.Max(least, size*0.94)
		}
	}
	return size
}

func boolf(v bool) float64 {
	if v {
		return 1
	}
	return 0
}

// badgesWidth is the room the badges take at text size size.
func (b *Builder) badgesWidth(f *FaceInfo, size float64) float64 {
	w := 0.0
	for _, bd := range f.Badges {
		w += size*1.1 + b.M.Width(strconv.Itoa(bd.Count), size, true) + b.S(8)
	}
	return w
}

// Itoa is strconv.Itoa, for scene code that builds ids.
func Itoa(i int) string { return strconv.Itoa(i) }
