//go:build unix

package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"impactkaarten/internal/redistest"
)

// The child's environment: the Redis it uses. Its presence makes TestMain run the child
// (fencedChild) instead of the tests.
const fenceChildEnv = "IK_STORE_FENCE_CHILD_REDIS"

// runFenceChild runs the fenced child instead of the tests when this process was started
// as one, and says whether it did.
func runFenceChild() bool {
	url := os.Getenv(fenceChildEnv)
	if url == "" {
		return false
	}
	fencedChild(url)
	return true
}

// TestRedisSIGSTOPFencing is a real owner process paused past its lease: the child (this
// test binary again, running fencedChild) owns a room and appends to it, renewing
// its short lease as it goes; it is stopped with SIGSTOP, the parent waits until Redis has
// dropped the lease, takes the room and appends, and lets the child go on (SIGCONT). The
// child cannot commit anything more, and everything it had acknowledged is in the log
// before the new owner's events.
func TestRedisSIGSTOPFencing(t *testing.T) {
	ctx := context.Background()
	srv := redistest.Start(t)
	s := openTestRedis(t, srv, "fence:")
	mustCreate(t, s, "F")

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), fenceChildEnv+"="+srv.URL())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 1024)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	var acked []uint64
	var said strings.Builder // what the child printed, for failure messages
	fenced := false
	// read handles the child's next line; false at its end.
	read := func() bool {
		select {
		case line, ok := <-lines:
			if !ok {
				return false
			}
			said.WriteString(line + "\n")
			if n, ok := strings.CutPrefix(line, "acked "); ok {
				v, _ := strconv.ParseUint(n, 10, 64)
				acked = append(acked, v)
			}
			if strings.HasPrefix(line, "fenced ") {
				fenced = true
			}
			return true
		case <-time.After(time.Minute):
			t.Fatalf("the child said nothing for a minute; stderr:\n%s", stderr.String())
			return false
		}
	}
	for len(acked) < 20 && read() {
	}
	if err := cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }() // if the test fails before SIGCONT
	waitFor(t, "the paused owner's lease to expire", func() bool {
		_, ok, err := s.Holder(ctx, "F")
		return err == nil && !ok
	})
	lease, err := s.Leases("parent", time.Minute).Acquire(ctx, "F")
	if err != nil {
		t.Fatal(err)
	}
	// The child may have had an append in flight when it stopped: Redis ran it then, and it
	// is in the log. The new owner continues the log as it finds it.
	l := mustLoad(t, s, "F")
	last := l.Snapshot.N + uint64(len(l.Events))
	mine := recs(last+1, last+5)
	for i := range mine {
		mine[i].CmdID = "parent"
	}
	mustAppendFenced(t, s, lease, mine)
	if err := cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	for read() {
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("child: %v\n%s%s", err, said.String(), stderr.String())
	}
	if !fenced {
		t.Fatal("the resumed child did not report being fenced")
	}
	log, err := s.Events(ctx, "F", 0, 1<<40)
	if err != nil {
		t.Fatal(err)
	}
	if uint64(len(log)) != last+5 {
		t.Fatalf("log has %d events, want %d: the child wrote after the takeover", len(log), last+5)
	}
	for _, n := range acked {
		if n > last || log[n-1].CmdID != rec(n).CmdID {
			t.Fatalf("the child's acknowledged event %d is not in the log before the takeover at %d", n, last)
		}
	}
	sameRecords(t, "the new owner's events", log[last:], mine)
}

// fencedChild is the owner process of TestRedisSIGSTOPFencing (TestMain runs it when
// fenceChildEnv names a Redis). It says what goes wrong on stderr and exits with 2.
func fencedChild(url string) {
	fatal := func(format string, args ...any) {
		fmt.Fprintf(os.Stderr, format+"\n", args...)
		os.Exit(2)
	}
	ctx := context.Background()
	s, err := OpenRedis(ctx, url, RedisOptions{Prefix: "fence:"})
	if err != nil {
		fatal("open: %v", err)
	}
	defer s.Close()
	leases := s.Leases("child", 2*time.Second)
	lease, err := leases.Acquire(ctx, "F")
	if err != nil {
		fatal("acquire: %v", err)
	}
	for n := uint64(1); ; n++ {
		// Renew, then append, as an owner does; after the pause the renew fails, and the
		// append is tried anyway to show that the store refuses it.
		renewErr := leases.Renew(ctx, lease)
		err := s.AppendFenced(ctx, lease, recs(n, n), nil)
		// (The pause may fall between the two: then the renew succeeded and the append is
		// refused.)
		switch {
		case err == nil && renewErr == nil:
			fmt.Printf("acked %d\n", n)
		case errors.Is(err, ErrFenced) && (renewErr == nil || errors.Is(renewErr, ErrFenced)):
			fmt.Printf("fenced %d\n", n)
			return
		default:
			fatal("event %d: renew %v, append %v", n, renewErr, err)
		}
	}
}
