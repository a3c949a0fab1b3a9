package e2e

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
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
	// Xvfb chooses a free display itself (-displayfd) and writes its number once it accepts
	// connections: a number picked here from the lock files in /tmp could be taken by a
	// test running beside this one, and a lock file left by a killed server would hide a
	// free number (the server itself checks whether a lock's owner still lives).
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	cmd := exec.Command(xvfb, "-displayfd", "3", "-screen", "0", "1920x1080x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w} // descriptor 3 in Xvfb
	if err := cmd.Start(); err != nil {
		w.Close()
		t.Fatalf("start Xvfb: %v", err)
	}
	w.Close() // Xvfb holds its own copy; reading ends when Xvfb writes or exits
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // the test's own Xvfb
		_ = cmd.Wait()
	})
	// waitTimeout bounds a server that neither writes nor exits.
	_ = r.SetReadDeadline(time.Now().Add(waitTimeout))
	line, err := bufio.NewReader(r).ReadString('\n')
	n, convErr := strconv.Atoi(strings.TrimSpace(line))
	if err != nil || convErr != nil {
		t.Fatalf("Xvfb did not say its display (%q): %v", line, errors.Join(err, convErr))
	}
	return fmt.Sprintf(":%d", n)
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
