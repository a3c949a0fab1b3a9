package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"time"

	"impactkaarten/cards"
	"impactkaarten/net/protocol"
)

// Config says where Dial connects and how it keeps the link up. Zero values have the
// meanings given per field.
type Config struct {
	// URL is the relay's WebSocket endpoint, ws://host/ws or wss://host/ws.
	URL string
	// Join is the join message sent when no seat token is known for Join.Room. Its room
	// code names the room; V and T are filled in.
	Join protocol.Client
	// Tokens keeps seat tokens between runs (a file on the desktop, localStorage in the
	// browser), so that a restart or a reload resumes the same seat. Nil keeps them in
	// memory only, which still resumes after a lost connection.
	Tokens TokenStore
	// MinBackoff and MaxBackoff bound the wait between attempts: attempt k waits a random
	// time in [0, min(MaxBackoff, MinBackoff·2^(k-1))) ("full jitter"), so a relay that
	// restarts is not hit by every client at once. Zero means 500 ms and 20 s.
	MinBackoff, MaxBackoff time.Duration
	// Idle is how long a silent link is trusted; the relay pings well within it. Zero
	// means 45 s.
	Idle time.Duration
	// FetchDeck gets a deck by its content hash; nil means GET /api/decks/{hash} from the
	// relay the URL points at. The built-in deck is never fetched.
	FetchDeck func(ctx context.Context, hash string) (*cards.Deck, error)
}

// link is one WebSocket connection, as the platform provides it. Read blocks until a text
// frame arrives and returns a *CloseError when the connection closed.
type link interface {
	Read() ([]byte, error)
	Write([]byte) error
	Close(code int, reason string) error
}

// dialer opens a link; Dial uses the platform's (gorilla, or the browser's WebSocket).
type dialer func(ctx context.Context, url string) (link, error)

// CloseError is how a link reports that the connection closed: the WebSocket close code
// (1006 when the connection just went away) and the reason the server gave.
type CloseError struct {
	Code   int
	Reason string
}

func (e *CloseError) Error() string {
	return fmt.Sprintf("client: connection closed (%d %s)", e.Code, e.Reason)
}

// closeAbnormal is the WebSocket code for a connection lost without a close frame.
const closeAbnormal = 1006

// Conn is a transport to a relay. It reconnects by itself; see Dial.
type Conn struct {
	cfg  Config
	dial dialer
	in   chan Message
	ctx  context.Context
	stop context.CancelFunc
	done chan struct{}
	rand func() float64

	mu     sync.Mutex
	cur    link   // the open link, nil between attempts
	online bool   // the room welcomed us on cur
	token  string // the seat token, once known
	lastN  uint64 // the last event number seen
	status Status

	decks *deckCache // the decks this client has, by hash (read loop only)
}

var _ Transport = (*Conn)(nil)

// Dial starts connecting to the relay and returns at once; the link's progress arrives on
// Incoming as status messages. The first attempt is immediate; after a lost link the next
// comes within MinBackoff. The transport resumes its seat with the token the room gave it
// (kept in cfg.Tokens) and the last event number it saw, and stops for good on a close code
// for which protocol.Reconnect is false. A seat token the relay refuses is forgotten and
// the transport joins anew.
func Dial(cfg Config) (*Conn, error) {
	return dialWith(cfg, platformDialer())
}

func dialWith(cfg Config, d dialer) (*Conn, error) {
	if cfg.URL == "" {
		return nil, errors.New("client: no relay URL")
	}
	code, ok := protocol.NormalizeCode(cfg.Join.Room)
	if !ok {
		return nil, fmt.Errorf("client: %q is not a room code", cfg.Join.Room)
	}
	cfg.Join.Room = code
	if cfg.MinBackoff <= 0 {
		cfg.MinBackoff = 500 * time.Millisecond
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 20 * time.Second
	}
	if cfg.Idle <= 0 {
		cfg.Idle = 45 * time.Second
	}
	if cfg.Tokens == nil {
		cfg.Tokens = NewMemoryTokens()
	}
	ctx, stop := context.WithCancel(context.Background())
	c := &Conn{cfg: cfg, dial: d, in: make(chan Message, incomingBuffer), ctx: ctx, stop: stop,
		done: make(chan struct{}), rand: rand.Float64, decks: newDeckCache(cfg.URL, cfg.FetchDeck)}
	if tok, ok := cfg.Tokens.Load(code); ok {
		c.token = tok
	}
	go c.run()
	return c, nil
}

// Incoming returns the channel of server messages and status changes.
func (c *Conn) Incoming() <-chan Message { return c.in }

// Send sends one message on the open link. It fails with ErrOffline until the room has
// welcomed this client, and while the link is down.
func (c *Conn) Send(m protocol.Client) error {
	if c.ctx.Err() != nil {
		return ErrClosed
	}
	m.V = protocol.Version
	data, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("client: encode %s: %w", m.T, err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cur == nil || !c.online {
		return ErrOffline
	}
	if err := c.cur.Write(data); err != nil {
		return fmt.Errorf("client: send %s: %w", m.T, errors.Join(ErrOffline, err))
	}
	return nil
}

// Close ends the link for good and waits until the transport has stopped; Incoming is
// closed after the final Closed status.
func (c *Conn) Close() error {
	c.stop()
	c.mu.Lock()
	if c.cur != nil {
		_ = c.cur.Close(1000, "bye") // the link is being dropped; its error changes nothing
	}
	c.mu.Unlock()
	<-c.done
	return nil
}

// Token returns the seat token the room gave, or "".
func (c *Conn) Token() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.token
}

// backoff returns the wait before attempt k (k ≥ 1).
func (c *Conn) backoff(k int) time.Duration {
	ceil := c.cfg.MinBackoff
	for i := 1; i < k && ceil < c.cfg.MaxBackoff; i++ {
		ceil *= 2
	}
	ceil = min(ceil, c.cfg.MaxBackoff)
	return time.Duration(c.rand() * float64(ceil))
}

// emit delivers m unless the transport is closing.
func (c *Conn) emit(m Message) {
	select {
	case c.in <- m:
	case <-c.ctx.Done():
	}
}

func (c *Conn) setStatus(s Status, code protocol.CloseCode, reason string) {
	c.mu.Lock()
	changed := c.status != s
	c.status = s
	c.mu.Unlock()
	if changed || s == Closed {
		c.emit(Message{Status: s, Close: code, Reason: reason})
	}
}

func (c *Conn) run() {
	defer close(c.done)
	defer close(c.in)
	c.emit(Message{Status: Connecting})
	attempt := 0
	for {
		if attempt > 0 {
			t := time.NewTimer(c.backoff(attempt))
			select {
			case <-t.C:
			case <-c.ctx.Done():
				t.Stop()
			}
		}
		if c.ctx.Err() != nil {
			c.finish(1000, "closed")
			return
		}
		l, err := c.dial(c.ctx, c.cfg.URL)
		if err != nil {
			attempt++
			if c.ctx.Err() == nil {
				c.setStatus(c.retryStatus(), closeAbnormal, err.Error())
			}
			continue
		}
		code, reason, welcomed := c.serve(l)
		if c.ctx.Err() != nil {
			c.finish(1000, "closed")
			return
		}
		if welcomed {
			attempt = 0
		}
		if code == protocol.CloseBadToken {
			// The seat is gone (its token was revoked, or the room forgot it): take a new
			// seat rather than give up, as the close code asks.
			c.forgetToken()
			attempt++
			c.setStatus(c.retryStatus(), code, reason)
			continue
		}
		if !protocol.Reconnect(code) {
			switch code {
			case protocol.CloseUnknownRoom, protocol.CloseDeleted, protocol.CloseKicked:
				c.forgetToken() // the seat will never be valid again
			}
			c.finish(code, reason)
			return
		}
		attempt++
		c.setStatus(Reconnecting, code, reason)
	}
}

// retryStatus is Connecting until the room has welcomed us once, then Reconnecting.
func (c *Conn) retryStatus() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.lastN == 0 && c.status == Connecting {
		return Connecting
	}
	return Reconnecting
}

func (c *Conn) finish(code protocol.CloseCode, reason string) {
	c.mu.Lock()
	c.cur, c.online = nil, false
	c.mu.Unlock()
	c.setStatus(Closed, code, reason)
}

func (c *Conn) forgetToken() {
	c.mu.Lock()
	c.token = ""
	c.lastN = 0
	c.mu.Unlock()
	_ = c.cfg.Tokens.Delete(c.cfg.Join.Room) // a stale token that stays only costs one retry
}

// hello is the first message on a new link: resume the seat if we have its token, else join.
func (c *Conn) hello() protocol.Client {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.token != "" {
		return protocol.Client{V: protocol.Version, T: protocol.TResume, Room: c.cfg.Join.Room,
			Token: c.token, Since: c.lastN}
	}
	m := c.cfg.Join
	m.V, m.T = protocol.Version, protocol.TJoin
	return m
}

// serve runs one link until it ends and reports how it closed and whether the room
// welcomed us on it.
func (c *Conn) serve(l link) (code protocol.CloseCode, reason string, welcomed bool) {
	first := c.hello()
	hello, err := json.Marshal(first)
	if err != nil {
		_ = l.Close(1000, "")
		return 1000, err.Error(), false
	}
	if err := l.Write(hello); err != nil {
		_ = l.Close(1000, "")
		return closeAbnormal, err.Error(), false
	}
	c.mu.Lock()
	c.cur, c.online = l, false
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		c.cur, c.online = nil, false
		c.mu.Unlock()
	}()

	// A link that stays silent longer than Idle is dead even if the socket has not noticed
	// (a laptop lid, a Wi-Fi hand-over): close it so the loop reconnects.
	watchdog := time.AfterFunc(c.cfg.Idle, func() { _ = l.Close(4000, "idle") })
	defer watchdog.Stop()

	byeCode, byeReason := protocol.CloseCode(0), ""
	for {
		data, err := l.Read()
		if err != nil {
			code, reason = closeAbnormal, err.Error()
			var ce *CloseError
			if errors.As(err, &ce) {
				code, reason = protocol.CloseCode(ce.Code), ce.Reason
			}
			if byeCode != 0 {
				code, reason = byeCode, byeReason
			}
			return code, reason, welcomed
		}
		watchdog.Reset(c.cfg.Idle)
		var m protocol.Server
		if err := json.Unmarshal(data, &m); err != nil {
			continue // not ours to fix; the next message may be fine
		}
		status := c.note(&m, l)
		switch m.T {
		case protocol.TWelcome:
			welcomed = true
		case protocol.TBye:
			byeCode, byeReason = m.Close, m.Reason
		case protocol.TError:
			if !welcomed && m.ID == "" && m.Code == protocol.ErrBadToken && first.T == protocol.TResume {
				// The room no longer knows the seat: take a new one on this link, once.
				first = c.hello()
				if again, err := json.Marshal(first); err == nil {
					_ = l.Write(again) // a failed write ends the link, and the loop retries
				}
				continue // the player gets a welcome, not a confusing error
			}
		}
		msg := Message{Server: &m, Status: status}
		switch {
		case m.T == protocol.TWelcome && m.DeckHash != "":
			msg.Deck = c.decks.get(c.ctx, m.DeckHash)
		case m.T == protocol.TEvent && m.Event != nil && m.Event.DeckHash != "":
			msg.Deck = c.decks.get(c.ctx, m.Event.DeckHash)
		}
		c.emit(msg)
	}
}

// note records what a server message says about the seat and the log, and returns the
// link's status after it.
func (c *Conn) note(m *protocol.Server, l link) Status {
	c.mu.Lock()
	switch m.T {
	case protocol.TWelcome:
		c.online = c.cur == l
		c.lastN = m.N
		if m.Token != "" && m.Token != c.token {
			c.token = m.Token
			c.mu.Unlock()
			_ = c.cfg.Tokens.Save(c.cfg.Join.Room, m.Token) // losing it only costs the seat on a restart
			c.mu.Lock()
		}
		c.status = Online
	case protocol.TEvent:
		c.lastN = max(c.lastN, m.N)
	case protocol.TError:
		if !c.online && m.ID == "" && m.Code == protocol.ErrBadToken {
			c.token, c.lastN = "", 0
			c.mu.Unlock()
			_ = c.cfg.Tokens.Delete(c.cfg.Join.Room)
			c.mu.Lock()
		}
	}
	s := c.status
	c.mu.Unlock()
	return s
}
