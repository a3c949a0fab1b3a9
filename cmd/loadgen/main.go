// Command loadgen puts load on a relay: it opens N real websocket clients in rooms of 8
// playing the statements phase (the facilitator notes insights, seven players keep changing
// their votes), each making one move per interval, and reports the move → broadcast round
// trip, the moves committed, delivered messages and bytes, errors, and the relay's memory
// and CPU. scripts/load.sh runs the standard measurements of docs/performance.md with it.
//
// It only talks to the address it is given; point it at a relay on loopback.
//
// Flags:
//
//	-url URLS     relay base URL (default http://127.0.0.1:8080); a comma-separated list
//	              spreads the load over the nodes of a cluster (docs/cluster.md): room r is
//	              created on node r mod N and, without -spread, all its seats connect there
//	-spread       with several -url: the seats of a room connect round-robin over the
//	              nodes (seat i of room r on node (r+i) mod N), so most of its commands
//	              are forwarded to the room's owner and its events reach the other nodes
//	              through Redis
//	-clients N    websocket clients (default 800), in rooms of -room (default 8); the first
//	              client of each room joins as its facilitator and starts the statements phase
//	-every D      time between two moves of one client (default 1s): clients × (1/D) is the
//	              offered move rate
//	-for D        how long to measure (default 30s), after everyone joined and a 3 s warm-up
//	-ramp D       time over which the clients connect (default 10s)
//	-idle         connect and join, make no moves, report memory per connection
//	-hold D       with -idle, keep the connections open this long before measuring
//	              (default 3s) and report how many the relay closed meanwhile
//	-pid PIDS     the relay's process id: memory (VmRSS) and CPU time (utime+stime) are
//	              read from /proc/PID; without it RSS comes from /metrics and CPU is not
//	              reported. With several -url, a comma-separated list in the same order:
//	              CPU per committed move is reported per node and for the cluster (memory
//	              and pinning are the first node's)
//	-redis ADDR   the cluster's Redis (host:port): its commands per committed move, from
//	              INFO before and after the measured interval
//	-redis-pid P  Redis's process id: its CPU per committed move, and its write system
//	              calls to the append-only file per committed move (with appendfsync always
//	              one fsync follows each such write, so this is fsyncs per move; its
//	              inverse is the moves a single fsync covers)
//	-pprof URL    the relay's -pprof address (e.g. http://127.0.0.1:6060): when given, a
//	              garbage collection is forced in the relay (GET /debug/pprof/heap?gc=1)
//	              before its Go heap is read, so the heap figure is live memory only
//	-codes FILE   append the code of every room created to FILE, one a line (to restart
//	              the relay on them later: -probe)
//	-actions N    before measuring, each room's facilitator adds N actions (a session that
//	              has run long), so the event bytes reported show what a move costs in a
//	              big room; the relay needs -msg-rate and -msg-burst above N for this
//	-dialect D    the server's protocol: impactkaarten (the relay, cmd/barerelay),
//	              colyseus (yardsticks/colyseus: Colyseus relaying moves; colyseus.go) or
//	              boardgameio (yardsticks/boardgameio: a boardgame.io game; boardgameio.go)
//	-probe CODE   make no load: wait for a relay that is starting and report when /healthz
//	              first answered 200 and when GET /api/rooms/CODE first did, counted from
//	              -since (Unix nanoseconds, e.g. date +%s%N just before the relay started)
//
// What is measured, and how:
//
//   - round trip: from writing a move to the socket until this client reads the event it
//     caused (the actor is its own seat); the relay sends that event only after the commit
//     returned, and sends each seat its copy redacted for it, so the round trip covers
//     decide, durable commit and the fan-out to the room. The acknowledgement that follows
//     closes the client's bookkeeping. Moves still unanswered at the end are counted as
//     "outstanding" (they are not in the percentiles, so a large number means the relay
//     fell behind and the percentiles flatter it).
//   - committed moves: the relay's impactkaarten_commands_committed_total over the
//     measured interval (every move is one commit; nothing else commits while clients only
//     move), and the acknowledgements received, which should agree.
//   - relay CPU per move: utime+stime of the relay from /proc/PID/stat over the interval,
//     divided by the committed moves: everything the relay did (reads, decide, commit,
//     views, encoding, writes, pings, GC) is charged to the moves. When the relay is pinned
//     to one CPU, the time that CPU was busy with other processes (/proc/stat less the
//     relay's own time) is reported too: on a shared machine a relay that has to share its
//     core has slower round trips, and that figure says how much it had to.
//   - closes: connections that ended while their client still read, by the close code the
//     relay sent (or the read error, when no close frame came), next to the relay's own
//     impactkaarten_closes_total; a client that keeps up should never be closed. Closes
//     while the clients joined and during the warm-up are reported apart.
//   - the store's log: how many groups the write-ahead log wrote and fsynced per second,
//     how long each took (impactkaarten_log_sync_seconds): every durable move waits
//     for one; and how long an append waited for its group to begin
//     (impactkaarten_log_wait_seconds).
//   - garbage: what the relay allocated per committed move and how many collections it
//     ran a second (go_memstats_alloc_bytes_total, go_gc_duration_seconds).
//   - memory: the relay's RSS (VmRSS) and its Go heap (go_memstats_heap_alloc_bytes, plus
//     goroutine stacks, go_memstats_stack_inuse_bytes) from /metrics, before the first
//     connection and after the measurement; with -idle, the difference divided by the
//     connections is the memory per connection (rooms included: one room per 8).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/gorilla/websocket"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

func main() {
	// The load generator's own garbage collections scan the stacks of its thousands of
	// client goroutines; a move whose event arrives during one is timed late. Collecting
	// less often keeps loadgen's pauses out of the relay's figures (GOGC still wins).
	if _, set := os.LookupEnv("GOGC"); !set {
		debug.SetGCPercent(400)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	url      string   // the first node: memory, pprof
	urls     []string // every node
	pids     []int    // every node's process id, in urls' order (or none)
	spread   bool
	redis    string
	redisPID int
	codes    string
	probe    string
	since    int64
	pprof    string
	clients  int
	roomSize int
	interval time.Duration
	duration time.Duration
	ramp     time.Duration
	hold     time.Duration
	idle     bool
	pid      int
	actions  int
	dialect  string // the server's wire protocol: dialectImpactkaarten, dialectColyseus or dialectBoardgameio
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	urls := fs.String("url", "http://127.0.0.1:8080", "relay base URL (loopback); comma-separated: the nodes of a cluster")
	pids := fs.String("pid", "", "relay process id, to read its memory and CPU time from /proc; comma-separated: one per -url")
	fs.BoolVar(&o.spread, "spread", false, "with several -url: seats of one room connect round-robin over the nodes")
	fs.StringVar(&o.redis, "redis", "", "the cluster's Redis address (host:port), to count its commands per move")
	fs.IntVar(&o.redisPID, "redis-pid", 0, "Redis's process id, to read its CPU time and AOF writes from /proc")
	fs.IntVar(&o.clients, "clients", 800, "websocket clients")
	fs.IntVar(&o.roomSize, "room", 8, "clients per room (the first is the facilitator)")
	fs.DurationVar(&o.interval, "every", time.Second, "time between two moves of one client")
	fs.DurationVar(&o.duration, "for", 30*time.Second, "how long to measure, after everyone joined")
	fs.DurationVar(&o.ramp, "ramp", 10*time.Second, "time over which clients connect")
	fs.BoolVar(&o.idle, "idle", false, "connect and join, make no moves, report memory per connection")
	fs.DurationVar(&o.hold, "hold", 3*time.Second, "with -idle: how long to hold the connections before measuring")
	fs.IntVar(&o.actions, "actions", 0, "actions each room's facilitator adds before the measurement")
	fs.StringVar(&o.pprof, "pprof", "", "relay's pprof base URL, to force a GC before reading its heap")
	fs.StringVar(&o.dialect, "dialect", dialectImpactkaarten, "the server's protocol: impactkaarten, colyseus for yardsticks/colyseus, boardgameio for yardsticks/boardgameio")
	fs.StringVar(&o.codes, "codes", "", "file to append the created room codes to")
	fs.StringVar(&o.probe, "probe", "", "room code: time a starting relay until /healthz and this room answer")
	fs.Int64Var(&o.since, "since", 0, "with -probe: when the relay was started, in Unix nanoseconds")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	var err error
	if o.urls, o.pids, err = nodes(*urls, *pids); err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 2
	}
	o.url = o.urls[0]
	if len(o.pids) > 0 {
		o.pid = o.pids[0]
	}
	if o.probe != "" {
		res, err := probe(o)
		if err != nil {
			fmt.Fprintln(stderr, "loadgen:", err)
			return 1
		}
		fmt.Fprint(stdout, res)
		return 0
	}
	switch o.dialect {
	case dialectImpactkaarten:
	case dialectColyseus, dialectBoardgameio:
		if o.actions > 0 || len(o.urls) > 1 {
			fmt.Fprintf(stderr, "loadgen: -dialect %s is one server without a session's commands: no -actions, no cluster\n", o.dialect)
			return 2
		}
		if o.dialect == dialectBoardgameio && o.roomSize != bgioPlayers {
			fmt.Fprintf(stderr, "loadgen: -dialect %s plays matches of %d: -room %d\n", o.dialect, bgioPlayers, bgioPlayers)
			return 2
		}
	default:
		fmt.Fprintf(stderr, "loadgen: -dialect %q: want %s, %s or %s\n", o.dialect, dialectImpactkaarten, dialectColyseus, dialectBoardgameio)
		return 2
	}
	if o.roomSize < 2 || o.clients < o.roomSize {
		fmt.Fprintln(stderr, "loadgen: need -room ≥ 2 and -clients ≥ -room")
		return 2
	}
	res, err := load(context.Background(), o, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "loadgen:", err)
		return 1
	}
	fmt.Fprint(stdout, res)
	return 0
}

// client is one simulated player. Like the browser client it keeps its seat across
// connections: when the relay closes the connection with a code that says reconnect
// (4004 moved, 4005 busy, …) or the link breaks (its node died), it connects again, to
// the next node of -url, resumes its seat with its token and sends again, with the same
// ids, the moves that were not answered (reconnect.go).
type client struct {
	seat game.SeatID
	fac  bool // joined with the facilitator token (not always seat 1: joins race)
	room string
	// token is the seat's token, for resuming; urls the nodes' websocket addresses and
	// node the index of the one connected to.
	token string
	urls  []string
	node  int
	// n is the number of the last event the client saw (the resume's since).
	n atomic.Uint64

	mu      sync.Mutex
	ws      *websocket.Conn          // nil while reconnecting
	wmu     sync.Mutex               // one writer at a time on ws
	pending map[string]time.Time     // command id → sent at
	cmds    map[string]*game.Command // the pending commands, to send again after a resume
	closing atomic.Bool              // the run is over: a closed connection is not reconnected
	// dialect is the server's protocol (-dialect): the relay's, or a yardstick's
	// (colyseus.go, boardgameio.go); bgioPlayer is the seat's boardgame.io playerID.
	dialect    string
	bgioPlayer string
	// Owned by the reading goroutine: the message being read, and its header's reader
	// (used again for every message: see headerReader).
	msg bytes.Buffer
	hr  headerReader
}

type stats struct {
	mu        sync.Mutex
	rtts      []time.Duration
	rejected  map[string]int // by error code
	sent      atomic.Int64
	acked     atomic.Int64
	delivered atomic.Int64
	bytes     atomic.Int64
	events    atomic.Int64
	evBytes   atomic.Int64
	errors    atomic.Int64
	closed    atomic.Int64
	closes    map[string]int // why connections ended before loadgen closed them, under mu
	// Reconnections (reconnect.go): closes by code, seats resumed and the time each took
	// from the close to the welcome, clients that gave up, moves not made while offline.
	reconnects atomic.Int64
	resumeTook []time.Duration
	gaveUp     atomic.Int64
	offline    atomic.Int64
	joinRetry  atomic.Int64
	// createRetry counts rooms created again after a 503 (busy, unavailable).
	createRetry atomic.Int64
}

func (s *stats) add(d time.Duration) {
	s.mu.Lock()
	s.rtts = append(s.rtts, d)
	s.mu.Unlock()
}

// ended counts a connection that ended under a client that was still reading: by the
// close code the relay sent, or by what the read failed with when no close frame came.
func (s *stats) ended(err error) {
	why := "no close frame: " + err.Error()
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		if ce.Code == websocket.CloseNormalClosure {
			return
		}
		why = strconv.Itoa(ce.Code)
		if ce.Text != "" {
			why += " " + strconv.Quote(ce.Text)
		}
	}
	s.mu.Lock()
	s.closed.Add(1) // under mu: begin reads it with the closes by code
	s.closes[why]++
	s.mu.Unlock()
}

// early is what happened to the connections before the measured interval: while the
// clients joined and during the warm-up.
type early struct {
	closed int64          // connections the relay closed
	closes map[string]int // by close code
}

// begin starts the measured interval: the figures reported for the interval alone start
// again from nothing, and the closes that came before are returned, to be reported apart
// (counted together, a run whose connections were closed while joining reported closes
// in its interval that its closes by code did not show).
func (s *stats) begin() early {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := early{closed: s.closed.Load(), closes: maps.Clone(s.closes)}
	s.rtts = s.rtts[:0]
	clear(s.rejected)
	clear(s.closes)
	s.resumeTook = s.resumeTook[:0]
	return e
}

func (s *stats) reject(code string) {
	s.mu.Lock()
	s.rejected[code]++
	s.mu.Unlock()
}

func load(ctx context.Context, o options, log io.Writer) (string, error) {
	wsURLs := make([]string, len(o.urls))
	for i, u := range o.urls {
		wsURLs[i] = "ws" + strings.TrimPrefix(u, "http") + "/ws"
	}
	memBefore := relayMemory(o)
	rooms := (o.clients + o.roomSize - 1) / o.roomSize
	st := &stats{rejected: map[string]int{}, closes: map[string]int{}}
	var clients []*client
	var cmu sync.Mutex
	var wg, readers sync.WaitGroup
	start := time.Now()
	sem := make(chan struct{}, 64)
	var codes *os.File
	if o.codes != "" {
		f, err := os.OpenFile(o.codes, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if err != nil {
			return "", err
		}
		defer f.Close()
		codes = f
	}
	for r := 0; r < rooms; r++ {
		home := r % len(o.urls)
		create := createRoom
		switch o.dialect {
		case dialectColyseus:
			create = colyseusCreate
		case dialectBoardgameio:
			create = bgioCreate
		}
		code, token, err := createRoomRetrying(create, o.urls, home, st)
		if err != nil {
			return "", fmt.Errorf("create room %d: %w", r, err)
		}
		if codes != nil {
			fmt.Fprintln(codes, code)
		}
		n := min(o.roomSize, o.clients-r*o.roomSize)
		for i := 0; i < n; i++ {
			// Spread the connections over the ramp so the relay is not hit by a storm.
			time.Sleep(o.ramp / time.Duration(o.clients))
			sem <- struct{}{}
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				defer func() { <-sem }()
				fac := ""
				if i == 0 {
					fac = token
				}
				node := home
				if o.spread {
					node = (home + i) % len(o.urls)
				}
				var c *client
				var err error
				switch o.dialect {
				case dialectColyseus:
					c, err = colyseusClient(o.urls[node], code, fac)
				case dialectBoardgameio:
					c, err = bgioClient(o.urls[node], code)
				default:
					c, err = joinRoom(wsURLs, node, code, fmt.Sprintf("Speler %d", i+1), fac, st)
				}
				if err != nil {
					st.errors.Add(1)
					fmt.Fprintln(log, "loadgen: join:", err)
					return
				}
				cmu.Lock()
				clients = append(clients, c)
				cmu.Unlock()
				// Read from the start: a client that does not read answers no pings, and
				// the relay drops it 35 s after its join (a long ramp takes longer).
				readers.Add(1)
				go func() { defer readers.Done(); c.run(st) }()
				if i == 0 && c.dialect == dialectImpactkaarten {
					// The facilitator starts the statements phase: the engine lets the
					// others join (and vote) later.
					c.send(&game.Command{Type: game.CmdStart}, st)
					for a := 0; a < o.actions; a++ {
						c.send(&game.Command{Type: game.CmdAddAction, Args: game.Args{
							Text: "Een concrete vervolgstap die iemand op zich neemt", Owner: "Directie", Due: "2026-12-15"}}, st)
					}
					if !c.settled(time.Minute) {
						st.errors.Add(1)
						fmt.Fprintln(log, "loadgen: the facilitator's setup commands got no answer within a minute")
					}
				}
			}(i)
		}
	}
	wg.Wait()
	joined := time.Since(start)
	if len(clients) == 0 {
		return "", errors.New("no client could join")
	}
	var b strings.Builder
	if o.idle {
		// Let the relay settle after the joins, and show it keeps them (pings included).
		cpu0 := procCPU(o.pid)
		time.Sleep(o.hold)
		cpu := procCPU(o.pid) - cpu0
		memAfter := relayMemory(o)
		conns := clusterGauge(o.urls, "impactkaarten_connections")
		n := float64(len(clients))
		fmt.Fprintf(&b, "idle: %d connections joined in %d rooms in %v, held %v\n", len(clients), rooms, joined.Round(time.Millisecond), o.hold)
		// A peer server (Colyseus, boardgame.io) has no /metrics: what it cannot say is left
		// out rather than printed as zeros.
		if memAfter.metrics {
			fmt.Fprintf(&b, "relay connections open: %.0f; ", conns)
		}
		fmt.Fprintf(&b, "closed by the relay while held: %d; join errors: %d\n", st.closed.Load(), st.errors.Load())
		if st.closed.Load() > 0 {
			fmt.Fprintf(&b, "  closes by code: %s\n", closeCounts(st))
		}
		if o.pid > 0 {
			fmt.Fprintf(&b, "relay CPU while held: %.1f%% of a core\n", 100*cpu/o.hold.Seconds())
		}
		fmt.Fprintf(&b, "relay RSS (%s): %.1f MiB before, %.1f MiB after: %.2f kB per connection\n",
			memAfter.rssSrc, mib(memBefore.rss), mib(memAfter.rss), float64(memAfter.rss-memBefore.rss)/1000/n)
		if memAfter.anon > 0 {
			fmt.Fprintf(&b, "relay RSS anonymous (heap, stacks, runtime): %.1f → %.1f MiB: %.2f kB per connection; file-backed (binary, mapped store file): %.1f → %.1f MiB: %.2f kB per connection\n",
				mib(memBefore.anon), mib(memAfter.anon), float64(memAfter.anon-memBefore.anon)/1000/n,
				mib(memBefore.file), mib(memAfter.file), float64(memAfter.file-memBefore.file)/1000/n)
		}
		if memAfter.metrics {
			fmt.Fprintf(&b, "relay Go heap%s: %.1f MiB before, %.1f MiB after: %.2f kB per connection; stacks %.1f → %.1f MiB: %.2f kB per connection\n",
				memAfter.heapNote, mib(memBefore.heap), mib(memAfter.heap), float64(memAfter.heap-memBefore.heap)/1000/n,
				mib(memBefore.stack), mib(memAfter.stack), float64(memAfter.stack-memBefore.stack)/1000/n)
		}
	} else {
		warm := 3 * time.Second
		stop := make(chan struct{}) // closed at the end of the measured interval
		var movers sync.WaitGroup
		for _, c := range clients {
			movers.Add(1)
			go func(c *client) {
				defer movers.Done()
				// A random phase, so moves are spread evenly over each interval.
				select {
				case <-time.After(rand.N(o.interval)):
				case <-stop:
					return
				}
				t := time.NewTicker(o.interval)
				defer t.Stop()
				for {
					c.move(st)
					select {
					case <-t.C:
					case <-stop:
						return
					}
				}
			}(c)
		}
		time.Sleep(warm)
		// The relay's figures first: a relay at its core's limit may take seconds to answer
		// /metrics, and the moves sent meanwhile are not part of the measured interval, which
		// begins with this process's own counters below. (Counted from before these requests,
		// a bare relay's 10,000 moves/s once read as 12,600.)
		commits0 := clusterGauge(o.urls, "impactkaarten_commands_committed_total")
		hist0 := clusterHistogram(o.urls, "impactkaarten_command_seconds")
		relayCloses0 := labelled(o.urls, "impactkaarten_closes_total")
		sync0 := clusterHistogram(o.urls, "impactkaarten_log_sync_seconds")
		wait0 := clusterHistogram(o.urls, "impactkaarten_log_wait_seconds")
		garbage0 := relayGarbage(o.urls)
		redis0 := redisCounters(ctx, o.redis, o.redisPID)
		early := st.begin()
		reconn0, gaveUp0, offline0 := st.reconnects.Load(), st.gaveUp.Load(), st.offline.Load()
		sent0, acked0, d0, b0, e0, eb0 := st.sent.Load(), st.acked.Load(), st.delivered.Load(), st.bytes.Load(), st.events.Load(), st.evBytes.Load()
		core, selfCore := pinnedCPU(o.pid), pinnedCPU(os.Getpid())
		cpu0, selfCPU0 := procCPU(o.pid), procCPU(os.Getpid())
		nodeCPU0 := procCPUs(o.pids)
		busy0, steal0 := cpuBusy(core)
		selfBusy0, _ := cpuBusy(selfCore)
		t0 := time.Now()
		time.Sleep(o.duration)
		close(stop)
		elapsed := time.Since(t0)
		cpu1, selfCPU1 := procCPU(o.pid), procCPU(os.Getpid())
		nodeCPU1 := procCPUs(o.pids)
		redis1 := redisCounters(ctx, o.redis, o.redisPID)
		busy1, steal1 := cpuBusy(core)
		selfBusy1, _ := cpuBusy(selfCore)
		commits := clusterGauge(o.urls, "impactkaarten_commands_committed_total") - commits0
		hist := clusterHistogram(o.urls, "impactkaarten_command_seconds").minus(hist0)
		relayCloses := formatCounts(minusLabelled(labelled(o.urls, "impactkaarten_closes_total"), relayCloses0))
		syncs := clusterHistogram(o.urls, "impactkaarten_log_sync_seconds").minus(sync0)
		waits := clusterHistogram(o.urls, "impactkaarten_log_wait_seconds").minus(wait0)
		garbage := relayGarbage(o.urls).minus(garbage0)
		// Answers to the last moves are still on their way: give them a moment, then
		// count what is left unanswered.
		movers.Wait()
		time.Sleep(500 * time.Millisecond)
		outstanding := 0
		for _, c := range clients {
			c.mu.Lock()
			outstanding += len(c.pending)
			c.mu.Unlock()
		}
		sent, acked := st.sent.Load()-sent0, st.acked.Load()-acked0
		if commits <= 0 || o.dialect != dialectImpactkaarten {
			// A relay without impactkaarten_commands_committed_total; or a yardstick in
			// Node, whose one thread answers /metrics only after the moves queued before the
			// request, so that at its core's limit the count read after the interval holds
			// seconds more.
			commits = float64(acked)
		}
		delivered, bytesIn := st.delivered.Load()-d0, st.bytes.Load()-b0
		events, evBytes := st.events.Load()-e0, st.evBytes.Load()-eb0
		mem := relayMemory(o)
		st.mu.Lock()
		rtts := slices.Clone(st.rtts)
		rejected := formatCounts(st.rejected)
		resumeTook := slices.Clone(st.resumeTook)
		st.mu.Unlock()
		slices.Sort(resumeTook)
		offlineNow := 0
		for _, c := range clients {
			if c.conn() == nil {
				offlineNow++
			}
		}
		slices.Sort(rtts)
		sec := elapsed.Seconds()
		fmt.Fprintf(&b, "clients %d in %d rooms of %d, one move per %v each, measured %v\n",
			len(clients), rooms, o.roomSize, o.interval, elapsed.Round(time.Millisecond))
		if len(o.urls) > 1 {
			seats := "every seat of a room on the room's node"
			if o.spread {
				seats = "the seats of each room spread round-robin over the nodes"
			}
			fmt.Fprintf(&b, "cluster: %d nodes, rooms round-robin over them, %s\n", len(o.urls), seats)
		}
		fmt.Fprintf(&b, "moves: %d sent (%.0f/s), %d acknowledged (%.0f/s), %.0f committed by the relay (%.0f/s), %d outstanding at the end\n",
			sent, float64(sent)/sec, acked, float64(acked)/sec, commits, commits/sec, outstanding)
		fmt.Fprintf(&b, "round trip move→broadcast (%d moves): p50 %v  p95 %v  p99 %v  max %v\n",
			len(rtts), pct(rtts, 50), pct(rtts, 95), pct(rtts, 99), pct(rtts, 100))
		if hist.total() > 0 {
			fmt.Fprintf(&b, "  of which in the relay, read → answer queued (its histogram, interpolated): p50 %.2fms  p99 %.2fms\n",
				1000*hist.quantile(0.5), 1000*hist.quantile(0.99))
		}
		if syncs.total() > 0 {
			// Every durable move waits for one group's write and fsync: on a disk whose
			// fsyncs are slow now and then, their tail is the round trip's.
			fmt.Fprintf(&b, "  the store's log: %.0f groups written and fsynced per second, each p50 %.2fms  p90 %.2fms  p99 %.2fms (its histogram, interpolated)\n",
				syncs.total()/elapsed.Seconds(), 1000*syncs.quantile(0.5), 1000*syncs.quantile(0.9), 1000*syncs.quantile(0.99))
		}
		if waits.total() > 0 {
			fmt.Fprintf(&b, "  an append waited for its group to begin: p50 %.2fms  p90 %.2fms  p99 %.2fms\n",
				1000*waits.quantile(0.5), 1000*waits.quantile(0.9), 1000*waits.quantile(0.99))
		}
		fmt.Fprintf(&b, "delivered: %.0f messages/s, %.2f MB/s; %.0f bytes per event message\n",
			float64(delivered)/sec, float64(bytesIn)/1e6/sec, float64(evBytes)/max(1, float64(events)))
		closed := st.closed.Load() - early.closed
		fmt.Fprintf(&b, "errors: %d connection, rejected commands: %s, %d closed by the relay\n",
			st.errors.Load(), rejected, closed)
		if closed > 0 {
			fmt.Fprintf(&b, "  closes by code: %s\n", closeCounts(st))
			fmt.Fprintf(&b, "  the relays' count over the interval (impactkaarten_closes_total): %s\n", relayCloses)
		}
		if early.closed > 0 {
			fmt.Fprintf(&b, "  before the measured interval (joins, warm-up): %d closed by the relay, %d seats resumed; closes by code: %s\n",
				early.closed, reconn0, formatCounts(early.closes))
		}
		fmt.Fprintf(&b, "reconnections: %d seats resumed (time from the close to the welcome: p50 %v  p99 %v  max %v), %d clients gave up, %d moves not made while offline, %d offline at the end; %d joins and %d room creations retried (busy or unavailable)\n",
			st.reconnects.Load()-reconn0, pct(resumeTook, 50), pct(resumeTook, 99), pct(resumeTook, 100),
			st.gaveUp.Load()-gaveUp0, st.offline.Load()-offline0, offlineNow, st.joinRetry.Load(), st.createRetry.Load())
		if len(o.pids) > 1 && commits > 0 {
			total := 0.0
			for i := range o.pids {
				cpu := nodeCPU1[i] - nodeCPU0[i]
				total += cpu
				fmt.Fprintf(&b, "node %d CPU: %.2f s (%.0f%% of a core): %.1f µs per committed move of the cluster\n",
					i+1, cpu, 100*cpu/sec, cpu/commits*1e6)
			}
			fmt.Fprintf(&b, "cluster CPU: %.2f s (%.0f%% of a core): %.1f µs per committed move\n", total, 100*total/sec, total/commits*1e6)
		} else if o.pid > 0 && commits > 0 {
			cpu := cpu1 - cpu0
			fmt.Fprintf(&b, "relay CPU: %.2f s in %.1f s (%.0f%% of a core): %.1f µs per committed move\n",
				cpu, sec, 100*cpu/sec, cpu/commits*1e6)
			if core >= 0 {
				fmt.Fprintf(&b, "other work on the relay's CPU %d: %.0f%% of it (steal %.0f%%)\n",
					core, 100*max(0, busy1-busy0-cpu)/sec, 100*(steal1-steal0)/sec)
			}
		}
		if garbage.bytes > 0 && commits > 0 {
			// Every collection's mark phase shares the core with the moves: how often one
			// runs follows from how much a move allocates.
			fmt.Fprintf(&b, "relay allocations: %.1f kB per committed move; %.1f collections a second\n",
				garbage.bytes/commits/1000, garbage.collections/sec)
		}
		if commits > 0 && (o.redis != "" || o.redisPID > 0) {
			fmt.Fprintf(&b, "redis: %s\n", redis1.minus(redis0).per(commits, sec))
		}
		fmt.Fprintf(&b, "loadgen CPU: %.0f%% of a core", 100*(selfCPU1-selfCPU0)/sec)
		if selfCore >= 0 {
			// The round trip ends when loadgen reads the event: work sharing its CPU delays
			// that too.
			fmt.Fprintf(&b, "; other work on its CPU %d: %.0f%% of it", selfCore, 100*max(0, selfBusy1-selfBusy0-(selfCPU1-selfCPU0))/sec)
		}
		fmt.Fprintln(&b)
		fmt.Fprintf(&b, "relay memory: RSS %.1f MiB (%s)", mib(mem.rss), mem.rssSrc)
		if mem.metrics {
			fmt.Fprintf(&b, ", Go heap%s %.1f MiB", mem.heapNote, mib(mem.heap))
		}
		fmt.Fprintln(&b)
	}
	for _, c := range clients {
		c.close()
	}
	readers.Wait()
	return b.String(), nil
}

// probe polls a relay that is starting, every millisecond, until /healthz answers 200 and
// then until GET /api/rooms/{code} does (which loads the room from the store), and reports
// both times from o.since.
func probe(o options) (string, error) {
	since := time.Unix(0, o.since)
	if o.since == 0 {
		since = time.Now()
	}
	client := &http.Client{Timeout: 2 * time.Second}
	wait := func(path string) (time.Duration, error) {
		deadline := time.Now().Add(60 * time.Second)
		for time.Now().Before(deadline) {
			resp, err := client.Get(o.url + path)
			if err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode == http.StatusOK {
					return time.Since(since), nil
				}
			}
			time.Sleep(time.Millisecond)
		}
		return 0, fmt.Errorf("GET %s: no 200 within a minute", path)
	}
	health, err := wait("/healthz")
	if err != nil {
		return "", err
	}
	room, err := wait("/api/rooms/" + o.probe)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("restart: /healthz answered after %v, GET /api/rooms/%s after %v\n",
		health.Round(time.Millisecond), o.probe, room.Round(time.Millisecond)), nil
}

// createRoomRetrying creates a room on node home, and while the node answers 503 (it
// sheds load, or storage is unavailable) tries again after a backoff, on the next node,
// as a facilitator's browser would be sent to another relay by the load balancer.
func createRoomRetrying(create func(base string) (code, token string, err error), urls []string, home int, st *stats) (code, token string, err error) {
	for attempt := 1; ; attempt++ {
		code, token, err = create(urls[home])
		if !errors.Is(err, errRetry) || attempt >= maxAttempts {
			return code, token, err
		}
		st.createRetry.Add(1)
		time.Sleep(backoff(attempt))
		home = (home + 1) % len(urls)
	}
}

func createRoom(base string) (code, token string, err error) {
	resp, err := http.Post(base+"/api/rooms", "application/json", bytes.NewReader(nil))
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	if resp.StatusCode == http.StatusServiceUnavailable {
		body, _ := io.ReadAll(resp.Body)
		return "", "", fmt.Errorf("%w: POST /api/rooms: %s: %s", errRetry, resp.Status, body)
	}
	if resp.StatusCode != http.StatusCreated {
		body, _ := io.ReadAll(resp.Body)
		return "", "", fmt.Errorf("POST /api/rooms: %s: %s", resp.Status, body)
	}
	var out struct {
		Code             string `json:"code"`
		FacilitatorToken string `json:"facilitatorToken"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		return "", "", err
	}
	return out.Code, out.FacilitatorToken, nil
}

// move makes this client's next move: the facilitator notes an insight, players vote.
func (c *client) move(st *stats) {
	if c.fac {
		c.send(&game.Command{Type: game.CmdInsight, Args: game.Args{Text: "Inzicht " + strconv.Itoa(rand.IntN(1000))}}, st)
		return
	}
	c.send(&game.Command{Type: game.CmdVote, Args: game.Args{Value: 1 + rand.IntN(5)}}, st)
}

// settled waits until every command this client sent is answered, or the timeout passes.
func (c *client) settled(timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		n := len(c.pending)
		c.mu.Unlock()
		if n == 0 {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return false
}

// header is what loadgen needs of a server message.
type header struct {
	t, id, code string
	actor       game.SeatID
	n           uint64
}

// readHeader reads t, id, code and the event's actor from a server message without
// decoding the rest (headerReader.read, with a reader of its own).
func readHeader(data []byte) (h header, ok bool) {
	var r headerReader
	return r.read(data)
}

// headerReader reads what loadgen needs of the relay's messages, with one decoder used
// again for every message. Each client has one. Decoding 16,000 messages a second whole
// would make the load generator, not the relay, the bottleneck (a welcome carries a whole
// view); and a decoder made for every message, with its check for duplicate names, was
// most of the 9 kB loadgen allocated for each move: its collections, during which it read
// nothing, were timed as the relay's round trip (docs/performance.md, "The load
// generator's own collections").
type headerReader struct {
	src bytes.Reader
	dec jsontext.Decoder
}

// read reads t, id, code and the event's actor from a server message. The relay writes t
// first (protocol.Server's field order). Names are compared as they are written, quoted:
// the relay's names need no escapes.
func (r *headerReader) read(data []byte) (h header, ok bool) {
	r.src.Reset(data)
	// The relay never writes a name twice: checking for that only cost memory.
	r.dec.Reset(&r.src, jsontext.AllowDuplicateNames(true))
	dec := &r.dec
	if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
		return h, false
	}
	for dec.PeekKind() == '"' {
		name, err := dec.ReadValue()
		if err != nil {
			return h, false
		}
		switch key := string(name); key {
		case `"t"`, `"id"`, `"code"`, `"n"`:
			tok, err := dec.ReadToken()
			if err != nil {
				return h, false
			}
			switch key {
			case `"n"`:
				h.n = tok.Uint()
			case `"t"`:
				h.t = messageType(tok)
			case `"id"`:
				h.id = tok.String()
			case `"code"`:
				h.code = tok.String()
			}
		case `"event"`:
			if tok, err := dec.ReadToken(); err != nil || tok.Kind() != '{' {
				return h, false
			}
			for dec.PeekKind() == '"' {
				field, err := dec.ReadValue()
				if err != nil {
					return h, false
				}
				if string(field) == `"actor"` {
					tok, err := dec.ReadToken()
					if err != nil {
						return h, false
					}
					h.actor = game.SeatID(tok.Int())
					return h, true // the rest (the view) is not needed
				}
				if err := dec.SkipValue(); err != nil {
					return h, false
				}
			}
			return h, true // no actor: the system's event
		default:
			if err := dec.SkipValue(); err != nil {
				return h, false
			}
		}
	}
	return h, true
}

// messageType is the string tok holds, without making one for the types loadgen tells apart.
func messageType(tok jsontext.Token) string {
	switch tok.String() {
	case protocol.TEvent:
		return protocol.TEvent
	case protocol.TAck:
		return protocol.TAck
	case protocol.TError:
		return protocol.TError
	case protocol.TWelcome:
		return protocol.TWelcome
	}
	return tok.String()
}

// closeCounts formats st.closes.
func closeCounts(st *stats) string {
	st.mu.Lock()
	defer st.mu.Unlock()
	return formatCounts(st.closes)
}

func formatCounts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		parts = append(parts, fmt.Sprintf("%d %s", m[k], k))
	}
	return strings.Join(parts, ", ")
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	i := (len(d) - 1) * p / 100
	return d[i].Round(10 * time.Microsecond)
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// procCPU returns a process's CPU time (user + system) in seconds from /proc/PID/stat, or
// 0 when pid is 0 or unreadable.
func procCPU(pid int) float64 {
	if pid <= 0 {
		return 0
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The command name (field 2) may hold spaces; count fields after its closing ')'.
	// utime and stime are fields 14 and 15, in clock ticks (USER_HZ, 100 on Linux).
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return (utime + stime) / 100
}

// pinnedCPU returns the CPU a process is pinned to (its Cpus_allowed_list is a single
// CPU, as scripts/load.sh runs the relay and loadgen), or -1.
func pinnedCPU(pid int) int {
	if pid <= 0 {
		return -1
	}
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return -1
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "Cpus_allowed_list:"); ok {
			if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil {
				return n
			}
		}
	}
	return -1
}

// cpuBusy returns how long one CPU has been busy (everything but idle and iowait) and how
// much time the hypervisor stole from it, in seconds, from /proc/stat.
func cpuBusy(cpu int) (busy, steal float64) {
	if cpu < 0 {
		return 0, 0
	}
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, 0
	}
	prefix := "cpu" + strconv.Itoa(cpu) + " "
	for _, line := range strings.Split(string(data), "\n") {
		if !strings.HasPrefix(line, prefix) {
			continue
		}
		f := strings.Fields(line)[1:] // user nice system idle iowait irq softirq steal ...
		v := func(i int) float64 {
			if i >= len(f) {
				return 0
			}
			x, _ := strconv.ParseFloat(f[i], 64)
			return x / 100 // USER_HZ
		}
		return v(0) + v(1) + v(2) + v(5) + v(6), v(7)
	}
	return 0, 0
}

type memory struct {
	rss, heap, stack int64
	// The RSS split (from /proc, else 0): anonymous is the process's own memory (Go's heap,
	// stacks, the runtime's), file-backed the pages of mapped files it has touched (its
	// binary's code, and bbolt's memory-mapped database file), which the kernel may drop.
	anon, file       int64
	rssSrc, heapNote string
	metrics          bool // the server's /metrics gave its Go heap (the relay's do; a peer's do not)
}

// relayMemory returns the relay's resident memory (from /proc when its pid is known, else
// from /metrics) and its Go heap and stacks from /metrics, after a forced GC when the
// relay's pprof address is known.
func relayMemory(o options) memory {
	m := memory{rssSrc: "unknown", heapNote: " (not collected first)"}
	if o.pprof != "" {
		resp, err := http.Get(strings.TrimRight(o.pprof, "/") + "/debug/pprof/heap?gc=1")
		if err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			m.heapNote = " (live, after a forced GC)"
		}
	}
	metrics := scrape(o.url)
	heap, ok := firstValue(metrics, "go_memstats_heap_alloc_bytes")
	stack, _ := firstValue(metrics, "go_memstats_stack_inuse_bytes")
	m.heap, m.stack, m.metrics = int64(heap), int64(stack), ok
	if o.pid > 0 {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", o.pid))
		if err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				f := strings.Fields(line)
				if len(f) < 2 {
					continue
				}
				kb, _ := strconv.ParseInt(f[1], 10, 64)
				switch f[0] {
				case "VmRSS:":
					m.rss, m.rssSrc = kb*1024, "VmRSS from /proc"
				case "RssAnon:":
					m.anon = kb * 1024
				case "RssFile:":
					m.file = kb * 1024
				}
			}
			if m.rss > 0 {
				return m
			}
		}
	}
	if v, ok := firstValue(metrics, "process_resident_memory_bytes"); ok {
		m.rss, m.rssSrc = int64(v), "from /metrics"
	}
	return m
}

// histogram is a Prometheus histogram's cumulative bucket counts by upper bound.
type histogram map[float64]float64

func (h histogram) minus(o histogram) histogram {
	out := histogram{}
	for le, n := range h {
		out[le] = n - o[le]
	}
	return out
}

func (h histogram) total() float64 { return h[math.Inf(1)] }

// quantile estimates the q-quantile as Prometheus's histogram_quantile does: linearly
// within the bucket it falls in (the top bucket's lower bound when it is the open one).
func (h histogram) quantile(q float64) float64 {
	les := make([]float64, 0, len(h))
	for le := range h {
		les = append(les, le)
	}
	sort.Float64s(les)
	want := q * h.total()
	lower, below := 0.0, 0.0
	for _, le := range les {
		if h[le] >= want {
			if math.IsInf(le, 1) {
				return lower
			}
			if h[le] == below {
				return le
			}
			return lower + (le-lower)*(want-below)/(h[le]-below)
		}
		lower, below = le, h[le]
	}
	return lower
}

// relayHistogram reads a histogram of the relay's /metrics: its cumulative bucket counts
// by upper bound, +Inf being the count of all samples.
func relayHistogram(base, name string) histogram {
	h := histogram{}
	mf := scrape(base)[name]
	if mf == nil || len(mf.GetMetric()) == 0 || mf.GetMetric()[0].GetHistogram() == nil {
		return h
	}
	hist := mf.GetMetric()[0].GetHistogram()
	for _, b := range hist.GetBucket() {
		h[b.GetUpperBound()] = float64(b.GetCumulativeCount())
	}
	h[math.Inf(1)] = float64(hist.GetSampleCount())
	return h
}

// relayGauge returns one unlabelled metric of the relay's /metrics (a gauge, a counter or
// untyped), or 0.
// garbage is what the relays allocated and how many collections they ran (the Go
// collector's go_memstats_alloc_bytes_total and go_gc_duration_seconds' count).
type garbage struct{ bytes, collections float64 }

func relayGarbage(urls []string) garbage {
	var g garbage
	for _, u := range urls {
		m := scrape(u)
		b, _ := firstValue(m, "go_memstats_alloc_bytes_total")
		n, _ := firstValue(m, "go_gc_duration_seconds")
		g.bytes += b
		g.collections += n
	}
	return g
}

func (g garbage) minus(h garbage) garbage {
	return garbage{bytes: g.bytes - h.bytes, collections: g.collections - h.collections}
}

func relayGauge(base, name string) float64 {
	v, _ := firstValue(scrape(base), name)
	return v
}

// firstValue is the value of the first sample of the metric name in families, if any.
func firstValue(families map[string]*dto.MetricFamily, name string) (float64, bool) {
	mf := families[name]
	if mf == nil || len(mf.GetMetric()) == 0 {
		return 0, false
	}
	return sampleValue(mf.GetMetric()[0]), true
}

// scrapeLabelled reads the samples of one labelled metric of the relay's /metrics, by their
// labels as written ({code="4001",by="relay"} → `code="4001",by="relay"`).
func scrapeLabelled(base, name string) map[string]float64 {
	out := map[string]float64{}
	mf := scrape(base)[name]
	for _, m := range mf.GetMetric() {
		var labels []string
		for _, l := range m.GetLabel() {
			labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
		}
		out[strings.Join(labels, ",")] = sampleValue(m)
	}
	return out
}

// sampleValue is a gauge's, counter's or untyped metric's value.
func sampleValue(m *dto.Metric) float64 {
	switch {
	case m.GetGauge() != nil:
		return m.GetGauge().GetValue()
	case m.GetCounter() != nil:
		return m.GetCounter().GetValue()
	case m.GetSummary() != nil:
		return float64(m.GetSummary().GetSampleCount())
	}
	return m.GetUntyped().GetValue()
}

// scrape reads the relay's /metrics with Prometheus's own parser, by metric name; nothing
// when the relay has none (cmd/barerelay) or does not answer.
func scrape(base string) map[string]*dto.MetricFamily {
	resp, err := http.Get(base + "/metrics")
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(resp.Body)
	if err != nil {
		return nil
	}
	return families
}
