package game

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"impactkaarten/cards"
)

// commandConstants returns every constant of type CommandType declared in the package's
// source, so that a command added anywhere is found without a list to keep up to date.
func commandConstants(t *testing.T) []CommandType {
	t.Helper()
	fset := token.NewFileSet()
	files, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	var out []CommandType
	for _, fi := range files {
		name := fi.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "CommandType" {
					continue
				}
				for _, v := range vs.Values {
					lit, ok := v.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						t.Fatalf("%s: a CommandType constant that is not a string literal", fset.Position(v.Pos()))
					}
					s, err := strconv.Unquote(lit.Value)
					if err != nil {
						t.Fatal(err)
					}
					out = append(out, CommandType(s))
				}
			}
		}
	}
	if len(out) < 30 {
		t.Fatalf("found only %d command types in the source", len(out))
	}
	return out
}

// TestMayCoversEveryCommand fails for a command type that May cannot answer about, or that
// the random generator never makes (so TestMayAgreesWithDecide could not check it).
func TestMayCoversEveryCommand(t *testing.T) {
	for _, ct := range commandConstants(t) {
		t.Run(string(ct), func(t *testing.T) {
			if !knownCommand(ct) {
				t.Errorf("Decide does not know %q", ct)
			}
			if !Covered(ct) {
				t.Errorf("May does not know %q: add a case to probe in may.go", ct)
			}
			if !slices.Contains(monkeyTypes, ct) {
				t.Errorf("the random generator never makes %q: add it to monkeyTypes in random_test.go", ct)
			}
		})
	}
	if Covered("bogus") {
		t.Error("May claims to know a command that does not exist")
	}
}

// code is the rule error code of err, or "" for nil.
func code(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if !errors.As(err, &e) {
		return Code("not a rule error: " + err.Error())
	}
	return e.Code
}

// sees tells what one seat can know: the cards it can see and the seats its view lists.
type sees struct {
	cards map[string]bool
	seats map[SeatID]bool
	// lateScreen: a meeting-room screen still in the room joined after the last seat the
	// view lists, which the view cannot tell of (see May); it holds the facilitator's leave.
	lateScreen bool
}

// lateScreen reports whether a screen still in the room joined after the last seat v lists.
func lateScreen(s *State, v *PlayerView) bool {
	last := v.Me
	for _, sv := range v.Seats {
		last = max(last, sv.ID)
	}
	for _, st := range s.Seats {
		if st.Screen && !st.Gone && st.ID > last {
			return true
		}
	}
	return false
}

func seesOf(v *PlayerView) sees {
	w := sees{cards: map[string]bool{}, seats: map[SeatID]bool{}}
	for _, id := range v.Hand {
		w.cards[id] = true
	}
	for _, p := range v.Canvas {
		w.cards[p.Card] = true
	}
	for _, r := range v.Rounds {
		w.cards[r.Card] = true
	}
	for _, id := range v.Shown {
		w.cards[id] = true
	}
	if v.Prompt != "" {
		w.cards[v.Prompt] = true
	}
	for _, s := range v.Seats {
		w.seats[s.ID] = true
	}
	return w
}

// knowable reports whether a seat's view tells enough to answer about a command: not when it
// names, to take or to prompt, a face-down card the seat cannot see, nor when it names a
// seat the view does not list (a meeting-room screen).
func (w sees) knowable(me SeatID, t CommandType, card string, seat SeatID) bool {
	if (t == CmdTake || t == CmdPrompt) && card != "" && !w.cards[card] {
		return false
	}
	if t == CmdLeave && w.lateScreen {
		return false
	}
	if !hostCommand(t) && seat != 0 && seat != me && !w.seats[seat] {
		return false
	}
	return true
}

// askOf is the question a command answers: its type and what it is about.
func askOf(c Command) Ask {
	a := Ask{Type: c.Type, Card: c.Card, Action: c.Action, Seat: c.Seat, Phase: c.Phase}
	switch c.Type {
	case CmdPrompt, CmdTake, CmdTimer, CmdReact:
		a.Kind = c.Kind
	}
	switch c.Type {
	case CmdObserver, CmdHandOver, CmdKick, CmdCoFacilitator:
	default:
		a.Seat = 0
	}
	if c.Type == CmdCardAnswer {
		a.Card = c.Card
	}
	if c.Type == CmdAddAction || c.Type == CmdEditAction {
		a.Card = "" // an argument: what the action is about
	}
	return a
}

// asks lists questions of every kind the seat might ask, about what it can see and a few
// things it cannot.
func asks(s *State, v *PlayerView, w sees) []Ask {
	var out []Ask
	cardList := []string{"", "nope"}
	for id := range w.cards {
		cardList = append(cardList, id)
	}
	slices.Sort(cardList)
	actions := []int{0, s.NextAction + 1}
	for _, a := range v.Actions {
		actions = append(actions, a.ID)
	}
	seats := []SeatID{0, SeatID(len(s.Seats) + 1)}
	for _, sv := range v.Seats {
		seats = append(seats, sv.ID)
	}
	kinds := []string{"", "question", "advice", "statement", "technology", "blank", "x"}
	for _, t := range monkeyTypes {
		switch t {
		case CmdPlay, CmdMove, CmdDot, CmdUndot, CmdDiscard, CmdInsight, CmdCardAnswer:
			for _, card := range cardList {
				out = append(out, Ask{Type: t, Card: card})
			}
		case CmdReact:
			for _, card := range cardList {
				for _, k := range []string{"", ReactQuestion, "x"} {
					out = append(out, Ask{Type: t, Card: card, Kind: k})
				}
			}
		case CmdPrompt, CmdTake:
			for _, card := range cardList {
				out = append(out, Ask{Type: t, Card: card})
			}
			for _, k := range kinds {
				out = append(out, Ask{Type: t, Kind: k})
			}
		case CmdSpotlight:
			for _, card := range cardList {
				out = append(out, Ask{Type: t, Card: card})
			}
			for _, id := range actions {
				out = append(out, Ask{Type: t, Action: id})
			}
		case CmdEditAction, CmdDelAction:
			for _, id := range actions {
				out = append(out, Ask{Type: t, Action: id})
			}
		case CmdObserver, CmdHandOver, CmdKick, CmdCoFacilitator:
			for _, id := range seats {
				out = append(out, Ask{Type: t, Seat: id})
			}
		case CmdPhase:
			for _, p := range []Phase{Lobby, Statements, Canvas, Dots, Actions, Free, Report, "x"} {
				out = append(out, Ask{Type: t, Phase: p})
			}
		case CmdTimer:
			for _, k := range []string{"", TimerStart, TimerPause, TimerResume, TimerExtend, TimerStop, "x"} {
				out = append(out, Ask{Type: t, Kind: k})
			}
		default:
			out = append(out, Ask{Type: t})
		}
	}
	return out
}

// TestMayAgreesWithDecide plays random sessions and, after every step, asks for every seat
// what it may do, from its view alone, and compares the answers with Decide's verdicts on the
// room's own state:
//
//   - the command the generator made, exactly (Check) and as a question (Why: a refusal is
//     Decide's refusal of the command; a command Decide accepts is allowed);
//   - every ten steps, every question of every kind, about everything the seat can see.
func TestMayAgreesWithDecide(t *testing.T) {
	games, steps := 40, 300
	if testing.Short() {
		games = 6
	}
	checked := map[CommandType]int{}
	for g := 0; g < games; g++ {
		seed := uint64(g)*104729 + 3
		m := &monkey{r: rand.New(rand.NewPCG(seed, 7)), deck: testDeck().IDs(cards.Kinds[:]...)}
		s := New(testDeck(), seed, DefaultSettings())
		for i := 0; i < steps; i++ {
			actor, c := m.next(s)
			for id := SeatID(1); int(id) <= len(s.Seats); id++ {
				if st := s.seat(id); st.Screen && st.Gone {
					continue // a seat that left holds no view, and the views never list screens
				}
				v := View(s, id)
				w := seesOf(&v)
				w.lateScreen = lateScreen(s, &v)
				p := May(&v, s.Deck)
				truth := &Permissions{s: s, me: id}
				if w.knowable(id, c.Type, c.Card, c.Seat) {
					checked[c.Type]++
					want, got := code(truth.Check(c)), code(p.Check(c))
					if got != want {
						t.Fatalf("game %d step %d seat %d: %s %+v: from the view %q, Decide %q", g, i, id, c.Type, c.Args, got, want)
					}
					c.Version = 0
					a := askOf(c)
					why := code(p.At(c.At).Why(a)) // the countdown to a reveal depends on the time
					verdict := code(truth.Check(c))
					if (why != "" && verdict != why) || (verdict == "" && why != "") {
						t.Fatalf("game %d step %d seat %d: asked %+v, May says %q; Decide on %+v says %q", g, i, id, a, why, c.Args, verdict)
					}
				}
				if i%10 != 0 {
					continue
				}
				for _, a := range asks(s, &v, w) {
					if !w.knowable(id, a.Type, a.Card, a.Seat) {
						continue
					}
					if got, want := code(p.Why(a)), code(truth.Why(a)); got != want {
						t.Fatalf("game %d step %d seat %d: asked %+v: from the view %q, from the state %q", g, i, id, a, got, want)
					}
				}
			}
			if evs, err := Decide(s, actor, c); err == nil {
				for _, e := range evs {
					s.Apply(e)
				}
			}
		}
	}
	for _, ct := range monkeyTypes {
		if checked[ct] == 0 {
			t.Errorf("no %q command was checked", ct)
		}
	}
}

// TestMayTargetless: a question without its card is answered for the cards the seat can
// see, and without any, as Decide answers a command about none.
func TestMayTargetless(t *testing.T) {
	tb := newTable(t, 2)
	tb.must(1, Command{Type: CmdStart})
	for tb.s.Phase != Canvas {
		tb.must(1, Command{Type: CmdNextPhase})
	}
	turn := tb.s.Turn
	other := SeatID(2)
	if turn == 2 {
		other = 3
	}
	may := func(seat SeatID) *Permissions {
		v := View(tb.s, seat)
		return May(&v, tb.s.Deck)
	}
	tests := []struct {
		name string
		seat SeatID
		ask  Ask
		want Code
	}{
		{"the player whose turn it is may play", turn, Ask{Type: CmdPlay}, ""},
		{"another player may not", other, Ask{Type: CmdPlay}, NotYourTurn},
		{"no card on the canvas to react to", other, Ask{Type: CmdReact}, UnknownCard},
		{"no dots in the canvas phase", turn, Ask{Type: CmdDot}, WrongPhase},
		{"the facilitator may skip the turn", 1, Ask{Type: CmdSkipTurn}, ""},
		{"a player may not", other, Ask{Type: CmdSkipTurn}, NotFacilitator},
		{"a player may not undo", other, Ask{Type: CmdUndo}, NotFacilitator},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := code(may(tt.seat).Why(tt.ask)); got != tt.want {
				t.Errorf("Why(%+v) for seat %d = %q, want %q", tt.ask, tt.seat, got, tt.want)
			}
		})
	}
	// A nil view allows nothing.
	if May(nil, nil).Can(Ask{Type: CmdLeave}) {
		t.Error("a nil view may leave")
	}
}

// BenchmarkMay measures what a client pays when a view arrives (May) and for each control it
// shows (Why), in a canvas phase with cards played.
func BenchmarkMay(b *testing.B) {
	tb := newTable(b, 4)
	tb.must(1, Command{Type: CmdStart})
	for tb.s.Phase != Canvas {
		tb.must(1, Command{Type: CmdNextPhase})
	}
	for i := 0; i < 8; i++ {
		turn := tb.s.Turn
		card := tb.s.seat(turn).Hand[0]
		tb.must(turn, Command{Type: CmdPlay, Args: Args{Card: card, Part: cards.Parts[i%4], Text: "reden", Title: "Eigen idee"}})
	}
	v := View(tb.s, 2)
	card := tb.s.Canvas[0].Card
	b.Run("view", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			May(&v, tb.s.Deck)
		}
	})
	p := May(&v, tb.s.Deck)
	b.Run("control", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_ = p.Why(Ask{Type: CmdReact, Card: card})
		}
	})
}

// TestMaySettings: the same settings again change nothing (no_change), yet a facilitator
// may still change them, and the view says so.
func TestMaySettings(t *testing.T) {
	tb := newTable(t, 1)
	same := tb.s.Settings.clone()
	if got := code(tb.do(1, cmd(CmdSettings, Args{Settings: &same}))); got != NoChange {
		t.Fatalf("the same settings: %q, want %q", got, NoChange)
	}
	for _, tt := range []struct {
		seat SeatID
		want bool
	}{{1, true}, {2, false}} {
		v := View(tb.s, tt.seat)
		if got := May(&v, tb.s.Deck).Can(Ask{Type: CmdSettings}); got != tt.want {
			t.Errorf("seat %d may change the settings: %v, want %v", tt.seat, got, tt.want)
		}
	}
}
