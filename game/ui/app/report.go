package app

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/theme"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
)

// buildReport is the summary everyone sees at the end: the statements with their votes and
// insights, the canvas, the ranking, the actions, who took part, and a proposed agenda for
// the follow-up meeting.
func (c *Controller) buildReport(b *layout.Builder, r layout.Rect) {
	v := c.M.View
	w := math.Min(r.W, b.S(1000))
	x := r.X + (r.W-w)/2
	y := r.Y
	ink := layout.TextStyle{Size: 15, Color: layout.InkColor}
	muted := layout.TextStyle{Size: 13, Color: layout.MutedColor}
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

	// Who, when.
	section(c.t("rep.title"), func(in layout.Rect) float64 {
		yy := in.Y
		var names []string
		for _, s := range v.Seats {
			if !s.Observer {
				names = append(names, s.Name)
			}
		}
		where := c.M.ShortCode()
		if c.M.Mode == model.ModeSolo {
			where = c.t("bar.solo")
		}
		yy += b.Text(layout.R(in.X, yy, in.W, b.S(40)), c.tf("rep.when", c.date(v.StartAt), where), ink) + b.S(4)
		yy += b.Text(layout.R(in.X, yy, in.W, b.S(80)), c.tf("rep.who", len(names), strings.Join(names, ", ")), ink)
		return yy - in.Y
	})

	// The statements.
	if len(v.Rounds) > 0 {
		section(c.t("rep.statements"), func(in layout.Rect) float64 {
			yy := in.Y
			for _, rd := range v.Rounds {
				title := c.M.CardTitle(rd.Card)
				chartW := b.S(150)
				tw := in.W - chartW - b.S(16)
				if b.Compact {
					tw = in.W
				}
				th := b.Text(layout.R(in.X, yy, tw, b.S(60)), title, layout.TextStyle{Size: 15, Bold: true, Color: layout.InkColor})
				cy := yy
				if b.Compact {
					cy = yy + th + b.S(4)
				}
				if rd.Revealed && rd.Result != nil {
					c.miniChart(b, layout.R(in.X+in.W-chartW, cy, chartW, b.S(34)), rd.Result)
					if b.Compact {
						c.miniChart(b, layout.R(in.X, cy, chartW, b.S(34)), rd.Result)
					}
				}
				yy += math.Max(th, b.S(38))
				if b.Compact {
					yy = cy + b.S(40)
				}
				if rd.Revealed && rd.Result != nil {
					res := rd.Result
					line := c.tf("st.stats", dec(c, res.Mean), dec(c, res.Spread))
					if res.Apart[0] != 0 {
						line += " · " + c.tf("rep.apart", c.M.SeatName(res.Apart[0]), c.M.SeatName(res.Apart[1]))
					}
					yy += b.Text(layout.R(in.X, yy, in.W, b.S(40)), line, muted)
				} else {
					yy += b.Text(layout.R(in.X, yy, in.W, b.S(20)), c.t("rep.notrevealed"), muted)
				}
				if rd.Insight != "" {
					yy += b.S(2) + b.Text(layout.R(in.X, yy, in.W, b.S(60)), c.tf("st.insight.shown", rd.Insight), ink)
				}
				yy += b.S(14)
			}
			return yy - in.Y
		})
	}

	// The canvas.
	if len(v.Canvas) > 0 {
		section(c.t("rep.canvas"), func(in layout.Rect) float64 {
			yy := in.Y
			for _, part := range cards.Parts {
				var list []game.Placed
				for _, p := range v.Canvas {
					if p.Part == part {
						list = append(list, p)
					}
				}
				b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(in.X, yy+b.S(4), b.S(6), b.S(18)), Color: theme.Part(part), Radius: b.S(3)})
				b.Line(layout.R(in.X+b.S(14), yy, in.W, b.S(26)), fmt.Sprintf("%s (%d)", c.t("part."+string(part)), len(list)), layout.TextStyle{Size: 16, Bold: true, Color: layout.InkColor})
				yy += b.S(30)
				for _, p := range list {
					line := c.M.CardTitle(p.Card) + " — " + c.M.SeatName(p.Owner)
					if p.Reason != "" {
						line += ": “" + p.Reason + "”"
					}
					if n := len(p.Reactions); n > 0 {
						line += " · " + c.tn("rep.reactions", n)
					}
					yy += b.Text(layout.R(in.X+b.S(14), yy, in.W-b.S(14), b.S(60)), line, ink) + b.S(4)
				}
				yy += b.S(8)
			}
			return yy - in.Y
		})
	}

	// The ranking.
	if len(v.Ranking) > 0 && hasDots(v) {
		section(c.t("rep.ranking"), func(in layout.Rect) float64 {
			yy := in.Y
			for i, rk := range v.Ranking {
				if i == topCards || rk.Dots == 0 {
					break
				}
				yy += b.Text(layout.R(in.X, yy, in.W, b.S(40)), c.tf("rep.rank", rk.Place, c.M.CardTitle(rk.Card), rk.Dots), ink) + b.S(4)
			}
			return yy - in.Y
		})
	}

	// The actions.
	section(c.t("rep.actions"), func(in layout.Rect) float64 {
		yy := in.Y
		if len(v.Actions) == 0 {
			return b.Text(layout.R(in.X, yy, in.W, b.S(30)), c.t("rep.noactions"), muted)
		}
		for _, a := range v.Actions {
			yy += b.Text(layout.R(in.X, yy, in.W, b.S(60)), "• "+a.Text, layout.TextStyle{Size: 15, Bold: true, Color: layout.InkColor})
			yy += b.Text(layout.R(in.X+b.S(14), yy, in.W-b.S(14), b.S(40)), c.actionMeta(a), muted) + b.S(8)
		}
		return yy - in.Y
	})

	// The agenda of the follow-up meeting, built from the results.
	section(c.t("rep.agenda"), func(in layout.Rect) float64 {
		yy := in.Y
		for i, item := range c.agenda() {
			yy += b.Text(layout.R(in.X, yy, in.W, b.S(60)), strconv.Itoa(i+1)+". "+item, ink) + b.S(6)
		}
		return yy - in.Y
	})
	b.Grow(y + b.S(8))
}

func hasDots(v *game.PlayerView) bool {
	for _, r := range v.Ranking {
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
func (c *Controller) date(ms int64) string {
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
func (c *Controller) miniChart(b *layout.Builder, r layout.Rect, res *game.VoteResult) {
	maxN := 1
	for _, n := range res.Distribution {
		maxN = max(maxN, n)
	}
	for i, col := range r.Cols(5, b.S(4)) {
		h := col.H * float64(res.Distribution[i]) / float64(maxN)
		b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(col.X, col.MaxY()-b.S(2), col.W, b.S(2)), Color: 0xD5CFC1})
		if h > 0 {
			b.Add(layout.Item{Kind: layout.Fill, Rect: layout.R(col.X, col.MaxY()-h, col.W, h), Color: theme.Vote(i + 1), Radius: b.S(3)})
		}
	}
}

// agenda proposes the follow-up meeting: look back, the statements the group disagreed on
// most, the top cards, the actions and their owners, who else to involve, the next date.
func (c *Controller) agenda() []string {
	v := c.M.View
	out := []string{c.tf("agenda.lookback", c.date(v.StartAt))}
	type split struct {
		card   string
		spread float64
	}
	var splits []split
	for _, r := range v.Rounds {
		if r.Result != nil && r.Result.Spread > 0 {
			splits = append(splits, split{r.Card, r.Result.Spread})
		}
	}
	sort.SliceStable(splits, func(i, j int) bool { return splits[i].spread > splits[j].spread })
	for i, s := range splits {
		if i == 2 {
			break
		}
		out = append(out, c.tf("agenda.statement", c.M.CardTitle(s.card)))
	}
	var top []string
	for i, r := range v.Ranking {
		if i == 3 {
			break
		}
		top = append(top, c.M.CardTitle(r.Card))
	}
	if len(top) > 0 {
		out = append(out, c.tf("agenda.top", strings.Join(top, ", ")))
	}
	noOwner := 0
	for _, a := range v.Actions {
		if a.Owner == "" && a.OwnerSeat == 0 {
			noOwner++
		}
	}
	out = append(out, c.tf("agenda.actions", len(v.Actions)))
	if noOwner > 0 {
		out = append(out, c.tf("agenda.noowner", noOwner))
	}
	out = append(out, c.t("agenda.support"), c.t("agenda.together"), c.t("agenda.next"))
	return out
}

func (c *Controller) actReport(id string) bool { return false }
