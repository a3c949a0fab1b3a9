package relay

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/report"
	"impactkaarten/net/host"
	"impactkaarten/net/protocol"
	"impactkaarten/net/store"
)

// maxCreateBody bounds POST /api/rooms: enough for a custom deck of 500 cards.
const maxCreateBody = 1 << 20

// createRequest is the optional body of POST /api/rooms.
type createRequest struct {
	// Deck is a deck id ("digitaal-dna") or a whole deck object in the JSON deck format.
	Deck json.RawMessage `json:"deck,omitempty"`
	Lang cards.Lang      `json:"lang,omitempty"`
	// Settings may name only what differs from the defaults: it is read over them.
	Settings json.RawMessage `json:"settings,omitempty"`
}

type createResponse struct {
	Code             string `json:"code"`
	JoinURL          string `json:"joinUrl"`
	FacilitatorToken string `json:"facilitatorToken"`
}

type apiError struct {
	Error    protocol.Code `json:"error"`
	Message  string        `json:"message"`
	Problems []string      `json:"problems,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// busyRetryAfter is the Retry-After, in seconds, of an answer refused while shedding load:
// a few renewal rounds, time for the node to say whether it is still saturated.
const busyRetryAfter = "3"

func writeError(w http.ResponseWriter, status int, code protocol.Code, msg string) {
	writeJSON(w, status, apiError{Error: code, Message: msg})
}

func (s *Server) createRoom(w http.ResponseWriter, r *http.Request) {
	ip := clientIP(r)
	if s.closing.Load() {
		writeError(w, http.StatusServiceUnavailable, protocol.ErrUnavailable, "the server is shutting down")
		return
	}
	if s.node != nil && s.node.shedding() {
		// The rooms this node runs come first: a new one would add to the load that is
		// already making their leases late (docs/cluster.md, "Load shedding").
		s.metrics.shed.WithLabelValues("create").Inc()
		w.Header().Set("Retry-After", busyRetryAfter)
		writeError(w, http.StatusServiceUnavailable, protocol.ErrBusy, "the server is busy; try again in a few seconds")
		return
	}
	if !s.limits.createAllowed(ip) {
		writeError(w, http.StatusTooManyRequests, protocol.ErrTooManyRooms, "too many rooms created from your address; wait a minute")
		return
	}
	var req createRequest
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxCreateBody))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, protocol.ErrTooLarge, fmt.Sprintf("the request is larger than %d bytes", maxCreateBody))
		return
	}
	if len(bytes.TrimSpace(body)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			writeError(w, http.StatusBadRequest, protocol.ErrBadRequest, "the body is not a valid room request: "+err.Error())
			return
		}
	}
	deck, err := s.requestDeck(req.Deck)
	if err != nil {
		writeDeckError(w, r, err)
		return
	}
	settings := game.DefaultSettings()
	if raw := bytes.TrimSpace(req.Settings); len(raw) > 0 && string(raw) != "null" {
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&settings); err != nil {
			writeError(w, http.StatusBadRequest, protocol.ErrBadSettings, "settings: "+err.Error())
			return
		}
	}
	if req.Lang != "" {
		settings.Lang = req.Lang
	}
	// The engine validates settings and fills in what it may (a missing language); a room
	// is created only with settings it accepts, as it accepted them.
	settings, err = checkSettings(deck, settings)
	if err != nil {
		writeError(w, http.StatusBadRequest, protocol.ErrBadSettings, err.Error())
		return
	}
	if settings.RetentionDays == 0 {
		// Written out, so the facilitator sees in the lobby how long the room is kept.
		settings.RetentionDays = s.cfg.RetentionDays
	}
	if n, err := s.store.Count(r.Context()); err != nil {
		writeError(w, http.StatusServiceUnavailable, protocol.ErrUnavailable, "storage unavailable; try again")
		return
	} else if n >= s.cfg.MaxRooms {
		writeError(w, http.StatusServiceUnavailable, protocol.ErrTooManyRooms, "this server holds its maximum number of rooms")
		return
	}
	st := game.New(deck, seed(), settings)
	initial, err := host.InitialSnapshot(st)
	if err != nil {
		writeError(w, http.StatusInternalServerError, protocol.ErrInternal, "could not encode the room")
		return
	}
	// The snapshot names its deck: the deck is stored first (once per process and deck).
	if err := s.storeDecks(r.Context(), initial.Decks); err != nil {
		s.log.Error("create room", "err", err)
		writeError(w, http.StatusServiceUnavailable, protocol.ErrUnavailable, "storage unavailable; try again")
		return
	}
	token, hash := newToken()
	now := s.cfg.Now().UnixMilli()
	for attempt := 0; ; attempt++ {
		code := newCode(protocol.CodeAlphabet, protocol.CodeLen)
		// The room's id stays its own, unlike the code, which a later room may get once
		// this one is deleted: it keys the room in storage and names it in its report.
		meta := store.Meta{ID: uuid.Must(uuid.NewV7()).String(), Code: code, CreatedAt: now, LastActive: now, RetentionDays: settings.RetentionDays,
			FacilitatorHash: hash, SeatHashes: map[string][]byte{}, Decks: host.DeckHashes(st)}
		err = s.store.Create(r.Context(), meta, store.Snapshot{N: 0, Data: initial.Data})
		if errors.Is(err, store.ErrExists) && attempt < 5 {
			continue
		}
		if err != nil {
			s.log.Error("create room", "err", err)
			writeError(w, http.StatusServiceUnavailable, protocol.ErrUnavailable, "storage unavailable; try again")
			return
		}
		s.log.Info("room created", "room", code, "ip", ip)
		writeJSON(w, http.StatusCreated, createResponse{
			Code:             protocol.FormatCode(code),
			JoinURL:          s.joinURL(r, code),
			FacilitatorToken: token,
		})
		return
	}
}

// requestDeck resolves the deck of a room request: the default, a built-in id, or a deck
// object. A bad deck's error lists its problems (writeDeckError).
func (s *Server) requestDeck(raw json.RawMessage) (*cards.Deck, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return s.deck, nil
	}
	if raw[0] == '"' {
		var id string
		if json.Unmarshal(raw, &id) == nil && id == s.deck.ID {
			return s.deck, nil
		}
		return nil, fmt.Errorf("unknown deck %s; send %q or a whole deck", raw, s.deck.ID)
	}
	return cards.LoadJSON(bytes.NewReader(raw))
}

// writeDeckError answers a deck that cannot be played with 400 bad_deck: each problem an
// entry of problems (with its line and field where it has them) in the language the
// request's ?lang= asks for (English by default, and for a language the deck format has
// no words in), their count in message.
func writeDeckError(w http.ResponseWriter, r *http.Request, err error) {
	lang := cards.Lang(r.URL.Query().Get("lang"))
	if !lang.Valid() {
		lang = cards.EN
	}
	lines := []string{err.Error()}
	if ps := (cards.Problems{}); errors.As(err, &ps) {
		lines = make([]string, len(ps))
		for i, p := range ps {
			lines[i] = p.In(lang)
		}
	}
	msg := fmt.Sprintf("the deck has %d problems", len(lines))
	if len(lines) == 1 {
		msg = "the deck has 1 problem"
	}
	writeJSON(w, http.StatusBadRequest, apiError{Error: protocol.ErrBadDeck, Message: msg, Problems: lines})
}

// checkSettings runs the settings through the engine, which owns their rules, and returns
// them as the engine would keep them.
func checkSettings(deck *cards.Deck, settings game.Settings) (game.Settings, error) {
	st := game.New(deck, 1, game.DefaultSettings())
	join, err := game.Decide(st, game.System, game.Command{Type: game.CmdJoin, Args: game.Args{Name: "x", Facilitator: true}})
	if err != nil {
		return settings, err
	}
	st.Apply(join[0])
	evs, err := game.Decide(st, 1, game.Command{Type: game.CmdSettings, Args: game.Args{Settings: &settings}})
	if err != nil {
		if re := (*game.Error)(nil); errors.As(err, &re) {
			if re.Code == game.NoChange {
				return st.Settings, nil // the defaults, as asked
			}
			return settings, errors.New(re.Message)
		}
		return settings, err
	}
	if len(evs) == 1 && evs[0].Settings != nil {
		settings = *evs[0].Settings
	}
	return settings, nil
}

func (s *Server) joinURL(r *http.Request, code string) string {
	base := strings.TrimRight(s.cfg.PublicURL, "/")
	if base == "" {
		scheme := "http"
		if r.TLS != nil || r.Header.Get("X-Forwarded-Proto") == "https" {
			scheme = "https"
		}
		base = scheme + "://" + r.Host
	}
	return base + "/?room=" + protocol.FormatCode(code)
}

// roomCode reads and normalises the {code} path value, answering 404 when it cannot be one.
func (s *Server) roomCode(w http.ResponseWriter, r *http.Request) (string, bool) {
	code, ok := protocol.NormalizeCode(r.PathValue("code"))
	if !ok {
		writeError(w, http.StatusNotFound, protocol.ErrUnknownRoom, "a room code has six letters and digits, like K7P-2QX")
		return "", false
	}
	return code, true
}

type roomFacts struct {
	Exists   bool       `json:"exists"`
	Code     string     `json:"code"`
	Phase    game.Phase `json:"phase"`
	Players  int        `json:"players"`
	Online   int        `json:"online"`
	DeckID   string     `json:"deckId"`
	DeckName cards.Text `json:"deckName"`
	Lang     cards.Lang `json:"lang"`
}

func (s *Server) roomInfo(w http.ResponseWriter, r *http.Request) {
	ip := clientIP(r)
	if !s.limits.joinAllowed(ip) {
		writeError(w, http.StatusTooManyRequests, protocol.ErrTooManyTries, "too many look-ups of unknown rooms; wait a minute")
		return
	}
	code, ok := s.roomCode(w, r)
	if !ok {
		return
	}
	var facts roomFacts
	err := s.hub.do(code, msgQuery, func(rm *room) {
		facts = roomFacts{Exists: true, Code: protocol.FormatCode(code), Phase: rm.state().Phase,
			DeckID: rm.state().Deck.ID, DeckName: rm.state().Deck.Name, Lang: rm.state().Settings.Lang}
		for _, st := range rm.state().Seats {
			if !st.Gone && !st.Observer {
				facts.Players++
			}
			if st.Connected {
				facts.Online++
			}
		}
	})
	if s.roomErr(w, ip, err) {
		return
	}
	writeJSON(w, http.StatusOK, facts)
}

// roomErr answers a failed room look-up; it reports whether it did.
func (s *Server) roomErr(w http.ResponseWriter, ip string, err error) bool {
	switch {
	case err == nil:
		return false
	case errors.Is(err, errNoRoom):
		s.limits.joinFailed(ip)
		writeError(w, http.StatusNotFound, protocol.ErrUnknownRoom, "no room has that code")
	default:
		writeError(w, http.StatusServiceUnavailable, protocol.ErrUnavailable, "the room cannot be loaded right now; try again")
	}
	return true
}

// facilitator runs fn in the room if the request carries the room's facilitator token, or
// the seat token of whoever is facilitator now (see room.facilitatorAuth).
func (s *Server) facilitator(w http.ResponseWriter, r *http.Request, kind msgKind, fn func(*room)) bool {
	ip := clientIP(r)
	code, ok := s.roomCode(w, r)
	if !ok {
		return false
	}
	auth := r.Header.Get("Authorization")
	token, found := strings.CutPrefix(auth, "Bearer ")
	if !found || strings.TrimSpace(token) == "" {
		w.Header().Set("WWW-Authenticate", `Bearer realm="impactkaarten"`)
		writeError(w, http.StatusUnauthorized, protocol.ErrUnauthorized, "send the facilitator token as: Authorization: Bearer <token>")
		return false
	}
	// Past the address's budget of failures a correct token still works (nobody guesses
	// one), as a seat's resume does; a wrong token or an unknown room gets 429, which says
	// nothing of the room.
	overBudget := !s.limits.joinAllowed(ip)
	refuse := func() {
		writeError(w, http.StatusTooManyRequests, protocol.ErrTooManyTries, "too many failed attempts; wait a minute")
	}
	roomErr := func(err error) bool { // as s.roomErr, but for an unknown room past the budget
		if overBudget && errors.Is(err, errNoRoom) {
			refuse()
			return true
		}
		return s.roomErr(w, ip, err)
	}
	allowed := false
	check := func(rm *room) {
		if allowed = rm.facilitatorAuth(strings.TrimSpace(token)); allowed {
			fn(rm)
		}
	}
	if kind == msgDelete {
		// Check the token first, in the room; delete only when it matched.
		err := s.hub.do(code, msgQuery, func(rm *room) { allowed = rm.facilitatorAuth(strings.TrimSpace(token)) })
		if roomErr(err) {
			return false
		}
		if allowed {
			err = s.hub.do(code, msgDelete, nil)
			if err != nil && !errors.Is(err, errNoRoom) {
				writeError(w, http.StatusServiceUnavailable, protocol.ErrUnavailable, "the room could not be deleted now; try again")
				return false
			}
		}
	} else if err := s.hub.do(code, msgQuery, check); roomErr(err) {
		return false
	}
	if !allowed && overBudget {
		refuse()
		return false
	}
	if !allowed {
		s.limits.joinFailed(ip)
		writeError(w, http.StatusForbidden, protocol.ErrForbidden, "that token is not this room's facilitator token")
		return false
	}
	return true
}

func (s *Server) roomState(w http.ResponseWriter, r *http.Request) {
	var view game.PlayerView
	if s.facilitator(w, r, msgQuery, func(rm *room) { view = game.View(rm.state(), rm.state().Facilitator) }) {
		writeJSON(w, http.StatusOK, view)
	}
}

// roomReport serves the session report in any format, at any time during the session.
func (s *Server) roomReport(w http.ResponseWriter, r *http.Request) {
	format := r.URL.Query().Get("format")
	if format == "" {
		format = "html"
	}
	if !slices.Contains(report.Formats[:], format) {
		writeError(w, http.StatusBadRequest, protocol.ErrBadFormat, fmt.Sprintf("unknown format %q: use one of %s", format, strings.Join(report.Formats[:], ", ")))
		return
	}
	lang := cards.Lang(r.URL.Query().Get("lang"))
	if lang != "" && !lang.Valid() {
		writeError(w, http.StatusBadRequest, protocol.ErrBadLang, fmt.Sprintf("unknown language %q: use nl or en", lang))
		return
	}
	var rep *report.Report
	var err error
	// The report is built inside the room (it reads the state) and rendered outside it,
	// so a slow PNG never holds up the game.
	if !s.facilitator(w, r, msgQuery, func(rm *room) {
		rep, err = report.Build(rm.state(), report.Info{Room: protocol.FormatCode(rm.code), RoomID: rm.meta.ID, Generated: s.cfg.Now().In(s.cfg.Location)}, lang)
	}) {
		return
	}
	if err != nil {
		writeError(w, http.StatusInternalServerError, protocol.ErrInternal, "the report could not be built: "+err.Error())
		return
	}
	data, ctype, filename, err := report.Render(rep, format)
	if err != nil {
		writeError(w, http.StatusInternalServerError, protocol.ErrInternal, "the report could not be rendered: "+err.Error())
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", filename))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(data)
}

// maxDeckBody bounds PUT /api/rooms/{code}/deck: the deck format's own limit.
const maxDeckBody = cards.MaxDeckBytes

// deckAnswer is the answer to PUT /api/rooms/{code}/deck.
type deckAnswer struct {
	ID      string         `json:"id"`
	Name    cards.Text     `json:"name"`
	Cards   int            `json:"cards"`
	PerKind map[string]int `json:"perKind"`
}

// putDeck replaces the deck of a room in its lobby with a deck file: JSON, or a
// spreadsheet's CSV (?name= is the file's name, which names a CSV deck). Every problem of
// a bad deck is listed with its line and field. Decks are too large for a websocket
// message, so they come this way.
func (s *Server) putDeck(w http.ResponseWriter, r *http.Request) {
	// The token first: a file of megabytes is read and checked only for the facilitator.
	// The room checks it again where it decides the command (a handover may come between).
	if !s.facilitator(w, r, msgQuery, func(*room) {}) {
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxDeckBody))
	if err != nil {
		writeError(w, http.StatusRequestEntityTooLarge, protocol.ErrTooLarge, fmt.Sprintf("a deck file is at most %d bytes", maxDeckBody))
		return
	}
	name := r.URL.Query().Get("name")
	if name == "" {
		name = "deck"
	}
	deck, err := cards.Load(name, body)
	if err != nil {
		writeDeckError(w, r, err)
		return
	}
	deck.Index()
	var ruleErr, storeErr error
	if !s.facilitator(w, r, msgQuery, func(rm *room) {
		// The facilitator's own command, decided by the engine like any other.
		b, err := rm.h.Act(rm.now(), rm.state().Facilitator, game.Command{Type: game.CmdDeck, Args: game.Args{Deck: deck}})
		if err != nil {
			ruleErr = err
			return
		}
		storeErr = rm.commit(b, nil, nil) // which shelves the deck before its event goes out
	}) {
		return
	}
	switch {
	case ruleErr != nil:
		res := ruleResult(ruleErr)
		writeError(w, http.StatusConflict, res.code, res.message)
		return
	case storeErr != nil:
		writeError(w, http.StatusServiceUnavailable, protocol.ErrUnavailable, "storage unavailable: the deck was not loaded; try again")
		return
	}
	ans := deckAnswer{ID: deck.ID, Name: deck.Name, Cards: len(deck.Cards), PerKind: map[string]int{}}
	for _, c := range deck.Cards {
		ans.PerKind[string(c.Kind)]++
	}
	writeJSON(w, http.StatusOK, ans)
}

func (s *Server) deleteRoom(w http.ResponseWriter, r *http.Request) {
	if s.facilitator(w, r, msgDelete, nil) {
		w.WriteHeader(http.StatusNoContent)
	}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	status := http.StatusOK
	if s.closing.Load() {
		status = http.StatusServiceUnavailable
	}
	body := map[string]any{"roomsLoaded": s.hub.loaded()}
	if rc := s.cfg.Cluster; rc != nil {
		// A node that cannot reach Redis can neither commit nor follow a room: it is
		// unhealthy, and a load balancer checking /healthz sends its clients elsewhere.
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		err := rc.Ping(ctx)
		cancel()
		body["node"] = s.cfg.Node
		body["redis"] = err == nil
		// Shedding is not ill health: the node's rooms go on, and taking it out of the
		// load balancer would move its clients onto nodes as loaded as it.
		body["busy"] = s.node.shedding()
		if err != nil {
			body["redisError"] = err.Error()
			status = http.StatusServiceUnavailable
		}
	}
	body["ok"] = status == http.StatusOK
	writeJSON(w, status, body)
}
