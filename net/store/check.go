package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
)

// errBadInput marks calls that are wrong in themselves (an empty room code, events out of
// order within one call): they are the caller's bug, not a storage failure, so they must
// not be reported as ErrUnavailable.
var errBadInput = errors.New("store: invalid argument")

// opError gives an error the operation and room it happened in. Failures of the storage
// itself are marked ErrUnavailable; the outcomes callers act on (not found, exists,
// conflict, a cancelled context, bad input) are passed through as they are.
func opError(op, code string, err error) error {
	if err == nil {
		return nil
	}
	if code == "" {
		code = "-"
	}
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrExists) || errors.Is(err, ErrConflict) ||
		errors.Is(err, ErrNoDeck) || errors.Is(err, ErrUnavailable) || errors.Is(err, errBadInput) ||
		errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("store: %s %s: %w", op, code, err)
	}
	return fmt.Errorf("store: %s %s: %w: %w", op, code, ErrUnavailable, err)
}

// checkCode refuses an empty room code: bbolt cannot name a bucket with it, and no room
// has one.
func checkCode(code string) error {
	if code == "" {
		return fmt.Errorf("empty room code: %w", errBadInput)
	}
	return nil
}

// maxDeckHash bounds a deck hash: cards.Deck.Hash gives 32 hex digits.
const maxDeckHash = 128

// checkDeckHash refuses what cannot be a deck's content hash: it names a bbolt key and a
// Redis key, so only lower-case hex digits are taken.
func checkDeckHash(hash string) error {
	if hash == "" || len(hash) > maxDeckHash {
		return fmt.Errorf("deck hash of %d characters: %w", len(hash), errBadInput)
	}
	for i := 0; i < len(hash); i++ {
		if c := hash[i]; (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return fmt.Errorf("deck hash %q is not lower-case hex: %w", hash, errBadInput)
		}
	}
	return nil
}

// checkDeck is checkDeckHash for PutDeck, which also needs a deck to store.
func checkDeck(hash string, data []byte) error {
	if err := checkDeckHash(hash); err != nil {
		return err
	}
	if len(data) == 0 {
		return fmt.Errorf("empty deck %s: %w", hash, errBadInput)
	}
	return nil
}

// checkBatch verifies that events are numbered consecutively among themselves, so the only
// question left for the store is whether they continue the stored log.
func checkBatch(events []Record) error {
	for i, e := range events {
		if e.N == 0 {
			return fmt.Errorf("event number 0 (numbers start at 1): %w", errBadInput)
		}
		if i > 0 && e.N != events[i-1].N+1 {
			return fmt.Errorf("event %d follows %d in one append: %w", e.N, events[i-1].N, errBadInput)
		}
	}
	return nil
}

// continues decides whether events can be appended to a log whose newest number is last.
// stored returns the stored record numbered n (ok false if there is none); it is only
// called when the events end exactly at last, to recognise a repeated append.
//
// A repeat is not an error: a commit whose result was lost (the fsync of a commit failed
// after its pages reached the file, or a batch ran again) leaves the events stored, and the
// caller's retry of the same events must then succeed, not report a conflict that would
// make the relay reload a room that is fine.
func continues(last uint64, events []Record, stored func(n uint64) (Record, bool)) (done bool, err error) {
	first, end := events[0].N, events[len(events)-1].N
	if first == last+1 {
		return false, nil
	}
	if end == last && first <= last {
		for _, e := range events {
			s, ok := stored(e.N)
			if !ok || !sameRecord(s, e) {
				return false, fmt.Errorf("events %d..%d differ from the stored ones: %w", first, end, ErrConflict)
			}
		}
		return true, nil
	}
	return false, fmt.Errorf("event %d does not follow the stored %d: %w", first, last, ErrConflict)
}

func sameRecord(a, b Record) bool {
	return a.N == b.N && a.Seat == b.Seat && a.CmdID == b.CmdID && bytes.Equal(a.Data, b.Data)
}

// snapshotFits refuses a snapshot numbered beyond the stored log (last): loading it would
// skip events that were never stored. An older snapshot than the stored one is accepted
// and ignored by the caller, so a late write cannot take a room back in time.
func snapshotFits(last, n uint64) error {
	if n > last {
		return fmt.Errorf("snapshot at %d is ahead of the log, which ends at %d: %w", n, last, ErrConflict)
	}
	return nil
}

// isExpired reports whether a room's retention has run out at now (Unix ms).
func isExpired(meta Meta, now int64, defaultDays int) bool {
	days := meta.RetentionDays
	if days <= 0 {
		days = defaultDays
	}
	return meta.LastActive+int64(days)*24*60*60*1000 < now
}

// decksNamed returns the decks the rooms of metas name, and false if one of them does
// not say (a room stored before rooms named their decks): then no deck may be deleted.
func decksNamed(metas []Meta) (map[string]bool, bool) {
	used := map[string]bool{}
	for _, meta := range metas {
		if meta.Decks == nil {
			return nil, false
		}
		for _, h := range meta.Decks {
			used[h] = true
		}
	}
	return used, true
}

func cloneMeta(meta Meta) Meta {
	meta.FacilitatorHash = bytes.Clone(meta.FacilitatorHash)
	if meta.SeatHashes != nil {
		hashes := make(map[string][]byte, len(meta.SeatHashes))
		for k, v := range meta.SeatHashes {
			hashes[k] = bytes.Clone(v)
		}
		meta.SeatHashes = hashes
	}
	meta.Decks = slices.Clone(meta.Decks)
	return meta
}

func cloneRecords(recs []Record) []Record {
	if recs == nil {
		return nil
	}
	out := slices.Clone(recs)
	for i := range out {
		out[i].Data = bytes.Clone(out[i].Data)
	}
	return out
}
