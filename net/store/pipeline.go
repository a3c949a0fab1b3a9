package store

import "context"

// Pipeliner is a Store that takes a room's next append before the one before it is
// durable. A room that waited for every append before deciding what arrived meanwhile made
// those moves wait for two of the log's groups instead of one; with it, a room decides and
// queues its next moves at once, and answers each once its own group is on disk.
type Pipeliner interface {
	// AppendAfter is Append without the wait: Done on the answer says when the events are
	// durable (nil) or that none of them were stored. after is the room's previous append
	// when its answer has not been read yet (nil otherwise); the events must continue
	// what after appends. If after fails, this append fails too and nothing of it is
	// written, so a room's log never goes on past a gap. A caller reads every answer.
	AppendAfter(ctx context.Context, code string, events []Record, meta *Meta, after *Appending) *Appending
}

// Appending is an append on its way to the disk (Pipeliner).
type Appending struct {
	req  *walReq // nil: answered when made
	done chan error
	// The room's id and its newest event number once this append is durable: what the
	// next append, made before this one is answered, must continue.
	id   string
	tail uint64
}

// Done yields the append's answer once: nil when its events are durable, or why none
// of them were stored.
func (a *Appending) Done() <-chan error { return a.done }

// Awaiting returns an Appending that answer answers (once), for a Pipeliner whose appends
// are answered from elsewhere.
func Awaiting() (a *Appending, answer func(error)) {
	a = &Appending{done: make(chan error, 1)}
	return a, func(err error) { a.done <- err }
}

// answered is an Appending whose answer is known when it is made.
func answered(err error) *Appending {
	a := &Appending{done: make(chan error, 1)}
	a.done <- err
	return a
}

// AppendAfter queues the append in the write-ahead log. Without one (LogSyncEvery < 0) it
// is Append, answered when it returns.
func (b *Bolt) AppendAfter(ctx context.Context, code string, events []Record, meta *Meta, after *Appending) *Appending {
	if err := b.begin(ctx, code); err != nil {
		return answered(opError("append", code, err))
	}
	if err := checkBatch(events); err != nil {
		return answered(opError("append", code, err))
	}
	if b.wal == nil {
		return answered(b.appendBolt(code, events, meta))
	}
	if len(events) == 0 && meta == nil {
		return answered(nil)
	}
	return b.logAfter(code, events, meta, after)
}
