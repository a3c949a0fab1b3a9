package client

import (
	"context"
	"net/url"
	"strings"
	"time"

	"impactkaarten/cards"
)

// deckCache holds the decks a client has, by content hash: the built-in deck, and those it
// fetched. A hash names one content forever, so nothing in it is fetched twice.
type deckCache struct {
	fetch func(ctx context.Context, hash string) (*cards.Deck, error)
	have  map[string]*cards.Deck
}

func newDeckCache(wsURL string, fetch func(ctx context.Context, hash string) (*cards.Deck, error)) *deckCache {
	c := &deckCache{fetch: fetch, have: map[string]*cards.Deck{}}
	if d, err := cards.Default(); err == nil {
		c.have[d.Hash()] = d
	}
	if c.fetch == nil {
		base := httpBase(wsURL)
		c.fetch = func(ctx context.Context, hash string) (*cards.Deck, error) { return FetchDeck(ctx, base, hash) }
	}
	return c
}

// get returns the deck with the given hash, fetching it if needed; nil if it cannot be had
// now (the client keeps the deck it has, and tries again with the next welcome).
func (c *deckCache) get(ctx context.Context, hash string) *cards.Deck {
	if d, ok := c.have[hash]; ok {
		return d
	}
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	d, err := c.fetch(ctx, hash)
	if err != nil || d == nil || d.Hash() != hash {
		return nil
	}
	c.have[hash] = d
	return d
}

// httpBase turns the relay's WebSocket URL (ws://host:port/ws) into its HTTP base.
func httpBase(wsURL string) string {
	u, err := url.Parse(wsURL)
	if err != nil {
		return ""
	}
	switch u.Scheme {
	case "wss":
		u.Scheme = "https"
	default:
		u.Scheme = "http"
	}
	u.Path, u.RawQuery, u.Fragment = strings.TrimSuffix(u.Path, "/ws"), "", ""
	return strings.TrimRight(u.String(), "/")
}

// deckHashURL is where the relay serves a deck by hash.
func deckHashURL(base, hash string) string {
	return strings.TrimRight(base, "/") + "/api/decks/" + url.PathEscape(hash)
}
