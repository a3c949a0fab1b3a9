package cards

// Text limits, in runes (characters as a reader counts them, not bytes). They come from
// what fits on a card face at 1280×720, the smallest screen a session is played on: a card
// is roughly 280×400 pixels there, which holds about 7 lines of 32 characters of body text
// at a readable size. A statement or a question is the whole card, so its sentence may
// fill the face; the title of any other kind is a heading of at most two lines above the
// body. docs/deck-format.md explains them to deck writers.
const (
	// MaxTitleStatement is the limit of the title of a statement or a question card,
	// whose title is the sentence itself.
	MaxTitleStatement = 140
	// MaxTitle is the limit of the title of every other kind of card, and of a deck's name.
	MaxTitle = 60
	// MaxBody is the limit of a card's explanation.
	MaxBody = 220
	// MaxExample is the limit of a technology card's example.
	MaxExample = 220
	// MaxNote is the limit of a technology card's watch-out and of its first step: one or
	// two sentences each, shown under the example in the card's detail.
	MaxNote = 180
	// MaxSourceName is the limit of a source's name: a publisher and a title, not a
	// citation in full.
	MaxSourceName = 120
	// MaxURL is the limit of a source's link.
	MaxURL = 500
	// MinSourceYear and MaxSourceYear bound the year of a source: a typo such as 20024 or
	// 224 is caught, a historical source still fits. The package has no clock, so the upper
	// bound is fixed rather than "next year".
	MinSourceYear = 1900
	MaxSourceYear = 2100
	// MaxID is the limit of a card's or a deck's id, which shows up in logs, reports and
	// URLs and must stay short enough to read there.
	MaxID = 40
	// MaxCards is the most cards a deck may hold: far more than a session can use, and
	// small enough that a deck always travels in one message between relay and clients.
	MaxCards = 500
	// MaxDeckBytes is the largest deck file the loaders read. MaxCards cards with every
	// text at its limit stay well under it; anything bigger is not a deck.
	MaxDeckBytes = 4 << 20
)

// The default game settings (the facilitator can change them in the lobby). A deck must
// hold enough cards to play a game with them; see Deck.Validate.
const (
	// DefaultStatements is how many statements a game plays by default.
	DefaultStatements = 4
	// DefaultHandSize is how many technology cards each player holds by default.
	DefaultHandSize = 3
	// PlannedPlayers is the largest table the default deck is written for.
	PlannedPlayers = 8
)

// The minimum numbers of cards of a kind that the default settings need. Questions and
// advice cards are prompts the facilitator picks from; a game can do without them.
const (
	// MinStatements is the fewest statement cards a deck may hold.
	MinStatements = DefaultStatements
	// MinPlayable is the fewest technology and blank cards together a deck may hold: every
	// planned player is dealt a full hand at the start.
	MinPlayable = DefaultHandSize * PlannedPlayers
)
