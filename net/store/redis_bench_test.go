package store

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"impactkaarten/internal/redistest"
)

// BenchmarkAppendLatency compares one append (one ~300-byte event, durable when it
// returns) in bbolt and in a local Redis with AOF fsynced on every write, with and without
// the lease check, as each room sees it: the median and 99th percentile of the appends'
// latencies, with one room alone and with 250 rooms appending at once (a goroutine each,
// as the relay has), and for Redis the server's CPU time per append. Run it with
//
//	go test -run XXX -bench AppendLatency -benchtime 5000x -count 3 ./net/store
func BenchmarkAppendLatency(b *testing.B) {
	for _, rooms := range []int{1, 250} {
		b.Run(fmt.Sprintf("rooms=%d/store=bolt", rooms), func(b *testing.B) {
			s, err := OpenBolt(filepath.Join(b.TempDir(), "rooms.db"), BoltOptions{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			benchLatency(b, s, rooms, nil)
		})
		// Bolt appends to its write-ahead log; without it (NoWAL), every group of appends is
		// a bbolt transaction of its own, which waits up to 2 ms for other rooms' commits.
		b.Run(fmt.Sprintf("rooms=%d/store=bolt-nowal", rooms), func(b *testing.B) {
			s, err := OpenBolt(filepath.Join(b.TempDir(), "rooms.db"), BoltOptions{NoWAL: true})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			benchLatency(b, s, rooms, nil)
		})
		b.Run(fmt.Sprintf("rooms=%d/store=redis", rooms), func(b *testing.B) {
			s := openTestRedis(b, redistest.Start(b), "bench:")
			cpu := redisCPU(b, s)
			benchLatency(b, s, rooms, nil)
			b.ReportMetric((redisCPU(b, s)-cpu)*1e6/float64(max(1, b.N/rooms)*rooms), "redis-cpu-µs/append")
		})
		b.Run(fmt.Sprintf("rooms=%d/store=redis-fenced", rooms), func(b *testing.B) {
			s := openTestRedis(b, redistest.Start(b), "bench:")
			leases := s.Leases("bench-node", time.Hour)
			cpu := redisCPU(b, s)
			benchLatency(b, s, rooms, func(code string) func(context.Context, []Record) error {
				l, err := leases.Acquire(context.Background(), code)
				if err != nil {
					b.Fatal(err)
				}
				return func(ctx context.Context, r []Record) error { return s.AppendFenced(ctx, l, r, nil) }
			})
			b.ReportMetric((redisCPU(b, s)-cpu)*1e6/float64(max(1, b.N/rooms)*rooms), "redis-cpu-µs/append")
		})
	}
}

// benchLatency appends b.N events spread over rooms and reports the latency percentiles.
// fenced, when not nil, gives each room its append function (after taking its lease).
func benchLatency(b *testing.B, s Store, rooms int, fenced func(code string) func(context.Context, []Record) error) {
	ctx := context.Background()
	snap := bytes.Repeat([]byte("s"), 43<<10)
	data := bytes.Repeat([]byte("x"), 300)
	appendTo := make([]func(context.Context, []Record) error, rooms)
	for i := range rooms {
		code := fmt.Sprintf("R%04d", i)
		if err := s.Create(ctx, testMeta(code), Snapshot{Data: snap}); err != nil {
			b.Fatal(err)
		}
		appendTo[i] = func(ctx context.Context, r []Record) error { return s.Append(ctx, code, r, nil) }
		if fenced != nil {
			appendTo[i] = fenced(code)
		}
	}
	per := max(1, b.N/rooms)
	lat := make([][]time.Duration, rooms)
	b.ResetTimer()
	var wg sync.WaitGroup
	for i := range rooms {
		wg.Go(func() {
			lat[i] = make([]time.Duration, 0, per)
			for n := uint64(1); n <= uint64(per); n++ {
				r := []Record{{N: n, Seat: 2, CmdID: fmt.Sprintf("m%d", n), Data: data}}
				start := time.Now()
				if err := appendTo[i](ctx, r); err != nil {
					b.Error(err)
					return
				}
				lat[i] = append(lat[i], time.Since(start))
			}
		})
	}
	wg.Wait()
	b.StopTimer()
	all := slices.Concat(lat...)
	if len(all) == 0 {
		return
	}
	slices.Sort(all)
	pct := func(p float64) float64 { return float64(all[int(p*float64(len(all)-1))].Microseconds()) }
	b.ReportMetric(pct(0.5), "p50-µs")
	b.ReportMetric(pct(0.99), "p99-µs")
	b.ReportMetric(float64(len(all))/b.Elapsed().Seconds(), "appends/s")
}

// redisCPU is the CPU time (user and system, seconds) the Redis server has used so far: the
// cost of the appends on Redis's single thread, which bounds a cluster's commits.
func redisCPU(b *testing.B, s *Redis) float64 {
	b.Helper()
	info, err := s.c.Info(context.Background(), "cpu").Result()
	if err != nil {
		b.Fatal(err)
	}
	var total float64
	for _, line := range strings.Split(info, "\r\n") {
		k, v, _ := strings.Cut(line, ":")
		if k == "used_cpu_sys" || k == "used_cpu_user" {
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				b.Fatalf("INFO cpu: %q: %v", line, err)
			}
			total += f
		}
	}
	return total
}
