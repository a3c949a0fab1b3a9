//go:build unix

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/redis/go-redis/v9"

	"impactkaarten/game"
	"impactkaarten/internal/redistest"
	"impactkaarten/net/protocol"
	"impactkaarten/net/store"
)

// The cluster tests run real relays: this test binary started again as the relay (childEnv
// set: TestMain runs the relay's main instead of the tests), three of them on loopback
// sharing one real redis-server, with protocol clients over websockets.

var kills = flag.Int("kills", 3, "how many times TestClusterKillOwner kills the owning relay with SIGKILL (the issue's full run: 50)")

const childEnv = "IMPACTKAARTEN_TEST_RUN_RELAY"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Stderr))
	}
	os.Exit(m.Run())
}

// deadline bounds every wait on a condition: generous, the machine may be busy.
const deadline = 60 * time.Second

// node is one relay process of the test cluster.
type node struct {
	cmd  *exec.Cmd
	url  string // http://127.0.0.1:PORT
	name string // its lease name
	log  *syncBuf
	done chan struct{}
}

type syncBuf struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuf) add(line string) {
	s.mu.Lock()
	s.b.WriteString(line + "\n")
	s.mu.Unlock()
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startNode starts a relay (its log is kept for failure messages, and written to
// $IMPACTKAARTEN_CLUSTER_LOGS/PID.log as it comes when that variable names a directory) on a free loopback port and waits until its /healthz says it
// reaches Redis.
func startNode(t *testing.T, redisURL string, flags ...string) *node {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, append([]string{"-addr", "127.0.0.1:0", "-redis", redisURL, "-web", t.TempDir(),
		"-max-conns-per-ip", "-1", "-msg-rate", "1000", "-msg-burst", "1000", "-rooms-per-minute", "1000"}, flags...)...)
	cmd.Env = append(os.Environ(), childEnv+"=1")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	n := &node{cmd: cmd, log: &syncBuf{}, done: make(chan struct{})}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			line := sc.Text()
			n.log.add(line)
			if d := os.Getenv("IMPACTKAARTEN_CLUSTER_LOGS"); d != "" {
				f, _ := os.OpenFile(fmt.Sprintf("%s/%d.log", d, cmd.Process.Pid), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
				fmt.Fprintln(f, line)
				f.Close()
			}
			if rest, ok := strings.CutPrefix(line, "Impactkaarten relay serving on "); ok {
				a, _, _ := strings.Cut(rest, " ")
				addr <- a
			}
		}
		_ = cmd.Wait()
		close(n.done)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-n.done
		if strings.Contains(n.log.String(), "DATA RACE") {
			t.Errorf("the race detector reported a data race in relay %s", n.url)
		}
		if t.Failed() {
			t.Logf("relay %s log:\n%s", n.url, n.log)
		}
	})
	select {
	case a := <-addr:
		n.url = "http://" + a
	case <-n.done:
		t.Fatalf("relay exited before serving:\n%s", n.log)
	case <-time.After(deadline):
		t.Fatalf("relay did not start:\n%s", n.log)
	}
	waitFor(t, "relay /healthz with redis", func() bool {
		resp, err := http.Get(n.url + "/healthz")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var h struct {
			Redis bool   `json:"redis"`
			Node  string `json:"node"`
		}
		if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&h) != nil || !h.Redis {
			return false
		}
		n.name = h.Node
		return true
	})
	return n
}

func (n *node) alive() bool {
	select {
	case <-n.done:
		return false
	default:
		return true
	}
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(deadline)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond) // polling interval of a condition, not a guess
	}
}

// cluster is the redis-server and the relays of a test.
type cluster struct {
	t     *testing.T
	redis *redistest.Server
	st    *store.Redis
	mu    sync.Mutex
	nodes []*node
}

func newCluster(t *testing.T, size int) *cluster {
	if testing.Short() {
		t.Skip("starts redis-server and three relays")
	}
	rs := redistest.Start(t)
	st, err := store.OpenRedis(context.Background(), rs.URL(), store.RedisOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	c := &cluster{t: t, redis: rs, st: st}
	for range size {
		c.nodes = append(c.nodes, startNode(t, rs.URL()))
	}
	return c
}

// live returns the relays still running; pick chooses one for a connection.
func (c *cluster) pick(i int) *node {
	c.mu.Lock()
	defer c.mu.Unlock()
	var live []*node
	for _, n := range c.nodes {
		if n.alive() {
			live = append(live, n)
		}
	}
	if len(live) == 0 {
		return nil
	}
	return live[i%len(live)]
}

// owner returns the relay whose lease the room has, or nil.
func (c *cluster) owner(code string) *node {
	code, _ = protocol.NormalizeCode(code)
	lease, ok, err := c.st.Holder(context.Background(), code)
	if err != nil || !ok {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, n := range c.nodes {
		if n.name == lease.Node {
			return n
		}
	}
	return nil
}

// replace starts a new relay in place of a dead one.
func (c *cluster) replace(dead *node) {
	n := startNode(c.t, c.redis.URL())
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, o := range c.nodes {
		if o == dead {
			c.nodes[i] = n
		}
	}
}

func (c *cluster) createRoom() (code, token string) {
	resp, err := http.Post(c.pick(0).url+"/api/rooms", "application/json", strings.NewReader(""))
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	var cr struct {
		Code             string `json:"code"`
		FacilitatorToken string `json:"facilitatorToken"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&cr); err != nil || resp.StatusCode != http.StatusCreated {
		c.t.Fatalf("create room: %d %v", resp.StatusCode, err)
	}
	return cr.Code, cr.FacilitatorToken
}

// seat is one player's client: it keeps its seat across reconnections to any relay, and
// resends a command it has no answer for with the same id until it is answered.
type seat struct {
	c     *cluster
	room  string
	name  string
	index int
	id    game.SeatID
	token string
	n     uint64
	ws    *websocket.Conn
	node  *node
	moves atomic.Int64 // reconnections
	acked map[string]uint64
}

// connect opens a connection to a live relay (another one each time) and joins or resumes.
func (s *seat) connect(t testing.TB, join protocol.Client) error {
	if s.ws != nil {
		_ = s.ws.Close()
		s.ws = nil
	}
	n := s.c.pick(s.index + int(s.moves.Load()))
	if n == nil {
		return fmt.Errorf("no relay alive")
	}
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(n.url, "http")+"/ws", nil)
	if err != nil {
		return err
	}
	s.ws, s.node = ws, n
	m := join
	if s.token != "" {
		m = protocol.Client{V: protocol.Version, T: protocol.TResume, Room: s.room, Token: s.token, Since: s.n}
	}
	if err := ws.WriteJSON(m); err != nil {
		return err
	}
	for {
		msg, err := s.read()
		if err != nil {
			return err
		}
		switch msg.T {
		case protocol.TWelcome:
			if s.id != 0 && msg.Seat != s.id {
				t.Errorf("%s resumed into seat %d, was %d", s.name, msg.Seat, s.id)
			}
			s.id = msg.Seat
			if msg.Token != "" {
				s.token = msg.Token
			}
			s.n = msg.N
			return nil
		case protocol.TError:
			return fmt.Errorf("%s: %s", msg.Code, msg.Message)
		}
	}
}

func (s *seat) read() (protocol.Server, error) {
	_ = s.ws.SetReadDeadline(time.Now().Add(deadline))
	var m protocol.Server
	err := s.ws.ReadJSON(&m)
	if err == nil && m.T == protocol.TEvent {
		if m.N != s.n+1 {
			return m, fmt.Errorf("%s got event %d after %d", s.name, m.N, s.n)
		}
		s.n = m.N
	}
	return m, err
}

// do sends a command until it is answered, reconnecting as needed. It returns the ack's N,
// or 0 and the error code when the rules refused it.
func (s *seat) do(t testing.TB, id string, cmd game.Command) (uint64, protocol.Code) {
	end := time.Now().Add(deadline)
	for time.Now().Before(end) {
		if s.ws == nil {
			if err := s.connect(t, protocol.Client{}); err != nil {
				s.moves.Add(1)
				time.Sleep(50 * time.Millisecond) // backoff between reconnection attempts
				continue
			}
		}
		err := s.ws.WriteJSON(protocol.Client{V: protocol.Version, T: protocol.TCommand, ID: id, Cmd: &cmd})
		for err == nil {
			var m protocol.Server
			m, err = s.read()
			if err != nil {
				break
			}
			if m.ID != id {
				continue
			}
			if m.T == protocol.TAck {
				s.acked[id] = m.N
				return m.N, ""
			}
			if m.T == protocol.TError {
				if m.Code == protocol.ErrStorage || m.Code == protocol.ErrUnavailable {
					err = fmt.Errorf("%s", m.Code) // try again, same id
					break
				}
				return 0, m.Code
			}
		}
		var ce *websocket.CloseError
		if e, ok := err.(*websocket.CloseError); ok {
			ce = e
			if !protocol.Reconnect(protocol.CloseCode(ce.Code)) {
				t.Errorf("%s: closed with %d (%s), not a reconnect code", s.name, ce.Code, ce.Text)
				return 0, "closed"
			}
		}
		if s.ws != nil {
			_ = s.ws.Close()
			s.ws = nil
		}
		s.moves.Add(1)
	}
	t.Errorf("%s: command %s never answered", s.name, id)
	return 0, "timeout"
}

// session is 8 seats over the cluster's relays: a facilitator and seven players.
func (c *cluster) session(t *testing.T) (string, []*seat) {
	code, token := c.createRoom()
	seats := make([]*seat, 8)
	for i := range seats {
		s := &seat{c: c, room: code, name: fmt.Sprintf("p%d", i), index: i, acked: map[string]uint64{}}
		join := protocol.Client{V: protocol.Version, T: protocol.TJoin, Room: code, Name: s.name, Lang: "nl"}
		if i == 0 {
			join.FacilitatorToken = token
		}
		var err error
		for try := 0; try < 20; try++ {
			if err = s.connect(t, join); err == nil {
				break
			}
		}
		if err != nil {
			t.Fatalf("%s cannot join: %v", s.name, err)
		}
		seats[i] = s
	}
	return code, seats
}

// play makes every seat send rounds commands at once (players rename themselves, each
// rename one event; the facilitator moves the session on through its phases), calling
// between after each round of the facilitator's.
func play(t *testing.T, seats []*seat, prefix string, rounds int, between func(round int)) {
	var wg sync.WaitGroup
	for _, s := range seats[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range rounds {
				s.do(t, fmt.Sprintf("%s-%s%d", s.name, prefix, k), game.Command{Type: game.CmdRename, Args: game.Args{Name: fmt.Sprintf("%s %s%d", s.name, prefix, k)}})
			}
		}()
	}
	fac := seats[0]
	steps := []game.Command{{Type: game.CmdStart}, {Type: game.CmdNextCard}, {Type: game.CmdNextPhase},
		{Type: game.CmdNextPhase}, {Type: game.CmdNextPhase}}
	for k := range rounds {
		cmd := game.Command{Type: game.CmdRename, Args: game.Args{Name: fmt.Sprintf("fac %s%d", prefix, k)}}
		if k < len(steps) && prefix == "" {
			cmd = steps[k]
		}
		fac.do(t, fmt.Sprintf("fac-%s%d", prefix, k), cmd)
		if between != nil {
			between(k)
		}
	}
	wg.Wait()
}

// checkLog reads the room's whole log from Redis: every acknowledged command is there,
// with its events in one place (not applied twice), and every seat has seen all of it.
func checkLog(t *testing.T, c *cluster, code string, seats []*seat) {
	code, _ = protocol.NormalizeCode(code)
	recs, err := c.st.Events(context.Background(), code, 0, 1<<53)
	if err != nil {
		t.Fatal(err)
	}
	groups := map[string]int{} // command id -> runs of consecutive records
	prev := ""
	for i, r := range recs {
		if r.N != uint64(i+1) {
			t.Fatalf("record %d has number %d", i, r.N)
		}
		id, _, _ := strings.Cut(r.CmdID, "#")
		if id != "" && id != prev {
			groups[id]++
		}
		prev = id
	}
	acked := 0
	for _, s := range seats {
		for id := range s.acked {
			acked++
			if groups[id] == 0 && !strings.HasPrefix(id, "fac-") {
				t.Errorf("acknowledged command %s is not in the log", id)
			}
		}
	}
	for id, g := range groups {
		if g > 1 {
			t.Errorf("command %s applied %d times", id, g)
		}
	}
	// Every seat reaches the end of the log, resuming on another relay if its own died.
	last := uint64(len(recs))
	for _, s := range seats {
		fails := 0
		for s.n < last {
			var err error
			if s.ws == nil {
				err = s.connect(t, protocol.Client{})
			} else {
				_, err = s.read()
			}
			if err != nil {
				if fails++; fails > 20 {
					t.Fatalf("%s at %d of %d: %v", s.name, s.n, last, err)
				}
				if s.ws != nil {
					_ = s.ws.Close()
					s.ws = nil
				}
				s.moves.Add(1)
			}
		}
	}
	t.Logf("log: %d events, %d acknowledged commands, all present once", last, acked)
}

// TestClusterSession plays a session of 8 seats spread over 3 relays through its phases:
// commands reach the owner from every relay and every seat sees every event.
func TestClusterSession(t *testing.T) {
	c := newCluster(t, 3)
	code, seats := c.session(t)
	play(t, seats, "", 12, nil)
	checkLog(t, c, code, seats)
	v := seats[3]
	for _, s := range seats {
		if s.n != v.n {
			t.Errorf("%s at %d, %s at %d", s.name, s.n, v.name, v.n)
		}
	}
}

// TestClusterKillOwner kills the room's owning relay with SIGKILL during play, -kills
// times: another relay takes the room, the clients reconnect (to another relay) and resume
// their seats, and every acknowledged command is in the log once.
func TestClusterKillOwner(t *testing.T) {
	c := newCluster(t, 3)
	code, seats := c.session(t)
	// A kill comes after 1 to 4 of the facilitator's commands, the players' going on all
	// the while: at a random moment of the room's stream of commits.
	rounds := 5 * (*kills + 1)
	next := 1 + rand.IntN(4)
	var failovers []time.Duration
	play(t, seats, "", rounds, func(k int) {
		if k < next || len(failovers) >= *kills {
			return
		}
		next = k + 1 + rand.IntN(4)
		owner := c.owner(code)
		if owner == nil {
			return
		}
		killed := time.Now()
		_ = owner.cmd.Process.Signal(syscall.SIGKILL)
		<-owner.done
		waitFor(t, "another relay to own the room", func() bool {
			o := c.owner(code)
			return o != nil && o != owner
		})
		failovers = append(failovers, time.Since(killed))
		c.replace(owner)
	})
	checkLog(t, c, code, seats)
	moves := int64(0)
	for _, s := range seats {
		moves += s.moves.Load()
	}
	t.Logf("%d kills; time to a new owner: %v; %d reconnections", len(failovers), failovers, moves)
	if len(failovers) != *kills {
		t.Errorf("%d kills done, want %d", len(failovers), *kills)
	}
}

// TestClusterPausedOwnerFenced stops the owning relay with SIGSTOP past its lease; another
// relay takes the room and play goes on; continued with SIGCONT, the paused relay cannot
// commit: it gives the room up and its clients move on.
func TestClusterPausedOwnerFenced(t *testing.T) {
	c := newCluster(t, 3)
	code, seats := c.session(t)
	play(t, seats, "", 2, nil)
	owner := c.owner(code)
	if owner == nil {
		t.Fatal("nobody owns the room")
	}
	_ = owner.cmd.Process.Signal(syscall.SIGSTOP)
	waitFor(t, "another relay to own the room", func() bool {
		o := c.owner(code)
		return o != nil && o != owner
	})
	// Play on with the seats of the other relays while the owner is stopped.
	var others []*seat
	for _, s := range seats {
		if s.node != owner {
			others = append(others, s)
		}
	}
	var wg sync.WaitGroup
	for _, s := range others {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 3 {
				s.do(t, fmt.Sprintf("%s-paused-%d", s.name, k), game.Command{Type: game.CmdRename, Args: game.Args{Name: fmt.Sprintf("%s p%d", s.name, k)}})
			}
		}()
	}
	wg.Wait()
	_ = owner.cmd.Process.Signal(syscall.SIGCONT)
	waitFor(t, "the continued relay to give the room up", func() bool {
		return strings.Contains(owner.log.String(), "room given up")
	})
	// Every seat, those of the continued relay too, plays on.
	play(t, seats, "after", 3, nil)
	checkLog(t, c, code, seats)
	if o := c.owner(code); o == owner {
		t.Error("the continued relay owns the room again")
	}
	if strings.Contains(owner.log.String(), "level=ERROR msg=commit") && !strings.Contains(owner.log.String(), "fenced") {
		t.Errorf("the continued relay failed a commit other than by fencing:\n%s", owner.log)
	}
}

// TestClusterRedisRestart kills redis-server with SIGKILL twice during play and starts it
// again on its files (AOF, fsync on every write): the relays carry on, and every
// acknowledged command is in the log once.
func TestClusterRedisRestart(t *testing.T) {
	c := newCluster(t, 3)
	code, seats := c.session(t)
	restarts := 0
	play(t, seats, "", 12, func(k int) {
		if k%4 == 1 && restarts < 2 {
			c.redis.Restart()
			restarts++
		}
	})
	checkLog(t, c, code, seats)
	if restarts != 2 {
		t.Errorf("%d restarts, want 2", restarts)
	}
}

// TestClusterForwardsQueuedCommandsTogether: the commands of a follower's clients that
// queued while a forwarded request was in flight reach the owner in one request and one
// commit, not one round trip through Redis each, and every client still gets its own
// answers, after the events they cover. Redis is stopped (SIGSTOP) while the commands
// arrive, so that they all queue behind the first.
func TestClusterForwardsQueuedCommandsTogether(t *testing.T) {
	c := newCluster(t, 2)
	code, token := c.createRoom()
	fac := &seat{c: c, room: code, name: "fac", acked: map[string]uint64{}}
	if err := fac.connect(t, protocol.Client{V: protocol.Version, T: protocol.TJoin, Room: code, Name: "fac", FacilitatorToken: token}); err != nil {
		t.Fatal(err)
	}
	owner := c.owner(code)
	if owner == nil {
		t.Fatal("nobody owns the room")
	}
	follower := 0
	if c.nodes[0] == owner {
		follower = 1
	}
	seats := []*seat{fac}
	for i := range 3 {
		s := &seat{c: c, room: code, name: fmt.Sprintf("p%d", i), index: follower, acked: map[string]uint64{}}
		if err := s.connect(t, protocol.Client{V: protocol.Version, T: protocol.TJoin, Room: code, Name: s.name}); err != nil {
			t.Fatal(err)
		}
		if s.node == owner {
			t.Fatalf("%s joined on the owner", s.name)
		}
		seats = append(seats, s)
	}
	rdb := redis.NewClient(&redis.Options{Addr: c.redis.Addr()})
	defer rdb.Close()
	norm, _ := protocol.NormalizeCode(code)
	inbox := "ik:inbox:{" + norm + "}"
	forwardsBefore, err := rdb.XLen(context.Background(), inbox).Result()
	if err != nil {
		t.Fatal(err)
	}
	in := func() float64 { return c.nodes[follower].metric(t, "impactkaarten_messages_in_total") }
	inBefore := in()

	const each = 3
	players := seats[1:]
	c.redis.Pause()
	paused := true
	defer func() {
		if paused {
			c.redis.Resume()
		}
	}()
	for _, s := range players {
		for k := range each {
			cmd := game.Command{Type: game.CmdRename, Args: game.Args{Name: fmt.Sprintf("%s g%d", s.name, k)}}
			if err := s.ws.WriteJSON(protocol.Client{V: protocol.Version, T: protocol.TCommand, ID: fmt.Sprintf("%s-g%d", s.name, k), Cmd: &cmd}); err != nil {
				t.Fatal(err)
			}
		}
	}
	waitFor(t, "the follower to read every command", func() bool { return in() >= inBefore+float64(each*len(players)) })
	c.redis.Resume()
	paused = false

	for _, s := range players {
		for len(s.acked) < each {
			m, err := s.read()
			if err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
			switch m.T {
			case protocol.TAck:
				if m.N > s.n {
					t.Errorf("%s: ack %s for event %d before the event (at %d)", s.name, m.ID, m.N, s.n)
				}
				s.acked[m.ID] = m.N
			case protocol.TError:
				t.Fatalf("%s: %s for %s: %s", s.name, m.Code, m.ID, m.Message)
			}
		}
	}
	// Each ack names its own command's event.
	recs, err := c.st.Events(context.Background(), norm, 0, 1<<53)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range players {
		for id, n := range s.acked {
			if n == 0 || n > uint64(len(recs)) || !strings.HasPrefix(recs[n-1].CmdID, id+"#") {
				t.Errorf("%s: ack of %s names event %d, which is not that command's", s.name, id, n)
			}
		}
	}
	checkLog(t, c, code, seats)
	forwards, err := rdb.XLen(context.Background(), inbox).Result()
	if err != nil {
		t.Fatal(err)
	}
	sent := each * len(players)
	t.Logf("%d commands forwarded in %d requests", sent, forwards-forwardsBefore)
	if forwards-forwardsBefore >= int64(sent) {
		t.Errorf("%d commands queued on the follower took %d forwarded requests, want them grouped", sent, forwards-forwardsBefore)
	}
}

// TestClusterOldRoomNamesItsDecks: a cluster's room stored before rooms named their decks
// names them once its owner has loaded it and committed a move, so that the deck sweep
// (which deletes nothing while such a room is stored) can go on.
func TestClusterOldRoomNamesItsDecks(t *testing.T) {
	c := newCluster(t, 2)
	ctx := context.Background()
	code, token := c.createRoom()
	norm, _ := protocol.NormalizeCode(code)
	l, err := c.st.Load(ctx, norm)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Meta.Decks) != 1 {
		t.Fatalf("a new room names decks %v, want its one deck", l.Meta.Decks)
	}
	want := l.Meta.Decks
	old := l.Meta
	old.Decks = nil
	if err := c.st.Delete(ctx, norm); err != nil {
		t.Fatal(err)
	}
	if err := c.st.Create(ctx, old, l.Snapshot); err != nil {
		t.Fatal(err)
	}
	s := &seat{c: c, room: code, name: "Fenna", acked: map[string]uint64{}}
	join := protocol.Client{V: protocol.Version, T: protocol.TJoin, Room: code, Name: s.name, Lang: "nl", FacilitatorToken: token}
	if err := s.connect(t, join); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the room to name its decks", func() bool {
		l, err := c.st.Load(ctx, norm)
		return err == nil && slices.Equal(l.Meta.Decks, want)
	})
}
