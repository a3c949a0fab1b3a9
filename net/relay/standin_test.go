package relay_test

import (
	"net/http"
	"testing"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
	"impactkaarten/net/relay"
)

// TestStandIn drops the facilitator: after the hand-over time the relay passes facilitation
// to the player online longest, who can lead play but not delete the room; the facilitator
// resuming with their seat token gets it back.
func TestStandIn(t *testing.T) {
	e := newEnv(t, relay.Config{})
	tab := e.newTable(t, "Ada", "Bram")
	fac, ada, bram := tab.fac, tab.players[0], tab.players[1]

	st := fac.view.Settings
	st.HandoverSeconds = 1
	tab.syncAll(fac.do(game.Command{Type: game.CmdSettings, Args: game.Args{Settings: &st}}).N)
	tab.syncAll(fac.do(cmdOf(game.CmdStart)).N)

	fac.drop()
	stood := ada.until("stoodin", func(m protocol.Server) bool {
		return m.T == protocol.TEvent && m.Event.Type == game.EvStoodIn
	})
	if stood.Event.Seat != ada.seat || ada.view.Facilitator != ada.seat || ada.view.Away != fac.seat {
		t.Fatalf("stood in: seat %d, view facilitator %d away %d; want %d and %d",
			stood.Event.Seat, ada.view.Facilitator, ada.view.Away, ada.seat, fac.seat)
	}
	bram.untilN(ada.n)

	// The stand-in leads play ...
	tab.players[1].do(vote(2))
	ada.do(vote(4))
	ada.do(game.Command{Type: game.CmdTimer, Args: game.Args{Kind: game.TimerStart, Seconds: 60}})
	// ... but the room's own powers stay with the facilitator's tokens.
	if status, _ := e.do(t, http.MethodGet, "/api/rooms/"+tab.code+"/state", "", ada.token); status != http.StatusForbidden && status != http.StatusUnauthorized {
		t.Fatalf("the stand-in's token reads the facilitator's state: HTTP %d", status)
	}
	if status, _ := e.do(t, http.MethodGet, "/api/rooms/"+tab.code+"/state", "", fac.token); status != http.StatusOK {
		t.Fatalf("the absent facilitator's seat token: HTTP %d", status)
	}

	back := e.dial(t, "fac again")
	back.resume(tab.code, fac.token, 0)
	ev := ada.until("facilitatorback", func(m protocol.Server) bool {
		return m.T == protocol.TEvent && m.Event.Type == game.EvFacilitatorBack
	})
	if ev.Event.Seat != fac.seat || ada.view.Facilitator != fac.seat || ada.view.Away != 0 {
		t.Fatalf("back: seat %d, view facilitator %d away %d", ev.Event.Seat, ada.view.Facilitator, ada.view.Away)
	}
}
