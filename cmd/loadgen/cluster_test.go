package main

import (
	"slices"
	"strings"
	"testing"
)

// TestClusterNodes: -url and -pid name the same nodes in the same order, or are refused.
func TestClusterNodes(t *testing.T) {
	cases := []struct {
		name, urls, pids string
		wantURLs         []string
		wantPIDs         []int
		wantErr          bool
	}{
		{"one relay", "http://127.0.0.1:8080", "", []string{"http://127.0.0.1:8080"}, nil, false},
		{"one relay with pid", "http://127.0.0.1:8080/", "42", []string{"http://127.0.0.1:8080"}, []int{42}, false},
		{"three nodes", "http://a:1, http://b:2,http://c:3", "1,2, 3", []string{"http://a:1", "http://b:2", "http://c:3"}, []int{1, 2, 3}, false},
		{"pids short", "http://a:1,http://b:2", "1", nil, nil, true},
		{"pid not a number", "http://a:1", "x", nil, nil, true},
		{"no url", " , ", "", nil, nil, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			urls, pids, err := nodes(c.urls, c.pids)
			if (err != nil) != c.wantErr {
				t.Fatalf("err = %v, want error %v", err, c.wantErr)
			}
			if !slices.Equal(urls, c.wantURLs) || !slices.Equal(pids, c.wantPIDs) {
				t.Errorf("nodes = %q %v, want %q %v", urls, pids, c.wantURLs, c.wantPIDs)
			}
		})
	}
}

// TestRedisStatsPer: commands, CPU and AOF writes per move from the counters' differences;
// client replies are not counted as AOF writes, and what could not be read is left out.
func TestRedisStatsPer(t *testing.T) {
	before := redisStats{commands: 100, replies: 50, cpu: 1, writes: 70, haveInfo: true, havePID: true}
	after := redisStats{commands: 1100, replies: 550, cpu: 1.5, writes: 670, haveInfo: true, havePID: true}
	got := after.minus(before).per(250, 10)
	for _, want := range []string{"4.0 commands per committed move (100/s)", "2000.0 µs per committed move", "10 AOF writes+fsyncs/s, 0.40 per committed move (2.5 moves per fsync)"} {
		if !strings.Contains(got, want) {
			t.Errorf("per = %q, want it to contain %q", got, want)
		}
	}
	if got := (redisStats{}).per(1, 1); got != "not readable" {
		t.Errorf("per of nothing = %q", got)
	}
	f := infoFields("# Stats\r\ntotal_commands_processed:12\r\nsyscw: 7\nname:redis\n")
	if f["total_commands_processed"] != 12 || f["syscw"] != 7 || len(f) != 2 {
		t.Errorf("infoFields = %v", f)
	}
}
