package main

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/gorilla/websocket"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

// Reconnection as the browser client does it (net/client): attempt k waits a random time
// in [0, min(maxBackoff, minBackoff·2^(k-1))) ("full jitter", so the clients of a dead
// node do not all come back at once), then connects — to the next node of -url, as a load
// balancer would send it to a live one — and resumes the seat with its token.
const (
	minBackoff = 500 * time.Millisecond
	maxBackoff = 20 * time.Second
	// maxAttempts bounds a client's attempts in a row; past it the client gives up (and
	// is counted): a cluster that cannot take it back in that long has failed the run.
	maxAttempts = 12
	// welcomeWait bounds the wait for a join's or resume's answer.
	welcomeWait = 30 * time.Second
)

func backoff(k int) time.Duration {
	ceil := minBackoff
	for i := 1; i < k && ceil < maxBackoff; i++ {
		ceil *= 2
	}
	return rand.N(min(ceil, maxBackoff))
}

// errRetry is a join or resume the relay refused for now (busy, unavailable).
var errRetry = errors.New("refused for now")

// enter connects to url and sends m (a join or resume), and reads until the welcome. It
// returns the connection and the welcome, or an error wrapping errRetry when the relay
// asks to try again later.
func enter(url string, m protocol.Client) (*websocket.Conn, protocol.Server, error) {
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	ws, _, err := d.Dial(url, nil)
	if err != nil {
		return nil, protocol.Server{}, fmt.Errorf("%w: %w", errRetry, err)
	}
	if err := ws.WriteJSON(m); err != nil {
		ws.Close()
		return nil, protocol.Server{}, fmt.Errorf("%w: %w", errRetry, err)
	}
	_ = ws.SetReadDeadline(time.Now().Add(welcomeWait))
	for {
		var msg protocol.Server
		if err := ws.ReadJSON(&msg); err != nil {
			ws.Close()
			var ce *websocket.CloseError
			if errors.As(err, &ce) && !protocol.Reconnect(protocol.CloseCode(ce.Code)) {
				return nil, msg, err
			}
			return nil, msg, fmt.Errorf("%w: %w", errRetry, err)
		}
		switch msg.T {
		case protocol.TWelcome:
			_ = ws.SetReadDeadline(time.Time{})
			return ws, msg, nil
		case protocol.TError:
			ws.Close()
			err := fmt.Errorf("%s %s: %s: %s", m.T, m.Room, msg.Code, msg.Message)
			if msg.Code == protocol.ErrBusy || msg.Code == protocol.ErrUnavailable {
				err = fmt.Errorf("%w: %w", errRetry, err)
			}
			return nil, msg, err
		}
	}
}

// joinRoom takes a new seat in the room on node (of urls), trying again, with backoff and
// on the next node, while the relay is busy or unavailable.
func joinRoom(urls []string, node int, code, name, facToken string, st *stats) (*client, error) {
	m := protocol.Client{V: protocol.Version, T: protocol.TJoin, Room: code, Name: name, FacilitatorToken: facToken}
	for attempt := 1; ; attempt++ {
		ws, w, err := enter(urls[node], m)
		if err == nil {
			c := &client{ws: ws, seat: w.Seat, fac: facToken != "", room: code, token: w.Token, urls: urls, node: node, dialect: dialectImpactkaarten,
				pending: map[string]time.Time{}, cmds: map[string]*game.Command{}}
			c.n.Store(w.N)
			return c, nil
		}
		if !errors.Is(err, errRetry) || attempt >= maxAttempts {
			return nil, err
		}
		st.joinRetry.Add(1)
		time.Sleep(backoff(attempt))
		node = (node + 1) % len(urls)
	}
}

func (c *client) conn() *websocket.Conn {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ws
}

// send makes a move. While the client is reconnecting it cannot (as the browser's Send
// fails offline): the move is counted as not made.
func (c *client) send(cmd *game.Command, st *stats) {
	c.mu.Lock()
	ws := c.ws
	if ws == nil {
		c.mu.Unlock()
		st.offline.Add(1)
		return
	}
	// A UUIDv7, as the browser's command ids are (game/ui/model): what the relay remembers
	// of a seat's commands is then as large as in a real session.
	id := uuid.Must(uuid.NewV7()).String()
	c.pending[id] = time.Now()
	c.cmds[id] = cmd
	c.mu.Unlock()
	st.sent.Add(1)
	c.write(ws, id, cmd)
}

func (c *client) write(ws *websocket.Conn, id string, cmd *game.Command) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	// A failed write shows as a failed read, which reconnects.
	switch c.dialect {
	case dialectColyseus:
		if b, err := colyseusMove(id); err == nil {
			_ = ws.WriteMessage(websocket.BinaryMessage, b)
		}
		return
	case dialectBoardgameio:
		if b, err := c.bgioMove(id); err == nil {
			_ = ws.WriteMessage(websocket.TextMessage, b)
		}
		return
	}
	_ = ws.WriteJSON(protocol.Client{V: protocol.Version, T: protocol.TCommand, ID: id, Cmd: cmd})
}

// close ends the client at the end of the run.
func (c *client) close() {
	c.closing.Store(true)
	ws := c.conn()
	if ws == nil {
		return
	}
	c.wmu.Lock()
	_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
	c.wmu.Unlock()
	_ = ws.Close()
}

// run reads the client's connections until the run is over or the seat cannot be
// resumed, reconnecting after every close that asks for it.
func (c *client) run(st *stats) {
	for {
		err := c.read(c.conn(), st)
		if c.closing.Load() {
			return
		}
		st.ended(err)
		code := websocket.CloseAbnormalClosure // the link just ended
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			code = ce.Code
		}
		// A yardstick's seat is not resumed: loadgen resumes only the relay's.
		if c.dialect != dialectImpactkaarten || !protocol.Reconnect(protocol.CloseCode(code)) || !c.reconnect(st) {
			st.gaveUp.Add(1)
			return
		}
	}
}

// reconnect resumes the seat on the next node, trying the nodes in turn with backoff, and
// sends again the moves that had no answer. It reports false when the client gives up.
func (c *client) reconnect(st *stats) bool {
	closed := time.Now()
	c.mu.Lock()
	old := c.ws
	c.ws = nil
	c.mu.Unlock()
	_ = old.Close()
	for attempt := 1; attempt <= maxAttempts; attempt++ {
		time.Sleep(backoff(attempt))
		if c.closing.Load() {
			return false
		}
		c.node = (c.node + 1) % len(c.urls)
		ws, w, err := enter(c.urls[c.node], protocol.Client{V: protocol.Version, T: protocol.TResume, Room: c.room, Token: c.token, Since: c.n.Load()})
		if err != nil {
			if errors.Is(err, errRetry) {
				continue
			}
			return false // the seat is gone (bad token, room deleted)
		}
		if w.Seat != c.seat {
			ws.Close()
			return false
		}
		st.reconnects.Add(1)
		st.mu.Lock()
		st.resumeTook = append(st.resumeTook, time.Since(closed))
		st.mu.Unlock()
		c.n.Store(w.N)
		c.mu.Lock()
		c.ws = ws
		again := make(map[string]*game.Command, len(c.cmds))
		for id, cmd := range c.cmds {
			again[id] = cmd
		}
		c.mu.Unlock()
		if c.closing.Load() {
			_ = ws.Close()
			return false
		}
		// The same ids: a move the old node had committed is answered, not applied twice.
		for id, cmd := range again {
			c.write(ws, id, cmd)
		}
		return true
	}
	return false
}

// read counts every message of one connection and times each of this client's moves from
// sending it until its own event (the broadcast) arrives; the ack that follows closes the
// bookkeeping. It returns what ended the connection.
func (c *client) read(ws *websocket.Conn, st *stats) error {
	for {
		data, err := c.next(ws)
		if err != nil {
			return err
		}
		if c.pong(ws, data) {
			continue
		}
		st.delivered.Add(1)
		st.bytes.Add(int64(len(data)))
		h, ok := c.header(data)
		if !ok {
			continue
		}
		switch h.t {
		case protocol.TEvent:
			c.n.Store(h.n)
			st.events.Add(1)
			st.evBytes.Add(int64(len(data)))
			if h.actor != c.seat {
				continue
			}
			if c.dialect == dialectBoardgameio {
				// The update names the move, and is its only answer.
				c.mu.Lock()
				sentAt, mine := c.pending[h.id]
				delete(c.pending, h.id)
				delete(c.cmds, h.id)
				c.mu.Unlock()
				if mine {
					st.add(time.Since(sentAt))
					st.acked.Add(1)
				}
				continue
			}
			// Moves are answered in order: the oldest one pending caused this event.
			var sentAt time.Time
			c.mu.Lock()
			for _, t := range c.pending {
				if sentAt.IsZero() || t.Before(sentAt) {
					sentAt = t
				}
			}
			c.mu.Unlock()
			if !sentAt.IsZero() {
				st.add(time.Since(sentAt))
			}
		case protocol.TAck, protocol.TError:
			c.mu.Lock()
			_, mine := c.pending[h.id]
			delete(c.pending, h.id)
			delete(c.cmds, h.id)
			c.mu.Unlock()
			switch {
			case h.t == protocol.TAck && mine:
				st.acked.Add(1)
			case h.t == protocol.TError:
				st.reject(h.code)
			}
		}
	}
}

// next reads ws's next message into c.msg and returns it; it is valid until the next call.
// ReadMessage made a new slice, grown as it read, for each of 16,000 messages a second.
func (c *client) next(ws *websocket.Conn) ([]byte, error) {
	_, r, err := ws.NextReader()
	if err != nil {
		return nil, err
	}
	c.msg.Reset()
	if _, err := c.msg.ReadFrom(r); err != nil {
		return nil, err
	}
	return c.msg.Bytes(), nil
}
