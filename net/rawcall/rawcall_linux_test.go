//go:build linux

package rawcall

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// socketPair returns two connected non-blocking stream sockets, closed when the test ends.
func socketPair(t *testing.T) (a, b uintptr) {
	t.Helper()
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM|unix.SOCK_NONBLOCK|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Close(fds[0]); unix.Close(fds[1]) })
	return uintptr(fds[0]), uintptr(fds[1])
}

func TestReadWrite(t *testing.T) {
	a, b := socketPair(t)
	buf := make([]byte, 64)
	if n, err := Read(b, buf); !errors.Is(err, unix.EAGAIN) {
		t.Fatalf("read of an empty socket: %d, %v; want EAGAIN", n, err)
	}
	if n, err := Write(a, []byte("a move")); n != 6 || err != nil {
		t.Fatalf("write: %d, %v", n, err)
	}
	if n, err := Read(b, buf); n != 6 || err != nil || string(buf[:n]) != "a move" {
		t.Fatalf("read: %q, %v", buf[:n], err)
	}
	if n, err := Write(a, nil); n != 0 || err != nil {
		t.Errorf("write of nothing: %d, %v", n, err)
	}
	if n, err := Read(b, nil); n != 0 || err != nil {
		t.Errorf("read into nothing: %d, %v", n, err)
	}
	// A socket whose peer does not read takes bytes until its buffers are full.
	chunk := make([]byte, 64<<10)
	var err error
	for total := 0; err == nil; {
		var n int
		n, err = Write(a, chunk)
		if total += n; total > 64<<20 {
			t.Fatal("64 MiB written to a socket nobody reads")
		}
	}
	if !errors.Is(err, unix.EAGAIN) {
		t.Errorf("write to a full socket: %v, want EAGAIN", err)
	}
	// The peer shuts its side (closing it would leave the cleanup a number to close twice).
	if err := unix.Shutdown(int(a), unix.SHUT_WR); err != nil {
		t.Fatal(err)
	}
	for {
		n, err := Read(b, chunk)
		if err != nil {
			t.Fatalf("read after the peer closed: %v", err)
		}
		if n == 0 {
			break // the end of the stream, after what was written
		}
	}
	if _, err := Write(1<<20, []byte("x")); !errors.Is(err, unix.EBADF) {
		t.Errorf("write to no descriptor: %v, want EBADF", err)
	}
}

func TestPwriteFdatasync(t *testing.T) {
	path := filepath.Join(t.TempDir(), "segment")
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := Pwrite(f.Fd(), []byte("second"), 6); err != nil {
		t.Fatal(err)
	}
	if err := Pwrite(f.Fd(), []byte("first "), 0); err != nil {
		t.Fatal(err)
	}
	if err := Fdatasync(f.Fd()); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != "first second" {
		t.Errorf("file holds %q", got)
	}
	ro, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if err := Pwrite(ro.Fd(), []byte("x"), 0); !errors.Is(err, unix.EBADF) {
		t.Errorf("write to a read-only file: %v, want EBADF", err)
	}
	if err := Fdatasync(1 << 20); !errors.Is(err, unix.EBADF) {
		t.Errorf("fdatasync of no descriptor: %v, want EBADF", err)
	}
}

func TestEpoll(t *testing.T) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(epfd)
	a, b := socketPair(t)
	ev := unix.EpollEvent{Events: unix.EPOLLIN, Fd: 7}
	if err := EpollCtl(uintptr(epfd), unix.EPOLL_CTL_ADD, b, &ev); err != nil {
		t.Fatal(err)
	}
	events := make([]unix.EpollEvent, 4)
	if n, err := EpollPoll(uintptr(epfd), events); n != 0 || err != nil {
		t.Fatalf("poll of a set with nothing ready: %d, %v", n, err)
	}
	if _, err := Write(a, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if n, err := EpollPoll(uintptr(epfd), events); n != 1 || err != nil || events[0].Fd != 7 {
		t.Fatalf("poll after a write: %d, %v, %+v", n, err, events[:n])
	}
	if err := EpollCtl(uintptr(epfd), unix.EPOLL_CTL_DEL, b, &ev); err != nil {
		t.Fatal(err)
	}
	if n, err := EpollPoll(uintptr(epfd), events); n != 0 || err != nil {
		t.Errorf("poll after the socket left the set: %d, %v", n, err)
	}
	if err := EpollCtl(uintptr(epfd), unix.EPOLL_CTL_DEL, b, &ev); !errors.Is(err, unix.ENOENT) {
		t.Errorf("removing a socket not in the set: %v, want ENOENT", err)
	}
	if n, err := EpollPoll(uintptr(epfd), nil); n != 0 || err != nil {
		t.Errorf("poll into no events: %d, %v", n, err)
	}
}

func TestTimerfdSet(t *testing.T) {
	fd, err := unix.TimerfdCreate(unix.CLOCK_MONOTONIC, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	if err := TimerfdSet(uintptr(fd), time.Millisecond); err != nil {
		t.Fatal(err)
	}
	// Wait, without a time limit, for the expiry to make the timerfd readable.
	pfd := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	for {
		n, err := unix.Poll(pfd, -1)
		if err == unix.EINTR {
			continue
		}
		if err != nil || n != 1 {
			t.Fatalf("poll: %d, %v", n, err)
		}
		break
	}
	var expiries [8]byte
	if n, err := Read(uintptr(fd), expiries[:]); n != 8 || err != nil {
		t.Fatalf("read of the expired timerfd: %d, %v", n, err)
	}
	if _, err := Read(uintptr(fd), expiries[:]); !errors.Is(err, unix.EAGAIN) {
		t.Errorf("second read: %v, want EAGAIN (a timer set once expires once)", err)
	}
	if err := TimerfdSet(1<<20, time.Millisecond); !errors.Is(err, unix.EBADF) {
		t.Errorf("setting no descriptor: %v, want EBADF", err)
	}
}
