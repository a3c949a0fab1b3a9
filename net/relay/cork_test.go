package relay

import (
	"bytes"
	"io"
	"net"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/gobwas/ws"

	"impactkaarten/net/host"
	"impactkaarten/net/protocol"
)

// TestCorkTryUncork: a socket that takes only part of a corked turn keeps the rest for
// finish, writes made meanwhile queue behind it, and the peer reads every byte in order.
func TestCorkTryUncork(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			close(accepted)
			return
		}
		accepted <- c
	}()
	client, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	server := <-accepted
	if server == nil {
		t.Fatal("no connection accepted")
	}
	// Small buffers, so that a few hundred kilobytes fill them while nobody reads.
	_ = server.(*net.TCPConn).SetWriteBuffer(16 << 10)
	_ = client.(*net.TCPConn).SetReadBuffer(16 << 10)
	cc := newCorkConn(server, newCorkBuffers())
	if cc.raw == nil {
		t.Fatal("a TCP connection has no raw socket")
	}
	var w nowWriter

	var want bytes.Buffer
	chunk := func(i int) []byte { return bytes.Repeat([]byte{byte('a' + i%26)}, 4<<10) }
	partial := false
	for i := 0; i < 400 && !partial; i++ {
		cc.cork()
		p := chunk(i)
		if _, err := cc.Write(p); err != nil {
			t.Fatal(err)
		}
		want.Write(p)
		all, err := cc.tryUncork(&w)
		if err != nil {
			t.Fatal(err)
		}
		partial = !all
	}
	if !partial {
		t.Fatal("the socket took 1.6 MB without a reader; cannot test a partial write")
	}
	// A write while the rest waits (a ping from another goroutine) must not overtake it.
	tail := []byte("after the rest")
	if _, err := cc.Write(tail); err != nil {
		t.Fatal(err)
	}
	want.Write(tail)

	got := make(chan []byte, 1)
	go func() {
		b, _ := io.ReadAll(io.LimitReader(client, int64(want.Len())))
		got <- b
	}()
	if err := cc.finish(time.Now().Add(10 * time.Second)); err != nil {
		t.Fatal(err)
	}
	select {
	case b := <-got:
		if !bytes.Equal(b, want.Bytes()) {
			t.Fatalf("the peer read %d bytes, not the %d written in order", len(b), want.Len())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the peer did not get everything")
	}
	// With nothing left, writes go straight to the socket again.
	if cc.buf != nil {
		t.Fatal("finish left a buffer")
	}
}

// TestAppendFrame: the frames the relay writes read back as what was written, with every
// length encoding, and a close frame's reason is cut to fit at a character's boundary.
func TestAppendFrame(t *testing.T) {
	for _, tc := range []struct {
		name string
		op   ws.OpCode
		n    int
	}{
		{"empty ping", ws.OpPing, 0},
		{"125 bytes", ws.OpText, 125},
		{"126 bytes", ws.OpText, 126},
		{"65535 bytes", ws.OpText, 65535},
		{"65536 bytes", ws.OpText, 65536},
	} {
		t.Run(tc.name, func(t *testing.T) {
			payload := bytes.Repeat([]byte{'x'}, tc.n)
			b := appendFrame([]byte("before"), tc.op, payload)
			f, err := ws.ReadFrame(bytes.NewReader(b[len("before"):]))
			if err != nil {
				t.Fatal(err)
			}
			if !f.Header.Fin || f.Header.Masked || f.Header.OpCode != tc.op || !bytes.Equal(f.Payload, payload) {
				t.Errorf("read back %+v with %d bytes", f.Header, len(f.Payload))
			}
		})
	}
	t.Run("a long close reason", func(t *testing.T) {
		body := closeBody(protocol.CloseSlow, strings.Repeat("é", 100))
		if len(body) > 125 {
			t.Fatalf("close payload of %d bytes", len(body))
		}
		code, reason := ws.ParseCloseFrameData(body)
		if int(code) != int(protocol.CloseSlow) || !utf8.ValidString(reason) || len(reason) < 120 {
			t.Errorf("close %d %q", code, reason)
		}
	})
}

// TestDeliveryPool checks that a slice given back holds no deliveries (a pooled slice
// must not keep events alive, nor hand one room's events to another; it keeps the room of
// their seat lists) and that a long one is not kept.
func TestDeliveryPool(t *testing.T) {
	var p deliveryPool
	buf := p.get()
	ds := append(*buf, host.Delivery{N: 7, Seats: []host.SeatEvent{{Seat: 2, Hash: "h"}}}, host.Delivery{N: 8})
	p.put(buf, ds)
	if len(*buf) != 0 {
		t.Fatalf("a slice given back has %d deliveries", len(*buf))
	}
	for i, d := range (*buf)[:cap(*buf)] {
		if d.N != 0 || len(d.Seats) != 0 || !reflect.ValueOf(d.Public).IsZero() {
			t.Fatalf("delivery %d of a slice given back is %+v, not cleared", i, d)
		}
		for _, se := range d.Seats[:cap(d.Seats)] {
			if !reflect.ValueOf(se).IsZero() {
				t.Fatalf("delivery %d of a slice given back keeps seat event %+v", i, se)
			}
		}
	}
	long := new([]host.Delivery)
	p.put(long, make([]host.Delivery, 1, maxPooledDeliveries+1))
	if *long != nil {
		t.Fatalf("a slice longer than %d was taken back", maxPooledDeliveries)
	}
}
