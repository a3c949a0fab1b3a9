package store

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// recordVersion is the first byte of every event record stored in Redis, so the format can
// change without guessing.
const recordVersion = 1

// encodeRedisRecord is a record as the Redis store keeps it in a room's log list: a version
// byte, N and Seat as varints, the command id with its length, then the event's data.
// The encoding is deterministic, so the append script recognises a repeated append by
// comparing bytes.
func encodeRedisRecord(r Record) []byte {
	b := make([]byte, 0, 1+3*binary.MaxVarintLen64+len(r.CmdID)+len(r.Data))
	b = append(b, recordVersion)
	b = binary.AppendUvarint(b, r.N)
	b = binary.AppendVarint(b, int64(r.Seat))
	b = binary.AppendUvarint(b, uint64(len(r.CmdID)))
	b = append(b, r.CmdID...)
	return append(b, r.Data...)
}

var errBadRecord = errors.New("store: damaged event record")

// decodeRedisRecord reads what encodeRedisRecord wrote. The data it returns is a copy.
func decodeRedisRecord(b []byte) (Record, error) {
	if len(b) == 0 || b[0] != recordVersion {
		return Record{}, fmt.Errorf("%w: unknown format", errBadRecord)
	}
	b = b[1:]
	n, k := binary.Uvarint(b)
	if k <= 0 {
		return Record{}, fmt.Errorf("%w: number", errBadRecord)
	}
	b = b[k:]
	seat, k := binary.Varint(b)
	if k <= 0 || int64(int(seat)) != seat {
		return Record{}, fmt.Errorf("%w: seat", errBadRecord)
	}
	b = b[k:]
	l, k := binary.Uvarint(b)
	if k <= 0 || l > uint64(len(b)-k) {
		return Record{}, fmt.Errorf("%w: command id", errBadRecord)
	}
	b = b[k:]
	r := Record{N: n, Seat: int(seat), CmdID: string(b[:l])}
	if rest := b[l:]; len(rest) > 0 {
		r.Data = append([]byte(nil), rest...)
	}
	return r, nil
}
