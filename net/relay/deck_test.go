package relay_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/net/protocol"
	"impactkaarten/net/relay"
	"impactkaarten/net/store"
)

// putDeck sends a deck file to a room and returns the status and body.
func (e *env) putDeck(t *testing.T, code, name, file, token string) (int, []byte) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return e.do(t, http.MethodPut, "/api/rooms/"+code+"/deck?name="+name, string(data), token)
}

// TestPutDeck: the facilitator loads a spreadsheet's deck in the lobby and every seat gets
// it; a bad file gets every problem with its line; a player may not; after the start it is
// too late.
func TestPutDeck(t *testing.T) {
	e := newEnv(t, relay.Config{})
	tab := e.newTable(t, "Ada")
	fac, ada := tab.fac, tab.players[0]

	status, body := e.putDeck(t, tab.code, "Ons%20deck.csv", "../../cards/testdata/good.csv", tab.token)
	var ans struct {
		ID    string
		Cards int
	}
	if status != http.StatusOK || json.Unmarshal(body, &ans) != nil || ans.ID != "ons-deck" || ans.Cards == 0 {
		t.Fatalf("put a good CSV deck: got %d %s", status, body)
	}
	m := ada.until("the deck", func(m protocol.Server) bool { return m.Event != nil && m.Event.Type == game.EvDeckSet })
	if m.Event.Deck != nil || m.Event.DeckID != "ons-deck" || m.Event.DeckHash == "" || ada.view.DeckID != "ons-deck" {
		t.Fatalf("Ada got %+v", m.Event)
	}
	fac.untilN(m.N)

	// The deck is content: fetched once by its hash, cacheable for good.
	resp, err := http.Get(e.ts.URL + "/api/decks/" + m.Event.DeckHash)
	if err != nil {
		t.Fatal(err)
	}
	got, err := cards.LoadJSON(resp.Body)
	resp.Body.Close()
	if err != nil || got.ID != "ons-deck" || got.Hash() != m.Event.DeckHash {
		t.Fatalf("GET the deck by its hash: %v, deck %q hash %q, want %q", err, got.ID, got.Hash(), m.Event.DeckHash)
	}
	if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") || resp.Header.Get("ETag") == "" {
		t.Errorf("deck answer: Cache-Control %q ETag %q, want it cacheable for good", cc, resp.Header.Get("ETag"))
	}
	req, _ := http.NewRequest(http.MethodGet, e.ts.URL+"/api/decks/"+m.Event.DeckHash, nil)
	req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
	if again, err := http.DefaultClient.Do(req); err != nil || again.StatusCode != http.StatusNotModified {
		t.Errorf("asked again with its ETag: %v %v, want 304", err, again)
	} else {
		again.Body.Close()
	}
	if resp, err := http.Get(e.ts.URL + "/api/decks/0123456789abcdef0123456789abcdef"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown deck hash: %v %v, want 404", err, resp)
	} else {
		resp.Body.Close()
	}

	status, body = e.putDeck(t, tab.code, "bad.csv", "../../cards/testdata/bad.csv", tab.token)
	var bad struct {
		Error    string
		Problems []string
	}
	if status != http.StatusBadRequest || json.Unmarshal(body, &bad) != nil || bad.Error != "bad_deck" || len(bad.Problems) < 2 || !strings.Contains(bad.Problems[0], "line ") {
		t.Fatalf("put a bad deck: got %d %s, want 400 with every problem by line", status, body)
	}
	// In the facilitator's language when the request names it.
	status, body = e.putDeck(t, tab.code, "bad.csv&lang=nl", "../../cards/testdata/bad.csv", tab.token)
	var nl struct{ Problems []string }
	if status != http.StatusBadRequest || json.Unmarshal(body, &nl) != nil || len(nl.Problems) != len(bad.Problems) ||
		!strings.HasPrefix(nl.Problems[1], `regel 2 (kaart "st-1"), title_en: de Engelse vertaling ontbreekt`) {
		t.Fatalf("put a bad deck with ?lang=nl: got %d %s, want its problems in Dutch", status, body)
	}
	if v := e.state(t, tab.code, tab.token); v.DeckID != "ons-deck" {
		t.Errorf("after the bad deck the room plays %q, want the good one kept", v.DeckID)
	}
	if status, _ := e.putDeck(t, tab.code, "x.csv", "../../cards/testdata/good.csv", ada.token); status != http.StatusForbidden {
		t.Errorf("a player puts a deck: got %d, want 403", status)
	}
	// Without the token nothing is read: a bad file gets 401 and a player's token 403, not
	// the file's problems.
	if status, body := e.putDeck(t, tab.code, "bad.csv", "../../cards/testdata/bad.csv", ""); status != http.StatusUnauthorized {
		t.Errorf("a bad deck without a token: got %d %s, want 401", status, body)
	}
	if status, body := e.putDeck(t, tab.code, "bad.csv", "../../cards/testdata/bad.csv", ada.token); status != http.StatusForbidden {
		t.Errorf("a bad deck with a player's token: got %d %s, want 403", status, body)
	}
	tab.syncAll(fac.do(cmdOf(game.CmdStart)).N)
	status, body = e.putDeck(t, tab.code, "x.csv", "../../cards/testdata/good.csv", tab.token)
	if status != http.StatusConflict || !strings.Contains(string(body), string(game.WrongPhase)) {
		t.Errorf("a deck after the start: got %d %s, want 409 wrong_phase", status, body)
	}
}

// deckOf fetches a deck by hash from the relay, or fails.
func (e *env) deckOf(t *testing.T, hash string) *cards.Deck {
	t.Helper()
	status, body := e.do(t, http.MethodGet, "/api/decks/"+hash, "", "")
	if status != http.StatusOK {
		t.Fatalf("GET /api/decks/%s: %d %s", hash, status, body)
	}
	d, err := cards.LoadJSON(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("GET /api/decks/%s: %v", hash, err)
	}
	return d
}

// TestCustomDeckSurvivesRestart: a deck set in the lobby is stored once, apart from the
// room's snapshots, which name it by hash; a restarted relay (a new process on the same
// file) brings the room back with it, serves it by hash again, and can undo back to the
// deck before it, which the snapshot's undo state names.
func TestCustomDeckSurvivesRestart(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := openBolt(t, dir)
	e := newEnv(t, relay.Config{Store: st})
	tab := e.newTable(t, "Ada")
	def := e.deckOf(t, tab.fac.deck)
	if status, body := e.putDeck(t, tab.code, "Ons%20deck.csv", "../../cards/testdata/good.csv", tab.token); status != http.StatusOK {
		t.Fatalf("put a deck: %d %s", status, body)
	}
	m := tab.fac.until("the deck", func(m protocol.Server) bool { return m.Event != nil && m.Event.Type == game.EvDeckSet })
	tab.syncAll(m.N)
	custom := m.Event.DeckHash
	if err := e.srv.Shutdown(ctx); err != nil { // every room is snapshotted
		t.Fatal(err)
	}
	e.stop()

	l, err := st.Load(ctx, normal(tab.code))
	if err != nil {
		t.Fatal(err)
	}
	if l.Snapshot.N < m.N || len(l.Events) != 0 {
		t.Fatalf("after the shutdown: snapshot at %d and %d events after it, want the snapshot at %d", l.Snapshot.N, len(l.Events), m.N)
	}
	var snap struct {
		Decks []string `json:"decks"`
	}
	if err := json.Unmarshal(l.Snapshot.Data, &snap); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(snap.Decks, []string{custom, def.Hash()}) {
		t.Fatalf("the snapshot names decks %v, want the new one and the undo state's %s", snap.Decks, []string{custom, def.Hash()})
	}
	if title := def.Cards[0].Title.NL; bytes.Contains(l.Snapshot.Data, []byte(title)) || len(l.Snapshot.Data) > 20_000 {
		t.Fatalf("the snapshot (%d bytes) holds the deck", len(l.Snapshot.Data))
	}
	for _, h := range snap.Decks {
		if _, err := st.Deck(ctx, h); err != nil {
			t.Fatalf("deck %s is not stored: %v", h, err)
		}
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	e2 := newEnv(t, relay.Config{Store: openBolt(t, dir)})
	fac := e2.dial(t, "fac-back")
	fac.n = tab.fac.n
	w := fac.resume(tab.code, tab.fac.token, tab.fac.n)
	if w.DeckHash != custom || w.View.DeckID != "ons-deck" {
		t.Fatalf("after the restart the room plays %q (%s), want ons-deck (%s)", w.View.DeckID, w.DeckHash, custom)
	}
	if got := e2.deckOf(t, custom); got.Hash() != custom || got.ID != "ons-deck" {
		t.Fatalf("the deck served after the restart: %q %s", got.ID, got.Hash())
	}
	ack := fac.do(cmdOf(game.CmdUndo)) // back to the deck before, which the undo state holds
	fac.untilN(ack.N)
	if fac.view.DeckID != def.ID {
		t.Fatalf("after undo the room plays %q, want %q", fac.view.DeckID, def.ID)
	}
}

// TestRoomWithEmbeddedDeckLoads: a room stored before snapshots named their decks (its
// snapshot holds the deck inline) loads and plays as before, and its next snapshot names
// the deck instead.
func TestRoomWithEmbeddedDeckLoads(t *testing.T) {
	ctx := context.Background()
	st := store.NewMemory()
	e := newEnv(t, relay.Config{Store: st})
	cr := e.createRoom(t, "")
	code := normal(cr.Code)
	e.stop()

	// The room's initial snapshot as the relay wrote it before: the state, deck inline.
	l, err := st.Load(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	var now struct {
		State *game.State `json:"state"`
		Decks []string    `json:"decks"`
	}
	if err := json.Unmarshal(l.Snapshot.Data, &now); err != nil || now.State == nil || now.State.Deck != nil || len(now.Decks) != 1 {
		t.Fatalf("a new room's snapshot: %v, decks %v", err, now.Decks)
	}
	def, err := cards.Default()
	if err != nil {
		t.Fatal(err)
	}
	if now.Decks[0] != def.Hash() {
		t.Fatalf("a new room's snapshot names deck %s, want the built-in %s", now.Decks[0], def.Hash())
	}
	now.State.Deck = def
	old, err := json.Marshal(struct {
		State *game.State `json:"state"`
	}{now.State})
	if err != nil {
		t.Fatal(err)
	}
	if err := st.PutSnapshot(ctx, code, store.Snapshot{N: l.Snapshot.N, Data: old}); err != nil {
		t.Fatal(err)
	}

	e2 := newEnv(t, relay.Config{Store: st})
	fac := e2.dial(t, "fac")
	w := fac.join(cr.Code, protocol.Client{Name: "Fenna", FacilitatorToken: cr.FacilitatorToken})
	if w.DeckHash != def.Hash() || w.View.DeckID != def.ID {
		t.Fatalf("the old room plays %q (%s), want the built-in deck", w.View.DeckID, w.DeckHash)
	}
	ada := e2.dial(t, "Ada")
	fac.untilN(ada.join(cr.Code, protocol.Client{}).N)
	ack := fac.do(cmdOf(game.CmdStart))
	ada.untilN(ack.N)
	ada.untilN(ada.do(vote(3)).N)
	e2.stop() // snapshots the room
	l, err = st.Load(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if l.Snapshot.N < ack.N || len(l.Snapshot.Data) >= len(old) || !bytes.Contains(l.Snapshot.Data, []byte(`"decks":["`+def.Hash())) {
		t.Fatalf("the snapshot after playing: at %d, %d bytes (the old one %d), want it to name its deck", l.Snapshot.N, len(l.Snapshot.Data), len(old))
	}
}

// clocked returns a relay configuration on st whose clock the test moves: after(d) sets it
// to d after where it began.
func clocked(st store.Store) (relay.Config, func(d time.Duration)) {
	var now atomic.Int64
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	now.Store(t0.UnixMilli())
	cfg := relay.Config{Store: st, Now: func() time.Time { return time.UnixMilli(now.Load()) }}
	return cfg, func(d time.Duration) { now.Store(t0.Add(d).UnixMilli()) }
}

// TestUnusedDecksDeleted: the stored decks no room names any more — replaced in a lobby,
// or played by a room since deleted — are deleted by the sweep once two hours have passed
// since they were last stored, and are no longer served; the deck a room plays and its
// undo state's stay. A lobby whose deck was set again and again names at most 8 decks.
// The relay sweeps when it starts, so the test moves the clock and starts another.
func TestUnusedDecksDeleted(t *testing.T) {
	ctx := context.Background()
	st := store.NewMemory()
	cfg, after := clocked(st)
	stored := func(hash string) bool {
		t.Helper()
		_, err := st.Deck(ctx, hash)
		if err != nil && !errors.Is(err, store.ErrNoDeck) {
			t.Fatal(err)
		}
		return err == nil
	}

	e := newEnv(t, cfg)
	tab := e.newTable(t, "Ada")
	var set []string // the decks set in the lobby, in order
	for i := range 12 {
		if status, body := e.putDeck(t, tab.code, fmt.Sprintf("deck%d.csv", i), "../../cards/testdata/good.csv", tab.token); status != http.StatusOK {
			t.Fatalf("put deck %d: %d %s", i, status, body)
		}
		m := tab.fac.until("the deck", func(m protocol.Server) bool { return m.Event != nil && m.Event.Type == game.EvDeckSet })
		tab.syncAll(m.N)
		set = append(set, m.Event.DeckHash)
	}
	playing, undo := set[11], set[10]
	e.stop() // snapshots the room: it names the deck it plays and its undo state's
	l, err := st.Load(ctx, normal(tab.code))
	if err != nil {
		t.Fatal(err)
	}
	named := l.Meta.Decks
	if n := len(named); n > 8 || !slices.Contains(named, playing) || !slices.Contains(named, undo) {
		t.Fatalf("after 12 decks set the room names %d decks %v, want at most 8 with %s and %s", n, named, playing, undo)
	}
	// The decks a snapshot stored that the room no longer names: at least the one it began
	// with, dropped when the room's list of decks was cut back.
	var unnamed, kept []string // kept: those it names that a snapshot stored
	for _, h := range append([]string{tab.fac.deck}, set...) {
		switch {
		case !stored(h):
		case slices.Contains(named, h):
			kept = append(kept, h)
		default:
			unnamed = append(unnamed, h)
		}
	}
	if !slices.Contains(kept, playing) || !slices.Contains(kept, undo) {
		t.Fatalf("the snapshot at the stop did not store the decks it names: stored and named %v", kept)
	}
	if !slices.Contains(unnamed, tab.fac.deck) {
		t.Fatalf("the room still names its first deck: %v", named)
	}

	// Within two hours of being stored nothing goes; after them the unnamed decks do.
	after(90 * time.Minute)
	e2 := newEnv(t, cfg)
	e2.stop() // its first sweep is done once it has stopped
	for _, h := range unnamed {
		if !stored(h) {
			t.Fatalf("deck %s was deleted 90 minutes after it was stored", h)
		}
	}
	after(3 * time.Hour)
	e3 := newEnv(t, cfg)
	eventually(t, "the decks no room names to be deleted", func() bool {
		return !slices.ContainsFunc(unnamed, stored)
	})
	for _, h := range kept {
		if !stored(h) {
			t.Fatalf("deck %s, which the room names, was deleted", h)
		}
	}
	fac := e3.dial(t, "fac-back")
	fac.n = tab.fac.n
	if w := fac.resume(tab.code, tab.fac.token, tab.fac.n); w.DeckHash != playing {
		t.Fatalf("after the sweep the room plays %s, want %s", w.DeckHash, playing)
	}
	fac.untilN(fac.do(cmdOf(game.CmdUndo)).N)
	if got := e3.deckOf(t, undo); got.Hash() != undo {
		t.Fatalf("the undo state's deck served: %s", got.Hash())
	}

	// The room deleted, its decks go with it once the grace has passed.
	if status, body := e3.do(t, http.MethodDelete, "/api/rooms/"+tab.code, "", tab.token); status != http.StatusNoContent {
		t.Fatalf("delete the room: %d %s", status, body)
	}
	e3.stop()
	after(6 * time.Hour)
	e4 := newEnv(t, cfg)
	eventually(t, "the deleted room's decks to be deleted", func() bool { return !slices.ContainsFunc(kept, stored) })
	if status, _ := e4.do(t, http.MethodGet, "/api/decks/"+playing, "", ""); status != http.StatusNotFound {
		t.Errorf("GET a deleted deck: %d, want 404", status)
	}
	// Counted once the sweep has deleted them (the store's deletion shows first).
	eventually(t, "the deleted decks to be counted", func() bool {
		return e4.metric(t, `impactkaarten_swept_total{what="deck"}`) == float64(len(kept))
	})
}

// TestOldRoomNamesItsDecks: while a room stored before rooms named their decks is stored,
// the sweep deletes no deck; once the room has been loaded and played, it names them, and
// the sweep goes on.
func TestOldRoomNamesItsDecks(t *testing.T) {
	ctx := context.Background()
	st := store.NewMemory()
	cfg, after := clocked(st)
	const orphan = "0123456789abcdef0123456789abcdef"
	if err := st.PutDeck(ctx, orphan, []byte(`{"id":"wees"}`), cfg.Now().UnixMilli()); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, cfg)
	cr := e.createRoom(t, "")
	e.stop()
	code := normal(cr.Code)
	forgetDecks(t, st, code)

	after(3 * time.Hour)
	e2 := newEnv(t, cfg)
	e2.stop() // its first sweep is done once it has stopped
	if _, err := st.Deck(ctx, orphan); err != nil {
		t.Fatalf("a deck was deleted while a room that does not name its decks is stored: %v", err)
	}

	e3 := newEnv(t, cfg)
	fac := e3.dial(t, "fac")
	w := fac.join(cr.Code, protocol.Client{Name: "Fenna", FacilitatorToken: cr.FacilitatorToken})
	e3.stop()
	if l, err := st.Load(ctx, code); err != nil || !slices.Equal(l.Meta.Decks, []string{w.DeckHash}) {
		t.Fatalf("the old room after a join names decks %v (%v), want %s", l.Meta.Decks, err, w.DeckHash)
	}
	e4 := newEnv(t, cfg)
	eventually(t, "the deck no room names to be deleted", func() bool {
		_, err := st.Deck(ctx, orphan)
		return errors.Is(err, store.ErrNoDeck)
	})
	e4.stop()
	if _, err := st.Deck(ctx, w.DeckHash); err != nil {
		t.Fatalf("the room's deck: %v", err)
	}
}

// TestOldRoomUnsnapshottedNamesNoDecks: a room from before rooms named their decks whose
// snapshot could not be stored when it was loaded goes on naming none, also when its lobby
// sets a deck: its stored snapshot names a deck the room does not know to name.
func TestOldRoomUnsnapshottedNamesNoDecks(t *testing.T) {
	ctx := context.Background()
	st := store.NewMemory()
	e := newEnv(t, relay.Config{Store: st})
	cr := e.createRoom(t, "")
	e.stop()
	code := normal(cr.Code)
	forgetDecks(t, st, code)

	failing := &failDeckOnce{Store: st}
	failing.armed.Store(true) // the snapshot taken as the room loads stores its deck first
	e2 := newEnv(t, relay.Config{Store: failing})
	fac := e2.dial(t, "fac")
	fac.join(cr.Code, protocol.Client{Name: "Fenna", FacilitatorToken: cr.FacilitatorToken})
	if status, body := e2.putDeck(t, cr.Code, "Ons%20deck.csv", "../../cards/testdata/good.csv", cr.FacilitatorToken); status != http.StatusOK {
		t.Fatalf("put a deck: %d %s", status, body)
	}
	fac.until("the deck", func(m protocol.Server) bool { return m.Event != nil && m.Event.Type == game.EvDeckSet })
	e2.stop()
	if l, err := st.Load(ctx, code); err != nil || l.Meta.Decks != nil {
		t.Fatalf("the old room names decks %v (%v), want none", l.Meta.Decks, err)
	}
}

// failDeckOnce is a store whose next PutDeck, once armed, fails as a full disk would.
type failDeckOnce struct {
	store.Store
	armed atomic.Bool
}

func (f *failDeckOnce) PutDeck(ctx context.Context, hash string, data []byte, at int64) error {
	if f.armed.Swap(false) {
		return fmt.Errorf("disk full: %w", store.ErrUnavailable)
	}
	return f.Store.PutDeck(ctx, hash, data, at)
}

// forgetDecks stores a new room again as a relay from before rooms named their decks
// stored it: its meta names none.
func forgetDecks(t *testing.T, st store.Store, code string) {
	t.Helper()
	ctx := context.Background()
	l, err := st.Load(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Meta.Decks) != 1 {
		t.Fatalf("a new room names decks %v, want its one deck", l.Meta.Decks)
	}
	old := l.Meta
	old.Decks = nil
	if err := st.Delete(ctx, code); err != nil {
		t.Fatal(err)
	}
	if err := st.Create(ctx, old, l.Snapshot); err != nil {
		t.Fatal(err)
	}
}

// TestDeckCommandServed: a deck set with the websocket's deck command is served by the hash
// its deckset names, at once, like one put over HTTP: every other seat fetches it from
// there.
func TestDeckCommandServed(t *testing.T) {
	e := newEnv(t, relay.Config{})
	tab := e.newTable(t, "Ada")
	fac, ada := tab.fac, tab.players[0]
	f, err := os.Open("../../cards/testdata/good.csv")
	if err != nil {
		t.Fatal(err)
	}
	deck, err := cards.LoadCSVAs(f, cards.DeckInfo{ID: "over-the-socket", Version: 1, Name: cards.Text{NL: "Via de socket", EN: "Over the socket"}})
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	want := deck.Hash()
	ack := fac.do(game.Command{Type: game.CmdDeck, Args: game.Args{Deck: deck}})
	if ack.T != protocol.TAck {
		t.Fatalf("the deck command: %+v", ack)
	}
	m := ada.until("the deck", func(m protocol.Server) bool { return m.Event != nil && m.Event.Type == game.EvDeckSet })
	if m.Event.DeckHash != want {
		t.Fatalf("deckset names %q, want the deck's hash %q", m.Event.DeckHash, want)
	}
	if got := e.deckOf(t, m.Event.DeckHash); got.ID != "over-the-socket" || got.Hash() != want {
		t.Fatalf("GET the deck by its hash: deck %q hash %q, want %q", got.ID, got.Hash(), want)
	}
}
