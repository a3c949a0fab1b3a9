package e2e

import (
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// web is the browser client built once for every test of the package that needs it
// (scripts/build-web.sh into a directory of its own): building it, its brotli copy above
// all, is the slowest step of these tests.
var web struct {
	once sync.Once
	dir  string
	out  string
	err  error
}

// webBuild returns the directory of the built browser client: $IMPACTKAARTEN_WEB when set,
// else a build made on first use.
func webBuild(t *testing.T) string {
	t.Helper()
	// make test builds the client once, before these tests, and shares it.
	if dir := os.Getenv("IMPACTKAARTEN_WEB"); dir != "" {
		for _, f := range []string{"index.html", "wasm_exec.js", "impactkaarten.wasm", "impactkaarten.wasm.br"} {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Fatalf("IMPACTKAARTEN_WEB=%s holds no built client (%v): run scripts/build-web.sh", dir, err)
			}
		}
		return dir
	}
	web.once.Do(func() {
		web.dir, web.err = os.MkdirTemp("", "impactkaarten-web-")
		if web.err != nil {
			return
		}
		web.out, web.err = runErr([]string{"WEB_OUT=" + web.dir}, "bash", "scripts/build-web.sh")
	})
	if web.err != nil {
		t.Fatalf("building the web client: %v\n%s", web.err, web.out)
	}
	return web.dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if web.dir != "" {
		_ = os.RemoveAll(web.dir)
	}
	os.Exit(code)
}
