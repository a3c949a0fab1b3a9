package deploy

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"
)

// The load balancers' configurations run for real: the relays' ports are replaced by three
// stand-in relays (httptest servers answering /healthz and echoing on /ws), the listening
// port by a free one, and a websocket goes through the proxy and back. Then one relay is
// stopped, and every request still gets an answer from the others.

// fakeRelay is a stand-in relay that says which one it is.
func fakeRelay(t *testing.T, name string) *httptest.Server {
	up := websocket.Upgrader{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, name) })
	mux.HandleFunc("GET /ws", func(w http.ResponseWriter, r *http.Request) {
		c, err := up.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer c.Close()
		for {
			kind, msg, err := c.ReadMessage()
			if err != nil {
				return
			}
			if err := c.WriteMessage(kind, append([]byte(name+":"), msg...)); err != nil {
				return
			}
		}
	})
	s := httptest.NewServer(mux)
	t.Cleanup(s.Close)
	return s
}

func freePort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// localize writes a copy of the configuration file with its addresses replaced.
func localize(t *testing.T, file string, replace map[string]string) string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	conf := string(b)
	for from, to := range replace {
		if !strings.Contains(conf, from) {
			t.Fatalf("%s does not mention %s", file, from)
		}
		conf = strings.ReplaceAll(conf, from, to)
	}
	out := filepath.Join(t.TempDir(), filepath.Base(file))
	if err := os.WriteFile(out, []byte(conf), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

// startProxy runs the load balancer in the foreground, in a process group of its own, and
// stops it (and its workers) at the end of the test.
func startProxy(t *testing.T, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(done)
	}()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
		if t.Failed() {
			t.Logf("%s said:\n%s", name, out.String())
		}
	})
}

// get fetches a URL through the proxy and returns the body, or an error.
func get(url string) (string, error) {
	c := http.Client{Timeout: 10 * time.Second}
	resp, err := c.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: %s", resp.Status, b)
	}
	return string(b), nil
}

func checkProxy(t *testing.T, listen string, relays []*httptest.Server) {
	t.Helper()
	base := "http://" + listen
	// Wait until the proxy answers (it has started and reaches a relay).
	deadline := time.Now().Add(30 * time.Second)
	for backoff := time.Millisecond; ; backoff = min(2*backoff, 50*time.Millisecond) {
		if _, err := get(base + "/healthz"); err == nil {
			break
		} else if time.Now().After(deadline) {
			t.Fatalf("the proxy did not answer: %v", err)
		}
		time.Sleep(backoff)
	}
	// A websocket passes through, both ways, and stays open across several messages.
	c, resp, err := websocket.DefaultDialer.Dial("ws://"+listen+"/ws", nil)
	if err != nil {
		t.Fatalf("websocket through the proxy: %v (%v)", err, resp)
	}
	defer c.Close()
	var relay string
	for i := range 3 {
		if err := c.WriteMessage(websocket.TextMessage, fmt.Appendf(nil, "hello %d", i)); err != nil {
			t.Fatal(err)
		}
		_, msg, err := c.ReadMessage()
		if err != nil {
			t.Fatal(err)
		}
		name, text, _ := strings.Cut(string(msg), ":")
		if text != fmt.Sprintf("hello %d", i) || (relay != "" && name != relay) {
			t.Fatalf("echo %q after %q", msg, relay)
		}
		relay = name
	}
	// One relay stops: requests still get answers, from the others.
	relays[0].Close()
	for range 12 {
		got, err := get(base + "/healthz")
		if err != nil {
			t.Fatalf("with relay1 down: %v", err)
		}
		if got == "relay1" {
			t.Fatal("a request was answered by the stopped relay")
		}
	}
}

func threeRelays(t *testing.T) (map[string]string, []*httptest.Server) {
	replace := map[string]string{}
	var relays []*httptest.Server
	for i := 1; i <= 3; i++ {
		r := fakeRelay(t, fmt.Sprintf("relay%d", i))
		relays = append(relays, r)
		replace[fmt.Sprintf("127.0.0.1:808%d", i)] = strings.TrimPrefix(r.URL, "http://")
	}
	return replace, relays
}

func TestNginxProxiesWebsockets(t *testing.T) {
	nginx := lookPath(t, "nginx")
	replace, relays := threeRelays(t)
	listen := freePort(t)
	replace["127.0.0.1:8000"] = listen
	conf := localize(t, abs(t, "nginx.conf"), replace)
	startProxy(t, nginx, "-g", "daemon off;", "-e", "stderr", "-c", conf, "-p", t.TempDir()+"/")
	checkProxy(t, listen, relays)
}

func TestHAProxyProxiesWebsockets(t *testing.T) {
	haproxy := lookPath(t, "haproxy")
	replace, relays := threeRelays(t)
	listen := freePort(t)
	replace["127.0.0.1:8000"] = listen
	conf := localize(t, abs(t, "haproxy.cfg"), replace)
	startProxy(t, haproxy, "-db", "-f", conf)
	checkProxy(t, listen, relays)
}
