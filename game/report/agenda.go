package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"impactkaarten/cards"
)

// The kinds of agenda item, in the order the agenda lists them.
const (
	AgendaOpen     = "open"     // welcome and the purpose of the meeting
	AgendaReview   = "review"   // the top priorities (or: choose them)
	AgendaProgress = "progress" // the actions that have an owner
	AgendaOwners   = "owners"   // actions still without an owner (or: agree actions)
	AgendaDiscuss  = "discuss"  // the statements the team disagreed most on
	AgendaPartners = "partners" // the partners the group named during the session
	AgendaDecide   = "decide"   // the decisions the meeting is asked to take
	AgendaClose    = "close"    // who does what next, and the next date
)

// Thresholds of the agenda, on the 1..5 vote scale.
const (
	// disagreeSpread is the spread from which a statement is worth discussing again: a
	// standard deviation of a whole point means the team is at least two steps apart.
	disagreeSpread = 1.0
	// lowMean is the mean under which an advice statement "scored low": the team leans
	// towards disagreeing that, say, there is broad support.
	lowMean = 3.0
	// topN is how many priorities the follow-up reviews.
	topN = 3
	// meetingMinutes is the length of the follow-up meeting: an hour fits every diary.
	meetingMinutes = 60
)

// The cards of the default deck that speak to the advice of the sector: broad support and
// making someone responsible. A custom deck that reuses these ids gets the same agenda;
// any other deck gets the agenda without these signals.
const (
	cardSupportStatement     = "st-broad-support"
	cardResponsibleStatement = "st-someone-responsible"
	cardSupportAdvice        = "adv-broad-support"
	cardResponsibleAdvice    = "adv-choose-and-assign"
)

// agenda prepares the follow-up meeting from the report's results: its purpose, the items
// with their minutes (an hour in all), the decisions it is asked to take, whom to invite
// and what each brings, the partners the group named, and a date.
func (b *builder) agenda(r *Report, advice []string) Agenda {
	lb := &b.lb
	a := Agenda{Minutes: meetingMinutes, Items: []AgendaItem{}, Decisions: []string{}, Invite: []Invitee{}}
	add := func(kind, text string) { a.Items = append(a.Items, AgendaItem{Kind: kind, Text: text}) }

	top := topCards(r)
	titles := make([]string, len(top))
	for i, t := range top {
		titles[i] = "“" + t.Title + "”"
	}
	switch {
	case len(top) > 0:
		a.Purpose = fmt.Sprintf(lb.PurposeTop, lb.list(titles))
	case len(r.Ranking) > 0:
		a.Purpose = lb.PurposeChoose
	default:
		a.Purpose = lb.PurposeExplore
	}

	add(AgendaOpen, lb.AgendaOpenText)
	switch {
	case len(top) == 1:
		add(AgendaReview, fmt.Sprintf(lb.AgendaReview1, titles[0]))
	case len(top) > 1:
		add(AgendaReview, fmt.Sprintf(lb.AgendaReviewN, len(top), strings.Join(titles, ", ")))
	case len(r.Ranking) > 0:
		add(AgendaReview, lb.f("report.AgendaChoose", len(r.Ranking)))
	default:
		add(AgendaReview, lb.AgendaExplore)
	}

	var owned int
	var firstDue string
	var unowned []string
	for _, act := range r.Actions {
		if act.NoOwner {
			unowned = append(unowned, "“"+act.Text+"”")
			continue
		}
		owned++
		if act.Due != "" && (firstDue == "" || act.Due < firstDue) {
			firstDue = act.Due
		}
	}
	if owned > 0 {
		text := fmt.Sprintf(lb.AgendaProgress, lb.count("actions", owned))
		if firstDue != "" {
			text += fmt.Sprintf(lb.AgendaFirstDue, lb.dueDate(firstDue))
		}
		add(AgendaProgress, text)
	}
	switch {
	case len(unowned) > 0:
		add(AgendaOwners, fmt.Sprintf(lb.AgendaOwner, strings.Join(unowned, lb.AgendaAlso)))
	case len(r.Actions) == 0 && len(r.Ranking) > 0:
		add(AgendaOwners, lb.AgendaAgree)
	}

	if d := disagreements(r); len(d) > 0 {
		parts := make([]string, len(d))
		for i, st := range d {
			parts[i] = "“" + st.Title + "” (" + fmt.Sprintf(lb.SpreadOf, decimal(b.lang, st.Result.Spread)) + ")"
		}
		add(AgendaDiscuss, fmt.Sprintf(lb.AgendaDiscuss, strings.Join(parts, lb.AgendaAlso)))
	}

	a.Partners = partnersIn(discussion(r, lb), r)
	if len(a.Partners) > 0 {
		names := make([]string, len(a.Partners))
		for i, p := range a.Partners {
			names[i] = p.Name
		}
		add(AgendaPartners, fmt.Sprintf(lb.AgendaPartners, lb.list(names)))
	}

	sig := b.signals(r, advice)
	a.Decisions = b.decisions(r, top, len(unowned), sig)
	add(AgendaDecide, fmt.Sprintf(lb.AgendaDecideText, len(a.Decisions)))
	add(AgendaClose, lb.AgendaCloseText)
	timeItems(a.Items)
	a.Invite = b.invite(r, top, a.Partners, sig, len(unowned) > 0)

	day, err := time.ParseInLocation(time.DateOnly, r.Date, b.loc)
	if err != nil { // r.Date is always written by Format(DateOnly); keep the agenda whole anyway
		day = r.Generated
	}
	date := followUpDate(day)
	a.Date = date.Format(time.DateOnly)
	a.DateText = lb.longDate(date)
	a.FollowUp = lb.f("report.AgendaFollowUp", a.DateText, meetingMinutes)
	return a
}

// The minutes of each kind of item, before the time left over is shared out. The largest
// agenda (every item present) takes exactly meetingMinutes.
var itemMinutes = map[string]int{
	AgendaOpen: 5, AgendaReview: 15, AgendaProgress: 10, AgendaOwners: 5,
	AgendaDiscuss: 10, AgendaPartners: 5, AgendaDecide: 5, AgendaClose: 5,
}

// timeItems gives every item its minutes so that they add up to meetingMinutes: each gets
// its own share, and what a smaller agenda leaves over goes, five minutes at a time, to the
// review and the decisions, where a board meeting needs time most.
func timeItems(items []AgendaItem) {
	left := meetingMinutes
	for i := range items {
		items[i].Minutes = itemMinutes[items[i].Kind]
		left -= items[i].Minutes
	}
	grow := []string{AgendaDecide, AgendaReview}
	for i := 0; left >= 5; i++ {
		for j := range items {
			if items[j].Kind == grow[i%len(grow)] {
				items[j].Minutes += 5
				left -= 5
				break
			}
		}
	}
	// A remainder that is not a multiple of five (never with the table above) still counts.
	items[len(items)-1].Minutes += left
}

// topCards returns the cards in the first topN places of the ranking that received dots;
// cards that share a place all come along, so a tie never drops a card arbitrarily.
func topCards(r *Report) []Ranked {
	var top []Ranked
	for _, rk := range r.Ranking {
		if rk.Dots == 0 || rk.Place > topN {
			break
		}
		top = append(top, rk)
	}
	return top
}

// disagreements returns the revealed statements whose spread reaches disagreeSpread, the
// widest first, at most two: a follow-up meeting has time for no more.
func disagreements(r *Report) []Statement {
	var out []Statement
	for _, st := range r.Statements {
		if st.Result != nil && st.Result.Spread >= disagreeSpread {
			out = append(out, st)
		}
	}
	slices.SortStableFunc(out, func(a, b Statement) int { return cmp.Compare(b.Result.Spread, a.Result.Spread) })
	return out[:min(len(out), 2)]
}

// signals are what the statements and the advice cards said about support and
// responsibility: a reason in words ("draagvlak scoorde 2,3"), or "" when there was no sign.
type signals struct{ support, responsible string }

// signals reads broad support and responsibility from the statements that scored low and
// the advice cards that came up.
func (b *builder) signals(r *Report, advice []string) signals {
	lb := &b.lb
	var s signals
	for _, st := range r.Statements {
		if st.Result == nil || st.Result.Count == 0 || st.Result.Mean >= lowMean {
			continue
		}
		switch st.Card {
		case cardSupportStatement:
			s.support = fmt.Sprintf(lb.ScoredSupport, decimal(b.lang, st.Result.Mean))
		case cardResponsibleStatement:
			s.responsible = fmt.Sprintf(lb.ScoredResponsible, decimal(b.lang, st.Result.Mean))
		}
	}
	for _, id := range advice {
		title := fmt.Sprintf(lb.AdviceCard, b.card(id).Title.In(b.lang))
		switch {
		case id == cardSupportAdvice && s.support == "":
			s.support = title
		case id == cardResponsibleAdvice && s.responsible == "":
			s.responsible = title
		}
	}
	return s
}

// decisions lists what the follow-up meeting, and so the director or board, is asked to
// decide, from the results: which priority gets a pilot (with budget, hours and a lead),
// whether a large effort fits the year plan, owners for orphaned actions, what to stop, and
// when the supervisory board hears of it when support or responsibility is the gap.
func (b *builder) decisions(r *Report, top []Ranked, unowned int, sig signals) []string {
	lb := &b.lb
	out := []string{}
	switch {
	case len(top) == 1:
		out = append(out, fmt.Sprintf(lb.DecidePilot1, "“"+top[0].Title+"”"))
	case len(top) > 1:
		titles := make([]string, len(top))
		for i, t := range top {
			titles[i] = "“" + t.Title + "”"
		}
		out = append(out, fmt.Sprintf(lb.DecidePilotN, lb.listOr(titles)))
	case len(r.Ranking) > 0:
		out = append(out, lb.DecideChoose)
	default:
		out = append(out, lb.DecideExplore)
	}
	for _, t := range top {
		if c, ok := b.deck.Card(t.Card); ok && c.Effort == cards.EffortLarge {
			out = append(out, fmt.Sprintf(lb.DecideLarge, "“"+t.Title+"”"))
		}
	}
	if unowned > 0 {
		out = append(out, fmt.Sprintf(lb.DecideOwners, lb.count("actions", unowned)))
	}
	if len(top) > 0 {
		out = append(out, lb.DecideStop)
	}
	if sig.support != "" || sig.responsible != "" {
		out = append(out, lb.DecideBoard)
	}
	return out
}

// invite lists whom to invite and what each brings: the players whose cards became the
// priorities, the owners of actions, the direction (and, when support was the gap, makers
// and staff), and the partners the group named.
func (b *builder) invite(r *Report, top []Ranked, partners []Partner, sig signals, unowned bool) []Invitee {
	lb := &b.lb
	var out []Invitee
	at := map[string]int{}
	bring := func(who, what string) {
		if who == "" {
			return
		}
		if i, ok := at[who]; ok {
			out[i].Brings += lb.AgendaAlso + what
			return
		}
		at[who] = len(out)
		out = append(out, Invitee{Who: who, Brings: what})
	}
	for _, t := range top {
		bring(t.Owner, fmt.Sprintf(lb.BringsCard, "“"+t.Title+"”", t.Place))
	}
	for _, act := range r.Actions {
		if !act.NoOwner {
			bring(act.Owner, fmt.Sprintf(lb.BringsAction, "“"+act.Text+"”"))
		}
	}
	direction := lb.BringsBudget
	var reasons []string
	for _, reason := range []string{sig.support, sig.responsible} {
		if reason != "" {
			reasons = append(reasons, reason)
		}
	}
	if sig.responsible != "" || unowned {
		direction = lb.BringsOwners
	}
	if len(reasons) > 0 {
		direction += " (" + strings.Join(reasons, lb.AgendaAlso) + ")"
	}
	bring(lb.Direction, direction)
	if sig.support != "" {
		bring(lb.Makers, lb.BringsMakers)
	}
	for _, p := range partners {
		bring(p.Name, fmt.Sprintf(lb.BringsPartner, p.From))
	}
	return out
}

// followUpDate proposes the day of the follow-up meeting: four weeks after the session, on
// a working day (Monday to Friday, not a Dutch public holiday), and never in the Christmas
// holiday (from the Saturday before Christmas Day to New Year's Day, when schools, many
// offices and most boards are away and venues are at their busiest). A date in that holiday
// moves back to the last working day before it when that is still two weeks after the
// session, and otherwise forward to the first working day of the new year.
func followUpDate(session time.Time) time.Time {
	d := dayOf(session).AddDate(0, 0, 28)
	if from, to := christmasHoliday(d); !d.Before(from) && !d.After(to) {
		before := from.AddDate(0, 0, -1)
		for !workingDay(before) {
			before = before.AddDate(0, 0, -1)
		}
		if before.Sub(dayOf(session)) >= 14*24*time.Hour {
			return before
		}
		d = to.AddDate(0, 0, 1)
	}
	for !workingDay(d) {
		d = d.AddDate(0, 0, 1)
	}
	return d
}

// dayOf is midnight of t's day in t's location.
func dayOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

// christmasHoliday returns the holiday around the Christmas nearest to d: from the Saturday
// before Christmas Day to New Year's Day (both whole days, at midnight).
func christmasHoliday(d time.Time) (from, to time.Time) {
	year := d.Year()
	if d.Month() == time.January {
		year-- // early January belongs to the previous Christmas
	}
	xmas := time.Date(year, time.December, 25, 0, 0, 0, 0, d.Location())
	back := int(xmas.Weekday()-time.Saturday+7) % 7
	if back == 0 {
		back = 7 // Christmas on a Saturday: the holiday starts the Saturday before
	}
	return xmas.AddDate(0, 0, -back), time.Date(year+1, time.January, 1, 0, 0, 0, 0, d.Location())
}

// workingDay reports whether d is Monday to Friday and not a Dutch public holiday.
func workingDay(d time.Time) bool {
	if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
		return false
	}
	return !publicHoliday(d)
}

// publicHoliday reports whether d is a Dutch public holiday on a weekday: New Year's Day,
// Easter Monday, King's Day (27 April, or the 26th when the 27th is a Sunday), Liberation
// Day, Ascension Day, Whit Monday and the two days of Christmas. Good Friday is not a day
// off for most organisations, so it is left out.
func publicHoliday(d time.Time) bool {
	m, day := d.Month(), d.Day()
	switch {
	case m == time.January && day == 1,
		m == time.May && day == 5,
		m == time.December && (day == 25 || day == 26):
		return true
	case m == time.April && (day == 27 || day == 26):
		kings := time.Date(d.Year(), time.April, 27, 0, 0, 0, 0, d.Location())
		if kings.Weekday() == time.Sunday {
			kings = kings.AddDate(0, 0, -1)
		}
		return day == kings.Day()
	}
	easter := easterSunday(d.Year(), d.Location())
	for _, offset := range []int{1, 39, 50} { // Easter Monday, Ascension Day, Whit Monday
		h := easter.AddDate(0, 0, offset)
		if h.Month() == m && h.Day() == day {
			return true
		}
	}
	return false
}

// easterSunday computes Easter Sunday of year in the Gregorian calendar (the anonymous
// Gregorian algorithm, also known as Meeus/Jones/Butcher).
func easterSunday(year int, loc *time.Location) time.Time {
	a := year % 19
	b, c := year/100, year%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return time.Date(year, time.Month(month), day, 0, 0, 0, 0, loc)
}
