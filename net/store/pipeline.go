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
	//
	// into, if not nil, is the Appending the append is made in and returned as, instead
	// of a new one: one from NewAppending, or one used before that no append refers to
	// any more — its answer read, and the answer of the append made with it as after read
	// too. An append is some 300 bytes the collector would take back otherwise.
	AppendAfter(ctx context.Context, code string, events []Record, meta *Meta, after, into *Appending) *Appending
}

// Appending is an append on its way to the disk (Pipeliner).
type Appending struct {
	req    walReq // the log's request, when logged
	logged bool   // req went to the write-ahead log
	done   chan error
	// The room's id and its newest event number once this append is durable: what the
	// next append, made before this one is answered, must continue.
	id   string
	tail uint64
}

// NewAppending returns an Appending for AppendAfter to make an append in.
func NewAppending() *Appending { return &Appending{done: make(chan error, 1)} }

// reuse readies into for an append, or returns a new Appending if into is nil. Its done
// channel is kept: its one answer was read.
func reuse(into *Appending) *Appending {
	if into == nil {
		return NewAppending()
	}
	*into = Appending{done: into.done}
	return into
}

// Reset readies a for another append, letting go of what it appended; its answer must
// have been read. For Appendings kept for use again (AppendAfter's into).
func (a *Appending) Reset() { reuse(a) }

// Done yields the append's answer once: nil when its events are durable, or why none
// of them were stored.
func (a *Appending) Done() <-chan error { return a.done }

// answer answers a now.
func (a *Appending) answer(err error) *Appending {
	a.done <- err
	return a
}

// Awaiting returns into readied (a new Appending if nil) and a function that answers it
// (once), for a Pipeliner whose appends are answered from elsewhere.
func Awaiting(into *Appending) (a *Appending, answer func(error)) {
	a = reuse(into)
	return a, func(err error) { a.done <- err }
}

// AppendAfter queues the append in the write-ahead log. Without one (LogSyncEvery < 0) it
// is Append, answered when it returns.
func (b *Bolt) AppendAfter(ctx context.Context, code string, events []Record, meta *Meta, after, into *Appending) *Appending {
	a := reuse(into)
	if err := b.begin(ctx, code); err != nil {
		return a.answer(opError("append", code, err))
	}
	if err := checkBatch(events); err != nil {
		return a.answer(opError("append", code, err))
	}
	if b.wal == nil {
		return a.answer(b.appendBolt(code, events, meta))
	}
	if len(events) == 0 && meta == nil {
		return a.answer(nil)
	}
	return b.logAfter(code, events, meta, after, a)
}
