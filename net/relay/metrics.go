package relay

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"impactkaarten/net/store"
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
	swept       *prometheus.CounterVec
}

// newMetrics makes the relay's metrics; a store with a write-ahead log adds how long its
// groups took to write and fsync, and a cluster's node its leases and load shedding (the
// gauges and counters exist either way, so the code that sets them need not ask).
func newMetrics(st store.Store, cluster bool) *metrics {
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
			Name: "impactkaarten_command_seconds",
			Help: "Time from reading a command to queuing its answer: inbox, decide, durable commit, fan-out.",
			// Fine from 1 to 10 ms, where the budget of 5 ms for the round trip's p99 lies: with
			// only 2 and 5 ms there, that p99 read as 4.9 ms whatever it was.
			Buckets: []float64{.0005, .001, .0015, .002, .0025, .003, .004, .005, .0075, .01, .025, .05, .1, .25, .5, 1, 2.5}}),
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
		swept: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "impactkaarten_swept_total", Help: "What the hourly sweep deleted: rooms whose retention ran out (room), stored decks no room names (deck)."},
			[]string{"what"}),
	}
	m.reg.MustRegister(m.connections, m.roomsLoaded, m.messagesIn, m.messagesOut, m.rejected,
		m.commit, m.committed, m.command, m.slowDrops, m.closes, m.swept,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if cluster {
		m.reg.MustRegister(m.renewRound, m.shedding, m.shed)
	}
	if l, ok := st.(interface{ LogSyncTimes() *store.Timings }); ok {
		if t := l.LogSyncTimes(); t != nil {
			m.reg.MustRegister(timingsCollector{t: t, desc: prometheus.NewDesc("impactkaarten_log_sync_seconds",
				"Time the store's write-ahead log took to write and fsync one group of appends; every durable move waits for one.", nil, nil)})
		}
	}
	if l, ok := st.(interface{ LogWaitTimes() *store.Timings }); ok {
		if t := l.LogWaitTimes(); t != nil {
			m.reg.MustRegister(timingsCollector{t: t, desc: prometheus.NewDesc("impactkaarten_log_wait_seconds",
				"Time an append waited in the store's write-ahead log for its group's write to begin.", nil, nil)})
		}
	}
	return m
}

// timingsCollector exports a store.Timings as a Prometheus histogram.
type timingsCollector struct {
	t    *store.Timings
	desc *prometheus.Desc
}

func (c timingsCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c timingsCollector) Collect(ch chan<- prometheus.Metric) {
	count, sum, buckets := c.t.Snapshot()
	ch <- prometheus.MustNewConstHistogram(c.desc, count, sum, buckets)
}
