package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	jsonv2 "github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/gorilla/websocket"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

// With -dialect boardgameio, loadgen drives yardsticks/boardgameio (a boardgame.io 0.50
// server whose game lets every seat of a match of 8 move at any time) through
// boardgame.io's own lobby API and socket.io transport, as colyseus.go does Colyseus.
//
// What of boardgame.io's protocol loadgen speaks:
//
//   - a match is made with POST /games/table/create {"numPlayers": 8}, a seat taken with
//     POST /games/table/MATCH/join {"playerName": …}, which answers its playerID ("0" to
//     "7") and credentials;
//   - the websocket is socket.io's (Engine.IO 4): ws://HOST/socket.io/?EIO=4&transport=websocket.
//     The server opens with a packet "0{…}" and pings with "2", which the client answers
//     with "3"; the client enters the game's namespace with "40/table," (answered
//     "40/table,{…}") and then sends and receives events as "42/table,[NAME, ARGS…]";
//   - the client's "sync" (match, playerID, credentials, players) is answered with a
//     "sync" holding the seat's state; a move is an "update" (the action with the
//     credentials, the state id the seat saw last, match, playerID);
//   - for every move the server sends every seat an "update": the match, the whole state
//     filtered for the seat, and the log of the move (its action with its arguments and
//     playerID). The yardstick's one move takes the command id as its argument, so a seat
//     finds its own move, and its answer, in the log.
//
// boardgame.io has no acknowledgement apart from that update: loadgen counts a move
// answered when its mover's update arrives.
const (
	dialectBoardgameio = "boardgameio"

	bgioGame      = "table"
	bgioNamespace = "/" + bgioGame
	bgioPlayers   = 8
)

// bgioCreate makes a match of 8. Its code is the match id; there is no facilitator token.
func bgioCreate(base string) (code, token string, err error) {
	var m struct {
		MatchID string `json:"matchID"`
	}
	if _, err := postJSON(base+"/games/"+bgioGame+"/create", map[string]int{"numPlayers": bgioPlayers}, &m); err != nil {
		return "", "", err
	}
	if m.MatchID == "" {
		return "", "", fmt.Errorf("create: no match id")
	}
	return m.MatchID, "", nil
}

// bgioEvent encodes a socket.io event in the game's namespace.
func bgioEvent(args ...any) ([]byte, error) {
	b, err := json.Marshal(args)
	if err != nil {
		return nil, err
	}
	return append([]byte("42"+bgioNamespace+","), b...), nil
}

// bgioArgs returns the name and arguments of a socket.io event in the game's namespace;
// ok is false for any other packet.
func bgioArgs(data []byte) (name string, args []jsontext.Value, ok bool) {
	rest, found := bytes.CutPrefix(data, []byte("42"+bgioNamespace+","))
	if !found {
		return "", nil, false
	}
	if err := jsonv2.Unmarshal(rest, &args); err != nil || len(args) == 0 {
		return "", nil, false
	}
	if err := jsonv2.Unmarshal(args[0], &name); err != nil {
		return "", nil, false
	}
	return name, args[1:], true
}

// bgioState is what loadgen reads of a state: its id, which a move names.
type bgioState struct {
	StateID uint64 `json:"_stateID"`
}

// bgioLogEntry is what loadgen reads of an update's log: whose move it was, with which id.
type bgioLogEntry struct {
	Action struct {
		Type    string `json:"type"`
		Payload struct {
			Args     []jsontext.Value `json:"args"`
			PlayerID string           `json:"playerID"`
		} `json:"payload"`
	} `json:"action"`
}

// bgioSeat is a boardgame.io playerID as a seat: "0" is seat 1.
func bgioSeat(playerID string) (game.SeatID, bool) {
	i, err := strconv.Atoi(playerID)
	if err != nil || i < 0 {
		return 0, false
	}
	return game.SeatID(i + 1), true
}

// bgioHeader reads a server packet as readHeader reads the relay's message: an update is
// an event (n its state id, the actor and id those of the move in its log).
func bgioHeader(data []byte) (header, bool) {
	name, args, ok := bgioArgs(data)
	if !ok || name != "update" || len(args) < 3 {
		return header{}, false
	}
	var st bgioState
	var log []bgioLogEntry
	if jsonv2.Unmarshal(args[1], &st) != nil || jsonv2.Unmarshal(args[2], &log) != nil {
		return header{}, false
	}
	h := header{t: protocol.TEvent, n: st.StateID}
	for _, e := range log {
		if e.Action.Type != "MAKE_MOVE" {
			continue
		}
		h.actor, _ = bgioSeat(e.Action.Payload.PlayerID)
		if len(e.Action.Payload.Args) > 0 {
			_ = jsonv2.Unmarshal(e.Action.Payload.Args[0], &h.id)
		}
	}
	return h, true
}

// bgioMove encodes the seat's move with command id id, on the state it saw last.
func (c *client) bgioMove(id string) ([]byte, error) {
	action := map[string]any{"type": "MAKE_MOVE", "payload": map[string]any{
		"type": "move", "args": []string{id}, "playerID": c.bgioPlayer, "credentials": c.token}}
	return bgioEvent("update", action, c.n.Load(), c.room, c.bgioPlayer)
}

// bgioClient takes a seat in match code on the server at base and syncs it.
func bgioClient(base, code string) (*client, error) {
	var seat struct {
		PlayerID    string `json:"playerID"`
		Credentials string `json:"playerCredentials"`
	}
	if _, err := postJSON(base+"/games/"+bgioGame+"/"+url.PathEscape(code)+"/join",
		map[string]string{"playerName": "Speler"}, &seat); err != nil {
		return nil, err
	}
	id, ok := bgioSeat(seat.PlayerID)
	if !ok {
		return nil, fmt.Errorf("join %s: playerID %q", code, seat.PlayerID)
	}
	u := "ws" + strings.TrimPrefix(base, "http") + "/socket.io/?EIO=4&transport=websocket"
	d := websocket.Dialer{HandshakeTimeout: 10 * time.Second}
	ws, _, err := d.Dial(u, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errRetry, err)
	}
	fail := func(err error) (*client, error) {
		ws.Close()
		return nil, fmt.Errorf("join %s: %w", code, err)
	}
	_ = ws.SetReadDeadline(time.Now().Add(welcomeWait))
	sync, err := bgioEvent("sync", code, seat.PlayerID, seat.Credentials, bgioPlayers)
	if err != nil {
		return fail(err)
	}
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			return fail(err)
		}
		var reply []byte
		switch {
		case len(data) > 0 && data[0] == '0': // Engine.IO's open: enter the namespace
			reply = []byte("40" + bgioNamespace + ",")
		case bytes.HasPrefix(data, []byte("40"+bgioNamespace+",")): // entered: sync the seat
			reply = sync
		case string(data) == "2":
			reply = []byte("3")
		}
		if reply != nil {
			if err := ws.WriteMessage(websocket.TextMessage, reply); err != nil {
				return fail(err)
			}
			continue
		}
		name, args, ok := bgioArgs(data)
		if !ok || name != "sync" || len(args) < 2 {
			continue
		}
		var info struct {
			State bgioState `json:"state"`
		}
		if err := jsonv2.Unmarshal(args[1], &info); err != nil {
			return fail(fmt.Errorf("sync: %w", err))
		}
		_ = ws.SetReadDeadline(time.Time{})
		c := &client{ws: ws, seat: id, room: code, token: seat.Credentials, dialect: dialectBoardgameio,
			bgioPlayer: seat.PlayerID, pending: map[string]time.Time{}, cmds: map[string]*game.Command{}}
		c.n.Store(info.State.StateID)
		return c, nil
	}
}

// pong answers a boardgame.io server's ping: it reports whether data was one.
func (c *client) pong(ws *websocket.Conn, data []byte) bool {
	if c.dialect != dialectBoardgameio || string(data) != "2" {
		return false
	}
	c.wmu.Lock()
	defer c.wmu.Unlock()
	_ = ws.SetWriteDeadline(time.Now().Add(10 * time.Second))
	_ = ws.WriteMessage(websocket.TextMessage, []byte("3"))
	return true
}
