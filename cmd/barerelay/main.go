// Command barerelay is the yardstick of docs/performance.md: a bare websocket relay in the
// shape of gorilla/websocket's chat example (a reader and a writer goroutine per
// connection, a hub goroutine per room), speaking just enough of protocol version 2 for
// cmd/loadgen to drive it — create a room, join it, send commands — and doing nothing a
// real session needs: no rules engine, no store, no fsync, no redaction. Every command is
// answered with an event to every seat of its room and an ack to its sender.
//
// What it costs per move on a machine is the floor of what relaying a move costs there
// (a read, a decode, and a write per seat), so the relay's figures can be read next to it
// from one load generator in one run: scripts/load.sh bare.
//
//	barerelay -addr 127.0.0.1:18080
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gorilla/websocket"
)

// The chat example's timings and sizes.
const (
	writeWait  = 10 * time.Second
	pongWait   = 60 * time.Second
	pingPeriod = (pongWait * 9) / 10
	maxMessage = 16 << 10
	sendQueue  = 256
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "address to listen on")
	flag.Parse()
	log.Printf("barerelay serving on http://%s", *addr)
	log.Fatal(http.ListenAndServe(*addr, newServer().routes()))
}

// routes serves what loadgen and scripts/load.sh ask of a relay.
func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("POST /api/rooms", s.createRoom)
	mux.HandleFunc("GET /ws", s.serveWS)
	return mux
}

// server holds the rooms by code.
type server struct {
	upgrader websocket.Upgrader
	next     atomic.Uint64
	mu       sync.Mutex
	rooms    map[string]*hub
}

func newServer() *server {
	return &server{
		upgrader: websocket.Upgrader{ReadBufferSize: 1024, WriteBufferSize: 1024},
		rooms:    map[string]*hub{},
	}
}

func (s *server) createRoom(w http.ResponseWriter, _ *http.Request) {
	code := "B" + strconv.FormatUint(s.next.Add(1), 36)
	h := &hub{code: code, clients: map[*client]bool{}, in: make(chan envelope, 256)}
	s.mu.Lock()
	s.rooms[code] = h
	s.mu.Unlock()
	go h.run()
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusCreated)
	_ = json.NewEncoder(w).Encode(map[string]string{"code": code, "facilitatorToken": "f-" + code})
}

func (s *server) room(code string) *hub {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rooms[code]
}

// message is the part of a client's message the relay reads.
type message struct {
	V    int    `json:"v"`
	T    string `json:"t"`
	Room string `json:"room"`
	ID   string `json:"id"`
}

// envelope is a client's message handed to its room.
type envelope struct {
	from *client
	msg  message
}

// hub is one room: it registers its seats and relays every command to all of them.
type hub struct {
	code    string
	clients map[*client]bool
	in      chan envelope
	n       uint64
	seats   int
}

func (h *hub) run() {
	for e := range h.in {
		c := e.from
		switch e.msg.T {
		case "join":
			h.seats++
			c.seat = h.seats
			h.clients[c] = true
			c.queue(fmt.Appendf(nil, `{"v":2,"t":"welcome","room":%q,"seat":%d,"token":"t-%d","n":%d}`, h.code, c.seat, c.seat, h.n))
		case "gone":
			delete(h.clients, c)
		case "cmd":
			// The event first, then the ack, as the relay sends them.
			h.n++
			event := fmt.Appendf(nil, `{"v":2,"t":"event","n":%d,"event":{"type":"relayed","version":%d,"actor":%d}}`, h.n, h.n, c.seat)
			for other := range h.clients {
				other.queue(event)
			}
			c.queue(fmt.Appendf(nil, `{"v":2,"t":"ack","id":%q,"n":%d}`, e.msg.ID, h.n))
		}
	}
}

// client is one websocket connection.
type client struct {
	conn *websocket.Conn
	send chan []byte
	seat int
}

// queue hands a message to the writer; a reader too slow for its queue is dropped, as the
// chat example's hub does.
func (c *client) queue(b []byte) {
	select {
	case c.send <- b:
	default:
		_ = c.conn.Close()
	}
}

func (s *server) serveWS(w http.ResponseWriter, r *http.Request) {
	conn, err := s.upgrader.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	c := &client{conn: conn, send: make(chan []byte, sendQueue)}
	go c.writePump()
	go s.readPump(c)
}

// readPump reads the client's messages and hands them to its room.
func (s *server) readPump(c *client) {
	var h *hub
	defer func() {
		if h != nil {
			h.in <- envelope{from: c, msg: message{T: "gone"}}
		}
		_ = c.conn.Close()
	}()
	c.conn.SetReadLimit(maxMessage)
	_ = c.conn.SetReadDeadline(time.Now().Add(pongWait))
	c.conn.SetPongHandler(func(string) error { return c.conn.SetReadDeadline(time.Now().Add(pongWait)) })
	for {
		_, data, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		var m message
		if err := json.Unmarshal(data, &m); err != nil {
			return
		}
		if h == nil {
			if m.T != "join" {
				return
			}
			if h = s.room(m.Room); h == nil {
				return
			}
		}
		h.in <- envelope{from: c, msg: m}
	}
}

// writePump writes the queued messages, one frame each, and the pings.
func (c *client) writePump() {
	ticker := time.NewTicker(pingPeriod)
	defer func() {
		ticker.Stop()
		_ = c.conn.Close()
	}()
	for {
		select {
		case b := <-c.send:
			_ = c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.conn.WriteMessage(websocket.TextMessage, b); err != nil {
				return
			}
		case <-ticker.C:
			_ = c.conn.SetWriteDeadline(time.Now().Add(writeWait))
			if err := c.conn.WriteMessage(websocket.PingMessage, nil); err != nil {
				return
			}
		}
	}
}
