package app

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game/ui/dates"
	"impactkaarten/game/ui/layout"
	"impactkaarten/game/ui/model"
)

// dueFieldMax is what the due-date field holds: room for "31 december 2026" and
// "over 3 maanden" with some to spare.
const dueFieldMax = 40

// duePicker is the action form's date picker: whether it is open, and the month it shows.
type duePicker struct {
	open  bool
	month time.Time // the first day of the month shown, as a dates.Day
}

// today is the day on this device's clock.
func (c *Controller) today() time.Time { return dates.Day(time.UnixMilli(c.now)) }

// dueDate reads the due-date field: empty is no date (ok), else the date or why not.
func (c *Controller) dueDate() (time.Time, bool, error) {
	s := strings.TrimSpace(c.text("act-due"))
	if s == "" {
		return time.Time{}, false, nil
	}
	d, err := dates.Parse(s, c.today())
	return d, err == nil, err
}

// longDate writes a day as a sentence does: "dinsdag 15 december 2026".
func (c *Controller) longDate(d time.Time) string {
	days, months := strings.Fields(c.t("weekdays")), strings.Fields(c.t("months"))
	if len(days) != 7 || len(months) != 12 {
		return dates.ISO(d)
	}
	return fmt.Sprintf("%s %d %s %d", days[d.Weekday()], d.Day(), months[d.Month()-1], d.Year())
}

// dueText shows an action's ISO due date as people read it ("15 december 2026"); a date
// that does not parse shows as it is.
func (c *Controller) dueText(iso string) string {
	d, err := time.Parse(time.DateOnly, iso)
	months := strings.Fields(c.t("months"))
	if err != nil || len(months) != 12 {
		return iso
	}
	return fmt.Sprintf("%d %s %d", d.Day(), months[d.Month()-1], d.Year())
}

// typedDate is a day as the picker writes it into the field, the way people of the
// language type it: 15-12-2026, 15/12/2026.
func (c *Controller) typedDate(d time.Time) string {
	sep := "-"
	if c.M.Lang == cards.EN {
		sep = "/"
	}
	return fmt.Sprintf("%d%s%d%s%d", d.Day(), sep, int(d.Month()), sep, d.Year())
}

// buildDue lays out the due-date field with its picker button at field (the label line
// and the field, field.W wide) and what the typed text reads as below it. It returns the
// bottom of what it drew.
func (c *Controller) buildDue(b *layout.Builder, field layout.Rect) float64 {
	label := layout.TextStyle{Size: 14, Bold: true, Color: layout.MutedColor}
	b.Line(layout.R(field.X, field.Y, field.W, b.S(20)), c.t("act.due"), label)
	y := field.Y + b.S(22)
	bw := b.S(44)
	b.TextField("act-due", layout.R(field.X, y, field.W-bw-b.S(6), b.S(44)), c.t("act.due"), c.fieldState("act-due", dueFieldMax, c.t("act.due.placeholder")), false, "act-add")
	b.Button("act-due-pick", layout.R(field.MaxX()-bw, y, bw, b.S(44)), "", layout.ButtonOpts{Style: layout.Secondary, Glyph: g("calendar"), Label: c.t("act.due.pick"), Kind: layout.Toggle, Selected: c.due.open, Action: toggleDuePicker{}})
	y += b.S(44) + b.S(4)
	d, ok, err := c.dueDate()
	switch {
	case ok:
		y += b.Text(layout.R(field.X, y, field.W, b.S(40)), c.tf("act.due.reads", c.longDate(d)), layout.TextStyle{Size: 13, Color: layout.MutedColor})
	case err != nil:
		y += b.Text(layout.R(field.X, y, field.W, b.S(60)), c.t("date.err."+string(dates.ReasonOf(err))), layout.TextStyle{Size: 13, Bold: true, Color: layout.ErrorColor})
	default:
		y += b.S(18)
	}
	return y
}

// duePickerOpen reports whether the date picker shows: only over the action form.
func (c *Controller) duePickerOpen() bool {
	return c.due.open && c.M.Scene() == model.SceneActions && !c.M.ReadOnly()
}

// dueDialog is the date picker of a new action.
type dueDialog struct{ *Controller }

// escape closes it.
func (c dueDialog) escape() bool { closeDuePicker{}.run(c.Controller); return true }

// buildDuePicker is the date picker's dialog: the shortcuts, then a month of days.
func (c dueDialog) build(b *layout.Builder) {
	chosen, _, _ := c.dueDate()
	c.fitDialog(b, b.S(440), func(b *layout.Builder, in layout.Rect) float64 {
		return c.pickerBody(b, in, chosen)
	})
}

// pickerBody lays out the picker from in's top; chosen is the day the field holds now
// (zero for none). It returns the height used.
func (c dueDialog) pickerBody(b *layout.Builder, in layout.Rect, chosen time.Time) float64 {
	today := c.today()
	month := c.due.month
	if month.IsZero() {
		month = today.AddDate(0, 0, 1-today.Day())
	}
	y := in.Y
	y += b.Text(layout.R(in.X, y, in.W, b.S(30)), c.t("act.due.pick"), layout.TextStyle{Size: 19, Bold: true, Color: layout.InkColor}) + b.S(12)

	// The shortcuts, as many to a row as fit.
	x := in.X
	for i, s := range dates.Shortcuts(today) {
		caption := c.t(s.Key)
		w := math.Min(b.ButtonWidth(caption, 0, 14), in.W)
		if x > in.X && x+w > in.MaxX() {
			x, y = in.X, y+b.S(42)
		}
		b.Button("act-due-short-"+strconv.Itoa(i), layout.R(x, y, w, b.S(36)), caption, layout.ButtonOpts{Style: layout.Secondary, Size: 14,
			Label: caption + ": " + c.longDate(s.Date), Action: pickDue{s.Date}})
		x += w + b.S(6)
	}
	y += b.S(36) + b.S(14)

	// The month, with the way to the one before and after.
	months := strings.Fields(c.t("months"))
	title := strconv.Itoa(month.Year())
	if len(months) == 12 {
		title = months[month.Month()-1] + " " + title
	}
	nav := b.S(40)
	first := today.AddDate(0, 0, 1-today.Day())
	limit := today.AddDate(dates.MaxYears, 0, 0)
	b.Button("act-due-prev", layout.R(in.X, y, nav, nav), "", layout.ButtonOpts{Style: layout.Secondary, Glyph: g("chevron-left"), Label: c.t("date.prev"), Disabled: !month.After(first), Action: dueMonth{-1}})
	b.Line(layout.R(in.X+nav, y, in.W-2*nav, nav), title, layout.TextStyle{Size: 16, Bold: true, Color: layout.InkColor, Align: layout.Center})
	b.Button("act-due-next", layout.R(in.MaxX()-nav, y, nav, nav), "", layout.ButtonOpts{Style: layout.Secondary, Glyph: g("chevron-right"), Label: c.t("date.next"),
		Disabled: !month.AddDate(0, 1, 0).Before(limit), Action: dueMonth{1}})
	y += nav + b.S(8)

	// The days, Monday first as in the Netherlands.
	cw := in.W / 7
	for i, wd := range strings.Fields(c.t("date.weekdays.short")) {
		b.Line(layout.R(in.X+float64(i)*cw, y, cw, b.S(18)), wd, layout.TextStyle{Size: 12, Color: layout.MutedColor, Align: layout.Center})
	}
	y += b.S(22)
	ch := math.Min(b.S(38), cw)
	lead := (int(month.Weekday()) + 6) % 7
	last := dates.EndOfMonth(month).Day()
	for day := 1; day <= last; day++ {
		cell := lead + day - 1
		d := month.AddDate(0, 0, day-1)
		r := layout.R(in.X+float64(cell%7)*cw+b.S(2), y+float64(cell/7)*(ch+b.S(2)), cw-b.S(4), ch)
		style := layout.Quiet
		if d.Equal(today) {
			style = layout.Secondary // today has a frame
		}
		b.Button("act-due-day-"+dates.ISO(d), r, strconv.Itoa(day), layout.ButtonOpts{Kind: layout.Choice, Style: style, Size: 14,
			Selected: d.Equal(chosen), Disabled: d.Before(today) || d.After(limit), Label: c.longDate(d), Action: pickDue{d}})
	}
	rows := (lead + last + 6) / 7
	y += float64(rows)*(ch+b.S(2)) + b.S(14)

	cols := layout.R(in.X, y, in.W, b.S(44)).Cols(2, b.S(12))
	b.Button("act-due-clear", cols[0], c.t("date.clear"), layout.ButtonOpts{Style: layout.Secondary, Disabled: strings.TrimSpace(c.text("act-due")) == "", Action: clearDue{}})
	b.Button("act-due-close", cols[1], c.t("date.close"), layout.ButtonOpts{Style: layout.Primary, Action: closeDuePicker{}})
	return y + b.S(44) - in.Y
}

// toggleDuePicker opens the date picker on the month of the date typed (else this one),
// or closes it.
type toggleDuePicker struct{}

func (toggleDuePicker) run(c *Controller) {
	today := c.today()
	c.due.open = !c.due.open
	c.due.month = today.AddDate(0, 0, 1-today.Day())
	if d, ok, _ := c.dueDate(); ok {
		c.due.month = d.AddDate(0, 0, 1-d.Day())
	}
	if c.due.open {
		c.focus = "act-due-short-0"
	}
}

// closeDuePicker closes the picker.
type closeDuePicker struct{}

func (closeDuePicker) run(c *Controller) {
	c.due.open = false
	c.focus = "act-due-pick"
}

// clearDue empties the date.
type clearDue struct{}

func (clearDue) run(c *Controller) {
	c.field("act-due", dueFieldMax).SetText("")
	c.due.open = false
	c.focus = "act-due"
}

// dueMonth shows the month before (-1) or after (1).
type dueMonth struct{ by int }

func (a dueMonth) run(c *Controller) { c.due.month = c.due.month.AddDate(0, a.by, 0) }

// pickDue picks a day, from a shortcut or the month.
type pickDue struct{ day time.Time }

func (a pickDue) run(c *Controller) { c.pickDue(a.day) }

// pickDue writes a chosen day into the field and closes the picker.
func (c *Controller) pickDue(d time.Time) {
	c.field("act-due", dueFieldMax).SetText(c.typedDate(d))
	c.due.open = false
	c.focus = "act-due"
}
