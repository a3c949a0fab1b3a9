// Package i18n is the one translation catalogue of Impactkaarten: every text of the
// client's interface and of the written report, in Dutch and English, with the plural rules
// of each language. Card texts are not here: they come with the deck, in both languages,
// and each player reads them in their own.
//
// The catalogue is golang.org/x/text/message/catalog, built once from three tables:
//
//   - table (strings.go): the interface's texts, {Dutch, English};
//   - reportTable (report_strings.go): the report's own words, keyed "report.<Field>" after
//     the field of the report package's labels that shows them;
//   - counted (plurals.go): texts whose words follow a number ("1 stip", "3 stippen"),
//     with the forms for one and for other counts (and optionally for zero).
//
// # Adding a text
//
//  1. Pick a key: the scene or area, a dot, what it is ("lobby.title", "act.due.hint").
//  2. A text without a number that agrees with a noun: add {"Nederlands", "English"} to
//     table in strings.go, in the section of its scene. Show it with T, or with F when it
//     has %-verbs (the same verbs in the same order in both languages).
//  3. A text with a count a noun agrees with ("%d kaarten"): add it to counted in
//     plurals.go, saying which argument is the count; show it with F. Never choose between
//     two keys in code (n == 1 ? a : b): the catalogue knows each language's rule.
//  4. A word of the report: add a string field to labels in game/report/i18n.go and the
//     entry "report.<Field>" to reportTable; the tests fail until both exist.
//
// go test ./game/ui/i18n checks that every key has both languages with the same verbs and
// that every counted text is right for 0, 1 and 2.
//
// F formats numbers as the language writes them (1.234 in Dutch, 1,234 in English): a year
// or an identifier is passed as a string (strconv.Itoa), not as %d.
package i18n

import (
	"strings"
	"sync"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"

	"impactkaarten/cards"
)

// T returns the text for key in language l. A missing key shows as ⟦key⟧, which the tests
// look for on every screen. For a counted text T returns its form for other counts;
// show such texts with F.
func T(l cards.Lang, key string) string {
	if e, ok := lookup(key); ok {
		return e.in(l)
	}
	if c, ok := counted[key]; ok {
		return c.in(l).Other
	}
	return "⟦" + key + "⟧"
}

// F formats the text for key in language l with its arguments, choosing a counted text's
// form by the language's plural rule and writing numbers as the language does.
func F(l cards.Lang, key string, args ...any) string {
	if !Has(key) {
		return "⟦" + key + "⟧"
	}
	// A Printer keeps a buffer and is not safe to share between goroutines (the relay
	// writes reports concurrently); making one costs no more than the formatting itself.
	return message.NewPrinter(tag(l), message.Catalog(built())).Sprintf(key, args...)
}

// Has reports whether the key exists.
func Has(key string) bool {
	if _, ok := lookup(key); ok {
		return true
	}
	_, ok := counted[key]
	return ok
}

// Keys returns every key, for tests.
func Keys() []string {
	out := make([]string, 0, len(table)+len(reportTable)+len(counted))
	for k := range table {
		out = append(out, k)
	}
	for k := range reportTable {
		out = append(out, k)
	}
	for k := range counted {
		out = append(out, k)
	}
	return out
}

// Missing reports whether a shown text is a missing key.
func Missing(s string) bool { return strings.Contains(s, "⟦") }

// Error returns the text of an error code the room sent: its translation when there is
// one, else the engine's readable message.
func Error(l cards.Lang, code, message string) string {
	if e, ok := table["err."+code]; ok {
		return e.in(l)
	}
	if message != "" {
		return message
	}
	return code
}

type entry struct{ nl, en string }

func (e entry) in(l cards.Lang) string {
	if l == cards.EN {
		return e.en
	}
	return e.nl
}

// lookup finds a text without a count.
func lookup(key string) (entry, bool) {
	if e, ok := table[key]; ok {
		return e, true
	}
	e, ok := reportTable[key]
	return e, ok
}

// tag is the language of l for x/text (Dutch for anything but English, as everywhere).
func tag(l cards.Lang) language.Tag {
	if l == cards.EN {
		return language.English
	}
	return language.Dutch
}

// built is the catalogue, made once on first use from the tables (which never change).
var built = sync.OnceValue(func() catalog.Catalog {
	b := catalog.NewBuilder(catalog.Fallback(language.Dutch))
	for _, l := range []cards.Lang{cards.NL, cards.EN} {
		for k, e := range table {
			mustSet(b, tag(l), k, catalog.String(e.in(l)))
		}
		for k, e := range reportTable {
			mustSet(b, tag(l), k, catalog.String(e.in(l)))
		}
		for k, c := range counted {
			mustSet(b, tag(l), k, c.message(l))
		}
	}
	return b
})

// mustSet adds a message; the tables are Go literals, so a message the catalogue refuses is
// a programming error that the package's tests meet first.
func mustSet(b *catalog.Builder, t language.Tag, key string, m catalog.Message) {
	if err := b.Set(t, key, m); err != nil {
		panic("i18n: " + key + ": " + err.Error())
	}
}

// message is the catalogue's message for a counted text: a choice by the plural rule of
// the language on the count argument.
func (c countedEntry) message(l cards.Lang) catalog.Message {
	f := c.in(l)
	cases := []any{}
	if f.Zero != "" {
		cases = append(cases, "=0", f.Zero)
	}
	if f.One != "" {
		cases = append(cases, "one", f.One)
	}
	cases = append(cases, "other", f.Other)
	return plural.Selectf(c.arg(), "%d", cases...)
}
