package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/redis/go-redis/v9"
)

// nodes parses -url and -pid: comma-separated lists, one entry per relay node. -pid may be
// empty; otherwise it names one process per URL, in the same order.
func nodes(urls, pids string) ([]string, []int, error) {
	var us []string
	for _, u := range strings.Split(urls, ",") {
		if u = strings.TrimRight(strings.TrimSpace(u), "/"); u != "" {
			us = append(us, u)
		}
	}
	if len(us) == 0 {
		return nil, nil, fmt.Errorf("-url names no relay")
	}
	if strings.TrimSpace(pids) == "" {
		return us, nil, nil
	}
	var ps []int
	for _, p := range strings.Split(pids, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n <= 0 {
			return nil, nil, fmt.Errorf("-pid: %q is not a process id", p)
		}
		ps = append(ps, n)
	}
	if len(ps) != len(us) {
		return nil, nil, fmt.Errorf("-pid names %d processes for %d relays in -url", len(ps), len(us))
	}
	return us, ps, nil
}

// procCPUs returns the CPU time of each process (procCPU).
func procCPUs(pids []int) []float64 {
	out := make([]float64, len(pids))
	for i, p := range pids {
		out[i] = procCPU(p)
	}
	return out
}

// clusterGauge sums one unlabelled metric over every node: a command is counted by the
// node that committed it (the room's owner), so the sum is the cluster's.
func clusterGauge(urls []string, name string) float64 {
	total := 0.0
	for _, u := range urls {
		total += relayGauge(u, name)
	}
	return total
}

// labelled returns the samples of a labelled metric of every node, summed by their labels
// (e.g. by="relay",code="4001").
func labelled(urls []string, name string) map[string]float64 {
	out := map[string]float64{}
	for _, u := range urls {
		for k, v := range scrapeLabelled(u, name) {
			out[k] += v
		}
	}
	return out
}

// minusLabelled is a - b, leaving out what did not change.
func minusLabelled(a, b map[string]float64) map[string]int {
	out := map[string]int{}
	for k, v := range a {
		if d := int(v - b[k]); d != 0 {
			out[k] = d
		}
	}
	return out
}

// clusterHistogram sums a histogram over every node (each command is observed once, by the
// node that decided it).
func clusterHistogram(urls []string, name string) histogram {
	out := histogram{}
	for _, u := range urls {
		for le, n := range relayHistogram(u, name) {
			out[le] += n
		}
	}
	return out
}

// redisStats are Redis's counters that loadgen charges to the committed moves.
type redisStats struct {
	commands float64 // INFO stats total_commands_processed
	replies  float64 // INFO stats total_writes_processed: write system calls to clients
	cpu      float64 // utime+stime from /proc/PID/stat, seconds
	writes   float64 // syscw from /proc/PID/io: every write system call, AOF and clients
	haveInfo bool
	havePID  bool
}

// redisCounters reads Redis's counters: INFO stats when addr is set, /proc when pid is.
// A counter that cannot be read is left out of the report rather than reported as 0.
func redisCounters(ctx context.Context, addr string, pid int) redisStats {
	var s redisStats
	if addr != "" {
		c := redis.NewClient(&redis.Options{Addr: addr})
		info, err := c.Info(ctx, "stats").Result()
		_ = c.Close()
		if err == nil {
			f := infoFields(info)
			s.commands, s.replies, s.haveInfo = f["total_commands_processed"], f["total_writes_processed"], true
		}
	}
	if pid > 0 {
		s.cpu = procCPU(pid)
		if data, err := os.ReadFile(fmt.Sprintf("/proc/%d/io", pid)); err == nil {
			f := infoFields(strings.ReplaceAll(string(data), ": ", ":"))
			s.writes, s.havePID = f["syscw"], true
		}
	}
	return s
}

func (s redisStats) minus(o redisStats) redisStats {
	return redisStats{commands: s.commands - o.commands, replies: s.replies - o.replies, cpu: s.cpu - o.cpu,
		writes: s.writes - o.writes, haveInfo: s.haveInfo && o.haveInfo, havePID: s.havePID && o.havePID}
}

// per formats the counters per committed move. The AOF writes are Redis's write system
// calls less those to its clients; with appendfsync always each is followed by one fsync,
// done before any reply of that event-loop round is sent, so writes per move is fsyncs
// per move and its inverse the moves one fsync makes durable together (an estimate: a
// reply that needs two write calls is counted once).
func (s redisStats) per(commits, sec float64) string {
	var parts []string
	if s.haveInfo {
		parts = append(parts, fmt.Sprintf("%.1f commands per committed move (%.0f/s)", s.commands/commits, s.commands/sec))
	}
	if s.havePID {
		parts = append(parts, fmt.Sprintf("CPU %.2f s (%.0f%% of a core): %.1f µs per committed move", s.cpu, 100*s.cpu/sec, s.cpu/commits*1e6))
	}
	if s.haveInfo && s.havePID {
		aof := max(0, s.writes-s.replies)
		if aof > 0 {
			parts = append(parts, fmt.Sprintf("about %.0f AOF writes+fsyncs/s, %.2f per committed move (%.1f moves per fsync)", aof/sec, aof/commits, commits/aof))
		}
	}
	if len(parts) == 0 {
		return "not readable"
	}
	return strings.Join(parts, "; ")
}

// infoFields parses "name:value" lines (Redis INFO, /proc/PID/io) into numbers.
func infoFields(text string) map[string]float64 {
	out := map[string]float64{}
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), ":")
		if !ok {
			continue
		}
		if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
			out[k] = f
		}
	}
	return out
}
