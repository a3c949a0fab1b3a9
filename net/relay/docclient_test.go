package relay_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"impactkaarten/net/relay"
	"impactkaarten/net/store"
)

// TestDocClient plays seeded random sessions with testdata/docclient/client.mjs, a protocol
// client written in JavaScript from docs/protocol.md alone, without the Go packages.
// Every seat of it keeps its view by applying events as §10.1 says and checks it against
// the relay's view hashes and welcomes, and checks what the redaction rules promise. So
// this test fails when the document and the relay disagree: it keeps the document honest
// for people who write clients in other languages. A last run floods a relay with its
// default limits, as §14 describes, one spends an address's join failures, one lets a
// silent seat go, one stops reading until the relay closes it, one meets a store that fails
// (the storage error, close 4004, unavailable, then a welcome), and one lets connections
// that never join time out.
func TestDocClient(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		// CI must run it; a developer without Node still gets the rest of the suite.
		if os.Getenv("CI") != "" {
			t.Fatalf("node is not on PATH (CI is set, so TestDocClient must run): %v", err)
		}
		t.Skip("node is not on PATH: TestDocClient needs Node 18 or later to run the JavaScript protocol client (make test installs it)")
	}
	seeds := []string{"1", "2", "3"}
	// DOCCLIENT_SEEDS=4,5,6 plays other sessions, to hunt for disagreements.
	if s := os.Getenv("DOCCLIENT_SEEDS"); s != "" {
		seeds = strings.Split(s, ",")
	}
	for _, seed := range seeds {
		if _, err := strconv.ParseUint(seed, 10, 32); err != nil {
			t.Fatalf("DOCCLIENT_SEEDS: %q is not a seed", seed)
		}
		t.Run("seed="+seed, func(t *testing.T) {
			// The sessions wait for real reveal countdowns (3 s each), not for the CPU:
			// run them side by side.
			t.Parallel()
			// One client drives every seat as fast as the answers come: lift the
			// per-connection message rate (a guard against people flooding a room),
			// which would otherwise drop its commands.
			e := newEnv(t, relay.Config{MessagesPerSecond: 1e6, MessageBurst: 1 << 20})
			runDocClient(t, node, e.ts.URL, seed)
		})
	}
	// The message limit as §14 describes it, against a relay with its default limits.
	t.Run("flood", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, relay.Config{})
		runDocClient(t, node, e.ts.URL, "1", "flood")
	})
	// The join-failure budget of an address (§6.2, §14), against a relay with its defaults.
	t.Run("tries", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, relay.Config{})
		runDocClient(t, node, e.ts.URL, "1", "tries")
	})
	// A reader too slow for its queue (§12: 4001), against a relay with its default send
	// queue; the message rate is lifted so that the facilitator can outrun the reader, and
	// a write may take an hour, so that the seat goes offline only as §12 says a full
	// queue ends a connection, 2 s after it fills.
	t.Run("slow", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, relay.Config{MessagesPerSecond: 1e6, MessageBurst: 1 << 20, WriteWait: time.Hour})
		runDocClient(t, node, e.ts.URL, "1", "slow")
	})
	// Liveness (§6.8): pings every half second and 3 s to answer, so that a silent seat is
	// closed within seconds; the seats that answer have that long, which a loaded machine
	// still gives them.
	t.Run("liveness", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, relay.Config{PingEvery: 500 * time.Millisecond, PongWait: 3 * time.Second})
		runDocClient(t, node, e.ts.URL, "1", "liveness")
	})
	// A room whose store fails (§11 storage and unavailable, §12 4004): the command whose
	// id begins with "store-fails" cannot be stored, nor can the room be loaded again at
	// once, so the room stops; its seats reconnect, and are welcomed once it loads. The
	// message rate is lifted for the facilitator's commands that follow the failing one.
	t.Run("storage", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, relay.Config{Store: &failingStore{Memory: store.NewMemory()}, MessagesPerSecond: 1e6, MessageBurst: 1 << 20})
		runDocClient(t, node, e.ts.URL, "1", "storage")
	})
	// The join timeout (§6.1), shortened from 15 s so that the run takes seconds: long
	// enough that a loaded machine still answers the client's first messages within it.
	t.Run("jointimeout", func(t *testing.T) {
		t.Parallel()
		const timeout = 4 * time.Second
		e := newEnv(t, relay.Config{JoinTimeout: timeout})
		runDocClient(t, node, e.ts.URL, "1", "jointimeout", strconv.Itoa(int(timeout.Milliseconds())))
	})
}

// failingStore is a store that fails as a disk or a database that stops answering does.
// An append holding a command whose id begins with "store-fails" is taken but not
// answered; the room's next append makes it fail, and that one with it (a room queues its
// next append before the one before is answered: store.Pipeliner), and so do the two loads
// after them (the room's own attempt to load what is stored, then the first resume's),
// after which the store answers again.
type failingStore struct {
	*store.Memory
	mu        sync.Mutex
	held      func(error) // the failing append's answer, until its room appends again
	heldRoom  string
	loadFails int
}

func (s *failingStore) AppendAfter(ctx context.Context, code string, events []store.Record, meta *store.Meta, after, into *store.Appending) *store.Appending {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held != nil && code == s.heldRoom {
		s.held(errors.New("injected write failure"))
		s.held, s.loadFails = nil, 2
		a, answer := store.Awaiting(into)
		answer(errors.New("injected write failure: an earlier append failed"))
		return a
	}
	for _, ev := range events {
		if strings.HasPrefix(ev.CmdID, "store-fails") {
			a, answer := store.Awaiting(into)
			s.held, s.heldRoom = answer, code
			return a
		}
	}
	return s.Memory.AppendAfter(ctx, code, events, meta, after, into)
}

func (s *failingStore) Load(ctx context.Context, code string) (*store.Loaded, error) {
	s.mu.Lock()
	fail := s.loadFails > 0
	if fail {
		s.loadFails--
	}
	s.mu.Unlock()
	if fail {
		return nil, fmt.Errorf("injected read failure: %w", store.ErrUnavailable)
	}
	return s.Memory.Load(ctx, code)
}

// runDocClient runs client.mjs with args (the relay's URL, a seed, a mode) and fails t
// with its output when it fails.
func runDocClient(t *testing.T, node string, args ...string) {
	t.Helper()
	// A bound for a hung client, not a pace: a session takes a few seconds.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, append([]string{"testdata/docclient/client.mjs"}, args...)...)
	// Let Wait return even if a killed client left a pipe open.
	cmd.WaitDelay = 5 * time.Second
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("the client did not finish within the deadline:\n%s", out)
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		t.Fatalf("the client failed (exit %d):\n%s", exit.ExitCode(), out)
	}
	if err != nil {
		t.Fatalf("run node: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}
