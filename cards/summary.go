package cards

import (
	"fmt"
	"strings"
)

// Summary describes the deck in one line, in English: its name (in Dutch), id, version and
// how many cards of each kind it holds:
//
//	"Digitaal DNA" (digitaal-dna) v1 — 66 cards: 14 statement, 32 technology, 8 question, 6 advice, 6 blank
func (d *Deck) Summary() string { return d.SummaryIn(EN) }

// SummaryIn is Summary in language l: "… — 66 kaarten: 14 statement, …". The kinds are
// named as a deck file names them.
func (d *Deck) SummaryIn(l Lang) string {
	counts := make([]string, len(Kinds))
	for i, k := range Kinds {
		counts[i] = fmt.Sprintf("%d %s", d.Count(k), k)
	}
	return says("%q (%s) v%d — %d kaarten: %s", "%q (%s) v%d — %d cards: %s",
		d.Name.In(NL), d.ID, d.Version, len(d.Cards), strings.Join(counts, ", ")).In(l)
}

// Details describes, a line each, what a deck writer balances beyond the counts: how often
// each part is on a technology card, how many technology cards have a watch-out, a first
// step and an effort, and how many cards name a source. A deck without technology cards or
// sources gets fewer lines.
//
//	parts on technology cards: aanbod 18, bereik 21, impact 17, inkomsten 16
//	technology cards with a watch-out: 40 of 40, a first step: 40 of 40, an effort: 40 of 40 (12 small, 20 medium, 8 large)
//	cards with a source: 52 (18 statement, 34 technology)
func (d *Deck) Details() []string { return d.DetailsIn(EN) }

// DetailsIn is Details in language l. Parts, efforts and kinds are named as a deck file
// names them.
func (d *Deck) DetailsIn(l Lang) []string {
	var lines []string
	var parts [len(Parts)]int
	var tech, watch, step, effort int
	var efforts [len(Efforts)]int
	var sourced [len(Kinds)]int
	sources := 0
	for _, c := range d.Cards {
		if c.Source != nil {
			sources++
			for k, kind := range Kinds {
				if c.Kind == kind {
					sourced[k]++
				}
			}
		}
		if c.Kind != Technology {
			continue
		}
		tech++
		for _, p := range c.Parts {
			if i := p.Index(); i >= 0 {
				parts[i]++
			}
		}
		if !c.WatchOut.IsZero() {
			watch++
		}
		if !c.FirstStep.IsZero() {
			step++
		}
		for k, e := range Efforts {
			if c.Effort == e {
				effort++
				efforts[k]++
			}
		}
	}
	if tech > 0 {
		ps := make([]string, len(Parts))
		for i, p := range Parts {
			ps[i] = fmt.Sprintf("%s %d", p, parts[i])
		}
		lines = append(lines, says("onderdelen op technologiekaarten: %s", "parts on technology cards: %s", strings.Join(ps, ", ")).In(l))
		es := make([]string, len(Efforts))
		for k, e := range Efforts {
			es[k] = fmt.Sprintf("%d %s", efforts[k], e)
		}
		lines = append(lines, says("technologiekaarten met een 'let op': %d van %d, een eerste stap: %d van %d, een inspanning: %d van %d (%s)",
			"technology cards with a watch-out: %d of %d, a first step: %d of %d, an effort: %d of %d (%s)",
			watch, tech, step, tech, effort, tech, strings.Join(es, ", ")).In(l))
	}
	if sources > 0 {
		var ks []string
		for k, kind := range Kinds {
			if sourced[k] > 0 {
				ks = append(ks, fmt.Sprintf("%d %s", sourced[k], kind))
			}
		}
		lines = append(lines, says("kaarten met een bron: %d (%s)", "cards with a source: %d (%s)", sources, strings.Join(ks, ", ")).In(l))
	}
	return lines
}
