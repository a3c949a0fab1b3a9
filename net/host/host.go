// Package host is what hosting one session means, written once: taking seats and welcoming
// them, stamping time on commands, applying a resent command once, deciding and applying
// commands with the rules engine, what each seat is sent, and when and how a session is
// snapshotted and brought back. It has no goroutines and no I/O: the relay's room (an
// actor with an inbox, a store and connections) and practice mode (in-process) drive it.
//
// A command goes through three steps:
//
//	b := h.Decide(requests) // decided, not applied: b.Parts are what to store
//	(the caller stores b.Parts durably)
//	out := h.Commit(b)      // applied: out holds what each seat is sent
//
// or h.Abort(b) if storing failed: then nothing changed, and every request whose answer
// depended on the batch gets the storage error.
package host

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"

	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/net/protocol"
)

// RecentPerSeat is how many command ids per seat are remembered, to apply a resent
// command once.
const RecentPerSeat = 64

// Host is one session.
type Host struct {
	st     *game.State
	recent map[game.SeatID]*recentIDs
	fp     *fingerprinter // made with the first command a seat sends: idle rooms need none
	// sinceSnap counts the events committed since the last snapshot, and sinceSnapBytes
	// their records' bytes; snapBytes is the size of the last snapshot (SnapshotDue).
	sinceSnap, sinceSnapBytes, snapBytes int
	// spare are batches given back (Release) for Decide to fill again.
	spare []*Batch
	mark  game.Marker // the state before the event being committed, in lists used again
	// actions are the hashes of the room's actions, for the view hash every
	// game.HashEvery events; made with the first one.
	actions *actionHashes
}

// maxSpare bounds the batches a host keeps for Decide, and maxSpareLen the lists of one:
// under load a room's groups are of one or two commands, and a burst (a facilitator's
// many actions at once) must not leave every room holding lists as long as the burst.
const (
	maxSpare    = 4
	maxSpareLen = 8
)

// Recent is a command id a seat had committed: the version after its events, and the
// fingerprint of the command, so that the id resent with another command is refused.
type Recent struct {
	ID  string `json:"id"`
	N   uint64 `json:"n"`
	Sum uint64 `json:"sum,omitempty"` // 0: not known (a log written before fingerprints)
}

// idKey is the key of a command id in recentIDs, compared before the id's bytes: every
// command is looked up among its seat's RecentPerSeat ids, and comparing the ids
// themselves meant a cache miss for each (2.5 µs a command, 3 % of the relay's CPU at
// 10,000 moves/s). FNV-1a, 64 bits. Equal ids have equal keys; a key is never stored, so
// it may change.
func idKey(id string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	k := uint64(offset)
	for i := 0; i < len(id); i++ {
		k = (k ^ uint64(id[i])) * prime
	}
	return k
}

// New returns a host for a session in state st.
func New(st *game.State) *Host {
	return &Host{st: st, recent: map[game.SeatID]*recentIDs{}}
}

// State returns the session's state. Callers only read it.
func (h *Host) State() *game.State { return h.st }

// Request is a command a seat sent, with its id.
type Request struct {
	Seat game.SeatID
	ID   string
	Cmd  game.Command
}

// Answer is what a request gets: an ack of version N, or an error.
type Answer struct {
	Seat game.SeatID
	ID   string
	N    uint64
	Code protocol.Code // an error's code (a rule's or the host's); "" for an ack
	Err  string        // an error's message
	// Held marks answers that only hold if the batch is committed: the request's own
	// events are in it, or it was decided on the events of requests before it.
	Held bool
}

// Part is the events of one command, as the store keeps them.
type Part struct {
	Events []game.Event
	Actor  game.SeatID
	CmdID  string // the command id and its fingerprint (RecordID); "" for the host's own
}

// Batch is commands decided together, on the state the ones before leave. Nothing of it
// is applied until Commit.
type Batch struct {
	Parts   []Part
	Answers []Answer
	Events  []game.Event
	// recordBytes is the size of the events' records, once Records has encoded them.
	recordBytes int
}

// Fingerprint is a command's identity for deduplication: what the seat asked for,
// whatever the host stamped on it.
func Fingerprint(c game.Command) uint64 {
	var f fingerprinter
	return f.sum(c)
}

// fingerprinter computes fingerprints with an encoder and a command it keeps: made for each
// command, with the command copied into an interface for the encoder, they were 280 of the
// 3,400 bytes that hosting a vote allocated (BenchmarkVote).
type fingerprinter struct {
	w   lastNewline
	enc *json.Encoder
	cmd game.Command
}

func (f *fingerprinter) sum(c game.Command) uint64 {
	if f.enc == nil {
		f.w.h = fnv.New64a()
		f.enc = json.NewEncoder(&f.w)
	}
	f.w.h.Reset()
	f.cmd = c
	f.cmd.At, f.cmd.Version = 0, 0
	// Encoded straight into the hash: json.Marshal would copy the encoding out for every
	// command (4 % of what the relay allocated under load).
	err := f.enc.Encode(&f.cmd)
	f.cmd = game.Command{} // holds on to none of the command's strings
	if err != nil {
		return 0
	}
	if s := f.w.h.Sum64(); s != 0 {
		return s
	}
	return 1
}

// lastNewline writes to h what it is given but the newline json.Encoder ends a value
// with (in the one Write Encode makes), so that fingerprints stay those of json.Marshal,
// as the log has kept them.
type lastNewline struct{ h hash.Hash64 }

func (w *lastNewline) Write(p []byte) (int, error) {
	n := len(p)
	if n > 0 && p[n-1] == '\n' {
		p = p[:n-1]
	}
	w.h.Write(p)
	return n, nil
}

// RecordID is how a command id is kept in the log: the id and its command's fingerprint.
func RecordID(id string, sum uint64) string {
	// Written into an array on the stack, and made a string once: the concatenation of
	// the id with the fingerprint's own string was two strings on the heap.
	var b [protocol.MaxCommandID + 1 + 16]byte
	return string(strconv.AppendUint(append(append(b[:0], id...), '#'), sum, 16))
}

// parseRecordID splits RecordID; an id stored without a fingerprint has sum 0.
func parseRecordID(s string) (string, uint64) {
	if i := strings.LastIndexByte(s, '#'); i >= 0 {
		if sum, err := strconv.ParseUint(s[i+1:], 16, 64); err == nil {
			return s[:i], sum
		}
	}
	return s, 0
}

// Decide decides requests in order at host time at (Unix ms), each on the state the ones
// before it leave. A request whose id the seat already had committed gets that ack again
// (or id_reused if the id came with another command), and is not decided twice.
func (h *Host) Decide(at int64, reqs []Request) *Batch {
	b := h.batch()
	st := h.st
	// Later commands are decided on the state after the earlier ones' events, which are
	// not committed yet: those events are applied to a draft, made once a command that is
	// not the last has events; Commit applies them to the session.
	var draft *game.Draft
	for i, r := range reqs {
		if h.fp == nil {
			h.fp = &fingerprinter{}
		}
		sum := h.fp.sum(r.Cmd)
		if rc, ok := h.committed(r.Seat, r.ID); ok {
			if rc.Sum != 0 && rc.Sum != sum {
				b.Answers = append(b.Answers, Answer{Seat: r.Seat, ID: r.ID, Code: protocol.ErrIDReused,
					Err: "this command id was used for another command; use a new id for each command"})
				continue
			}
			b.Answers = append(b.Answers, Answer{Seat: r.Seat, ID: r.ID, N: rc.N})
			continue
		}
		if b.dupe(r) {
			b.Answers = append(b.Answers, Answer{Seat: r.Seat, ID: r.ID, Code: protocol.ErrIDReused,
				Err: "this command id was sent twice at once"})
			continue
		}
		cmd := r.Cmd
		cmd.At = at
		held := len(b.Events) > 0
		if r.Seat != game.System && (cmd.Type == game.CmdJoin || cmd.Type == game.CmdConnect || cmd.Type == game.CmdDisconnect) {
			// The engine refuses these too; saying so here keeps the host's own commands its own.
			b.Answers = append(b.Answers, Answer{Seat: r.Seat, ID: r.ID, Code: game.SystemOnly,
				Err: fmt.Sprintf("%q is sent by the host, not by a seat", cmd.Type)})
			continue
		}
		// The events of every command go into the batch's one slice (used again once the
		// batch is released), each command's part a piece of it.
		start := len(b.Events)
		all, err := game.DecideAppend(b.Events, st, r.Seat, cmd)
		if err != nil {
			code, msg := ruleError(err)
			b.Answers = append(b.Answers, Answer{Seat: r.Seat, ID: r.ID, Code: code, Err: msg, Held: held})
			continue
		}
		if len(all) <= start {
			b.Answers = append(b.Answers, Answer{Seat: r.Seat, ID: r.ID, N: st.Version, Held: held})
			continue
		}
		b.Events = all
		evs := all[start:len(all):len(all)]
		if i < len(reqs)-1 {
			if draft == nil {
				draft = h.st.Draft()
				st = draft.State()
			}
			for _, ev := range evs {
				draft.Apply(ev)
			}
		}
		id := ""
		if r.ID != "" {
			id = RecordID(r.ID, sum)
		}
		b.Parts = append(b.Parts, Part{Events: evs, Actor: r.Seat, CmdID: id})
		b.Answers = append(b.Answers, Answer{Seat: r.Seat, ID: r.ID, N: evs[len(evs)-1].Version, Held: true})
	}
	return b
}

// batch returns an empty batch: one given back, or a new one.
func (h *Host) batch() *Batch {
	if n := len(h.spare); n > 0 {
		b := h.spare[n-1]
		h.spare[n-1] = nil
		h.spare = h.spare[:n-1]
		return b
	}
	return &Batch{}
}

// Release gives back a batch of Decide that the caller is done with (its answers sent, its
// events delivered), so that a later Decide fills it again: a batch, its answers and parts
// made for every command were some 250 bytes a move. Nothing of b may be used after.
func (h *Host) Release(b *Batch) {
	if len(h.spare) >= maxSpare || max(cap(b.Parts), cap(b.Answers), cap(b.Events)) > maxSpareLen {
		return
	}
	clear(b.Parts)
	clear(b.Answers)
	clear(b.Events)
	*b = Batch{Parts: b.Parts[:0], Answers: b.Answers[:0], Events: b.Events[:0]}
	h.spare = append(h.spare, b)
}

// dupe reports whether the batch already holds a request of r's seat with r's id.
func (b *Batch) dupe(r Request) bool {
	if r.ID == "" {
		return false
	}
	for _, p := range b.Parts {
		if id, _ := parseRecordID(p.CmdID); p.Actor == r.Seat && id == r.ID {
			return true
		}
	}
	return false
}

// System decides one of the host's own commands (a join, a seat coming or going) at
// time at. It returns the rule error if the engine refuses it.
func (h *Host) System(at int64, c game.Command) (*Batch, error) {
	c.At = at
	evs, err := game.Decide(h.st, game.System, c)
	if err != nil {
		return nil, err
	}
	b := &Batch{Events: evs}
	if len(evs) > 0 {
		b.Parts = []Part{{Events: evs, Actor: game.System}}
	}
	return b, nil
}

// Act decides a command of a seat that answers no command id (a leave message).
func (h *Host) Act(at int64, seat game.SeatID, c game.Command) (*Batch, error) {
	c.At = at
	evs, err := game.Decide(h.st, seat, c)
	if err != nil {
		return nil, err
	}
	b := &Batch{Events: evs}
	if len(evs) > 0 {
		b.Parts = []Part{{Events: evs, Actor: seat}}
	}
	return b, nil
}

// Record is one event as a session's log keeps it: its number (the state version after
// it), the seat whose command caused it and that command's id (RecordID), and the encoded
// game.Event. (The store has a type of the same shape; the host does not import the store,
// which practice mode has no use for.)
type Record struct {
	N     uint64
	Seat  int
	CmdID string
	Data  []byte
}

// Records encodes the batch's events for the log.
func (b *Batch) Records() ([]Record, error) {
	var recs []Record
	size := 0
	for _, p := range b.Parts {
		for i := range p.Events {
			ev := &p.Events[i] // a pointer: an event put in an interface by value was copied to the heap
			data, err := json.Marshal(ev)
			if err != nil {
				return nil, fmt.Errorf("host: encode event: %w", err)
			}
			recs = append(recs, Record{N: ev.Version, Seat: int(p.Actor), CmdID: p.CmdID, Data: data})
			size += len(data)
		}
	}
	b.recordBytes = size
	return recs, nil
}

// Delivery is one committed event as the seats of an audience receive it.
type Delivery struct {
	N uint64
	// Public is the event for every seat not listed in Seats.
	Public game.ViewEvent
	// Seats are the seats whose message differs from the public one: the event holds
	// something only that seat may learn, or the view hash is due with it.
	Seats []SeatEvent
}

// SeatEvent is one seat's own message for an event.
type SeatEvent struct {
	Seat  game.SeatID
	Own   bool   // the seat has an event of its own, Event; else it gets the public one
	Hash  string // the seat's view hash after the event, when due
	Event game.ViewEvent
}

// For returns the event for seat and its view hash, if due.
func (d *Delivery) For(seat game.SeatID) (*game.ViewEvent, string) {
	for i := range d.Seats {
		if se := &d.Seats[i]; se.Seat == seat {
			if se.Own {
				return &se.Event, se.Hash
			}
			return &d.Public, se.Hash
		}
	}
	return &d.Public, ""
}

// Reset empties d for CommitTo to fill again, keeping the room of its seat list: the seat
// lists of a slice of deliveries used again are then made once, not for every event. A
// list longer than a room of 8 needs is dropped, so that what is kept stays small.
func (d *Delivery) Reset() {
	seats := d.Seats[:0]
	if cap(seats) > maxKeptSeats {
		seats = nil
	}
	clear(d.Seats) // nothing of an event is kept alive
	*d = Delivery{Seats: seats}
}

// maxKeptSeats is the longest seat list Reset keeps.
const maxKeptSeats = 8

// Commit applies a stored batch to the session, remembers its command ids, and returns
// each event as the seats of audience receive it (nil for no audience).
func (h *Host) Commit(b *Batch, audience []game.SeatID) []Delivery {
	return h.CommitTo(nil, b, audience)
}

// CommitTo is Commit appending the deliveries to out, so that a caller that commits many
// batches can use one slice for them again (a room at 2,000 moves a second made a new one
// for every move, some 0.6 kB). The deliveries in out's spare capacity, emptied with
// Reset, lend their seat lists to the new ones.
func (h *Host) CommitTo(out []Delivery, b *Batch, audience []game.SeatID) []Delivery {
	// The events are applied one by one even when the batch was decided on a copy: each
	// is redacted against the state it changed.
	if len(audience) > 0 {
		out = slices.Grow(out, len(b.Events))
	}
	for _, ev := range b.Events {
		if len(audience) == 0 {
			h.st.Apply(ev)
			continue
		}
		h.mark.Mark(h.st)
		h.st.Apply(ev)
		r := game.NewRedaction(h.mark, h.st, ev)
		out = out[:len(out)+1]
		h.deliver(&out[len(out)-1], &r, ev.Version, audience)
	}
	for _, p := range b.Parts {
		if p.CmdID != "" && len(p.Events) > 0 {
			id, sum := parseRecordID(p.CmdID)
			h.remember(p.Actor, id, sum, p.Events[len(p.Events)-1].Version)
		}
	}
	h.sinceSnap += len(b.Events)
	h.sinceSnapBytes += b.recordBytes
	return out
}

// deliver works out into d what each seat of audience is sent for one event. d's seat
// list, if it has one, is filled again.
func (h *Host) deliver(d *Delivery, r *game.Redaction, n uint64, audience []game.SeatID) {
	seats := d.Seats[:0]
	d.N, d.Public, d.Seats = n, r.Public(), nil
	due := n%game.HashEvery == 0
	var table uint64
	if due {
		if h.actions == nil {
			h.actions = &actionHashes{}
		}
		table = game.StateTableHash(h.st, h.actions.of(h.st.Actions))
	}
	for _, seat := range audience {
		own, hash := r.Personal(seat), ""
		if due {
			hash = h.ownHash(table, seat)
		}
		if own || hash != "" {
			seats = addSeat(seats, r, seat, own, hash)
		}
	}
	d.Seats = seats
}

// The two below are kept out of deliver, which calls them in a loop: their values (a
// seat's own view, its event) are large, and in deliver's frame (2 kB with them, 0.5 kB
// without) they would lie under the room's deepest calls, the view hash's encoding among
// them.

//go:noinline
func (h *Host) ownHash(table uint64, seat game.SeatID) string {
	v := game.Own(h.st, seat)
	return protocol.FormatHash(game.OwnHash(table, &v))
}

//go:noinline
func addSeat(seats []SeatEvent, r *game.Redaction, seat game.SeatID, own bool, hash string) []SeatEvent {
	seats = append(seats, SeatEvent{Seat: seat, Own: own, Hash: hash})
	if own {
		seats[len(seats)-1].Event = r.For(seat)
	}
	return seats
}

// Welcome returns what a seat is told when it joins, resumes or asks for its view again:
// its whole view, and its deck by content hash.
func (h *Host) Welcome(seat game.SeatID) *protocol.Server {
	v := game.View(h.st, seat)
	return &protocol.Server{V: protocol.Version, T: protocol.TWelcome, Seat: seat, N: h.st.Version,
		View: &v, DeckHash: h.st.Deck.Hash()}
}

// Abort turns the answers that depended on a batch that could not be stored into storage
// errors, and drops its events: nothing was applied.
func (b *Batch) Abort() {
	b.Events, b.Parts = nil, nil
	for i := range b.Answers {
		if a := &b.Answers[i]; a.Held {
			a.N, a.Code, a.Err = 0, protocol.ErrStorage, "storage unavailable: the command was not applied; try again"
		}
	}
}

// Void turns every answer of a batch into the storage error: it was decided on a state
// that holds a batch the store then failed to keep, so neither its acknowledgements nor
// its refusals can be trusted.
func (b *Batch) Void() {
	b.Events, b.Parts = nil, nil
	for i := range b.Answers {
		a := &b.Answers[i]
		a.N, a.Code, a.Err = 0, protocol.ErrStorage, "storage unavailable: the command was not applied; try again"
	}
}

func (h *Host) committed(seat game.SeatID, id string) (Recent, bool) {
	if l := h.recent[seat]; l != nil {
		return l.find(id, idKey(id))
	}
	return Recent{}, false
}

func (h *Host) remember(seat game.SeatID, id string, sum uint64, n uint64) {
	l := h.recent[seat]
	if l == nil {
		l = &recentIDs{}
		h.recent[seat] = l
	}
	l.add(id, sum, n)
}

// SnapshotDue reports whether a snapshot is due: once at least every events have passed
// since the last one, and their records are at least as large as it. A snapshot encodes
// the whole room, which grows with the session (a room with 800 actions is some 100 kB),
// so its cost for each event is then at most a byte for each byte of the events, whatever
// the size of the room; and a room is loaded from at most twice its snapshot's bytes.
func (h *Host) SnapshotDue(every int) bool {
	return h.sinceSnap >= every && h.sinceSnapBytes >= h.snapBytes
}

// snapshotData is what a snapshot holds: the state and the recent command ids, so a command
// resent after a restart is still applied once.
//
// The decks are not in it: Decks names, by content hash, the deck of State and of each undo
// state below it (State.Undo, its Undo, ...), in that order, and those states' "deck" is
// null. A deck is some 100 kB of JSON that nearly every room shares; stored in every
// snapshot, it was most of what a room wrote to its store and read back, and of the pages
// of the store's file a relay keeps in memory. The store keeps each deck once
// (store.PutDeck). Snapshots written before hold their decks inline and no Decks.
type snapshotData struct {
	State  *game.State         `json:"state"`
	Decks  []string            `json:"decks,omitempty"`
	Recent map[string][]Recent `json:"recent,omitempty"`
}

// Snapshot is a session encoded for the store: the version it holds, its encoding, and the
// decks the encoding names by hash, which must be stored (store.PutDeck) before it is.
type Snapshot struct {
	N     uint64
	Data  []byte
	Decks []*cards.Deck // each distinct deck once
}

// Snapshot encodes the session for the store.
func (h *Host) Snapshot() (Snapshot, error) { return h.SnapshotInto(new(bytes.Buffer)) }

// SnapshotInto is Snapshot encoding into buf, which it resets: the snapshot's Data is
// buf's bytes, so buf may be used again once the snapshot is stored. A snapshot costs
// several times its size in memory the collector must take back (its encoding, the
// store's copy, ...); encoded into a buffer the relay uses again, one of those is gone.
func (h *Host) SnapshotInto(buf *bytes.Buffer) (Snapshot, error) {
	recent := make(map[string][]Recent, len(h.recent))
	for seat, l := range h.recent {
		recent[strconv.Itoa(int(seat))] = l.list()
	}
	return encodeSnapshot(h.st, recent, buf)
}

// Snapshotted records that sn, which Snapshot returned, is stored.
func (h *Host) Snapshotted(sn Snapshot) {
	h.sinceSnap, h.sinceSnapBytes, h.snapBytes = 0, 0, len(sn.Data)
}

// InitialSnapshot encodes a new session's first snapshot.
func InitialSnapshot(st *game.State) (Snapshot, error) {
	return encodeSnapshot(st, nil, new(bytes.Buffer))
}

// encodeSnapshot encodes st without its decks, which it names instead. It encodes copies of
// the State structs of st and its undo states (not of what they point to) with Deck nil:
// the session's own state is never changed, so the room may go on while its snapshot is
// stored.
func encodeSnapshot(st *game.State, recent map[string][]Recent, buf *bytes.Buffer) (Snapshot, error) {
	data := snapshotData{Recent: recent}
	var decks []*cards.Deck
	link := &data.State
	for s := st; s != nil; s = s.Undo {
		if s.Deck == nil {
			return Snapshot{}, errors.New("host: snapshot: a state without a deck")
		}
		hash := s.Deck.Hash()
		data.Decks = append(data.Decks, hash)
		if !slices.ContainsFunc(decks, func(d *cards.Deck) bool { return d == s.Deck || d.Hash() == hash }) {
			decks = append(decks, s.Deck)
		}
		c := *s
		c.Deck = nil
		*link = &c
		link = &c.Undo // replaced by the next copy; nil after the last
	}
	buf.Reset()
	if err := json.NewEncoder(buf).Encode(data); err != nil {
		return Snapshot{}, fmt.Errorf("host: snapshot: %w", err)
	}
	b := buf.Bytes()
	b = b[:len(b)-1] // Encode ends with a newline; Marshal's bytes do not
	return Snapshot{N: st.Version, Data: b, Decks: decks}, nil
}

// DeckHashes returns the content hashes of the decks a snapshot of st names: its deck and
// those of its undo states, each once.
func DeckHashes(st *game.State) []string {
	var out []string
	for s := st; s != nil; s = s.Undo {
		if s.Deck != nil && !slices.Contains(out, s.Deck.Hash()) {
			out = append(out, s.Deck.Hash())
		}
	}
	return out
}

// Decks is how Restore finds a session's decks.
type Decks struct {
	// Stored returns the deck stored under a content hash, by which a snapshot names its
	// decks; Restore fails with its error. The deck it returns is shared, never changed.
	Stored func(hash string) (*cards.Deck, error)
	// Share, if not nil, returns for a deck decoded from an older snapshot (which held its
	// decks inline) or from an event (a deck set in the lobby) an equal deck already in
	// memory to use instead, or the deck itself, indexed. Without it such decks are indexed
	// and kept as decoded.
	Share func(*cards.Deck) *cards.Deck
}

func (d Decks) share(deck *cards.Deck) *cards.Deck {
	if d.Share != nil {
		return d.Share(deck)
	}
	deck.Index()
	return deck
}

// Restore brings a session back from its newest snapshot and the events after it.
func Restore(snapshot []byte, events []Record, decks Decks) (*Host, error) {
	var snap snapshotData
	if err := json.Unmarshal(snapshot, &snap); err != nil {
		return nil, fmt.Errorf("host: the snapshot is damaged: %w", err)
	}
	if snap.State == nil {
		return nil, errors.New("host: the snapshot is damaged: it holds no state")
	}
	resolved := map[string]*cards.Deck{}
	i := 0
	for s := snap.State; s != nil; s, i = s.Undo, i+1 {
		switch {
		case s.Deck != nil: // an older snapshot, with the deck inline
			s.Deck = decks.share(s.Deck)
		case i < len(snap.Decks) && snap.Decks[i] != "":
			hash := snap.Decks[i]
			d := resolved[hash]
			if d == nil {
				if decks.Stored == nil {
					return nil, fmt.Errorf("host: the snapshot names deck %s, and no decks are stored", hash)
				}
				var err error
				if d, err = decks.Stored(hash); err != nil {
					return nil, fmt.Errorf("host: the snapshot's deck %s: %w", hash, err)
				}
				if d == nil {
					return nil, fmt.Errorf("host: the snapshot's deck %s is missing", hash)
				}
				resolved[hash] = d
			}
			s.Deck = d
		default:
			return nil, fmt.Errorf("host: the snapshot is damaged: state %d of its undo chain has no deck", i)
		}
	}
	// The room stays in memory as long as it is loaded: as decoded it would hold a string
	// of its own for every card ID, twice what the state needs (game.State.Compact).
	h := New(snap.State.Compact())
	for seat, list := range snap.Recent {
		if id, err := strconv.Atoi(seat); err == nil {
			for _, rc := range list {
				h.remember(game.SeatID(id), rc.ID, rc.Sum, rc.N)
			}
		}
	}
	for _, rec := range events {
		var ev game.Event
		if err := json.Unmarshal(rec.Data, &ev); err != nil {
			return nil, fmt.Errorf("host: event %d is damaged: %w", rec.N, err)
		}
		if ev.Version != h.st.Version+1 {
			return nil, fmt.Errorf("host: event %d does not follow state version %d", ev.Version, h.st.Version)
		}
		if ev.Deck != nil {
			ev.Deck = decks.share(ev.Deck)
		}
		h.st.Apply(ev)
		if rec.CmdID != "" {
			id, sum := parseRecordID(rec.CmdID)
			h.remember(game.SeatID(rec.Seat), id, sum, rec.N)
		}
	}
	h.sinceSnap, h.snapBytes = len(events), len(snapshot)
	for _, rec := range events {
		h.sinceSnapBytes += len(rec.Data)
	}
	if err := h.st.CheckInvariants(); err != nil {
		return nil, fmt.Errorf("host: stored state is inconsistent: %w", err)
	}
	return h, nil
}

// ruleError turns an engine rejection into a code and a message.
func ruleError(err error) (protocol.Code, string) {
	if re, ok := err.(*game.Error); ok {
		return re.Code, re.Message
	}
	return protocol.ErrBadMessage, err.Error()
}
