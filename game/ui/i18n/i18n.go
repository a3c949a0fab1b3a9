// Package i18n holds every text of the client's interface in Dutch and English. Card texts
// are not here: they come with the deck, in both languages, and each player reads them in
// their own.
package i18n

import (
	"fmt"
	"strings"

	"impactkaarten/cards"
)

// T returns the text for key in language l. A missing key shows as ⟦key⟧, which the tests
// look for on every screen.
func T(l cards.Lang, key string) string {
	e, ok := table[key]
	if !ok {
		return "⟦" + key + "⟧"
	}
	if l == cards.EN {
		return e.en
	}
	return e.nl
}

// F is T with fmt.Sprintf arguments.
func F(l cards.Lang, key string, args ...any) string {
	return fmt.Sprintf(T(l, key), args...)
}

// Has reports whether the key exists.
func Has(key string) bool {
	_, ok := table[key]
	return ok
}

// Keys returns every key, for tests.
func Keys() []string {
	out := make([]string, 0, len(table))
	for k := range table {
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
		if l == cards.EN {
			return e.en
		}
		return e.nl
	}
	if message != "" {
		return message
	}
	return code
}

type entry struct{ nl, en string }
