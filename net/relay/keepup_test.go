package relay_test

import (
	"fmt"
	"testing"
	"time"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
	"impactkaarten/net/relay"
)

// TestKeepingUpIsNeverSlow: seats that read everything are never closed, in several rooms
// at once, through both ways of reading, however the room's writes fall between the pings.
// Each ping's write used to leave its deadline (WriteWait) on the socket; once that had
// passed, the room's next write to the seat failed as a timeout and the relay closed a
// reader that kept up as too slow (4001). The players here play until every seat has had
// two pings, so the room writes to each seat many times after a ping's deadline has passed
// (with WriteWait a quarter of PingEvery, three quarters of the time): each of those writes
// closed the seat before.
func TestKeepingUpIsNeverSlow(t *testing.T) {
	for _, mode := range readModes {
		t.Run(mode.name, func(t *testing.T) {
			e := newEnv(t, mode.cfg(relay.Config{PingEvery: time.Second, WriteWait: 250 * time.Millisecond,
				MessagesPerSecond: 10_000, MessageBurst: 10_000}))
			var tabs []*table
			for range 3 {
				tab := e.newTable(t, "Ada", "Bo", "Cas")
				tab.syncAll(tab.fac.do(cmdOf(game.CmdStart)).N)
				tabs = append(tabs, tab)
			}
			pings := func(c *client) int {
				n := 0
				for _, m := range c.log {
					if m.T == protocol.TPing {
						n++
					}
				}
				return n
			}
			for round := 0; ; round++ {
				done := true
				for _, tab := range tabs {
					var last uint64
					for _, c := range tab.all() {
						last = c.do(game.Command{Type: game.CmdRename, Args: game.Args{Name: fmt.Sprintf("%s %d", c.name, round)}}).N
					}
					// Every seat reads every event (a close fails the read).
					tab.syncAll(last)
					for _, c := range tab.all() {
						done = done && pings(c) >= 2
					}
				}
				if done {
					break
				}
			}
			if n := e.metric(t, "impactkaarten_slow_consumer_drops_total"); n != 0 {
				t.Errorf("%v connections closed as slow", n)
			}
		})
	}
}
