package game

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// shaped returns the room's settings changed by f, as the facilitator sends them.
func shaped(tb *table, f func(*Settings)) Command {
	st := tb.s.Settings.clone()
	f(&st)
	return cmd(CmdSettings, Args{Settings: &st})
}

func TestSessionTitle(t *testing.T) {
	tests := []struct {
		name  string
		title string
		want  string
		code  Code
	}{
		{"plain", "Digitale strategie — Museum Arnhem", "Digitale strategie — Museum Arnhem", ""},
		{"tidied", "  Digitale\nstrategie  ", "Digitale strategie", ""},
		{"at the limit", strings.Repeat("é", MaxSessionTitle), strings.Repeat("é", MaxSessionTitle), ""},
		{"too long", strings.Repeat("é", MaxSessionTitle+1), "", TooLong},
		{"cleared", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTable(t, 2)
			tb.must(1, shaped(tb, func(st *Settings) { st.Title = "Oud" }))
			err := tb.do(1, shaped(tb, func(st *Settings) { st.Title = tt.title }))
			if tt.code != "" {
				wantCode(t, err, tt.code)
				if tb.s.Settings.Title != "Oud" {
					t.Fatalf("a rejected title changed it to %q", tb.s.Settings.Title)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := View(tb.s, 2).Settings.Title; got != tt.want {
				t.Fatalf("title %q, want %q", got, tt.want)
			}
		})
	}
	t.Run("facilitator only", func(t *testing.T) {
		tb := newTable(t, 2)
		wantCode(t, tb.do(2, shaped(tb, func(st *Settings) { st.Title = "Mijn sessie" })), NotFacilitator)
	})
}

func TestChosenStatements(t *testing.T) {
	tb := newTable(t, 2)
	tb.must(1, shaped(tb, func(st *Settings) {
		st.Written = []string{"Wij  durven te\nexperimenteren."}
		st.Chosen = []string{"st-5", WrittenID(0), "st-2"}
	}))
	if got := tb.s.Settings.Written[0]; got != "Wij durven te experimenteren." {
		t.Fatalf("written statement %q not tidied", got)
	}
	if n := tb.s.Settings.PlannedStatements(); n != 3 {
		t.Fatalf("planned %d statements, want the 3 chosen", n)
	}
	tb.must(1, cmd(CmdStart, Args{}))
	var turned []string
	for {
		turned = append(turned, tb.s.round().Card)
		if err := tb.do(1, cmd(CmdNextCard, Args{})); err != nil {
			wantCode(t, err, NoCards)
			break
		}
	}
	if want := []string{"st-5", "own:1", "st-2"}; !slices.Equal(turned[:3], want) {
		t.Fatalf("turned up %v, want %v first", turned, want)
	}
	// The rest of the deck's statements follow, for a group that wants more.
	if len(turned) != 3+4 || slices.Contains(turned[3:], "st-5") || slices.Contains(turned[3:], "st-2") {
		t.Fatalf("after the chosen ones came %v", turned[3:])
	}
	c, ok := View(tb.s, 2).Settings.WrittenCard("own:1")
	if !ok || c.Title.NL != "Wij durven te experimenteren." || c.Title.EN != c.Title.NL {
		t.Fatalf("written card %+v %v", c, ok)
	}
	// Laid out, the statements stay as they are; other settings still change.
	wantCode(t, tb.do(1, shaped(tb, func(st *Settings) { st.Chosen = []string{"st-1"} })), WrongPhase)
	wantCode(t, tb.do(1, shaped(tb, func(st *Settings) { st.Written[0] = "Anders" })), WrongPhase)
	tb.must(1, shaped(tb, func(st *Settings) { st.Dots = 4 }))
}

func TestChosenStatementsDefault(t *testing.T) {
	// Nothing chosen: the statements come at random, as before, from the same seed.
	a, b := newTable(t, 2), newTable(t, 2)
	a.must(1, cmd(CmdStart, Args{}))
	b.must(1, shaped(b, func(st *Settings) { st.Title = "Iets" }))
	b.must(1, cmd(CmdStart, Args{}))
	if !slices.Equal(a.s.StatementPile, b.s.StatementPile) || a.s.round().Card != b.s.round().Card {
		t.Fatal("a title changed the random order of the statements")
	}
	if a.s.Settings.PlannedStatements() != DefaultSettings().Statements {
		t.Fatal("planned statements without a choice is not the number to draw")
	}
}

func TestChosenStatementsRules(t *testing.T) {
	tests := []struct {
		name    string
		chosen  []string
		written []string
		code    Code
	}{
		{"deck statements", []string{"st-3", "st-1"}, nil, ""},
		{"twice", []string{"st-3", "st-3"}, nil, BadValue},
		{"not a statement", []string{"tech-1"}, nil, BadValue},
		{"not in the deck", []string{"st-99"}, nil, UnknownCard},
		{"written, missing", []string{"own:2"}, []string{"Een"}, UnknownCard},
		{"written, malformed", []string{"own:01"}, []string{"Een"}, UnknownCard},
		{"written, empty", nil, []string{" \n "}, BadValue},
		{"written, too long", nil, []string{strings.Repeat("x", MaxStatement+1)}, TooLong},
		{"written, too many", nil, slices.Repeat([]string{"x"}, MaxWritten+1), LimitReached},
		{"chosen, too many", slices.Repeat([]string{"st-1"}, MaxChosen+1), nil, LimitReached},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTable(t, 1)
			err := tb.do(1, shaped(tb, func(st *Settings) { st.Chosen, st.Written = tt.chosen, tt.written }))
			if tt.code == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			wantCode(t, err, tt.code)
		})
	}
	t.Run("a new deck keeps the written statements", func(t *testing.T) {
		tb := newTable(t, 1)
		tb.must(1, shaped(tb, func(st *Settings) {
			st.Written, st.Chosen = []string{"Een"}, []string{"st-1", WrittenID(0)}
		}))
		before := View(tb.s, 1)
		mark := Mark(tb.s)
		e := tb.s.Clone()
		evs, err := Decide(e, 1, cmd(CmdDeck, Args{Deck: testDeck()}))
		if err != nil {
			t.Fatal(err)
		}
		e.Apply(evs[0])
		if !slices.Equal(e.Settings.Chosen, []string{"own:1"}) {
			t.Fatalf("chosen after a new deck: %v", e.Settings.Chosen)
		}
		r := NewRedaction(mark, e, evs[0])
		got := ApplyView(before, r.For(1))
		if !slices.Equal(got.Settings.Chosen, e.Settings.Chosen) {
			t.Fatalf("the view's choice after a new deck: %v", got.Settings.Chosen)
		}
	})
}

// run walks a session from the lobby by start and next, and returns the phases it went
// through, ending with the report.
func run(tb *table) []Phase {
	tb.t.Helper()
	tb.must(1, cmd(CmdStart, Args{}))
	out := []Phase{tb.s.Phase}
	for !tb.s.Ended {
		tb.must(1, cmd(CmdNextPhase, Args{}))
		out = append(out, tb.s.Phase)
	}
	return out
}

func TestRoundsInTheSequence(t *testing.T) {
	tests := []struct {
		name string
		set  func(*Settings)
		want []Phase
	}{
		{"no rounds", func(*Settings) {}, []Phase{Statements, Canvas, Dots, Actions, Report}},
		{"both rounds", func(st *Settings) { st.Opening, st.Closing = true, true },
			[]Phase{Opening, Statements, Canvas, Dots, Actions, Closing, Report}},
		{"opening, two phases", func(st *Settings) { st.Opening, st.Phases = true, []Phase{Canvas, Dots} },
			[]Phase{Opening, Canvas, Dots, Report}},
		{"free table with rounds", func(st *Settings) { st.Opening, st.Closing, st.FreeTable = true, true, true },
			[]Phase{Opening, Free, Closing, Report}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTable(t, 2)
			if c := shaped(tb, tt.set); !c.Settings.Equal(tb.s.Settings) {
				tb.must(1, c)
			}
			if got := run(tb); !slices.Equal(got, tt.want) {
				t.Fatalf("ran %v, want %v", got, tt.want)
			}
			var seq []Phase
			for _, s := range tb.s.Settings.Plan().Steps {
				seq = append(seq, s.Phase)
			}
			if !slices.Equal(append(seq, Report), tt.want) {
				t.Fatalf("the plan has %v, the session ran %v", seq, tt.want)
			}
		})
	}
	t.Run("opening switched off during it", func(t *testing.T) {
		tb := newTable(t, 2)
		tb.must(1, shaped(tb, func(st *Settings) { st.Opening = true }))
		tb.must(1, cmd(CmdStart, Args{}))
		tb.must(1, shaped(tb, func(st *Settings) { st.Opening = false }))
		tb.must(1, cmd(CmdNextPhase, Args{}))
		if tb.s.Phase != Statements {
			t.Fatalf("after the opening round: %s", tb.s.Phase)
		}
	})
	t.Run("a jump to the closing round", func(t *testing.T) {
		tb := newTable(t, 2)
		tb.must(1, cmd(CmdStart, Args{}))
		tb.must(1, cmd(CmdPhase, Args{Phase: Closing}))
		if tb.s.Phase != Closing {
			t.Fatalf("phase %s", tb.s.Phase)
		}
		tb.must(1, cmd(CmdTimer, Args{Kind: TimerStart}))
		if tb.s.Timer.Duration != DefaultRoundSeconds*1000 {
			t.Fatalf("the closing round's timer is %d ms", tb.s.Timer.Duration)
		}
	})
}

func TestAnswer(t *testing.T) {
	tb := newTable(t, 2)
	tb.must(1, cmd(CmdObserver, Args{Seat: 3, Observer: true}))
	tb.must(1, shaped(tb, func(st *Settings) {
		st.Opening, st.Closing, st.OpeningQuestion = true, true, "Wat wil je vandaag leren?"
	}))
	wantCode(t, tb.do(2, cmd(CmdAnswer, Args{Text: "Te vroeg"})), WrongPhase)
	tb.must(1, cmd(CmdStart, Args{}))
	tests := []struct {
		name  string
		actor SeatID
		text  string
		code  Code
		want  []Line
	}{
		{"a player writes", 2, "Inspiratie\nvoor het MT", "", []Line{{2, "Inspiratie voor het MT"}}},
		{"the facilitator writes", 1, "Een plan", "", []Line{{2, "Inspiratie voor het MT"}, {1, "Een plan"}}},
		{"a player edits", 2, "Een pilot", "", []Line{{2, "Een pilot"}, {1, "Een plan"}}},
		{"the same again", 2, "Een pilot", NoChange, nil},
		{"too long", 2, strings.Repeat("x", MaxAnswer+1), TooLong, nil},
		{"an observer", 3, "Kijken", NotAPlayer, nil},
		{"withdrawn", 1, "", "", []Line{{2, "Een pilot"}}},
		{"nothing to withdraw", 1, "", NoChange, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tb.do(tt.actor, cmd(CmdAnswer, Args{Text: tt.text}))
			if tt.code != "" {
				wantCode(t, err, tt.code)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := View(tb.s, 3).OpeningLines; !slices.Equal(got, tt.want) {
				t.Fatalf("lines %v, want %v", got, tt.want)
			}
		})
	}
	// The closing round has lines of its own; the opening's stay.
	for !tb.s.Ended && tb.s.Phase != Closing {
		tb.must(1, cmd(CmdNextPhase, Args{}))
	}
	tb.must(2, cmd(CmdAnswer, Args{Text: "Morgen bel ik de wethouder"}))
	v := View(tb.s, 0)
	if len(v.OpeningLines) != 1 || !slices.Equal(v.ClosingLines, []Line{{2, "Morgen bel ik de wethouder"}}) {
		t.Fatalf("opening %v closing %v", v.OpeningLines, v.ClosingLines)
	}
	tb.must(1, cmd(CmdNextPhase, Args{}))
	wantCode(t, tb.do(2, cmd(CmdAnswer, Args{Text: "Te laat"})), SessionEnded)
}

func TestPlan(t *testing.T) {
	st := DefaultSettings()
	p := st.Plan()
	want := 4*180 + 600 + 180 + 600
	if p.Seconds != want || p.Open || len(p.Steps) != 4 || p.Steps[0].Count != 4 || p.Steps[0].Seconds != 4*180 {
		t.Fatalf("default plan %+v, want %d s", p, want)
	}
	st.Opening, st.Closing = true, true
	st.Chosen = []string{"st-1", "st-2"}
	st.Phases = []Phase{Statements, Actions}
	p = st.Plan()
	if want := 300 + 2*180 + 600 + 300; p.Seconds != want || len(p.Steps) != 4 || p.Steps[1].Count != 2 {
		t.Fatalf("plan %+v, want %d s", p, want)
	}
	st.FreeTable = true
	if p = st.Plan(); !p.Open || p.Seconds != 600 || p.Steps[1].Phase != Free {
		t.Fatalf("free table plan %+v", p)
	}
}

// TestOldSnapshotLoads checks that a room stored before sessions had a shape loads and
// plays on: no title, nothing chosen, no rounds.
func TestOldSnapshotLoads(t *testing.T) {
	tb := newTable(t, 2)
	tb.must(1, cmd(CmdStart, Args{}))
	b, err := json.Marshal(tb.s)
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{`"title"`, `"chosen"`, `"written"`, `"opening`, `"closing`} {
		if strings.Contains(mustJSON(t, tb.s.Settings), field) {
			t.Fatalf("a session without a shape stores %s", field)
		}
	}
	if strings.Contains(string(b), `"openingLines"`) {
		t.Fatal("a session without rounds stores their lines")
	}
	var s State
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatal(err)
	}
	if err := s.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
	if _, err := Decide(&s, 1, cmd(CmdNextPhase, Args{})); err != nil {
		t.Fatal(err)
	}
}

func TestRemoveWritten(t *testing.T) {
	st := Settings{Written: []string{"a", "b", "c"}, Chosen: []string{"own:3", "st-1", "own:1", "own:2"}}
	RemoveWritten(&st, "own:2")
	if !slices.Equal(st.Written, []string{"a", "c"}) || !slices.Equal(st.Chosen, []string{"own:2", "st-1", "own:1"}) {
		t.Fatalf("after removing own:2: written %v chosen %v", st.Written, st.Chosen)
	}
	RemoveWritten(&st, "own:9")
	if len(st.Written) != 2 {
		t.Fatal("removing a statement that does not exist changed the settings")
	}
	if id := AddWritten(&st, "d"); id != "own:3" || st.Written[2] != "d" {
		t.Fatalf("added %s", id)
	}
}

// TestSettingsEqual keeps Settings.Equal complete: settings that differ in any one field
// are not equal, so a change to a field added later is not taken for no change.
func TestSettingsEqual(t *testing.T) {
	base := DefaultSettings()
	if !base.Equal(base.clone()) {
		t.Fatal("settings are not equal to their copy")
	}
	empty, none := base.clone(), base.clone()
	empty.Chosen, none.Chosen = []string{}, nil
	if !empty.Equal(none) {
		t.Error("an empty list of chosen statements differs from none")
	}
	typ := reflect.TypeOf(base)
	for i := range typ.NumField() {
		f := typ.Field(i)
		t.Run(f.Name, func(t *testing.T) {
			other := base.clone()
			v := reflect.ValueOf(&other).Elem().Field(i)
			switch v.Kind() {
			case reflect.Bool:
				v.SetBool(!v.Bool())
			case reflect.Int:
				v.SetInt(v.Int() + 1)
			case reflect.String:
				v.SetString(v.String() + "x")
			case reflect.Slice:
				v.Set(reflect.Append(v, reflect.New(v.Type().Elem()).Elem()))
			default:
				t.Fatalf("field %s of kind %s: teach this test to change it", f.Name, v.Kind())
			}
			if base.Equal(other) || other.Equal(base) {
				t.Errorf("settings that differ in %s are equal", f.Name)
			}
		})
	}
}
