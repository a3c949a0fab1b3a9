package host

import (
	"encoding/json"
	"fmt"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

// BenchmarkVote measures what hosting a vote costs a relay in a room of 8, besides the
// store and the sockets: deciding it, encoding its log record, applying it, redacting it for
// the 8 seats and encoding each seat's frame (once for the seats that get the same one). It
// reports the bytes of the frame the other seats get, after a short session and after 800
// actions: the cost must not grow with the session.
func BenchmarkVote(b *testing.B) {
	for _, actions := range []int{0, 800} {
		b.Run(fmt.Sprintf("actions=%d", actions), func(b *testing.B) {
			d, err := cards.Default()
			if err != nil {
				b.Fatal(err)
			}
			h := New(game.New(d, 7, game.DefaultSettings()))
			audience := make([]game.SeatID, 0, 8)
			for i := 0; i < 8; i++ {
				bt, err := h.System(1000, game.Command{Type: game.CmdJoin, Args: game.Args{Name: fmt.Sprintf("Speler %d", i+1), Facilitator: i == 0}})
				if err != nil {
					b.Fatal(err)
				}
				h.Commit(bt, nil)
				audience = append(audience, game.SeatID(i+1))
			}
			h.Commit(h.Decide(2000, []Request{{Seat: 1, ID: "s", Cmd: game.Command{Type: game.CmdStart}}}), nil)
			for i := 0; i < actions; i++ {
				h.Commit(h.Decide(2000, []Request{{Seat: 1, ID: fmt.Sprintf("a%d", i), Cmd: game.Command{Type: game.CmdAddAction,
					Args: game.Args{Text: "Een concrete vervolgstap die iemand op zich neemt", Owner: "Directie", Due: "2026-12-15"}}}}), nil)
			}
			var frame []byte
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				seat := game.SeatID(2 + i%7)
				bt := h.Decide(3000, []Request{{Seat: seat, ID: fmt.Sprintf("v%d", i), Cmd: game.Command{Type: game.CmdVote, Args: game.Args{Value: 1 + i%5}}}})
				if _, err := bt.Records(); err != nil {
					b.Fatal(err)
				}
				for _, dl := range h.Commit(bt, audience) {
					var public []byte
					for _, s := range audience {
						ev, hash := dl.For(s)
						if ev == &dl.Public && hash == "" && public != nil {
							continue // the shared frame, encoded once
						}
						f, err := json.Marshal(&protocol.Server{V: protocol.Version, T: protocol.TEvent, N: dl.N, Event: ev, Hash: hash})
						if err != nil {
							b.Fatal(err)
						}
						if ev == &dl.Public && hash == "" {
							public = f
						}
					}
					if public != nil {
						frame = public
					}
				}
			}
			b.ReportMetric(float64(len(frame)), "bytes/frame")
		})
	}
}
