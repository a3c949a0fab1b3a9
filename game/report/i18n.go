package report

import (
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game/ui/i18n"
)

// labels is every word the report itself writes, in one language. Card texts come from the
// deck and player texts from the session; these are the rest. The texts live in the one
// catalogue of the client and the report (game/ui/i18n): a string field X shows the entry
// "report.X", so that code here reads lb.X; the arrays are the interface's own words, so the
// screen and the report say the same. Texts with a count go through count and f, which
// apply each language's plural rule. TestLabelsComplete fails when a field has no text.
type labels struct {
	lang cards.Lang

	Brand, Title, Summary                                        string
	Room, Date, Duration, Deck, Status, Generated, NoVotes       string
	RoomID                                                       string
	Finished, Running, NotStarted                                string
	Participants, Facilitator, Player, Observer, Left            string
	ObserversN                                                   string
	Statements, NoStatements, Votes, Mean, Spread, Apart         string
	Agreed, Insight, NotRevealed, VotedOf                        string
	Scale                                                        [5]string
	Canvas, NoCards, EmptyColumn, OwnIdea, PlayedBy              string
	Plus, Question, Concern, Dot, Dots                           string
	Ranking, NoDots, Place, Card, Part                           string
	Actions, NoActions, Action, Owner, Due, NoOwner, NoDue       string
	Agenda, TopPriorities                                        string
	PartName, PartQuestion                                       [4]string
	Minutes, Hours                                               string
	Months, Weekdays                                             []string
	AgendaReview1, AgendaReviewN, AgendaExplore                  string
	AgendaProgress, AgendaOwner, AgendaAgree, AgendaDiscuss      string
	AgendaFirstDue                                               string
	AgendaPartners, AgendaAlso                                   string
	SpreadOf, ScoredSupport, ScoredResponsible, AdviceCard       string
	Direction, Makers                                            string
	CanvasAlt, LegendPlus, LegendQ, LegendC, And                 string
	MostApart, ActionsSummary, VotedWhat, At, PlaceN, QuestionBy string
	ConcernBy, PlusBy, DeckVersion, Observers, ScaleNote         string
	Or, Purpose, Decisions, Invite, FollowUpHead, Sources        string
	NoSources, RoomMeta, VotesHidden, AgendaOpenText, MinutesN   string
	PurposeTop, PurposeChoose, PurposeExplore                    string
	AgendaDecideText, AgendaCloseText                            string
	DecidePilot1, DecidePilotN, DecideChoose, DecideExplore      string
	DecideLarge, DecideOwners, DecideStop, DecideBoard           string
	BringsCard, BringsAction, BringsBudget, BringsOwners         string
	BringsMakers, BringsPartner                                  string
	FromInsight, FromReason, FromReaction, FromAction            string
	Kind, Value, Seat, Text, By, Reactions, Partners, SessionOf  string
	Name                                                         string
	GroupQuestions, NoAnswer                                     string
}

// labelsFor returns the words of language l (Dutch for anything but English).
func labelsFor(l cards.Lang) labels {
	lb := labels{lang: l}
	// Each exported string field X takes the catalogue's "report.X": one line per text in
	// the catalogue instead of a second list here that could drift from it.
	v := reflect.ValueOf(&lb).Elem()
	for i := range v.NumField() {
		if f := v.Type().Field(i); f.IsExported() && f.Type.Kind() == reflect.String {
			v.Field(i).SetString(i18n.T(l, "report."+f.Name))
		}
	}
	for i := range lb.Scale {
		lb.Scale[i] = i18n.T(l, "st.scale."+strconv.Itoa(i+1))
	}
	for i, p := range cards.Parts {
		lb.PartName[i] = i18n.T(l, "part."+string(p))
		lb.PartQuestion[i] = i18n.T(l, "part."+string(p)+".q")
	}
	lb.Months = strings.Fields(i18n.T(l, "months"))
	lb.Weekdays = strings.Fields(i18n.T(l, "weekdays"))
	return lb
}

// count writes a number with the noun that agrees with it ("1 stip", "3 stippen"); what is
// one of the catalogue's report.n.* texts ("dots", "votes", "cards", ...).
func (lb *labels) count(what string, n int) string {
	return i18n.F(lb.lang, "report.n."+what, n)
}

// f formats a report text that has a count ("report.MeetingOn"), by the plural rule of the
// report's language.
func (lb *labels) f(key string, args ...any) string {
	return i18n.F(lb.lang, key, args...)
}

// decimal formats x with one decimal in the convention of l: "1,6" in Dutch, "1.6" in English.
func decimal(l cards.Lang, x float64) string {
	// Round half away from zero, as people do (2,25 -> 2,3); FormatFloat would round to even.
	s := strconv.FormatFloat(math.Round(x*10)/10, 'f', 1, 64)
	if l != cards.EN {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// longDate writes a date as people write it in a letter: "woensdag 25 november 2026",
// "Wednesday 25 November 2026".
func (lb *labels) longDate(t time.Time) string {
	return fmt.Sprintf("%s %d %s %d", lb.Weekdays[t.Weekday()], t.Day(), lb.Months[t.Month()-1], t.Year())
}

// shortDate is a date without the weekday: "9 december 2026".
func (lb *labels) shortDate(t time.Time) string {
	return fmt.Sprintf("%d %s %d", t.Day(), lb.Months[t.Month()-1], t.Year())
}

// dueDate formats an action's YYYY-MM-DD date; a date that does not parse is shown as is.
func (lb *labels) dueDate(s string) string {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return s
	}
	return lb.shortDate(t)
}

// duration writes a number of minutes as "45 min" or "1 u 25 min".
func (lb *labels) duration(minutes int) string {
	if minutes < 60 {
		return fmt.Sprintf(lb.Minutes, minutes)
	}
	return fmt.Sprintf(lb.Hours, minutes/60, minutes%60)
}

// list joins names as a sentence does: "a", "a en b", "a, b en c".
func (lb *labels) list(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + lb.And + " " + items[len(items)-1]
}

// listOr joins alternatives: "a", "a of b", "a, b of c".
func (lb *labels) listOr(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + lb.Or + " " + items[len(items)-1]
}
