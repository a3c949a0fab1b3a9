//go:build !js

package report

import (
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"
)

// ICS writes the invitation for the follow-up meeting as an iCalendar file (RFC 5545) that
// Outlook, Google Calendar and Apple Calendar import: one tentative event on the proposed
// date, for the meeting's length, at the time of day the session started (10:00 without
// a start), with the purpose, the agenda, the decisions and whom to invite in its
// description. golang-ical writes the file; it escapes the text and folds lines at 75
// octets, and is asked for CRLF line ends. The UID is derived from the session, so a second
// download updates the event rather than adding another.
func ICS(r *Report) ([]byte, error) {
	lb := labelsFor(r.Lang)
	loc := r.Generated.Location()
	day, err := time.ParseInLocation(time.DateOnly, r.Agenda.Date, loc)
	if err != nil {
		return nil, fmt.Errorf("ics: the agenda has no date: %w", err)
	}
	hour, minute := 10, 0
	if r.Start != nil {
		s := r.Start.In(loc)
		hour, minute = s.Hour(), s.Minute()/30*30
	}
	start := time.Date(day.Year(), day.Month(), day.Day(), hour, minute, 0, 0, loc)

	cal := ics.NewCalendarFor(lb.Brand)
	cal.SetProductId("-//Impactkaarten//" + lb.Brand + "//" + strings.ToUpper(string(r.Lang)))
	cal.SetMethod(ics.MethodPublish)
	ev := cal.AddEvent(r.uid())
	ev.SetDtStampTime(r.Generated.UTC())
	ev.SetStartAt(start.UTC())
	ev.SetEndAt(start.Add(time.Duration(r.Agenda.Minutes) * time.Minute).UTC())
	ev.SetSummary(lb.FollowUpHead + ": " + r.subject(&lb))
	ev.SetDescription(r.agendaText(&lb))
	ev.SetStatus(ics.ObjectStatusTentative)
	return []byte(cal.Serialize(ics.WithNewLineWindows)), nil
}

// uid names the follow-up event of this session the same way on every download.
func (r *Report) uid() string {
	h := fnv.New64a()
	h.Write([]byte(r.Room + "\x00" + r.Date + "\x00" + r.Title))
	return fmt.Sprintf("followup-%s-%016x@impactkaarten", r.Date, h.Sum64())
}

// subject is what the meeting is about: the session's own title, or the session's date.
func (r *Report) subject(lb *labels) string {
	if day, err := time.Parse(time.DateOnly, r.Date); err == nil && r.Title == lb.Title+" — "+lb.longDate(day) {
		return fmt.Sprintf(lb.SessionOf, lb.Brand, lb.shortDate(day))
	}
	return r.Title
}

// agendaText is the agenda as plain text, for the invitation.
func (r *Report) agendaText(lb *labels) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n\n", lb.Purpose, r.Agenda.Purpose)
	for i, it := range r.Agenda.Items {
		fmt.Fprintf(&b, "%d. %s — %s\n", i+1, it.Text, fmt.Sprintf(lb.MinutesN, it.Minutes))
	}
	fmt.Fprintf(&b, "\n%s:\n", lb.Decisions)
	for _, d := range r.Agenda.Decisions {
		fmt.Fprintf(&b, "- %s\n", d)
	}
	fmt.Fprintf(&b, "\n%s:\n", lb.Invite)
	for _, in := range r.Agenda.Invite {
		fmt.Fprintf(&b, "- %s — %s\n", in.Who, in.Brings)
	}
	return strings.TrimRight(b.String(), "\n")
}
