package game

// A Draft is a state that events are applied to ahead of the state it was drafted from,
// which stays as it is: a host decides a group of commands, each on the state the ones
// before it leave, before it commits any of them. A draft copies a part of the state only
// when an event is about to change it (undoParts), so that drafting ahead in a room that
// has grown with its session costs what the events change, not what the room holds.
type Draft struct {
	s      *State
	copied parts // the parts of s that are its own; the rest it shares with the original
}

// Draft returns a draft of s. s must not change while the draft is in use.
func (s *State) Draft() *Draft { return &Draft{s: s.clone(0)} }

// State returns the draft's state, for Decide; only the draft's Apply may change it.
func (d *Draft) State() *State { return d.s }

// Apply applies e to the draft's state, first copying what e may change of what the draft
// still shares.
func (d *Draft) Apply(e Event) {
	need := undoParts(e.Type) &^ d.copied
	if d.copied&partRounds != 0 {
		need &^= partRound
	}
	if d.copied&partActions != 0 {
		need &^= partActionsTail
	}
	if need != 0 {
		*d.s = *d.s.clone(need)
		d.copied |= need
	}
	d.s.Apply(e)
	if e.Type == EvUndone {
		// The state is now the undo copy's, whose lists may be the original's.
		d.copied = 0
	}
}
