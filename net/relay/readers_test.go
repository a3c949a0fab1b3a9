package relay

import (
	"sync"
	"testing"
	"time"
)

// waitFor polls cond until it holds; the test's own deadline is the only limit.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		if t.Context().Err() != nil {
			t.Fatalf("never: %s", what)
		}
		time.Sleep(100 * time.Microsecond)
	}
}

// TestReaderPool starts more readers at once than may wait, checks that start never
// waits for one, that the readers left waiting are at most maxIdleReaders and read what
// comes next without more goroutines, and that stop ends them.
func TestReaderPool(t *testing.T) {
	var (
		mu    sync.Mutex
		reads = map[*conn]int{}
		hold  = make(chan struct{})
	)
	held := true
	p := newReaderPool(func(c *conn) {
		mu.Lock()
		reads[c]++
		wait := held
		mu.Unlock()
		if wait {
			<-hold
		}
	})
	conns := make([]*conn, 3*maxIdleReaders)
	for i := range conns {
		conns[i] = &conn{}
		p.start(conns[i]) // each blocks in its read: start must not wait for it
	}
	waitFor(t, "every connection is being read", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(reads) == len(conns)
	})
	if got := p.live.Load(); got != int32(len(conns)) {
		t.Fatalf("%d readers for %d connections read at once", got, len(conns))
	}
	mu.Lock()
	held = false
	mu.Unlock()
	close(hold)
	waitFor(t, "the readers beyond maxIdleReaders end", func() bool { return p.live.Load() == maxIdleReaders })
	waitFor(t, "the rest wait", func() bool { return p.idle.Load() == maxIdleReaders })

	made := p.made.Load()
	for i := range 1000 {
		p.start(conns[0])
		waitFor(t, "the read is done", func() bool {
			mu.Lock()
			defer mu.Unlock()
			return reads[conns[0]] == i+2
		})
	}
	if n := p.made.Load() - made; n > 100 {
		t.Fatalf("1,000 reads one after the other started %d readers", n)
	}

	p.stop()
	waitFor(t, "stop ends the waiting readers", func() bool { return p.live.Load() == 0 })
}
