package main

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

// fakeNode is a stand-in relay: it welcomes a join into seat 3 with a token and then
// closes the connection with closeWith on the first command (an owner that lost the room,
// a busy node); it welcomes a resume with that token and acknowledges commands. It records
// what it was sent.
type fakeNode struct {
	closeWith int
	mu        sync.Mutex
	got       []protocol.Client
}

func (f *fakeNode) record(m protocol.Client) {
	f.mu.Lock()
	f.got = append(f.got, m)
	f.mu.Unlock()
}

func (f *fakeNode) received() []protocol.Client {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]protocol.Client(nil), f.got...)
}

func (f *fakeNode) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer ws.Close()
	var hello protocol.Client
	if ws.ReadJSON(&hello) != nil {
		return
	}
	f.record(hello)
	switch {
	case hello.T == protocol.TJoin:
		_ = ws.WriteJSON(protocol.Server{V: protocol.Version, T: protocol.TWelcome, Seat: 3, Token: "seat-token", N: 5})
	case hello.T == protocol.TResume && hello.Token == "seat-token":
		_ = ws.WriteJSON(protocol.Server{V: protocol.Version, T: protocol.TWelcome, Seat: 3, N: 6})
	default:
		_ = ws.WriteJSON(protocol.Server{V: protocol.Version, T: protocol.TError, Code: protocol.ErrBadToken})
		return
	}
	for {
		var m protocol.Client
		if ws.ReadJSON(&m) != nil {
			return
		}
		f.record(m)
		if hello.T == protocol.TJoin {
			if f.closeWith == 0 {
				return // the link just ends
			}
			_ = ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(f.closeWith, "go away"))
			return
		}
		_ = ws.WriteJSON(protocol.Server{V: protocol.Version, T: protocol.TEvent, N: 7,
			Event: &game.ViewEvent{Event: game.Event{Type: game.EvVoted, Version: 7, Actor: 3}}})
		_ = ws.WriteJSON(protocol.Server{V: protocol.Version, T: protocol.TAck, ID: m.ID, N: 7})
	}
}

// TestClientReconnects: a client closed with a reconnect code (4004 moved, 4005 busy) or
// whose link just ends resumes its seat with its token on the next node and sends its
// unanswered move again with the same id; the reconnection is counted.
func TestClientReconnects(t *testing.T) {
	for _, code := range []int{int(protocol.CloseMoved), int(protocol.CloseBusy), websocket.CloseAbnormalClosure} {
		t.Run("close "+strconv.Itoa(code), func(t *testing.T) {
			first, second := &fakeNode{closeWith: code}, &fakeNode{}
			s1, s2 := httptest.NewServer(first), httptest.NewServer(second)
			defer s1.Close()
			defer s2.Close()
			if code == websocket.CloseAbnormalClosure {
				// No close frame: the node just goes away (killed), the link ends.
				first.closeWith = 0
			}
			urls := []string{"ws" + strings.TrimPrefix(s1.URL, "http"), "ws" + strings.TrimPrefix(s2.URL, "http")}
			st := &stats{rejected: map[string]int{}, closes: map[string]int{}}
			c, err := joinRoom(urls, 0, "ABC-DEF", "Speler", "", st)
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			go func() { defer close(done); c.run(st) }()
			c.send(&game.Command{Type: game.CmdVote, Args: game.Args{Value: 2}}, st)
			deadline := time.Now().Add(30 * time.Second)
			for st.acked.Load() == 0 {
				if time.Now().After(deadline) {
					t.Fatalf("the move was never acknowledged; second node got %+v", second.received())
				}
				time.Sleep(10 * time.Millisecond) // polling a condition
			}
			c.close()
			<-done
			got := second.received()
			if len(got) < 2 || got[0].T != protocol.TResume || got[0].Token != "seat-token" || got[0].Room != "ABC-DEF" || got[0].Since != 5 {
				t.Fatalf("second node got %+v, want a resume with the seat's token since 5", got)
			}
			sent := first.received()
			if len(sent) < 2 || sent[1].T != protocol.TCommand || sent[1].ID == "" {
				t.Fatalf("first node got %+v, want a join and the move", sent)
			}
			if got[1].T != protocol.TCommand || got[1].ID != sent[1].ID {
				t.Errorf("after the resume: %+v, want the unanswered move %s again", got[1], sent[1].ID)
			}
			if st.reconnects.Load() != 1 || st.closed.Load() != 1 || len(st.resumeTook) != 1 || st.gaveUp.Load() != 0 {
				t.Errorf("reconnects %d, closes %v, resumes timed %d, gave up %d; want 1 reconnect after close %d",
					st.reconnects.Load(), st.closes, len(st.resumeTook), st.gaveUp.Load(), code)
			}
			if len(st.rtts) != 1 {
				t.Errorf("%d round trips timed, want the move's one", len(st.rtts))
			}
		})
	}
}
