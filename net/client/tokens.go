package client

import "sync"

// TokenStore keeps the seat token of each room this client sits in, by canonical room
// code, so that a restart or a page reload takes the same seat again.
type TokenStore interface {
	Load(room string) (token string, ok bool)
	Save(room, token string) error
	Delete(room string) error
}

// MemoryTokens keeps tokens for the life of the process.
type MemoryTokens struct {
	mu sync.Mutex
	m  map[string]string
}

// NewMemoryTokens returns an empty in-memory store.
func NewMemoryTokens() *MemoryTokens { return &MemoryTokens{m: map[string]string{}} }

// Load returns the room's token.
func (s *MemoryTokens) Load(room string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.m[room]
	return t, ok
}

// Save keeps the room's token.
func (s *MemoryTokens) Save(room, token string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[room] = token
	return nil
}

// Delete forgets the room's token.
func (s *MemoryTokens) Delete(room string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.m, room)
	return nil
}
