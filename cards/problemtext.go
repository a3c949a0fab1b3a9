package cards

import (
	"fmt"
	"strings"
)

// says is a problem's message in Dutch and English, formatted from two formats that take
// the same arguments. An argument that is a Text is given in each format's own language,
// so that the words around a value follow the language too ("must be a list" / "moet een
// lijst zijn"); the Dutch format may take the arguments in another order with explicit
// indexes (%[2]d). The messages are few and belong to the deck format, so they live here
// beside the checks that write them rather than in the interface's catalogue, which
// cards does not depend on.
func says(nl, en string, args ...any) Text {
	return Text{NL: sayIn(NL, nl, args), EN: sayIn(EN, en, args)}
}

func sayIn(l Lang, format string, args []any) string {
	if len(args) == 0 {
		return format
	}
	in := make([]any, len(args))
	for i, a := range args {
		if t, ok := a.(Text); ok {
			a = t.In(l)
		}
		in[i] = a
	}
	return fmt.Sprintf(format, in...)
}

// verbatim is a text that reads the same in both languages: what a decoder said that has
// no translation here.
func verbatim(s string) Text { return Text{NL: s, EN: s} }

// counted is one when n is 1, and other otherwise: Dutch and English agree on when a noun
// takes its plural.
func counted(n int, one, other Text) Text {
	if n == 1 {
		return one
	}
	return other
}

// orList joins names as "a, b or c" (Dutch "a, b of c").
func orList(names []string) Text {
	if len(names) < 2 {
		return verbatim(strings.Join(names, ""))
	}
	head := strings.Join(names[:len(names)-1], ", ")
	last := names[len(names)-1]
	return Text{NL: head + " of " + last, EN: head + " or " + last}
}
