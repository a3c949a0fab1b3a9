package deploy

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"impactkaarten/internal/redistest"
)

// lookPath skips the test when the program is not installed: the configuration is checked
// wherever it can be (scripts/setup.sh installs nginx, haproxy and redis-server).
func lookPath(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed (`make test` installs it): %v", name, err)
	}
	return p
}

func abs(t *testing.T, name string) string {
	t.Helper()
	p, err := filepath.Abs(name)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestNginxConfig(t *testing.T) {
	nginx := lookPath(t, "nginx")
	run(t, nginx, "-t", "-e", "stderr", "-c", abs(t, "nginx.conf"), "-p", t.TempDir()+"/")
}

func TestHAProxyConfig(t *testing.T) {
	haproxy := lookPath(t, "haproxy")
	out := run(t, haproxy, "-c", "-f", abs(t, "haproxy.cfg"))
	if strings.Contains(strings.ToLower(out), "warning") {
		t.Fatalf("haproxy warns about the configuration:\n%s", out)
	}
}

// TestRedisConfig runs redis-server with redis.conf (its port and directory replaced by the
// test's) and checks that the persistence the documentation promises is what Redis runs.
func TestRedisConfig(t *testing.T) {
	lookPath(t, redistest.Binary)
	srv := redistest.StartConfig(t, abs(t, "redis.conf"))
	c := redis.NewClient(&redis.Options{Addr: srv.Addr(), Protocol: 2})
	defer c.Close()
	ctx := context.Background()
	for key, want := range map[string]string{
		"appendonly":                "yes",
		"appendfsync":               "always",
		"no-appendfsync-on-rewrite": "no",
		"save":                      "",
		"maxmemory-policy":          "noeviction",
	} {
		got, err := c.ConfigGet(ctx, key).Result()
		if err != nil {
			t.Fatal(err)
		}
		if got[key] != want {
			t.Errorf("%s = %q, want %q", key, got[key], want)
		}
	}
}

// TestSystemdUnits checks the unit files with systemd-analyze verify (the relay's binary,
// not installed here, replaced by /bin/true; the template unit as one of its instances).
func TestSystemdUnits(t *testing.T) {
	analyze := lookPath(t, "systemd-analyze")
	for _, u := range []struct {
		file, instance string
		replace        map[string]string
	}{
		{"systemd/impactkaarten-relay@.service", "impactkaarten-relay@8081.service", map[string]string{"/usr/local/bin/relay": "/bin/true"}},
		{"systemd/impactkaarten-lb.service", "impactkaarten-lb.service", nil},
	} {
		file, instance := u.file, u.instance
		unit := localize(t, abs(t, file), u.replace)
		dst := filepath.Join(t.TempDir(), instance)
		if err := os.Rename(unit, dst); err != nil {
			t.Fatal(err)
		}
		if out := run(t, analyze, "verify", dst); strings.TrimSpace(out) != "" {
			t.Errorf("systemd-analyze verify %s:\n%s", file, out)
		}
	}
}
