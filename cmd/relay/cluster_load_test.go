//go:build unix

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/redis/go-redis/v9"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
	"impactkaarten/net/store"
)

// The node's lease work under load: all of a node's leases renewed together, a lease lost
// between two renewals noticed, and new rooms and seats refused while the node sheds load.

// metric returns the value of a metric line of the relay's /metrics (name with its labels,
// as printed), 0 when absent.
func (n *node) metric(t *testing.T, name string) float64 {
	t.Helper()
	resp, err := http.Get(n.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("metric %s: %v", name, err)
			}
			return f
		}
	}
	return 0
}

// scripts is how many scripts (EVALSHA and EVAL) Redis has run.
func scripts(t *testing.T, rc *redis.Client) int {
	t.Helper()
	info, err := rc.Info(context.Background(), "commandstats").Result()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, line := range strings.Split(info, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "cmdstat_evalsha:") || strings.HasPrefix(line, "cmdstat_eval:") {
			_, rest, _ := strings.Cut(line, "calls=")
			calls, _, _ := strings.Cut(rest, ",")
			c, err := strconv.Atoi(calls)
			if err != nil {
				t.Fatalf("INFO commandstats %q: %v", line, err)
			}
			n += c
		}
	}
	return n
}

// dial opens a websocket to the relay and sends m; it returns the connection and the
// first welcome or error.
func dial(t *testing.T, n *node, m protocol.Client) (*websocket.Conn, protocol.Server) {
	t.Helper()
	ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(n.url, "http")+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ws.Close() })
	if err := ws.WriteJSON(m); err != nil {
		t.Fatal(err)
	}
	for {
		var msg protocol.Server
		if err := ws.ReadJSON(&msg); err != nil {
			t.Fatalf("waiting for welcome: %v", err)
		}
		if msg.T == protocol.TWelcome || msg.T == protocol.TError {
			return ws, msg
		}
	}
}

// closeCode reads from ws until it closes and returns the close code (-1: no close
// within the deadline, or another error).
func closeCode(ws *websocket.Conn) int {
	_ = ws.SetReadDeadline(time.Now().Add(deadline))
	for {
		var msg protocol.Server
		err := ws.ReadJSON(&msg)
		var ce *websocket.CloseError
		if errors.As(err, &ce) {
			return ce.Code
		}
		if err != nil {
			return -1
		}
	}
}

func join(code, name string) protocol.Client {
	return protocol.Client{V: protocol.Version, T: protocol.TJoin, Room: code, Name: name, Lang: "nl"}
}

// TestClusterNodeRenewal: a node with many rooms renews all their leases in one script
// per round, not one per room; a lease lost between two rounds (taken by another holder)
// is noticed by the next round, its room given up and its clients told to reconnect,
// while the node's other rooms play on.
func TestClusterNodeRenewal(t *testing.T) {
	c := newCluster(t, 1)
	n := c.nodes[0]
	rc := redis.NewClient(&redis.Options{Addr: c.redis.Addr()})
	t.Cleanup(func() { _ = rc.Close() })

	const rooms = 40
	codes := make([]string, rooms)
	conns := make([]*websocket.Conn, rooms)
	for i := range rooms {
		codes[i], _ = c.createRoom()
		ws, msg := dial(t, n, join(codes[i], fmt.Sprintf("p%d", i)))
		if msg.T != protocol.TWelcome {
			t.Fatalf("join %s: %s %s", codes[i], msg.Code, msg.Message)
		}
		conns[i] = ws
	}
	for _, code := range codes {
		if c.owner(code) != n {
			t.Fatalf("room %s is not owned by the node", code)
		}
	}

	// Count the scripts Redis runs while the node makes at least three rounds: with no
	// moves, the renewals are the only scripts. One round may have run its script before
	// the first count and been observed after it; one may have run it before the last
	// count and be observed after it: at most one script more than rounds.
	const metric = "impactkaarten_cluster_renew_seconds_count"
	rounds0 := n.metric(t, metric)
	scripts0 := scripts(t, rc)
	waitFor(t, "three renewal rounds", func() bool { return n.metric(t, metric) >= rounds0+3 })
	scripts1 := scripts(t, rc)
	rounds := int(n.metric(t, metric) - rounds0)
	if got := scripts1 - scripts0; got > rounds+1 {
		t.Errorf("%d scripts in %d renewal rounds of %d leases, want one a round", got, rounds, rooms)
	}

	// Another holder takes room 0's lease (as a node would after the lease expired).
	code0, _ := protocol.NormalizeCode(codes[0])
	key := "ik:lease:{" + code0 + "}"
	if err := rc.Set(context.Background(), key, "999999999 intruder", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if got := closeCode(conns[0]); got != int(protocol.CloseMoved) {
		t.Fatalf("room with a lost lease: closed with %d, want %d", got, protocol.CloseMoved)
	}
	waitFor(t, "the node to log the room given up", func() bool {
		return strings.Contains(n.log.String(), "room given up")
	})
	// The others play on: room 1's seat renames itself, acknowledged.
	cmd := game.Command{Type: game.CmdRename, Args: game.Args{Name: "still here"}}
	if err := conns[1].WriteJSON(protocol.Client{V: protocol.Version, T: protocol.TCommand, ID: "r1", Cmd: &cmd}); err != nil {
		t.Fatal(err)
	}
	for {
		var msg protocol.Server
		if err := conns[1].ReadJSON(&msg); err != nil {
			t.Fatalf("room 1 after room 0 was lost: %v", err)
		}
		if msg.ID == "r1" {
			if msg.T != protocol.TAck {
				t.Fatalf("room 1's command: %s %s", msg.Code, msg.Message)
			}
			break
		}
	}
	if v, _ := rc.Get(context.Background(), key).Result(); v != "999999999 intruder" {
		t.Errorf("room 0's lease is %q after the node gave it up, want the other holder's", v)
	}
}

// TestClusterShedsLoad: a node saturated (here: told that every renewal round is too
// slow) refuses new rooms with 503 busy and new seats with busy and close 4005, and still
// resumes a seat of a running room; its /healthz says busy and stays 200. A Redis stopped
// past the limit for real makes a node with the default limit shed, and stop once Redis
// answers again.
func TestClusterShedsLoad(t *testing.T) {
	c := newCluster(t, 1)
	busy := startNode(t, c.redis.URL(), "-shed-after", "1ns")
	waitFor(t, "the node to shed load", func() bool {
		resp, err := http.Get(busy.url + "/healthz")
		if err != nil {
			return false
		}
		defer resp.Body.Close()
		var h struct {
			Busy bool `json:"busy"`
		}
		return resp.StatusCode == http.StatusOK && json.NewDecoder(resp.Body).Decode(&h) == nil && h.Busy
	})

	resp, err := http.Post(busy.url+"/api/rooms", "application/json", strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	var e struct {
		Error protocol.Code `json:"error"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&e)
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable || e.Error != protocol.ErrBusy || resp.Header.Get("Retry-After") == "" {
		t.Errorf("create on a shedding node: %d %q Retry-After %q, want 503 busy with Retry-After",
			resp.StatusCode, e.Error, resp.Header.Get("Retry-After"))
	}

	code, _ := c.createRoom() // on the other node
	_, welcome := dial(t, c.nodes[0], join(code, "ada"))
	if welcome.T != protocol.TWelcome {
		t.Fatalf("join on the node that does not shed: %s %s", welcome.Code, welcome.Message)
	}
	ws, msg := dial(t, busy, join(code, "bob"))
	if msg.T != protocol.TError || msg.Code != protocol.ErrBusy {
		t.Errorf("join on a shedding node: %+v, want error busy", msg)
	}
	if got := closeCode(ws); got != int(protocol.CloseBusy) || !protocol.Reconnect(protocol.CloseBusy) {
		t.Errorf("join on a shedding node closed with %d, want %d (reconnect)", got, protocol.CloseBusy)
	}
	_, msg = dial(t, busy, protocol.Client{V: protocol.Version, T: protocol.TResume, Room: code, Token: welcome.Token})
	if msg.T != protocol.TWelcome || msg.Seat != welcome.Seat {
		t.Errorf("resume on a shedding node: %+v, want welcome to seat %d", msg, welcome.Seat)
	}
	if got := busy.metric(t, `impactkaarten_cluster_shed_total{what="join"}`); got != 1 {
		t.Errorf("shed joins: %v, want 1", got)
	}

	// Redis stopped for longer than the default limit (500 ms): the round waiting for it
	// answers late or not at all (its deadline is two thirds of the lease), and the node
	// sheds until a round is quick again.
	n := c.nodes[0]
	if strings.Contains(n.log.String(), "shedding load") {
		t.Fatal("the node with the default limit shed load before Redis was stopped")
	}
	c.redis.Pause()
	waitFor(t, "the node to shed load while Redis is stopped", func() bool {
		return strings.Contains(n.log.String(), "shedding load")
	})
	c.redis.Resume()
	waitFor(t, "the node to stop shedding", func() bool {
		return strings.Contains(n.log.String(), "load shedding ended")
	})
}

// ack sends a rename command on ws and returns its ack's n, or the error code.
func ack(t *testing.T, ws *websocket.Conn, id, name string) (uint64, protocol.Code) {
	t.Helper()
	cmd := game.Command{Type: game.CmdRename, Args: game.Args{Name: name}}
	if err := ws.WriteJSON(protocol.Client{V: protocol.Version, T: protocol.TCommand, ID: id, Cmd: &cmd}); err != nil {
		t.Fatal(err)
	}
	_ = ws.SetReadDeadline(time.Now().Add(deadline))
	for {
		var msg protocol.Server
		if err := ws.ReadJSON(&msg); err != nil {
			t.Fatalf("command %s: %v", id, err)
		}
		if msg.ID == id && (msg.T == protocol.TAck || msg.T == protocol.TError) {
			return msg.N, msg.Code
		}
	}
}

// TestClusterOwnerBehindItsLog: an append that Redis stored but whose answer the owner
// lost (Redis killed between writing and replying) leaves the log ahead of the room. The
// owner finds out on its next commit, gives the room up with 4004 rather than fail every
// commit from then on, and the client resumes and has its command applied on the room as
// the log has it.
func TestClusterOwnerBehindItsLog(t *testing.T) {
	c := newCluster(t, 1)
	n := c.nodes[0]
	ctx := context.Background()
	code, _ := c.createRoom()
	ws, w := dial(t, n, join(code, "ada"))
	if w.T != protocol.TWelcome {
		t.Fatalf("join: %s %s", w.Code, w.Message)
	}
	n1, errCode := ack(t, ws, "r1", "Ada 1")
	if errCode != "" {
		t.Fatalf("r1: %s", errCode)
	}
	// The lost answer: an event appended under the owner's own lease, as its append would
	// have been, which the owner never heard of (a repeat of its last event, renumbered).
	norm, _ := protocol.NormalizeCode(code)
	lease, ok, err := c.st.Holder(ctx, norm)
	if err != nil || !ok {
		t.Fatalf("holder: %v %v", ok, err)
	}
	recs, err := c.st.Events(ctx, norm, n1-1, n1)
	if err != nil || len(recs) != 1 {
		t.Fatalf("events: %v %v", recs, err)
	}
	var ev game.Event
	if err := json.Unmarshal(recs[0].Data, &ev); err != nil {
		t.Fatal(err)
	}
	ev.Version = n1 + 1
	data, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.st.AppendFenced(ctx, lease, []store.Record{{N: n1 + 1, Seat: recs[0].Seat, Data: data}}, nil); err != nil {
		t.Fatal(err)
	}

	// The next command finds the log ahead: the room is given up and the client told to
	// reconnect.
	if _, errCode := ack(t, ws, "r2", "Ada 2"); errCode != protocol.ErrStorage {
		t.Fatalf("r2 on the room behind its log: %q, want storage", errCode)
	}
	if got := closeCode(ws); got != int(protocol.CloseMoved) {
		t.Fatalf("room behind its log: closed with %d, want %d", got, protocol.CloseMoved)
	}
	ws2, w2 := dial(t, n, protocol.Client{V: protocol.Version, T: protocol.TResume, Room: code, Token: w.Token})
	if w2.T != protocol.TWelcome || w2.N != n1+1 {
		t.Fatalf("resume: %+v, want a welcome at event %d", w2, n1+1)
	}
	if got, errCode := ack(t, ws2, "r2", "Ada 2"); errCode != "" || got != n1+2 {
		t.Fatalf("r2 again: n %d %q, want acknowledged as event %d", got, errCode, n1+2)
	}
}
