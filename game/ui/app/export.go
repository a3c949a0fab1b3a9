package app

import (
	"math"
	"strings"

	"impactkaarten/cards"
	"impactkaarten/game/report"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
)

// exportFormat is one file the facilitator can export, in the order the menu offers them:
// first what goes to the director the next morning.
type exportFormat struct {
	format string // as the relay's ?format= and game/report.Render know it
	key    string // i18n key of the caption; key+".hint" says what it is for
	glyph  string
}

var exportFormats = []exportFormat{
	{"pdf", "exp.pdf", "file-pdf-box"},
	{"html", "exp.html", "printer"},
	{"ics", "exp.ics", "calendar-plus"},
	{"md", "exp.md", "file-document"},
	{"csv", "exp.csv", "table"},
	{"png", "exp.png", "image"},
	{"json", "exp.json", "file-delimited"},
}

// canExport reports whether this client may export the report: the facilitator can, at
// any moment of the session, in a room on a relay or in a practice room.
func (c *Controller) canExport() bool {
	return c.M.View != nil && c.M.Facilitator() && !c.M.BigScreen &&
		c.M.View.Away == 0 // a stand-in leads play; the room's files stay the facilitator's
}

// exportLang is the language exports are made in: chosen in the dialog, else the
// facilitator's own.
func (c *Controller) exportLang() cards.Lang {
	if c.exportLanguage.Valid() {
		return c.exportLanguage
	}
	return c.M.Lang
}

// openExport opens the export dialog.
func (c *Controller) openExport() {
	c.exportOpen = true
	c.focus = "exp-" + exportFormats[0].format
}

// canMake reports whether a format can be exported here: a room on a relay gets every
// format from the relay; a practice room is exported by this program, and the browser
// build leaves the HTML page, the PNG, the PDF and the invitation to the relay.
func (c *Controller) canMake(format string) bool {
	return c.M.Mode != model.ModeSolo || report.Available(format)
}

// exportRow lays out the buttons of every format across r and returns the height used;
// prefix makes the ids ("exp-" in the dialog, "rep-exp-" on the report page).
func (c *Controller) exportRow(b *layout.Builder, r layout.Rect, prefix string) float64 {
	n := len(exportFormats)
	bh, gap := b.S(44), b.S(8)
	// As many in a row as fit with their whole caption.
	need := 0.0
	for _, f := range exportFormats {
		need = math.Max(need, b.ButtonWidth(c.t(f.key), g(f.glyph), 14))
	}
	perRow := max(1, min(n, int((r.W+gap)/(need+gap))))
	if perRow < n && perRow > (n+1)/2 {
		perRow = (n + 1) / 2 // two even rows rather than a long one and a stray button
	}
	bw := (r.W - gap*float64(perRow-1)) / float64(perRow)
	for i, f := range exportFormats {
		x := r.X + float64(i%perRow)*(bw+gap)
		y := r.Y + float64(i/perRow)*(bh+gap)
		style := layout.Secondary
		if i == 0 {
			style = layout.Primary
		}
		b.Button(prefix+f.format, layout.R(x, y, bw, bh), c.t(f.key), layout.ButtonOpts{Style: style, Glyph: g(f.glyph), Size: 14,
			Disabled: !c.canMake(f.format), Label: c.tf("exp.label", c.t(f.key), strings.ToUpper(string(c.exportLang()))), Action: exportFile{f}})
	}
	rows := (n + perRow - 1) / perRow
	return float64(rows)*bh + float64(rows-1)*gap
}

// exportLangChoice is the NL/EN choice of the files' language.
func (c *Controller) exportLangChoice(b *layout.Builder, r layout.Rect, prefix string) {
	cols := r.Cols(2, b.S(8))
	for i, l := range []cards.Lang{cards.NL, cards.EN} {
		b.Button(prefix+"lang-"+string(l), cols[i], strings.ToUpper(string(l)), layout.ButtonOpts{Kind: layout.Choice, Group: prefix + "lang",
			Style: layout.Secondary, Selected: c.exportLang() == l, Size: 14, Label: c.t("exp.lang." + string(l)), Action: exportIn{l}})
	}
}

// exportDialog is the export of the report: the files, their language, and deleting
// the room.
type exportDialog struct{ *Controller }

// escape closes it.
func (c exportDialog) escape() bool { closeExport{}.run(c.Controller); return true }

// buildExport is the export dialog: the files, their language, and deleting the room.
func (c exportDialog) build(b *layout.Builder) {
	c.fitDialog(b, b.S(720), func(b *layout.Builder, in layout.Rect) float64 {
		head := layout.R(in.X, in.Y, in.W-b.S(48), b.S(30))
		b.Line(head, c.t("exp.title"), layout.TextStyle{Size: 21, Bold: true, Color: layout.InkColor})
		b.Button("exp-close", layout.R(in.MaxX()-b.S(40), in.Y-b.S(4), b.S(40), b.S(40)), "", layout.ButtonOpts{Style: layout.Quiet, Glyph: g("close"), Label: c.t("exp.close"), Action: closeExport{}})
		y := in.Y + b.S(40)
		muted := layout.TextStyle{Size: 14, Color: layout.MutedColor}
		y += b.Text(layout.R(in.X, y, in.W, b.S(60)), c.t("exp.intro"), muted) + b.S(14)
		lw := math.Min(in.W*0.5, b.S(220))
		b.Line(layout.R(in.X, y, in.W-lw-b.S(12), b.S(40)), c.t("exp.lang"), layout.TextStyle{Size: 14, Bold: true, Color: layout.InkColor})
		c.exportLangChoice(b, layout.R(in.MaxX()-lw, y, lw, b.S(40)), "exp-")
		y += b.S(52)
		y += c.exportRow(b, layout.R(in.X, y, in.W, 0), "exp-") + b.S(10)
		for _, f := range exportFormats {
			if b.Compact && c.canMake(f.format) {
				continue // a phone shows the buttons; their captions say enough
			}
			hint := c.t(f.key + ".hint")
			if !c.canMake(f.format) {
				hint = c.t("exp.needsrelay")
			}
			y += b.Text(layout.R(in.X, y, in.W, b.S(40)), c.t(f.key)+": "+hint, layout.TextStyle{Size: 13, Color: layout.MutedColor}) + b.S(2)
		}
		y += c.deleteRow(b, layout.R(in.X, y, in.W, 0), "exp-")
		return y - in.Y
	})
}

// openExport opens the export dialog from the facilitator's bar.
type openExport struct{}

func (openExport) run(c *Controller) { c.openExport() }

// closeExport closes the export dialog.
type closeExport struct{}

func (closeExport) run(c *Controller) {
	c.exportOpen = false
	c.focus = "fac-export"
}

// exportIn chooses the language of the files.
type exportIn struct{ lang cards.Lang }

func (a exportIn) run(c *Controller) { c.exportLanguage = a.lang }

// exportFile asks for the report in a format, in the language chosen.
type exportFile struct{ f exportFormat }

func (a exportFile) run(c *Controller) {
	if !c.canExport() || !c.canMake(a.f.format) {
		return
	}
	c.effects = append(c.effects, Export{Format: a.f.format, Lang: c.exportLang()})
	c.M.Note("toast.exporting", c.t(a.f.key), false, c.now)
}
