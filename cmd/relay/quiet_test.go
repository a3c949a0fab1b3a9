package main

import (
	"strings"
	"testing"
)

// TestQuietCollector checks when the relay gives memory back: only after messages came,
// once they have stopped for the given number of ticks (3), once per quiet spell, and no
// sooner than the given gap (6 ticks) after the collection before.
func TestQuietCollector(t *testing.T) {
	tests := []struct {
		name string
		// steps: '+' a message arrives before the tick, '.' a tick without one; want marks
		// the ticks that collect with 'C'.
		steps, want string
	}{
		{"never busy", "......", "......"},
		{"quiet after messages", "+...", "...C"},
		{"once per quiet spell", "+......", "...C..."},
		{"messages restart the wait", "+..+...", "......C"},
		{"busy throughout", "+++++++", "......."},
		{"two spells a gap apart", "+.....+...", "...C.....C"},
		{"a spell soon after a collection waits for the gap", "+...+.....", "...C.....C"},
		{"messages during the wait for the gap", "+...+...+...", "...C.......C"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var n uint64
			collected := 0
			q := &quietCollector{activity: func() uint64 { return n }, quiet: 3, gap: 6, collect: func() { collected++ }}
			got := make([]byte, len(tc.steps))
			for i, s := range []byte(tc.steps) {
				if s == '+' {
					n++
				}
				got[i] = '.'
				if q.tick() {
					got[i] = 'C'
				}
			}
			if string(got) != tc.want {
				t.Fatalf("ticks %q collected at %q, want %q", tc.steps, got, tc.want)
			}
			if want := strings.Count(tc.want, "C"); collected != want {
				t.Fatalf("collect called %d times, want %d", collected, want)
			}
		})
	}
}
