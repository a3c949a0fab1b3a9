package host

import "impactkaarten/game"

// actionHashes keeps the hash of each of a room's actions (game.ActionHash) from one view
// hash to the next (every game.HashEvery events), so that a view hash encodes only the
// actions changed since the last: encoding all of them cost some 250 µs every 64 events
// in a room of 800 actions, a move's cost growing with the room.
//
// It compares the actions themselves rather than following the events that change them:
// an edit, a removal, an undo and a session's compaction all change the list, and a value
// compared cannot miss one. A copy of the list is the price (its strings are shared).
type actionHashes struct {
	seen   []game.Action // the actions at the last call, copied: the state edits its own in place
	hashes []uint64      // seen's
	next   []uint64      // the list of is filling, used again
}

// of returns the hash of each of actions, in order, valid until the next call.
func (c *actionHashes) of(actions []game.Action) []uint64 {
	next := c.next[:0]
	j := 0
	for i := range actions {
		a := &actions[i]
		// Actions keep their order by id (added at the end, edited in place, removed, and
		// an undo goes back to an earlier list), so one walk through both finds those
		// unchanged; out of order, an action is only hashed again.
		for j < len(c.seen) && c.seen[j].ID < a.ID {
			j++
		}
		if j < len(c.seen) && c.seen[j] == *a {
			next = append(next, c.hashes[j])
			continue
		}
		next = append(next, game.ActionHash(a))
	}
	c.seen = append(c.seen[:0], actions...)
	c.hashes, c.next = next, c.hashes
	return c.hashes
}
