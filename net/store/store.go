// Package store keeps rooms durably: each room's metadata, its numbered event log and
// periodic snapshots of its state. Every state change of a room goes through Store, so a room
// can be served by whichever process holds it (docs/design.md, "Beyond one relay").
//
// Two implementations: Memory (tests) and Bolt (the default: one bbolt file, fsynced on
// every commit, with concurrent commits of different rooms grouped into one transaction).
package store

import (
	"context"
	"errors"
)

// Errors callers test with errors.Is.
var (
	ErrNotFound = errors.New("store: room not found")
	ErrExists   = errors.New("store: room already exists")
	// ErrConflict is returned when events do not continue the room's log (their first number
	// is not the last stored number plus one): another writer got there first.
	ErrConflict = errors.New("store: event numbers do not continue the log")
	// ErrUnavailable wraps failures of the storage itself (disk full, I/O error): nothing
	// was stored, and the caller should report "storage unavailable" and stay up.
	ErrUnavailable = errors.New("store: storage unavailable")
	// ErrNoDeck is returned by Deck for a hash under which no deck is stored.
	ErrNoDeck = errors.New("store: deck not found")
)

// Meta is what the relay keeps about a room besides its game state. Tokens are stored only
// as SHA-256 hashes: a stolen database file does not hand out seats.
type Meta struct {
	// ID is the room's UUID: unlike its join code, which a new room may get once this one
	// is deleted, it never names another room. Create gives a room without one a new id;
	// Bolt keys the room's data by it. Append's meta carries the id Load returned.
	ID              string `json:"id,omitempty"`
	Code            string `json:"code"`
	CreatedAt       int64  `json:"createdAt"`  // Unix ms
	LastActive      int64  `json:"lastActive"` // Unix ms of the last committed event
	RetentionDays   int    `json:"retentionDays"`
	FacilitatorHash []byte `json:"facilitatorHash"`
	// SeatHashes maps a seat (as a decimal string, for JSON) to the hash of its token.
	// A kicked or replaced seat's entry is removed, which revokes its token.
	SeatHashes map[string][]byte `json:"seatHashes,omitempty"`
	// Decks are the content hashes of the decks the room's snapshots may name: the stored
	// one's, and those a snapshot taken now would name. A stored deck no room names is
	// deleted (DeleteUnusedDecks). Nil for a room stored before rooms named their decks
	// here: while one is stored, no deck is deleted.
	Decks []string `json:"decks,omitempty"`
}

// Record is one stored event: its number (the room's state version after it), the command
// id that caused it (for applying a resent command once) and the encoded game.Event.
type Record struct {
	N     uint64 `json:"n"`
	Seat  int    `json:"seat,omitempty"`
	CmdID string `json:"cmd,omitempty"`
	Data  []byte `json:"data"`
}

// Snapshot is an encoded room state at event number N. It names its deck by content hash
// (net/host): the deck itself is stored once, apart (PutDeck), for every room that plays it.
type Snapshot struct {
	N    uint64
	Data []byte
}

// Loaded is everything needed to bring a room back: the newest snapshot and the events
// after it, in order.
type Loaded struct {
	Meta     Meta
	Snapshot Snapshot
	Events   []Record
}

// Store is the persistence interface of the relay. Methods are safe for concurrent use by
// many rooms; the relay never calls two writing methods for the same room at once (one
// goroutine owns a room), except that a room's snapshot may be stored (PutSnapshot, of
// events already appended) while the room appends the events after it.
type Store interface {
	// Create stores a new room with its initial snapshot (event number 0). ErrExists if
	// the code is taken.
	Create(ctx context.Context, meta Meta, initial Snapshot) error
	// Exists reports whether a room with that code is stored. It is cheap: the relay calls
	// it for every join before loading anything.
	Exists(ctx context.Context, code string) (bool, error)
	// Load returns the room's metadata, newest snapshot and the events after it.
	Load(ctx context.Context, code string) (*Loaded, error)
	// Append commits events (numbered consecutively after the last stored one) and, when
	// meta is not nil, the room's new metadata, in one durable transaction. When it returns
	// nil, the events survive a crash; when it returns an error, none of them were stored.
	Append(ctx context.Context, code string, events []Record, meta *Meta) error
	// Events returns the stored events with numbers in (after, upTo], in order. Events
	// older than the newest snapshot may have been pruned: then the first returned number
	// is greater than after+1, and the caller sends a fresh view instead.
	Events(ctx context.Context, code string, after, upTo uint64) ([]Record, error)
	// PutSnapshot stores a snapshot and may prune events it makes unnecessary. It keeps
	// no reference to snap.Data once it returns: the caller may use the bytes again.
	PutSnapshot(ctx context.Context, code string, snap Snapshot) error
	// Delete removes the room and all its data now. Its decks, shared content, stay until
	// no room names them (DeleteUnusedDecks).
	Delete(ctx context.Context, code string) error
	// PutDeck stores a deck's JSON under its content hash (cards.Deck.Hash), durably when
	// it returns nil, and notes at (Unix ms) as when it was last stored. A snapshot names
	// its decks by hash, so the caller stores them before any snapshot (or Create) that
	// names them. A hash names one content for good: storing it again only moves its time.
	PutDeck(ctx context.Context, hash string, data []byte, at int64) error
	// Deck returns the JSON of the deck stored under hash, or an error wrapping ErrNoDeck.
	Deck(ctx context.Context, hash string) ([]byte, error)
	// DeleteUnusedDecks deletes the decks that no stored room names (Meta.Decks) and that
	// were last stored before storedBefore (Unix ms), and returns their hashes. The time
	// covers a deck stored for a room that is not stored yet, and the callers that skip
	// storing a deck they stored a moment ago: a deck stored again meanwhile stays. While
	// a room without Meta.Decks is stored, it deletes nothing.
	DeleteUnusedDecks(ctx context.Context, storedBefore int64) ([]string, error)
	// Expired returns the codes of rooms whose LastActive plus their retention (or
	// defaultDays when the room's RetentionDays is 0) lies before now (Unix ms).
	Expired(ctx context.Context, now int64, defaultDays int) ([]string, error)
	// Count returns how many rooms are stored.
	Count(ctx context.Context) (int, error)
	// Close releases the store; further calls fail.
	Close() error
}
