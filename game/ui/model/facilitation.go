package model

// CoFacilitator reports whether this client is the co-facilitator, who leads play beside
// the facilitator.
func (m *Model) CoFacilitator() bool {
	return m.View != nil && m.Seat != 0 && m.View.CoFacilitator == m.Seat && !m.BigScreen
}

// Leads reports whether this client leads play: the facilitator (a stand-in too) or the
// co-facilitator. What shapes the room (settings, seats, exports) stays Facilitator's.
func (m *Model) Leads() bool { return m.Facilitator() || m.CoFacilitator() }
