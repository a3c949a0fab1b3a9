package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/websocket"
	"github.com/vmihailenco/msgpack/v5"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

// With -dialect colyseus, loadgen drives yardsticks/colyseus (a Colyseus server whose rooms
// of 8 relay every move to every seat, as cmd/barerelay does) through Colyseus's own
// protocol, so that the relay, the bare gorilla relay and Colyseus are measured by one load
// generator: the same clients, moves, timing and figures.
//
// What of Colyseus's protocol loadgen speaks (@colyseus/core 0.18, its Protocol and Room):
//
//   - a seat is reserved over HTTP: POST /matchmake/create/table makes a room and reserves
//     its first seat, POST /matchmake/joinById/ROOM reserves the next; the answer names the
//     room, its process and the seat's session;
//   - the websocket is ws://HOST/PROCESS/ROOM?sessionId=SESSION; its first message is
//     JOIN_ROOM (a byte 10 and the handshake), which the client confirms with the byte 10;
//   - room messages are a byte 13, the message's type as a MessagePack string and its
//     payload as MessagePack. The yardstick's types: "w" {seat, n} welcomes a seat, "c"
//     {id} is a move, "e" {n, a} the event every seat gets (a: the actor's seat), "a"
//     {id, n} the mover's acknowledgement.
const (
	colyseusJoinRoom = 10
	colyseusRoomData = 13
)

// Dialects loadgen speaks (-dialect).
const (
	dialectImpactkaarten = "impactkaarten"
	dialectColyseus      = "colyseus"
)

// colyseusSeat is a seat reservation, as POST /matchmake/... answers it.
type colyseusSeat struct {
	RoomID    string `json:"roomId"`
	ProcessID string `json:"processId"`
	SessionID string `json:"sessionId"`
	Error     string `json:"error"`
}

// postJSON posts body, encoded as JSON, to u and decodes the answer into v: how loadgen
// asks a yardstick's HTTP API for rooms and seats. It returns the answer as read; an
// error that wraps errRetry when the server could not be reached.
func postJSON(u string, body, v any) ([]byte, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	resp, err := http.Post(u, "application/json", bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errRetry, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("%w: POST %s: %w", errRetry, u, err)
	}
	if resp.StatusCode != http.StatusOK {
		return data, fmt.Errorf("POST %s: %s: %s", u, resp.Status, data)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return data, fmt.Errorf("POST %s: %w", u, err)
	}
	return data, nil
}

// colyseusReserve asks base for a seat: method "create" (a new room of roomName) or
// "joinById" (roomName is then the room's id).
func colyseusReserve(base, method, roomName string) (colyseusSeat, error) {
	var seat colyseusSeat
	u := base + "/matchmake/" + method + "/" + url.PathEscape(roomName)
	body, err := postJSON(u, struct{}{}, &seat)
	if err != nil {
		return seat, err
	}
	if seat.Error != "" || seat.RoomID == "" || seat.SessionID == "" {
		return seat, fmt.Errorf("POST %s: no seat: %s", u, body)
	}
	return seat, nil
}

// colyseusCreate makes a room. Its code is the room's id; its "facilitator token" is the
// seat the creation reserved, which the room's first client takes.
func colyseusCreate(base string) (code, token string, err error) {
	seat, err := colyseusReserve(base, "create", "table")
	if err != nil {
		return "", "", err
	}
	return seat.RoomID, seat.ProcessID + "/" + seat.SessionID, nil
}

// colyseusJoin takes a seat in room code on the server at base (its http URL): the one
// reserved as token, or a new one.
func colyseusJoin(base, code, token string) (*websocket.Conn, game.SeatID, uint64, error) {
	var seat colyseusSeat
	if token != "" {
		process, session, _ := strings.Cut(token, "/")
		seat = colyseusSeat{RoomID: code, ProcessID: process, SessionID: session}
	} else {
		var err error
		if seat, err = colyseusReserve(base, "joinById", code); err != nil {
			return nil, 0, 0, err
		}
	}
	u := "ws" + strings.TrimPrefix(base, "http") + "/" + seat.ProcessID + "/" + seat.RoomID + "?sessionId=" + url.QueryEscape(seat.SessionID)
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	ws, _, err := d.Dial(u, nil)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("%w: %w", errRetry, err)
	}
	_ = ws.SetReadDeadline(time.Now().Add(welcomeWait))
	joined := false
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			ws.Close()
			return nil, 0, 0, fmt.Errorf("join %s: %w", code, err)
		}
		if len(data) > 0 && data[0] == colyseusJoinRoom && !joined {
			// Confirm the join: the room then sends what it queued for the seat (the welcome).
			if err := ws.WriteMessage(websocket.BinaryMessage, []byte{colyseusJoinRoom}); err != nil {
				ws.Close()
				return nil, 0, 0, fmt.Errorf("join %s: %w", code, err)
			}
			joined = true
			continue
		}
		typ, payload, ok := colyseusMessage(data)
		if ok && typ == "w" {
			_ = ws.SetReadDeadline(time.Time{})
			return ws, game.SeatID(payload.Seat), payload.N, nil
		}
	}
}

// colyseusPayload is every member the yardstick's messages have.
type colyseusPayload struct {
	Seat int
	N    uint64
	A    int
	ID   string
}

// colyseusMessage decodes a room message: its type and payload. The payload's map is read
// member by member with a pooled decoder: loadgen reads some 100,000 messages a second at
// 10,000 moves/s, and decoding into a struct by reflection made loadgen, not the server,
// the busier of the two.
func colyseusMessage(data []byte) (string, colyseusPayload, bool) {
	var p colyseusPayload
	if len(data) < 2 || data[0] != colyseusRoomData {
		return "", p, false
	}
	dec := msgpack.GetDecoder()
	defer msgpack.PutDecoder(dec)
	dec.Reset(bytes.NewReader(data[1:]))
	typ, err := dec.DecodeString()
	if err != nil {
		return "", p, false
	}
	n, err := dec.DecodeMapLen()
	if err != nil {
		return "", p, false
	}
	for range n {
		key, err := dec.DecodeString()
		if err != nil {
			return "", p, false
		}
		switch key {
		case "seat":
			p.Seat, err = dec.DecodeInt()
		case "n":
			p.N, err = dec.DecodeUint64()
		case "a":
			p.A, err = dec.DecodeInt()
		case "id":
			p.ID, err = dec.DecodeString()
		default:
			err = dec.Skip()
		}
		if err != nil {
			return "", p, false
		}
	}
	return typ, p, true
}

// colyseusHeader reads a server message as readHeader reads the relay's.
func colyseusHeader(data []byte) (header, bool) {
	typ, p, ok := colyseusMessage(data)
	if !ok {
		return header{}, false
	}
	switch typ {
	case "e":
		return header{t: protocol.TEvent, n: p.N, actor: game.SeatID(p.A)}, true
	case "a":
		return header{t: protocol.TAck, id: p.ID, n: p.N}, true
	}
	return header{}, false
}

// colyseusMove encodes a move with command id id.
func colyseusMove(id string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte(colyseusRoomData)
	enc := msgpack.NewEncoder(&b)
	if err := enc.EncodeString("c"); err != nil {
		return nil, err
	}
	if err := enc.Encode(map[string]string{"id": id}); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// colyseusClient joins room code on the server at base as a new client: with the seat
// reserved as token, or a new one.
func colyseusClient(base, code, token string) (*client, error) {
	ws, seat, n, err := colyseusJoin(base, code, token)
	if err != nil {
		return nil, err
	}
	c := &client{ws: ws, seat: seat, fac: token != "", room: code, dialect: dialectColyseus,
		pending: map[string]time.Time{}, cmds: map[string]*game.Command{}}
	c.n.Store(n)
	return c, nil
}

// header reads what loadgen needs of a server message, in the client's dialect.
func (c *client) header(data []byte) (header, bool) {
	switch c.dialect {
	case dialectColyseus:
		return colyseusHeader(data)
	case dialectBoardgameio:
		return bgioHeader(data)
	}
	return c.hr.read(data)
}
