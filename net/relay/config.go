// Package relay serves Impactkaarten rooms: the web client, a small HTTP API, and the
// websocket over which players join rooms and send commands.
//
// Concurrency: one goroutine owns each room (room.run), an actor around its session host
// (net/host): inbox → host (decide) → store (commit) → host (apply) → fan-out of each
// event, redacted per seat, to the seats' connections, then the acks. A connection has a
// reader goroutine only while its socket has bytes to read (a poller watches idle ones),
// a writer goroutine only while it has more to write than its socket takes at once, and a
// bounded send queue; a connection that cannot keep up is closed with the "slow" code and
// never blocks its room. Rooms share nothing, and every state change goes
// through the store.
package relay

import (
	"io/fs"
	"log/slog"
	"time"

	"impactkaarten/cards"
	"impactkaarten/net/store"
)

// Config is the relay's configuration. Zero values mean the documented default.
type Config struct {
	// Store keeps the rooms. Required.
	Store store.Store
	// Web holds the built web client (index.html, impactkaarten.wasm with .gz and .br next
	// to it, wasm_exec.js): cmd/relay passes the client embedded in its binary (package web).
	Web fs.FS
	// WebDir, when set, serves the web client from this directory instead of Web (during
	// development, a fresh client build without rebuilding the relay). Neither set, or no
	// index.html: a plain page says the client is not built.
	WebDir string
	// PublicURL is the base of join links, e.g. "https://kaarten.example.org". Empty: taken
	// from each request's Host (and X-Forwarded-Proto).
	PublicURL string
	// Origins lists the browser origins allowed to open the websocket, matched exactly
	// (scheme://host[:port]). Empty: same origin only. A request without an Origin header
	// is not from a browser (the desktop client) and is allowed: it carries no cookies.
	Origins []string
	// Deck is the default deck for new rooms. Nil: the embedded default deck.
	Deck *cards.Deck
	// Logger receives the relay's log. Nil: slog.Default(). Tokens are never logged.
	Logger *slog.Logger

	// MaxRooms bounds the number of stored rooms (default 10,000); creating more gets 503.
	MaxRooms int
	// MaxConns bounds concurrent websocket connections (default 50,000).
	MaxConns int
	// MaxConnsPerIP bounds concurrent websocket connections from one address (default 200;
	// negative: no limit — for load tests on loopback).
	MaxConnsPerIP int
	// JoinFailuresPerMinute bounds joins and look-ups with unknown room codes from one address
	// (default 10, with a burst of the same size); past it, that address gets
	// "too_many_tries" for any code until the bucket refills.
	JoinFailuresPerMinute int
	// RoomsPerMinutePerIP bounds room creation from one address (default 20).
	RoomsPerMinutePerIP int
	// MessagesPerSecond and MessageBurst shape each connection's token bucket (default 20
	// and 40): a card game needs far fewer; excess messages are answered "rate_limited".
	MessagesPerSecond float64
	MessageBurst      int
	// SendQueue is each connection's outgoing queue length (default 256 messages).
	SendQueue int
	// RetentionDays is how long a room is kept after its last activity (default 30) unless
	// its facilitator chose otherwise.
	RetentionDays int
	// IdleUnload is how long a room with nobody connected stays in memory (default 5 min).
	IdleUnload time.Duration
	// SnapshotEvery is how many events pass at least between snapshots of a room (default
	// 100); in a room whose snapshot is larger than that many events, as many bytes of
	// events pass (host.SnapshotDue).
	SnapshotEvery int
	// JoinTimeout closes connections that do not join or resume in time (default 15 s).
	JoinTimeout time.Duration
	// PingEvery is the interval of server pings (default 25 s); a peer that does not answer
	// within PongWait (default 10 s) after a ping is dropped.
	PingEvery time.Duration
	PongWait  time.Duration
	// WriteWait bounds every write to a connection (default 10 s).
	WriteWait time.Duration
	// CloseGrace is how long the relay, having sent its close frame, waits for the client's
	// before it drops the TCP connection, reading and dropping what the client still sends
	// (default 2 s; centrifuge waits 5 s, a card table needs no more).
	CloseGrace time.Duration
	// Location is the time zone of the dates and times in reports (default: the
	// machine's local zone; cmd/relay sets Europe/Amsterdam).
	Location *time.Location
	// Now returns the time; nil means time.Now. Tests set it.
	Now func() time.Time

	// Cluster, when not nil, makes the relay one node of a cluster on Redis
	// (docs/cluster.md): Store must then be the same *store.Redis. A room is served by the
	// node holding its lease; the other nodes with clients in it forward their commands to
	// that owner and follow the room's log.
	Cluster *store.Redis
	// Node names this node in leases; it must be unique among the cluster's live processes
	// (default: host name, process id and a random suffix).
	Node string
	// LeaseTTL is how long a room's lease lasts unless renewed (default 3 s); the owner
	// renews it every third of it.
	LeaseTTL time.Duration
	// ShedAfter: a cluster node whose lease renewal round (due to answered, all its leases
	// in one script) takes longer than this is saturated, or Redis is: it refuses new rooms
	// and new seats (503 and "busy", close code 4005) until a round takes less than half of
	// it, so the rooms it runs keep their leases (default a sixth of LeaseTTL).
	ShedAfter time.Duration

	// noPoller gives every connection a reader goroutine for its lifetime, as on platforms
	// without a poller (poller_other.go): tests run the relay both ways.
	noPoller bool
}

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	defDur := func(v *time.Duration, d time.Duration) {
		if *v == 0 {
			*v = d
		}
	}
	def(&c.MaxRooms, 10_000)
	def(&c.MaxConns, 50_000)
	def(&c.MaxConnsPerIP, 200)
	def(&c.JoinFailuresPerMinute, 10)
	def(&c.RoomsPerMinutePerIP, 20)
	def(&c.MessageBurst, 40)
	def(&c.SendQueue, 256)
	def(&c.RetentionDays, 30)
	def(&c.SnapshotEvery, 100)
	if c.MessagesPerSecond == 0 {
		c.MessagesPerSecond = 20
	}
	defDur(&c.IdleUnload, 5*time.Minute)
	defDur(&c.JoinTimeout, 15*time.Second)
	defDur(&c.PingEvery, 25*time.Second)
	defDur(&c.PongWait, 10*time.Second)
	defDur(&c.WriteWait, 10*time.Second)
	defDur(&c.CloseGrace, 2*time.Second)
	defDur(&c.LeaseTTL, 3*time.Second)
	defDur(&c.ShedAfter, c.LeaseTTL/6)
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Location == nil {
		c.Location = time.Local
	}
	return c
}
