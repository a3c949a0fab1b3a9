package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/gorilla/websocket"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

// bgioUpdateFrame is an update as boardgame.io 0.50.2 sends it to a seat for the first
// move of playerID "0" (seat 1), with command id "m7": read from the yardstick's socket.
const bgioUpdateFrame = `42/table,["update","rhp2fYHK8ES",{"G":{"n":1,"last":"m7"},"ctx":{"numPlayers":8,"turn":1,"currentPlayer":"0","playOrder":["0","1","2","3","4","5","6","7"],"playOrderPos":0,"phase":null,"activePlayers":{"0":null,"1":null,"2":null,"3":null,"4":null,"5":null,"6":null,"7":null},"_activePlayersMinMoves":null,"_activePlayersMaxMoves":null,"_activePlayersNumMoves":{"0":1,"1":0,"2":0,"3":0,"4":0,"5":0,"6":0,"7":0},"_prevActivePlayers":[],"_nextActivePlayers":null,"numMoves":1},"plugins":{"random":{},"log":{"data":{}},"events":{"data":{}}},"_undo":[],"_redo":[],"_stateID":1},[{"action":{"payload":{"args":["m7"],"playerID":"0","type":"move"},"type":"MAKE_MOVE"},"_stateID":0,"turn":1,"phase":null}]]`

// TestBgioHeader reads packets as boardgame.io's socket.io transport writes them.
func TestBgioHeader(t *testing.T) {
	cases := []struct {
		name string
		data string
		want header
		ok   bool
	}{
		{"update", bgioUpdateFrame, header{t: protocol.TEvent, n: 1, actor: 1, id: "m7"}, true},
		{"another seat's move", `42/table,["update","abc",{"_stateID":8},[{"action":{"payload":{"args":["x"],"playerID":"7","type":"move"},"type":"MAKE_MOVE"},"_stateID":7}]]`,
			header{t: protocol.TEvent, n: 8, actor: 8, id: "x"}, true},
		{"sync is not counted", `42/table,["sync","abc",{"state":{"_stateID":3}}]`, header{}, false},
		{"matchData is not counted", `42/table,["matchData","rhp2fYHK8ES",[{"id":0,"name":"Speler","isConnected":true},{"id":1}]]`, header{}, false},
		{"ping", `2`, header{}, false},
		{"another namespace", `42/other,["update","abc",{"_stateID":1},[]]`, header{}, false},
		{"truncated", `42/table,["update","abc",{"_stateID":`, header{}, false},
		{"update without its log", `42/table,["update","abc",{"_stateID":1}]`, header{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, ok := bgioHeader([]byte(c.data))
			if ok != c.ok || got != c.want {
				t.Errorf("bgioHeader(%s) = %+v, %v; want %+v, %v", c.data, got, ok, c.want, c.ok)
			}
		})
	}
}

// TestBgioMove: a move is the socket.io event "update" with the action, the state id the
// seat saw last, the match and the playerID, as boardgame.io's transport reads it.
func TestBgioMove(t *testing.T) {
	c := &client{room: "abc", token: "secret", bgioPlayer: "2", dialect: dialectBoardgameio}
	c.n.Store(6)
	b, err := c.bgioMove("m7")
	if err != nil {
		t.Fatal(err)
	}
	want := `42/table,["update",{"payload":{"args":["m7"],"credentials":"secret","playerID":"2","type":"move"},"type":"MAKE_MOVE"},6,"abc","2"]`
	if string(b) != want {
		t.Errorf("bgioMove =\n%s\nwant\n%s", b, want)
	}
}

// fakeBoardgameio answers as yardsticks/boardgameio does: a match and seats over the lobby
// API, socket.io's handshake with a ping before the sync, and for every move an update to
// every seat naming the move.
type fakeBoardgameio struct {
	mu      sync.Mutex // guards everything below and every write
	players int
	n       uint64
	seats   []*websocket.Conn
	pongs   int
}

func (f *fakeBoardgameio) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/games/table/create":
		_, _ = w.Write([]byte(`{"matchID":"abc"}`))
		return
	case r.Method == http.MethodPost && r.URL.Path == "/games/table/abc/join":
		f.mu.Lock()
		id := f.players
		f.players++
		f.mu.Unlock()
		_ = json.NewEncoder(w).Encode(map[string]string{"playerID": strconv.Itoa(id), "playerCredentials": "c" + strconv.Itoa(id)})
		return
	case r.URL.Path != "/socket.io/" || r.URL.Query().Get("EIO") != "4":
		http.NotFound(w, r)
		return
	}
	up := websocket.Upgrader{}
	ws, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer ws.Close()
	write := func(s string) {
		f.mu.Lock()
		defer f.mu.Unlock()
		_ = ws.WriteMessage(websocket.TextMessage, []byte(s))
	}
	write(`0{"sid":"x","upgrades":[],"pingInterval":10000,"pingTimeout":20000}`)
	for {
		_, data, err := ws.ReadMessage()
		if err != nil {
			return
		}
		msg := string(data)
		switch {
		case msg == "3":
			f.mu.Lock()
			f.pongs++
			f.mu.Unlock()
		case msg == "40/table,":
			write(`40/table,{"sid":"y"}`)
			write(`2`) // a ping before the sync: the client answers it while it waits
		case strings.HasPrefix(msg, `42/table,["sync","abc",`):
			f.mu.Lock()
			f.seats = append(f.seats, ws)
			f.mu.Unlock()
			write(`42/table,["sync","abc",{"state":{"_stateID":0},"log":[]}]`)
		case strings.HasPrefix(msg, `42/table,["update",`):
			var args []json.RawMessage
			if json.Unmarshal(data[len("42/table,"):], &args) != nil || len(args) != 5 {
				return
			}
			var action bgioLogEntry
			if json.Unmarshal(args[1], &action.Action) != nil {
				return
			}
			f.mu.Lock()
			f.n++
			entry, _ := json.Marshal([]bgioLogEntry{action})
			update := `42/table,["update","abc",{"_stateID":` + strconv.FormatUint(f.n, 10) + `},` + string(entry) + `]`
			for _, s := range f.seats {
				_ = s.WriteMessage(websocket.TextMessage, []byte(update))
			}
			f.mu.Unlock()
		}
	}
}

// TestBgioClient: two clients take their seats through the lobby API and socket.io's
// handshake (answering the server's ping), and a move of one is timed and answered by its
// update, which reaches both.
func TestBgioClient(t *testing.T) {
	f := &fakeBoardgameio{}
	srv := httptest.NewServer(f)
	defer srv.Close()
	code, token, err := bgioCreate(srv.URL)
	if err != nil || code != "abc" || token != "" {
		t.Fatalf("bgioCreate = %q, %q, %v", code, token, err)
	}
	first, err := bgioClient(srv.URL, code)
	if err != nil {
		t.Fatal(err)
	}
	defer first.close()
	other, err := bgioClient(srv.URL, code)
	if err != nil {
		t.Fatal(err)
	}
	defer other.close()
	if first.seat != 1 || other.seat != 2 || other.token != "c1" {
		t.Fatalf("seats %d and %d (token %q), want 1 and 2 (c1)", first.seat, other.seat, other.token)
	}
	st := &stats{rejected: map[string]int{}, closes: map[string]int{}}
	go first.run(st)
	go other.run(st)
	other.send(&game.Command{Type: game.CmdVote}, st)
	pongs := func() int {
		f.mu.Lock()
		defer f.mu.Unlock()
		return f.pongs
	}
	waitUntil(func() bool { return st.acked.Load() >= 1 && st.events.Load() >= 2 && pongs() >= 2 })
	st.mu.Lock()
	rtts := len(st.rtts)
	st.mu.Unlock()
	other.mu.Lock()
	pending := len(other.pending) + len(other.cmds)
	other.mu.Unlock()
	if st.acked.Load() != 1 || rtts != 1 || st.events.Load() != 2 || pending != 0 || pongs() != 2 {
		t.Errorf("acked %d, round trips %d, events %d, left pending %d, pongs %d; want 1, 1, 2 (the update reached both seats), 0, 2",
			st.acked.Load(), rtts, st.events.Load(), pending, pongs())
	}
}

func BenchmarkBgioHeader(b *testing.B) {
	data := []byte(bgioUpdateFrame)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := bgioHeader(data); !ok {
			b.Fatal("not read")
		}
	}
}
