package relay

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// ipLimits holds the per-address limits: open connections, failed joins (code guessing)
// and room creation. Entries for quiet addresses are swept away.
type ipLimits struct {
	cfg   Config
	mu    sync.Mutex
	conns map[string]int
	fails map[string]*limiterEntry
	rooms map[string]*limiterEntry
}

type limiterEntry struct {
	lim  *rate.Limiter
	seen time.Time
}

func newIPLimits(cfg Config) *ipLimits {
	return &ipLimits{cfg: cfg, conns: map[string]int{}, fails: map[string]*limiterEntry{}, rooms: map[string]*limiterEntry{}}
}

// addConn counts a new connection from ip, or reports that ip has too many.
func (l *ipLimits) addConn(ip string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.cfg.MaxConnsPerIP > 0 && l.conns[ip] >= l.cfg.MaxConnsPerIP {
		return false
	}
	l.conns[ip]++
	return true
}

func (l *ipLimits) dropConn(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.conns[ip] <= 1 {
		delete(l.conns, ip)
		return
	}
	l.conns[ip]--
}

func (l *ipLimits) entry(m map[string]*limiterEntry, ip string, perMinute int) *rate.Limiter {
	e := m[ip]
	if e == nil {
		e = &limiterEntry{lim: rate.NewLimiter(rate.Every(time.Minute/time.Duration(perMinute)), perMinute)}
		m[ip] = e
	}
	e.seen = time.Now()
	return e.lim
}

// joinAllowed reports whether ip may try a room code: it has failures left in its bucket.
func (l *ipLimits) joinAllowed(ip string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.entry(l.fails, ip, l.cfg.JoinFailuresPerMinute).Tokens() >= 1
}

// joinFailed spends one of ip's failures.
func (l *ipLimits) joinFailed(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entry(l.fails, ip, l.cfg.JoinFailuresPerMinute).Allow()
}

// createAllowed spends one of ip's room creations, if it has one left.
func (l *ipLimits) createAllowed(ip string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.entry(l.rooms, ip, l.cfg.RoomsPerMinutePerIP).Allow()
}

// sweep forgets addresses not seen for a while; their buckets would be full again anyway.
func (l *ipLimits) sweep(now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, m := range []map[string]*limiterEntry{l.fails, l.rooms} {
		for ip, e := range m {
			if now.Sub(e.seen) > 10*time.Minute {
				delete(m, ip)
			}
		}
	}
}
