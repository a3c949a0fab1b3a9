//go:build !js

package report

import (
	"bytes"
	"fmt"
	"strings"

	"codeberg.org/go-pdf/fpdf"

	"impactkaarten/assets"
	"impactkaarten/game/theme"
)

// The A4 page of the PDF, in millimetres.
const (
	pdfMargin = 18.0
	pdfWidth  = 210.0 - 2*pdfMargin
)

// PDF writes the report as an A4 document to attach to an e-mail: page 1 is the summary a
// director reads (participants, priorities, actions, decisions, the follow-up date), then
// the statements, the canvas per part, the ranking, the follow-up agenda and the appendix
// with the sources. It is made in pure Go (fpdf) with the Inter font embedded, so every
// Dutch letter prints, and carries the session code in its metadata rather than its title.
func PDF(r *Report) ([]byte, error) {
	lb := labelsFor(r.Lang)
	d := newPDFDoc()
	f := d.f
	f.SetTitle(r.Title, true)
	f.SetAuthor(lb.Brand, true)
	f.SetCreator(lb.Brand, true)
	f.SetSubject(lb.Title, true)
	if r.Room != "" {
		f.SetKeywords(fmt.Sprintf(lb.RoomMeta, r.Room), true)
	}
	f.SetCreationDate(r.Generated)
	f.SetModificationDate(r.Generated)
	f.SetFooterFunc(func() {
		f.SetY(-12)
		d.font(false, 8, theme.Muted)
		f.CellFormat(pdfWidth/2, 5, lb.Brand+" · "+r.Title, "", 0, "L", false, 0, "")
		f.CellFormat(pdfWidth/2, 5, fmt.Sprintf("%d / {nb}", f.PageNo()), "", 0, "R", false, 0, "")
	})
	f.AliasNbPages("{nb}")
	f.AddPage()

	// Page 1: the summary.
	d.font(true, 20, theme.Table)
	f.MultiCell(pdfWidth, 9, r.Title, "", "L", false)
	d.font(false, 10, theme.Muted)
	f.MultiCell(pdfWidth, 5, r.metaLine(&lb), "", "L", false)
	d.partBand()
	d.heading(lb.Summary)
	d.label(fmt.Sprintf("%s (%d)", lb.Participants, len(r.Participants)))
	d.para(r.peopleText(&lb))
	if top := topCards(r); len(top) > 0 {
		d.label(lb.TopPriorities)
		for _, t := range top {
			d.item(fmt.Sprintf("%d.", t.Place), t.Title+" — "+t.PartName+" — "+lb.count("dots", t.Dots))
		}
	}
	d.label(lb.Actions)
	if len(r.Actions) == 0 {
		d.muted(lb.NoActions)
	}
	for i, a := range r.Actions {
		owner := a.Owner
		if a.NoOwner {
			owner = "⚠ " + lb.NoOwner
		}
		due := a.DueText
		if due == "" {
			due = lb.NoDue
		}
		d.item(fmt.Sprintf("%d.", i+1), a.Text+" — "+lb.Owner+": "+owner+" — "+lb.Due+": "+due)
	}
	d.label(lb.Decisions)
	for _, dec := range r.Agenda.Decisions {
		d.item("•", dec)
	}
	d.label(lb.FollowUpHead)
	d.para(lb.f("report.MeetingOn", r.Agenda.DateText, r.Agenda.Minutes))

	// The details.
	f.AddPage()
	rl := roundLabelsFor(r.Lang)
	d.round(r.Opening, rl.Opening)
	d.heading(lb.Statements)
	if len(r.Statements) == 0 {
		d.muted(lb.NoStatements)
	}
	for _, st := range r.Statements {
		d.keep(30)
		d.font(true, 11, theme.Ink)
		f.MultiCell(pdfWidth, 5.5, fmt.Sprintf("%d. %s", st.Number, st.Title), "", "L", false)
		switch {
		case st.Result == nil:
			d.muted(notRevealedText(&lb, r, st) + ".")
		case st.Result.Count == 0:
			d.muted(lb.NoVotes)
		default:
			d.votes(&lb, st.Result)
			d.para(upperFirst(statsText(&lb, r.Lang, st.Result)) + " · " + votedText(&lb, st.Result))
			if a := apartText(&lb, st.Result); a != "" {
				d.para(lb.Apart + ": " + a)
			} else if a := agreedText(&lb, st.Result); a != "" {
				d.para(a)
			}
			if r.VotesAnonymous {
				d.muted(lb.VotesHidden)
			} else {
				d.muted(lb.VotedWhat + ": " + votesText(st))
			}
		}
		if st.Insight != "" {
			d.para(lb.Insight + ": " + st.Insight)
		}
		f.Ln(3)
	}

	if len(r.Questions) > 0 {
		d.heading(lb.GroupQuestions)
		for _, q := range r.Questions {
			d.label(q.Title)
			if q.Answer != "" {
				d.para(q.Answer)
			} else {
				d.muted(lb.NoAnswer)
			}
		}
		f.Ln(3)
	}

	d.heading(lb.Canvas)
	if r.cards() == 0 {
		d.muted(lb.NoCards)
	}
	for _, col := range r.Canvas {
		if len(col.Cards) == 0 {
			continue
		}
		d.keep(25)
		pc := theme.Part(col.Part)
		d.fill(pc)
		d.font(true, 11, pc.TextOn())
		f.CellFormat(pdfWidth, 7, " "+col.Name+" — "+col.Question, "", 1, "L", true, 0, "")
		f.Ln(1.5)
		for _, c := range col.Cards {
			d.keep(18)
			title := c.Title
			if c.OwnIdea {
				title = lb.OwnIdea + ": " + title
			}
			d.font(true, 10, theme.Ink)
			f.MultiCell(pdfWidth, 5, title, "", "L", false)
			var meta []string
			if c.Dots > 0 {
				meta = append(meta, fmt.Sprintf(lb.PlaceN, c.Place), lb.count("dots", c.Dots))
			}
			meta = append(meta, lb.PlayedBy+" "+c.Owner.Name)
			if rc := reactionCounts(&lb, c); rc != "" {
				meta = append(meta, rc)
			}
			d.muted(strings.Join(meta, " · "))
			if c.Reason != "" {
				d.para("“" + c.Reason + "”")
			}
			for _, re := range c.Reactions {
				if re.Text != "" {
					d.item("–", reactionLine(&lb, re)+": "+re.Text)
				}
			}
			f.Ln(2)
		}
	}

	d.heading(lb.Ranking)
	if r.totalDots() == 0 {
		d.muted(lb.NoDots)
	}
	for _, rk := range r.Ranking {
		if rk.Dots == 0 {
			continue
		}
		extra := ""
		if rk.Plus > 0 {
			extra = fmt.Sprintf(", %d× %s", rk.Plus, lb.Plus)
		}
		d.item(fmt.Sprintf("%d.", rk.Place), rk.Title+" — "+rk.PartName+" — "+lb.count("dots", rk.Dots)+extra)
	}

	f.AddPage()
	d.round(r.Closing, rl.Closing)
	d.heading(lb.Agenda)
	d.para(lb.Purpose + ": " + r.Agenda.Purpose)
	f.Ln(1)
	for i, it := range r.Agenda.Items {
		d.timed(fmt.Sprintf("%d.", i+1), it.Text, fmt.Sprintf(lb.MinutesN, it.Minutes))
	}
	d.label(lb.Decisions)
	for _, dec := range r.Agenda.Decisions {
		d.item("•", dec)
	}
	d.label(lb.Invite)
	for _, in := range r.Agenda.Invite {
		d.item("•", in.Who+" — "+in.Brings)
	}
	f.Ln(2)
	d.font(true, 10, theme.Ink)
	f.MultiCell(pdfWidth, 5, r.Agenda.FollowUp+".", "", "L", false)

	d.heading(lb.Sources)
	if len(r.Sources) == 0 {
		d.muted(lb.NoSources)
	}
	for _, src := range r.Sources {
		d.item("•", sourceText(src))
	}
	f.Ln(4)
	d.muted(r.footText(&lb) + ".")

	if err := f.Error(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Output(&buf); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return buf.Bytes(), nil
}

// pdfDoc is an A4 document with Inter and a few ways to write the report's blocks.
type pdfDoc struct{ f *fpdf.Fpdf }

func newPDFDoc() *pdfDoc {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetMargins(pdfMargin, pdfMargin, pdfMargin)
	f.SetAutoPageBreak(true, 18)
	f.SetCatalogSort(true) // the same report gives the same bytes
	f.AddUTF8FontFromBytes("Inter", "", assets.InterRegularTTF)
	f.AddUTF8FontFromBytes("Inter", "B", assets.InterSemiBoldTTF)
	return &pdfDoc{f: f}
}

func (d *pdfDoc) font(bold bool, size float64, c theme.Color) {
	style := ""
	if bold {
		style = "B"
	}
	d.f.SetFont("Inter", style, size)
	r, g, b := c.RGB()
	d.f.SetTextColor(int(r), int(g), int(b))
}

func (d *pdfDoc) fill(c theme.Color) {
	r, g, b := c.RGB()
	d.f.SetFillColor(int(r), int(g), int(b))
}

// keep starts a new page when less than h millimetres are left, so a block is not split
// right after its heading.
func (d *pdfDoc) keep(h float64) {
	_, ph := d.f.GetPageSize()
	if d.f.GetY()+h > ph-18 {
		d.f.AddPage()
	}
}

// partBand draws the four part colours under the title, as the HTML page does.
func (d *pdfDoc) partBand() {
	y := d.f.GetY() + 2
	w := pdfWidth / 4
	for i, p := range []string{"aanbod", "bereik", "impact", "inkomsten"} {
		d.fill(theme.Part(p))
		d.f.Rect(pdfMargin+float64(i)*w, y, w, 1.6, "F")
	}
	d.f.SetY(y + 4)
}

func (d *pdfDoc) heading(s string) {
	d.keep(25)
	d.f.Ln(3)
	d.font(true, 14, theme.Table)
	d.f.MultiCell(pdfWidth, 7, s, "", "L", false)
	y := d.f.GetY()
	r, g, b := theme.Muted.Mix(theme.White, 0.6).RGB()
	d.f.SetDrawColor(int(r), int(g), int(b))
	d.f.Line(pdfMargin, y, pdfMargin+pdfWidth, y)
	d.f.Ln(2.5)
}

func (d *pdfDoc) label(s string) {
	d.keep(14)
	d.f.Ln(2)
	d.font(true, 10.5, theme.Ink)
	d.f.MultiCell(pdfWidth, 5.5, s, "", "L", false)
}

func (d *pdfDoc) para(s string) {
	d.font(false, 10, theme.Ink)
	d.f.MultiCell(pdfWidth, 5, s, "", "L", false)
}

func (d *pdfDoc) muted(s string) {
	d.font(false, 9, theme.Muted)
	d.f.MultiCell(pdfWidth, 4.6, s, "", "L", false)
}

// item writes a numbered or bulleted line with a hanging indent.
func (d *pdfDoc) item(mark, s string) {
	d.font(false, 10, theme.Ink)
	d.f.SetX(pdfMargin)
	d.f.CellFormat(7, 5, mark, "", 0, "L", false, 0, "")
	d.f.MultiCell(pdfWidth-7, 5, s, "", "L", false)
}

// timed writes an agenda item with its minutes on the right.
func (d *pdfDoc) timed(mark, s, minutes string) {
	d.font(false, 10, theme.Ink)
	y := d.f.GetY()
	d.f.SetX(pdfMargin)
	d.f.CellFormat(7, 5.5, mark, "", 0, "L", false, 0, "")
	d.f.MultiCell(pdfWidth-27, 5.5, s, "", "L", false)
	end := d.f.GetY()
	if end < y { // the item moved to a new page
		y = pdfMargin
	}
	d.font(true, 10, theme.Muted)
	d.f.SetXY(pdfMargin+pdfWidth-18, y)
	d.f.CellFormat(18, 5.5, minutes, "", 0, "R", false, 0, "")
	d.f.SetY(max(end, y+5.5))
}

// votes draws the distribution of a statement as five bars, one per point of the scale.
func (d *pdfDoc) votes(lb *labels, res *Result) {
	most := 1
	for _, n := range res.Distribution {
		most = max(most, n)
	}
	d.keep(24)
	y := d.f.GetY() + 1
	w := pdfWidth / 5
	for v, n := range res.Distribution {
		x := pdfMargin + float64(v)*w
		h := 10 * float64(n) / float64(most)
		d.fill(theme.Vote(v + 1))
		if n > 0 {
			d.f.Rect(x+2, y+10-h, w-4, h, "F")
		}
		d.font(false, 7.5, theme.Muted)
		d.f.SetXY(x, y+10.5)
		d.f.CellFormat(w, 3.5, fmt.Sprintf("%d× %s", n, lb.Scale[v]), "", 0, "C", false, 0, "")
	}
	d.f.SetXY(pdfMargin, y+15)
}
