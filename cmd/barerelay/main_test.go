package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// TestRelaysLikeTheRelay: what loadgen counts on — a room is created, two seats join and
// are welcomed with their seat, and a command comes back to every seat as an event naming
// its actor, and to its sender as an ack after the event (loadgen times a move from its
// send to its event, and forgets it at its ack).
func TestRelaysLikeTheRelay(t *testing.T) {
	srv := httptest.NewServer(newServer().routes())
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/api/rooms", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	var room struct{ Code string }
	err = json.NewDecoder(resp.Body).Decode(&room)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusCreated || room.Code == "" {
		t.Fatalf("POST /api/rooms: %v %v %+v", resp.Status, err, room)
	}
	type msg struct {
		T     string
		ID    string
		Seat  int
		Event struct{ Actor int }
	}
	// read returns the next message; the deadline only keeps a broken relay from hanging
	// the test.
	read := func(ws *websocket.Conn) msg {
		t.Helper()
		_ = ws.SetReadDeadline(time.Now().Add(30 * time.Second))
		var m msg
		if err := ws.ReadJSON(&m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	var seats []*websocket.Conn
	for i := 1; i <= 2; i++ {
		ws, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(srv.URL, "http")+"/ws", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer ws.Close()
		if err := ws.WriteJSON(map[string]any{"v": 2, "t": "join", "room": room.Code}); err != nil {
			t.Fatal(err)
		}
		if m := read(ws); m.T != "welcome" || m.Seat != i {
			t.Fatalf("join %d: got %+v, want a welcome to seat %d", i, m, i)
		}
		seats = append(seats, ws)
	}
	if err := seats[1].WriteJSON(map[string]any{"v": 2, "t": "cmd", "id": "m1", "cmd": map[string]any{"type": "vote", "value": 3}}); err != nil {
		t.Fatal(err)
	}
	if m := read(seats[0]); m.T != "event" || m.Event.Actor != 2 {
		t.Errorf("the other seat got %+v, want the event of seat 2", m)
	}
	if m := read(seats[1]); m.T != "event" || m.Event.Actor != 2 {
		t.Errorf("the sender got %+v first, want its event", m)
	}
	if m := read(seats[1]); m.T != "ack" || m.ID != "m1" {
		t.Errorf("the sender got %+v next, want the ack of m1", m)
	}
}
