package app

import (
	"strconv"

	"impactkaarten/game"
	"impactkaarten/game/ui/layout"
)

// The co-facilitator, the stand-in who leads while the facilitator is away, and the
// notices that tell everyone when facilitation changes hands.

// coFacButton is the facilitator's control in the people drawer that makes a seat the
// co-facilitator, or no longer.
func (c drawerDialog) coFacButton(b *layout.Builder, r layout.Rect, s game.SeatView) {
	key := "drawer.cofac"
	if s.ID == c.M.View.CoFacilitator {
		key = "drawer.cofac.off"
	}
	b.Button("seat-"+strconv.Itoa(int(s.ID))+"-cofac", r, c.t(key), layout.ButtonOpts{Style: layout.Secondary, Size: 13,
		Glyph: g("account-star"), Label: c.tf(key+".label", s.Name), Action: coFacilitator{s.ID}})
}

// coFacTarget is the co-facilitator the drawer's button for seat asks for: seat, or none
// when seat is the co-facilitator.
func (c *Controller) coFacTarget(seat game.SeatID) game.SeatID {
	if c.M.View != nil && c.M.View.CoFacilitator == seat {
		return 0
	}
	return seat
}

// toggleCoFac appoints seat as co-facilitator, or removes them when they are.
func (c *Controller) toggleCoFac(seat game.SeatID) {
	if c.M.View == nil {
		return
	}
	c.sendCmd(game.Command{Type: game.CmdCoFacilitator, Args: game.Args{Seat: c.coFacTarget(seat)}})
}

// facilitationTags are the words a seat's row adds for its part in facilitation.
func (c *Controller) facilitationTags(s game.SeatView) []string {
	v := c.M.View
	switch {
	case v == nil:
		return nil
	case s.ID == v.CoFacilitator:
		return []string{c.t("seat.cofacilitator")}
	case s.ID == v.Away:
		return []string{c.t("seat.away")}
	case s.Facilitator && v.Away != 0:
		return []string{c.t("seat.standin")}
	}
	return nil
}

// noteFacilitation tells everyone that facilitation changed hands.
func (c *Controller) noteFacilitation(e game.Event, now int64) {
	name := c.M.SeatName(e.Seat)
	switch e.Type {
	case game.EvCoFacilitatorSet:
		if e.Seat == 0 {
			c.M.Note("toast.cofac.none", "", false, now)
		} else {
			c.M.Note("toast.cofac", name, false, now)
		}
	case game.EvStoodIn:
		c.M.Note("toast.stoodin", name, false, now)
	case game.EvFacilitatorBack:
		c.M.Note("toast.facback", name, false, now)
	case game.EvHandedOver:
		c.M.Note("toast.handedover", name, false, now)
	case game.EvCardAnswer:
		if c.M.Leads() {
			c.M.Note("toast.answered", c.M.CardTitle(e.Card), false, now)
		}
	}
}

// handoverMinutes are the lobby's choices of how long the facilitator may be offline before
// a stand-in leads; the last one, handoverNever, stands for never.
var handoverMinutes = []int{1, 2, 3, 5, 10, 15, 30, handoverNever}

const handoverNever = 1000

// handoverStepper is the lobby setting of the hand-over time.
func (c lobbyScene) handoverStepper(st game.Settings) stepper {
	value := (st.HandoverSeconds + 59) / 60
	switch {
	case st.HandoverSeconds == game.HandoverOff:
		value = handoverNever
	case st.HandoverSeconds == 0:
		value = game.DefaultHandoverSeconds / 60
	}
	return stepper{id: "lobby-handover", key: "lobby.handover", value: value, min: handoverMinutes[0],
		max: handoverNever, values: handoverMinutes,
		show: func(v int) string {
			if v == handoverNever {
				return c.t("lobby.handover.off")
			}
			return c.tf("lobby.handover.min", v)
		},
		apply: func(s *game.Settings, v int) {
			s.HandoverSeconds = v * 60
			if v == handoverNever {
				s.HandoverSeconds = game.HandoverOff
			}
		}}
}

// coFacilitator appoints a seat as co-facilitator, or removes them when they are.
type coFacilitator struct{ seat game.SeatID }

func (a coFacilitator) run(c *Controller) { c.toggleCoFac(a.seat) }
