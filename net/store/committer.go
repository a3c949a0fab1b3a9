package store

import (
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// committer runs the store's writes (appends and snapshots) in transactions of its own
// goroutine, grouping every write that waits when a transaction starts into it: one pair
// of fsyncs for all the rooms that committed meanwhile.
//
// Why not bbolt's Batch: Batch waits up to its delay for more writes before it starts a
// transaction, in a goroutine it starts per batch, and a batch that is due waits for the
// running transaction anyway. Under load that delay only adds to every move's round trip;
// with no delay at all Batch commits nearly every write alone. Here a transaction starts
// the moment the previous one ends, and takes whatever queued while it ran: alone when the
// relay is quiet (a move waits for its own fsyncs only), in large groups when it is busy.
type committer struct {
	db    *bolt.DB
	reqs  chan *commitReq
	quit  chan struct{}
	done  chan struct{}
	max   int           // writes in one transaction at most
	delay time.Duration // how long a lone write waits for company (0: not at all)
	batch []*commitReq
}

type commitReq struct {
	fn   func(*bolt.Tx) error
	done chan error
}

func newCommitter(db *bolt.DB, maxWrites int, delay time.Duration) *committer {
	c := &committer{db: db, reqs: make(chan *commitReq), quit: make(chan struct{}),
		done: make(chan struct{}), max: maxWrites, delay: delay}
	go c.run()
	return c
}

// update runs fn in one of the committer's transactions and returns when that transaction
// is durable (or failed). fn may run more than once: when another write of its group fails,
// the others run again without it, so fn must decide from what the transaction holds and
// keep nothing between runs.
func (c *committer) update(fn func(*bolt.Tx) error) error {
	req := &commitReq{fn: fn, done: make(chan error, 1)}
	select {
	case c.reqs <- req:
	case <-c.quit:
		return fmt.Errorf("closed: %w", ErrUnavailable)
	}
	return <-req.done
}

// stop ends the goroutine after the transaction that runs; writes that arrive later fail
// with ErrUnavailable.
func (c *committer) stop() {
	close(c.quit)
	<-c.done
}

func (c *committer) run() {
	defer close(c.done)
	for {
		var first *commitReq
		select {
		case first = <-c.reqs:
		case <-c.quit:
			return
		}
		batch := append(c.batch[:0], first)
		// reqs is unbuffered: what can be taken without waiting is exactly the writes whose
		// callers are blocked on it now.
		var linger <-chan time.Time
		var timer *time.Timer
		if c.delay > 0 {
			timer = time.NewTimer(c.delay)
			linger = timer.C
		}
	gather:
		for len(batch) < c.max {
			if linger == nil {
				select {
				case r := <-c.reqs:
					batch = append(batch, r)
				default:
					break gather
				}
				continue
			}
			select {
			case r := <-c.reqs:
				batch = append(batch, r)
			case <-linger:
				linger = nil
			}
		}
		if timer != nil {
			timer.Stop()
		}
		c.commit(batch)
		clear(batch)
		c.batch = batch
	}
}

// commit runs batch in one transaction. When a write fails, the transaction is rolled
// back; that write runs again alone, so the error it gets is its own and not a result of
// the others', and the others are committed together again without it.
func (c *committer) commit(batch []*commitReq) {
	for len(batch) > 0 {
		failed := -1
		err := c.db.Update(func(tx *bolt.Tx) error {
			for i, r := range batch {
				if err := r.fn(tx); err != nil {
					failed = i
					return err
				}
			}
			return nil
		})
		if failed < 0 {
			for _, r := range batch {
				r.done <- err // nil, or the commit's own failure (a full disk)
			}
			return
		}
		alone := batch[failed]
		alone.done <- c.db.Update(alone.fn)
		batch = append(batch[:failed:failed], batch[failed+1:]...)
	}
}
