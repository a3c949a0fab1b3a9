package cards

import (
	"fmt"
	"strings"
)

// Summary describes the deck in one line, in Dutch: its name, id, version and how many
// cards of each kind it holds:
//
//	"Digitaal DNA" (digitaal-dna) v1 — 66 cards: 14 statement, 32 technology, 8 question, 6 advice, 6 blank
func (d *Deck) Summary() string {
	counts := make([]string, len(Kinds))
	for i, k := range Kinds {
		counts[i] = fmt.Sprintf("%d %s", d.Count(k), k)
	}
	return fmt.Sprintf("%q (%s) v%d — %d cards: %s", d.Name.In(NL), d.ID, d.Version, len(d.Cards), strings.Join(counts, ", "))
}
