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
	AgendaReview   = "review"   // the top priorities (or: choose them)
	AgendaProgress = "progress" // the actions that have an owner
	AgendaOwners   = "owners"   // actions still without an owner (or: agree actions)
	AgendaDiscuss  = "discuss"  // the statements the team disagreed most on
	AgendaInvolve  = "involve"  // whom to involve: direction and board, makers, supervisors
	AgendaPartners = "partners" // which kinds of partner to work with
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
	// followUpDays is the "within 4 weeks" of the follow-up meeting.
	followUpDays = 28
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

// agenda proposes the agenda of the follow-up meeting from the report's results.
func (b *builder) agenda(r *Report, advice []string) Agenda {
	lb := &b.lb
	var a Agenda
	add := func(kind, text string) { a.Items = append(a.Items, AgendaItem{Kind: kind, Text: text}) }

	top := topCards(r)
	titles := make([]string, len(top))
	for i, t := range top {
		titles[i] = t.Title
	}
	switch {
	case len(top) == 1:
		add(AgendaReview, fmt.Sprintf(lb.AgendaReview1, titles[0]))
	case len(top) > 1:
		add(AgendaReview, fmt.Sprintf(lb.AgendaReviewN, len(top), strings.Join(titles, ", ")))
	case len(r.Ranking) > 0:
		add(AgendaReview, fmt.Sprintf(lb.AgendaChoose, len(r.Ranking)))
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
		text := fmt.Sprintf(lb.AgendaProgress, count(owned, lb.ActionOne, lb.ActionMany))
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

	add(AgendaInvolve, b.involve(r, advice, len(unowned) > 0))
	add(AgendaPartners, fmt.Sprintf(lb.AgendaPartners, b.partners(r, top)))

	day, err := time.ParseInLocation(time.DateOnly, r.Date, b.loc)
	if err != nil { // r.Date is always written by Format(DateOnly); keep the agenda whole anyway
		day = r.Generated
	}
	by := day.AddDate(0, 0, followUpDays)
	a.FollowUpBy = by.Format(time.DateOnly)
	a.FollowUp = fmt.Sprintf(lb.AgendaFollowUp, lb.longDate(by))
	return a
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

// involve says whom to involve. Broad support (directors, board, supervisors and makers, as
// the sector's advice puts it) is proposed when the support statement scored low or its
// advice card came up; the direction alone when responsibility is the gap (its statement
// scored low, its advice card came up, or actions have no owner); colleagues who were not
// there otherwise. The reason is given, so the group knows why.
func (b *builder) involve(r *Report, advice []string, unowned bool) string {
	lb := &b.lb
	var support, responsible string
	for _, st := range r.Statements {
		if st.Result == nil || st.Result.Mean >= lowMean {
			continue
		}
		switch st.Card {
		case cardSupportStatement:
			support = fmt.Sprintf(lb.ScoredSupport, decimal(b.lang, st.Result.Mean))
		case cardResponsibleStatement:
			responsible = fmt.Sprintf(lb.ScoredResponsible, decimal(b.lang, st.Result.Mean))
		}
	}
	for _, id := range advice {
		title := fmt.Sprintf(lb.AdviceCard, b.card(id).Title.In(b.lang))
		switch {
		case id == cardSupportAdvice && support == "":
			support = title
		case id == cardResponsibleAdvice && responsible == "":
			responsible = title
		}
	}
	var groups, reasons []string
	switch {
	case support != "":
		groups = []string{lb.Direction, lb.Makers, lb.Supervisors}
	case responsible != "" || unowned:
		groups = []string{lb.Direction}
	default:
		groups = []string{lb.Colleagues}
	}
	for _, reason := range []string{support, responsible} {
		if reason != "" {
			reasons = append(reasons, reason)
		}
	}
	text := fmt.Sprintf(lb.AgendaInvolve, strings.Join(groups, ", "))
	if len(reasons) > 0 {
		text += " (" + strings.Join(reasons, lb.AgendaAlso) + ")"
	}
	return text
}

// partners proposes kinds of partner from the parts of the top cards (of all cards when no
// dots were placed): a venue to share streaming with for reach, a fund for income, and so on.
func (b *builder) partners(r *Report, top []Ranked) string {
	lb := &b.lb
	source := top
	if len(source) == 0 {
		source = r.Ranking[:min(len(r.Ranking), topN)]
	}
	var seen [len(cards.Parts)]bool
	var out []string
	for _, rk := range source {
		if i := rk.Part.Index(); i >= 0 && !seen[i] {
			seen[i] = true
			out = append(out, lb.Partner[i])
		}
	}
	if len(out) == 0 {
		return lb.PartnersAny
	}
	return strings.Join(out, lb.AgendaAlso)
}
