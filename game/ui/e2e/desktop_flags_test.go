package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"impactkaarten/net/client"
	"impactkaarten/net/relay"
	"impactkaarten/net/store"
)

// withoutDisplay is the environment minus every variable that points at a display.
func withoutDisplay() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
			env = append(env, kv)
		}
	}
	return env
}

// TestDesktopFlagsWithoutDisplay runs the built desktop client on a machine without a
// display: -h lists every flag, a wrong flag is reported, and without flags it says that
// it needs a display. None of them panics (Ebiten opens the display as it initialises;
// package cmdline must read the command line before it).
func TestDesktopFlagsWithoutDisplay(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the desktop client")
	}
	if runtime.GOOS != "linux" {
		t.Skip("the display check is for X11 systems")
	}
	bin := build(t, "./cmd/impactkaarten")
	for _, tc := range []struct {
		name string
		args []string
		code int
		want []string
	}{
		{"help", []string{"-h"}, 0, []string{"Usage: impactkaarten", "-relay", "-room", "-name", "-lang", "-solo",
			"-bigscreen", "-deck", "-mute", "-size", "-widgets", "-screenshot", "-shot-after"}},
		{"unknown flag", []string{"-nosuchflag"}, 2, []string{"flag provided but not defined: -nosuchflag", "Usage: impactkaarten"}},
		{"stray argument", []string{"K7P-2QX"}, 2, []string{`unexpected argument "K7P-2QX"`}},
		{"no display", nil, 1, []string{"no display", "-h lists its flags"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, tc.args...)
			cmd.Env = withoutDisplay()
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			err := cmd.Run()
			code := 0
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				code = exit.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}
			if code != tc.code {
				t.Errorf("exit code %d, want %d; output:\n%s", code, tc.code, out.String())
			}
			if strings.Contains(out.String(), "panic") {
				t.Errorf("it panicked:\n%s", out.String())
			}
			for _, w := range tc.want {
				if !strings.Contains(out.String(), w) {
					t.Errorf("output lacks %q:\n%s", w, out.String())
				}
			}
		})
	}
}

// TestDesktopJoinsRoom: `impactkaarten -relay URL -room CODE -name N` takes a seat in the
// room at once, as docs/client.md says, without the player pressing Join.
func TestDesktopJoinsRoom(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the desktop client")
	}
	disp := display(t)
	bin := build(t, "./cmd/impactkaarten")

	st := store.NewMemory()
	rl, err := relay.New(relay.Config{Store: st})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(rl.Handler())
	t.Cleanup(func() {
		srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = rl.Shutdown(ctx)
		_ = st.Close()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	room, err := client.CreateRoom(ctx, srv.URL, nil)
	if err != nil {
		t.Fatal(err)
	}

	dir := t.TempDir()
	dumpFile := filepath.Join(dir, "widgets.json")
	cmd := exec.Command(bin, "-relay", srv.URL, "-room", room.Code, "-name", "Fenna",
		"-widgets", dumpFile, "-lang", "en", "-mute")
	// A home of its own: no seat token for this room and no saved name to fall back on.
	cmd.Env = append(withoutDisplay(), "DISPLAY="+disp, "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	logFile, err := os.Create(filepath.Join(dir, "out.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // the client this test started
		<-done
	})

	// The relay counts the player, and the client shows the lobby.
	var facts struct {
		Players int `json:"players"`
		Online  int `json:"online"`
	}
	var d dump
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(srv.URL + "/api/rooms/" + room.Code)
		if err == nil {
			_ = json.NewDecoder(resp.Body).Decode(&facts)
			resp.Body.Close()
		}
		if data, err := os.ReadFile(dumpFile); err == nil {
			_ = json.Unmarshal(data, &d)
		}
		if facts.Players == 1 && facts.Online == 1 && d.State["scene"] == "lobby" {
			break
		}
		select {
		case err := <-done:
			done <- err
			log, _ := os.ReadFile(filepath.Join(dir, "out.log"))
			t.Fatalf("the client ended (%v) before it joined; output:\n%s", err, log)
		default:
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "out.log"))
			t.Fatalf("not joined within 60 s: room %+v, client state %v; client output:\n%s", facts, d.State, log)
		}
		time.Sleep(100 * time.Millisecond)
	}
	names := ""
	for _, p := range players(d.State) {
		names += " " + p["name"].(string)
	}
	if !strings.Contains(names, "Fenna") {
		t.Errorf("players in the client's lobby:%s; want Fenna among them", names)
	}
}
