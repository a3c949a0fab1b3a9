package relay_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"go.uber.org/goleak"

	"impactkaarten/game"
	keeper "impactkaarten/net/client"
	"impactkaarten/net/protocol"
	"impactkaarten/net/relay"
	"impactkaarten/net/store"
)

var update = flag.Bool("update", false, "rewrite testdata/transcript.golden from a real run")

func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}

// readTimeout bounds every wait for a message. Generous: the suite runs under -race on two
// cores with a hundred rooms at once; a healthy wait takes milliseconds.
const readTimeout = 2 * time.Minute

// peerTimeout replaces the relay's timeouts for a silent peer in tests that do not test
// them: longer than any test.
const peerTimeout = time.Hour

// tb is the part of testing.TB the helpers need, so goroutines can use them through goTB.
type tb interface {
	Helper()
	Errorf(format string, args ...any)
	Fatalf(format string, args ...any)
	Logf(format string, args ...any)
}

// goTB lets a goroutine other than the test's use the helpers: Fatalf reports the error
// and ends only that goroutine (its deferred calls run).
type goTB struct {
	t      *testing.T
	prefix string
}

func (g goTB) Helper()                           { g.t.Helper() }
func (g goTB) Logf(format string, args ...any)   { g.t.Logf(g.prefix+format, args...) }
func (g goTB) Errorf(format string, args ...any) { g.t.Errorf(g.prefix+format, args...) }
func (g goTB) Fatalf(format string, args ...any) {
	g.t.Errorf(g.prefix+format, args...)
	runtime.Goexit()
}

// env is one relay under test: its server, its HTTP test server and its store.
type env struct {
	t     *testing.T
	srv   *relay.Server
	ts    *httptest.Server
	store store.Store
	cfg   relay.Config
	http  *http.Client
	once  sync.Once
}

// quietLogger drops the relay's log unless the test runs with -v, where it goes to t.Log.
func quietLogger(t *testing.T) *slog.Logger {
	if !testing.Verbose() {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return slog.New(slog.NewTextHandler(tWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
}

type tWriter struct{ t *testing.T }

func (w tWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// newEnv starts a relay on a memory store (unless cfg has a store) and stops it when the
// test ends.
func newEnv(t *testing.T, cfg relay.Config) *env {
	t.Helper()
	return newEnvListener(t, cfg, nil)
}

// newEnvListener is newEnv with the HTTP server's listener wrapped (nil: not wrapped).
func newEnvListener(t *testing.T, cfg relay.Config, wrap func(net.Listener) net.Listener) *env {
	t.Helper()
	if cfg.Store == nil {
		cfg.Store = store.NewMemory()
	}
	if cfg.Logger == nil {
		cfg.Logger = quietLogger(t)
	}
	// The relay drops a peer that has not joined within JoinTimeout, or not answered a ping
	// within PingEvery+PongWait: guesses about a person's network. A test's client reads
	// only when it waits for something, and a loaded machine may keep it from doing so for
	// a minute, so the tests that do not test these timeouts set them out of reach.
	if cfg.JoinTimeout == 0 {
		cfg.JoinTimeout = peerTimeout
	}
	if cfg.PongWait == 0 {
		cfg.PongWait = peerTimeout
	}
	srv, err := relay.New(cfg)
	if err != nil {
		t.Fatalf("relay.New: %v", err)
	}
	e := &env{t: t, srv: srv, store: cfg.Store, cfg: cfg}
	e.ts = httptest.NewUnstartedServer(srv.Handler())
	if wrap != nil {
		e.ts.Listener = wrap(e.ts.Listener)
	}
	e.ts.Start()
	e.http = e.ts.Client()
	t.Cleanup(e.stop)
	return e
}

// stop shuts the relay down (every connection closed, every goroutine ended) and closes
// the HTTP server. It is safe to call more than once.
func (e *env) stop() {
	e.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), readTimeout)
		defer cancel()
		if err := e.srv.Shutdown(ctx); err != nil {
			e.t.Errorf("Shutdown: %v", err)
		}
		e.ts.Close()
	})
}

func (e *env) wsURL() string { return "ws" + strings.TrimPrefix(e.ts.URL, "http") + "/ws" }

// created is the answer to POST /api/rooms.
type created struct {
	Code             string `json:"code"`
	JoinURL          string `json:"joinUrl"`
	FacilitatorToken string `json:"facilitatorToken"`
}

// createRoom creates a room over the API with an optional JSON body.
func (e *env) createRoom(t tb, body string) created {
	t.Helper()
	status, data := e.do(t, http.MethodPost, "/api/rooms", body, "")
	if status != http.StatusCreated {
		t.Fatalf("POST /api/rooms: got status %d (%s), want 201", status, data)
	}
	var c created
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatalf("POST /api/rooms: %v in %s", err, data)
	}
	return c
}

// do sends an HTTP request and returns the status and body.
func (e *env) do(t tb, method, path, body, token string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := e.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return resp.StatusCode, data
}

// state returns the facilitator's view of a room over the HTTP API.
func (e *env) state(t tb, code, token string) game.PlayerView {
	t.Helper()
	status, data := e.do(t, http.MethodGet, "/api/rooms/"+code+"/state", "", token)
	if status != http.StatusOK {
		t.Fatalf("GET state of %s: got status %d (%s), want 200", code, status, data)
	}
	var v game.PlayerView
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("GET state: %v in %s", err, data)
	}
	return v
}

// health returns /healthz.
func (e *env) health(t tb) (ok bool, roomsLoaded int) {
	t.Helper()
	status, data := e.do(t, http.MethodGet, "/healthz", "", "")
	var h struct {
		OK          bool `json:"ok"`
		RoomsLoaded int  `json:"roomsLoaded"`
	}
	if err := json.Unmarshal(data, &h); err != nil {
		t.Fatalf("GET /healthz: %v in %s", err, data)
	}
	return status == http.StatusOK && h.OK, h.RoomsLoaded
}

// metric returns the value of a metric line (name with labels, exactly as exposed), or -1.
func (e *env) metric(t tb, name string) float64 {
	t.Helper()
	_, data := e.do(t, http.MethodGet, "/metrics", "", "")
	for _, line := range strings.Split(string(data), "\n") {
		if rest, ok := strings.CutPrefix(line, name+" "); ok {
			v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
			if err == nil {
				return v
			}
		}
	}
	return -1
}

// eventually polls cond until it holds or the timeout passes.
func eventually(t tb, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(readTimeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond) // polled: the condition is read through the API, which announces nothing
	}
}

// client is a test websocket client. It checks, on every message it reads, that room events
// arrive numbered strictly one after another (no gaps, no duplicates), and keeps the newest
// view. One goroutine uses a client at a time.
type client struct {
	t    tb
	name string
	ws   *websocket.Conn

	room  string
	seat  game.SeatID
	token string
	n     uint64 // the number of the last event seen (the state version)
	view  game.PlayerView
	views keeper.View // the view as a client keeps it: the welcome's, events applied
	deck  string      // the deck hash the welcome named

	events []protocol.Server // every event message, in order
	log    []protocol.Server // every message, in order
	ids    int
	closed *websocket.CloseError
}

type dialOpts struct {
	header  http.Header
	netDial func(ctx context.Context, network, addr string) (net.Conn, error)
}

// dial opens a websocket to the relay; the connection is closed when the test ends.
func (e *env) dial(t tb, name string) *client {
	t.Helper()
	c, resp, err := e.tryDial(name, dialOpts{})
	if err != nil {
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		t.Fatalf("dial %s: %v (HTTP %d)", name, err, status)
	}
	c.t = t
	return c
}

func (e *env) tryDial(name string, o dialOpts) (*client, *http.Response, error) {
	return dialURL(e.t, e.wsURL(), name, o)
}

func dialURL(t *testing.T, url, name string, o dialOpts) (*client, *http.Response, error) {
	d := *websocket.DefaultDialer
	d.HandshakeTimeout = readTimeout
	if o.netDial != nil {
		d.NetDialContext = o.netDial
	}
	ws, resp, err := d.Dial(url, o.header)
	if resp != nil && resp.Body != nil {
		resp.Body.Close()
	}
	if err != nil {
		return nil, resp, err
	}
	// Gorilla answers a ping with a pong it gives one second to be written, and a pong not
	// written in time ends the next read: a loaded machine's guess. Give it the generous
	// deadline of every other wait.
	ws.SetPingHandler(func(data string) error {
		err := ws.WriteControl(websocket.PongMessage, []byte(data), time.Now().Add(readTimeout))
		if errors.Is(err, websocket.ErrCloseSent) {
			return nil
		}
		return err
	})
	c := &client{t: t, name: name, ws: ws}
	t.Cleanup(func() { ws.Close() })
	return c, resp, nil
}

// send writes one JSON message.
func (c *client) send(m any) {
	c.t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		c.t.Fatalf("%s: encode %v: %v", c.name, m, err)
	}
	c.sendRaw(websocket.TextMessage, b)
}

// sendRaw writes one frame as is.
func (c *client) sendRaw(typ int, b []byte) {
	c.t.Helper()
	_ = c.ws.SetWriteDeadline(time.Now().Add(readTimeout))
	if err := c.ws.WriteMessage(typ, b); err != nil {
		c.t.Fatalf("%s: write %.80q: %v", c.name, b, err)
	}
}

// tryRead reads the next message and does the bookkeeping; a close frame becomes an error
// (and c.closed).
func (c *client) tryRead(timeout time.Duration) (protocol.Server, error) {
	c.t.Helper()
	_ = c.ws.SetReadDeadline(time.Now().Add(timeout))
	typ, data, err := c.ws.ReadMessage()
	if err != nil {
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			c.closed = ce
		}
		return protocol.Server{}, err
	}
	if typ != websocket.TextMessage {
		return protocol.Server{}, fmt.Errorf("got a frame of type %d, want text", typ)
	}
	var m protocol.Server
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return protocol.Server{}, fmt.Errorf("decode %.200s: %v", data, err)
	}
	if m.V != protocol.Version {
		c.t.Errorf("%s: message %.100s has v=%d, want %d", c.name, data, m.V, protocol.Version)
	}
	c.track(m)
	return m, nil
}

// track checks ordering and keeps the view.
func (c *client) track(m protocol.Server) {
	c.t.Helper()
	c.log = append(c.log, m)
	switch m.T {
	case protocol.TWelcome:
		if m.View == nil {
			c.t.Errorf("%s: welcome without a view", c.name)
			return
		}
		c.views.Handle(&m)
		c.seat, c.n, c.view, c.deck = m.Seat, m.N, *c.views.V, m.DeckHash
		if m.Token != "" {
			c.token = m.Token
		}
		c.room = m.Room
	case protocol.TEvent:
		if m.Event == nil {
			c.t.Errorf("%s: event message n=%d without an event", c.name, m.N)
			return
		}
		if m.N != c.n+1 {
			c.t.Errorf("%s: event %s has n=%d after n=%d: gap or duplicate", c.name, m.Event.Type, m.N, c.n)
		}
		if m.Event.Version != m.N {
			c.t.Errorf("%s: event version %d differs from n=%d", c.name, m.Event.Version, m.N)
		}
		c.n = m.N
		c.events = append(c.events, m)
		if m.View != nil {
			c.t.Errorf("%s: event n=%d carries a whole view", c.name, m.N)
		}
		// Nothing of another seat's secrets: a vote's value, a taken card, a hand.
		if ev := m.Event; ev.Actor != c.seat && (ev.Type == game.EvVoted && ev.Value != 0 || ev.Type == game.EvTaken && ev.Card != "") {
			c.t.Errorf("%s: event %s n=%d of seat %d shows its secret: %+v", c.name, ev.Type, m.N, ev.Actor, ev.Args)
		}
		if _, sync := c.views.Handle(&m); sync {
			c.t.Errorf("%s: the view went wrong at event %s n=%d (hash %q)", c.name, m.Event.Type, m.N, m.Hash)
		}
		if c.views.V != nil {
			c.view = *c.views.V
		}
	}
}

// until reads until a message satisfies match and returns it.
func (c *client) until(what string, match func(protocol.Server) bool) protocol.Server {
	c.t.Helper()
	deadline := time.Now().Add(readTimeout)
	for {
		m, err := c.tryRead(time.Until(deadline))
		if err != nil {
			c.t.Fatalf("%s: waiting for %s: %v", c.name, what, err)
		}
		if match(m) {
			return m
		}
	}
}

// revealed reads until the client's view shows the votes on the statement face up: the
// relay reveals them when the countdown to the reveal has run out.
func (c *client) revealed() {
	c.t.Helper()
	shown := func() bool {
		v := &c.view
		return v.Current >= 0 && v.Current < len(v.Rounds) && v.Rounds[v.Current].Revealed
	}
	if !shown() {
		c.until("the reveal", func(protocol.Server) bool { return shown() })
	}
}

// untilN reads until the client has seen event number n.
func (c *client) untilN(n uint64) {
	c.t.Helper()
	if c.n >= n {
		return
	}
	c.until(fmt.Sprintf("event %d", n), func(protocol.Server) bool { return c.n >= n })
}

// expectClose reads (skipping messages) until the server closes the connection and checks
// the close code.
func (c *client) expectClose(code protocol.CloseCode) {
	c.t.Helper()
	deadline := time.Now().Add(readTimeout)
	for {
		_, err := c.tryRead(time.Until(deadline))
		if err == nil {
			continue
		}
		if c.closed == nil {
			c.t.Fatalf("%s: got %v, want close code %d", c.name, err, code)
		}
		if protocol.CloseCode(c.closed.Code) != code {
			c.t.Fatalf("%s: got close code %d (%q), want %d", c.name, c.closed.Code, c.closed.Text, code)
		}
		return
	}
}

// expectError reads until an error message and checks its code.
func (c *client) expectError(code protocol.Code) protocol.Server {
	c.t.Helper()
	m := c.until("an error", func(m protocol.Server) bool { return m.T == protocol.TError && m.Code != protocol.ErrRateLimited })
	if m.Code != code {
		c.t.Fatalf("%s: got error %q (%s), want %q", c.name, m.Code, m.Message, code)
	}
	return m
}

// joinMsg builds a join message.
func joinMsg(room, name string) protocol.Client {
	return protocol.Client{V: protocol.Version, T: protocol.TJoin, Room: room, Name: name}
}

// join takes a seat and waits for the welcome.
func (c *client) join(room string, m protocol.Client) protocol.Server {
	c.t.Helper()
	m.V, m.T, m.Room = protocol.Version, protocol.TJoin, room
	if m.Name == "" {
		m.Name = c.name
	}
	c.send(m)
	return c.welcomed()
}

// resume takes back the client's seat with its token and last event number.
func (c *client) resume(room, token string, since uint64) protocol.Server {
	c.t.Helper()
	c.send(protocol.Client{V: protocol.Version, T: protocol.TResume, Room: room, Token: token, Since: since})
	return c.welcomed()
}

func (c *client) welcomed() protocol.Server {
	c.t.Helper()
	m := c.until("welcome", func(m protocol.Server) bool { return m.T == protocol.TWelcome || m.T == protocol.TError })
	if m.T == protocol.TError {
		c.t.Fatalf("%s: got error %s (%s), want welcome", c.name, m.Code, m.Message)
	}
	return m
}

// cmd sends a command and returns its id.
func (c *client) cmd(cmd game.Command) string {
	c.t.Helper()
	c.ids++
	id := fmt.Sprintf("%s-%d", c.name, c.ids)
	c.sendCmd(id, cmd)
	return id
}

func (c *client) sendCmd(id string, cmd game.Command) {
	c.t.Helper()
	c.send(protocol.Client{V: protocol.Version, T: protocol.TCommand, ID: id, Cmd: &cmd})
}

// reply waits for the ack or error answering command id.
func (c *client) reply(id string) protocol.Server {
	c.t.Helper()
	return c.until("answer to "+id, func(m protocol.Server) bool {
		return (m.T == protocol.TAck || m.T == protocol.TError) && m.ID == id
	})
}

// do sends a command and waits until it is acknowledged (and the client has seen its
// events); it returns the ack.
func (c *client) do(cmd game.Command) protocol.Server {
	c.t.Helper()
	id := c.cmd(cmd)
	m := c.reply(id)
	if m.T == protocol.TError {
		c.t.Fatalf("%s: %s: got error %s (%s), want ack", c.name, cmd.Type, m.Code, m.Message)
	}
	c.untilN(m.N)
	return m
}

// reject sends a command and checks it is rejected with code.
func (c *client) reject(cmd game.Command, code protocol.Code) {
	c.t.Helper()
	id := c.cmd(cmd)
	m := c.reply(id)
	if m.T != protocol.TError || m.Code != code {
		c.t.Fatalf("%s: %s: got %s %s (%s), want error %s", c.name, cmd.Type, m.T, m.Code, m.Message, code)
	}
}

// drop cuts the TCP connection without a close handshake, as a lost network would.
func (c *client) drop() {
	_ = c.ws.UnderlyingConn().Close()
}

// leaveClean closes the connection with a normal close handshake, as a browser reload does.
func (c *client) leaveClean() {
	_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, "reload"), time.Now().Add(time.Second))
	_ = c.ws.SetReadDeadline(time.Now().Add(readTimeout))
	for {
		if _, _, err := c.ws.ReadMessage(); err != nil {
			break
		}
	}
	_ = c.ws.Close()
}

// room is a room with its facilitator and players connected.
type table struct {
	code    string
	token   string // the facilitator token
	fac     *client
	players []*client
}

// all returns the facilitator and the players.
func (tab *table) all() []*client { return append([]*client{tab.fac}, tab.players...) }

// syncAll waits until every client has seen event n.
func (tab *table) syncAll(n uint64) {
	for _, c := range tab.all() {
		c.untilN(n)
	}
}

// newTable creates a room over the API, joins its facilitator and the named players.
func (e *env) newTable(t tb, players ...string) *table {
	t.Helper()
	cr := e.createRoom(t, "")
	tab := &table{code: cr.Code, token: cr.FacilitatorToken}
	tab.fac = e.dial(t, "fac")
	tab.fac.join(cr.Code, protocol.Client{Name: "Fenna", FacilitatorToken: cr.FacilitatorToken})
	for _, name := range players {
		p := e.dial(t, name)
		w := p.join(cr.Code, protocol.Client{})
		tab.players = append(tab.players, p)
		tab.fac.untilN(w.N)
	}
	if n := tab.fac.n; n > 0 {
		tab.syncAll(n)
	}
	return tab
}

// round returns the current round of a view, or fails.
func current(t tb, v game.PlayerView) game.RoundView {
	t.Helper()
	if v.Current < 0 || v.Current >= len(v.Rounds) {
		t.Fatalf("view %d has no statement face up (current=%d, %d rounds)", v.Version, v.Current, len(v.Rounds))
	}
	return v.Rounds[v.Current]
}

// public returns the parts of a view every seat sees alike, as JSON, to compare views.
func public(v game.PlayerView) string {
	v.Me, v.Hand, v.CanUndo = 0, nil, false
	v.Rounds = append([]game.RoundView(nil), v.Rounds...)
	for i := range v.Rounds {
		v.Rounds[i].MyVote = 0
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func vote(v int) game.Command { return game.Command{Type: game.CmdVote, Args: game.Args{Value: v}} }

func cmdOf(t game.CommandType) game.Command { return game.Command{Type: t} }
