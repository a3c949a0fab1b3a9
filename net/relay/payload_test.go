package relay

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/gobwas/ws"
	"github.com/gobwas/ws/wsutil"

	"impactkaarten/net/protocol"
)

// TestReadPayload: a message of one frame is read whole at its header's length, one of
// several as it comes; too short a frame and too long a message are errors.
func TestReadPayload(t *testing.T) {
	long := strings.Repeat("x", protocol.MaxMessage+1)
	cases := []struct {
		name string
		hdr  ws.Header
		body string
		want string
		err  error
	}{
		{"one frame", ws.Header{Fin: true, Length: 5}, "hello", "hello", nil},
		{"as large as the reader's buffer", ws.Header{Fin: true, Length: smallPayload}, long[:smallPayload], long[:smallPayload], nil},
		{"a byte larger", ws.Header{Fin: true, Length: smallPayload + 1}, long[:smallPayload+1], long[:smallPayload+1], nil},
		{"empty", ws.Header{Fin: true, Length: 0}, "", "", nil},
		{"at the limit", ws.Header{Fin: true, Length: protocol.MaxMessage}, long[:protocol.MaxMessage], long[:protocol.MaxMessage], nil},
		{"frame cut short", ws.Header{Fin: true, Length: 5}, "hel", "", io.ErrUnexpectedEOF},
		{"fragments", ws.Header{Fin: false, Length: 3}, "abcdef", "abcdef", nil},
		{"fragments over the limit", ws.Header{Fin: false, Length: 3}, long, "", wsutil.ErrFrameTooLarge},
	}
	var small [smallPayload]byte // one buffer for every case, as a reader has
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := readPayload(c.hdr, bytes.NewReader([]byte(c.body)), &small)
			if !errors.Is(err, c.err) || (c.err == nil && string(got) != c.want) {
				t.Errorf("readPayload = %d bytes, %v; want %d bytes, %v", len(got), err, len(c.want), c.err)
			}
		})
	}
}
