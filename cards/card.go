// Package cards holds the deck model of Impactkaarten: card kinds, the four parts of the
// earning model, bilingual texts, the embedded default deck and the loaders that read a deck
// from JSON or from a spreadsheet's CSV export and report every problem they find.
//
// The package is pure data: no I/O beyond the readers it is handed, no clock, no randomness.
package cards

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Kind is what a card is for in the game.
type Kind string

// The card kinds. Statements are voted on, technologies (and blanks) are played onto the
// canvas, questions prompt reflection and advice cards prompt the follow-up.
const (
	Statement  Kind = "statement"
	Technology Kind = "technology"
	Question   Kind = "question"
	Advice     Kind = "advice"
	Blank      Kind = "blank"
)

// Kinds lists every kind in the order a summary shows them.
var Kinds = [...]Kind{Statement, Technology, Question, Advice, Blank}

// Valid reports whether k is one of the known kinds.
func (k Kind) Valid() bool {
	switch k {
	case Statement, Technology, Question, Advice, Blank:
		return true
	}
	return false
}

// Part is one of the four parts of a cultural organisation's earning model (verdienmodel).
type Part string

// The four parts, in the order the canvas shows them.
const (
	Aanbod    Part = "aanbod"    // offer: what we make and make available
	Bereik    Part = "bereik"    // reach: how many people, and how broad a public
	Impact    Part = "impact"    // impact: the difference we make
	Inkomsten Part = "inkomsten" // income: how it is economically sustainable
)

// Parts lists the parts in canvas order.
var Parts = [...]Part{Aanbod, Bereik, Impact, Inkomsten}

// Valid reports whether p is one of the four parts.
func (p Part) Valid() bool {
	switch p {
	case Aanbod, Bereik, Impact, Inkomsten:
		return true
	}
	return false
}

// Index returns the canvas column of p, or -1 for an unknown part.
func (p Part) Index() int {
	for i, q := range Parts {
		if p == q {
			return i
		}
	}
	return -1
}

// Lang is a language code of the user interface and the card texts.
type Lang string

// The supported languages.
const (
	NL Lang = "nl"
	EN Lang = "en"
)

// Langs lists the supported languages; Dutch is the default.
var Langs = [...]Lang{NL, EN}

// Valid reports whether l is a supported language.
func (l Lang) Valid() bool { return l == NL || l == EN }

// Text is a piece of card text in every supported language.
type Text struct {
	NL string `json:"nl"`
	EN string `json:"en"`
}

// In returns the text in language l, falling back to Dutch and then English when the
// requested translation is empty.
func (t Text) In(l Lang) string {
	if l == EN && t.EN != "" {
		return t.EN
	}
	if t.NL != "" {
		return t.NL
	}
	return t.EN
}

// IsZero reports whether the text has no translation at all.
func (t Text) IsZero() bool { return t.NL == "" && t.EN == "" }

// Effort is roughly what a technology takes to start: money, hours and the people needed,
// as a director would weigh it. It is a rough size on purpose: a board compares cards by
// it, it does not budget with it.
type Effort string

// The efforts, from least to most.
const (
	EffortSmall  Effort = "small"  // a few people, weeks, within the running budget
	EffortMedium Effort = "medium" // a project: months, a budget line, perhaps a supplier
	EffortLarge  Effort = "large"  // a programme: a year or more, investment, new skills
)

// Efforts lists the efforts from least to most.
var Efforts = [...]Effort{EffortSmall, EffortMedium, EffortLarge}

// Valid reports whether e is one of the known efforts.
func (e Effort) Valid() bool {
	switch e {
	case EffortSmall, EffortMedium, EffortLarge:
		return true
	}
	return false
}

// Source is where a fact on a card comes from, so that a reader who asks "is that right?"
// can check it: the publisher or title, the year of the publication, and a link.
type Source struct {
	Name string `json:"name"`
	Year int    `json:"year"`
	URL  string `json:"url,omitempty"`
}

// Card is one card of a deck. Parts, Example and Body are optional for some kinds; see
// the validation rules in validate.go. WatchOut, FirstStep and Effort are for technology
// cards, which a director should be able to act on; Source is for any card that cites a
// fact. All four are optional, so that decks written before them still load.
type Card struct {
	ID        string  `json:"id"`
	Kind      Kind    `json:"kind"`
	Title     Text    `json:"title"`
	Body      Text    `json:"body,omitzero"`
	Parts     []Part  `json:"parts,omitempty"`
	Example   Text    `json:"example,omitzero"`
	WatchOut  Text    `json:"watchOut,omitzero"`  // technology: the risk or hidden cost
	FirstStep Text    `json:"firstStep,omitzero"` // technology: what to try next month
	Effort    Effort  `json:"effort,omitempty"`   // technology: "small" | "medium" | "large"
	Source    *Source `json:"source,omitempty"`   // any card citing a fact
	Icon      string  `json:"icon"`
}

// Deck is a named, versioned set of cards.
type Deck struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	Name    Text   `json:"name"`
	Cards   []Card `json:"cards"`

	byID map[string]int
	hash string // Hash, worked out by Index
}

// Hash names the deck by its content: the first 16 bytes of the SHA-256 of its JSON
// encoding, in hex. Two decks with the same hash are the same deck, so a client that has a
// deck of that hash (the built-in one, or one it fetched before) never fetches it again.
func (d *Deck) Hash() string {
	if d == nil {
		return ""
	}
	if d.hash != "" {
		return d.hash
	}
	return contentHash(d)
}

func contentHash(d *Deck) string {
	b, err := json.Marshal(d)
	if err != nil {
		return "" // a deck is plain data; it always encodes
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// Card returns the card with the given id.
func (d *Deck) Card(id string) (*Card, bool) {
	if d == nil {
		return nil, false
	}
	if i, ok := d.byID[id]; ok && i < len(d.Cards) && d.Cards[i].ID == id {
		return &d.Cards[i], true
	}
	// An unindexed deck (built by hand), or one changed since Index, is searched without
	// being changed, so that concurrent readers never race; the loaders index every deck
	// they return. Checking the index entry above keeps a stale index from pointing past
	// the end of Cards (a panic) or at another card; a miss costs a scan of a small deck.
	for i := range d.Cards {
		if d.Cards[i].ID == id {
			return &d.Cards[i], true
		}
	}
	return nil, false
}

// Indexed reports whether Index has built the deck's id lookup.
func (d *Deck) Indexed() bool { return d.byID != nil }

// Index builds the id lookup used by Card. Call it once after building or changing a deck
// by hand, before sharing it between goroutines. Duplicate ids keep their first card.
func (d *Deck) Index() {
	d.hash = contentHash(d)
	d.byID = make(map[string]int, len(d.Cards))
	for i, c := range d.Cards {
		if _, dup := d.byID[c.ID]; !dup {
			d.byID[c.ID] = i
		}
	}
}

// Count returns how many cards of kind k the deck holds.
func (d *Deck) Count(k Kind) int {
	n := 0
	for _, c := range d.Cards {
		if c.Kind == k {
			n++
		}
	}
	return n
}

// IDs returns the ids of the cards of the given kinds, in deck order.
func (d *Deck) IDs(kinds ...Kind) []string {
	var ids []string
	for _, c := range d.Cards {
		for _, k := range kinds {
			if c.Kind == k {
				ids = append(ids, c.ID)
				break
			}
		}
	}
	return ids
}
