package model

// RevealLeft returns the milliseconds left on the countdown to the reveal of the statement
// face up, by the room's clock (the engine stamped when the votes show), and whether a
// countdown runs: from the moment the room said it started until the votes arrive.
func (m *Model) RevealLeft(now int64) (left int64, counting bool) {
	r := m.Round()
	if r == nil || r.Revealed || r.RevealAt == 0 {
		return 0, false
	}
	return max(0, r.RevealAt-(now+m.Skew)), true
}
