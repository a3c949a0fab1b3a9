package game

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"impactkaarten/cards"
)

// monkey sends random commands, legal and illegal, from random actors.
type monkey struct {
	r    *rand.Rand
	deck []string
}

var monkeyTypes = []CommandType{
	CmdJoin, CmdConnect, CmdDisconnect, CmdLeave, CmdRename, CmdLang, CmdObserver, CmdUndo,
	CmdSettings, CmdDeck, CmdHandOver, CmdKick, CmdStart, CmdNextPhase, CmdPhase, CmdEnd,
	CmdReveal, CmdInsight, CmdNextCard, CmdSkipTurn, CmdPrompt, CmdSpotlight, CmdTimer,
	CmdVote, CmdPlay, CmdPass, CmdMove, CmdReact, CmdDot, CmdUndot,
	CmdAddAction, CmdEditAction, CmdDelAction, CmdTake, CmdDiscard, "bogus",
	CmdAnswer,
	CmdCoFacilitator, CmdStandIn, CmdStandIn, CmdCardAnswer, CmdCardAnswer,
	CmdRevealDue,
}

// weighted favours the commands that move a session forward, so random runs reach every phase.
var weighted = []CommandType{CmdVote, CmdVote, CmdVote, CmdPlay, CmdPlay, CmdPlay, CmdPlay, CmdDot, CmdDot,
	CmdDot, CmdReact, CmdMove, CmdPass, CmdAddAction, CmdNextPhase, CmdPhase, CmdStart, CmdStart, CmdTake, CmdTake, CmdAnswer, CmdSettings}

func (m *monkey) pick(list []string) string {
	if len(list) == 0 || m.r.IntN(10) == 0 {
		return m.deck[m.r.IntN(len(m.deck))]
	}
	return list[m.r.IntN(len(list))]
}

func (m *monkey) text() string {
	switch m.r.IntN(6) {
	case 0:
		return ""
	case 1:
		return strings.Repeat("ë", m.r.IntN(300))
	case 2:
		return "line\none\x00\ttwo  \u2028"
	default:
		return fmt.Sprintf("reden %d", m.r.IntN(1000))
	}
}

func (m *monkey) next(s *State) (SeatID, Command) {
	var t CommandType
	if m.r.IntN(2) == 0 {
		t = weighted[m.r.IntN(len(weighted))]
	} else {
		t = monkeyTypes[m.r.IntN(len(monkeyTypes))]
	}
	actor := SeatID(m.r.IntN(len(s.Seats) + 2))
	switch {
	case t == CmdJoin || t == CmdConnect || t == CmdDisconnect || t == CmdStandIn || t == CmdRevealDue:
		if m.r.IntN(8) > 0 {
			actor = System
		}
	case t == CmdPlay || t == CmdPass:
		if m.r.IntN(4) > 0 && s.Turn != 0 {
			actor = s.Turn
		}
	case m.r.IntN(3) == 0:
		actor = s.Facilitator
	}
	c := Command{Type: t, At: int64(1_700_000_000_000 + m.r.IntN(1_000_000_000))}
	if m.r.IntN(20) == 0 {
		c.Version = uint64(m.r.IntN(int(s.Version) + 2))
	}
	var hand []string
	if st := s.seat(actor); st != nil {
		hand = st.Hand
	}
	var canvas []string
	for _, p := range s.Canvas {
		canvas = append(canvas, p.Card)
	}
	a := &c.Args
	a.Seat = SeatID(m.r.IntN(len(s.Seats) + 2))
	a.Value = m.r.IntN(8) - 1
	a.Text = m.text()
	a.Part = cards.Parts[m.r.IntN(4)]
	if m.r.IntN(15) == 0 {
		a.Part = "nergens"
	}
	switch t {
	case CmdJoin:
		a.Name = fmt.Sprintf("Speler %d", m.r.IntN(100))
		a.Observer = m.r.IntN(5) == 0
		// Half the observers are screens, told by the name's length rather than by another
		// draw, which would change every later random session.
		a.Screen = a.Observer && len(a.Name)%2 == 0
		a.Facilitator = len(s.Seats) == 0 || m.r.IntN(20) == 0
	case CmdRename:
		a.Name = m.text()
	case CmdAnswer:
		if m.r.IntN(3) > 0 {
			actor = SeatID(1 + m.r.IntN(max(1, len(s.Seats))))
		}
	case CmdLang:
		a.Lang = []cards.Lang{cards.NL, cards.EN, "de"}[m.r.IntN(3)]
	case CmdObserver:
		a.Observer = m.r.IntN(2) == 0
	case CmdSettings:
		st := DefaultSettings()
		st.HandSize = m.r.IntN(9)
		st.Dots = m.r.IntN(6)
		st.FreeTable = m.r.IntN(5) == 0
		// Told by draws made already, so that the sessions stay as they were.
		st.AnonymousVotes = st.HandSize%2 == 0
		st.ManualReveal = st.Dots == 5
		if m.r.IntN(2) == 0 {
			st.Phases = []Phase{Canvas, Dots}
		}
		m.shape(s, &st)
		st.HandoverSeconds = []int{0, HandoverOff, 1, 60}[m.r.IntN(4)]
		st.CanvasTogether = m.r.IntN(3) == 0
		st.CanvasCards = m.r.IntN(4)
		a.Settings = &st
	case CmdDeck:
		a.Deck = testDeck()
	case CmdPhase:
		a.Phase = []Phase{Lobby, Statements, Canvas, Dots, Actions, Free, Report, "x", Opening, Closing}[m.r.IntN(10)]
	case CmdPlay:
		a.Card = m.pick(hand)
		a.Title = "Eigen idee"
	case CmdSpotlight:
		if m.r.IntN(4) > 0 {
			a.Card = m.pick(append(canvas, hand...))
		}
	case CmdMove, CmdDot, CmdUndot, CmdDiscard:
		a.Card = m.pick(append(canvas, hand...))
	case CmdReact:
		a.Card = m.pick(canvas)
		a.Kind = []string{ReactPlus, ReactQuestion, ReactConcern, "x"}[m.r.IntN(4)]
	case CmdInsight:
		if m.r.IntN(2) == 0 && len(s.Rounds) > 0 {
			a.Card = s.Rounds[m.r.IntN(len(s.Rounds))].Card
		}
	case CmdCardAnswer:
		a.Card = m.pick(s.Shown)
	case CmdPrompt, CmdTake:
		a.Kind = []string{"question", "advice", "statement", "technology", "blank", ""}[m.r.IntN(6)]
		if m.r.IntN(3) == 0 {
			a.Card = m.pick(nil)
		}
	case CmdTimer:
		a.Kind = []string{TimerStart, TimerPause, TimerResume, TimerExtend, TimerStop, "x"}[m.r.IntN(6)]
		a.Seconds = m.r.IntN(300)
	case CmdAddAction, CmdEditAction, CmdDelAction:
		a.Action = m.r.IntN(s.NextAction + 2)
		a.Card = m.pick(canvas)
		if m.r.IntN(2) == 0 {
			a.Card = ""
		}
		a.Due = []string{"", "2026-12-01", "morgen"}[m.r.IntN(3)]
	}
	return actor, c
}

// randomSettings are the settings a random session starts with: a third of them with
// anonymous votes, some with the reveal left to the facilitator.
func randomSettings(g int) Settings {
	st := DefaultSettings()
	st.AnonymousVotes = g%3 == 1
	st.ManualReveal = g%5 == 2
	return st
}

// checkViews verifies that no seat's view leaks another seat's hand, the order of a
// face-down pile, or the value of an unrevealed vote.
func checkViews(t *testing.T, s *State) {
	t.Helper()
	for id := SeatID(0); int(id) <= len(s.Seats); id++ {
		v := View(s, id)
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		js := string(b)
		// A relay encodes the two parts of a view apart and joins them: the same bytes.
		table, err := json.Marshal(v.TableView)
		if err != nil {
			t.Fatal(err)
		}
		own, err := json.Marshal(v.OwnView)
		if err != nil {
			t.Fatal(err)
		}
		if joined := string(AppendJoined(nil, table, own)); joined != js {
			t.Fatalf("the view of seat %d joined from its parts differs:\n%s\nwhole:\n%s", id, joined, js)
		}
		// The hash is FNV-1a of the bytes docs/protocol.md names ("The view hash"): the
		// table part's encoding without its actions, each action's hash in hex, the own
		// part's encoding; however the host comes by them.
		if want := viewHashOf(t, v); v.Hash() != want || OwnHash(StateTableHash(s, nil), &v.OwnView) != want {
			t.Fatalf("the view of seat %d hashes to %x (from the state %x), not to %x, its encoding's", id, v.Hash(), OwnHash(StateTableHash(s, nil), &v.OwnView), want)
		}
		if whole := View(s, id); !reflect.DeepEqual(whole.TableView, Table(s)) || !reflect.DeepEqual(whole.OwnView, Own(s, id)) {
			t.Fatalf("the view of seat %d is not its table and own parts", id)
		}
		secret := append(append([]string(nil), s.DrawPile...), s.StatementPile...)
		for _, st := range s.Seats {
			if st.ID != id {
				secret = append(secret, st.Hand...)
			}
		}
		// Chosen statements are public: the facilitator laid them out for everyone to see.
		secret = slices.DeleteFunc(secret, func(id string) bool { return slices.Contains(s.Settings.Chosen, id) })
		for _, card := range secret {
			if strings.Contains(js, `"`+card+`"`) {
				t.Fatalf("the view of seat %d contains the secret card %q", id, card)
			}
		}
		if s.Settings.AnonymousVotes {
			// Dots are votes too: the canvas says how many, not whose; each seat its own.
			for _, p := range v.Canvas {
				for _, d := range p.Dots {
					if d != 0 {
						t.Fatalf("the view of seat %d names seat %d's dot on %s", id, d, p.Card)
					}
				}
			}
			for _, sv := range v.Seats {
				if sv.DotsUsed != 0 {
					t.Fatalf("the view of seat %d counts seat %d's dots", id, sv.ID)
				}
			}
			if want := myDots(s.Canvas, id); id != System && !reflect.DeepEqual(v.MyDots, want) {
				t.Fatalf("seat %d's own dots %v, want %v", id, v.MyDots, want)
			}
		}
		for i, r := range s.Rounds {
			rv := v.Rounds[i]
			if r.Revealed && s.Settings.AnonymousVotes {
				// No link between a vote and a seat: no seat on a vote, no pair furthest apart.
				for _, vote := range rv.Votes {
					if vote.Seat != 0 {
						t.Fatalf("the view of seat %d links an anonymous vote to seat %d", id, vote.Seat)
					}
				}
				if rv.Result == nil || rv.Result.Apart != [2]SeatID{} || len(rv.Votes) == 1 {
					t.Fatalf("the view of seat %d shows an anonymous result %+v of %d votes", id, rv.Result, len(rv.Votes))
				}
			}
			if r.Revealed {
				continue
			}
			own, _ := r.vote(id)
			if len(rv.Votes) != 0 || rv.Result != nil || (id != System && rv.MyVote != own) || (id == System && rv.MyVote != 0) {
				t.Fatalf("the view of seat %d shows votes of an unrevealed statement: %+v", id, rv)
			}
		}
	}
}

// TestRandomSessions plays thousands of random command sequences and checks the invariants
// after every step: no panic, every card in one place, dots within the limit, versions
// growing, rejected commands changing nothing, views leaking nothing, and a replay of the
// events giving the same state.
func TestRandomSessions(t *testing.T) {
	games, steps := 60, 400
	if testing.Short() {
		games = 10
	}
	for g := 0; g < games; g++ {
		seed := uint64(g)*7919 + 1
		m := &monkey{r: rand.New(rand.NewPCG(seed, 99)), deck: testDeck().IDs(cards.Kinds[:]...)}
		s := New(testDeck(), seed, randomSettings(g))
		initial := s.Clone()
		var log []Event
		for i := 0; i < steps; i++ {
			actor, c := m.next(s)
			before, version := mustJSON(t, s), s.Version
			evs, err := Decide(s, actor, c)
			if err != nil {
				if _, ok := err.(*Error); !ok {
					t.Fatalf("game %d step %d: %s gave a %T, not a rule error: %v", g, i, c.Type, err, err)
				}
				if mustJSON(t, s) != before || s.Version != version {
					t.Fatalf("game %d step %d: rejected %s changed the state", g, i, c.Type)
				}
				continue
			}
			for _, e := range evs {
				s.Apply(e)
				log = append(log, e)
				if s.Version != e.Version || s.Version <= version {
					t.Fatalf("game %d step %d: version %d after %d", g, i, s.Version, version)
				}
			}
			if err := s.CheckInvariants(); err != nil {
				t.Fatalf("game %d step %d after %s by %d: %v", g, i, c.Type, actor, err)
			}
			if i%10 == 0 {
				checkViews(t, s)
			}
		}
		replay := initial
		for _, e := range log {
			replay.Apply(e)
		}
		if a, b := mustJSON(t, replay), mustJSON(t, s); a != b {
			t.Fatalf("game %d: replaying %d events gives another state", g, len(log))
		}
	}
}

// shape gives random settings a session shape: a title, chosen and written statements,
// the opening and closing rounds; kept from the room's settings half the time, so that a
// laid-out session can still change its other settings.
func (m *monkey) shape(s *State, st *Settings) {
	if m.r.IntN(2) == 0 {
		cur := s.Settings.clone()
		st.Title, st.Chosen, st.Written = cur.Title, cur.Chosen, cur.Written
		st.Opening, st.Closing = cur.Opening, cur.Closing
		return
	}
	st.Title = m.text()
	st.Opening, st.Closing = m.r.IntN(2) == 0, m.r.IntN(2) == 0
	st.OpeningQuestion = m.text()
	st.Written = nil
	for range m.r.IntN(3) {
		st.Written = append(st.Written, m.text())
	}
	statements := s.Deck.IDs(cards.Statement)
	st.Chosen = nil
	for range m.r.IntN(5) {
		switch m.r.IntN(4) {
		case 0:
			st.Chosen = append(st.Chosen, WrittenID(m.r.IntN(3)))
		case 1:
			st.Chosen = append(st.Chosen, m.pick(nil))
		default:
			st.Chosen = append(st.Chosen, statements[m.r.IntN(len(statements))])
		}
	}
}

// viewHashOf is the view hash as docs/protocol.md defines it, from json.Marshal's encodings.
func viewHashOf(t *testing.T, v PlayerView) uint64 {
	t.Helper()
	rest := v.TableView
	rest.Actions = nil
	table, err := json.Marshal(rest)
	if err != nil {
		t.Fatal(err)
	}
	h := fnv1a(fnvOffset, table)
	for _, a := range v.Actions {
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		h = fnv1a(h, []byte(fmt.Sprintf("%016x", fnv1a(fnvOffset, b))))
	}
	own, err := json.Marshal(v.OwnView)
	if err != nil {
		t.Fatal(err)
	}
	return fnv1a(h, own)
}
