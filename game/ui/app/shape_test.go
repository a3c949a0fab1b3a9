package app

import (
	"slices"
	"strings"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/report"
	"impactkaarten/game/ui/layout"
)

// shown reports whether some text on screen contains s.
func shown(c *Controller, s string) bool {
	for _, it := range c.Frame().Items {
		if it.Kind == layout.Text && strings.Contains(strings.Join(it.Lines, " "), s) {
			return true
		}
	}
	return false
}

// TestShapeTheSession shapes a session in the lobby as a facilitator does, and follows it
// through its rounds to the report: the title heads the screens and the report, the
// statements come in the chosen order, and the lines of the rounds are in the report.
func TestShapeTheSession(t *testing.T) {
	d := NewDriver(1280, 720, 1, cards.NL, measure)
	defer d.Close()
	must(t, d.StartSolo(nil, 3))
	must(t, d.Shape())
	ids := d.C.M.Deck.IDs(cards.Statement)
	st := d.View().Settings
	if want := []string{ids[0], ids[2], ids[5], "own:1"}; !slices.Equal(st.Chosen, want) {
		t.Fatalf("chosen %v, want %v", st.Chosen, want)
	}
	if st.Title != "Digitale strategie — Museum Arnhem" || !st.Opening || !st.Closing || len(st.Written) != 1 {
		t.Fatalf("settings %+v", st)
	}
	must(t, d.Click("choose-del-own:1"))
	if st := d.View().Settings; len(st.Written) != 0 || slices.Contains(st.Chosen, "own:1") {
		t.Fatalf("the written statement was not removed: %+v", st)
	}
	must(t, d.Click("choose-write"))
	d.Type("Ons publiek verwacht ons ook online")
	must(t, d.Click("choose-add"))
	must(t, d.Click("choose-finish"))
	if !shown(d.C, "Tijdsplanning") || !shown(d.C, "Openingsronde") {
		t.Error("the lobby shows no time plan with the opening round")
	}
	want := d.View().Settings.Plan()
	if !shown(d.C, d.C.duration(want.Seconds)) {
		t.Errorf("the lobby does not show the planned total %s", d.C.duration(want.Seconds))
	}

	// A title over the limit says so, and cannot be saved.
	must(t, d.Click("lobby-title"))
	d.Type(strings.Repeat("x", game.MaxSessionTitle))
	if w, _ := d.Widget("lobby-title-save"); w.Enabled {
		t.Error("a title over the limit can be saved")
	}
	if !shown(d.C, "te veel") {
		t.Error("a title over the limit does not say so")
	}

	must(t, d.Click("lobby-start"))
	if d.View().Phase != game.Opening || !shown(d.C, "Wat hoop je vandaag mee te nemen?") || !shown(d.C, "Digitale strategie — Museum Arnhem") {
		t.Fatalf("after the start: phase %s, question or title not shown", d.View().Phase)
	}
	must(t, d.Click("round-line"))
	d.Type("Een plan")
	must(t, d.Click("round-post"))
	must(t, d.Click("round-edit"))
	d.Type(" voor morgen")
	must(t, d.Click("round-post"))
	must(t, d.NextPhase())
	if r := d.C.M.Round(); r == nil || r.Card != ids[0] {
		t.Fatalf("the first statement is %+v, want %s", r, ids[0])
	}
	for d.View().Phase != game.Closing {
		must(t, d.NextPhase())
	}
	must(t, d.Click("round-line"))
	d.Type("Morgen bel ik de wethouder")
	must(t, d.Click("round-post"))
	must(t, d.NextPhase())
	rep := d.C.report()
	if rep == nil || rep.Title != "Digitale strategie — Museum Arnhem" || rep.Opening == nil || rep.Closing == nil {
		t.Fatalf("report %+v", rep)
	}
	if got := rep.Opening.Lines; !slices.ContainsFunc(got, func(l report.RoundLine) bool { return l.Text == "Een plan voor morgen" }) {
		t.Errorf("opening lines %+v", got)
	}
	if !shown(d.C, "Morgen bel ik de wethouder") {
		t.Error("the report scene does not show the closing round")
	}
}

// TestSettingsUnchangedNotSent: an action whose change changes nothing (the first chosen
// statement moved up) sends nothing, so the room has nothing to refuse (it answers the same
// settings with no_change) and no toast says so.
func TestSettingsUnchangedNotSent(t *testing.T) {
	d := NewDriver(1280, 720, 1, cards.NL, measure)
	defer d.Close()
	must(t, d.StartSolo(nil, 3))
	must(t, d.Shape())
	before := d.View()
	first := before.Settings.Chosen[0]
	statementUp{first}.run(d.C)
	d.Settle()
	if v := d.View().Version; v != before.Version {
		t.Errorf("moving the first statement up moved the room from version %d to %d", before.Version, v)
	}
	if shown(d.C, "Er verandert niets") {
		t.Error("moving the first statement up shows that nothing changes")
	}
	second := before.Settings.Chosen[1]
	statementUp{second}.run(d.C)
	d.Settle()
	if got := d.View().Settings.Chosen; len(got) < 2 || got[0] != second || got[1] != first {
		t.Errorf("chosen %v after moving %s up", got, second)
	}
}
