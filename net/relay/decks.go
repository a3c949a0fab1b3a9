package relay

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"sync"
	"time"

	"impactkaarten/cards"
	"impactkaarten/net/protocol"
)

// maxServedDecks bounds how many decks the relay keeps ready to serve by hash, besides its
// default deck. A room registers its deck when it loads and when its deck changes, so the
// decks of the rooms in play are always there; older ones make room.
const maxServedDecks = 256

// maxStoredHashes bounds the hashes of decks the relay remembers having stored. Past it the
// list starts again: storing a deck again is harmless, only a write.
const maxStoredHashes = 10_000

// storedFor is how long the relay trusts that a deck it stored is still stored, and so does
// not store it again for a new snapshot that names it. deckGrace is how long after it was
// last stored a deck no room names is deleted (Server.collectDecks): longer than storedFor,
// so that a deck the relay skipped storing is never deleted before the snapshot that names
// it, nor its room, is stored.
const (
	storedFor = time.Hour
	deckGrace = 2 * time.Hour
)

// deckShelf holds the decks in play by content hash: to serve them (GET /api/decks/{hash}),
// and to give every room that plays a deck the same *cards.Deck. A welcome names the room's
// deck by its hash; a client that does not have it fetches it here once, and caches it for
// good: a hash names one content forever. A snapshot names its decks by hash too: a room
// that loads finds its deck here, or in the store (Server.storedDeck).
type deckShelf struct {
	mu    sync.Mutex
	decks map[string]shelved // by hash
	order []string           // hashes, oldest first
	def   string             // the default deck's hash, never evicted
	// stored holds when this process last stored each deck, so that a deck is written
	// about once an hour, not with every snapshot (Server.storeDecks).
	stored map[string]time.Time
}

type shelved struct {
	deck *cards.Deck
	json []byte
}

func newDeckShelf(def *cards.Deck) *deckShelf {
	s := &deckShelf{decks: map[string]shelved{}, stored: map[string]time.Time{}}
	s.put(def)
	s.def = def.Hash()
	return s
}

// put keeps an indexed deck ready to serve and returns the deck the shelf holds for its
// hash: d, or an equal one put before, which the caller then uses instead.
func (s *deckShelf) put(d *cards.Deck) *cards.Deck {
	if d == nil {
		return nil
	}
	h := d.Hash()
	s.mu.Lock()
	defer s.mu.Unlock()
	if old, ok := s.decks[h]; ok {
		return old.deck
	}
	b, err := json.Marshal(d)
	if err != nil {
		return d // a deck is plain data; it always encodes
	}
	s.decks[h] = shelved{deck: d, json: b}
	s.order = append(s.order, h)
	for len(s.order) > maxServedDecks+1 {
		old := s.order[0]
		s.order = s.order[1:]
		if old == s.def {
			s.order = append(s.order, old)
			continue
		}
		delete(s.decks, old)
	}
	return d
}

// get returns a deck's JSON.
func (s *deckShelf) get(hash string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.decks[hash]
	return d.json, ok
}

// deck returns the deck of that hash, or nil.
func (s *deckShelf) deck(hash string) *cards.Deck {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.decks[hash].deck
}

// isStored reports whether this process stored the deck less than storedFor before now.
func (s *deckShelf) isStored(hash string, now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	at, ok := s.stored[hash]
	return ok && now.Sub(at) < storedFor
}

func (s *deckShelf) markStored(hash string, at time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.stored) >= maxStoredHashes {
		clear(s.stored)
	}
	s.stored[hash] = at
}

// forget drops a deck the store deleted: it is neither served nor known as stored.
func (s *deckShelf) forget(hash string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.stored, hash)
	if hash == s.def {
		return
	}
	if _, ok := s.decks[hash]; ok {
		delete(s.decks, hash)
		s.order = slices.DeleteFunc(s.order, func(h string) bool { return h == hash })
	}
}

// storeDecks stores the decks a snapshot names (host.Snapshot.Decks) that this process has
// not stored in the last storedFor: it returns nil once every one of them is durable, and
// only then may the snapshot be stored. Rooms nearly always play the built-in deck, so this
// writes about once an hour.
func (s *Server) storeDecks(ctx context.Context, decks []*cards.Deck) error {
	now := s.cfg.Now()
	for _, d := range decks {
		h := d.Hash()
		if s.decks.isStored(h, now) {
			continue
		}
		data, ok := s.decks.get(h)
		if !ok {
			var err error
			if data, err = json.Marshal(d); err != nil {
				return fmt.Errorf("relay: encode deck %s: %w", h, err)
			}
		}
		if err := s.store.PutDeck(ctx, h, data, now.UnixMilli()); err != nil {
			return fmt.Errorf("relay: store deck %s: %w", h, err)
		}
		s.decks.markStored(h, now)
	}
	return nil
}

// storedDeck returns the deck a snapshot names by hash: from the shelf, or else read from
// the store and shelved, so the rooms that play it share it. It is decoded as it was
// stored, without the deck format's validation: it was valid when it was loaded, and a
// stricter rule since must not keep a stored room from coming back.
func (s *Server) storedDeck(ctx context.Context, hash string) (*cards.Deck, error) {
	if d := s.decks.deck(hash); d != nil {
		return d, nil
	}
	data, err := s.store.Deck(ctx, hash)
	if err != nil {
		return nil, err
	}
	d := new(cards.Deck)
	if err := json.Unmarshal(data, d); err != nil {
		return nil, fmt.Errorf("relay: the stored deck %s is damaged: %w", hash, err)
	}
	// Not marked as stored: a deck read now may have been stored long ago, and the next
	// snapshot that names it must store it again to move its time (deckGrace).
	d.Index()
	return s.decks.put(d), nil
}

// collectDecks deletes the stored decks no room names any more, once deckGrace has passed
// since they were last stored: the decks of deleted rooms, and decks set in a lobby and
// replaced. A custom deck is an organisation's own content; it goes with its last room.
func (s *Server) collectDecks(now time.Time) {
	deleted, err := s.store.DeleteUnusedDecks(s.baseCtx, now.Add(-deckGrace).UnixMilli())
	if err != nil {
		s.log.Error("deck sweep", "err", err)
	}
	s.metrics.swept.WithLabelValues("deck").Add(float64(len(deleted)))
	for _, h := range deleted {
		s.decks.forget(h)
		s.log.Info("deck deleted: no room plays it", "deck", h)
	}
}

// sharedDeck returns, for a deck decoded from an event (a deck set in the lobby) or from a
// snapshot written before snapshots named their decks, the server's default deck when d
// has the same content, else the shelf's deck of d's hash (d itself, indexed, the first
// time). Decoding gave each loaded room its own copy of the same 66 cards (some 50 kB per
// room, 6 kB per connection); decks are never changed once indexed, so rooms share one.
func (s *Server) sharedDeck(d *cards.Deck) *cards.Deck {
	if d.ID == s.deck.ID && d.Version == s.deck.Version && reflect.DeepEqual(d.Name, s.deck.Name) &&
		reflect.DeepEqual(d.Cards, s.deck.Cards) {
		return s.deck
	}
	d.Index()
	return s.decks.put(d)
}

// serveDeck answers GET /api/decks/{hash} with the deck's JSON, cacheable for good.
func (s *Server) serveDeck(w http.ResponseWriter, r *http.Request) {
	hash := r.PathValue("hash")
	b, ok := s.decks.get(hash)
	if !ok {
		writeError(w, http.StatusNotFound, protocol.ErrUnknownDeck, "no deck in play has that hash")
		return
	}
	etag := `"` + hash + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}
