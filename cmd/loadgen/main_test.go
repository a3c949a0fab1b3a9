package main

import (
	"errors"
	"maps"
	"math"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

// TestReadHeader: the shortcut decoder finds what the full one would, in the relay's
// own encoding of each message the load generator counts.
func TestReadHeader(t *testing.T) {
	view := game.PlayerView{OwnView: game.OwnView{Me: 3}, TableView: game.TableView{Seats: []game.SeatView{{ID: 1, Name: "a \"quoted\" name"}}}}
	cases := []struct {
		msg  protocol.Server
		want header
	}{
		{protocol.Server{T: protocol.TEvent, N: 7, Event: &game.ViewEvent{Event: game.Event{Type: game.EvVoted, Version: 7, Actor: 3, At: 1}}, Hash: "0123456789abcdef"},
			header{t: protocol.TEvent, actor: 3, n: 7}},
		{protocol.Server{T: protocol.TWelcome, N: 8, View: &view},
			header{t: protocol.TWelcome, n: 8}},
		{protocol.Server{T: protocol.TEvent, N: 8, Event: &game.ViewEvent{Event: game.Event{Type: game.EvJoined, Version: 8}, Sizes: []int{1, 2}}},
			header{t: protocol.TEvent, n: 8}},
		{protocol.Server{T: protocol.TAck, ID: "m12", N: 9}, header{t: protocol.TAck, id: "m12", n: 9}},
		{protocol.Server{T: protocol.TError, ID: "m13", Code: "voting_closed", Message: "closed"},
			header{t: protocol.TError, id: "m13", code: "voting_closed"}},
	}
	// A client's reader reads message after message, garbage among them, as a new one
	// would: twice through the cases, garbage before each.
	var r headerReader
	for pass := range 2 {
		for _, c := range cases {
			data, err := protocol.Encode(&c.msg)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := r.read([]byte(`{"t":"event","n":1,"event":{"actor":`)); ok {
				t.Error("a client's reader accepted a cut message")
			}
			got, ok := readHeader(data)
			if !ok || got != c.want {
				t.Errorf("readHeader(%s) = %+v, %v; want %+v", data, got, ok, c.want)
			}
			if got, ok := r.read(data); !ok || got != c.want {
				t.Errorf("pass %d: a client's reader read %s as %+v, %v; want %+v", pass, data, got, ok, c.want)
			}
		}
	}
	if _, ok := readHeader([]byte("not json")); ok {
		t.Error("readHeader accepted garbage")
	}
}

// TestHistogramQuantile: interpolated within the bucket, as Prometheus does.
func TestHistogramQuantile(t *testing.T) {
	h := histogram{0.001: 50, 0.01: 90, 0.1: 100, math.Inf(1): 100}
	for _, c := range []struct{ q, want float64 }{{0.5, 0.001}, {0.7, 0.0055}, {0.95, 0.055}, {1, 0.1}} {
		if got := h.quantile(c.q); math.Abs(got-c.want) > 1e-9 {
			t.Errorf("quantile(%v) = %v, want %v", c.q, got, c.want)
		}
	}
}

// TestEnded: a connection that ends is counted by the close code the relay sent, or by the
// read error when no close frame came; a normal close is no news.
func TestEnded(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want map[string]int
	}{
		{"slow", &websocket.CloseError{Code: 4001, Text: "too slow"}, map[string]int{`4001 "too slow"`: 1}},
		{"no close frame", &websocket.CloseError{Code: websocket.CloseAbnormalClosure}, map[string]int{"1006": 1}},
		{"a reset", errors.New("connection reset by peer"), map[string]int{"no close frame: connection reset by peer": 1}},
		{"normal", &websocket.CloseError{Code: websocket.CloseNormalClosure}, map[string]int{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &stats{closes: map[string]int{}}
			st.ended(tc.err)
			if !maps.Equal(st.closes, tc.want) || st.closed.Load() != int64(len(tc.want)) {
				t.Errorf("closes %v (%d), want %v", st.closes, st.closed.Load(), tc.want)
			}
		})
	}
}

// TestBeginInterval: the closes before the measured interval (joins, warm-up) are
// reported apart from the interval's, which starts from none.
func TestBeginInterval(t *testing.T) {
	st := &stats{closes: map[string]int{}, rejected: map[string]int{"busy": 2}}
	st.ended(&websocket.CloseError{Code: 4004, Text: "moved"})
	st.ended(&websocket.CloseError{Code: 4004, Text: "moved"})
	st.ended(&websocket.CloseError{Code: websocket.CloseAbnormalClosure})
	st.add(time.Second)
	e := st.begin()
	st.ended(&websocket.CloseError{Code: 4001, Text: "too slow"})
	if want := map[string]int{`4004 "moved"`: 2, "1006": 1}; e.closed != 3 || !maps.Equal(e.closes, want) {
		t.Errorf("before the interval: %d %v, want 3 %v", e.closed, e.closes, want)
	}
	if want := map[string]int{`4001 "too slow"`: 1}; st.closed.Load()-e.closed != 1 || !maps.Equal(st.closes, want) {
		t.Errorf("in the interval: %d %v, want 1 %v", st.closed.Load()-e.closed, st.closes, want)
	}
	if len(st.rtts) != 0 || len(st.rejected) != 0 {
		t.Errorf("the interval starts with round trips %v and rejections %v", st.rtts, st.rejected)
	}
}

// TestScrape: loadgen reads the relay's counters, labelled counters and histograms as the
// Prometheus client writes them, and nothing (not an error) from a relay without /metrics.
func TestScrape(t *testing.T) {
	reg := prometheus.NewRegistry()
	committed := prometheus.NewCounter(prometheus.CounterOpts{Name: "impactkaarten_commands_committed_total"})
	closes := prometheus.NewCounterVec(prometheus.CounterOpts{Name: "impactkaarten_closes_total"}, []string{"by", "code"})
	took := prometheus.NewHistogram(prometheus.HistogramOpts{Name: "impactkaarten_command_seconds", Buckets: []float64{0.001, 0.01}})
	reg.MustRegister(committed, closes, took)
	committed.Add(7)
	closes.WithLabelValues("relay", "4001").Add(2)
	closes.WithLabelValues("client", "1000").Inc()
	for _, d := range []float64{0.0005, 0.005, 0.005, 0.5} {
		took.Observe(d)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	if got := relayGauge(srv.URL, "impactkaarten_commands_committed_total"); got != 7 {
		t.Errorf("relayGauge: got %v, want 7", got)
	}
	if got := relayGauge(srv.URL, "no_such_metric"); got != 0 {
		t.Errorf("relayGauge of a missing metric: got %v, want 0", got)
	}
	wantCloses := map[string]float64{`by="relay",code="4001"`: 2, `by="client",code="1000"`: 1}
	if got := scrapeLabelled(srv.URL, "impactkaarten_closes_total"); !maps.Equal(got, wantCloses) {
		t.Errorf("scrapeLabelled: got %v, want %v", got, wantCloses)
	}
	wantHist := histogram{0.001: 1, 0.01: 3, math.Inf(1): 4}
	if got := relayHistogram(srv.URL, "impactkaarten_command_seconds"); !maps.Equal(got, wantHist) {
		t.Errorf("relayHistogram: got %v, want %v", got, wantHist)
	}

	bare := httptest.NewServer(http.NotFoundHandler())
	defer bare.Close()
	if got := relayHistogram(bare.URL, "impactkaarten_command_seconds"); len(got) != 0 {
		t.Errorf("relayHistogram of a relay without /metrics: got %v, want none", got)
	}
}

// waitUntil returns as soon as cond holds, or after a minute (the suite's patience, never
// what a test waits for): the test then checks what it wanted and fails if it is not so.
func waitUntil(cond func() bool) {
	deadline := time.Now().Add(time.Minute)
	for !cond() && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
}
