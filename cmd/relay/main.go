// Command relay serves Impactkaarten: the web client, the HTTP API and the websocket that
// keeps every player's table in sync. The web client is built into the binary (package
// web, filled by make web before go build), so the one file serves everything. Every flag
// has an environment variable equivalent (IMPACTKAARTEN_ADDR for -addr, and so on); a flag
// given on the command line wins.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // -tz works on machines without a zone database (a scratch container)

	"impactkaarten/net/relay"
	"impactkaarten/net/store"
	"impactkaarten/web"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

func run(args []string, stderr io.Writer) int {
	fs := flag.NewFlagSet("relay", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		addr       = fs.String("addr", ":8080", "address to listen on")
		data       = fs.String("data", "./data", "data directory (the room database lives here)")
		webDir     = fs.String("web", "", "serve the web client from this directory (as scripts/build-web.sh writes it) instead of the one built into the relay")
		public     = fs.String("public-url", "", "base URL of join links (default: from each request)")
		origins    = fs.String("origins", "", "comma-separated browser origins allowed on the websocket (default: same origin)")
		retention  = fs.Int("retention-days", 30, "days a room is kept after its last activity")
		maxRooms   = fs.Int("max-rooms", 10_000, "maximum number of stored rooms")
		maxConns   = fs.Int("max-conns", 50_000, "maximum concurrent websocket connections")
		perIP      = fs.Int("max-conns-per-ip", 200, "maximum concurrent connections from one address (-1: no limit)")
		perMinute  = fs.Int("rooms-per-minute", 20, "rooms one address may create per minute")
		rate       = fs.Float64("msg-rate", 20, "messages per second per connection")
		burst      = fs.Int("msg-burst", 40, "message burst per connection")
		batch      = fs.Duration("commit-delay", 0, "how long a snapshot's transaction waits for other rooms' snapshots to share it (0: the store default, 2ms; negative: no wait)")
		logSync    = fs.Duration("log-sync", 0, "least time between two fsyncs of the write-ahead log, which all moves waiting meanwhile share (0: the store default, 2ms; negative: none)")
		verbose    = fs.Bool("v", false, "log debug messages")
		zone       = fs.String("tz", "Europe/Amsterdam", "time zone of the dates and times in reports")
		quietGC    = fs.Duration("quiet-collect", 3*time.Second, "when no player has sent a message for this long after some did, collect garbage and give the freed memory back to the system, at most once a minute (0: never)")
		memLimit   = fs.String("memory-limit", "", "memory the relay may use before collecting garbage, e.g. 512MiB or 2GiB (default: none, Go's default collector); the GOMEMLIMIT and GOGC environment variables win")
		redisURL   = fs.String("redis", "", "join the cluster of relays sharing this Redis, e.g. redis://127.0.0.1:6379/0 (docs/cluster.md); rooms are kept there instead of in -data")
		shedAfter  = fs.Duration("shed-after", 0, "with -redis: refuse new rooms and seats (503 busy, close 4005) while a lease renewal round takes longer than this (0: a sixth of the lease, 500ms; docs/cluster.md)")
		schedBatch = fs.Bool("sched-batch", true, "on Linux, run the relay's threads under the kernel's batch policy (SCHED_BATCH), so that a waking thread does not preempt the one running the rooms, and on a single core two of Go's scheduler processors (unless GOMAXPROCS is set): less CPU per move and a shorter queue under load; a real-time policy set with chrt is kept, with one processor")
		pprofAddr  = fs.String("pprof", "", "serve net/http/pprof on this separate address, e.g. 127.0.0.1:6060 (default: off; for profiling only, never expose it)")
	)
	// Environment variables first, so flags on the command line override them.
	var envErr error
	fs.VisitAll(func(f *flag.Flag) {
		name := "IMPACTKAARTEN_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(name); ok {
			if err := f.Value.Set(v); err != nil && envErr == nil {
				envErr = fmt.Errorf("%s=%q: %w", name, v, err)
			}
		}
	})
	if envErr != nil {
		fmt.Fprintln(stderr, "relay:", envErr)
		return 2
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	level := slog.LevelInfo
	if *verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))

	// By default the collector runs at Go's default pace (GOGC 100): memory per connection
	// stays what the connection holds. An operator with memory to spare can let the relay
	// collect less often, trading memory for fewer collections: -memory-limit sets a soft
	// limit and turns the proportional pace off, so the relay collects only as its heap
	// nears the limit (docs/performance.md measures both).
	if *memLimit != "" {
		limit, err := parseSize(*memLimit)
		if err != nil {
			fmt.Fprintln(stderr, "relay: -memory-limit:", err)
			return 2
		}
		_, gomemlimit := os.LookupEnv("GOMEMLIMIT")
		_, gogc := os.LookupEnv("GOGC")
		if !gomemlimit && !gogc {
			debug.SetMemoryLimit(limit)
			debug.SetGCPercent(-1)
		}
	}

	if *schedBatch {
		batch, err := batchScheduling()
		if err != nil {
			log.Warn("the relay's threads keep the default scheduling policy", "err", err)
		}
		// On one core Go runs one scheduler processor, and a goroutine back from a system
		// call the monitor took the processor from (the log's fsync) waits in the global
		// queue behind everything else. Under the batch policy a second processor lets it
		// run as soon as its thread does; under a real-time policy the two threads would
		// not take turns, and it stays one (docs/performance.md, "Batch
		// scheduling").
		_, set := os.LookupEnv("GOMAXPROCS")
		if batch && !set && runtime.GOMAXPROCS(0) == 1 {
			runtime.GOMAXPROCS(2)
		}
	}

	if *pprofAddr != "" {
		// A listener of its own, so the profiler is never reachable through the relay's
		// public address; the handlers are registered on a private mux, not the default one.
		pln, err := net.Listen("tcp", *pprofAddr)
		if err != nil {
			log.Error("cannot listen for pprof", "addr", *pprofAddr, "err", err)
			return 1
		}
		defer pln.Close()
		pm := http.NewServeMux()
		pm.HandleFunc("/debug/pprof/", pprof.Index)
		pm.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
		pm.HandleFunc("/debug/pprof/profile", pprof.Profile)
		pm.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		pm.HandleFunc("/debug/pprof/trace", pprof.Trace)
		go func() { _ = http.Serve(pln, pm) }()
		log.Info("pprof serving", "addr", pln.Addr().String())
	}

	loc, err := time.LoadLocation(*zone)
	if err != nil {
		log.Error("unknown time zone", "tz", *zone, "err", err)
		return 2
	}

	var st store.Store
	var cluster *store.Redis
	if *redisURL != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		rs, err := store.OpenRedis(ctx, *redisURL, store.RedisOptions{})
		cancel()
		if err != nil {
			log.Error("cannot reach Redis; the relay does not start", "err", err)
			return 1
		}
		st, cluster = rs, rs
		log.Info("cluster node", "redis", rs.Addr())
	} else {
		if err := os.MkdirAll(*data, 0o750); err != nil {
			log.Error("cannot create the data directory", "dir", *data, "err", err)
			return 1
		}
		dbPath := filepath.Join(*data, "impactkaarten.db")
		bs, err := store.OpenBolt(dbPath, store.BoltOptions{MaxBatchDelay: *batch, LogSyncEvery: *logSync})
		if err != nil {
			log.Error("cannot open the room database; the relay does not start", "err", err)
			return 1
		}
		st = bs
	}
	defer st.Close()

	var allowed []string
	for _, o := range strings.Split(*origins, ",") {
		if o = strings.TrimSpace(o); o != "" {
			allowed = append(allowed, o)
		}
	}
	srv, err := relay.New(relay.Config{
		Store: st, Web: web.Client(), WebDir: *webDir, PublicURL: *public, Origins: allowed, Logger: log,
		MaxRooms: *maxRooms, MaxConns: *maxConns, MaxConnsPerIP: *perIP, RoomsPerMinutePerIP: *perMinute,
		MessagesPerSecond: *rate, MessageBurst: *burst, RetentionDays: *retention, Location: loc,
		Cluster: cluster, ShedAfter: *shedAfter,
	})
	if err != nil {
		log.Error("bad configuration", "err", err)
		return 1
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Error("cannot listen", "addr", *addr, "err", err)
		return 1
	}
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second, // websocket connections clear it after the upgrade
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if *webDir == "" && !web.Built() {
		log.Warn("this relay was built without the web client: browsers get a page that says how to build it (make web, then go build ./cmd/relay)")
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	if *quietGC > 0 {
		quietCtx, stopQuiet := context.WithCancel(context.Background())
		defer stopQuiet()
		// Three ticks of quiet, and at most one collection a minute.
		every := max(*quietGC/3, 10*time.Millisecond)
		gap := max(1, int(time.Minute/every))
		q := &quietCollector{activity: srv.Activity, quiet: 3, gap: gap, collect: func() {
			debug.FreeOSMemory()
			log.Debug("players quiet: garbage collected, freed memory given back")
		}}
		go q.run(quietCtx, every)
	}
	fmt.Fprintf(stderr, "Impactkaarten relay serving on %s — open %s in a browser\n", ln.Addr(), openURL(ln.Addr(), *public))

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	select {
	case sig := <-stop:
		log.Info("stopping", "signal", sig.String())
	case err := <-served:
		log.Error("server stopped", "err", err)
		return 1
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	// Stop accepting first; then every room finishes its commit and says "going away".
	if err := hs.Shutdown(ctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Warn("http shutdown", "err", err)
	}
	if err := srv.Shutdown(ctx); err != nil {
		log.Warn("relay shutdown", "err", err)
	}
	return 0
}

// openURL is the address to print for people: localhost for a wildcard listener.
func openURL(addr net.Addr, public string) string {
	if public != "" {
		return public
	}
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return "http://" + addr.String()
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(tcp.Port)) + "/"
}

// parseSize reads a size in bytes with an optional binary unit: 512MiB, 2GiB, 1048576.
func parseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		mult   int64
	}{{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30}, {"TiB", 1 << 40}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = rest, u.mult
			break
		}
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a size like 512MiB", s)
	}
	return n * mult, nil
}
