package relay_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

// buildRelay builds the static relay binary into a temporary directory.
func buildRelay(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "relay")
	cmd := exec.Command("go", "build", "-o", bin, "impactkaarten/cmd/relay")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build cmd/relay: %v\n%s", err, out)
	}
	return bin
}

// process is a running relay binary.
type process struct {
	cmd    *exec.Cmd
	addr   string // host:port, once serving
	mu     sync.Mutex
	stderr strings.Builder
	exited chan struct{}
	err    error // of Wait, once exited
}

var servingOn = regexp.MustCompile(`serving on (\S+)`)

// startRelay starts the relay binary on a free loopback port with its database in data and
// no web client. It returns once the relay serves, or once it exited.
func startRelay(t *testing.T, bin, data string) *process {
	t.Helper()
	p := &process{exited: make(chan struct{})}
	p.cmd = exec.Command(bin, "-addr", "127.0.0.1:0", "-data", data, "-web", "")
	p.cmd.Env = []string{} // no IMPACTKAARTEN_* from the environment
	pipe, err := p.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	serving := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			line := sc.Text()
			p.mu.Lock()
			p.stderr.WriteString(line + "\n")
			p.mu.Unlock()
			if m := servingOn.FindStringSubmatch(line); m != nil {
				select {
				case serving <- m[1]:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, pipe)
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = p.cmd.Process.Kill()
			<-p.exited
		}
	})
	select {
	case p.addr = <-serving:
	case <-p.exited:
	case <-time.After(processTimeout):
		t.Fatalf("relay did not start within %v; stderr:\n%s", processTimeout, p.log())
	}
	return p
}

func (p *process) log() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stderr.String()
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *process) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Kill(); err != nil {
		t.Fatalf("kill -9: %v", err)
	}
	<-p.exited
}

// processTimeout bounds a wait for the relay process to start or to exit: generous,
// because a loaded machine may take seconds to start a race-built binary.
const processTimeout = 2 * time.Minute

// waitExit waits for the process to exit by itself and returns its exit code.
func (p *process) waitExit(t *testing.T, within time.Duration) int {
	t.Helper()
	select {
	case <-p.exited:
	case <-time.After(within):
		t.Fatalf("relay still running after %v; stderr:\n%s", within, p.log())
	}
	return p.cmd.ProcessState.ExitCode()
}

// acked is a command the relay acknowledged before the kill.
type acked struct {
	seat game.SeatID
	cmd  game.Command
	n    uint64
}

// TestCrash plays a session on the real relay binary, kills it with SIGKILL in the middle of
// play, restarts it on the same database and checks that everything acknowledged before the
// kill is there. It then checks that the relay refuses to start on a locked or corrupt
// database.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the relay binary")
	}
	bin := buildRelay(t)
	data := t.TempDir()
	p := startRelay(t, bin, data)
	if p.addr == "" {
		t.Fatalf("relay exited: %v\n%s", p.err, p.log())
	}
	base := "http://" + p.addr
	hc := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: readTimeout}
	resp, err := hc.Post(base+"/api/rooms", "application/json", strings.NewReader(`{"settings":{"phases":["statements","canvas"],"lang":"nl","handSize":3,"statements":4,"dots":3,"statementSeconds":0,"canvasSeconds":0,"dotsSeconds":0,"actionsSeconds":0}}`))
	if err != nil {
		t.Fatal(err)
	}
	var cr created
	err = json.NewDecoder(resp.Body).Decode(&cr)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusCreated {
		t.Fatalf("create room: got %d, %v", resp.StatusCode, err)
	}

	ws := "ws://" + p.addr + "/ws"
	var clients []*client
	for _, name := range []string{"fac", "ada", "bram", "cas"} {
		c, _, err := dialURL(t, ws, name, dialOpts{})
		if err != nil {
			t.Fatal(err)
		}
		msg := protocol.Client{Name: name}
		if name == "fac" {
			msg.FacilitatorToken = cr.FacilitatorToken
		}
		c.join(cr.Code, msg)
		clients = append(clients, c)
	}
	fac := clients[0]
	syncAll := func(n uint64) {
		for _, c := range clients {
			c.untilN(n)
		}
	}
	var mu sync.Mutex
	var log []acked
	record := func(c *client, cmd game.Command, n uint64) {
		mu.Lock()
		log = append(log, acked{seat: c.seat, cmd: cmd, n: n})
		mu.Unlock()
	}
	do := func(c *client, cmd game.Command) uint64 {
		n := c.do(cmd).N
		record(c, cmd, n)
		return n
	}

	// Two statements, voted on by all four at once.
	syncAll(fac.n)
	syncAll(do(fac, cmdOf(game.CmdStart)))
	for round := range 2 {
		if round > 0 {
			syncAll(do(fac, cmdOf(game.CmdNextCard)))
		}
		var wg sync.WaitGroup
		var last atomic.Uint64
		for i, c := range clients {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c.t = goTB{t: t, prefix: c.name + ": "}
				n := do(c, vote(1+(i+round)%5))
				for {
					old := last.Load()
					if n <= old || last.CompareAndSwap(old, n) {
						break
					}
				}
			}()
		}
		wg.Wait()
		if t.Failed() {
			t.FailNow()
		}
		for _, c := range clients {
			c.t = t
		}
		syncAll(last.Load())
		// Everyone voted: the relay reveals when the countdown has run out, and until then
		// the statement stays.
		for _, c := range clients {
			c.revealed()
		}
	}
	syncAll(do(fac, cmdOf(game.CmdNextPhase))) // the canvas: hands dealt

	// Then everyone at once: the turn holder plays, the others write actions and rename
	// themselves, until the relay is killed in the middle of it.
	var wg sync.WaitGroup
	var sent atomic.Int64
	killAt := int64(60)
	killed := make(chan struct{})
	for _, c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.t = goTB{t: t, prefix: c.name + ": "}
			for i := 0; ; i++ {
				var cmd game.Command
				switch {
				case c.view.Turn == c.seat && len(c.view.Hand) > 0:
					cmd = game.Command{Type: game.CmdPlay, Args: game.Args{Card: c.view.Hand[0], Part: "impact", Text: fmt.Sprintf("reden %s %d", c.name, i), Title: "Eigen idee"}}
				case i%3 == 2:
					cmd = game.Command{Type: game.CmdRename, Args: game.Args{Name: fmt.Sprintf("%s %d", c.name, i)}}
				default:
					cmd = game.Command{Type: game.CmdAddAction, Args: game.Args{Text: fmt.Sprintf("actie %s %d", c.name, i)}}
				}
				id := c.cmd(cmd)
				sent.Add(1)
				var m protocol.Server
				for {
					var err error
					m, err = c.tryRead(readTimeout)
					if err != nil {
						select {
						case <-killed:
							return // the relay is gone: this command was not acknowledged
						default:
							c.t.Fatalf("read before the kill: %v", err)
						}
					}
					if (m.T == protocol.TAck || m.T == protocol.TError) && m.ID == id {
						break
					}
				}
				if m.T == protocol.TError {
					if m.Code == game.NotYourTurn || m.Code == game.NotInHand {
						continue // the view was a step behind
					}
					c.t.Fatalf("%s: got error %s (%s)", cmd.Type, m.Code, m.Message)
				}
				record(c, cmd, m.N)
			}
		}()
	}
	eventually(t, "commands in flight", func() bool { return sent.Load() >= killAt })
	close(killed)
	p.kill(t)
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}

	mu.Lock()
	var lastN uint64
	for _, a := range log {
		lastN = max(lastN, a.n)
	}
	mu.Unlock()
	t.Logf("killed with commands in flight: %d acknowledged in all (last n=%d), %d sent in the last stretch", len(log), lastN, sent.Load())

	// Restart on the same database and take every seat back; everything acknowledged is
	// there.
	p2 := startRelay(t, bin, data)
	if p2.addr == "" {
		t.Fatalf("relay did not restart: %v\n%s", p2.err, p2.log())
	}
	back := resumeAll(t, p2, cr.Code, clients, lastN)
	accounted(t, "after the restart", back, log)

	t.Run("locked database", func(t *testing.T) {
		refused(t, startRelay(t, bin, data), "a second relay, with the database the first one holds")
	})

	// A second kill soon after the restart loses nothing either: what the log held at the
	// first one is read back, not written into the database, until the relay's first
	// checkpoint, whether or not that has run by now.
	for i, c := range back {
		do(c, game.Command{Type: game.CmdAddAction, Args: game.Args{Text: fmt.Sprintf("na de herstart %s %d", c.name, i)}})
	}
	for _, c := range back {
		lastN = max(lastN, c.n)
	}
	p2.kill(t)
	p3 := startRelay(t, bin, data)
	if p3.addr == "" {
		t.Fatalf("relay did not restart a second time: %v\n%s", p3.err, p3.log())
	}
	accounted(t, "after the second restart", resumeAll(t, p3, cr.Code, back, lastN), log)
	p3.kill(t)

	db := filepath.Join(data, "impactkaarten.db")
	good, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		corrupt func([]byte) []byte
	}{
		{"garbage", func([]byte) []byte { return []byte(strings.Repeat("not a database ", 4096)) }},
		{"truncated", func(b []byte) []byte { return b[:1000] }},
		{"first 4 KiB zeroed", func(b []byte) []byte {
			b = slices.Clone(b)
			clear(b[:4096])
			return b
		}},
		{"a byte flipped in the second meta page", func(b []byte) []byte {
			b = slices.Clone(b)
			b[4096+40] ^= 0xFF
			return b
		}},
		{"both meta pages zeroed", func(b []byte) []byte {
			b = slices.Clone(b)
			clear(b[:8192])
			return b
		}},
	} {
		t.Run("corrupt "+tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "impactkaarten.db"), tc.corrupt(good), 0o600); err != nil {
				t.Fatal(err)
			}
			refused(t, startRelay(t, bin, dir), "a relay on a corrupt database")
		})
	}
}

// resumeAll takes every seat of clients back on the relay p, each on a new connection with
// its token, and checks that each gets its seat and at least event lastN; it returns the
// new connections.
func resumeAll(t *testing.T, p *process, room string, clients []*client, lastN uint64) []*client {
	t.Helper()
	ws := "ws://" + p.addr + "/ws"
	var back []*client
	for _, old := range clients {
		c, _, err := dialURL(t, ws, old.name+"-back", dialOpts{})
		if err != nil {
			t.Fatal(err)
		}
		c.n, c.token = old.n, old.token
		w := c.resume(room, old.token, old.n)
		if w.Seat != old.seat {
			t.Errorf("%s: got seat %d after the restart, want %d", old.name, w.Seat, old.seat)
		}
		if w.N < lastN {
			t.Errorf("%s: got version %d after the restart, want at least %d (the last acknowledged)", old.name, w.N, lastN)
		}
		back = append(back, c)
	}
	return back
}

// accounted checks that every acknowledged command of log shows in the views of clients.
func accounted(t *testing.T, when string, clients []*client, log []acked) {
	t.Helper()
	views := map[game.SeatID]game.PlayerView{}
	for _, c := range clients {
		views[c.seat] = c.view
	}
	plays, actions, renames := 0, 0, map[game.SeatID]string{}
	for _, a := range log {
		v := views[a.seat]
		switch a.cmd.Type {
		case game.CmdVote:
			found := false
			for _, r := range v.Rounds {
				if slices.Contains(r.Voted, a.seat) {
					ok := r.MyVote == a.cmd.Value
					if r.Revealed {
						ok = ok && slices.Contains(r.Votes, game.Vote{Seat: a.seat, Value: a.cmd.Value})
					}
					found = found || ok
				}
			}
			if !found {
				t.Errorf("%s: seat %d's vote %d (n=%d) is missing: rounds %+v", when, a.seat, a.cmd.Value, a.n, v.Rounds)
			}
		case game.CmdPlay:
			plays++
			if !slices.ContainsFunc(v.Canvas, func(p game.Placed) bool {
				return p.Card == a.cmd.Card && p.Owner == a.seat && p.Reason == a.cmd.Text
			}) {
				t.Errorf("%s: seat %d's play of %s (n=%d) is missing", when, a.seat, a.cmd.Card, a.n)
			}
			if slices.Contains(v.Hand, a.cmd.Card) {
				t.Errorf("%s: seat %d holds %s again after playing it (n=%d)", when, a.seat, a.cmd.Card, a.n)
			}
		case game.CmdAddAction:
			actions++
			if !slices.ContainsFunc(v.Actions, func(x game.Action) bool { return x.Text == a.cmd.Text && x.By == a.seat }) {
				t.Errorf("%s: seat %d's action %q (n=%d) is missing", when, a.seat, a.cmd.Text, a.n)
			}
		case game.CmdRename:
			renames[a.seat] = a.cmd.Name
		}
	}
	for seat, name := range renames {
		// The last acknowledged rename, or a later one sent before the kill.
		var got string
		for _, s := range views[seat].Seats {
			if s.ID == seat {
				got = s.Name
			}
		}
		var gotI, wantI int
		var who string
		fmt.Sscanf(got, "%s %d", &who, &gotI)
		fmt.Sscanf(name, "%s %d", &who, &wantI)
		if gotI < wantI {
			t.Errorf("%s: seat %d is named %q; %q was acknowledged", when, seat, got, name)
		}
	}
	if plays == 0 || actions == 0 {
		t.Errorf("%s: got %d plays and %d actions acknowledged before the kill, want some of each", when, plays, actions)
	}
}

// refused checks that the relay p (what) did not serve, exited with an error and said why.
func refused(t *testing.T, p *process, what string) {
	t.Helper()
	if p.addr != "" {
		t.Fatalf("%s serves on %s", what, p.addr)
	}
	if code := p.waitExit(t, processTimeout); code == 0 {
		t.Errorf("%s: got exit code 0, want non-zero", what)
	}
	if !strings.Contains(p.log(), "cannot open the room database") {
		t.Errorf("%s: stderr does not say why:\n%s", what, p.log())
	}
}
