package relay_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
	"impactkaarten/net/relay"
	"impactkaarten/net/store"
)

// openBolt opens a bolt store in dir and closes it when the test ends (closing twice is
// harmless).
func openBolt(t *testing.T, dir string) store.Store {
	t.Helper()
	st, err := store.OpenBolt(filepath.Join(dir, "rooms.db"), store.BoltOptions{})
	if err != nil {
		t.Fatalf("OpenBolt: %v", err)
	}
	t.Cleanup(func() { _ = st.Close() })
	return st
}

// TestShutdownAndRestart: Shutdown closes every client with 1001 ("reconnect"); a new relay
// on the same (reopened) database gives every client its seat back with the full state.
func TestShutdownAndRestart(t *testing.T) {
	dir := t.TempDir()
	st := openBolt(t, dir)
	e := newEnv(t, relay.Config{Store: st})
	tab := e.newTable(t, "Ada", "Bram")
	tab.syncAll(tab.fac.do(cmdOf(game.CmdStart)).N)
	tab.syncAll(tab.players[0].do(vote(2)).N)
	tab.syncAll(tab.players[1].do(vote(4)).N)
	ack := tab.fac.do(cmdOf(game.CmdNextPhase)) // canvas: hands are dealt
	tab.syncAll(ack.N)
	lastID := fmt.Sprintf("%s-%d", tab.fac.name, tab.fac.ids)
	idle := e.dial(t, "not-joined")
	// The write-ahead log's histograms: the seats' joins and the four commands each waited
	// for a group, and were written in one.
	if n := e.metric(t, "impactkaarten_log_wait_seconds_count"); n < 7 {
		t.Errorf("appends that waited for their group: %v, want at least 7 (3 joins, 4 commands)", n)
	}
	if n := e.metric(t, "impactkaarten_log_sync_seconds_count"); n < 1 {
		t.Errorf("groups written: %v, want at least 1", n)
	}

	if err := e.srv.Shutdown(context.Background()); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	for _, c := range append(tab.all(), idle) {
		c.expectClose(protocol.CloseGoingAway)
		if !protocol.Reconnect(protocol.CloseCode(c.closed.Code)) {
			t.Errorf("%s: close %d does not say reconnect", c.name, c.closed.Code)
		}
	}
	if ok, _ := e.health(t); ok {
		t.Errorf("healthz: got ok while shutting down")
	}
	e.stop()
	if err := st.Close(); err != nil {
		t.Fatalf("close store: %v", err)
	}

	e2 := newEnv(t, relay.Config{Store: openBolt(t, dir)})
	for i, old := range tab.all() {
		c := e2.dial(t, old.name+"-back")
		c.n = old.n
		w := c.resume(tab.code, old.token, old.n)
		if w.Seat != old.seat {
			t.Fatalf("%s: got seat %d, want %d", old.name, w.Seat, old.seat)
		}
		if w.N < old.n {
			t.Fatalf("%s: got n=%d after the restart, want at least %d", old.name, w.N, old.n)
		}
		if !slices.Equal(c.view.Hand, old.view.Hand) || c.view.Phase != game.Canvas {
			t.Fatalf("%s: got phase %s hand %v, want canvas and %v", old.name, c.view.Phase, c.view.Hand, old.view.Hand)
		}
		if got, want := c.view.Rounds[0], old.view.Rounds[0]; !slices.Equal(got.Voted, want.Voted) || got.MyVote != want.MyVote || got.Revealed {
			t.Fatalf("%s: got round %+v, want %+v", old.name, got, want)
		}
		switch i {
		case 0:
			tab.fac = c
		default:
			tab.players[i-1] = c
		}
	}
	// The resent last command is still recognised after the restart.
	fac := tab.fac
	fac.sendCmd(lastID, cmdOf(game.CmdNextPhase))
	if m := fac.reply(lastID); m.T != protocol.TAck || m.N != ack.N {
		t.Errorf("resent command after restart: got %s n=%d (%s), want ack n=%d", m.T, m.N, m.Code, ack.N)
	}
	turn := fac.view.Turn
	for _, c := range tab.all() {
		if c.seat == turn {
			card := c.view.Hand[0] // with a title, should it be an own-idea card
			ack := c.do(game.Command{Type: game.CmdPlay, Args: game.Args{Card: card, Part: "bereik", Text: "past bij ons", Title: "Eigen idee"}})
			tab.syncAll(ack.N)
		}
	}
	if len(fac.view.Canvas) != 1 {
		t.Errorf("after a play: got canvas %v, want one card", fac.view.Canvas)
	}
}

// TestIdleUnload: a room nobody is connected to leaves memory and comes back, unchanged, on
// the next join.
func TestIdleUnload(t *testing.T) {
	e := newEnv(t, relay.Config{IdleUnload: 100 * time.Millisecond})
	tab := e.newTable(t, "Ada")
	tab.syncAll(tab.fac.do(cmdOf(game.CmdStart)).N)
	tab.syncAll(tab.players[0].do(vote(5)).N)
	tab.syncAll(tab.fac.do(vote(2)).N) // the vote is complete: see TestVotesStaySecretWhenAllLeave
	if _, loaded := e.health(t); loaded != 1 {
		t.Fatalf("roomsLoaded: got %d, want 1", loaded)
	}
	fac, ada := tab.fac, tab.players[0]
	ada.leaveClean()
	fac.until("ada offline", func(m protocol.Server) bool {
		return m.T == protocol.TEvent && m.Event.Type == game.EvDisconnected
	})
	n, token := fac.n+1, fac.token // the facilitator's own disconnect is the next event
	want := public(fac.view)
	fac.leaveClean()
	eventually(t, "the room to unload", func() bool { _, loaded := e.health(t); return loaded == 0 })
	eventually(t, "impactkaarten_rooms_loaded to be 0", func() bool { return e.metric(t, "impactkaarten_rooms_loaded") == 0 })

	back := e.dial(t, "fac-back")
	back.n = n
	w := back.resume(tab.code, token, n)
	if w.N != n+1 || w.View == nil || w.View.Version != n+1 {
		t.Fatalf("resume after unload: got n=%d, want n=%d with its view", w.N, n+1)
	}
	if _, loaded := e.health(t); loaded != 1 {
		t.Errorf("roomsLoaded after the join: got %d, want 1", loaded)
	}
	// Same state, except the facilitator's presence.
	got := back.view
	got.Seats = slices.Clone(got.Seats)
	got.Seats[back.seat-1].Connected = true
	got.Version = fac.view.Version
	if public(got) != want {
		t.Errorf("state after reload:\n got %s\nwant %s", public(got), want)
	}
	// An HTTP look-up loads an unloaded room as well, and it unloads again.
	back.leaveClean()
	eventually(t, "the room to unload again", func() bool { _, loaded := e.health(t); return loaded == 0 })
	status, body := e.do(t, http.MethodGet, "/api/rooms/"+tab.code, "", "")
	if status != http.StatusOK || !strings.Contains(string(body), `"exists":true`) {
		t.Errorf("GET room after unload: got %d %s", status, body)
	}
	eventually(t, "the room to unload after the look-up", func() bool { _, loaded := e.health(t); return loaded == 0 })
}

// TestRetention: the sweeper deletes rooms whose retention ran out. The relay sweeps two
// seconds after it starts and then hourly (by Config.Now, checked every real minute), so
// the test moves the clock and starts a relay on the same store. The first relay's sweep runs whenever its
// goroutine gets to it, before or after the clock moves to day 20: nothing may have run
// out by day 20, or the test would depend on which.
func TestRetention(t *testing.T) {
	st := store.NewMemory()
	var now atomic.Int64
	t0 := time.Date(2026, 1, 5, 10, 0, 0, 0, time.UTC)
	now.Store(t0.UnixMilli())
	clock := func() time.Time { return time.UnixMilli(now.Load()) }
	day := func(d int) int64 { return t0.Add(time.Duration(d) * 24 * time.Hour).UnixMilli() }
	cfg := relay.Config{Store: st, Now: clock, RetentionDays: 30}
	e := newEnv(t, cfg)
	keep := e.createRoom(t, "")
	old := e.createRoom(t, "")
	// Activity moves a room's clock: "keep" is played on day 20, when "short" is made.
	now.Store(day(20))
	short := e.createRoom(t, `{"settings":{"phases":["statements"],"lang":"nl","handSize":3,"statements":4,"dots":3,"statementSeconds":180,"canvasSeconds":0,"dotsSeconds":0,"actionsSeconds":0,"retentionDays":1}}`)
	c := e.dial(t, "fac")
	c.join(keep.Code, protocol.Client{Name: "Fenna", FacilitatorToken: keep.FacilitatorToken})
	c.do(cmdOf(game.CmdStart))
	c.leaveClean()
	e.stop()

	ctx := context.Background()
	expired, err := st.Expired(ctx, day(22), 30)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(expired, []string{normal(short.Code)}) {
		t.Errorf("Expired(day 22): got %v, want only the 1-day room %s", expired, short.Code)
	}

	now.Store(day(31) + 1000)
	e2 := newEnv(t, cfg)
	exists := func(code string) bool { ok, _ := st.Exists(ctx, normal(code)); return ok }
	eventually(t, "the sweeper to delete the expired rooms", func() bool { return !exists(old.Code) && !exists(short.Code) })
	eventually(t, "the deleted rooms to be counted", func() bool { return e2.metric(t, `impactkaarten_swept_total{what="room"}`) == 2 })
	if !exists(keep.Code) {
		t.Errorf("room %s, active on day 20, was deleted on day 31", keep.Code)
	}
	status, _ := e2.do(t, http.MethodGet, "/api/rooms/"+old.Code, "", "")
	if status != http.StatusNotFound {
		t.Errorf("GET expired room: got %d, want 404", status)
	}
}

// TestStatic: the web client with precompressed variants, the placeholder, /healthz, /metrics.
func TestStatic(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"index.html":            "<!doctype html><title>client</title>",
		"impactkaarten.wasm":    "\x00asm plain",
		"impactkaarten.wasm.br": "brotli bytes",
		"impactkaarten.wasm.gz": "gzip bytes",
		"wasm_exec.js":          "// go wasm support",
		"only.wasm":             "\x00asm no variants",
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e := newEnv(t, relay.Config{WebDir: dir})
	empty := newEnv(t, relay.Config{WebDir: t.TempDir()})
	none := newEnv(t, relay.Config{})
	// The client embedded in the binary (files without modification times), and a -web
	// directory that overrides it.
	embedded := fstest.MapFS{}
	for name, body := range files {
		embedded[name] = &fstest.MapFile{Data: []byte("embedded " + body)}
	}
	emb := newEnv(t, relay.Config{Web: embedded})
	override := newEnv(t, relay.Config{Web: embedded, WebDir: dir})
	for _, tc := range []struct {
		name, path, accept string
		e                  *env
		status             int
		ctype, encoding    string
		body               string
	}{
		{"index", "/", "", e, 200, "text/html; charset=utf-8", "", files["index.html"]},
		{"index by name", "/index.html", "", e, 200, "text/html; charset=utf-8", "", files["index.html"]},
		{"wasm brotli", "/impactkaarten.wasm", "gzip, deflate, br", e, 200, "application/wasm", "br", "brotli bytes"},
		{"wasm gzip", "/impactkaarten.wasm", "gzip", e, 200, "application/wasm", "gzip", "gzip bytes"},
		{"wasm identity", "/impactkaarten.wasm", "identity", e, 200, "application/wasm", "", files["impactkaarten.wasm"]},
		{"wasm br refused by q=0", "/impactkaarten.wasm", "br;q=0, gzip", e, 200, "application/wasm", "gzip", "gzip bytes"},
		{"wasm without variants", "/only.wasm", "br, gzip", e, 200, "application/wasm", "", files["only.wasm"]},
		{"js", "/wasm_exec.js", "identity", e, 200, "text/javascript; charset=utf-8", "", files["wasm_exec.js"]},
		{"missing file", "/nope.js", "", e, 404, "", "", ""},
		{"escape", "/../../etc/passwd", "", e, 404, "", "", ""},
		{"placeholder for an empty dir", "/", "", empty, 200, "text/html; charset=utf-8", "", "not been built"},
		{"placeholder without a dir", "/", "", none, 200, "text/html; charset=utf-8", "", "not been built"},
		{"embedded index", "/", "", emb, 200, "text/html; charset=utf-8", "", "embedded " + files["index.html"]},
		{"embedded wasm brotli", "/impactkaarten.wasm", "br", emb, 200, "application/wasm", "br", "embedded brotli bytes"},
		{"embedded wasm identity", "/impactkaarten.wasm", "identity", emb, 200, "application/wasm", "", "embedded " + files["impactkaarten.wasm"]},
		{"embedded escape", "/../web/index.html", "", emb, 404, "", "", ""},
		{"directory overrides embedded", "/", "", override, 200, "text/html; charset=utf-8", "", files["index.html"]},
		{"favicon", "/favicon.ico", "", none, 200, "image/svg+xml", "", "<svg"},
		{"favicon svg", "/favicon.svg", "", e, 200, "image/svg+xml", "", "<svg"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, tc.e.ts.URL+tc.path, nil)
			req.Header.Set("Accept-Encoding", tc.accept)
			if tc.accept == "" {
				req.Header.Set("Accept-Encoding", "identity")
			}
			resp, err := tc.e.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body := readAll(t, resp)
			if resp.StatusCode != tc.status {
				t.Fatalf("GET %s: got %d, want %d", tc.path, resp.StatusCode, tc.status)
			}
			if tc.status != 200 {
				return
			}
			if got := resp.Header.Get("Content-Type"); got != tc.ctype {
				t.Errorf("GET %s: got Content-Type %q, want %q", tc.path, got, tc.ctype)
			}
			if got := resp.Header.Get("Content-Encoding"); got != tc.encoding {
				t.Errorf("GET %s (Accept-Encoding %q): got Content-Encoding %q, want %q", tc.path, tc.accept, got, tc.encoding)
			}
			if !strings.Contains(body, tc.body) {
				t.Errorf("GET %s: got body %q, want %q", tc.path, body, tc.body)
			}
			if strings.HasSuffix(tc.path, ".wasm") && !strings.Contains(resp.Header.Get("Vary"), "Accept-Encoding") {
				t.Errorf("GET %s: no Vary: Accept-Encoding", tc.path)
			}
		})
	}
	// An embedded file's ETag is a hash of its content: it answers 304 when it matches,
	// and differs between a file and its compressed copy.
	t.Run("embedded etag", func(t *testing.T) {
		get := func(accept, match string) *http.Response {
			req, _ := http.NewRequest(http.MethodGet, emb.ts.URL+"/impactkaarten.wasm", nil)
			req.Header.Set("Accept-Encoding", accept)
			if match != "" {
				req.Header.Set("If-None-Match", match)
			}
			resp, err := emb.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			return resp
		}
		plain, br := get("identity", "").Header.Get("ETag"), get("br", "").Header.Get("ETag")
		if plain == "" || br == "" || plain == br {
			t.Fatalf("ETags %q (identity) and %q (br): want two different ones", plain, br)
		}
		if got := get("br", br).StatusCode; got != http.StatusNotModified {
			t.Errorf("If-None-Match with the current ETag: %d, want 304", got)
		}
	})
	t.Run("healthz", func(t *testing.T) {
		ok, loaded := e.health(t)
		if !ok || loaded != 0 {
			t.Errorf("healthz: got ok=%v roomsLoaded=%d, want true and 0", ok, loaded)
		}
	})
	t.Run("metrics", func(t *testing.T) {
		tab := e.newTable(t, "Ada")
		if got := e.metric(t, "impactkaarten_connections"); got != 2 {
			t.Errorf("impactkaarten_connections: got %v, want 2", got)
		}
		tab.players[0].leaveClean()
		eventually(t, "connections to drop to 1", func() bool { return e.metric(t, "impactkaarten_connections") == 1 })
	})
}

func readAll(t *testing.T, resp *http.Response) string {
	t.Helper()
	var b strings.Builder
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}

// TestVotesStaySecretWhenAllLeave: a statement with some votes cast stays open (values
// hidden) when every player goes offline at once — the whole table on one lost wifi, or a
// relay restart, which marks every seat offline when it loads the room.
func TestVotesStaySecretWhenAllLeave(t *testing.T) {
	for _, restart := range []bool{false, true} {
		name := map[bool]string{false: "everyone drops", true: "relay restart"}[restart]
		t.Run(name, func(t *testing.T) {
			st := store.NewMemory()
			e := newEnv(t, relay.Config{Store: st})
			tab := e.newTable(t, "Ada", "Bram")
			tab.syncAll(tab.fac.do(cmdOf(game.CmdStart)).N)
			tab.syncAll(tab.players[0].do(vote(1)).N)
			if restart {
				e.stop()
				e = newEnv(t, relay.Config{Store: st})
			} else {
				for _, c := range tab.all() {
					c.drop()
				}
				eventually(t, "every seat offline", func() bool {
					v := e.state(t, tab.code, tab.token)
					for _, s := range v.Seats {
						if s.Connected {
							return false
						}
					}
					return true
				})
			}
			bram := e.dial(t, "bram-back")
			bram.resume(tab.code, tab.players[1].token, 0)
			if r := current(t, bram.view); r.Revealed || len(r.Votes) != 0 {
				t.Fatalf("got round %+v: Ada's vote revealed before Bram and Fenna voted", r)
			}
		})
	}
}

// TestStorageFailure: a command whose commit fails gets the "storage" error; the state does
// not change and nothing is broadcast. When the storage comes back, play resumes without a
// restart, and the same command id is applied then.
func TestStorageFailure(t *testing.T) {
	st := store.NewMemory()
	e := newEnv(t, relay.Config{Store: st})
	tab := e.newTable(t, "Ada")
	fac, ada := tab.fac, tab.players[0]
	tab.syncAll(fac.do(cmdOf(game.CmdStart)).N)
	before := fac.n

	st.FailNext(errors.New("injected commit failure"))
	ada.sendCmd("v1", vote(4))
	if m := ada.reply("v1"); m.T != protocol.TError || m.Code != protocol.ErrStorage {
		t.Fatalf("vote during a failed commit: got %s %s, want error %s", m.T, m.Code, protocol.ErrStorage)
	}
	if v := e.state(t, tab.code, tab.token); v.Version != before || len(current(t, v).Voted) != 0 {
		t.Fatalf("after the failed commit: got version %d voted %v, want version %d and no vote", v.Version, current(t, v).Voted, before)
	}

	// A full disk: everything fails until space is freed; reads keep working.
	st.FailWrites(errors.New("no space left on device"))
	fac.reject(game.Command{Type: game.CmdTimer, Args: game.Args{Kind: game.TimerStart, Seconds: 60}}, protocol.ErrStorage)
	late := e.dial(t, "late")
	late.send(joinMsg(tab.code, "Laat"))
	late.expectError(protocol.ErrStorage)
	st.FailWrites(nil)

	// Nothing was broadcast: the next event anyone sees is the retried vote, numbered
	// right after the last one before the failure (the client checks there is no gap).
	ada.sendCmd("v1", vote(4))
	m := ada.reply("v1")
	if m.T != protocol.TAck || m.N != before+1 {
		t.Fatalf("retried vote: got %s n=%d (%s), want ack n=%d", m.T, m.N, m.Code, before+1)
	}
	fac.untilN(m.N)
	if got := fac.events[len(fac.events)-1].Event.Type; got != game.EvVoted {
		t.Errorf("the facilitator's next event: got %s, want voted", got)
	}
	late.join(tab.code, protocol.Client{Name: "Laat"})
}
