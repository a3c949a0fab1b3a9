package client

import (
	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

// View keeps a seat's view of its room the way every client does: a welcome gives the
// whole view, and each event, redacted for the seat, is applied to it with the engine's own
// game.ApplyView. Now and then an event carries the hash of the seat's view after it; a
// view that hashes otherwise, or an event that does not follow the last one, means the view
// went wrong, and the client asks for a fresh one (a sync message, answered by a welcome).
//
// A View is used from one goroutine (the game loop). ApplyView reuses the storage of the
// view before, so a caller keeps no pointers into an older view.
type View struct {
	V *game.PlayerView // nil until the first welcome
	N uint64           // the number of the last event applied
	// Syncing is set while a fresh view has been asked for and not yet arrived.
	Syncing bool
}

// Handle takes a server message. It reports whether the view changed, and whether the
// client should send a sync message now.
func (v *View) Handle(m *protocol.Server) (changed, sync bool) {
	switch m.T {
	case protocol.TWelcome:
		if m.View == nil {
			return false, false
		}
		view := *m.View
		v.V, v.N, v.Syncing = &view, m.N, false
		return true, false
	case protocol.TEvent:
		if m.Event == nil || m.N <= v.N && v.V != nil {
			return false, false // a number seen before
		}
		if v.V == nil || m.N != v.N+1 || m.Event.Version != m.N {
			return false, v.ask()
		}
		next := game.ApplyView(*v.V, *m.Event)
		v.V, v.N = &next, m.N
		if m.Hash != "" && m.Hash != protocol.FormatHash(next.Hash()) {
			return true, v.ask()
		}
		return true, false
	}
	return false, false
}

// ask reports whether to send a sync message: once until the fresh view comes.
func (v *View) ask() bool {
	if v.Syncing {
		return false
	}
	v.Syncing = true
	return true
}
