package i18n

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"impactkaarten/cards"
)

var verb = regexp.MustCompile(`%[-+# 0-9.]*(\[[0-9]+\])?[a-zA-Z%]`)

var langs = []cards.Lang{cards.NL, cards.EN}

// TestBothLanguages checks that every text exists in Dutch and in English, with the same
// formatting verbs in the same order, so F works alike in both.
func TestBothLanguages(t *testing.T) {
	for _, tab := range []map[string]entry{table, reportTable} {
		for k, e := range tab {
			if strings.TrimSpace(e.nl) == "" || strings.TrimSpace(e.en) == "" {
				t.Errorf("%s: a language is empty: %q / %q", k, e.nl, e.en)
			}
			nl, en := verb.FindAllString(e.nl, -1), verb.FindAllString(e.en, -1)
			if !slices.Equal(nl, en) {
				t.Errorf("%s: verbs %v in Dutch, %v in English", k, nl, en)
			}
		}
	}
	for k, c := range counted {
		want := verb.FindAllString(c.NL.Other, -1)
		if c.arg() > len(want) || want[c.arg()-1] != "%d" {
			t.Errorf("%s: argument %d is not a %%d in %q", k, c.arg(), c.NL.Other)
		}
		for _, l := range langs {
			f := c.in(l)
			if strings.TrimSpace(f.One) == "" || strings.TrimSpace(f.Other) == "" {
				t.Errorf("%s (%s): the form for one or for other counts is empty: %+v", k, l, f)
			}
			for _, s := range []string{f.Zero, f.One, f.Other} {
				if s == "" {
					continue
				}
				if got := verb.FindAllString(s, -1); !slices.Equal(got, want) {
					t.Errorf("%s (%s): verbs %v in %q, want %v as in every form", k, l, got, s, want)
				}
			}
		}
	}
}

// TestOneCatalogue checks that a key means one text: it is in one table only, and no text
// uses the catalogue's ${var} syntax, which would be read as a variable, not shown.
func TestOneCatalogue(t *testing.T) {
	for _, k := range Keys() {
		n := 0
		if _, ok := table[k]; ok {
			n++
		}
		if _, ok := reportTable[k]; ok {
			n++
		}
		if _, ok := counted[k]; ok {
			n++
		}
		if n != 1 {
			t.Errorf("%s is in %d tables", k, n)
		}
		if !strings.HasPrefix(k, "report.") {
			if _, ok := reportTable[k]; ok {
				t.Errorf("%s: a report text's key starts with report.", k)
			}
		}
		for _, l := range langs {
			if s := T(l, k); strings.Contains(s, "${") {
				t.Errorf("%s (%s): %q holds ${", k, l, s)
			}
		}
	}
}

// TestPlainTextsUnchanged checks that the catalogue shows a text without verbs exactly as
// written: F and T agree.
func TestPlainTextsUnchanged(t *testing.T) {
	for _, k := range Keys() {
		if _, ok := counted[k]; ok {
			continue
		}
		for _, l := range langs {
			if s := T(l, k); !verb.MatchString(s) && F(l, k) != s {
				t.Errorf("%s (%s): F = %q, T = %q", k, l, F(l, k), s)
			}
		}
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		lang      cards.Lang
		key, want string
	}{
		{cards.NL, "part.bereik", "Bereik"},
		{cards.EN, "part.bereik", "Reach"},
		{cards.NL, "no.such.key", "⟦no.such.key⟧"},
		{cards.EN, "report.Title", "Session report"},
		{cards.NL, "rep.minutes", "%d minuten"},
	}
	for _, tc := range tests {
		if got := T(tc.lang, tc.key); got != tc.want {
			t.Errorf("T(%s, %s) = %q, want %q", tc.lang, tc.key, got, tc.want)
		}
	}
	if !Missing(T(cards.EN, "nope")) || Missing(T(cards.EN, "part.impact")) || !Missing(F(cards.NL, "nope", 1)) {
		t.Error("Missing does not tell a missing key")
	}
	if got := F(cards.EN, "st.voted", 2, 5); got != "Voted: 2 of 5" {
		t.Errorf("F = %q", got)
	}
}

// TestNumbers checks that F writes numbers as each language does.
func TestNumbers(t *testing.T) {
	tests := []struct {
		lang cards.Lang
		want string
	}{
		{cards.NL, "Gestemd: 1.234 van 2.000"},
		{cards.EN, "Voted: 1,234 of 2,000"},
	}
	for _, tc := range tests {
		t.Run(string(tc.lang), func(t *testing.T) {
			if got := F(tc.lang, "st.voted", 1234, 2000); got != tc.want {
				t.Errorf("F = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestPlurals checks the forms people read for 0, 1 and 2 of some texts, written out.
func TestPlurals(t *testing.T) {
	tests := []struct {
		lang cards.Lang
		key  string
		args []any
		want string
	}{
		{cards.NL, "rep.minutes", []any{0}, "0 minuten"},
		{cards.NL, "rep.minutes", []any{1}, "1 minuut"},
		{cards.NL, "rep.minutes", []any{2}, "2 minuten"},
		{cards.EN, "rep.minutes", []any{0}, "0 minutes"},
		{cards.EN, "rep.minutes", []any{1}, "1 minute"},
		{cards.EN, "rep.minutes", []any{2}, "2 minutes"},
		{cards.NL, "cv.column.label", []any{"Aanbod", 1}, "Aanbod, 1 kaart"},
		{cards.EN, "cv.column.label", []any{"Offer", 2}, "Offer, 2 cards"},
		{cards.NL, "dots.left", []any{0, 1}, "Nog 0 van 1 stip"},
		{cards.EN, "dots.left", []any{1, 2}, "1 of 2 dots left"},
		{cards.NL, "rep.rank", []any{1, "Podcast", 1}, "1. Podcast — 1 stip"},
		{cards.EN, "rep.rank", []any{2, "Podcast", 0}, "2. Podcast — 0 dots"},
		{cards.NL, "report.MeetingOn", []any{"dinsdag 1 december", 1}, "dinsdag 1 december, 1 minuut (agenda hieronder)"},
		{cards.EN, "report.MeetingOn", []any{"Tuesday 1 December", 90}, "Tuesday 1 December, 90 minutes (agenda below)"},
		{cards.NL, "report.n.votes", []any{1}, "1 stem"},
		{cards.EN, "report.n.votes", []any{0}, "0 votes"},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprint(tc.lang, " ", tc.key, tc.args), func(t *testing.T) {
			if got := F(tc.lang, tc.key, tc.args...); got != tc.want {
				t.Errorf("F = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestEveryPluralForm checks every counted text for 0, 1 and 2 in both languages: the
// form for one only for 1, the form for none (when there is one) only for 0.
func TestEveryPluralForm(t *testing.T) {
	for k, c := range counted {
		for _, l := range langs {
			for _, n := range []int{0, 1, 2} {
				f := c.in(l)
				form := f.Other
				switch {
				case n == 1:
					form = f.One
				case n == 0 && f.Zero != "":
					form = f.Zero
				}
				args := sampleArgs(form, c.arg(), n)
				if got, want := F(l, k, args...), fmt.Sprintf(form, args...); got != want {
					t.Errorf("%s (%s) with %d: %q, want %q", k, l, n, got, want)
				}
			}
		}
	}
}

// sampleArgs makes arguments for a format: n for the count, a word for %s, 7 otherwise.
func sampleArgs(format string, count, n int) []any {
	var args []any
	for i, v := range verb.FindAllString(format, -1) {
		switch {
		case i+1 == count:
			args = append(args, n)
		case strings.HasSuffix(v, "s"):
			args = append(args, "woord")
		default:
			args = append(args, 7)
		}
	}
	return args
}

// TestErrorCodes checks that every rule error the engine can send has a translation, and
// that an unknown code falls back to the engine's message.
func TestErrorCodes(t *testing.T) {
	codes := []string{"stale", "unknown_command", "system_only", "unknown_seat", "not_facilitator",
		"not_a_player", "wrong_phase", "session_ended", "not_your_turn", "not_in_hand", "unknown_card",
		"not_on_canvas", "not_owner", "own_card", "voting_closed", "bad_value", "reason_required",
		"title_required", "too_long", "no_dots_left", "no_dot", "no_cards", "room_full",
		"nothing_to_undo", "unknown_action", "must_hand_over", "no_change"}
	for _, c := range codes {
		if !Has("err." + c) {
			t.Errorf("rule error %s has no translation", c)
		}
	}
	// What the relay's HTTP API can answer the client (protocol.md §15), and no answer.
	for _, c := range []string{"unavailable", "unknown_room", "busy", "too_many_rooms", "too_large", "bad_request",
		"bad_deck", "bad_settings", "internal", "unauthorized", "forbidden", "unknown_deck", "no_answer"} {
		if !Has("err." + c) {
			t.Errorf("the API's error %s has no translation", c)
		}
	}
	if got := Error(cards.NL, "something_new", "it broke"); got != "it broke" {
		t.Errorf("unknown code: %q", got)
	}
	if got := Error(cards.EN, "not_your_turn", "it is not your turn"); got != "It is not your turn" {
		t.Errorf("known code: %q", got)
	}
}

func BenchmarkF(b *testing.B) {
	for b.Loop() {
		_ = F(cards.NL, "cv.column.label", "Aanbod", 3)
	}
}

// TestFormatsCleanly formats every text with arguments of its verbs' kinds: the catalogue
// must take each text's verbs as fmt does, leaving no %!(...) in what people read.
func TestFormatsCleanly(t *testing.T) {
	for _, k := range Keys() {
		for _, l := range langs {
			format, count := T(l, k), 0
			if c, ok := counted[k]; ok {
				count = c.arg()
			}
			if got := F(l, k, sampleArgs(format, count, 2)...); strings.Contains(got, "%!") || Missing(got) {
				t.Errorf("%s (%s): %q", k, l, got)
			}
		}
	}
}

// TestNoHandMadePlurals keeps singular and plural out of the plain tables: a "x.one" next to
// "x" is a plural chosen in code, which counted does by each language's rule instead.
func TestNoHandMadePlurals(t *testing.T) {
	for _, tab := range []map[string]entry{table, reportTable} {
		for k := range tab {
			if strings.HasSuffix(k, ".one") || strings.HasSuffix(k, ".many") {
				t.Errorf("%s: put the text in counted (plurals.go) with its forms", k)
			}
		}
	}
}
