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

	"github.com/gorilla/websocket"
	"github.com/redis/go-redis/v9"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
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

// closeCode reads from ws until it closes and returns the close code.
func closeCode(ws *websocket.Conn) int {
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
