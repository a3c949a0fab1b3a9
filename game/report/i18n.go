package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"impactkaarten/cards"
)

// labels is the report's string table: every word the report itself writes, in one
// language. Card texts come from the deck and player texts from the session; these are the
// rest. A struct rather than a map, so that a missing translation is a compile error.
type labels struct {
	Brand, Title, Summary                                        string
	Room, Date, Duration, Deck, Status, Generated, NoVotes       string
	RoomID                                                       string
	Finished, Running, NotStarted                                string
	Participants, Facilitator, Player, Observer, Left            string
	ObserversN                                                   string
	Statements, NoStatements, Vote, Votes, Mean, Spread, Apart   string
	Agreed, Insight, NotRevealed, VotedOf                        string
	Scale                                                        [5]string
	Canvas, NoCards, EmptyColumn, OwnIdea, PlayedBy              string
	Plus, Question, Questions, Concern, Concerns, Dot, Dots      string
	Ranking, NoDots, Place, Card, Part                           string
	Actions, NoActions, Action, Owner, Due, NoOwner, NoDue       string
	Agenda, TopPriorities                                        string
	PartName, PartQuestion                                       [4]string
	Minutes, Hours                                               string
	Months, Weekdays                                             []string
	AgendaReview1, AgendaReviewN, AgendaChoose, AgendaExplore    string
	AgendaProgress, AgendaOwner, AgendaAgree, AgendaDiscuss      string
	AgendaFirstDue, ActionOne, ActionMany                        string
	AgendaInvolve, AgendaPartners, AgendaFollowUp, AgendaAlso    string
	SpreadOf, ScoredSupport, ScoredResponsible, AdviceCard       string
	Direction, Makers, Supervisors, Colleagues                   string
	Partner                                                      [4]string
	PartnersAny                                                  string
	CanvasAlt, CardsAndDots, LegendPlus, LegendQ, LegendC, And   string
	MostApart, ActionsSummary, VotedWhat, At, PlaceN, QuestionBy string
	ConcernBy, PlusBy, DeckVersion, Observers, ScaleNote         string
}

// labelsFor returns the string table of language l (Dutch for anything but English).
func labelsFor(l cards.Lang) labels {
	if l == cards.EN {
		return labels{
			Brand: "Impactkaarten", Title: "Session report", Summary: "At a glance",
			Room: "Room", Date: "Date", NoVotes: "Nobody voted.", Duration: "Duration", Deck: "Deck",
			Status: "Status", Generated: "Generated on %s with Impactkaarten", RoomID: "room ID",
			Finished: "finished", Running: "still running", NotStarted: "not started yet",
			Participants: "Participants", Facilitator: "facilitator", Player: "player",
			Observer: "observer", ObserversN: "observers", Left: "left",
			Statements: "Statements", NoStatements: "No statements were discussed.",
			Vote: "vote", Votes: "votes", Mean: "mean", Spread: "spread", Apart: "Furthest apart",
			Agreed: "Everyone agreed.", Insight: "Insight",
			NotRevealed: "Votes not revealed", VotedOf: "%d of %d voted",
			Scale:  [5]string{"strongly disagree", "disagree", "neutral", "agree", "strongly agree"},
			Canvas: "Earning model", NoCards: "No cards on the canvas yet.", EmptyColumn: "No cards",
			OwnIdea: "Own idea", PlayedBy: "played by",
			Plus: "+1", Question: "question", Questions: "questions", Concern: "concern",
			Concerns: "concerns", Dot: "dot", Dots: "dots",
			Ranking: "Priorities", NoDots: "No dots have been placed yet.", Place: "Place",
			Card: "Card", Part: "Part",
			Actions: "Actions", NoActions: "No actions yet.", Action: "Action", Owner: "Owner",
			Due: "Due", NoOwner: "no owner yet", NoDue: "no date",
			Agenda: "Agenda for the follow-up meeting", TopPriorities: "Top priorities",
			PartName: [4]string{"Offer", "Reach", "Impact", "Income"},
			PartQuestion: [4]string{
				"What do we make and make available?",
				"How many people, and how broad a public, do we reach?",
				"What difference do we make for them and for society?",
				"How do we make it economically sustainable?",
			},
			Minutes: "%d min", Hours: "%d h %d min",
			Months: []string{"January", "February", "March", "April", "May", "June", "July",
				"August", "September", "October", "November", "December"},
			Weekdays:       []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
			AgendaReview1:  "Review: the top priority (%s)",
			AgendaReviewN:  "Review: top %d priorities (%s)",
			AgendaChoose:   "Choose priorities among the %d cards on the canvas",
			AgendaExplore:  "Earning model: explore what digital technology can do for each part",
			AgendaProgress: "Progress on %s with an owner",
			AgendaFirstDue: " (first due %s)",
			ActionOne:      "action", ActionMany: "actions",
			AgendaOwner:       "Choose an owner for: %s",
			AgendaAgree:       "Agree on actions and owners for the top priorities",
			AgendaDiscuss:     "Discuss further: %s",
			AgendaInvolve:     "Whom to involve: %s",
			AgendaPartners:    "Work together with: %s",
			AgendaFollowUp:    "Follow-up within 4 weeks, by %s",
			AgendaAlso:        "; ",
			SpreadOf:          "spread %s",
			ScoredSupport:     "broad support scored %s",
			ScoredResponsible: "responsibility scored %s",
			AdviceCard:        "advice card “%s”",
			Direction:         "directors and board", Makers: "makers", Supervisors: "supervisors",
			Colleagues: "colleagues who were not there",
			Partner: [4]string{
				"other cultural organisations, to create and share an offer together",
				"other venues and museums, for shared streaming and marketing",
				"schools, libraries and community partners, to deepen the impact",
				"a fund or sponsor, to share the investment",
			},
			PartnersAny:  "organisations with the same digital question, to share investment and experience",
			CanvasAlt:    "The canvas: the cards per part of the earning model",
			CardsAndDots: "%d cards · %d dots", LegendPlus: "+1", LegendQ: "question", LegendC: "concern",
			And: "and", MostApart: "Most disagreement", ActionsSummary: "%s, %d without an owner",
			VotedWhat: "Who voted what", At: "%s at %s", PlaceN: "place %d", QuestionBy: "Question from %s",
			ConcernBy: "Concern from %s", PlusBy: "+1 from %s", DeckVersion: "%s (version %d)",
			Observers: "%d + %s", ScaleNote: "1 = %s, 5 = %s",
		}
	}
	return labels{
		Brand: "Impactkaarten", Title: "Sessieverslag", Summary: "In het kort",
		Room: "Sessie", Date: "Datum", NoVotes: "Niemand heeft gestemd.", Duration: "Duur", Deck: "Kaartset",
		Status: "Status", Generated: "Gemaakt op %s met Impactkaarten", RoomID: "sessie-id",
		Finished: "afgerond", Running: "loopt nog", NotStarted: "nog niet begonnen",
		Participants: "Deelnemers", Facilitator: "facilitator", Player: "speler",
		Observer: "toeschouwer", ObserversN: "toeschouwers", Left: "vertrokken",
		Statements: "Stellingen", NoStatements: "Er zijn geen stellingen besproken.",
		Vote: "stem", Votes: "stemmen", Mean: "gemiddeld", Spread: "spreiding", Apart: "Verst uit elkaar",
		Agreed: "Iedereen was het eens.", Insight: "Inzicht",
		NotRevealed: "Stemmen niet onthuld", VotedOf: "%d van %d gestemd",
		Scale:  [5]string{"helemaal oneens", "oneens", "neutraal", "eens", "helemaal eens"},
		Canvas: "Verdienmodel", NoCards: "Er liggen nog geen kaarten op het canvas.", EmptyColumn: "Geen kaarten",
		OwnIdea: "Eigen idee", PlayedBy: "gespeeld door",
		Plus: "+1", Question: "vraag", Questions: "vragen", Concern: "zorg",
		Concerns: "zorgen", Dot: "stip", Dots: "stippen",
		Ranking: "Prioriteiten", NoDots: "Er zijn nog geen stippen geplaatst.", Place: "Plaats",
		Card: "Kaart", Part: "Onderdeel",
		Actions: "Acties", NoActions: "Nog geen acties.", Action: "Actie", Owner: "Eigenaar",
		Due: "Datum", NoOwner: "nog geen eigenaar", NoDue: "geen datum",
		Agenda: "Agenda voor het vervolgoverleg", TopPriorities: "Belangrijkste prioriteiten",
		PartName: [4]string{"Aanbod", "Bereik", "Impact", "Inkomsten"},
		PartQuestion: [4]string{
			"Wat maken we en wat maken we beschikbaar?",
			"Hoeveel mensen, en hoe breed een publiek, bereiken we?",
			"Welk verschil maken we voor hen en voor de samenleving?",
			"Hoe maken we het economisch duurzaam?",
		},
		Minutes: "%d min", Hours: "%d u %d min",
		Months: []string{"januari", "februari", "maart", "april", "mei", "juni", "juli",
			"augustus", "september", "oktober", "november", "december"},
		Weekdays:       []string{"zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"},
		AgendaReview1:  "Terugblik: de belangrijkste prioriteit (%s)",
		AgendaReviewN:  "Terugblik: top %d prioriteiten (%s)",
		AgendaChoose:   "Prioriteiten kiezen uit de %d kaarten op het canvas",
		AgendaExplore:  "Verdienmodel: verkennen wat digitale technologie per onderdeel kan betekenen",
		AgendaProgress: "Voortgang van %s met een eigenaar",
		AgendaFirstDue: " (eerste deadline %s)",
		ActionOne:      "actie", ActionMany: "acties",
		AgendaOwner:       "Eigenaar kiezen voor: %s",
		AgendaAgree:       "Acties en eigenaren afspreken voor de belangrijkste prioriteiten",
		AgendaDiscuss:     "Doorpraten over: %s",
		AgendaInvolve:     "Wie betrekken we: %s",
		AgendaPartners:    "Samenwerken met: %s",
		AgendaFollowUp:    "Vervolgafspraak binnen 4 weken, uiterlijk %s",
		AgendaAlso:        "; ",
		SpreadOf:          "spreiding %s",
		ScoredSupport:     "draagvlak scoorde %s",
		ScoredResponsible: "verantwoordelijkheid scoorde %s",
		AdviceCard:        "advieskaart “%s”",
		Direction:         "directie en bestuur", Makers: "makers", Supervisors: "toezichthouders",
		Colleagues: "collega’s die er niet bij waren",
		Partner: [4]string{
			"andere culturele instellingen, om samen aanbod te maken en te delen",
			"andere podia en musea, voor gedeelde streaming en marketing",
			"scholen, bibliotheken en maatschappelijke partners, om de impact te vergroten",
			"een fonds of sponsor, om de investering te delen",
		},
		PartnersAny:  "organisaties met dezelfde digitale vraag, om investering en ervaring te delen",
		CanvasAlt:    "Het canvas: de kaarten per onderdeel van het verdienmodel",
		CardsAndDots: "%d kaarten · %d stippen", LegendPlus: "+1", LegendQ: "vraag", LegendC: "zorg",
		And: "en", MostApart: "Meeste verschil van mening", ActionsSummary: "%s, waarvan %d zonder eigenaar",
		VotedWhat: "Wie stemde wat", At: "%s om %s", PlaceN: "plaats %d", QuestionBy: "Vraag van %s",
		ConcernBy: "Zorg van %s", PlusBy: "+1 van %s", DeckVersion: "%s (versie %d)",
		Observers: "%d + %s", ScaleNote: "1 = %s, 5 = %s",
	}
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

// count writes a number with the singular or plural noun: "1 stip", "3 stippen".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
