//go:build !js

package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
)

// FileTokens keeps seat tokens in a small JSON file (room code → token), readable only by
// the user: a token is the key to a seat.
type FileTokens struct {
	path string
	mu   sync.Mutex
}

// NewFileTokens returns a store in the file at path; the file is created on the first Save.
func NewFileTokens(path string) *FileTokens { return &FileTokens{path: path} }

// DefaultTokens returns the store in the user's config directory
// (~/.config/impactkaarten/seats.json on Linux).
func DefaultTokens() (TokenStore, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return nil, fmt.Errorf("client: no config directory for seat tokens: %w", err)
	}
	return NewFileTokens(filepath.Join(dir, "impactkaarten", "seats.json")), nil
}

func (s *FileTokens) read() (map[string]string, error) {
	m := map[string]string{}
	data, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, fmt.Errorf("client: read seat tokens: %w", err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		// A damaged file only costs the seats it held; start afresh rather than fail.
		return map[string]string{}, nil
	}
	return m, nil
}

func (s *FileTokens) write(m map[string]string) error {
	if err := os.MkdirAll(filepath.Dir(s.path), 0o700); err != nil {
		return fmt.Errorf("client: seat tokens: %w", err)
	}
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("client: encode seat tokens: %w", err)
	}
	tmp := s.path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return fmt.Errorf("client: write seat tokens: %w", err)
	}
	if err := os.Rename(tmp, s.path); err != nil {
		return fmt.Errorf("client: write seat tokens: %w", err)
	}
	return nil
}

// Load returns the room's token.
func (s *FileTokens) Load(room string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.read()
	if err != nil {
		return "", false
	}
	t, ok := m[room]
	return t, ok
}

// Save keeps the room's token.
func (s *FileTokens) Save(room, token string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.read()
	if err != nil {
		return err
	}
	m[room] = token
	return s.write(m)
}

// Delete forgets the room's token.
func (s *FileTokens) Delete(room string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m, err := s.read()
	if err != nil {
		return err
	}
	if _, ok := m[room]; !ok {
		return nil
	}
	delete(m, room)
	return s.write(m)
}
