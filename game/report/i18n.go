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
	AgendaPartners, AgendaFollowUp, AgendaAlso                   string
	SpreadOf, ScoredSupport, ScoredResponsible, AdviceCard       string
	Direction, Makers                                            string
	CanvasAlt, CardsAndDots, LegendPlus, LegendQ, LegendC, And   string
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
	MeetingOn, Name                                              string
	GroupQuestions, NoAnswer                                     string
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
			GroupQuestions: "Questions to the group", NoAnswer: "No answer was written down.",
			Vote: "vote", Votes: "votes", Mean: "mean", Spread: "spread", Apart: "Furthest apart",
			Agreed: "All %d who voted agreed.", Insight: "Insight",
			NotRevealed: "Votes not revealed", VotedOf: "%d of %d voted",
			Scale:  [5]string{"strongly disagree", "disagree", "neutral", "agree", "strongly agree"},
			Canvas: "Earning model", NoCards: "No cards on the canvas yet.", EmptyColumn: "No cards",
			OwnIdea: "Your own idea", PlayedBy: "played by",
			Plus: "+1", Question: "question", Questions: "questions", Concern: "concern",
			Concerns: "concerns", Dot: "dot", Dots: "dots",
			Ranking: "Priorities", NoDots: "No dots have been placed yet.", Place: "Place",
			Card: "Card", Part: "Part",
			Actions: "Actions", NoActions: "No actions yet.", Action: "Action", Owner: "Owner",
			Due: "Due", NoOwner: "no owner yet", NoDue: "no date",
			Agenda: "Agenda for the follow-up meeting", TopPriorities: "Top priorities",
			PartName: [4]string{"Offer", "Reach", "Impact", "Income"},
			PartQuestion: [4]string{
				"What do we make, and what do we make available?",
				"Whom do we reach, and how broadly?",
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
			AgendaFirstDue: " (the first due %s)",
			ActionOne:      "action", ActionMany: "actions",
			AgendaOwner:       "Choose an owner for: %s",
			AgendaAgree:       "Agree on actions and owners for the top priorities",
			AgendaDiscuss:     "Discuss further: %s",
			AgendaPartners:    "Working together: what do we ask of %s?",
			AgendaFollowUp:    "Proposed date: %s, %d minutes",
			AgendaAlso:        "; ",
			SpreadOf:          "spread %s",
			ScoredSupport:     "broad support scored %s",
			ScoredResponsible: "responsibility scored %s",
			AdviceCard:        "advice card “%s”",
			Direction:         "directors and board", Makers: "makers and staff",
			CanvasAlt:    "The canvas: the cards per part of the earning model",
			CardsAndDots: "%d cards · %d dots", LegendPlus: "+1", LegendQ: "question", LegendC: "concern",
			And: "and", MostApart: "Most disagreement", ActionsSummary: "%s, %d without an owner",
			VotedWhat: "Who voted what", At: "%s at %s", PlaceN: "place %d", QuestionBy: "Question from %s",
			ConcernBy: "Concern from %s", PlusBy: "+1 from %s", DeckVersion: "%s (version %d)",
			Observers: "%d + %s", ScaleNote: "1 = %s, 5 = %s",
			Or: "or", Purpose: "Purpose", Decisions: "Decisions asked for", Invite: "Invite",
			FollowUpHead: "Follow-up meeting", Sources: "Appendix: sources",
			NoSources: "The cards played cite no sources.", RoomMeta: "Session code %s",
			VotesHidden:    "Votes are anonymous: the report shows only how they were spread.",
			AgendaOpenText: "Opening: the purpose of the meeting and what we will decide", MinutesN: "%d min",
			PurposeTop:       "From the priorities %s to a decision: what do we do first, who leads it and what may it cost?",
			PurposeChoose:    "Narrow the cards of the session down to three priorities, each with an owner.",
			PurposeExplore:   "Explore together what digital technology can do for our earning model, and agree who leads it.",
			AgendaDecideText: "Decisions (%d, listed below)",
			AgendaCloseText:  "Close: who does what before the next meeting, and when that is",
			DecidePilot1:     "Does %s get a pilot? If so: with what budget, how many hours, and who leads it?",
			DecidePilotN:     "Which priority gets a pilot first: %s? With what budget, how many hours, and who leads it?",
			DecideChoose:     "Which three cards of the canvas become our priorities?",
			DecideExplore:    "Who leads the exploration of our digital earning model, and with how much time?",
			DecideLarge:      "%s takes a large effort: does it fit the year plan and the budget?",
			DecideOwners:     "Who takes on what has no owner yet (%s)?",
			DecideStop:       "What will we do less of, or stop doing, to free time and money for this?",
			DecideBoard:      "When and how do we inform the supervisory board?",
			BringsCard:       "explains %s (priority %d)", BringsAction: "reports on %s",
			BringsBudget: "decide on budget and hours", BringsOwners: "appoint owners and free time for them",
			BringsMakers: "what it means for their work", BringsPartner: "what they could bring; named %s",
			FromInsight: "in the insight on %s", FromReason: "in the reason for %s",
			FromReaction: "in a reaction to %s", FromAction: "in the action %s",
			Kind: "kind", Value: "value", Seat: "seat", Text: "text", By: "by", Reactions: "reactions",
			Partners: "Partners named", SessionOf: "%s session of %s", MeetingOn: "%s, %d minutes (agenda below)", Name: "name",
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
		GroupQuestions: "Vragen aan de groep", NoAnswer: "Er is geen antwoord genoteerd.",
		Vote: "stem", Votes: "stemmen", Mean: "gemiddeld", Spread: "spreiding", Apart: "Verst uit elkaar",
		Agreed: "Alle %d stemmers waren het eens.", Insight: "Inzicht",
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
			"Wat maken we, en wat stellen we beschikbaar?",
			"Wie bereiken we, en hoe breed?",
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
		AgendaFirstDue: " (de eerste uiterlijk %s)",
		ActionOne:      "actie", ActionMany: "acties",
		AgendaOwner:       "Eigenaar kiezen voor: %s",
		AgendaAgree:       "Acties en eigenaren afspreken voor de belangrijkste prioriteiten",
		AgendaDiscuss:     "Doorpraten over: %s",
		AgendaPartners:    "Samenwerking: wat vragen we aan %s?",
		AgendaFollowUp:    "Voorgestelde datum: %s, %d minuten",
		AgendaAlso:        "; ",
		SpreadOf:          "spreiding %s",
		ScoredSupport:     "draagvlak scoorde %s",
		ScoredResponsible: "verantwoordelijkheid scoorde %s",
		AdviceCard:        "advieskaart “%s”",
		Direction:         "directie en bestuur", Makers: "makers en medewerkers",
		CanvasAlt:    "Het canvas: de kaarten per onderdeel van het verdienmodel",
		CardsAndDots: "%d kaarten · %d stippen", LegendPlus: "+1", LegendQ: "vraag", LegendC: "zorg",
		And: "en", MostApart: "Meeste verschil van mening", ActionsSummary: "%s, waarvan %d zonder eigenaar",
		VotedWhat: "Wie stemde wat", At: "%s om %s", PlaceN: "plaats %d", QuestionBy: "Vraag van %s",
		ConcernBy: "Zorg van %s", PlusBy: "+1 van %s", DeckVersion: "%s (versie %d)",
		Observers: "%d + %s", ScaleNote: "1 = %s, 5 = %s",
		Or: "of", Purpose: "Doel", Decisions: "Gevraagde besluiten", Invite: "Uitnodigen",
		FollowUpHead: "Vervolgoverleg", Sources: "Bijlage: bronnen",
		NoSources: "De gespeelde kaarten noemen geen bronnen.", RoomMeta: "Sessiecode %s",
		VotesHidden:    "De stemmen zijn anoniem: het verslag toont alleen hoe ze verdeeld waren.",
		AgendaOpenText: "Opening: het doel van het overleg en wat we besluiten", MinutesN: "%d min",
		PurposeTop:       "Van de prioriteiten %s naar een besluit: wat doen we eerst, wie trekt het en wat mag het kosten?",
		PurposeChoose:    "De kaarten van de sessie terugbrengen tot drie prioriteiten, elk met een eigenaar.",
		PurposeExplore:   "Samen verkennen wat digitale technologie voor ons verdienmodel kan betekenen, en afspreken wie dat trekt.",
		AgendaDecideText: "Besluiten (%d, hieronder)",
		AgendaCloseText:  "Afsluiting: wie doet wat vóór het volgende overleg, en wanneer is dat",
		DecidePilot1:     "Krijgt %s een proef? Zo ja: met welk budget, hoeveel uren en wie trekt hem?",
		DecidePilotN:     "Welke prioriteit krijgt als eerste een proef: %s? Met welk budget, hoeveel uren en wie trekt hem?",
		DecideChoose:     "Welke drie kaarten van het canvas worden onze prioriteiten?",
		DecideExplore:    "Wie trekt de verkenning van ons digitale verdienmodel, en met hoeveel tijd?",
		DecideLarge:      "%s vraagt een grote inspanning: past het in het jaarplan en de begroting?",
		DecideOwners:     "Wie neemt op zich wat nog geen eigenaar heeft (%s)?",
		DecideStop:       "Wat gaan we minder of niet meer doen, zodat hier tijd en geld voor vrijkomt?",
		DecideBoard:      "Wanneer en hoe informeren we de raad van toezicht?",
		BringsCard:       "licht %s toe (prioriteit %d)", BringsAction: "vertelt hoe het staat met %s",
		BringsBudget: "beslist over budget en uren", BringsOwners: "wijst eigenaren aan en maakt tijd voor ze vrij",
		BringsMakers: "wat het voor hun werk betekent", BringsPartner: "wat zij kunnen bijdragen; genoemd %s",
		FromInsight: "in het inzicht bij %s", FromReason: "in de toelichting bij %s",
		FromReaction: "in een reactie op %s", FromAction: "in de actie %s",
		Kind: "soort", Value: "waarde", Seat: "stoel", Text: "tekst", By: "door", Reactions: "reacties",
		Partners: "Genoemde partners", SessionOf: "%s-sessie van %s", MeetingOn: "%s, %d minuten (agenda hieronder)", Name: "naam",
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

// listOr joins alternatives: "a", "a of b", "a, b of c".
func (lb *labels) listOr(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + lb.Or + " " + items[len(items)-1]
}

// count writes a number with the singular or plural noun: "1 stip", "3 stippen".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
