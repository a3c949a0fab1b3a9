package protocol

import (
	"testing"
)

// BenchmarkDecodeClient: what reading a move costs the relay, besides the socket. The
// message ends with a newline, as a client's JSON encoder writes it (gorilla's WriteJSON,
// json.Encoder).
func BenchmarkDecodeClient(b *testing.B) {
	msg := []byte(`{"v":2,"t":"cmd","id":"m123","cmd":{"type":"vote","value":3}}` + "\n")
	b.Run("new", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := DecodeClient(msg); err != nil {
				b.Fatal(err)
			}
		}
	})
	// As the relay decodes: into a buffer used again.
	b.Run("buffer", func(b *testing.B) {
		var buf ClientBuffer
		b.ReportAllocs()
		for b.Loop() {
			if err := buf.Decode(msg); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkEncodeAck: what answering a move costs the relay.
func BenchmarkEncodeAck(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(&Server{T: TAck, ID: "m123", N: 4567}); err != nil {
			b.Fatal(err)
		}
	}
}
