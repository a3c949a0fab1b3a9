package i18n

import "impactkaarten/cards"

// forms are the ways a counted text is written: for a count of one, for any other count,
// and, when it reads better than the number, for none. Each form is a format with the
// text's arguments (the same verbs in every form and both languages).
type forms struct{ Zero, One, Other string }

// countedEntry is a text whose words follow a count. Count is which argument of F is the
// count, from 1 (0 means the first).
type countedEntry struct {
	Count  int
	NL, EN forms
}

func (c countedEntry) in(l cards.Lang) forms {
	if l == cards.EN {
		return c.EN
	}
	return c.NL
}

func (c countedEntry) arg() int { return max(c.Count, 1) }

// counted holds the texts with a count, for the interface and the report alike. The plural
// rule of each language (golang.org/x/text/feature/plural) picks the form: in Dutch and
// English "one" is exactly 1, so 0 and 2 take Other.
var counted = map[string]countedEntry{
	// The interface.
	"field.left": {NL: forms{One: "nog %d teken", Other: "nog %d tekens"}, EN: forms{One: "%d character left", Other: "%d characters left"}},
	"start.code.short": {NL: forms{One: "Nog %d teken: een code heeft er zes, bijv. K7P-2QX.", Other: "Nog %d tekens: een code heeft er zes, bijv. K7P-2QX."},
		EN: forms{One: "%d more character: a code has six, e.g. K7P-2QX.", Other: "%d more characters: a code has six, e.g. K7P-2QX."}},
	"left.statements":   {NL: forms{One: "Nog %d stelling niet besproken", Other: "Nog %d stellingen niet besproken"}, EN: forms{One: "%d statement not discussed yet", Other: "%d statements not discussed yet"}},
	"left.unplayed":     {NL: forms{One: "Nog %d speler zonder kaart op het canvas", Other: "Nog %d spelers zonder kaart op het canvas"}, EN: forms{One: "%d player without a card on the canvas yet", Other: "%d players without a card on the canvas yet"}},
	"left.dots":         {NL: forms{One: "Nog %d stip niet geplaatst", Other: "Nog %d stippen niet geplaatst"}, EN: forms{One: "%d dot not placed yet", Other: "%d dots not placed yet"}},
	"left.unowned":      {NL: forms{One: "%d actie zonder eigenaar", Other: "%d acties zonder eigenaar"}, EN: forms{One: "%d action without an owner", Other: "%d actions without an owner"}},
	"act.count":         {NL: forms{One: "%d actie", Other: "%d acties"}, EN: forms{One: "%d action", Other: "%d actions"}},
	"act.card.label":    {Count: 2, NL: forms{One: "%s (%d actie)", Other: "%s (%d acties)"}, EN: forms{One: "%s (%d action)", Other: "%s (%d actions)"}},
	"cv.column.label":   {Count: 2, NL: forms{One: "%s, %d kaart", Other: "%s, %d kaarten"}, EN: forms{One: "%s, %d card", Other: "%s, %d cards"}},
	"dots.left":         {Count: 2, NL: forms{One: "Nog %d van %d stip", Other: "Nog %d van %d stippen"}, EN: forms{One: "%d of %d dot left", Other: "%d of %d dots left"}},
	"dots.card.label":   {Count: 2, NL: forms{One: "%s: %d stip, %d van jou", Other: "%s: %d stippen, %d van jou"}, EN: forms{One: "%s: %d dot, %d of yours", Other: "%s: %d dots, %d of yours"}},
	"problems.count":    {NL: forms{One: "%d probleem; de sessie houdt het huidige kaartspel.", Other: "%d problemen; de sessie houdt het huidige kaartspel."}, EN: forms{One: "%d problem; the session keeps its current deck.", Other: "%d problems; the session keeps its current deck."}},
	"lobby.chosen.list": {NL: forms{One: "%d gekozen:", Other: "%d gekozen, in deze volgorde:"}, EN: forms{One: "%d chosen:", Other: "%d chosen, in this order:"}},
	"cv.together.left":  {NL: forms{One: "Iedereen tegelijk: jij mag nog %d kaart leggen", Other: "Iedereen tegelijk: jij mag nog %d kaarten leggen"}, EN: forms{One: "Everyone at once: you may place %d more card", Other: "Everyone at once: you may place %d more cards"}},
	"rep.dots":          {NL: forms{One: "%d stip", Other: "%d stippen"}, EN: forms{One: "%d dot", Other: "%d dots"}},
	"rep.rank":          {Count: 3, NL: forms{One: "%d. %s — %d stip", Other: "%d. %s — %d stippen"}, EN: forms{One: "%d. %s — %d dot", Other: "%d. %s — %d dots"}},
	"rep.minutes":       {NL: forms{One: "%d minuut", Other: "%d minuten"}, EN: forms{One: "%d minute", Other: "%d minutes"}},
	"rep.who":           {NL: forms{One: "%d deelnemer: %s", Other: "%d deelnemers: %s"}, EN: forms{One: "%d participant: %s", Other: "%d participants: %s"}},

	// The report.
	"report.n.votes":     {NL: forms{One: "%d stem", Other: "%d stemmen"}, EN: forms{One: "%d vote", Other: "%d votes"}},
	"report.n.dots":      {NL: forms{One: "%d stip", Other: "%d stippen"}, EN: forms{One: "%d dot", Other: "%d dots"}},
	"report.n.cards":     {NL: forms{One: "%d kaart", Other: "%d kaarten"}, EN: forms{One: "%d card", Other: "%d cards"}},
	"report.n.questions": {NL: forms{One: "%d vraag", Other: "%d vragen"}, EN: forms{One: "%d question", Other: "%d questions"}},
	"report.n.concerns":  {NL: forms{One: "%d zorg", Other: "%d zorgen"}, EN: forms{One: "%d concern", Other: "%d concerns"}},
	"report.n.actions":   {NL: forms{One: "%d actie", Other: "%d acties"}, EN: forms{One: "%d action", Other: "%d actions"}},
	"report.AgendaChoose": {NL: forms{One: "Prioriteiten kiezen uit de %d kaart op het canvas", Other: "Prioriteiten kiezen uit de %d kaarten op het canvas"},
		EN: forms{One: "Choose priorities from the %d card on the canvas", Other: "Choose priorities among the %d cards on the canvas"}},
	"report.AgendaFollowUp": {Count: 2, NL: forms{One: "Voorgestelde datum: %s, %d minuut", Other: "Voorgestelde datum: %s, %d minuten"},
		EN: forms{One: "Proposed date: %s, %d minute", Other: "Proposed date: %s, %d minutes"}},
	"report.MeetingOn": {Count: 2, NL: forms{One: "%s, %d minuut (agenda hieronder)", Other: "%s, %d minuten (agenda hieronder)"},
		EN: forms{One: "%s, %d minute (agenda below)", Other: "%s, %d minutes (agenda below)"}},
}
