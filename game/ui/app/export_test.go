package app

import (
	"strings"
	"testing"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game/report"
	"impactkaarten/game/ui/input"
	"impactkaarten/game/ui/layout"
)

// exports returns the Export effects the controller asked for since the last call.
func exports(d *Driver) []Export {
	var out []Export
	for _, e := range d.C.Effects() {
		if x, ok := e.(Export); ok {
			out = append(out, x)
		}
	}
	return out
}

// pageText joins every line of text on the page, to look for what the report says.
func pageText(f *layout.Frame) string {
	var b strings.Builder
	for _, it := range f.Items {
		for _, l := range it.Lines {
			b.WriteString(l)
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// TestExport: the facilitator exports from the dialog during the session and from the
// report page at the end, in the language chosen; Esc closes the dialog; the report on
// screen carries the same agenda as the exported report.
func TestExport(t *testing.T) {
	d := NewDriver(1280, 720, 1, cards.NL, measure)
	defer d.Close()
	err := d.Walk(func(step string) {
		if step != "export" {
			return
		}
		for _, f := range exportFormats {
			if _, err := d.Widget("exp-" + f.format); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := d.Widget("exp-delete"); err == nil {
			t.Errorf("a practice room offers to delete it from a server")
		}
		d.C.Effects()
		must(t, d.Click("exp-lang-en"))
		must(t, d.Click("exp-csv"))
		if got := exports(d); len(got) != 1 || got[0] != (Export{Format: "csv", Lang: cards.EN}) {
			t.Errorf("export from the dialog: got %+v, want csv in English", got)
		}
		d.Keys(false, input.KeyEscape)
		if d.C.exportOpen {
			t.Errorf("Esc did not close the export dialog")
		}
		must(t, d.Click("fac-export"))
	})
	must(t, err)

	// On the report page: the language chosen in the dialog is kept; switch back.
	d.C.Effects()
	must(t, d.Click("rep-exp-html"))
	must(t, d.Click("rep-exp-lang-nl"))
	must(t, d.Click("rep-exp-md"))
	got := exports(d)
	want := []Export{{Format: "html", Lang: cards.EN}, {Format: "md", Lang: cards.NL}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("exports from the report page: got %+v, want %+v", got, want)
	}

	// The screen shows the agenda the exported files hold.
	rep, err := report.Build(d.Solo.State(), report.Info{Generated: time.UnixMilli(d.Now)}, cards.NL)
	must(t, err)
	text := pageText(d.C.Frame())
	if len(rep.Agenda.Items) < 3 {
		t.Fatalf("the report has %d agenda items", len(rep.Agenda.Items))
	}
	for _, it := range rep.Agenda.Items {
		// The page wraps long lines: compare the first words.
		words := strings.Fields(it.Text)
		head := strings.Join(words[:min(4, len(words))], " ")
		if !strings.Contains(text, head) {
			t.Errorf("the report page lacks the agenda item %q", it.Text)
		}
	}

	// A player who is not the facilitator sees no export controls.
	d.C.M.View.Facilitator = 99
	d.Settle()
	for _, w := range d.C.Frame().Widgets {
		if strings.HasPrefix(w.ID, "rep-exp-") || w.ID == "fac-export" {
			t.Errorf("a player sees the export control %q", w.ID)
		}
	}
}

// TestStepperValues: a stepper with a list of values goes from one to the next and stays
// within the list, also from a value that is not in it.
func TestStepperValues(t *testing.T) {
	s := stepper{values: retentionDays, min: 1, max: 365}
	for _, tc := range []struct{ from, dir, want int }{
		{30, 1, 60}, {30, -1, 14}, {1, -1, 1}, {365, 1, 365}, {45, 1, 60}, {45, -1, 30}, {1000, 1, 365}, {0, -1, 1},
	} {
		s.value = tc.from
		if got := s.next(tc.dir); got != tc.want {
			t.Errorf("from %d by %d: got %d, want %d", tc.from, tc.dir, got, tc.want)
		}
	}
	lin := stepper{min: 1, max: 12, step: 1, value: 12}
	if got := lin.next(1); got != 12 {
		t.Errorf("linear stepper past its max: got %d", got)
	}
}

// TestProblemsDialog: a deck file's problems are listed, the dialog is the only thing that
// takes input, and Esc or its button closes it.
func TestProblemsDialog(t *testing.T) {
	for _, sz := range sizes {
		d := NewDriver(sz.w, sz.h, sz.dpr, cards.EN, measure)
		must(t, d.StartSolo(nil, 1))
		lines := make(cards.Problems, 20)
		for i := range lines {
			lines[i] = cards.Problem{Line: 7, CardID: "tech-x", Card: 3, Field: "title_en",
				Message: cards.Text{NL: "de Engelse vertaling ontbreekt", EN: "missing English translation"}}
		}
		d.C.ShowProblems("Ons deck.csv", lines)
		d.Settle()
		checkFrame(t, d.C, sz.name+" problems")
		if _, err := d.Widget("lobby-start"); err == nil {
			t.Errorf("%s: the lobby takes input under the problems dialog", sz.name)
		}
		text := pageText(d.C.Frame())
		if !strings.Contains(text, "Ons deck.csv") || !strings.Contains(text, `line 7 (card "tech-x"), title_en: missing English translation`) ||
			!strings.Contains(text, "8 more") {
			t.Errorf("%s: the dialog says %q", sz.name, text)
		}
		// The problems follow the interface's language, also while the dialog is open, and
		// each shown is an info widget a screen reader reads.
		d.C.M.Lang = cards.NL
		d.Settle()
		if text := pageText(d.C.Frame()); !strings.Contains(text, `regel 7 (kaart "tech-x"), title_en: de Engelse vertaling ontbreekt`) ||
			strings.Contains(text, "missing English") {
			t.Errorf("%s: in Dutch the dialog says %q", sz.name, text)
		}
		if w, err := d.Widget("problem-12"); err != nil || w.Kind != layout.Info || w.Label != `regel 7 (kaart "tech-x"), title_en: de Engelse vertaling ontbreekt` {
			t.Errorf("%s: the 12th problem's widget: %+v, %v", sz.name, w, err)
		}
		if _, err := d.Widget("problem-13"); err == nil {
			t.Errorf("%s: a widget for a problem the dialog does not show", sz.name)
		}
		d.C.M.Lang = cards.EN
		d.Keys(false, input.KeyEscape)
		if d.C.problems != nil {
			t.Errorf("%s: Esc did not close the dialog", sz.name)
		}
		d.C.ShowProblems("x.json", lines[:1])
		d.Settle()
		must(t, d.Click("problems-close"))
		if d.C.problems != nil {
			t.Errorf("%s: the button did not close the dialog", sz.name)
		}
		d.Close()
	}
}

// TestLobbyKit: in the lobby the facilitator opens the guide in their own language and
// prints the deck in the room's language; a player sees neither button.
func TestLobbyKit(t *testing.T) {
	d := NewDriver(1280, 720, 1, cards.EN, measure)
	defer d.Close()
	must(t, d.StartSolo(nil, 2))
	d.Settle()
	d.C.Effects()
	must(t, d.Click("lobby-guide"))
	must(t, d.Click("lobby-print"))
	var got []Effect
	for _, e := range d.C.Effects() {
		switch e.(type) {
		case OpenGuide, PrintDeck:
			got = append(got, e)
		}
	}
	room := d.View().Settings.Lang
	if len(got) != 2 || got[0] != (OpenGuide{Lang: cards.EN}) || got[1] != (PrintDeck{Lang: room}) {
		t.Fatalf("effects %+v, want the guide in English and the deck in %s", got, room)
	}
	d.C.M.View.Facilitator = 99
	d.Settle()
	for _, id := range []string{"lobby-guide", "lobby-print"} {
		if _, err := d.Widget(id); err == nil {
			t.Errorf("a player sees %s", id)
		}
	}
}
