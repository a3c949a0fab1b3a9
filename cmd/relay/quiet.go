package main

import (
	"context"
	"time"
)

// quietCollector gives the relay's spare memory back to the system once its players have
// gone quiet: one collection, and the pages it freed returned (debug.FreeOSMemory).
//
// Why: at Go's default pace (GOGC 100) the heap grows to twice what is live before each
// collection, and the runtime keeps what a collection frees for the heap to grow into
// again. A relay whose rooms have all paused — a session's break, the night between two
// workshops — keeps that memory resident: at 1,000 joined connections some 4 kB per
// connection of the 8–10 kB it held (docs/performance.md, "Memory returned when the relay
// goes quiet"). Collecting once the relay is quiet costs a few milliseconds of a core while
// nobody waits for it; the next busy period grows into fresh pages again. At most once
// per gap, so that a relay whose few players each send something now and then does not
// collect a large heap every few seconds.
//
// It is driven by ticks (run), and counts the relay's messages, not time: tick is what
// tests call.
type quietCollector struct {
	activity func() uint64 // the messages the relay has handled so far
	quiet    int           // ticks without a message that make the relay quiet
	// gap is the fewest ticks from one collection to the next: a relay whose few players
	// each send something now and then is quiet often, and a large heap is not collected
	// and given back every few seconds for it.
	gap     int
	collect func() // debug.FreeOSMemory; tests count the calls

	last  uint64 // activity at the previous tick
	still int    // ticks since the last message
	due   bool   // messages came since the last collection
	wait  int    // ticks until another collection may come (0 at first)
}

// tick looks at the relay's activity once, and collects when it has been quiet for
// q.quiet ticks after messages came and the last collection is q.gap ticks ago; it
// reports whether it collected.
func (q *quietCollector) tick() bool {
	q.wait = max(q.wait-1, 0)
	if n := q.activity(); n != q.last {
		q.last, q.still, q.due = n, 0, true
		return false
	}
	if !q.due {
		return false
	}
	q.still++
	if q.still < q.quiet || q.wait > 0 {
		return false
	}
	q.due, q.wait = false, q.gap
	q.collect()
	return true
}

// run ticks every interval until ctx ends.
func (q *quietCollector) run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			q.tick()
		}
	}
}
