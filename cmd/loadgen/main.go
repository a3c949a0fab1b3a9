// Command loadgen puts load on a relay: it opens N real websocket clients in rooms of 8
// playing the statements phase (the facilitator notes insights, seven players keep changing
// their votes), each making one move per interval, and reports the move → broadcast round
// trip (from sending a move until its own event comes back), delivered messages per second,
// errors, and the relay's memory.
//
// It only talks to the address it is given; point it at a relay on loopback.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

type options struct {
	url      string
	clients  int
	roomSize int
	interval time.Duration
	duration time.Duration
	ramp     time.Duration
	idle     bool
	pid      int
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.url, "url", "http://127.0.0.1:8080", "relay base URL (loopback)")
	fs.IntVar(&o.clients, "clients", 800, "websocket clients")
	fs.IntVar(&o.roomSize, "room", 8, "clients per room (the first is the facilitator)")
	fs.DurationVar(&o.interval, "every", time.Second, "time between two moves of one client")
	fs.DurationVar(&o.duration, "for", 30*time.Second, "how long to measure, after everyone joined")
	fs.DurationVar(&o.ramp, "ramp", 10*time.Second, "time over which clients connect")
	fs.BoolVar(&o.idle, "idle", false, "connect and join, make no moves, report memory per connection")
	fs.IntVar(&o.pid, "pid", 0, "relay process id, to read its memory from /proc (default: from /metrics)")
	if err := fs.Parse(args); err != nil {
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

// client is one simulated player.
type client struct {
	ws      *websocket.Conn
	seat    game.SeatID
	mu      sync.Mutex
	pending map[string]time.Time // command id → sent at
	nextID  int
}

type stats struct {
	mu        sync.Mutex
	rtts      []time.Duration
	delivered atomic.Int64
	errors    atomic.Int64
	rejected  atomic.Int64
	closed    atomic.Int64
}

func (s *stats) add(d time.Duration) {
	s.mu.Lock()
	s.rtts = append(s.rtts, d)
	s.mu.Unlock()
}

func load(ctx context.Context, o options, log io.Writer) (string, error) {
	wsURL := "ws" + strings.TrimPrefix(o.url, "http") + "/ws"
	memBefore, _ := relayMemory(o)
	rooms := (o.clients + o.roomSize - 1) / o.roomSize
	st := &stats{}
	var clients []*client
	var cmu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	sem := make(chan struct{}, 64)
	for r := 0; r < rooms; r++ {
		code, token, err := createRoom(o.url)
		if err != nil {
			return "", fmt.Errorf("create room %d: %w", r, err)
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
				c, err := dial(wsURL, code, fmt.Sprintf("Speler %d", i+1), fac)
				if err != nil {
					st.errors.Add(1)
					fmt.Fprintln(log, "loadgen: join:", err)
					return
				}
				cmu.Lock()
				clients = append(clients, c)
				cmu.Unlock()
				if i == 0 {
					// The facilitator starts the statements phase once the room fills.
					c.send(&game.Command{Type: game.CmdStart})
				}
			}(i)
		}
	}
	wg.Wait()
	joined := time.Since(start)
	if len(clients) == 0 {
		return "", errors.New("no client could join")
	}
	var readers sync.WaitGroup
	for _, c := range clients {
		readers.Add(1)
		go func(c *client) { defer readers.Done(); c.read(st) }(c)
	}
	var b strings.Builder
	if o.idle {
		time.Sleep(3 * time.Second) // let the relay settle after the joins
		memAfter, src := relayMemory(o)
		fmt.Fprintf(&b, "idle: %d connections joined in %d rooms in %v\n", len(clients), rooms, joined.Round(time.Millisecond))
		fmt.Fprintf(&b, "relay memory (%s): %.1f MiB before, %.1f MiB after: %.1f kB per connection\n",
			src, mib(memBefore), mib(memAfter), float64(memAfter-memBefore)/1000/float64(len(clients)))
	} else {
		warm := 3 * time.Second
		deadline := time.Now().Add(warm + o.duration)
		var movers sync.WaitGroup
		for _, c := range clients {
			movers.Add(1)
			go func(c *client) {
				defer movers.Done()
				// A random phase, so moves are spread evenly over each interval.
				time.Sleep(rand.N(o.interval))
				t := time.NewTicker(o.interval)
				defer t.Stop()
				for time.Now().Before(deadline) {
					c.move()
					<-t.C
				}
			}(c)
		}
		time.Sleep(warm)
		st.mu.Lock()
		st.rtts = st.rtts[:0]
		st.mu.Unlock()
		d0 := st.delivered.Load()
		t0 := time.Now()
		movers.Wait()
		elapsed := time.Since(t0)
		delivered := st.delivered.Load() - d0
		mem, src := relayMemory(o)
		st.mu.Lock()
		rtts := slices.Clone(st.rtts)
		st.mu.Unlock()
		slices.Sort(rtts)
		fmt.Fprintf(&b, "clients %d in %d rooms of %d, one move per %v each, measured %v\n",
			len(clients), rooms, o.roomSize, o.interval, elapsed.Round(time.Millisecond))
		fmt.Fprintf(&b, "moves measured: %d (%.0f moves/s)\n", len(rtts), float64(len(rtts))/elapsed.Seconds())
		fmt.Fprintf(&b, "round trip move→broadcast: p50 %v  p95 %v  p99 %v  max %v\n",
			pct(rtts, 50), pct(rtts, 95), pct(rtts, 99), pct(rtts, 100))
		fmt.Fprintf(&b, "delivered messages: %.0f/s\n", float64(delivered)/elapsed.Seconds())
		fmt.Fprintf(&b, "errors: %d connection, %d rejected commands, %d closed by the relay\n",
			st.errors.Load(), st.rejected.Load(), st.closed.Load())
		fmt.Fprintf(&b, "relay memory (%s): %.1f MiB\n", src, mib(mem))
	}
	for _, c := range clients {
		_ = c.ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(websocket.CloseNormalClosure, ""), time.Now().Add(time.Second))
		_ = c.ws.Close()
	}
	readers.Wait()
	return b.String(), nil
}

func createRoom(base string) (code, token string, err error) {
	resp, err := http.Post(base+"/api/rooms", "application/json", bytes.NewReader(nil))
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
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

func dial(url, code, name, facToken string) (*client, error) {
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	ws, _, err := d.Dial(url, nil)
	if err != nil {
		return nil, err
	}
	join := protocol.Client{V: protocol.Version, T: protocol.TJoin, Room: code, Name: name, FacilitatorToken: facToken}
	if err := ws.WriteJSON(join); err != nil {
		ws.Close()
		return nil, err
	}
	_ = ws.SetReadDeadline(time.Now().Add(30 * time.Second))
	for {
		var m protocol.Server
		if err := ws.ReadJSON(&m); err != nil {
			ws.Close()
			return nil, err
		}
		switch m.T {
		case protocol.TWelcome:
			_ = ws.SetReadDeadline(time.Time{})
			return &client{ws: ws, seat: m.Seat, pending: map[string]time.Time{}}, nil
		case protocol.TError:
			ws.Close()
			return nil, fmt.Errorf("join %s: %s: %s", code, m.Code, m.Message)
		}
	}
}

// move makes this client's next move: the facilitator notes an insight, players vote.
func (c *client) move() {
	if c.seat == 1 {
		c.send(&game.Command{Type: game.CmdInsight, Args: game.Args{Text: "Inzicht " + strconv.Itoa(rand.IntN(1000))}})
		return
	}
	c.send(&game.Command{Type: game.CmdVote, Args: game.Args{Value: 1 + rand.IntN(5)}})
}

func (c *client) send(cmd *game.Command) {
	c.mu.Lock()
	c.nextID++
	id := "m" + strconv.Itoa(c.nextID)
	c.pending[id] = time.Now()
	c.mu.Unlock()
	_ = c.ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	_ = c.ws.WriteJSON(protocol.Client{V: protocol.Version, T: protocol.TCommand, ID: id, Cmd: cmd})
}

// read counts every message and times each of this client's moves from sending it until
// its own event (the broadcast) arrives; the ack that follows closes the bookkeeping.
func (c *client) read(st *stats) {
	var sentAt time.Time
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			var ce *websocket.CloseError
			if errors.As(err, &ce) && ce.Code != websocket.CloseNormalClosure {
				st.closed.Add(1)
			}
			return
		}
		st.delivered.Add(1)
		var m struct {
			T     string `json:"t"`
			ID    string `json:"id"`
			Event *struct {
				Actor game.SeatID `json:"actor"`
			} `json:"event"`
		}
		if json.Unmarshal(data, &m) != nil {
			continue
		}
		switch m.T {
		case protocol.TEvent:
			if m.Event != nil && m.Event.Actor == c.seat {
				c.mu.Lock()
				for _, t := range c.pending {
					if sentAt.IsZero() || t.Before(sentAt) {
						sentAt = t
					}
				}
				c.mu.Unlock()
				if !sentAt.IsZero() {
					st.add(time.Since(sentAt))
					sentAt = time.Time{}
				}
			}
		case protocol.TAck, protocol.TError:
			c.mu.Lock()
			delete(c.pending, m.ID)
			c.mu.Unlock()
			if m.T == protocol.TError && m.ID != "" {
				st.rejected.Add(1)
			}
		}
	}
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	i := (len(d) - 1) * p / 100
	return d[i].Round(10 * time.Microsecond)
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// relayMemory returns the relay's resident memory, from /proc when its pid is known, else
// from its /metrics (process_resident_memory_bytes).
func relayMemory(o options) (int64, string) {
	if o.pid > 0 {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", o.pid))
		if err == nil {
			for _, line := range strings.Split(string(data), "\n") {
				if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
					kb, _ := strconv.ParseInt(f[1], 10, 64)
					return kb * 1024, "RSS from /proc"
				}
			}
		}
	}
	resp, err := http.Get(o.url + "/metrics")
	if err != nil {
		return 0, "unknown"
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(body), "\n") {
		if v, ok := strings.CutPrefix(line, "process_resident_memory_bytes "); ok {
			f, _ := strconv.ParseFloat(strings.TrimSpace(v), 64)
			return int64(f), "RSS from /metrics"
		}
	}
	return 0, "unknown"
}
