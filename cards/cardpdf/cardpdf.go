// Package cardpdf prints a deck, the built-in one or a facilitator's own, as an A4 PDF to
// cut out, so that a group can play on paper: the game's original form, and the fallback
// when the Wi-Fi fails.
//
// Cards are 63 × 88 mm (the size of a playing card), nine to a sheet in a 3 × 3 grid that
// abuts, so one cut serves two cards; cut marks sit in the margin at every cut line. Each
// sheet of fronts is followed by its sheet of backs, mirrored left to right, so a printer
// that prints double-sided and flips on the long edge puts every back behind its front. The
// PDF is made in pure Go (fpdf) with the Inter and icon fonts embedded.
package cardpdf

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"impactkaarten/assets"
	"impactkaarten/cards"
	"impactkaarten/game/theme"
)

// The geometry of a sheet, in millimetres.
const (
	CardW   = 63.0
	CardH   = 88.0
	cols    = 3
	rows    = 3
	PerPage = cols * rows
	pageW   = 210.0
	pageH   = 297.0
	marginX = (pageW - cols*CardW) / 2 // 10.5
	marginY = (pageH - rows*CardH) / 2 // 16.5
	markLen = 6.0                      // a cut mark, ending 2 mm before the card
	markGap = 2.0
	pad     = 4.0 // the text's distance from the card's edge
	bandH   = 9.0 // the coloured band at the top of a front
)

// Write writes the deck d in language l as a PDF to w.
func Write(w io.Writer, d *cards.Deck, l cards.Lang) error {
	if d == nil || len(d.Cards) == 0 {
		return fmt.Errorf("cardpdf: the deck has no cards")
	}
	if !l.Valid() {
		return fmt.Errorf("cardpdf: unknown language %q (nl or en)", l)
	}
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(0, 0, 0)
	f.SetAutoPageBreak(false, 0)
	f.SetCellMargin(0) // the card's padding is pad; SplitText measures without a margin
	f.SetCatalogSort(true)
	f.SetTitle(d.Name.In(l), true)
	f.SetCreator("Impactkaarten", true)
	f.SetSubject(fmt.Sprintf("%s, %d", d.ID, d.Version), true)
	f.AddUTF8FontFromBytes("Inter", "", assets.InterRegularTTF)
	f.AddUTF8FontFromBytes("Inter", "B", assets.InterSemiBoldTTF)
	f.AddUTF8FontFromBytes("Icons", "", assets.Icons)
	p := printer{f: f, lang: l, lb: labelsFor(l), deck: d}
	for start := 0; start < len(d.Cards); start += PerPage {
		sheet := d.Cards[start:min(start+PerPage, len(d.Cards))]
		f.AddPage()
		p.marks()
		for i := range sheet {
			x, y := cellOrigin(i, false)
			p.front(&sheet[i], x, y)
		}
		f.AddPage()
		p.marks()
		for i := range sheet {
			x, y := cellOrigin(i, true)
			p.back(&sheet[i], x, y)
		}
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("cardpdf: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return fmt.Errorf("cardpdf: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// Bytes is Write into memory.
func Bytes(d *cards.Deck, l cards.Lang) ([]byte, error) {
	var buf bytes.Buffer
	if err := Write(&buf, d, l); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Filename is the file name of a printed deck: "impactkaarten-digitaal-dna-nl.pdf".
func Filename(d *cards.Deck, l cards.Lang) string {
	id := strings.Map(func(c rune) rune {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-':
			return c
		case c >= 'A' && c <= 'Z':
			return c + 'a' - 'A'
		}
		return -1
	}, d.ID)
	if id == "" {
		id = "deck"
	}
	return "impactkaarten-" + id + "-" + string(l) + ".pdf"
}

// cellOrigin is the top-left corner of card i of a sheet; a back sits in the mirrored
// column, so that it lands behind its front when the sheet is turned over its long edge.
func cellOrigin(i int, back bool) (x, y float64) {
	col, row := i%cols, i/cols
	if back {
		col = cols - 1 - col
	}
	return marginX + float64(col)*CardW, marginY + float64(row)*CardH
}

type printer struct {
	f    *fpdf.Fpdf
	lang cards.Lang
	lb   labels
	deck *cards.Deck
}

// marks draws the cut marks: at every vertical and horizontal cut line, a short line in the
// margin on both sides of the grid.
func (p *printer) marks() {
	f := p.f
	f.SetDrawColor(0, 0, 0)
	f.SetLineWidth(0.2)
	for c := 0; c <= cols; c++ {
		x := marginX + float64(c)*CardW
		f.Line(x, marginY-markGap-markLen, x, marginY-markGap)
		f.Line(x, pageH-marginY+markGap, x, pageH-marginY+markGap+markLen)
	}
	for r := 0; r <= rows; r++ {
		y := marginY + float64(r)*CardH
		f.Line(marginX-markGap-markLen, y, marginX-markGap, y)
		f.Line(pageW-marginX+markGap, y, pageW-marginX+markGap+markLen, y)
	}
}

// colour is the colour of a card: its first part for a technology, the table's green for a
// statement, and a colour per kind for the others.
func colour(c *cards.Card) theme.Color {
	switch c.Kind {
	case cards.Technology:
		if len(c.Parts) > 0 {
			return theme.Part(c.Parts[0])
		}
		return theme.Muted
	case cards.Question:
		return 0x56B4E9
	case cards.Advice:
		return theme.Accent
	case cards.Blank:
		return theme.Muted
	}
	return theme.Table
}

func (p *printer) font(bold bool, size float64, c theme.Color) {
	style := ""
	if bold {
		style = "B"
	}
	p.f.SetFont("Inter", style, size)
	r, g, b := c.RGB()
	p.f.SetTextColor(int(r), int(g), int(b))
}

func (p *printer) fill(c theme.Color) {
	r, g, b := c.RGB()
	p.f.SetFillColor(int(r), int(g), int(b))
}

// block is a paragraph of a card's front: a label ("Let op") and its text, in a size.
type block struct {
	label, text string
	size        float64
	bold        bool
	color       theme.Color
}

// front draws a card's face: the band with its kind and icon, the title, and the texts of
// its kind, made smaller together until they fit.
func (p *printer) front(c *cards.Card, x, y float64) {
	f := p.f
	col := colour(c)
	p.fill(theme.White)
	f.SetDrawColor(200, 200, 200)
	f.SetLineWidth(0.15)
	f.Rect(x, y, CardW, CardH, "FD")
	p.fill(col)
	f.Rect(x, y, CardW, bandH, "F")
	p.font(true, 7.5, col.TextOn())
	f.SetXY(x+pad, y+1.5)
	f.CellFormat(CardW-2*pad-8, 6, strings.ToUpper(p.lb.kind(c.Kind)), "", 0, "L", false, 0, "")
	if r, ok := cards.IconRune(c.Icon); ok {
		f.SetFont("Icons", "", 13)
		f.SetXY(x+CardW-pad-7, y+1)
		f.CellFormat(7, 7, string(r), "", 0, "R", false, 0, "")
	}

	blocks := []block{{text: c.Title.In(p.lang), size: 12, bold: true, color: theme.Ink}}
	if t := c.Body.In(p.lang); t != "" {
		blocks = append(blocks, block{text: t, size: 8.5, color: theme.Ink})
	}
	if t := c.Example.In(p.lang); t != "" {
		blocks = append(blocks, block{label: p.lb.Example, text: t, size: 7.5, color: theme.Muted})
	}
	if t := c.WatchOut.In(p.lang); t != "" {
		blocks = append(blocks, block{label: p.lb.WatchOut, text: t, size: 7.5, color: theme.Ink})
	}
	if t := c.FirstStep.In(p.lang); t != "" {
		blocks = append(blocks, block{label: p.lb.FirstStep, text: t, size: 7.5, color: theme.Ink})
	}
	var foot []string
	if c.Effort != "" {
		foot = append(foot, p.lb.Effort+": "+p.lb.effort(c.Effort))
	}
	if c.Source != nil {
		src := p.lb.Source + ": " + c.Source.Name
		if c.Source.Year > 0 {
			src += fmt.Sprintf(" (%d)", c.Source.Year)
		}
		foot = append(foot, src)
	}
	// The foot's lines wrap (a source's name can be long), two lines each at most.
	p.font(false, 6.5, theme.Muted)
	var footLines []string
	for _, line := range foot {
		footLines = append(footLines, p.clip(line, 2)...)
	}
	footH := 0.0
	if len(c.Parts) > 0 {
		footH += 5
	}
	footH += 3.2 * float64(len(footLines))
	if c.Kind == cards.Blank {
		footH += 24 // lines to write on
	}

	room := CardH - bandH - 2*pad - footH
	scale := 1.0
	for ; scale > 0.55; scale -= 0.05 {
		if p.height(blocks, scale) <= room {
			break
		}
	}
	cy := y + bandH + pad - 1
	for i, b := range blocks {
		size := b.size * scale
		lh := size * 0.42
		if i > 0 {
			cy += lh * 0.6
		}
		f.SetXY(x+pad, cy)
		if b.label != "" {
			p.font(true, size, b.color)
			f.CellFormat(f.GetStringWidth(b.label+": "), lh, b.label+": ", "", 0, "L", false, 0, "")
		}
		p.font(b.bold, size, b.color)
		lines := p.lines(b, size)
		for j, line := range lines {
			if j > 0 {
				f.SetXY(x+pad, cy)
			}
			f.CellFormat(CardW-2*pad, lh, line, "", 0, "L", false, 0, "")
			cy += lh
		}
	}

	fy := y + CardH - pad - footH
	if c.Kind == cards.Blank {
		f.SetDrawColor(190, 190, 190)
		for i := range 4 {
			ly := fy + 5 + float64(i)*6
			f.Line(x+pad, ly, x+CardW-pad, ly)
		}
		fy += 24
	}
	for _, line := range footLines {
		p.font(false, 6.5, theme.Muted)
		f.SetXY(x+pad, fy)
		f.CellFormat(CardW-2*pad, 3.2, line, "", 0, "L", false, 0, "")
		fy += 3.2
	}
	if len(c.Parts) > 0 {
		px := x + pad
		for _, part := range c.Parts {
			name := p.lb.part(part)
			p.font(true, 6.5, theme.Ink)
			w := f.GetStringWidth(name) + 5
			p.fill(theme.Part(part))
			f.Circle(px+1.2, fy+2.4, 1.1, "F")
			f.SetXY(px+2.8, fy+0.6)
			f.CellFormat(w-2.8, 3.6, name, "", 0, "L", false, 0, "")
			px += w + 1.5
		}
	}
}

// clip splits text into the lines that fit the card in the current font, at most n; the
// last one ends in an ellipsis when text was left over.
func (p *printer) clip(text string, n int) []string {
	width := CardW - 2*pad
	lines := p.f.SplitText(text, width)
	if len(lines) <= n {
		return lines
	}
	lines = lines[:n]
	last := []rune(lines[n-1])
	for len(last) > 0 && p.f.GetStringWidth(string(last)+"…") > width {
		last = last[:len(last)-1]
	}
	lines[n-1] = strings.TrimRight(string(last), " ") + "…"
	return lines
}

// lines splits a block's text into the lines that fit the card; the first line leaves room
// for the label.
func (p *printer) lines(b block, size float64) []string {
	f := p.f
	width := CardW - 2*pad
	p.font(b.bold, size, b.color)
	if b.label == "" {
		return f.SplitText(b.text, width)
	}
	p.font(true, size, b.color)
	lw := f.GetStringWidth(b.label + ": ")
	p.font(b.bold, size, b.color)
	words := strings.Fields(b.text)
	var first []string
	for len(words) > 0 && f.GetStringWidth(strings.Join(append(first, words[0]), " ")) <= width-lw {
		first = append(first, words[0])
		words = words[1:]
	}
	out := []string{strings.Join(first, " ")}
	if len(words) > 0 {
		// The other lines start at the card's edge; the label's width is on the first only.
		rest := f.SplitText(strings.Join(words, " "), width)
		out = append(out, rest...)
	}
	return out
}

// height is the height of the blocks at scale; a word wider than the card (a long Dutch
// compound in a title) makes it too high, so the text gets smaller rather than broken.
func (p *printer) height(blocks []block, scale float64) float64 {
	h := 0.0
	for i, b := range blocks {
		size := b.size * scale
		p.font(b.bold, size, b.color)
		for _, w := range strings.Fields(b.text) {
			if p.f.GetStringWidth(w) > CardW-2*pad {
				return math.Inf(1)
			}
		}
		lh := size * 0.42
		if i > 0 {
			h += lh * 0.6
		}
		h += lh * float64(len(p.lines(b, size)))
	}
	return h
}

// back draws a card's back: the kind's colour, the deck's name and the kind, so the piles
// sort themselves face down.
func (p *printer) back(c *cards.Card, x, y float64) {
	f := p.f
	col := colour(c)
	if c.Kind == cards.Technology {
		col = theme.Table.Mix(theme.White, 0.25) // the backs of a pile must not tell its part
	}
	p.fill(col)
	f.SetDrawColor(200, 200, 200)
	f.SetLineWidth(0.15)
	f.Rect(x, y, CardW, CardH, "FD")
	r, g, b := col.TextOn().RGB()
	f.SetDrawColor(int(r), int(g), int(b))
	f.SetLineWidth(0.4)
	f.Rect(x+4, y+4, CardW-8, CardH-8, "D")
	p.font(true, 14, col.TextOn())
	f.SetXY(x+6, y+CardH/2-12)
	f.CellFormat(CardW-12, 8, "Impactkaarten", "", 0, "C", false, 0, "")
	p.font(false, 9, col.TextOn())
	f.SetXY(x+6, y+CardH/2-3)
	f.CellFormat(CardW-12, 5, p.deck.Name.In(p.lang), "", 0, "C", false, 0, "")
	p.font(true, 8, col.TextOn())
	f.SetXY(x+6, y+CardH/2+5)
	f.CellFormat(CardW-12, 5, strings.ToUpper(p.lb.kind(c.Kind)), "", 0, "C", false, 0, "")
}

// labels are the words the printed cards add, in one language.
type labels struct {
	Kinds                                        map[cards.Kind]string
	Parts                                        [4]string
	Efforts                                      map[cards.Effort]string
	Example, WatchOut, FirstStep, Effort, Source string
}

func labelsFor(l cards.Lang) labels {
	if l == cards.EN {
		return labels{
			Kinds: map[cards.Kind]string{cards.Statement: "Statement", cards.Technology: "Technology",
				cards.Question: "Question", cards.Advice: "Advice", cards.Blank: "Your own idea"},
			Parts:   [4]string{"Offer", "Reach", "Impact", "Income"},
			Efforts: map[cards.Effort]string{cards.EffortSmall: "small", cards.EffortMedium: "medium", cards.EffortLarge: "large"},
			Example: "Example", WatchOut: "Watch out", FirstStep: "First step", Effort: "Effort", Source: "Source",
		}
	}
	return labels{
		Kinds: map[cards.Kind]string{cards.Statement: "Stelling", cards.Technology: "Technologie",
			cards.Question: "Vraag", cards.Advice: "Advies", cards.Blank: "Eigen idee"},
		Parts:   [4]string{"Aanbod", "Bereik", "Impact", "Inkomsten"},
		Efforts: map[cards.Effort]string{cards.EffortSmall: "klein", cards.EffortMedium: "middelgroot", cards.EffortLarge: "groot"},
		Example: "Voorbeeld", WatchOut: "Let op", FirstStep: "Eerste stap", Effort: "Inspanning", Source: "Bron",
	}
}

func (lb *labels) kind(k cards.Kind) string {
	if s, ok := lb.Kinds[k]; ok {
		return s
	}
	return string(k)
}

func (lb *labels) part(p cards.Part) string {
	if i := p.Index(); i >= 0 {
		return lb.Parts[i]
	}
	return string(p)
}

func (lb *labels) effort(e cards.Effort) string {
	if s, ok := lb.Efforts[e]; ok {
		return s
	}
	return string(e)
}
