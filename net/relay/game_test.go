package relay_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
	"impactkaarten/net/relay"
)

// TestStatementsRound plays a whole statement with a facilitator and three players: secret
// votes (who, not what), the reveal on the last vote with distribution and the pair furthest
// apart, an insight and the next statement. After every step all four views agree.
func TestStatementsRound(t *testing.T) {
	e := newEnv(t, relay.Config{})
	tab := e.newTable(t, "Ada", "Bram", "Cas")
	fac, ps := tab.fac, tab.players

	agree := func(step string) {
		t.Helper()
		n := fac.n
		tab.syncAll(n)
		want := public(fac.view)
		for _, c := range tab.all() {
			if c.n != n {
				t.Fatalf("%s: %s is at n=%d, facilitator at n=%d", step, c.name, c.n, n)
			}
			if got := public(c.view); got != want {
				t.Fatalf("%s: %s's public view differs from the facilitator's:\n got %s\nwant %s", step, c.name, got, want)
			}
		}
	}

	ack := fac.do(cmdOf(game.CmdStart))
	tab.syncAll(ack.N)
	agree("start")
	if fac.view.Phase != game.Statements {
		t.Fatalf("after start: got phase %s, want statements", fac.view.Phase)
	}
	first := current(t, fac.view).Card

	votes := map[*client]int{fac: 3, ps[0]: 1, ps[1]: 5, ps[2]: 4}
	order := []*client{ps[0], fac, ps[2], ps[1]}
	for i, c := range order {
		ack := c.do(vote(votes[c]))
		tab.syncAll(ack.N)
		agree(fmt.Sprintf("vote %d", i+1))
		last := i == len(order)-1
		for _, o := range tab.all() {
			r := current(t, o.view)
			if len(r.Voted) != i+1 || !slices.Contains(r.Voted, c.seat) {
				t.Fatalf("after vote %d: %s sees voted=%v, want %d seats including %d", i+1, o.name, r.Voted, i+1, c.seat)
			}
			if r.Revealed || (r.RevealAt != 0) != last {
				t.Fatalf("after vote %d: %s sees revealed=%v revealAt=%d, want the countdown only after the last vote", i+1, o.name, r.Revealed, r.RevealAt)
			}
			if len(r.Votes) != 0 || r.Result != nil {
				t.Fatalf("after vote %d: %s sees vote values %v before the reveal", i+1, o.name, r.Votes)
			}
			if _, voted := votes[o]; voted && slices.Contains(r.Voted, o.seat) && r.MyVote != votes[o] {
				t.Fatalf("after vote %d: %s sees myVote=%d, want %d", i+1, o.name, r.MyVote, votes[o])
			}
			// The event itself carries the value only for the voter.
			ev := o.events[len(o.events)-1].Event
			if ev.Type != game.EvVoted {
				t.Fatalf("after vote %d: %s's last event is %s, want voted", i+1, o.name, ev.Type)
			}
			if want := map[bool]int{true: votes[c], false: 0}[o == c]; ev.Value != want {
				t.Fatalf("after vote %d: %s got a voted event with value %d, want %d", i+1, o.name, ev.Value, want)
			}
		}
	}
	// The relay reveals the votes when the countdown has run out.
	for _, c := range tab.all() {
		c.revealed()
	}
	agree("reveal")
	r := current(t, ps[2].view)
	if r.Result == nil {
		t.Fatal("after the last vote: no result")
	}
	if want := [5]int{1, 0, 1, 1, 1}; r.Result.Distribution != want {
		t.Errorf("distribution: got %v, want %v", r.Result.Distribution, want)
	}
	if want := [2]game.SeatID{ps[0].seat, ps[1].seat}; r.Result.Apart != want {
		t.Errorf("apart: got %v, want %v (the 1 and the 5)", r.Result.Apart, want)
	}
	if len(r.Votes) != 4 {
		t.Errorf("revealed votes: got %v, want 4", r.Votes)
	}

	ack = fac.do(game.Command{Type: game.CmdInsight, Args: game.Args{Text: "We verschillen over nieuwe spelers"}})
	tab.syncAll(ack.N)
	agree("insight")
	if got := current(t, ps[0].view).Insight; got != "We verschillen over nieuwe spelers" {
		t.Errorf("insight: got %q", got)
	}
	ack = fac.do(cmdOf(game.CmdNextCard))
	tab.syncAll(ack.N)
	agree("next statement")
	r = current(t, ps[1].view)
	if r.Card == first || r.Revealed || len(r.Voted) != 0 {
		t.Errorf("next statement: got %+v, want a fresh round after %s", r, first)
	}
	if ps[1].view.Current != 1 {
		t.Errorf("next statement: got current=%d, want 1", ps[1].view.Current)
	}
	// A player cannot do the facilitator's work, and the state does not move.
	before := fac.n
	ps[0].reject(cmdOf(game.CmdReveal), game.NotFacilitator)
	ps[0].reject(vote(9), game.BadValue)
	if v := e.state(t, tab.code, tab.token); v.Version != before {
		t.Errorf("after rejected commands: got version %d, want %d", v.Version, before)
	}
}

// TestReconnectMidVote drops a player's connection after it voted; it resumes with its token
// and the last number it saw, gets the same seat, its vote, and every missed event in order.
// A reload in the canvas phase keeps the hand.
func TestReconnectMidVote(t *testing.T) {
	e := newEnv(t, relay.Config{})
	tab := e.newTable(t, "Ada", "Bram")
	fac, ada, bram := tab.fac, tab.players[0], tab.players[1]
	tab.syncAll(fac.do(cmdOf(game.CmdStart)).N)
	tab.syncAll(ada.do(vote(2)).N)
	tab.syncAll(bram.do(vote(5)).N)
	since, seat, token := bram.n, bram.seat, bram.token

	bram.drop()
	fac.until("bram offline", func(m protocol.Server) bool {
		return m.T == protocol.TEvent && m.Event.Type == game.EvDisconnected && m.Event.Seat == seat
	})
	// While Bram is away the room moves on.
	fac.do(game.Command{Type: game.CmdTimer, Args: game.Args{Kind: game.TimerStart, Seconds: 60}})
	fac.do(game.Command{Type: game.CmdTimer, Args: game.Args{Kind: game.TimerPause}})
	fac.do(game.Command{Type: game.CmdPrompt, Args: game.Args{Kind: "question"}})
	missedFrom := since

	back := e.dial(t, "bram2")
	back.n = since // the client remembers the last number it saw
	w := back.resume(tab.code, token, since)
	if w.Seat != seat {
		t.Fatalf("resume: got seat %d, want %d", w.Seat, seat)
	}
	if w.Token != "" {
		t.Errorf("resume: welcome repeats a token; want none")
	}
	// The welcome's whole view holds what happened meanwhile: the disconnect, the timer
	// started and paused, the prompt, and the return.
	if w.N != missedFrom+5 || w.View.Version != w.N || w.View.Timer.Running || w.View.Timer.Remaining == 0 || w.View.Prompt == "" {
		t.Fatalf("resume after %d: got n=%d view %d timer %+v prompt %q, want n=%d, a paused timer and a prompt",
			missedFrom, w.N, w.View.Version, w.View.Timer, w.View.Prompt, missedFrom+5)
	}
	r := current(t, back.view)
	if r.MyVote != 5 || r.Revealed {
		t.Fatalf("after resume: got myVote=%d revealed=%v, want 5 and not revealed", r.MyVote, r.Revealed)
	}
	fac.untilN(w.N)
	ada.untilN(w.N)
	if !fac.view.Seats[seat-1].Connected {
		t.Errorf("after resume: the facilitator sees seat %d offline", seat)
	}
	// The facilitator's vote reveals all three, Bram's included.
	ack := fac.do(vote(3))
	back.untilN(ack.N)
	back.revealed()
	r = current(t, back.view)
	if !r.Revealed || !slices.Contains(r.Votes, game.Vote{Seat: seat, Value: 5}) {
		t.Fatalf("after the last vote: got revealed=%v votes=%v, want Bram's 5 among them", r.Revealed, r.Votes)
	}

	// Canvas: a reload (close, then resume) keeps the hand.
	tab.players[1] = back
	ack = fac.do(cmdOf(game.CmdNextPhase))
	back.untilN(ack.N)
	if back.view.Phase != game.Canvas || len(back.view.Hand) == 0 {
		t.Fatalf("canvas: got phase %s and hand %v, want a hand in the canvas", back.view.Phase, back.view.Hand)
	}
	hand := slices.Clone(back.view.Hand)
	since = back.n
	back.leaveClean()
	fac.until("bram offline again", func(m protocol.Server) bool {
		return m.T == protocol.TEvent && m.Event.Type == game.EvDisconnected && m.Event.Seat == seat
	})
	again := e.dial(t, "bram3")
	again.n = since
	w = again.resume(tab.code, token, since)
	if w.Seat != seat || !slices.Equal(again.view.Hand, hand) {
		t.Fatalf("reload: got seat %d hand %v, want seat %d hand %v", w.Seat, again.view.Hand, seat, hand)
	}
	// Far behind (or from the future), the welcome is a fresh view, not a partial replay.
	third := e.dial(t, "bram4")
	w = third.resume(tab.code, token, w.N+1000)
	if w.View == nil || w.View.Version != w.N {
		t.Errorf("resume from the future: got a welcome without the view at n=%d", w.N)
	}
	again.expectClose(protocol.CloseReplaced)
}

// TestLateJoinerAndObserver: a player joining during the canvas gets a hand; an observer
// cannot vote and sees what a big screen shows.
func TestLateJoinerAndObserver(t *testing.T) {
	e := newEnv(t, relay.Config{})
	tab := e.newTable(t, "Ada")
	fac, ada := tab.fac, tab.players[0]

	obs := e.dial(t, "screen")
	w := obs.join(tab.code, protocol.Client{Name: "Scherm", Observer: true})
	tab.syncAll(w.N)
	if !fac.view.Seats[obs.seat-1].Observer {
		t.Fatalf("observer: the facilitator sees seat %d as a player", obs.seat)
	}
	tab.syncAll(fac.do(cmdOf(game.CmdStart)).N)
	obs.untilN(fac.n)
	obs.reject(vote(3), game.NotAPlayer)
	ack := ada.do(vote(2))
	obs.untilN(ack.N)
	r := current(t, obs.view)
	if !slices.Contains(r.Voted, ada.seat) || r.MyVote != 0 || len(r.Votes) != 0 {
		t.Fatalf("observer before the reveal: got %+v, want Ada voted, no values", r)
	}
	ack = fac.do(vote(4)) // the last player: the observer does not hold up the reveal
	obs.untilN(ack.N)
	obs.revealed()
	if r = current(t, obs.view); !r.Revealed || len(r.Votes) != 2 {
		t.Fatalf("observer after the reveal: got %+v, want 2 revealed votes", r)
	}

	ack = fac.do(cmdOf(game.CmdNextPhase))
	obs.untilN(ack.N)
	if obs.view.Phase != game.Canvas {
		t.Fatalf("got phase %s, want canvas", obs.view.Phase)
	}
	if len(obs.view.Hand) != 0 {
		t.Errorf("observer in the canvas: got hand %v, want none", obs.view.Hand)
	}
	late := e.dial(t, "late")
	w = late.join(tab.code, protocol.Client{Name: "Laat", Lang: "en"})
	if w.View.Phase != game.Canvas || len(w.View.Hand) != w.View.Settings.HandSize {
		t.Fatalf("late joiner: got phase %s hand %v, want %d cards", w.View.Phase, w.View.Hand, w.View.Settings.HandSize)
	}
	if late.deck == "" {
		t.Errorf("late joiner: the welcome has no deck")
	}
	obs.untilN(w.N)
	if got := obs.view.Seats[late.seat-1].HandSize; got != w.View.Settings.HandSize {
		t.Errorf("observer: got hand size %d for the late joiner, want %d", got, w.View.Settings.HandSize)
	}
	for _, c := range []*client{fac, ada, obs} {
		c.untilN(w.N)
		for _, card := range late.view.Hand {
			if slices.Contains(c.view.Hand, card) {
				t.Errorf("%s's hand holds %s, which the late joiner holds", c.name, card)
			}
		}
	}
	obs.reject(game.Command{Type: game.CmdPass}, game.NotYourTurn)
}

// TestIdempotentCommand sends the same command id three times: it is applied once and every
// answer is an ack with the same number; the other seats see one event. The id sent again
// with another command gets id_reused.
func TestIdempotentCommand(t *testing.T) {
	e := newEnv(t, relay.Config{})
	tab := e.newTable(t, "Ada")
	fac, ada := tab.fac, tab.players[0]
	tab.syncAll(fac.do(cmdOf(game.CmdStart)).N)
	before := fac.n
	for range 3 {
		ada.sendCmd("same-id", vote(4))
	}
	var ns []uint64
	for range 3 {
		m := ada.reply("same-id")
		if m.T != protocol.TAck {
			t.Fatalf("got %s %s, want ack", m.T, m.Code)
		}
		ns = append(ns, m.N)
	}
	if ns[0] != before+1 || ns[1] != ns[0] || ns[2] != ns[0] {
		t.Fatalf("acks: got numbers %v, want %d three times", ns, before+1)
	}
	// A different command under the same id is refused, and changes nothing.
	ada.sendCmd("same-id", vote(1))
	if m := ada.reply("same-id"); m.T != protocol.TError || m.Code != protocol.ErrIDReused {
		t.Fatalf("reused id: got %s %s n=%d, want error %s", m.T, m.Code, m.N, protocol.ErrIDReused)
	}
	probe := fac.do(game.Command{Type: game.CmdRename, Args: game.Args{Name: "Fenna"}})
	if probe.N != before+2 {
		t.Fatalf("next command: got n=%d, want %d (the vote applied once)", probe.N, before+2)
	}
	votes := 0
	for _, ev := range fac.events {
		if ev.Event.Type == game.EvVoted {
			votes++
		}
	}
	if votes != 1 {
		t.Errorf("facilitator saw %d voted events, want 1", votes)
	}
	if r := current(t, fac.view); len(r.Voted) != 1 {
		t.Errorf("voted: got %v, want Ada once", r.Voted)
	}
	// After a reconnect the id is still known.
	token, since := ada.token, ada.n
	ada.drop()
	back := e.dial(t, "ada2")
	back.n = since
	back.resume(tab.code, token, since)
	back.sendCmd("same-id", vote(4))
	if m := back.reply("same-id"); m.T != protocol.TAck || m.N != ns[0] {
		t.Fatalf("after resume: got %s n=%d, want ack n=%d", m.T, m.N, ns[0])
	}
}

// TestHundredRooms plays a statement in 100 rooms at once, each with 2–4 seats.
func TestHundredRooms(t *testing.T) {
	e := newEnv(t, relay.Config{MaxConnsPerIP: -1, RoomsPerMinutePerIP: 1000})
	const rooms = 100
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for i := range rooms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := goTB{t: t, prefix: fmt.Sprintf("room %d: ", i)}
			names := []string{"Ada", "Bram", "Cas"}[:1+i%3]
			tab := e.newTable(g, names...)
			ack := tab.fac.do(cmdOf(game.CmdStart))
			for _, c := range tab.all() {
				c.t = g
				c.untilN(ack.N)
			}
			var last uint64
			for j, c := range tab.all() {
				last = max(last, c.do(vote(1+(i+j)%5)).N)
			}
			tab.syncAll(last)
			for _, c := range tab.all() {
				c.revealed()
				if r := current(g, c.view); !r.Revealed || len(r.Votes) != len(tab.all()) {
					g.Fatalf("%s: got %+v, want %d revealed votes", c.name, r, len(tab.all()))
				}
			}
			mu.Lock()
			done++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if done != rooms {
		t.Fatalf("got %d rooms through a statement, want %d", done, rooms)
	}
}

// TestSync: a client that asks for its view again gets a welcome with its whole view at the
// room's current number, and no token; events then continue from that number.
func TestSync(t *testing.T) {
	e := newEnv(t, relay.Config{})
	tab := e.newTable(t, "Ada")
	fac, ada := tab.fac, tab.players[0]
	tab.syncAll(fac.do(cmdOf(game.CmdStart)).N)
	ada.send(protocol.Client{V: protocol.Version, T: protocol.TSync})
	w := ada.until("the welcome", func(m protocol.Server) bool { return m.T == protocol.TWelcome })
	if w.Token != "" || w.View == nil || w.N != fac.n || w.View.Version != w.N || w.View.Me != ada.seat || w.DeckHash == "" {
		t.Fatalf("sync: got %+v, want a welcome at n=%d without a token", w, fac.n)
	}
	tab.syncAll(fac.do(vote(3)).N)
	if r := current(t, ada.view); len(r.Voted) != 1 {
		t.Fatalf("after the sync: voted %v", r.Voted)
	}
}

// TestScreenJoins: a meeting-room screen joins without a name and is in no seat list.
func TestScreenJoins(t *testing.T) {
	e := newEnv(t, relay.Config{})
	tab := e.newTable(t, "Ada")
	scr := e.dial(t, "")
	scr.send(protocol.Client{V: protocol.Version, T: protocol.TJoin, Room: tab.code, Screen: true})
	w := scr.welcomed()
	tab.syncAll(w.N)
	for _, s := range tab.fac.view.Seats {
		if s.ID == scr.seat {
			t.Fatalf("the facilitator's view lists the screen: %+v", s)
		}
	}
	if len(w.View.Seats) != 2 {
		t.Errorf("the screen's view lists %d seats, want the 2 participants", len(w.View.Seats))
	}
}
