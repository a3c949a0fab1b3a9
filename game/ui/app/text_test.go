package app

import (
	"strings"
	"testing"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/ui/dates"
	"impactkaarten/game/ui/input"
)

func TestCodeHint(t *testing.T) {
	tests := []struct {
		text    string
		refused bool
		key     string
		arg     any
		bad     bool
	}{
		{"", false, "start.code.hint", nil, false},
		{"k7", false, "start.code.short", 4, false},
		{"K7P-2Q", false, "start.code.short", 1, false},
		{"k7p-2qx", false, "start.code.hint", nil, false},
		{" K7P 2QX ", false, "start.code.hint", nil, false},
		{"K7P-2QO", false, "start.code.char", "O", true},
		{"k7p-1", false, "start.code.char", "1", true},
		{"K7P2QXA", false, "start.code.long", nil, true},
		{"K7P-2QX", true, "start.code.long", nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.text, func(t *testing.T) {
			key, arg, bad := codeHint(tc.text, tc.refused)
			if key != tc.key || arg != tc.arg || bad != tc.bad {
				t.Errorf("codeHint(%q) = %s, %v, %v; want %s, %v, %v", tc.text, key, arg, bad, tc.key, tc.arg, tc.bad)
			}
		})
	}
}

// TestJoinCodeHintShown checks that the start screen says what is wrong with a code, not
// only that the button is disabled.
func TestJoinCodeHintShown(t *testing.T) {
	d := NewDriver(1280, 720, 1, cards.EN, measure)
	defer d.Close()
	d.C.opts.Relay = true
	must(t, d.Click("start-code"))
	d.Type("K7P-0")
	d.Idle(16)
	if page := pageText(d.C.Frame()); !strings.Contains(page, "“0” is in no code") {
		t.Errorf("no hint for a 0 in the code; the page says %q", page)
	}
	if w, err := d.Widget("start-join"); err != nil || w.Enabled {
		t.Errorf("join enabled with a malformed code (%v)", err)
	}
}

// TestNameLimit checks that the name says how much room is left and that typing past the
// limit is refused with a reason on screen, never cut.
func TestNameLimit(t *testing.T) {
	d := NewDriver(1280, 720, 1, cards.NL, measure)
	defer d.Close()
	must(t, d.Click("start-name"))
	d.C.field("start-name", game.MaxName).SetText("Fenna")
	d.Idle(16)
	if page := pageText(d.C.Frame()); !strings.Contains(page, "nog 27 tekens") {
		t.Errorf("the characters left are not shown: %q", page)
	}
	full := strings.Repeat("é", game.MaxName-1)
	d.C.field("start-name", game.MaxName).SetText(full)
	d.Idle(16)
	if page := pageText(d.C.Frame()); !strings.Contains(page, "nog 1 teken") || strings.Contains(page, "nog 1 tekens") {
		t.Errorf("one character left reads wrong: %q", page)
	}
	d.Tick(inputPaste("ab"))
	d.Idle(16)
	if got := d.C.text("start-name"); got != full {
		t.Errorf("a paste past the limit changed the name to %q", got)
	}
	if page := pageText(d.C.Frame()); !strings.Contains(page, "Vol: maximaal 32 tekens") {
		t.Errorf("the refusal is not shown: %q", page)
	}
	if len(d.C.M.Toasts) != 0 {
		t.Errorf("the name field's refusal also toasted: %v", d.C.M.Toasts)
	}
}

// TestDueDate walks to the actions and adds actions with dates typed as people do and
// picked from the picker: the room gets ISO, a bad date is refused with its reason.
func TestDueDate(t *testing.T) {
	d := NewDriver(1280, 720, 1, cards.NL, measure)
	defer d.Close()
	checked := false
	err := d.Walk(func(step string) {
		if step != "actions" {
			return
		}
		checked = true
		today := dates.Day(time.UnixMilli(d.Now))
		must(t, d.Click("act-text"))
		d.Type("Offerte vragen")
		must(t, d.Click("act-due"))
		d.Type("31-2")
		d.Idle(16)
		if page := pageText(d.C.Frame()); !strings.Contains(page, "Die dag bestaat niet.") {
			t.Errorf("no reason for 31-2: %q", page)
		}
		if w, _ := d.Widget("act-add"); w == nil || w.Enabled {
			t.Error("an action with 31-2 can be added")
		}
		d.C.field("act-due", dueFieldMax).SetText("morgen")
		d.Idle(16)
		want := "Wordt: " + d.C.longDate(today.AddDate(0, 0, 1))
		if page := pageText(d.C.Frame()); !strings.Contains(page, want) {
			t.Errorf("the field does not say what it reads: want %q in %q", want, page)
		}
		n := len(d.View().Actions)
		must(t, d.Click("act-add"))
		acts := d.View().Actions
		if len(acts) != n+1 || acts[n].Due != dates.ISO(today.AddDate(0, 0, 1)) {
			t.Fatalf("actions %+v: want a new one due %s", acts, dates.ISO(today.AddDate(0, 0, 1)))
		}

		// The picker: a shortcut fills the field as people type a date.
		must(t, d.Click("act-due-pick"))
		must(t, d.Click("act-due-short-2")) // over 2 weken
		if got, want := d.C.text("act-due"), d.C.typedDate(today.AddDate(0, 0, 14)); got != want {
			t.Errorf("the shortcut wrote %q, want %q", got, want)
		}
		if d.C.due.open {
			t.Error("the picker stays open after a choice")
		}
		// The picker opens on the month of the field's date; the next month, its 5th.
		must(t, d.Click("act-due-pick"))
		must(t, d.Click("act-due-next"))
		held := today.AddDate(0, 0, 14)
		next := held.AddDate(0, 0, 1-held.Day()).AddDate(0, 1, 4)
		must(t, d.Click("act-due-day-"+dates.ISO(next)))
		if got, err := dates.Parse(d.C.text("act-due"), today); err != nil || !got.Equal(next) {
			t.Errorf("the day picked reads %v, %v; want %s", got, err, dates.ISO(next))
		}
		d.C.field("act-due", dueFieldMax).SetText("")
	})
	if err != nil {
		t.Fatal(err)
	}
	if !checked {
		t.Fatal("the walk passed no actions step")
	}
}

// inputPaste is a tick that pastes s.
func inputPaste(s string) input.Snapshot { return input.Snapshot{X: -1, Y: -1, Paste: s} }
