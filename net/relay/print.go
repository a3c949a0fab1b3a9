package relay

import (
	"fmt"
	"net/http"
	"sync"

	"impactkaarten/cards"
	"impactkaarten/cards/cardpdf"
	"impactkaarten/docs"
	"impactkaarten/net/protocol"
)

// printCache holds the printed built-in deck per language, made on the first request:
// printing takes a third of a second, and the endpoint needs no token.
type printCache struct {
	once [len(cards.Langs)]sync.Once
	data [len(cards.Langs)][]byte
	err  [len(cards.Langs)]error
}

// queryLang reads ?lang= (nl by default) and answers a bad one with 400.
func queryLang(w http.ResponseWriter, r *http.Request) (cards.Lang, bool) {
	lang := cards.Lang(r.URL.Query().Get("lang"))
	if lang == "" {
		lang = cards.NL
	}
	if !lang.Valid() {
		writeError(w, http.StatusBadRequest, protocol.ErrBadLang, fmt.Sprintf("unknown language %q: use nl or en", lang))
		return "", false
	}
	return lang, true
}

// guide serves the facilitator's guide as a printable page: GET /guide?lang=nl|en.
func (s *Server) guide(w http.ResponseWriter, r *http.Request) {
	lang, ok := queryLang(w, r)
	if !ok {
		return
	}
	page, err := docs.GuideHTML(lang)
	if err != nil {
		writeError(w, http.StatusInternalServerError, protocol.ErrInternal, "the guide could not be rendered: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(page)
}

// printDeck serves the built-in deck as a printable PDF: GET /api/decks/print?lang=nl|en.
func (s *Server) printDeck(w http.ResponseWriter, r *http.Request) {
	lang, ok := queryLang(w, r)
	if !ok {
		return
	}
	i := 0
	if lang == cards.EN {
		i = 1
	}
	s.printed.once[i].Do(func() { s.printed.data[i], s.printed.err[i] = cardpdf.Bytes(s.deck, lang) })
	writePrint(w, s.deck, lang, s.printed.data[i], s.printed.err[i])
}

// printRoomDeck serves the deck of a room, the built-in one or the facilitator's own, as a
// printable PDF: GET /api/rooms/{code}/deck/print?lang=nl|en, with the facilitator's token.
func (s *Server) printRoomDeck(w http.ResponseWriter, r *http.Request) {
	lang, ok := queryLang(w, r)
	if !ok {
		return
	}
	var deck *cards.Deck
	if !s.facilitator(w, r, msgQuery, func(rm *room) { deck = rm.state().Deck }) {
		return
	}
	// Decks are never changed in place (a new deck replaces the old), so printing outside
	// the room is safe, and a slow print never holds up the game.
	data, err := cardpdf.Bytes(deck, lang)
	writePrint(w, deck, lang, data, err)
}

func writePrint(w http.ResponseWriter, d *cards.Deck, lang cards.Lang, data []byte, err error) {
	if err != nil {
		writeError(w, http.StatusInternalServerError, protocol.ErrInternal, "the deck could not be printed: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", cardpdf.Filename(d, lang)))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(data)
}
