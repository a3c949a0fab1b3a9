package app

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/report"
	"impactkaarten/game/theme"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
)

// reportScene is the session's report on screen, with its exports.
type reportScene struct{ *Controller }

// buildReport is the summary everyone sees at the end (and the facilitator may look at
// any time through the export): who took part, the statements with their votes and
// insights, the canvas with reasons and reactions, the ranking, the actions, and the
// proposed agenda for the follow-up meeting. It shows game/report's Report, built from this
// client's view, so the screen says exactly what the exported files say.
func (c reportScene) build(b *layout.Builder, r layout.Rect) {
	rep := c.report()
	if rep == nil {
		return
	}
	w := math.Min(r.W, b.S(1000))
	x := r.X + (r.W-w)/2
	y := r.Y
	ink := layout.TextStyle{Size: 15, Color: layout.InkColor}
	bold := layout.TextStyle{Size: 15, Bold: true, Color: layout.InkColor}
	muted := layout.TextStyle{Size: 13, Color: layout.MutedColor}
	flag := layout.TextStyle{Size: 13, Bold: true, Color: layout.ErrorColor}
	h2 := layout.TextStyle{Size: 19, Bold: true, Color: layout.InkColor}
	pad := b.S(20)
	section := func(title string, body func(in layout.Rect) float64) {
		panel := layout.R(x, y, w, b.S(2000))
		b.Panel(panel, layout.PanelColor, 16, true)
		in := panel.Inset(pad)
		th := b.Text(layout.R(in.X, in.Y, in.W, b.S(30)), title, h2)
		used := body(layout.R(in.X, in.Y+th+b.S(10), in.W, in.H))
		panel = fixPanel(b.F, panel, th+b.S(10)+used+2*pad)
		y = panel.MaxY() + b.S(16)
	}

	// Who, when, and for the facilitator the files to send on; headed by the session's
	// title when it has one, with the code on the line below.
	head := c.t("rep.title")
	if t := c.M.View.Settings.Title; t != "" {
		head = t
	}
	// The opening and closing rounds: each person's line under the question.
	round := func(rd *report.Round, key string) {
		if rd == nil {
			return
		}
		section(c.t(key)+": "+rd.Question, func(in layout.Rect) float64 {
			yy := in.Y
			for _, l := range rd.Lines {
				yy += b.Text(layout.R(in.X, yy, in.W, 0), l.Who.Name+": "+l.Text, ink) + b.S(6)
			}
			return yy - in.Y
		})
	}
	section(head, func(in layout.Rect) float64 {
		yy := in.Y
		where := c.M.ShortCode()
		if c.M.Mode == model.ModeSolo {
			where = c.t("bar.solo")
		}
		when := c.tf("rep.when", c.date(c.M.View.StartAt), where)
		if rep.Minutes > 0 {
			when += " · " + c.tf("rep.minutes", rep.Minutes)
		}
		yy += b.Text(layout.R(in.X, yy, in.W, b.S(40)), when, ink) + b.S(4)
		var names []string
		for _, p := range rep.Participants {
			if p.Role == report.RoleObserver {
				continue
			}
			n := p.Name
			if p.Role == report.RoleFacilitator {
				n += " (" + c.t("rep.role.facilitator") + ")"
			}
			names = append(names, n)
		}
		yy += b.Text(layout.R(in.X, yy, in.W, b.S(80)), c.tf("rep.who", len(names), strings.Join(names, ", ")), ink)
		if rep.Status != report.Finished {
			yy += b.S(4) + b.Text(layout.R(in.X, yy, in.W, b.S(40)), c.t("rep.running"), muted)
		}
		if c.canExport() {
			yy += b.S(16)
			lw := math.Min(in.W*0.4, b.S(160))
			b.Line(layout.R(in.X, yy, in.W-lw-b.S(12), b.S(36)), c.t("rep.export"), layout.TextStyle{Size: 15, Bold: true, Color: layout.InkColor})
			c.exportLangChoice(b, layout.R(in.MaxX()-lw, yy, lw, b.S(36)), "rep-exp-")
			yy += b.S(46)
			yy += c.exportRow(b, layout.R(in.X, yy, in.W, 0), "rep-exp-")
			yy += c.deleteRow(b, layout.R(in.X, yy, in.W, 0), "rep-exp-")
		}
		return yy - in.Y
	})

	round(rep.Opening, "scene.opening")

	// The statements.
	if len(rep.Statements) > 0 {
		section(c.t("rep.statements"), func(in layout.Rect) float64 {
			yy := in.Y
			for _, st := range rep.Statements {
				chartW := b.S(150)
				tw := in.W - chartW - b.S(16)
				if b.Compact {
					tw = in.W
				}
				th := b.Text(layout.R(in.X, yy, tw, b.S(60)), st.Title, bold)
				cy := yy
				if b.Compact {
					cy = yy + th + b.S(4)
				}
				if st.Result != nil {
					cx := in.X + in.W - chartW
					if b.Compact {
						cx = in.X
					}
					c.miniChart(b, layout.R(cx, cy, chartW, b.S(34)), st.Result.Distribution)
				}
				yy += math.Max(th, b.S(38))
				if b.Compact {
					yy = cy + b.S(40)
				}
				if res := st.Result; res != nil {
					line := c.tf("st.stats", dec(c.Controller, res.Mean), dec(c.Controller, res.Spread))
					if res.Of > 0 {
						line += " · " + c.tf("st.result.voted", res.Count, res.Of)
					}
					if len(res.Apart) == 2 {
						line += " · " + c.tf("rep.apart", res.Apart[0].Name, res.Apart[1].Name)
					}
					yy += b.Text(layout.R(in.X, yy, in.W, b.S(40)), line, muted)
				} else {
					yy += b.Text(layout.R(in.X, yy, in.W, b.S(20)), c.t("rep.notrevealed"), muted)
				}
				if st.Insight != "" {
					yy += b.S(2) + b.Text(layout.R(in.X, yy, in.W, b.S(60)), c.tf("st.insight.shown", st.Insight), ink)
				}
				yy += b.S(14)
			}
			return yy - in.Y
		})
	}

	// The question cards turned up, with the group's answers.
	if len(rep.Questions) > 0 {
		section(c.t("rep.questions"), func(in layout.Rect) float64 {
			return c.reportQuestions(b, in, rep.Questions)
		})
	}

	// The canvas, column by column, priorities first.
	if len(c.M.View.Canvas) > 0 {
		section(c.t("rep.canvas"), func(in layout.Rect) float64 {
			yy := in.Y
			for _, col := range rep.Canvas {
				b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(in.X, yy+b.S(4), b.S(6), b.S(18)), Color: theme.Part(col.Part), Radius: b.S(3)})
				b.Line(layout.R(in.X+b.S(14), yy, in.W, b.S(26)), fmt.Sprintf("%s (%d)", col.Name, len(col.Cards)), layout.TextStyle{Size: 16, Bold: true, Color: layout.InkColor})
				yy += b.S(30)
				for _, cd := range col.Cards {
					line := cd.Title + " — " + cd.Owner.Name
					if cd.Reason != "" {
						line += ": “" + cd.Reason + "”"
					}
					yy += b.Text(layout.R(in.X+b.S(14), yy, in.W-b.S(14), b.S(60)), line, ink) + b.S(2)
					var meta []string
					if cd.Dots > 0 {
						meta = append(meta, c.tn("rep.dots", cd.Dots))
					}
					if cd.Plus > 0 {
						meta = append(meta, fmt.Sprintf("+1 × %d", cd.Plus))
					}
					for _, re := range cd.Reactions {
						if re.Kind != game.ReactPlus && re.Text != "" {
							meta = append(meta, c.t("react."+re.Kind)+" "+re.By.Name+": “"+re.Text+"”")
						}
					}
					if len(meta) > 0 {
						yy += b.Text(layout.R(in.X+b.S(28), yy, in.W-b.S(28), b.S(80)), strings.Join(meta, " · "), muted)
					}
					yy += b.S(6)
				}
				yy += b.S(8)
			}
			return yy - in.Y
		})
	}

	// The ranking.
	if hasDots(rep) {
		section(c.t("rep.ranking"), func(in layout.Rect) float64 {
			yy := in.Y
			for i, rk := range rep.Ranking {
				if i == topCards || rk.Dots == 0 {
					break
				}
				yy += b.Text(layout.R(in.X, yy, in.W, b.S(40)), c.tf("rep.rank", rk.Place, rk.Title, rk.Dots), ink) + b.S(4)
			}
			return yy - in.Y
		})
	}

	// The actions.
	section(c.t("rep.actions"), func(in layout.Rect) float64 {
		yy := in.Y
		if len(rep.Actions) == 0 {
			return b.Text(layout.R(in.X, yy, in.W, b.S(30)), c.t("rep.noactions"), muted)
		}
		for _, a := range rep.Actions {
			yy += b.Text(layout.R(in.X, yy, in.W, b.S(60)), "• "+a.Text, bold)
			var parts []string
			if a.Owner != "" {
				parts = append(parts, c.tf("act.meta.owner", a.Owner))
			}
			if a.DueText != "" {
				parts = append(parts, c.tf("act.meta.due", a.DueText))
			}
			if a.CardTitle != "" {
				parts = append(parts, a.CardTitle)
			}
			if a.NoOwner {
				lw := b.Width(c.t("act.meta.noowner"), 13, true)
				b.Line(layout.R(in.X+b.S(14), yy, lw+b.S(4), b.S(20)), c.t("act.meta.noowner"), flag)
				if len(parts) > 0 {
					b.Text(layout.R(in.X+b.S(22)+lw, yy, in.W-b.S(22)-lw, b.S(40)), "· "+strings.Join(parts, " · "), muted)
				}
				yy += b.S(20) + b.S(8)
				continue
			}
			yy += b.Text(layout.R(in.X+b.S(14), yy, in.W-b.S(14), b.S(40)), strings.Join(parts, " · "), muted) + b.S(8)
		}
		return yy - in.Y
	})

	round(rep.Closing, "scene.closing")

	// The agenda of the follow-up meeting, built from the results.
	section(c.t("rep.agenda"), func(in layout.Rect) float64 {
		yy := in.Y
		if rep.Agenda.Purpose != "" {
			yy += b.Text(layout.R(in.X, yy, in.W, b.S(80)), rep.Agenda.Purpose, bold) + b.S(10)
		}
		for i, item := range rep.Agenda.Items {
			yy += b.Text(layout.R(in.X, yy, in.W, b.S(80)), strconv.Itoa(i+1)+". "+item.Text+" · "+c.tf("rep.agenda.min", item.Minutes), ink) + b.S(6)
		}
		if len(rep.Agenda.Decisions) > 0 {
			yy += b.S(6) + b.Text(layout.R(in.X, yy, in.W, b.S(30)), c.t("rep.decisions"), bold) + b.S(4)
			for _, d := range rep.Agenda.Decisions {
				yy += b.Text(layout.R(in.X, yy, in.W, b.S(80)), "• "+d, ink) + b.S(4)
			}
		}
		if rep.Agenda.FollowUp != "" {
			yy += b.S(4) + b.Text(layout.R(in.X, yy, in.W, b.S(60)), rep.Agenda.FollowUp, bold)
		}
		return yy - in.Y
	})
	b.Grow(y + b.S(8))
}

// report returns the session's report as this client can make it from its view, in the
// interface language; it is made anew only when the view or the language changed.
func (c *Controller) report() *report.Report {
	v := c.M.View
	if v == nil || c.M.Deck == nil {
		return nil
	}
	key := reportKey{version: v.Version, lang: c.M.Lang, day: c.now / (60_000)}
	if c.rep != nil && c.repKey == key {
		return c.rep
	}
	rep, err := report.FromView(*v, c.M.Deck, report.Info{Room: c.M.ShortCode(), Generated: time.UnixMilli(c.now)}, c.M.Lang)
	if err != nil {
		return nil
	}
	c.rep, c.repKey = rep, key
	return rep
}

// reportKey is what the report on screen depends on; the minute keeps the duration of a
// running session fresh.
type reportKey struct {
	version uint64
	lang    cards.Lang
	day     int64
}

func hasDots(rep *report.Report) bool {
	for _, r := range rep.Ranking {
		if r.Dots > 0 {
			return true
		}
	}
	return false
}

func dec(c *Controller, f float64) string {
	return strings.Replace(fmt.Sprintf("%.1f", f), ".", c.t("decimal"), 1)
}

// date formats a Unix ms time as a day.
func (c reportScene) date(ms int64) string {
	if ms == 0 {
		ms = c.now
	}
	t := time.UnixMilli(ms)
	months := strings.Split(c.t("months"), " ")
	if len(months) == 12 {
		return fmt.Sprintf("%d %s %d", t.Day(), months[t.Month()-1], t.Year())
	}
	return t.Format(time.DateOnly)
}

// miniChart is a small distribution of a revealed vote.
func (c *Controller) miniChart(b *layout.Builder, r layout.Rect, dist [5]int) {
	maxN := 1
	for _, n := range dist {
		maxN = max(maxN, n)
	}
	for i, col := range r.Cols(5, b.S(4)) {
		h := col.H * float64(dist[i]) / float64(maxN)
		b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(col.X, col.MaxY()-b.S(2), col.W, b.S(2)), Color: 0xD5CFC1})
		if h > 0 {
			b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(col.X, col.MaxY()-h, col.W, h), Color: theme.Vote(i + 1), Radius: b.S(3)})
		}
	}
}
