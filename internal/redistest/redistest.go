// Package redistest runs a real redis-server for tests: on a free loopback port, in a
// temporary directory, with the persistence the cluster documents (AOF, fsync on every
// write, no RDB snapshots), stopped when the test ends. A test can kill it (SIGKILL) and
// start it again on the same directory and port, as a crashed Redis would come back.
package redistest

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Binary is the server the tests run; scripts/setup.sh (run by `make test`) installs it.
const Binary = "redis-server"

// startDeadline bounds how long Start waits for the first PONG (loading a large AOF after a
// restart included). It is generous on purpose: the machine may be busy with other tests.
const startDeadline = 60 * time.Second

// Server is one redis-server process and the directory it keeps its files in.
type Server struct {
	Dir  string // the data directory (AOF files, log)
	Port int

	t      testing.TB
	config string // a configuration file the arguments override, or ""
	mu     sync.Mutex
	cmd    *exec.Cmd
	done   chan struct{} // closed when cmd has exited
}

// Start runs a redis-server for the test and stops it at the test's end. It fails the test
// with instructions when redis-server is not installed.
func Start(t testing.TB) *Server {
	t.Helper()
	return StartConfig(t, "")
}

// StartConfig is Start with a configuration file (such as deploy/redis.conf): the server
// reads it, and the test's own port, directory, persistence and log settings override
// what it says.
func StartConfig(t testing.TB, config string) *Server {
	t.Helper()
	if _, err := exec.LookPath(Binary); err != nil {
		t.Fatalf("redistest: %s is not installed (%v): `make test` installs it (scripts/setup.sh), or run apt-get install redis-server", Binary, err)
	}
	s := &Server{Dir: t.TempDir(), t: t, config: config}
	// A free port can be taken between closing the probe listener and Redis binding it;
	// then Redis exits at once and another port is tried.
	var err error
	for range 5 {
		s.Port, err = freePort()
		if err != nil {
			continue
		}
		if err = s.start(); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("redistest: %v", err)
	}
	t.Cleanup(s.Stop)
	return s
}

// Addr is the server's host:port.
func (s *Server) Addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.Port)) }

// URL is the server's address as the relay's -redis flag takes it.
func (s *Server) URL() string { return "redis://" + s.Addr() + "/0" }

// Args are the command-line arguments the server runs with: loopback only, and without a
// configuration file AOF with an fsync before every reply and no RDB snapshots (the
// persistence docs/cluster.md requires); with one, its persistence settings as they are.
func (s *Server) Args() []string {
	args := []string{"--port", strconv.Itoa(s.Port), "--bind", "127.0.0.1", "--dir", s.Dir,
		"--daemonize", "no", "--logfile", filepath.Join(s.Dir, "redis.log")}
	if s.config != "" {
		return append([]string{s.config}, args...)
	}
	return append(args, "--save", "", "--appendonly", "yes", "--appendfsync", "always",
		"--maxmemory-policy", "noeviction")
}

func (s *Server) start() error {
	cmd := exec.Command(Binary, s.Args()...)
	cmd.Dir = s.Dir
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", Binary, err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	s.mu.Lock()
	s.cmd, s.done = cmd, done
	s.mu.Unlock()
	if err := s.waitReady(done); err != nil {
		_ = cmd.Process.Kill()
		<-done
		return err
	}
	return nil
}

// waitReady waits until the server answers PING with PONG (not LOADING while it replays
// its AOF), or fails when the process exits or the deadline passes.
func (s *Server) waitReady(done <-chan struct{}) error {
	deadline := time.Now().Add(startDeadline)
	backoff := time.Millisecond
	var last error
	for time.Now().Before(deadline) {
		if last = ping(s.Addr()); last == nil {
			return nil
		}
		select {
		case <-done:
			return fmt.Errorf("%s on port %d exited before answering PING (%v); its log:\n%s", Binary, s.Port, last, s.Log())
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, 50*time.Millisecond)
	}
	return fmt.Errorf("%s on port %d did not answer PING within %v: %v", Binary, s.Port, startDeadline, last)
}

// ping sends one inline PING and expects +PONG.
func ping(addr string) error {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(2 * time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if line = strings.TrimSpace(line); line != "+PONG" {
		return errors.New(line)
	}
	return nil
}

// Kill ends the server with SIGKILL, as a crash would: nothing is flushed beyond what its
// fsync policy already wrote. It returns once the process is gone.
func (s *Server) Kill() {
	s.mu.Lock()
	cmd, done := s.cmd, s.done
	s.cmd = nil
	s.mu.Unlock()
	if cmd == nil {
		return
	}
	_ = cmd.Process.Kill()
	<-done
}

func (s *Server) signal(sig os.Signal) {
	s.t.Helper()
	s.mu.Lock()
	cmd := s.cmd
	s.mu.Unlock()
	if cmd == nil {
		s.t.Fatalf("redistest: %v: the server is not running", sig)
	}
	if err := cmd.Process.Signal(sig); err != nil {
		s.t.Fatalf("redistest: %v: %v", sig, err)
	}
}

// Restart starts the server again on the same directory and port (after Kill), and
// returns once it answers PING: its AOF has been replayed.
func (s *Server) Restart() {
	s.t.Helper()
	s.Kill()
	if err := s.start(); err != nil {
		s.t.Fatalf("redistest: restart: %v", err)
	}
}

// Stop ends the server; Start registers it as the test's cleanup.
func (s *Server) Stop() { s.Kill() }

// Log returns what the server wrote to its log file, for failure messages.
func (s *Server) Log() string {
	b, err := os.ReadFile(filepath.Join(s.Dir, "redis.log"))
	if err != nil {
		return err.Error()
	}
	return string(b)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
