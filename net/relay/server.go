package relay

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gobwas/ws"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"impactkaarten/cards"
	"impactkaarten/net/host"
	"impactkaarten/net/protocol"
	"impactkaarten/net/store"
)

// Server is the relay. Create it with New, serve Handler, stop it with Shutdown.
type Server struct {
	cfg      Config
	log      *slog.Logger
	store    store.Store
	deck     *cards.Deck
	decks    *deckShelf // every deck in play, by hash
	metrics  *metrics
	hub      *hub
	leases   *store.Leases // cluster mode only (Config.Cluster), as node
	node     *node
	limits   *ipLimits
	upgrader ws.HTTPUpgrader
	poll     *poller       // nil: every connection keeps a reader goroutine (conn.read)
	activity atomic.Uint64 // messages handled, pongs aside (Activity)
	readBufs *sync.Pool    // of *frameReader, for connections' readers while they read
	corkBufs *sync.Pool    // buffers for connections' corked writes (cork.go)
	// frameBufs holds buffers for broadcast frames (cork.go); written frames go back.
	frameBufs  *sync.Pool
	jsonBufs   *sync.Pool   // of *broadcastBufs (room.broadcast)
	reqBufs    *sync.Pool   // of *[]host.Request (room.commands)
	clientBufs *sync.Pool   // of *protocol.ClientBuffer (conn.message, room.commands)
	snapBufs   snapBuffers  // what rooms encode their snapshots into (room.snapshot)
	appends    appendPool   // the rooms' appends to the store (room.queue)
	deliveries deliveryPool // what a room's commits deliver (inflight.go)
	printed    printCache   // the built-in deck, printed (print.go)

	baseCtx context.Context
	cancel  context.CancelFunc
	closing atomic.Bool

	mu    sync.Mutex
	conns map[*conn]struct{}
	wg    sync.WaitGroup // connection goroutines and the sweeper
}

// New returns a relay serving the rooms in cfg.Store.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("relay: config has no store")
	}
	cfg = cfg.withDefaults()
	for _, o := range cfg.Origins {
		u, err := url.Parse(o)
		if err != nil || u.Scheme == "" || u.Host == "" || u.Path != "" {
			return nil, fmt.Errorf("relay: origin %q is not of the form scheme://host[:port]", o)
		}
	}
	deck := cfg.Deck
	if deck == nil {
		d, err := cards.Default()
		if err != nil {
			return nil, fmt.Errorf("relay: default deck: %w", err)
		}
		deck = d
	}
	deck.Index()
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		cfg:     cfg,
		log:     cfg.Logger,
		store:   cfg.Store,
		deck:    deck,
		metrics: newMetrics(cfg.Store, cfg.Cluster != nil),
		limits:  newIPLimits(cfg),
		baseCtx: ctx,
		cancel:  cancel,
		conns:   map[*conn]struct{}{},
	}
	s.hub = newHub(s)
	if cfg.Cluster != nil {
		if cfg.Store != store.Store(cfg.Cluster) {
			cancel()
			return nil, errors.New("relay: a cluster node's store must be its Redis (Config.Cluster)")
		}
		if cfg.Node == "" {
			cfg.Node = defaultNode()
			s.cfg.Node = cfg.Node
		}
		s.leases = cfg.Cluster.Leases(cfg.Node, cfg.LeaseTTL)
		s.node = newNode(s, cfg.Cluster)
	}
	s.decks = newDeckShelf(deck)
	s.corkBufs = newCorkBuffers()
	s.frameBufs = newFrameBuffers()
	s.jsonBufs = &sync.Pool{New: newBroadcastBufs}
	s.reqBufs = &sync.Pool{New: func() any { return new([]host.Request) }}
	s.clientBufs = &sync.Pool{New: func() any { return new(protocol.ClientBuffer) }}
	// The handshake only: frames are read by conn.read and written by corkConn. No
	// extension is negotiated (no compression: no decompression bombs, and messages are
	// small); the origin is checked before (serveWS).
	s.upgrader = ws.HTTPUpgrader{Timeout: 10 * time.Second}
	// Memory per idle connection (docs/performance.md's budget is 10 kB): a connection
	// holds a read buffer only while its reader runs, and none for writing (cork.go).
	s.readBufs = &sync.Pool{New: func() any { return newFrameReader(bufio.NewReaderSize(nil, 4096)) }}
	if !cfg.noPoller {
		p, err := newPoller()
		if err != nil {
			s.log.Info("no poller: every connection keeps a reader goroutine", "err", err)
		}
		s.poll = p
	}
	s.wg.Add(1)
	go s.sweeper()
	return s, nil
}

// Activity counts the messages players have sent the relay so far, pongs aside: a
// process that embeds the relay sees from it when its players have gone quiet.
func (s *Server) Activity() uint64 { return s.activity.Load() }

// Handler returns the relay's HTTP handler: the web client, the API, /ws, /healthz, /metrics.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ws", s.serveWS)
	mux.HandleFunc("POST /api/rooms", s.createRoom)
	mux.HandleFunc("GET /api/rooms/{code}", s.roomInfo)
	mux.HandleFunc("GET /api/rooms/{code}/state", s.roomState)
	mux.HandleFunc("GET /api/rooms/{code}/report", s.roomReport)
	mux.HandleFunc("DELETE /api/rooms/{code}", s.deleteRoom)
	mux.HandleFunc("PUT /api/rooms/{code}/deck", s.putDeck)
	mux.HandleFunc("GET /api/decks/{hash}", s.serveDeck)
	mux.HandleFunc("GET /api/rooms/{code}/deck/print", s.printRoomDeck)
	// More specific than /api/decks/{hash}, whose hashes are hexadecimal.
	mux.HandleFunc("GET /api/decks/print", s.printDeck)
	mux.HandleFunc("GET /guide", s.guide)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.Handle("GET /metrics", promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}))
	mux.Handle("GET /", newStaticFiles(s.cfg))
	return mux
}

// Shutdown stops accepting connections, lets every room finish its in-flight commit,
// snapshot itself and close its connections with "going away", then waits for the
// connection goroutines (or ctx). The store is the caller's to close afterwards.
func (s *Server) Shutdown(ctx context.Context) error {
	if !s.closing.CompareAndSwap(false, true) {
		return nil
	}
	s.cancel()
	s.hub.shutdown()
	// Connections that never joined a room are closed here.
	s.mu.Lock()
	for c := range s.conns {
		c.close(protocol.CloseGoingAway, "the server is restarting; reconnect in a moment")
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	// The poller runs until the connections have ended: a closing connection's reader
	// reads the client's answer to its close frame.
	select {
	case <-done:
		s.stopPoller()
		return nil
	case <-ctx.Done():
		s.stopPoller()
		return fmt.Errorf("relay: shutdown: %w", ctx.Err())
	}
}

func (s *Server) stopPoller() {
	if s.poll != nil {
		s.poll.close()
	}
}

// checkOrigin allows exact matches of the configured origins, or the same origin when none
// are configured. Requests without Origin come from non-browser clients (the desktop app).
func (s *Server) checkOrigin(r *http.Request) bool {
	origin := r.Header.Get("Origin")
	if origin == "" {
		return true
	}
	if len(s.cfg.Origins) > 0 {
		return slices.Contains(s.cfg.Origins, origin)
	}
	u, err := url.Parse(origin)
	return err == nil && strings.EqualFold(u.Host, r.Host)
}

func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *Server) serveWS(w http.ResponseWriter, r *http.Request) {
	if s.closing.Load() {
		http.Error(w, "the server is shutting down", http.StatusServiceUnavailable)
		return
	}
	ip := clientIP(r)
	if !s.checkOrigin(r) {
		s.log.Warn("websocket origin refused", "ip", ip, "origin", r.Header.Get("Origin"))
		http.Error(w, "origin not allowed", http.StatusForbidden)
		return
	}
	s.mu.Lock()
	full := len(s.conns) >= s.cfg.MaxConns
	s.mu.Unlock()
	if full {
		http.Error(w, "too many connections", http.StatusServiceUnavailable)
		return
	}
	if !s.limits.addConn(ip) {
		s.log.Warn("too many connections from one address", "ip", ip)
		http.Error(w, "too many connections from your address", http.StatusTooManyRequests)
		return
	}
	cw := &corkWriter{ResponseWriter: w, pool: s.corkBufs}
	_, rw, _, err := s.upgrader.Upgrade(r, cw)
	if err != nil {
		s.limits.dropConn(ip)
		if cw.conn != nil {
			_ = cw.conn.Close() // the upgrader has answered with an HTTP error
		}
		return
	}
	var pending *bufio.Reader // bytes the client sent right behind its handshake
	if rw.Reader.Buffered() > 0 {
		pending = rw.Reader
	}
	// Registered and counted under s.mu, where Shutdown (which sets closing first) looks
	// for connections to close: an upgrade that finishes while the relay shuts down is
	// either closed by Shutdown or turned away here, and never counted after its Wait began.
	s.mu.Lock()
	if s.closing.Load() {
		s.mu.Unlock()
		s.limits.dropConn(ip)
		msg := closeBody(protocol.CloseGoingAway, "the server is restarting; reconnect in a moment")
		_ = cw.conn.control(ws.OpClose, msg, time.Now().Add(s.cfg.WriteWait))
		_ = cw.conn.Close()
		return
	}
	c := newConn(s, cw.conn, ip)
	s.conns[c] = struct{}{}
	s.wg.Add(1) // the read side, until conn.readEnd; a writer counts itself while it runs
	s.mu.Unlock()
	s.metrics.connections.Inc()
	c.start(pending)
}

// connDone forgets a connection whose reader has ended.
func (s *Server) connDone(c *conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	s.limits.dropConn(c.ip)
	s.metrics.connections.Dec()
}

// firstSweepDelay is how long after its start the relay first sweeps.
const firstSweepDelay = 2 * time.Second

// sweeper deletes rooms past their retention and the decks no room plays any more, and
// forgets quiet addresses.
func (s *Server) sweeper() {
	defer s.wg.Done()
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	// The first sweep waits until the relay has been serving for a moment: on a restart
	// with many rooms its reads of every room's metadata would take the core from the
	// start-up that players and the load balancer's health check are waiting for.
	select {
	case <-s.baseCtx.Done():
		return
	case <-time.After(firstSweepDelay):
	}
	next := time.Time{}
	for {
		now := s.cfg.Now()
		s.limits.sweep(now)
		if now.After(next) {
			s.expire(now)
			s.collectDecks(now)
			next = now.Add(time.Hour)
		}
		select {
		case <-s.baseCtx.Done():
			return
		case <-tick.C:
		}
	}
}

// expire deletes every room whose retention has run out.
func (s *Server) expire(now time.Time) {
	codes, err := s.store.Expired(s.baseCtx, now.UnixMilli(), s.cfg.RetentionDays)
	if err != nil {
		s.log.Error("retention sweep", "err", err)
		return
	}
	for _, code := range codes {
		if err := s.hub.do(code, msgDelete, nil); err != nil && !errors.Is(err, errNoRoom) {
			s.log.Error("retention delete", "room", code, "err", err)
			continue
		}
		s.metrics.swept.WithLabelValues("room").Inc()
		s.log.Info("room deleted after its retention", "room", code)
	}
}

// snapBuffers keeps the buffers rooms encode their snapshots into (host.SnapshotInto), for
// the next snapshot once one is stored: a store keeps no part of what PutSnapshot is given.
type snapBuffers struct{ p sync.Pool }

// maxSnapBuffer is the largest buffer kept: a room with 800 actions encodes some 100 kB.
const maxSnapBuffer = 256 << 10

func (s *snapBuffers) get() *bytes.Buffer {
	if b, ok := s.p.Get().(*bytes.Buffer); ok {
		return b
	}
	return new(bytes.Buffer)
}

func (s *snapBuffers) put(b *bytes.Buffer) {
	if b.Cap() <= maxSnapBuffer {
		b.Reset()
		s.p.Put(b)
	}
}
