//go:build !js

package report

import (
	"bytes"
	_ "embed" // the page template
	"encoding/base64"
	"fmt"
	"html/template"
	"image/png"
	"strconv"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"impactkaarten/assets"
	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/theme"
)

// pageTemplate is the HTML page. A string, so that it cannot be changed; it is parsed on
// every call, which takes well under a millisecond.
//
//go:embed report.html.tmpl
var pageTemplate string

// HTML writes the report as one standalone page that looks like the product: the Inter
// fonts and the canvas PNG are inlined as data URIs and the icons as inline SVG, so the
// page needs no network, no script and no other file. It prints on A4. Every text from the
// session goes through html/template, which escapes it.
func HTML(r *Report) ([]byte, error) {
	t, err := template.New("report").Parse(pageTemplate)
	if err != nil {
		return nil, fmt.Errorf("parse template: %w", err)
	}
	pngData, err := PNG(r)
	if err != nil {
		return nil, err
	}
	cfg, err := png.DecodeConfig(bytes.NewReader(pngData))
	if err != nil {
		return nil, fmt.Errorf("canvas png: %w", err)
	}
	icons, err := newIconSet()
	if err != nil {
		return nil, err
	}
	p := newPage(r, icons)
	// Built here rather than in the template: html/template would write every "+" of the
	// base64 as "&#43;". The markup holds base64, numbers and a label of this package only.
	p.CanvasImg = template.HTML(fmt.Sprintf(`<img src="data:image/png;base64,%s" width="%d" height="%d" alt="%s">`,
		base64.StdEncoding.EncodeToString(pngData), cfg.Width, cfg.Height, template.HTMLEscapeString(p.L.CanvasAlt)))
	var buf bytes.Buffer
	if err := t.Execute(&buf, p); err != nil {
		return nil, fmt.Errorf("execute template: %w", err)
	}
	return buf.Bytes(), nil
}

// fontCSS declares the two Inter faces, embedded as OpenType data.
func fontCSS() template.CSS {
	face := func(weight int, data []byte) string {
		return fmt.Sprintf("@font-face { font-family: \"Inter\"; font-style: normal; font-weight: %d; font-display: block; "+
			"src: url(data:font/otf;base64,%s) format(\"opentype\"); }\n", weight, base64.StdEncoding.EncodeToString(data))
	}
	// The CSS is built from the embedded font files only, never from session text, so it
	// is safe to mark as trusted.
	return template.CSS(face(400, assets.InterRegular) + face(600, assets.InterSemiBold))
}

// page is what the template shows: the report's texts, formatted, with the colours and
// icons the page needs. Strings from the session stay plain strings, so the template
// escapes them; only markup this package builds itself is typed as trusted.
type page struct {
	Lang     string
	L        labels
	R        *Report
	DocTitle string
	FontCSS  template.CSS
	C        struct{ Table, Paper, Ink, Muted, White, Accent, Rule, Soft, Flag template.CSS }

	Status, When, Duration, Foot, NextLine string
	Running                                bool
	Top                                    []string
	People                                 []pagePerson
	StatementBadge                         template.CSS
	Statements                             []pageStatement
	CanvasImg                              template.HTML
	AnyCards                               bool
	Columns                                []pageColumn
	Ranking                                []pageRank
	Actions                                []pageAction
	WarnIcon, CalendarIcon                 template.HTML
	// RL and CodeLine are the words of the opening and closing rounds and the session
	// code line under the title.
	RL       roundLabels
	CodeLine string
}

type pagePerson struct {
	Name, Role string
	Left       bool
	DotStyle   template.CSS
}

type pageStatement struct {
	Number                                     int
	Title, Aria, Stats, Apart, Insight, Closed string
	Agreed                                     string
	Revealed                                   bool
	Icon                                       template.HTML
	Bars                                       []pageBar
}

type pageBar struct {
	Value, Count int
	Label, Who   string
	Style        template.CSS
}

type pageColumn struct {
	Name, Question                  string
	BandStyle, HeadStyle, BodyStyle template.CSS
	Cards                           []pageCard
}

type pageCard struct {
	Title, Reason, Owner, Place       string
	OwnIdea                           bool
	Icon                              template.HTML
	BandStyle, BadgeStyle, OwnerStyle template.CSS
	Counts                            []pageCount
	Comments                          []pageComment
}

type pageCount struct {
	Icon template.HTML
	Text string
}

type pageComment struct {
	Icon      template.HTML
	Who, Text string
}

type pageRank struct {
	Place, Dots, Plus   int
	Title, PartName     string
	PartStyle, BarStyle template.CSS
}

type pageAction struct {
	N                      int
	Text, Owner, Due, Card string
	NoOwner                bool
}

func css(format string, a ...any) template.CSS { return template.CSS(fmt.Sprintf(format, a...)) }

func newPage(r *Report, icons *iconSet) *page {
	lb := labelsFor(r.Lang)
	p := &page{Lang: string(r.Lang), L: lb, R: r, FontCSS: fontCSS(), Running: r.Status == Running,
		Status: r.statusText(&lb), When: r.when(&lb), Duration: r.durationText(&lb),
		Foot: r.footText(&lb), NextLine: lb.f("report.MeetingOn", r.Agenda.DateText, r.Agenda.Minutes)}
	p.DocTitle = r.Title + " — " + lb.Brand
	p.RL, p.CodeLine = roundLabelsFor(r.Lang), r.codeLine()
	p.C.Table, p.C.Paper, p.C.Ink = template.CSS(theme.Table.Hex()), template.CSS(theme.Paper.Hex()), template.CSS(theme.Ink.Hex())
	p.C.Muted, p.C.White, p.C.Accent = template.CSS(theme.Muted.Hex()), template.CSS(theme.White.Hex()), template.CSS(theme.Accent.Hex())
	p.C.Rule = template.CSS(theme.Muted.Mix(theme.White, 0.75).Hex())
	p.C.Soft = template.CSS(theme.Accent.Mix(theme.White, 0.92).Hex())
	p.C.Flag = template.CSS(theme.Accent.Mix(theme.White, 0.93).Hex())

	for _, t := range topCards(r) {
		p.Top = append(p.Top, t.Title+" — "+t.PartName+" — "+lb.count("dots", t.Dots))
	}

	for _, pp := range r.Participants {
		role := ""
		if pp.Role == RoleFacilitator {
			role = lb.Facilitator
		}
		p.People = append(p.People, pagePerson{Name: pp.Name, Role: role, Left: pp.Left,
			DotStyle: css("background:%s", theme.Seat(pp.Color).Hex())})
	}

	p.StatementBadge = css("background:%s", theme.Table.Mix(theme.White, 0.85).Hex())
	for _, st := range r.Statements {
		ps := pageStatement{Number: st.Number, Title: st.Title, Insight: st.Insight, Revealed: st.Result != nil,
			Icon: icons.svg(st.Icon, theme.Table)}
		switch {
		case st.Result == nil:
			ps.Closed = notRevealedText(&lb, r, st)
		case st.Result.Count == 0: // revealed before anyone voted
			ps.Revealed, ps.Closed = false, lb.NoVotes
		default:
			res := st.Result
			ps.Stats = upperFirst(statsText(&lb, r.Lang, res)) + " · " + votedText(&lb, res)
			ps.Apart = apartText(&lb, res)
			ps.Agreed = agreedText(&lb, res)
			ps.Aria = distributionText(&lb, res)
			most := 1
			for _, n := range res.Distribution {
				most = max(most, n)
			}
			for v, n := range res.Distribution {
				var who []string
				for _, vote := range st.Votes {
					if vote.Value == v+1 && vote.Name != "" {
						who = append(who, vote.Name)
					}
				}
				ps.Bars = append(ps.Bars, pageBar{Value: v + 1, Count: n, Label: lb.Scale[v], Who: strings.Join(who, ", "),
					Style: css("height:%d%%;background:%s", 100*n/most, theme.Vote(v+1).Hex())})
			}
		}
		p.Statements = append(p.Statements, ps)
	}

	for _, col := range r.Canvas {
		pc := theme.Part(col.Part)
		pcol := pageColumn{Name: col.Name, Question: col.Question,
			BandStyle: css("background:%s", pc.Hex()),
			HeadStyle: css("background:%s;color:%s", pc.Hex(), pc.TextOn().Hex()),
			BodyStyle: css("background:%s", pc.Mix(theme.Paper, 0.88).Hex())}
		for _, c := range col.Cards {
			p.AnyCards = true
			card := pageCard{Title: c.Title, Reason: c.Reason, Owner: c.Owner.Name, OwnIdea: c.OwnIdea,
				Icon:       icons.svg(c.Icon, pc),
				BandStyle:  css("--band:%s", pc.Hex()),
				BadgeStyle: css("background:%s", pc.Mix(theme.White, 0.82).Hex()),
				OwnerStyle: css("background:%s", theme.Seat(c.Owner.Color).Hex())}
			if c.Dots > 0 {
				card.Place = fmt.Sprintf(lb.PlaceN, c.Place) + " · " + lb.count("dots", c.Dots)
			}
			for _, n := range []struct {
				n          int
				icon, text string
			}{
				{c.Plus, iconPlus, lb.Plus},
				{c.Questions, iconQuestion, lb.count("questions", c.Questions)},
				{c.Concerns, iconConcern, lb.count("concerns", c.Concerns)},
			} {
				if n.n == 0 {
					continue
				}
				text := n.text
				if n.icon == iconPlus {
					text = fmt.Sprintf("%d× %s", n.n, lb.Plus)
				}
				card.Counts = append(card.Counts, pageCount{Icon: icons.svg(n.icon, theme.Muted), Text: text})
			}
			for _, re := range c.Reactions {
				if re.Text == "" {
					continue
				}
				icon := iconPlus
				switch re.Kind {
				case game.ReactQuestion:
					icon = iconQuestion
				case game.ReactConcern:
					icon = iconConcern
				}
				card.Comments = append(card.Comments, pageComment{Icon: icons.svg(icon, theme.Muted),
					Who: reactionLine(&lb, re), Text: re.Text})
			}
			pcol.Cards = append(pcol.Cards, card)
		}
		p.Columns = append(p.Columns, pcol)
	}

	most := 1
	for _, rk := range r.Ranking {
		most = max(most, rk.Dots)
	}
	for _, rk := range r.Ranking {
		if rk.Dots == 0 {
			continue
		}
		p.Ranking = append(p.Ranking, pageRank{Place: rk.Place, Dots: rk.Dots, Plus: rk.Plus, Title: rk.Title,
			PartName: rk.PartName, PartStyle: css("background:%s", theme.Part(rk.Part).Hex()),
			BarStyle: css("width:%dpx", 8+72*rk.Dots/most)})
	}
	for i, a := range r.Actions {
		p.Actions = append(p.Actions, pageAction{N: i + 1, Text: a.Text, Owner: a.Owner, Due: a.DueText,
			Card: a.CardTitle, NoOwner: a.NoOwner})
	}
	p.WarnIcon = icons.svg("alert", theme.Accent)
	p.CalendarIcon = icons.svg("calendar-check", theme.Paper)
	return p
}

// iconSet turns icons of the Material Design Icons font into inline SVG paths, so the page
// shows the cards' icons without embedding the whole icon font.
type iconSet struct {
	f     *sfnt.Font
	buf   sfnt.Buffer
	cache map[string]string
}

func newIconSet() (*iconSet, error) {
	f, err := sfnt.Parse(assets.Icons)
	if err != nil {
		return nil, fmt.Errorf("parse icon font: %w", err)
	}
	return &iconSet{f: f, cache: map[string]string{}}, nil
}

// iconEm is the em size the glyph outlines are read at; the SVG scales them anyway.
const iconEm = 24

// svg returns the named icon as an inline SVG filled with c; an unknown name gives the bulb.
func (s *iconSet) svg(name string, c theme.Color) template.HTML {
	d, ok := s.cache[name]
	if !ok {
		d = s.path(name)
		s.cache[name] = d
	}
	if d == "" {
		return ""
	}
	// The markup is built from glyph coordinates and a theme colour, nothing else, so it is
	// safe to mark as trusted.
	return template.HTML(fmt.Sprintf(`<svg class="icon" viewBox="0 0 %d %d" aria-hidden="true" style="fill:%s"><path d="%s"/></svg>`,
		iconEm, iconEm, c.Hex(), d))
}

// path reads an icon's outline as SVG path data in a 24×24 box.
func (s *iconSet) path(name string) string {
	r, ok := cards.IconRune(name)
	if !ok {
		r, _ = cards.IconRune(iconFallback)
	}
	ppem := fixed.I(iconEm)
	gi, err := s.f.GlyphIndex(&s.buf, r)
	if err != nil || gi == 0 {
		return ""
	}
	m, err := s.f.Metrics(&s.buf, ppem, font.HintingNone)
	if err != nil {
		return ""
	}
	segs, err := s.f.LoadGlyph(&s.buf, gi, ppem, nil)
	if err != nil {
		return ""
	}
	// The glyph's origin is on the baseline; the icon's em box runs from the ascent above it
	// to the descent below, so shifting by the ascent puts the box at 0..24.
	shift := m.Ascent
	var b strings.Builder
	pt := func(p fixed.Point26_6) {
		b.WriteString(num(p.X))
		b.WriteByte(' ')
		b.WriteString(num(p.Y + shift))
	}
	for i, seg := range segs {
		switch seg.Op {
		case sfnt.SegmentOpMoveTo:
			if i > 0 {
				b.WriteString("Z")
			}
			b.WriteString("M")
			pt(seg.Args[0])
		case sfnt.SegmentOpLineTo:
			b.WriteString("L")
			pt(seg.Args[0])
		case sfnt.SegmentOpQuadTo:
			b.WriteString("Q")
			pt(seg.Args[0])
			b.WriteByte(' ')
			pt(seg.Args[1])
		case sfnt.SegmentOpCubeTo:
			b.WriteString("C")
			pt(seg.Args[0])
			b.WriteByte(' ')
			pt(seg.Args[1])
			b.WriteByte(' ')
			pt(seg.Args[2])
		}
	}
	if len(segs) > 0 {
		b.WriteString("Z")
	}
	return b.String()
}

// num writes a 26.6 fixed-point coordinate with at most two decimals.
func num(v fixed.Int26_6) string {
	s := strconv.FormatFloat(float64(v)/64, 'f', 2, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "" || s == "-" {
		return "0"
	}
	return s
}
