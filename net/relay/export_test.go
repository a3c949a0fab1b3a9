package relay

import "impactkaarten/net/protocol"

// InboxLen reports how many messages wait in a loaded room's inbox (0 for a room not in
// memory), so a test can wait for commands to have reached the room instead of guessing
// how long the connection's reader takes to post them.
func InboxLen(s *Server, code string) int {
	code, _ = protocol.NormalizeCode(code)
	s.hub.mu.Lock()
	r := s.hub.rooms[code]
	s.hub.mu.Unlock()
	if r == nil {
		return 0
	}
	return len(r.inbox)
}

// WithoutPoller returns cfg for a relay whose connections keep a reader goroutine for their
// lifetime, as on a platform without a poller (poller_other.go).
func WithoutPoller(cfg Config) Config {
	cfg.noPoller = true
	return cfg
}
