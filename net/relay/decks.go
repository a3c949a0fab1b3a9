package relay

import (
	"encoding/json"
	"net/http"
	"sync"

	"impactkaarten/cards"
	"impactkaarten/net/protocol"
)

// maxServedDecks bounds how many decks the relay keeps ready to serve by hash, besides its
// default deck. A room registers its deck when it loads and when its deck changes, so the
// decks of the rooms in play are always there; older ones make room.
const maxServedDecks = 256

// deckShelf serves decks by content hash (GET /api/decks/{hash}). A welcome names the
// room's deck by its hash; a client that does not have it fetches it here once, and caches
// it for good: a hash names one content forever.
type deckShelf struct {
	mu    sync.Mutex
	decks map[string][]byte // hash → the deck's JSON
	order []string          // hashes, oldest first
	def   string            // the default deck's hash, never evicted
}

func newDeckShelf(def *cards.Deck) *deckShelf {
	s := &deckShelf{decks: map[string][]byte{}}
	s.put(def)
	s.def = def.Hash()
	return s
}

// put keeps a deck ready to serve.
func (s *deckShelf) put(d *cards.Deck) {
	if d == nil {
		return
	}
	h := d.Hash()
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.decks[h]; ok {
		return
	}
	b, err := json.Marshal(d)
	if err != nil {
		return // a deck is plain data; it always encodes
	}
	s.decks[h] = b
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
}

func (s *deckShelf) get(hash string) ([]byte, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.decks[hash]
	return b, ok
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
