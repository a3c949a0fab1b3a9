package relay_test

import (
	"net/http"
	"strings"
	"testing"

	"impactkaarten/net/relay"
)

// TestMetricsOfAStandaloneRelay: /metrics has the relay's own metrics and, on a relay that
// is no cluster's node, none of a node's (docs/protocol.md, "GET /healthz and GET /metrics").
func TestMetricsOfAStandaloneRelay(t *testing.T) {
	e := newEnv(t, relay.Config{})
	e.newTable(t, "Ada")
	status, data := e.do(t, http.MethodGet, "/metrics", "", "")
	if status != http.StatusOK {
		t.Fatalf("GET /metrics: %d", status)
	}
	for _, want := range []string{"impactkaarten_connections ", "impactkaarten_messages_in_total ", "impactkaarten_commands_committed_total "} {
		if !strings.Contains(string(data), want) {
			t.Errorf("no %s in /metrics", want)
		}
	}
	if i := strings.Index(string(data), "impactkaarten_cluster_"); i >= 0 {
		t.Errorf("a standalone relay exposes cluster metrics: %.80s", data[i:])
	}
}
