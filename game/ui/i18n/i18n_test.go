package i18n

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"impactkaarten/cards"
)

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// TestBothLanguages checks that every text exists in Dutch and in English, with the same
// formatting verbs in the same order, so F works alike in both.
func TestBothLanguages(t *testing.T) {
	for _, k := range Keys() {
		e := table[k]
		if strings.TrimSpace(e.nl) == "" || strings.TrimSpace(e.en) == "" {
			t.Errorf("%s: a language is empty: %q / %q", k, e.nl, e.en)
		}
		nl, en := verb.FindAllString(e.nl, -1), verb.FindAllString(e.en, -1)
		if !slices.Equal(nl, en) {
			t.Errorf("%s: verbs %v in Dutch, %v in English", k, nl, en)
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
	}
	for _, tc := range tests {
		if got := T(tc.lang, tc.key); got != tc.want {
			t.Errorf("T(%s, %s) = %q, want %q", tc.lang, tc.key, got, tc.want)
		}
	}
	if !Missing(T(cards.EN, "nope")) || Missing(T(cards.EN, "part.impact")) {
		t.Error("Missing does not tell a missing key")
	}
	if got := F(cards.EN, "st.voted", 2, 5); got != "Voted: 2 of 5" {
		t.Errorf("F = %q", got)
	}
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
	if got := Error(cards.NL, "something_new", "it broke"); got != "it broke" {
		t.Errorf("unknown code: %q", got)
	}
	if got := Error(cards.EN, "not_your_turn", "it is not your turn"); got != "It is not your turn" {
		t.Errorf("known code: %q", got)
	}
}
