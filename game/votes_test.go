package game

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// TestAnonymousVotesLinkNothing plays random statement rounds with anonymous votes (votes,
// changed votes, reveals, the host's revealdue early and late, seats going offline, leaving,
// turning observer, the next statement) and checks, for every event and every seat, that
// neither the event as the seat receives it nor the seat's view links a vote to a seat:
// values only in the voter's own event and view, revealed votes without seats and in the
// order of their values, no pair furthest apart, never a single vote revealed. It checks
// the redaction property too, so that a view kept from events is the view sent whole.
func TestAnonymousVotesLinkNothing(t *testing.T) {
	games, steps := 300, 120
	if testing.Short() {
		games = 60
	}
	reveals := 0
	for g := 0; g < games; g++ {
		r := rand.New(rand.NewPCG(uint64(g), 11))
		tb := newTable(t, 1+r.IntN(7))
		st := DefaultSettings()
		st.AnonymousVotes = true
		st.ManualReveal = r.IntN(3) == 0
		tb.must(1, cmd(CmdSettings, Args{Settings: &st}))
		inStatements(tb)
		for i := 0; i < steps; i++ {
			seat := SeatID(1 + r.IntN(len(tb.s.Seats)))
			var actor SeatID
			var c Command
			switch r.IntN(10) {
			case 0:
				actor, c = 1, cmd(CmdReveal, Args{})
			case 1:
				tb.now += int64(r.IntN(2 * RevealCountdown))
				actor, c = System, cmd(CmdRevealDue, Args{})
			case 2:
				actor, c = 1, cmd(CmdNextCard, Args{})
			case 3:
				typ := CmdDisconnect
				if r.IntN(2) == 0 {
					typ = CmdConnect
				}
				actor, c = System, cmd(typ, Args{Seat: seat})
			case 4:
				actor, c = seat, cmd(CmdObserver, Args{Observer: r.IntN(2) == 0})
				if r.IntN(4) == 0 && seat != 1 {
					c = cmd(CmdLeave, Args{})
				}
			default:
				actor, c = seat, cmd(CmdVote, Args{Value: 1 + r.IntN(5)})
			}
			tb.now += 1000
			c.At = tb.now
			evs, err := Decide(tb.s, actor, c)
			if err != nil {
				continue
			}
			for _, e := range evs {
				seats := len(tb.s.Seats) + 1
				before := make([]PlayerView, seats)
				for id := range before {
					before[id] = View(tb.s, SeatID(id))
				}
				mark := Mark(tb.s)
				tb.s.Apply(e)
				if e.Type == EvRevealed {
					reveals++
				}
				red := NewRedaction(mark, tb.s, e)
				for id := range before {
					seat := SeatID(id)
					ve := red.For(seat)
					if got, want := ApplyView(before[id], ve), View(tb.s, seat); !reflect.DeepEqual(mustJSON(t, got), mustJSON(t, want)) {
						t.Fatalf("game %d step %d: %s for seat %d: the view kept from events differs", g, i, e.Type, seat)
					}
					if e.Type == EvVoted && seat != e.Actor && ve.Value != 0 {
						t.Fatalf("game %d step %d: the value of seat %d's vote reaches seat %d", g, i, e.Actor, seat)
					}
					if ve.Reveal != nil {
						checkAnonymous(t, ve.Reveal.Votes, &ve.Reveal.Result, "the reveal event for seat", seat)
					}
					v := View(tb.s, seat)
					for _, rv := range v.Rounds {
						if rv.Revealed {
							checkAnonymous(t, rv.Votes, rv.Result, "the view of seat", seat)
						}
					}
				}
			}
		}
	}
	if reveals < games/2 {
		t.Fatalf("only %d reveals in %d sessions: the property was hardly checked", reveals, games)
	}
}

// checkAnonymous fails if revealed anonymous votes or their result name a seat, keep an
// order other than that of their values, or are a single vote.
func checkAnonymous(t *testing.T, votes []Vote, res *VoteResult, where string, seat SeatID) {
	t.Helper()
	if len(votes) == 1 {
		t.Fatalf("%s %d reveals a single anonymous vote", where, seat)
	}
	for i, v := range votes {
		if v.Seat != 0 || (i > 0 && votes[i-1].Value > v.Value) {
			t.Fatalf("%s %d links anonymous votes to seats: %+v", where, seat, votes)
		}
	}
	if wire := mustJSON(t, votes); strings.Contains(wire, `"seat"`) {
		t.Fatalf("%s %d: anonymous votes carry a seat on the wire: %s", where, seat, wire)
	}
	if res == nil || res.Apart != [2]SeatID{} || res.Count != len(votes) {
		t.Fatalf("%s %d: result %+v of %d anonymous votes", where, seat, res, len(votes))
	}
}

// TestRevealCountdownIsPublic checks that every seat learns when the votes show, from the
// vote that completed them and from the facilitator's reveal, and nothing of the values
// before that time.
func TestRevealCountdownIsPublic(t *testing.T) {
	tb := newTable(t, 2)
	inStatements(tb)
	tb.must(2, cmd(CmdVote, Args{Value: 4}))
	tb.must(3, cmd(CmdVote, Args{Value: 2}))
	mark := Mark(tb.s)
	tb.now += 1000
	evs, err := Decide(tb.s, 1, Command{Type: CmdVote, At: tb.now, Args: Args{Value: 3}})
	if err != nil {
		t.Fatal(err)
	}
	tb.s.Apply(evs[0])
	red := NewRedaction(mark, tb.s, evs[0])
	for seat := SeatID(0); seat <= 3; seat++ {
		ve := red.For(seat)
		if ve.RevealAt != tb.now+RevealCountdown || ve.Reveal != nil {
			t.Fatalf("seat %d: the last vote's event %s", seat, mustJSON(t, ve))
		}
		rv := View(tb.s, seat).Rounds[0]
		if rv.RevealAt != tb.now+RevealCountdown || rv.Revealed || rv.Votes != nil || rv.Result != nil {
			t.Fatalf("seat %d sees %+v during the countdown", seat, rv)
		}
		js := mustJSON(t, View(tb.s, seat))
		if strings.Contains(js, `"votes"`) || strings.Contains(js, `"result"`) {
			t.Fatalf("seat %d's view holds votes during the countdown: %s", seat, js)
		}
	}
}

func TestAnonymityOpen(t *testing.T) {
	tb := newTable(t, 1)
	inStatements(tb)
	v := View(tb.s, 1)
	if !AnonymityOpen(&v) {
		t.Fatal("closed before any vote")
	}
	tb.must(2, cmd(CmdVote, Args{Value: 3}))
	for seat := SeatID(0); seat <= 2; seat++ {
		v := View(tb.s, seat)
		if AnonymityOpen(&v) {
			t.Fatalf("seat %d: open after a vote", seat)
		}
	}
	st := tb.s.Settings
	st.AnonymousVotes = true
	wantCode(t, tb.do(1, cmd(CmdSettings, Args{Settings: &st})), VotesCast)
}

func TestLeft(t *testing.T) {
	tests := []struct {
		name  string
		setup func(tb *table)
		want  Unfinished
	}{
		{name: "lobby", setup: func(*table) {}, want: Unfinished{}},
		{name: "statements: the planned ones, the one face up included", setup: inStatements,
			want: Unfinished{Statements: DefaultSettings().Statements}},
		{name: "statements: one revealed", setup: func(tb *table) {
			inStatements(tb)
			tb.must(2, cmd(CmdVote, Args{Value: 3}))
			tb.must(1, cmd(CmdReveal, Args{}))
			revealDue(tb)
		}, want: Unfinished{Statements: DefaultSettings().Statements - 1}},
		{name: "statements: no more than the deck holds", setup: func(tb *table) {
			st := DefaultSettings()
			st.Statements = 50
			tb.must(1, cmd(CmdSettings, Args{Settings: &st}))
			inStatements(tb)
		}, want: Unfinished{Statements: 6}},
		{name: "canvas: players without a card", setup: func(tb *table) { inCanvas(tb); playTurn(tb) },
			want: Unfinished{Unplayed: 2}},
		{name: "dots: dots not placed", setup: func(tb *table) {
			inDots(tb)
			tb.must(2, cmd(CmdDot, Args{Card: tb.s.Canvas[0].Card}))
		}, want: Unfinished{Dots: 3*DefaultSettings().Dots - 1}},
		{name: "actions: none agreed", setup: func(tb *table) { tb.must(1, cmd(CmdPhase, Args{Phase: Actions})) },
			want: Unfinished{NoActions: true}},
		{name: "actions: one without an owner", setup: func(tb *table) {
			tb.must(1, cmd(CmdPhase, Args{Phase: Actions}))
			tb.must(2, cmd(CmdAddAction, Args{Text: "Pilot met de bibliotheek"}))
			tb.must(2, cmd(CmdAddAction, Args{Text: "Subsidie aanvragen", Seat: 3}))
		}, want: Unfinished{Unowned: 1}},
		{name: "free table", setup: inFree, want: Unfinished{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTable(t, 2)
			tt.setup(tb)
			for seat := SeatID(0); seat <= 3; seat++ {
				v := View(tb.s, seat)
				if got := Left(&v); got != tt.want {
					t.Fatalf("seat %d: Left = %+v, want %+v", seat, got, tt.want)
				}
			}
			v := View(tb.s, 0)
			if got := Left(&v); got.Empty() != (tt.want == Unfinished{}) {
				t.Fatalf("Empty() = %v for %+v", got.Empty(), got)
			}
		})
	}
}

// TestStoredRoundsLoad checks that a room stored before the reveal's countdown and the
// vote settings existed loads as it was: nothing of them is stored until used, and the
// votes of such a room are revealed by themselves, with names.
func TestStoredRoundsLoad(t *testing.T) {
	tb := newTable(t, 1)
	inStatements(tb)
	js := mustJSON(t, tb.s)
	for _, field := range []string{"revealAt", "manualReveal", "anonymousVotes", `"of"`} {
		if strings.Contains(js, field) {
			t.Fatalf("a room that never used %s stores it: %s", field, js)
		}
	}
	var loaded State
	if err := json.Unmarshal([]byte(js), &loaded); err != nil {
		t.Fatal(err)
	}
	loaded.Deck.Index()
	tb.s = &loaded
	tb.must(1, cmd(CmdVote, Args{Value: 1}))
	tb.must(2, cmd(CmdVote, Args{Value: 5}))
	revealDue(tb)
	if res := tb.s.round().Result; res.Apart != [2]SeatID{1, 2} || res.Of != 2 {
		t.Fatalf("result %+v", res)
	}
}
