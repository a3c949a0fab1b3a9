package e2e

import (
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// waitTimeout bounds every wait on a browser or a process. It only ends a wait for
// something that will never come: the waits are on what the page or the process shows,
// so a slow machine makes them longer, never wrong. Generous: on two cores with thirty
// processes waiting to run, a page's client takes minutes to start.
const waitTimeout = 10 * time.Minute

// root returns the repository's root directory.
func root(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
}

// run runs a command in the repository's root and fails the test if it fails.
func run(t testing.TB, env []string, name string, args ...string) string {
	t.Helper()
	out, err := runErr(env, name, args...)
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return out
}

// runErr runs a command in the repository's root and returns its output.
func runErr(env []string, name string, args ...string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.mod above %s", dir)
		}
		dir = parent
	}
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return out.String(), fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return out.String(), nil
}

// build compiles a command of the module into a temporary directory.
func build(t testing.TB, pkg string) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), filepath.Base(pkg))
	run(t, nil, "go", "build", "-o", bin, pkg)
	return bin
}

// display returns an X display for the desktop client: $DISPLAY if set, else a fresh Xvfb
// started for the test (and stopped after it).
func display(t testing.TB) string {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the desktop tests run on Linux under Xvfb")
	}
	if d := os.Getenv("DISPLAY"); d != "" {
		return d
	}
	xvfb, err := exec.LookPath("Xvfb")
	if err != nil {
		t.Skip("no DISPLAY and no Xvfb (scripts/setup.sh installs it)")
	}
	// Pick a display number nobody uses: its lock file and socket are absent.
	for n := 90 + os.Getpid()%50; n < 200; n++ {
		if _, err := os.Stat(fmt.Sprintf("/tmp/.X%d-lock", n)); err == nil {
			continue
		}
		cmd := exec.Command(xvfb, fmt.Sprintf(":%d", n), "-screen", "0", "1920x1080x24", "-nolisten", "tcp")
		if err := cmd.Start(); err != nil {
			t.Fatalf("start Xvfb: %v", err)
		}
		sock := fmt.Sprintf("/tmp/.X11-unix/X%d", n)
		deadline := time.Now().Add(waitTimeout)
		for time.Now().Before(deadline) {
			if c, err := net.Dial("unix", sock); err == nil {
				c.Close()
				t.Cleanup(func() {
					_ = cmd.Process.Kill() // the test's own Xvfb
					_ = cmd.Wait()
				})
				return fmt.Sprintf(":%d", n)
			}
			time.Sleep(50 * time.Millisecond) // polled: Xvfb announces nothing when it listens
		}
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}
	t.Fatal("could not start Xvfb")
	return ""
}

// screenshotDir is where the tests save their screenshots: $IMPACTKAARTEN_SHOTS, or a
// directory in the system's temporary directory that outlives the test.
func screenshotDir(t testing.TB) string {
	t.Helper()
	dir := os.Getenv("IMPACTKAARTEN_SHOTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "impactkaarten-screenshots")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}
