package game

import (
	"os"
	"slices"
	"strings"
	"testing"

	"impactkaarten/cards"
)

// Setup steps shared by the rule table. Seat 1 is the facilitator; seats 2.. are players.
func inStatements(tb *table) { tb.must(1, cmd(CmdStart, Args{})) }

func inCanvas(tb *table) { tb.must(1, cmd(CmdPhase, Args{Phase: Canvas})) }

func inDots(tb *table) {
	inCanvas(tb)
	playTurn(tb)
	tb.must(1, cmd(CmdPhase, Args{Phase: Dots}))
}

func inFree(tb *table) { tb.must(1, cmd(CmdPhase, Args{Phase: Free})) }

// playTurn plays the first card of the hand of whoever has the turn onto aanbod.
func playTurn(tb *table) string {
	tb.t.Helper()
	st := tb.s.seat(tb.s.Turn)
	card := st.Hand[0]
	a := Args{Card: card, Part: cards.Aanbod, Text: "Zo bereiken we scholen"}
	if c, _ := tb.s.Deck.Card(card); c.Kind == cards.Blank {
		a.Title = "Eigen app"
	}
	tb.must(st.ID, cmd(CmdPlay, a))
	return card
}

// revealDue lets the countdown to the reveal run out and has the host show the votes.
func revealDue(tb *table) {
	tb.t.Helper()
	tb.now += RevealCountdown
	tb.must(System, cmd(CmdRevealDue, Args{}))
	if r := tb.s.round(); r == nil || !r.Revealed {
		tb.t.Fatalf("the votes are not revealed after the countdown")
	}
}

// firstCardOf returns the first card in the hand of seat id.
func firstCardOf(tb *table, id SeatID) string { return tb.s.seat(id).Hand[0] }

func TestRules(t *testing.T) {
	type tc struct {
		name    string
		players int
		setup   func(tb *table)
		actor   SeatID
		cmd     func(tb *table) Command
		want    Code // "" means accepted
		check   func(t *testing.T, tb *table)
	}
	fixed := func(c Command) func(*table) Command { return func(*table) Command { return c } }
	tests := []tc{
		// Lobby.
		{name: "join adds a seat with a colour", players: 1, actor: System,
			cmd: fixed(cmd(CmdJoin, Args{Name: "  Noor\tde Vries \n", Lang: cards.EN})),
			check: func(t *testing.T, tb *table) {
				st := tb.s.seat(3)
				if st == nil || st.Name != "Noor de Vries" || st.Lang != cards.EN || !st.Connected || st.Color != 2 {
					t.Fatalf("seat 3 = %+v", st)
				}
			}},
		{name: "join by a seat is host only", players: 1, actor: 2,
			cmd: fixed(cmd(CmdJoin, Args{Name: "X"})), want: SystemOnly},
		{name: "join without a name", players: 1, actor: System,
			cmd: fixed(cmd(CmdJoin, Args{Name: " \x00 "})), want: BadValue},
		{name: "join with a too long name", players: 1, actor: System,
			cmd: fixed(cmd(CmdJoin, Args{Name: strings.Repeat("é", MaxName+1)})), want: TooLong},
		{name: "join with an unknown language", players: 1, actor: System,
			cmd: fixed(cmd(CmdJoin, Args{Name: "X", Lang: "de"})), want: BadValue},
		{name: "join a full room", players: MaxSeats - 1, actor: System,
			cmd: fixed(cmd(CmdJoin, Args{Name: "X"})), want: RoomFull},
		{name: "a screen joins without a name and is in no view", players: 2, actor: System,
			cmd: fixed(cmd(CmdJoin, Args{Screen: true})),
			check: func(t *testing.T, tb *table) {
				st := tb.s.seat(4)
				if !st.Screen || !st.Observer {
					t.Fatalf("screen seat %+v", st)
				}
				v := View(tb.s, 1)
				if len(v.Seats) != 3 {
					t.Fatalf("the view lists %d seats, want the 3 participants", len(v.Seats))
				}
				for _, sv := range v.Seats {
					if sv.ID == 4 {
						t.Fatal("the view lists the screen")
					}
				}
			}},
		{name: "a screen cannot become a player", players: 1, actor: 3,
			setup: func(tb *table) { tb.must(System, cmd(CmdJoin, Args{Screen: true})) },
			cmd:   fixed(cmd(CmdObserver, Args{Observer: false})), want: NotAPlayer},
		{name: "the facilitator role is not handed to a screen", players: 1, actor: 1,
			setup: func(tb *table) { tb.must(System, cmd(CmdJoin, Args{Screen: true})) },
			cmd:   fixed(cmd(CmdHandOver, Args{Seat: 3})), want: NotAPlayer},
		{name: "a screen may be kicked", players: 1, actor: 1,
			setup: func(tb *table) { tb.must(System, cmd(CmdJoin, Args{Screen: true})) },
			cmd:   fixed(cmd(CmdKick, Args{Seat: 3}))},
		{name: "late joiner in the canvas gets a hand", players: 2, setup: inCanvas, actor: System,
			cmd: fixed(cmd(CmdJoin, Args{Name: "Laat"})),
			check: func(t *testing.T, tb *table) {
				if n := len(tb.s.seat(4).Hand); n != 3 {
					t.Fatalf("late joiner holds %d cards, want 3", n)
				}
			}},
		{name: "unknown command", players: 1, actor: 2, cmd: fixed(cmd("fly", Args{})), want: UnknownCommand},
		{name: "stale version", players: 1, actor: 2,
			cmd: fixed(Command{Type: CmdRename, Version: 1, Args: Args{Name: "X"}}), want: Stale},
		{name: "current version accepted", players: 1, actor: 2,
			cmd: func(tb *table) Command {
				return Command{Type: CmdRename, Version: tb.s.Version, Args: Args{Name: "Bas"}}
			}},
		{name: "unknown seat", players: 1, actor: 9, cmd: fixed(cmd(CmdRename, Args{Name: "X"})), want: UnknownSeat},
		{name: "rename", players: 1, actor: 2, cmd: fixed(cmd(CmdRename, Args{Name: "Bas"})),
			check: func(t *testing.T, tb *table) {
				if tb.s.seat(2).Name != "Bas" {
					t.Fatal("not renamed")
				}
			}},
		{name: "language", players: 1, actor: 2, cmd: fixed(cmd(CmdLang, Args{Lang: cards.EN})),
			check: func(t *testing.T, tb *table) {
				if tb.s.seat(2).Lang != cards.EN {
					t.Fatal("language not set")
				}
			}},
		{name: "bad language", players: 1, actor: 2, cmd: fixed(cmd(CmdLang, Args{Lang: "fr"})), want: BadValue},
		{name: "become observer", players: 1, actor: 2, cmd: fixed(cmd(CmdObserver, Args{Observer: true})),
			check: func(t *testing.T, tb *table) {
				if !tb.s.seat(2).Observer {
					t.Fatal("not an observer")
				}
			}},
		{name: "observer role unchanged", players: 1, actor: 2, cmd: fixed(cmd(CmdObserver, Args{Observer: false})), want: NoChange},
		{name: "player cannot set another's role", players: 2, actor: 2,
			cmd: fixed(cmd(CmdObserver, Args{Seat: 3, Observer: true})), want: NotFacilitator},
		{name: "facilitator sets another's role", players: 2, actor: 1,
			cmd: fixed(cmd(CmdObserver, Args{Seat: 3, Observer: true}))},
		{name: "settings by a player", players: 1, actor: 2,
			cmd: fixed(cmd(CmdSettings, Args{Settings: &Settings{}})), want: NotFacilitator},
		{name: "settings out of range", players: 1, actor: 1,
			cmd: func(*table) Command {
				st := DefaultSettings()
				st.HandSize = 9
				return cmd(CmdSettings, Args{Settings: &st})
			}, want: BadValue},
		{name: "settings with an unknown phase", players: 1, actor: 1,
			cmd: func(*table) Command {
				st := DefaultSettings()
				st.Phases = []Phase{Report}
				return cmd(CmdSettings, Args{Settings: &st})
			}, want: BadValue},
		{name: "settings", players: 1, actor: 1,
			cmd: func(*table) Command {
				st := DefaultSettings()
				st.Phases, st.HandSize, st.Dots = []Phase{Canvas, Dots}, 4, 5
				return cmd(CmdSettings, Args{Settings: &st})
			},
			check: func(t *testing.T, tb *table) {
				if tb.s.Settings.HandSize != 4 || tb.s.Settings.Dots != 5 || len(tb.s.Settings.Phases) != 2 {
					t.Fatalf("settings = %+v", tb.s.Settings)
				}
			}},
		{name: "settings missing", players: 1, actor: 1, cmd: fixed(cmd(CmdSettings, Args{})), want: BadValue},
		{name: "settings unchanged", players: 1, actor: 1,
			cmd: func(tb *table) Command {
				st := tb.s.Settings.clone()
				return cmd(CmdSettings, Args{Settings: &st})
			}, want: NoChange},
		{name: "settings unchanged but spelled out: the language the room has", players: 1, actor: 1,
			cmd: func(tb *table) Command {
				st := tb.s.Settings.clone()
				st.Lang = ""
				return cmd(CmdSettings, Args{Settings: &st})
			}, want: NoChange},
		{name: "deck in the lobby", players: 1, actor: 1,
			cmd: fixed(cmd(CmdDeck, Args{Deck: testDeck()}))},
		{name: "bad deck", players: 1, actor: 1,
			cmd: fixed(cmd(CmdDeck, Args{Deck: &cards.Deck{ID: "x"}})), want: BadValue},
		{name: "deck after the start", players: 1, setup: inStatements, actor: 1,
			cmd: fixed(cmd(CmdDeck, Args{Deck: testDeck()})), want: WrongPhase},
		{name: "hand over", players: 1, actor: 1, cmd: fixed(cmd(CmdHandOver, Args{Seat: 2})),
			check: func(t *testing.T, tb *table) {
				if tb.s.Facilitator != 2 {
					t.Fatal("not handed over")
				}
			}},
		{name: "hand over to nobody", players: 1, actor: 1, cmd: fixed(cmd(CmdHandOver, Args{Seat: 7})), want: UnknownSeat},
		{name: "hand over to yourself", players: 1, actor: 1, cmd: fixed(cmd(CmdHandOver, Args{Seat: 1})), want: BadValue},
		{name: "kick", players: 2, setup: inCanvas, actor: 1, cmd: fixed(cmd(CmdKick, Args{Seat: 2})),
			check: func(t *testing.T, tb *table) {
				st := tb.s.seat(2)
				if !st.Gone || !st.Kicked || len(st.Hand) != 0 || tb.s.Turn == 2 {
					t.Fatalf("kicked seat = %+v, turn %d", st, tb.s.Turn)
				}
			}},
		{name: "kicked seat cannot act", players: 2,
			setup: func(tb *table) { tb.must(1, cmd(CmdKick, Args{Seat: 2})) },
			actor: 2, cmd: fixed(cmd(CmdRename, Args{Name: "X"})), want: UnknownSeat},
		{name: "player leaves", players: 2, actor: 3, cmd: fixed(cmd(CmdLeave, Args{})),
			check: func(t *testing.T, tb *table) {
				if !tb.s.seat(3).Gone {
					t.Fatal("still there")
				}
			}},
		{name: "facilitator leaves a full room", players: 1, actor: 1, cmd: fixed(cmd(CmdLeave, Args{})), want: MustHandOver},
		{name: "start", players: 1, actor: 1, cmd: fixed(cmd(CmdStart, Args{})),
			check: func(t *testing.T, tb *table) {
				if tb.s.Phase != Statements || tb.s.round() == nil || tb.s.StartAt == 0 {
					t.Fatalf("phase %s, round %v", tb.s.Phase, tb.s.round())
				}
			}},
		{name: "start twice", players: 1, setup: inStatements, actor: 1, cmd: fixed(cmd(CmdStart, Args{})), want: WrongPhase},
		{name: "start by a player", players: 1, actor: 2, cmd: fixed(cmd(CmdStart, Args{})), want: NotFacilitator},
		{name: "start the free table", players: 1,
			setup: func(tb *table) {
				st := DefaultSettings()
				st.FreeTable = true
				tb.must(1, cmd(CmdSettings, Args{Settings: &st}))
			},
			actor: 1, cmd: fixed(cmd(CmdStart, Args{})),
			check: func(t *testing.T, tb *table) {
				if tb.s.Phase != Free {
					t.Fatalf("phase %s", tb.s.Phase)
				}
			}},
		{name: "next phase in the lobby", players: 1, actor: 1, cmd: fixed(cmd(CmdNextPhase, Args{})), want: WrongPhase},
		{name: "next phase", players: 1, setup: inStatements, actor: 1, cmd: fixed(cmd(CmdNextPhase, Args{})),
			check: func(t *testing.T, tb *table) {
				if tb.s.Phase != Canvas || len(tb.s.seat(2).Hand) != 3 || tb.s.Turn != 1 {
					t.Fatalf("phase %s, hand %v, turn %d", tb.s.Phase, tb.s.seat(2).Hand, tb.s.Turn)
				}
			}},
		{name: "next after the last phase ends", players: 1,
			setup: func(tb *table) { tb.must(1, cmd(CmdPhase, Args{Phase: Actions})) },
			actor: 1, cmd: fixed(cmd(CmdNextPhase, Args{})),
			check: func(t *testing.T, tb *table) {
				if tb.s.Phase != Report || !tb.s.Ended {
					t.Fatalf("phase %s", tb.s.Phase)
				}
			}},
		{name: "go to an unknown phase", players: 1, actor: 1, cmd: fixed(cmd(CmdPhase, Args{Phase: "x"})), want: BadValue},
		{name: "go to the lobby", players: 1, actor: 1, cmd: fixed(cmd(CmdPhase, Args{Phase: Lobby})), want: BadValue},
		{name: "end", players: 1, setup: inStatements, actor: 1, cmd: fixed(cmd(CmdEnd, Args{})),
			check: func(t *testing.T, tb *table) {
				if !tb.s.Ended || tb.s.EndAt == 0 {
					t.Fatal("not ended")
				}
			}},
		{name: "end twice", players: 1, setup: func(tb *table) { tb.must(1, cmd(CmdEnd, Args{})) },
			actor: 1, cmd: fixed(cmd(CmdEnd, Args{})), want: SessionEnded},
		{name: "vote after the end", players: 1, setup: func(tb *table) { tb.must(1, cmd(CmdEnd, Args{})) },
			actor: 2, cmd: fixed(cmd(CmdVote, Args{Value: 3})), want: SessionEnded},
		{name: "reopen a phase after the end", players: 1, setup: func(tb *table) { tb.must(1, cmd(CmdEnd, Args{})) },
			actor: 1, cmd: fixed(cmd(CmdPhase, Args{Phase: Actions})),
			check: func(t *testing.T, tb *table) {
				if tb.s.Ended || tb.s.Phase != Actions {
					t.Fatal("not reopened")
				}
			}},

		// Statements.
		{name: "vote", players: 2, setup: inStatements, actor: 2, cmd: fixed(cmd(CmdVote, Args{Value: 4})),
			check: func(t *testing.T, tb *table) {
				if v, ok := tb.s.round().vote(2); !ok || v != 4 || tb.s.round().Revealed {
					t.Fatalf("vote %d %v", v, ok)
				}
			}},
		{name: "change a vote", players: 2,
			setup: func(tb *table) { inStatements(tb); tb.must(2, cmd(CmdVote, Args{Value: 4})) },
			actor: 2, cmd: fixed(cmd(CmdVote, Args{Value: 1})),
			check: func(t *testing.T, tb *table) {
				if v, _ := tb.s.round().vote(2); v != 1 || len(tb.s.round().Votes) != 1 {
					t.Fatalf("votes %v", tb.s.round().Votes)
				}
			}},
		{name: "vote out of range", players: 1, setup: inStatements, actor: 2, cmd: fixed(cmd(CmdVote, Args{Value: 6})), want: BadValue},
		{name: "vote zero", players: 1, setup: inStatements, actor: 2, cmd: fixed(cmd(CmdVote, Args{Value: 0})), want: BadValue},
		{name: "vote in the lobby", players: 1, actor: 2, cmd: fixed(cmd(CmdVote, Args{Value: 3})), want: WrongPhase},
		{name: "observer votes", players: 1,
			setup: func(tb *table) { tb.must(2, cmd(CmdObserver, Args{Observer: true})); inStatements(tb) },
			actor: 2, cmd: fixed(cmd(CmdVote, Args{Value: 3})), want: NotAPlayer},
		{name: "last vote reveals", players: 2,
			setup: func(tb *table) {
				inStatements(tb)
				tb.must(1, cmd(CmdVote, Args{Value: 5}))
				tb.must(2, cmd(CmdVote, Args{Value: 1}))
			},
			actor: 3, cmd: fixed(cmd(CmdVote, Args{Value: 3})),
			check: func(t *testing.T, tb *table) {
				r := tb.s.round()
				if r.Revealed || r.RevealAt != tb.now+RevealCountdown || len(View(tb.s, 2).Rounds[0].Votes) != 0 {
					t.Fatalf("the last vote did not start the countdown with the votes hidden: %+v", r)
				}
				revealDue(tb)
				if r.Result.Apart != [2]SeatID{2, 1} || r.Result.Mean != 3 || r.Result.Distribution != [5]int{1, 0, 1, 0, 1} || r.Result.Of != 3 {
					t.Fatalf("round %+v result %+v", r, r.Result)
				}
			}},
		{name: "offline players do not hold up the reveal", players: 2,
			setup: func(tb *table) {
				inStatements(tb)
				tb.must(System, cmd(CmdDisconnect, Args{Seat: 3}))
				tb.must(1, cmd(CmdVote, Args{Value: 2}))
			},
			actor: 2, cmd: fixed(cmd(CmdVote, Args{Value: 2})),
			check: func(t *testing.T, tb *table) {
				revealDue(tb)
				if r := tb.s.round(); r.Result.Apart != [2]SeatID{} || r.Result.Spread != 0 || r.Result.Of != 2 {
					t.Fatalf("round %+v", r)
				}
			}},
		{name: "a disconnect can complete the vote", players: 2,
			setup: func(tb *table) {
				inStatements(tb)
				tb.must(1, cmd(CmdVote, Args{Value: 2}))
				tb.must(2, cmd(CmdVote, Args{Value: 4}))
			},
			actor: System, cmd: fixed(cmd(CmdDisconnect, Args{Seat: 3})),
			check: func(t *testing.T, tb *table) {
				if tb.s.round().RevealAt == 0 || tb.s.Undo != nil {
					t.Fatal("no countdown to the reveal, or one the facilitator could undo")
				}
				revealDue(tb)
			}},
		{name: "a disconnect does not reveal without the facilitator", players: 2,
			setup: func(tb *table) {
				inStatements(tb)
				tb.must(2, cmd(CmdVote, Args{Value: 4}))
				tb.must(System, cmd(CmdDisconnect, Args{Seat: 1}))
			},
			actor: System, cmd: fixed(cmd(CmdDisconnect, Args{Seat: 3})),
			check: func(t *testing.T, tb *table) {
				if r := tb.s.round(); r.Revealed || r.RevealAt != 0 {
					t.Fatal("revealed with only the voter online and the facilitator gone")
				}
			}},
		{name: "presence already known", players: 1, actor: System, cmd: fixed(cmd(CmdConnect, Args{Seat: 2})),
			check: func(t *testing.T, tb *table) {
				if tb.s.Version != uint64(len(tb.log)) {
					t.Fatal("a no-op changed the version")
				}
			}},
		{name: "presence of an unknown seat", players: 1, actor: System, cmd: fixed(cmd(CmdConnect, Args{Seat: 8})), want: UnknownSeat},
		{name: "presence by a seat", players: 1, actor: 2, cmd: fixed(cmd(CmdDisconnect, Args{Seat: 2})), want: SystemOnly},
		{name: "vote after the reveal", players: 1,
			setup: func(tb *table) { inStatements(tb); tb.must(1, cmd(CmdReveal, Args{})); revealDue(tb) },
			actor: 2, cmd: fixed(cmd(CmdVote, Args{Value: 3})), want: VotingClosed},
		{name: "vote during the countdown", players: 1,
			setup: func(tb *table) { inStatements(tb); tb.must(1, cmd(CmdReveal, Args{})) },
			actor: 2, cmd: fixed(cmd(CmdVote, Args{Value: 3})), want: RevealPending},
		{name: "reveal", players: 2,
			setup: func(tb *table) { inStatements(tb); tb.must(2, cmd(CmdVote, Args{Value: 3})) },
			actor: 1, cmd: fixed(cmd(CmdReveal, Args{})),
			check: func(t *testing.T, tb *table) {
				r := tb.s.round()
				if r.Revealed || r.RevealAt != tb.now+RevealCountdown || tb.log[len(tb.log)-1].Type != EvRevealing {
					t.Fatalf("the reveal did not start the countdown: %+v", r)
				}
				// The host's revealdue before the time changes nothing.
				tb.now += RevealCountdown - 1001
				tb.must(System, cmd(CmdRevealDue, Args{}))
				if r.Revealed {
					t.Fatal("revealed before the countdown ran out")
				}
				revealDue(tb)
				// One of three voted: the result says so.
				if r.Result.Count != 1 || r.Result.Of != 3 {
					t.Fatalf("round %+v result %+v", r, r.Result)
				}
			}},
		{name: "the facilitator reveals by hand", players: 1,
			setup: func(tb *table) {
				st := DefaultSettings()
				st.ManualReveal = true
				tb.must(1, cmd(CmdSettings, Args{Settings: &st}))
				inStatements(tb)
				tb.must(1, cmd(CmdVote, Args{Value: 3}))
			},
			actor: 2, cmd: fixed(cmd(CmdVote, Args{Value: 4})),
			check: func(t *testing.T, tb *table) {
				if r := tb.s.round(); r.RevealAt != 0 || r.Revealed {
					t.Fatalf("everyone voted and the votes show without the facilitator: %+v", r)
				}
			}},
		{name: "reveal during the countdown", players: 1,
			setup: func(tb *table) { inStatements(tb); tb.must(1, cmd(CmdReveal, Args{})) },
			actor: 1, cmd: fixed(cmd(CmdReveal, Args{})), want: RevealPending},
		{name: "next statement during the countdown", players: 1,
			setup: func(tb *table) { inStatements(tb); tb.must(1, cmd(CmdReveal, Args{})) },
			actor: 1, cmd: fixed(cmd(CmdNextCard, Args{})), want: RevealPending},
		{name: "reveal after a countdown the host missed", players: 1,
			setup: func(tb *table) {
				inStatements(tb)
				tb.must(2, cmd(CmdVote, Args{Value: 2}))
				tb.must(1, cmd(CmdReveal, Args{}))
				tb.now += RevealCountdown
			},
			actor: 1, cmd: fixed(cmd(CmdReveal, Args{})),
			check: func(t *testing.T, tb *table) {
				if r := tb.s.round(); !r.Revealed || r.Result.Count != 1 {
					t.Fatalf("round %+v", r)
				}
			}},
		{name: "undo stops the countdown", players: 1,
			setup: func(tb *table) { inStatements(tb); tb.must(1, cmd(CmdReveal, Args{})) },
			actor: 1, cmd: fixed(cmd(CmdUndo, Args{})),
			check: func(t *testing.T, tb *table) {
				if _, ok := RevealDue(tb.s); ok {
					t.Fatal("the countdown still runs")
				}
				tb.now += RevealCountdown
				tb.must(System, cmd(CmdRevealDue, Args{}))
				if tb.s.round().Revealed {
					t.Fatal("revealed after the undo")
				}
			}},
		{name: "revealdue from a seat", players: 1, setup: inStatements, actor: 1,
			cmd: fixed(cmd(CmdRevealDue, Args{})), want: SystemOnly},
		{name: "anonymous votes chosen before the first vote", players: 2,
			setup: func(tb *table) { inStatements(tb) },
			actor: 1, cmd: func(tb *table) Command {
				st := tb.s.Settings
				st.AnonymousVotes = true
				return cmd(CmdSettings, Args{Settings: &st})
			},
			check: func(t *testing.T, tb *table) {
				tb.must(2, cmd(CmdVote, Args{Value: 1}))
				tb.must(3, cmd(CmdVote, Args{Value: 5}))
				tb.must(1, cmd(CmdVote, Args{Value: 3}))
				revealDue(tb)
				r := tb.s.round()
				if r.Result.Apart != [2]SeatID{} || r.Result.Min != 1 || r.Result.Max != 5 || r.Result.Count != 3 {
					t.Fatalf("result %+v", r.Result)
				}
				for seat := SeatID(0); seat <= 4; seat++ {
					rv := View(tb.s, seat).Rounds[0]
					if want := []Vote{{Value: 1}, {Value: 3}, {Value: 5}}; !slices.Equal(rv.Votes, want) || rv.Result.Apart != [2]SeatID{} {
						t.Fatalf("seat %d sees votes %+v, result %+v", seat, rv.Votes, rv.Result)
					}
				}
			}},
		{name: "anonymous votes after the first vote", players: 2,
			setup: func(tb *table) { inStatements(tb); tb.must(2, cmd(CmdVote, Args{Value: 3})) },
			actor: 1, cmd: func(tb *table) Command {
				st := tb.s.Settings
				st.AnonymousVotes = true
				return cmd(CmdSettings, Args{Settings: &st})
			}, want: VotesCast},
		{name: "anonymous votes after a dot", players: 2,
			setup: func(tb *table) { inDots(tb); tb.must(2, cmd(CmdDot, Args{Card: tb.s.Canvas[0].Card})) },
			actor: 1, cmd: func(tb *table) Command {
				st := tb.s.Settings
				st.AnonymousVotes = true
				return cmd(CmdSettings, Args{Settings: &st})
			}, want: VotesCast},
		{name: "one anonymous vote is not revealed", players: 2,
			setup: func(tb *table) {
				st := DefaultSettings()
				st.AnonymousVotes = true
				tb.must(1, cmd(CmdSettings, Args{Settings: &st}))
				inStatements(tb)
				tb.must(2, cmd(CmdVote, Args{Value: 3}))
			},
			actor: 1, cmd: fixed(cmd(CmdReveal, Args{})), want: TooFewVotes},
		{name: "reveal by a player", players: 1, setup: inStatements, actor: 2, cmd: fixed(cmd(CmdReveal, Args{})), want: NotFacilitator},
		{name: "reveal twice", players: 1,
			setup: func(tb *table) { inStatements(tb); tb.must(1, cmd(CmdReveal, Args{})); revealDue(tb) },
			actor: 1, cmd: fixed(cmd(CmdReveal, Args{})), want: VotingClosed},
		{name: "insight", players: 1, setup: inStatements, actor: 1,
			cmd: fixed(cmd(CmdInsight, Args{Text: "We twijfelen over data"})),
			check: func(t *testing.T, tb *table) {
				if tb.s.round().Insight != "We twijfelen over data" {
					t.Fatal("no insight")
				}
			}},
		{name: "insight too long", players: 1, setup: inStatements, actor: 1,
			cmd: fixed(cmd(CmdInsight, Args{Text: strings.Repeat("x", MaxInsight+1)})), want: TooLong},
		{name: "insight on an undiscussed statement", players: 1, setup: inStatements, actor: 1,
			cmd: func(tb *table) Command {
				return cmd(CmdInsight, Args{Card: tb.s.StatementPile[0], Text: "x"})
			}, want: UnknownCard},
		{name: "insight without a statement", players: 1, actor: 1, cmd: fixed(cmd(CmdInsight, Args{Text: "x"})), want: WrongPhase},
		{name: "next statement", players: 1, setup: inStatements, actor: 1, cmd: fixed(cmd(CmdNextCard, Args{})),
			check: func(t *testing.T, tb *table) {
				if len(tb.s.Rounds) != 2 || tb.s.PhaseRounds != 2 {
					t.Fatalf("rounds %d", len(tb.s.Rounds))
				}
			}},
		{name: "no statements left", players: 1,
			setup: func(tb *table) {
				inStatements(tb)
				for len(tb.s.StatementPile) > 0 {
					tb.must(1, cmd(CmdNextCard, Args{}))
				}
			},
			actor: 1, cmd: fixed(cmd(CmdNextCard, Args{})), want: NoCards},
		{name: "next statement outside the phase", players: 1, actor: 1, cmd: fixed(cmd(CmdNextCard, Args{})), want: WrongPhase},

		// Canvas.
		{name: "play", players: 2, setup: inCanvas, actor: 1,
			cmd: func(tb *table) Command {
				return cmd(CmdPlay, Args{Card: firstCardOf(tb, 1), Part: cards.Bereik, Text: "Voor jongeren", Title: "Title"})
			},
			check: func(t *testing.T, tb *table) {
				p := tb.s.Canvas[0]
				if p.Owner != 1 || p.Part != cards.Bereik || p.Reason != "Voor jongeren" || tb.s.Turn != 2 || len(tb.s.seat(1).Hand) != 3 {
					t.Fatalf("placed %+v, turn %d, hand %v", p, tb.s.Turn, tb.s.seat(1).Hand)
				}
				if c, _ := tb.s.Deck.Card(p.Card); c.Kind != cards.Blank && p.Title != "" {
					t.Fatal("a technology card kept a title")
				}
			}},
		{name: "play out of turn", players: 2, setup: inCanvas, actor: 2,
			cmd: func(tb *table) Command {
				return cmd(CmdPlay, Args{Card: firstCardOf(tb, 2), Part: cards.Bereik, Text: "x"})
			}, want: NotYourTurn},
		{name: "play a card not in hand", players: 2, setup: inCanvas, actor: 1,
			cmd: func(tb *table) Command {
				return cmd(CmdPlay, Args{Card: firstCardOf(tb, 2), Part: cards.Bereik, Text: "x"})
			}, want: NotInHand},
		{name: "play an unknown card", players: 2, setup: inCanvas, actor: 1,
			cmd: fixed(cmd(CmdPlay, Args{Card: "nope", Part: cards.Bereik, Text: "x"})), want: UnknownCard},
		{name: "play onto an unknown part", players: 2, setup: inCanvas, actor: 1,
			cmd: func(tb *table) Command {
				return cmd(CmdPlay, Args{Card: firstCardOf(tb, 1), Part: "winst", Text: "x"})
			}, want: BadValue},
		{name: "play without a reason", players: 2, setup: inCanvas, actor: 1,
			cmd: func(tb *table) Command {
				return cmd(CmdPlay, Args{Card: firstCardOf(tb, 1), Part: cards.Impact, Text: " \n "})
			}, want: ReasonRequired},
		{name: "play with a too long reason", players: 2, setup: inCanvas, actor: 1,
			cmd: func(tb *table) Command {
				return cmd(CmdPlay, Args{Card: firstCardOf(tb, 1), Part: cards.Impact, Text: strings.Repeat("a", MaxReason+1)})
			}, want: TooLong},
		{name: "play a blank card without a title", players: 1,
			setup: func(tb *table) {
				inCanvas(tb)
				// Put a blank card in the facilitator's hand.
				st := tb.s.seat(1)
				for i, id := range tb.s.DrawPile {
					if strings.HasPrefix(id, "blank") {
						tb.s.DrawPile[i], st.Hand[0] = st.Hand[0], id
						break
					}
				}
			},
			actor: 1, cmd: func(tb *table) Command {
				return cmd(CmdPlay, Args{Card: firstCardOf(tb, 1), Part: cards.Impact, Text: "x"})
			}, want: TitleRequired},
		{name: "play in the wrong phase", players: 1, setup: inStatements, actor: 1,
			cmd: fixed(cmd(CmdPlay, Args{Card: "tech-1", Part: cards.Impact, Text: "x"})), want: WrongPhase},
		{name: "observer plays", players: 1,
			setup: func(tb *table) { inCanvas(tb); tb.must(1, cmd(CmdObserver, Args{Observer: true})) },
			actor: 1, cmd: fixed(cmd(CmdPlay, Args{Card: "tech-1", Part: cards.Impact, Text: "x"})), want: NotAPlayer},
		{name: "pass", players: 2, setup: inCanvas, actor: 1, cmd: fixed(cmd(CmdPass, Args{})),
			check: func(t *testing.T, tb *table) {
				if tb.s.Turn != 2 {
					t.Fatalf("turn %d", tb.s.Turn)
				}
			}},
		{name: "pass out of turn", players: 2, setup: inCanvas, actor: 3, cmd: fixed(cmd(CmdPass, Args{})), want: NotYourTurn},
		{name: "skip an absent player's turn", players: 2, setup: func(tb *table) { inCanvas(tb); playTurn(tb) },
			actor: 1, cmd: fixed(cmd(CmdSkipTurn, Args{})),
			check: func(t *testing.T, tb *table) {
				if tb.s.Turn != 3 {
					t.Fatalf("turn %d", tb.s.Turn)
				}
			}},
		{name: "skip by a player", players: 2, setup: inCanvas, actor: 2, cmd: fixed(cmd(CmdSkipTurn, Args{})), want: NotFacilitator},
		{name: "the turn wraps", players: 1,
			setup: func(tb *table) { inCanvas(tb); playTurn(tb) },
			actor: 2, cmd: fixed(cmd(CmdPass, Args{})),
			check: func(t *testing.T, tb *table) {
				if tb.s.Turn != 1 {
					t.Fatalf("turn %d", tb.s.Turn)
				}
			}},
		{name: "move own card", players: 1, setup: func(tb *table) { inCanvas(tb); playTurn(tb) }, actor: 1,
			cmd: func(tb *table) Command { return cmd(CmdMove, Args{Card: tb.s.Canvas[0].Card, Part: cards.Inkomsten}) },
			check: func(t *testing.T, tb *table) {
				if tb.s.Canvas[0].Part != cards.Inkomsten {
					t.Fatal("not moved")
				}
			}},
		{name: "move another's card", players: 2,
			setup: func(tb *table) { inCanvas(tb); playTurn(tb); playTurn(tb) }, actor: 3,
			cmd:  func(tb *table) Command { return cmd(CmdMove, Args{Card: tb.s.Canvas[0].Card, Part: cards.Impact}) },
			want: NotOwner},
		{name: "facilitator moves any card", players: 2,
			setup: func(tb *table) { inCanvas(tb); playTurn(tb); playTurn(tb) }, actor: 1,
			cmd: func(tb *table) Command { return cmd(CmdMove, Args{Card: tb.s.Canvas[1].Card, Part: cards.Impact}) }},
		{name: "move to the same column", players: 1, setup: func(tb *table) { inCanvas(tb); playTurn(tb) }, actor: 1,
			cmd:  func(tb *table) Command { return cmd(CmdMove, Args{Card: tb.s.Canvas[0].Card, Part: cards.Aanbod}) },
			want: NoChange},
		{name: "move a card not on the canvas", players: 1, setup: inCanvas, actor: 1,
			cmd:  func(tb *table) Command { return cmd(CmdMove, Args{Card: firstCardOf(tb, 1), Part: cards.Impact}) },
			want: NotOnCanvas},
		{name: "react", players: 1, setup: func(tb *table) { inCanvas(tb); playTurn(tb) }, actor: 2,
			cmd: func(tb *table) Command {
				return cmd(CmdReact, Args{Card: tb.s.Canvas[0].Card, Kind: ReactQuestion, Text: "Wie betaalt?"})
			},
			check: func(t *testing.T, tb *table) {
				if r := tb.s.Canvas[0].Reactions; len(r) != 1 || r[0].Text != "Wie betaalt?" {
					t.Fatalf("reactions %+v", r)
				}
			}},
		{name: "react again withdraws", players: 1,
			setup: func(tb *table) {
				inCanvas(tb)
				playTurn(tb)
				tb.must(2, cmd(CmdReact, Args{Card: tb.s.Canvas[0].Card, Kind: ReactPlus}))
			}, actor: 2,
			cmd: func(tb *table) Command { return cmd(CmdReact, Args{Card: tb.s.Canvas[0].Card, Kind: ReactPlus}) },
			check: func(t *testing.T, tb *table) {
				if len(tb.s.Canvas[0].Reactions) != 0 {
					t.Fatal("not withdrawn")
				}
			}},
		{name: "react to your own card", players: 1, setup: func(tb *table) { inCanvas(tb); playTurn(tb) }, actor: 1,
			cmd:  func(tb *table) Command { return cmd(CmdReact, Args{Card: tb.s.Canvas[0].Card, Kind: ReactPlus}) },
			want: OwnCard},
		{name: "unknown reaction", players: 1, setup: func(tb *table) { inCanvas(tb); playTurn(tb) }, actor: 2,
			cmd:  func(tb *table) Command { return cmd(CmdReact, Args{Card: tb.s.Canvas[0].Card, Kind: "heart"}) },
			want: BadValue},

		// Dots.
		{name: "dot", players: 1, setup: inDots, actor: 2,
			cmd: func(tb *table) Command { return cmd(CmdDot, Args{Card: tb.s.Canvas[0].Card}) },
			check: func(t *testing.T, tb *table) {
				if len(tb.s.Canvas[0].Dots) != 1 {
					t.Fatal("no dot")
				}
			}},
		{name: "no dots left", players: 1,
			setup: func(tb *table) {
				inDots(tb)
				for i := 0; i < 3; i++ {
					tb.must(2, cmd(CmdDot, Args{Card: tb.s.Canvas[0].Card}))
				}
			}, actor: 2,
			cmd:  func(tb *table) Command { return cmd(CmdDot, Args{Card: tb.s.Canvas[0].Card}) },
			want: NoDotsLeft},
		{name: "undot", players: 1,
			setup: func(tb *table) { inDots(tb); tb.must(2, cmd(CmdDot, Args{Card: tb.s.Canvas[0].Card})) }, actor: 2,
			cmd: func(tb *table) Command { return cmd(CmdUndot, Args{Card: tb.s.Canvas[0].Card}) },
			check: func(t *testing.T, tb *table) {
				if len(tb.s.Canvas[0].Dots) != 0 {
					t.Fatal("dot still there")
				}
			}},
		{name: "undot without a dot", players: 1, setup: inDots, actor: 2,
			cmd:  func(tb *table) Command { return cmd(CmdUndot, Args{Card: tb.s.Canvas[0].Card}) },
			want: NoDot},
		{name: "dot outside the phase", players: 1, setup: func(tb *table) { inCanvas(tb); playTurn(tb) }, actor: 2,
			cmd:  func(tb *table) Command { return cmd(CmdDot, Args{Card: tb.s.Canvas[0].Card}) },
			want: WrongPhase},
		{name: "dot on an unknown card", players: 1, setup: inDots, actor: 2,
			cmd: fixed(cmd(CmdDot, Args{Card: "zzz"})), want: UnknownCard},
		{name: "lower dots below what is used", players: 1,
			setup: func(tb *table) {
				inDots(tb)
				tb.must(2, cmd(CmdDot, Args{Card: tb.s.Canvas[0].Card}))
				tb.must(2, cmd(CmdDot, Args{Card: tb.s.Canvas[0].Card}))
			}, actor: 1,
			cmd: func(*table) Command {
				st := DefaultSettings()
				st.Dots = 1
				return cmd(CmdSettings, Args{Settings: &st})
			}, want: BadValue},

		// Actions.
		{name: "add an action", players: 1, setup: inDots, actor: 2,
			cmd: func(tb *table) Command {
				return cmd(CmdAddAction, Args{Card: tb.s.Canvas[0].Card, Text: "Offerte vragen", Seat: 1, Due: "2026-12-15"})
			},
			check: func(t *testing.T, tb *table) {
				a := tb.s.Actions[0]
				if a.ID != 1 || a.OwnerSeat != 1 || a.Due != "2026-12-15" || a.By != 2 {
					t.Fatalf("action %+v", a)
				}
			}},
		{name: "action with a bad date", players: 1, setup: inStatements, actor: 2,
			cmd: fixed(cmd(CmdAddAction, Args{Text: "x", Due: "15-12-2026"})), want: BadValue},
		{name: "action without text", players: 1, setup: inStatements, actor: 2,
			cmd: fixed(cmd(CmdAddAction, Args{Owner: "Directie"})), want: BadValue},
		{name: "action for an unknown owner seat", players: 1, setup: inStatements, actor: 2,
			cmd: fixed(cmd(CmdAddAction, Args{Text: "x", Seat: 9})), want: UnknownSeat},
		{name: "action on a card not on the canvas", players: 1, setup: inStatements, actor: 2,
			cmd: fixed(cmd(CmdAddAction, Args{Text: "x", Card: "tech-1"})), want: NotOnCanvas},
		{name: "edit an action", players: 1,
			setup: func(tb *table) { inStatements(tb); tb.must(2, cmd(CmdAddAction, Args{Text: "x"})) }, actor: 1,
			cmd: fixed(cmd(CmdEditAction, Args{Action: 1, Text: "Agenda maken", Owner: "Bestuur"})),
			check: func(t *testing.T, tb *table) {
				if a := tb.s.Actions[0]; a.Text != "Agenda maken" || a.Owner != "Bestuur" {
					t.Fatalf("action %+v", a)
				}
			}},
		{name: "an action beyond the limit", players: 1,
			setup: func(tb *table) {
				inStatements(tb)
				for i := 0; i < MaxActions; i++ {
					tb.must(2, cmd(CmdAddAction, Args{Text: "x"}))
				}
			}, actor: 2,
			cmd: fixed(cmd(CmdAddAction, Args{Text: "één te veel"})), want: LimitReached},
		{name: "an action after one is removed at the limit", players: 1,
			setup: func(tb *table) {
				inStatements(tb)
				for i := 0; i < MaxActions; i++ {
					tb.must(2, cmd(CmdAddAction, Args{Text: "x"}))
				}
				tb.must(2, cmd(CmdDelAction, Args{Action: 7}))
			}, actor: 2,
			cmd: fixed(cmd(CmdAddAction, Args{Text: "past weer"})),
			check: func(t *testing.T, tb *table) {
				if len(tb.s.Actions) != MaxActions {
					t.Fatalf("%d actions", len(tb.s.Actions))
				}
			}},
		{name: "edit an unknown action", players: 1, setup: inStatements, actor: 1,
			cmd: fixed(cmd(CmdEditAction, Args{Action: 4, Text: "x"})), want: UnknownAction},
		{name: "remove an action", players: 1,
			setup: func(tb *table) { inStatements(tb); tb.must(2, cmd(CmdAddAction, Args{Text: "x"})) }, actor: 2,
			cmd: fixed(cmd(CmdDelAction, Args{Action: 1})),
			check: func(t *testing.T, tb *table) {
				if len(tb.s.Actions) != 0 {
					t.Fatal("not removed")
				}
			}},

		// Who may change an action: its author, the facilitator, the co-facilitator.
		{name: "another player cannot edit an action", players: 2,
			setup: func(tb *table) { inStatements(tb); tb.must(2, cmd(CmdAddAction, Args{Text: "x"})) }, actor: 3,
			cmd: fixed(cmd(CmdEditAction, Args{Action: 1, Text: "y"})), want: NotAuthor},
		{name: "another player cannot remove an action", players: 2,
			setup: func(tb *table) { inStatements(tb); tb.must(2, cmd(CmdAddAction, Args{Text: "x"})) }, actor: 3,
			cmd: fixed(cmd(CmdDelAction, Args{Action: 1})), want: NotAuthor},
		{name: "the owner seat of an action is not its author", players: 2,
			setup: func(tb *table) { inStatements(tb); tb.must(2, cmd(CmdAddAction, Args{Text: "x", Seat: 3})) }, actor: 3,
			cmd: fixed(cmd(CmdDelAction, Args{Action: 1})), want: NotAuthor},
		{name: "the facilitator removes a player's action", players: 2,
			setup: func(tb *table) { inStatements(tb); tb.must(2, cmd(CmdAddAction, Args{Text: "x"})) }, actor: 1,
			cmd: fixed(cmd(CmdDelAction, Args{Action: 1}))},
		{name: "the co-facilitator edits a player's action", players: 2,
			setup: func(tb *table) {
				inStatements(tb)
				tb.must(1, cmd(CmdCoFacilitator, Args{Seat: 3}))
				tb.must(2, cmd(CmdAddAction, Args{Text: "x"}))
			}, actor: 3,
			cmd: fixed(cmd(CmdEditAction, Args{Action: 1, Text: "y"}))},

		// Co-facilitator and stand-in (more in facilitation_test.go).
		{name: "appoint a co-facilitator", players: 2, actor: 1,
			cmd: fixed(cmd(CmdCoFacilitator, Args{Seat: 2})),
			check: func(t *testing.T, tb *table) {
				if tb.s.CoFacilitator != 2 || View(tb.s, 3).CoFacilitator != 2 {
					t.Fatalf("co-facilitator %d", tb.s.CoFacilitator)
				}
			}},
		{name: "a player cannot appoint a co-facilitator", players: 2, actor: 2,
			cmd: fixed(cmd(CmdCoFacilitator, Args{Seat: 3})), want: NotFacilitator},
		{name: "the co-facilitator cannot appoint", players: 2,
			setup: func(tb *table) { tb.must(1, cmd(CmdCoFacilitator, Args{Seat: 2})) }, actor: 2,
			cmd: fixed(cmd(CmdCoFacilitator, Args{Seat: 3})), want: NotFacilitator},
		{name: "the co-facilitator cannot change the settings", players: 2,
			setup: func(tb *table) { tb.must(1, cmd(CmdCoFacilitator, Args{Seat: 2})) }, actor: 2,
			cmd: func(tb *table) Command { st := tb.s.Settings; return cmd(CmdSettings, Args{Settings: &st}) }, want: NotFacilitator},
		{name: "the co-facilitator reveals", players: 2,
			setup: func(tb *table) {
				tb.must(1, cmd(CmdCoFacilitator, Args{Seat: 2}))
				inStatements(tb)
				tb.must(3, cmd(CmdVote, Args{Value: 2}))
			}, actor: 2,
			cmd: fixed(cmd(CmdReveal, Args{}))},
		{name: "a co-facilitator of one's own seat", players: 2, actor: 1,
			cmd: fixed(cmd(CmdCoFacilitator, Args{Seat: 1})), want: BadValue},
		{name: "a co-facilitator not in the room", players: 2, actor: 1,
			cmd: fixed(cmd(CmdCoFacilitator, Args{Seat: 9})), want: UnknownSeat},
		{name: "no co-facilitator to remove", players: 2, actor: 1,
			cmd: fixed(cmd(CmdCoFacilitator, Args{})), want: NoChange},
		{name: "stand-in from a seat", players: 2, actor: 2,
			cmd: fixed(cmd(CmdStandIn, Args{})), want: SystemOnly},
		{name: "stand-in while the facilitator is online", players: 2, actor: System,
			cmd: fixed(cmd(CmdStandIn, Args{})), want: NoChange},
		{name: "stand-in before the hand-over time", players: 2, actor: System,
			setup: func(tb *table) { tb.must(System, cmd(CmdDisconnect, Args{Seat: 1})) },
			cmd:   fixed(cmd(CmdStandIn, Args{})), want: TooEarly},
		{name: "hand-over time out of range", players: 1, actor: 1,
			cmd: func(tb *table) Command {
				st := tb.s.Settings
				st.HandoverSeconds = -2
				return cmd(CmdSettings, Args{Settings: &st})
			}, want: BadValue},

		// The canvas played together (more in together_test.go).
		{name: "a round together after the time is up", players: 2,
			setup: func(tb *table) {
				together(tb, 2)
				tb.must(1, cmd(CmdTimer, Args{Kind: TimerStart, Seconds: 60}))
				tb.now += 60_000
			}, actor: 3,
			cmd: func(tb *table) Command {
				return cmd(CmdPlay, Args{Card: firstCardOf(tb, 3), Part: cards.Impact, Text: "Samen"})
			}, want: TimeUp},

		// Timer.
		{name: "timer start with the phase default", players: 1, setup: inStatements, actor: 1,
			cmd: fixed(cmd(CmdTimer, Args{Kind: TimerStart})),
			check: func(t *testing.T, tb *table) {
				if tm := tb.s.Timer; !tm.Running || tm.EndsAt != tb.now+180_000 {
					t.Fatalf("timer %+v", tm)
				}
			}},
		{name: "timer pause keeps the remaining time", players: 1,
			setup: func(tb *table) { inStatements(tb); tb.must(1, cmd(CmdTimer, Args{Kind: TimerStart, Seconds: 60})) },
			actor: 1, cmd: fixed(cmd(CmdTimer, Args{Kind: TimerPause})),
			check: func(t *testing.T, tb *table) {
				if tm := tb.s.Timer; tm.Running || tm.Remaining != 59_000 {
					t.Fatalf("timer %+v", tm)
				}
			}},
		{name: "timer resume and extend", players: 1,
			setup: func(tb *table) {
				inStatements(tb)
				tb.must(1, cmd(CmdTimer, Args{Kind: TimerStart, Seconds: 60}))
				tb.must(1, cmd(CmdTimer, Args{Kind: TimerPause}))
				tb.must(1, cmd(CmdTimer, Args{Kind: TimerResume}))
			},
			actor: 1, cmd: fixed(cmd(CmdTimer, Args{Kind: TimerExtend, Seconds: 30})),
			check: func(t *testing.T, tb *table) {
				if tm := tb.s.Timer; !tm.Running || tm.EndsAt != tb.now-1000+59_000+30_000 || tm.Duration != 90_000 {
					t.Fatalf("timer %+v now %d", tm, tb.now)
				}
			}},
		{name: "timer pause when stopped", players: 1, setup: inStatements, actor: 1,
			cmd: fixed(cmd(CmdTimer, Args{Kind: TimerPause})), want: NoChange},
		{name: "timer with a bad kind", players: 1, setup: inStatements, actor: 1,
			cmd: fixed(cmd(CmdTimer, Args{Kind: "rewind"})), want: BadValue},
		{name: "timer too long", players: 1, setup: inStatements, actor: 1,
			cmd: fixed(cmd(CmdTimer, Args{Kind: TimerStart, Seconds: MaxSeconds + 1})), want: BadValue},
		{name: "timer by a player", players: 1, setup: inStatements, actor: 2,
			cmd: fixed(cmd(CmdTimer, Args{Kind: TimerStart})), want: NotFacilitator},

		// Prompts.
		{name: "prompt a question", players: 1, setup: inStatements, actor: 1,
			cmd: fixed(cmd(CmdPrompt, Args{Kind: "question"})),
			check: func(t *testing.T, tb *table) {
				if tb.s.Prompt != "q-1" {
					t.Fatalf("prompt %q", tb.s.Prompt)
				}
			}},
		{name: "prompt an unknown kind", players: 1, setup: inStatements, actor: 1,
			cmd: fixed(cmd(CmdPrompt, Args{Kind: "joke"})), want: BadValue},
		{name: "clear a prompt that is not there", players: 1, setup: inStatements, actor: 1,
			cmd: fixed(cmd(CmdPrompt, Args{})), want: NoChange},

		// The spotlight.
		{name: "spotlight the statement face up", players: 1, setup: inStatements, actor: 1,
			cmd: func(tb *table) Command { return cmd(CmdSpotlight, Args{Card: tb.s.Rounds[0].Card}) },
			check: func(t *testing.T, tb *table) {
				sp := View(tb.s, 2).Spotlight
				if sp == nil || sp.Card != tb.s.Rounds[0].Card {
					t.Fatalf("spotlight in the view %+v", sp)
				}
			}},
		{name: "spotlight a card on the canvas", players: 1,
			setup: func(tb *table) { inCanvas(tb); playTurn(tb) }, actor: 1,
			cmd: func(tb *table) Command { return cmd(CmdSpotlight, Args{Card: tb.s.Canvas[0].Card}) }},
		{name: "spotlight a prompt card shown", players: 1,
			setup: func(tb *table) { inStatements(tb); tb.must(1, cmd(CmdPrompt, Args{Kind: "question"})) }, actor: 1,
			cmd: fixed(cmd(CmdSpotlight, Args{Card: "q-1"}))},
		{name: "spotlight an action", players: 1,
			setup: func(tb *table) {
				inStatements(tb)
				tb.must(1, cmd(CmdPhase, Args{Phase: Actions}))
				tb.must(1, cmd(CmdAddAction, Args{Text: "Proef met een livestream"}))
			}, actor: 1,
			cmd: func(tb *table) Command { return cmd(CmdSpotlight, Args{Action: tb.s.Actions[0].ID}) }},
		{name: "clear the spotlight", players: 1,
			setup: func(tb *table) { inStatements(tb); tb.must(1, cmd(CmdSpotlight, Args{Card: tb.s.Rounds[0].Card})) }, actor: 1,
			cmd: fixed(cmd(CmdSpotlight, Args{})),
			check: func(t *testing.T, tb *table) {
				if tb.s.Spotlight != nil {
					t.Fatalf("spotlight %+v", tb.s.Spotlight)
				}
			}},
		{name: "clear a spotlight that is not there", players: 1, setup: inStatements, actor: 1,
			cmd: fixed(cmd(CmdSpotlight, Args{})), want: NoChange},
		{name: "spotlight the same again", players: 1,
			setup: func(tb *table) { inStatements(tb); tb.must(1, cmd(CmdSpotlight, Args{Card: tb.s.Rounds[0].Card})) }, actor: 1,
			cmd: func(tb *table) Command { return cmd(CmdSpotlight, Args{Card: tb.s.Rounds[0].Card}) }, want: NoChange},
		{name: "spotlight in the lobby", players: 1, actor: 1,
			cmd: fixed(cmd(CmdSpotlight, Args{Card: "q-1"})), want: WrongPhase},
		{name: "spotlight by a player", players: 1, setup: inStatements, actor: 2,
			cmd: func(tb *table) Command { return cmd(CmdSpotlight, Args{Card: tb.s.Rounds[0].Card}) }, want: NotFacilitator},
		{name: "spotlight a card not in the deck", players: 1, setup: inStatements, actor: 1,
			cmd: fixed(cmd(CmdSpotlight, Args{Card: "nope"})), want: UnknownCard},
		{name: "spotlight a card the room has not seen", players: 1, setup: inStatements, actor: 1,
			cmd: fixed(cmd(CmdSpotlight, Args{Card: "q-1"})), want: BadValue},
		{name: "spotlight a card and an action", players: 1, setup: inStatements, actor: 1,
			cmd: func(tb *table) Command { return cmd(CmdSpotlight, Args{Card: tb.s.Rounds[0].Card, Action: 1}) }, want: BadValue},
		{name: "spotlight an unknown action", players: 1, setup: inStatements, actor: 1,
			cmd: fixed(cmd(CmdSpotlight, Args{Action: 7})), want: UnknownAction},

		// Undo.
		{name: "undo the facilitator's last command", players: 1,
			setup: func(tb *table) { inStatements(tb); tb.must(1, cmd(CmdNextCard, Args{})) }, actor: 1,
			cmd: fixed(cmd(CmdUndo, Args{})),
			check: func(t *testing.T, tb *table) {
				if len(tb.s.Rounds) != 1 || tb.s.Undo != nil {
					t.Fatalf("rounds %d", len(tb.s.Rounds))
				}
			}},
		{name: "undo after someone else acted", players: 1,
			setup: func(tb *table) { inStatements(tb); tb.must(2, cmd(CmdVote, Args{Value: 2})) }, actor: 1,
			cmd: fixed(cmd(CmdUndo, Args{})), want: NothingToUndo},
		{name: "undo keeps presence", players: 1,
			setup: func(tb *table) {
				inStatements(tb)
				tb.must(1, cmd(CmdNextCard, Args{}))
				tb.must(System, cmd(CmdDisconnect, Args{Seat: 2}))
			}, actor: 1,
			cmd: fixed(cmd(CmdUndo, Args{})),
			check: func(t *testing.T, tb *table) {
				if tb.s.seat(2).Connected || len(tb.s.Rounds) != 1 {
					t.Fatal("presence or rounds wrong after undo")
				}
			}},
		{name: "undo by a player", players: 1, setup: inStatements, actor: 2, cmd: fixed(cmd(CmdUndo, Args{})), want: NotFacilitator},

		// Free table.
		{name: "take a card by kind", players: 1, setup: inFree, actor: 2,
			cmd: fixed(cmd(CmdTake, Args{Kind: "statement"})),
			check: func(t *testing.T, tb *table) {
				if len(tb.s.seat(2).Hand) != 1 {
					t.Fatal("nothing taken")
				}
			}},
		{name: "take a named card", players: 1, setup: inFree, actor: 2,
			cmd: fixed(cmd(CmdTake, Args{Card: "adv-2"})),
			check: func(t *testing.T, tb *table) {
				if !slices.Contains(tb.s.seat(2).Hand, "adv-2") {
					t.Fatal("not taken")
				}
			}},
		{name: "take an unknown card", players: 1, setup: inFree, actor: 2,
			cmd: fixed(cmd(CmdTake, Args{Card: "x"})), want: UnknownCard},
		{name: "take outside the free table", players: 1, setup: inCanvas, actor: 2,
			cmd: fixed(cmd(CmdTake, Args{Kind: "statement"})), want: WrongPhase},
		{name: "place without a reason on the free table", players: 1,
			setup: func(tb *table) { inFree(tb); tb.must(2, cmd(CmdTake, Args{Card: "tech-3"})) }, actor: 2,
			cmd: fixed(cmd(CmdPlay, Args{Card: "tech-3", Part: cards.Impact})),
			check: func(t *testing.T, tb *table) {
				if len(tb.s.Canvas) != 1 {
					t.Fatal("not placed")
				}
			}},
		{name: "discard from the canvas", players: 1,
			setup: func(tb *table) {
				inFree(tb)
				tb.must(2, cmd(CmdTake, Args{Card: "tech-3"}))
				tb.must(2, cmd(CmdPlay, Args{Card: "tech-3", Part: cards.Impact}))
			}, actor: 2,
			cmd: fixed(cmd(CmdDiscard, Args{Card: "tech-3"})),
			check: func(t *testing.T, tb *table) {
				if len(tb.s.Canvas) != 0 || !slices.Contains(tb.s.Discard, "tech-3") {
					t.Fatal("not discarded")
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb := newTable(t, tt.players)
			if tt.setup != nil {
				tt.setup(tb)
			}
			before := mustJSON(t, tb.s)
			version := tb.s.Version
			c := tt.cmd(tb)
			err := tb.do(tt.actor, c)
			if tt.want != "" {
				wantCode(t, err, tt.want)
				if after := mustJSON(t, tb.s); after != before || tb.s.Version != version {
					t.Fatalf("a rejected %s changed the state", c.Type)
				}
				return
			}
			if err != nil {
				t.Fatalf("%s: %v", c.Type, err)
			}
			if tt.check != nil {
				tt.check(t, tb)
			}
		})
	}
}

// TestEveryCodeIsTested keeps the rule table honest: every rule error code the engine
// defines is expected by at least one case above.
func TestEveryCodeIsTested(t *testing.T) {
	src, err := os.ReadFile("rules_test.go")
	if err != nil {
		t.Fatal(err)
	}
	codes, err := os.ReadFile("errors.go")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(string(codes), "\n") {
		f := strings.Fields(line)
		if len(f) < 4 || f[1] != "Code" || f[2] != "=" {
			continue
		}
		n++
		if !strings.Contains(string(src), "want: "+f[0]+"}") && !strings.Contains(string(src), "want: "+f[0]+",") {
			t.Errorf("no rule case expects %s", f[0])
		}
	}
	if n < 20 {
		t.Fatalf("found only %d codes in errors.go", n)
	}
}
