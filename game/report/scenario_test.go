package report

import (
	"slices"
	"testing"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game"
)

// The scripted session of the tests: a facilitator and three players (one of whom leaves)
// and a big screen, on 25 November 2026 from 10:00 CET. Every command goes through
// game.Decide and State.Apply with a fixed clock, so the session, and so every golden file,
// is the same on every run.

// cet is the session's time zone, fixed so that the tests need no time zone database.
var cet = time.FixedZone("CET", 3600)

// sessionStart is 25 November 2026, 10:00 CET, when the facilitator starts the session.
var sessionStart = time.Date(2026, 11, 25, 10, 0, 0, 0, cet)

// clockStart is when the first player joins, so that the joins and the start (see joinAll
// and the first step) bring the clock to exactly sessionStart.
var clockStart = sessionStart.Add(-140 * time.Second)

// Seats of the scripted session.
const (
	fenna    game.SeatID = 1 // facilitator, plays too
	zoe      game.SeatID = 2
	jeroen   game.SeatID = 3
	danielle game.SeatID = 4 // leaves after the canvas
	screen   game.SeatID = 5 // the big screen: an observer
)

// The texts players type, with characters HTML and Markdown must escape.
const (
	jeroenReason = `Samen met "Theater & Co" <live> streamen, *niet* alleen`
	ownTitle     = "Makerspodcast"
	actionQuote  = `Offerte "Theater & Co" opvragen <vóór kerst>`
)

// scenario is a session under test and the clock the host stamps on commands.
type scenario struct {
	t   testing.TB
	s   *game.State
	now time.Time
	log []game.Event
	// unrevealed is the card of the statement whose votes were never revealed.
	unrevealed string
	// ownIdea is the blank card Zoë titled.
	ownIdea string
	// played are the cards on the canvas, in play order.
	played []string
}

// do runs a command after the clock advanced by step, and applies its events.
func (sc *scenario) do(actor game.SeatID, step time.Duration, typ game.CommandType, a game.Args) {
	sc.t.Helper()
	sc.now = sc.now.Add(step)
	evs, err := game.Decide(sc.s, actor, game.Command{Type: typ, At: sc.now.UnixMilli(), Args: a})
	if err != nil {
		sc.t.Fatalf("%s by seat %d: %v", typ, actor, err)
	}
	for _, e := range evs {
		sc.s.Apply(e)
		sc.log = append(sc.log, e)
	}
	if at, ok := game.RevealDue(sc.s); ok {
		// The host shows the votes when the countdown to the reveal has run out (the
		// script's clock, which times the session, goes on from the command).
		evs, err := game.Decide(sc.s, game.System, game.Command{Type: game.CmdRevealDue, At: at})
		if err != nil || len(evs) != 1 {
			sc.t.Fatalf("revealdue: %v %v", evs, err)
		}
		sc.s.Apply(evs[0])
		sc.log = append(sc.log, evs[0])
	}
}

// blankSeed finds the first seed from 1 with which Zoë is dealt a blank card, so that the
// script can play an own idea whatever the default deck holds. The deal depends only on the
// seed, the seats and the two shuffles (statements, then the draw pile), which this repeats.
func blankSeed(t testing.TB, deck *cards.Deck) uint64 {
	t.Helper()
	for seed := uint64(1); seed < 500; seed++ {
		sc := &scenario{t: t, s: game.New(deck, seed, game.DefaultSettings()), now: clockStart}
		sc.joinAll()
		sc.do(fenna, time.Second, game.CmdStart, game.Args{})
		sc.do(fenna, time.Second, game.CmdPhase, game.Args{Phase: game.Canvas})
		for _, id := range sc.s.Seats[zoe-1].Hand {
			if c, _ := deck.Card(id); c.Kind == cards.Blank {
				return seed
			}
		}
	}
	t.Fatal("no seed below 500 deals Zoë a blank card; does the default deck still hold blank cards?")
	return 0
}

func (sc *scenario) joinAll() {
	sc.do(game.System, 0, game.CmdJoin, game.Args{Name: "Fenna", Facilitator: true})
	sc.do(game.System, 20*time.Second, game.CmdJoin, game.Args{Name: "Zoë"})
	sc.do(game.System, 20*time.Second, game.CmdJoin, game.Args{Name: "Jeroen", Lang: cards.EN})
	sc.do(game.System, 20*time.Second, game.CmdJoin, game.Args{Name: "Daniëlle"})
	sc.do(game.System, 20*time.Second, game.CmdJoin, game.Args{Name: "Groot scherm", Observer: true})
}

// hand returns the first card in seat's hand that is (or, with blank false, is not) blank.
func (sc *scenario) hand(seat game.SeatID, blank bool) string {
	sc.t.Helper()
	for _, id := range sc.s.Seats[seat-1].Hand {
		if c, _ := sc.s.Deck.Card(id); (c.Kind == cards.Blank) == blank {
			return id
		}
	}
	sc.t.Fatalf("seat %d holds no card with blank=%v: %v", seat, blank, sc.s.Seats[seat-1].Hand)
	return ""
}

// play lets seat play a card onto part with a reason.
func (sc *scenario) play(seat game.SeatID, card string, part cards.Part, reason, title string) {
	sc.t.Helper()
	if sc.s.Turn != seat {
		sc.t.Fatalf("seat %d should have the turn, seat %d has it", seat, sc.s.Turn)
	}
	sc.do(seat, 2*time.Minute, game.CmdPlay, game.Args{Card: card, Part: part, Text: reason, Title: title})
	sc.played = append(sc.played, card)
}

// steps is the script, one function per stage, so that tests can stop part way.
func (sc *scenario) steps() []func() {
	vote := func(seat game.SeatID, v int) {
		sc.do(seat, 15*time.Second, game.CmdVote, game.Args{Value: v})
	}
	return []func(){
		// Lobby, then the statements.
		func() { sc.joinAll(); sc.do(fenna, time.Minute, game.CmdStart, game.Args{}) },
		func() {
			// Statement 1: far apart (spread 1,5); everyone votes, so it reveals itself.
			vote(fenna, 4)
			vote(zoe, 1)
			vote(jeroen, 5)
			vote(danielle, 4)
			sc.do(fenna, 3*time.Minute, game.CmdInsight, game.Args{Text: "Het tempo verschilt: Zoë ziet geen haast, Jeroen wel."})
		},
		func() {
			// Statement 2: close together, revealed by the facilitator before Daniëlle votes.
			sc.do(fenna, 30*time.Second, game.CmdNextCard, game.Args{})
			vote(fenna, 2)
			vote(zoe, 2)
			vote(jeroen, 3)
			sc.do(fenna, 30*time.Second, game.CmdReveal, game.Args{})
		},
		func() {
			// Statement 3: two secret votes, never revealed.
			sc.do(fenna, 4*time.Minute, game.CmdNextCard, game.Args{})
			sc.unrevealed = sc.s.Rounds[len(sc.s.Rounds)-1].Card
			vote(zoe, 5)
			vote(jeroen, 1)
		},
		// The canvas: five cards, one of them Zoë's own idea.
		func() {
			sc.do(fenna, time.Minute, game.CmdNextPhase, game.Args{})
			sc.play(fenna, sc.hand(fenna, false), cards.Bereik, "Zo bereiken we ouderen die niet meer naar de zaal kunnen komen", "")
			sc.ownIdea = sc.hand(zoe, true)
			sc.play(zoe, sc.ownIdea, cards.Aanbod, "Makers vertellen maandelijks over hun werk; dat bindt vaste bezoekers", ownTitle)
			sc.play(jeroen, sc.hand(jeroen, false), cards.Inkomsten, jeroenReason, "")
			sc.play(danielle, sc.hand(danielle, false), cards.Impact, "Scholen kunnen de voorstelling vooraf in de klas voorbereiden", "")
			sc.play(fenna, sc.hand(fenna, false), cards.Bereik, "Jongeren vinden ons via de kanalen die ze al gebruiken", "")
		},
		func() {
			own := sc.ownIdea
			sc.do(fenna, 20*time.Second, game.CmdReact, game.Args{Card: own, Kind: game.ReactPlus})
			sc.do(jeroen, 20*time.Second, game.CmdReact, game.Args{Card: own, Kind: game.ReactPlus})
			sc.do(jeroen, 20*time.Second, game.CmdReact, game.Args{Card: own, Kind: game.ReactQuestion, Text: "Wie gaat de afleveringen maken?"})
			sc.do(danielle, 20*time.Second, game.CmdReact, game.Args{Card: own, Kind: game.ReactConcern, Text: "Kost dat niet te veel tijd van de makers?"})
			sc.do(zoe, 20*time.Second, game.CmdReact, game.Args{Card: sc.played[0], Kind: game.ReactPlus})
			sc.do(danielle, 20*time.Second, game.CmdReact, game.Args{Card: sc.played[2], Kind: game.ReactConcern, Text: "Wie betaalt de techniek?"})
			sc.do(fenna, 30*time.Second, game.CmdPrompt, game.Args{Card: "adv-broad-support"})
			sc.do(danielle, time.Minute, game.CmdLeave, game.Args{})
		},
		// Dots: three each for the three players still there.
		func() {
			sc.do(fenna, time.Minute, game.CmdNextPhase, game.Args{})
			dot := func(seat game.SeatID, card string) {
				sc.do(seat, 10*time.Second, game.CmdDot, game.Args{Card: card})
			}
			for _, seat := range []game.SeatID{fenna, zoe, jeroen} {
				dot(seat, sc.ownIdea)
			}
			dot(zoe, sc.ownIdea)
			dot(fenna, sc.played[0])
			dot(jeroen, sc.played[0])
			dot(zoe, sc.played[0])
			dot(fenna, sc.played[2])
			dot(jeroen, sc.played[2])
		},
		// Actions: three, one without an owner.
		func() {
			sc.do(fenna, time.Minute, game.CmdNextPhase, game.Args{})
			sc.do(fenna, 2*time.Minute, game.CmdAddAction, game.Args{Card: sc.ownIdea, Text: "Proefaflevering opnemen met twee makers", Seat: zoe, Due: "2026-12-09"})
			sc.do(jeroen, 2*time.Minute, game.CmdAddAction, game.Args{Card: sc.played[2], Text: actionQuote, Owner: "Marieke (directeur)", Due: "2027-01-15"})
			sc.do(fenna, 2*time.Minute, game.CmdAddAction, game.Args{Card: sc.played[0], Text: "Budget voor streamingapparatuur verkennen"})
		},
		func() { sc.do(fenna, 5*time.Minute, game.CmdEnd, game.Args{}) },
	}
}

// newScenario plays the whole script and returns the ended session.
func newScenario(t testing.TB) *scenario {
	t.Helper()
	deck, err := cards.Default()
	if err != nil {
		t.Fatal(err)
	}
	sc := &scenario{t: t, s: game.New(deck, blankSeed(t, deck), game.DefaultSettings()), now: clockStart}
	for _, step := range sc.steps() {
		step()
	}
	if err := sc.s.CheckInvariants(); err != nil {
		t.Fatal(err)
	}
	return sc
}

// info is the export's Info: five minutes after the last command.
func (sc *scenario) info() Info {
	return Info{Room: "K7P-2QX", Generated: sc.now.Add(5 * time.Minute)}
}

// build makes the report in lang and fails the test on an error.
func (sc *scenario) build(lang cards.Lang) *Report {
	sc.t.Helper()
	r, err := Build(sc.s, sc.info(), lang)
	if err != nil {
		sc.t.Fatal(err)
	}
	return r
}

// secretsChanged returns a copy of the state in which everything a report must not show
// is different: the values of the unrevealed votes, every hand and the order of the piles.
func (sc *scenario) secretsChanged() *game.State {
	s := sc.s.Clone()
	for i := range s.Rounds {
		if !s.Rounds[i].Revealed {
			for j := range s.Rounds[i].Votes {
				s.Rounds[i].Votes[j].Value = 6 - s.Rounds[i].Votes[j].Value
			}
		}
	}
	var hands []string
	for i := range s.Seats {
		hands = append(hands, s.Seats[i].Hand...)
	}
	slices.Reverse(hands)
	for i := range s.Seats {
		n := len(s.Seats[i].Hand)
		s.Seats[i].Hand, hands = hands[:n:n], hands[n:]
	}
	slices.Reverse(s.DrawPile)
	slices.Reverse(s.StatementPile)
	s.Seed++
	return s
}
