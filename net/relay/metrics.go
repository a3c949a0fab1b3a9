package relay

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// metrics are the relay's Prometheus metrics, on a registry of the server's own (no global
// registry, so tests can run several servers in one process).
type metrics struct {
	reg         *prometheus.Registry
	connections prometheus.Gauge
	roomsLoaded prometheus.Gauge
	messagesIn  prometheus.Counter
	messagesOut prometheus.Counter
	rejected    *prometheus.CounterVec
	commit      prometheus.Histogram
	committed   prometheus.Counter
	command     prometheus.Histogram
	slowDrops   prometheus.Counter
	closes      *prometheus.CounterVec
	renewRound  prometheus.Histogram
	shedding    prometheus.Gauge
	shed        *prometheus.CounterVec
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		connections: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "impactkaarten_connections", Help: "Open websocket connections."}),
		roomsLoaded: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "impactkaarten_rooms_loaded", Help: "Rooms held in memory."}),
		messagesIn: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "impactkaarten_messages_in_total", Help: "Websocket messages received."}),
		messagesOut: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "impactkaarten_messages_out_total", Help: "Websocket messages queued for sending."}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "impactkaarten_commands_rejected_total", Help: "Commands and messages rejected, by code."},
			[]string{"code"}),
		commit: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name: "impactkaarten_store_commit_seconds", Help: "Time to commit a command's events durably.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .02, .05, .1, .25, 1}}),
		// One commit may carry several commands (room.commands); load tests divide by this.
		committed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "impactkaarten_commands_committed_total", Help: "Player commands whose events were committed."}),
		// The relay's share of a move's round trip, for load tests to tell it from the
		// network's and the client's.
		command: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "impactkaarten_command_seconds",
			Help:    "Time from reading a command to queuing its answer: inbox, decide, durable commit, fan-out.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}}),
		slowDrops: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "impactkaarten_slow_consumer_drops_total", Help: "Connections closed because they did not read fast enough."}),
		closes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "impactkaarten_closes_total",
			Help: "Connections closed, by close code and by who closed: by=\"relay\" (the code the relay sent) or by=\"client\" (the code the client sent, 1006 when the link just ended)."},
			[]string{"code", "by"}),
		renewRound: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "impactkaarten_cluster_renew_seconds",
			Help:    "Cluster nodes: time from a lease renewal round being due to Redis's answer (all the node's leases in one script).",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2}}),
		shedding: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "impactkaarten_cluster_shedding", Help: "Cluster nodes: 1 while the node refuses new rooms and seats because it or Redis is saturated."}),
		shed: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "impactkaarten_cluster_shed_total", Help: "Cluster nodes: requests refused while shedding load, by what was refused (create, join)."},
			[]string{"what"}),
	}
	m.reg.MustRegister(m.connections, m.roomsLoaded, m.messagesIn, m.messagesOut, m.rejected,
		m.commit, m.committed, m.command, m.slowDrops, m.closes, m.renewRound, m.shedding, m.shed,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}
