package web

import (
	"io/fs"
	"strings"
	"testing"
)

// TestClient: the embedded client always has a page; before any client build it is the
// page that says how to build one, and after, the client's own page with its module.
func TestClient(t *testing.T) {
	page, err := fs.ReadFile(Client(), Index)
	if err != nil {
		t.Fatal(err)
	}
	if !Built() {
		if !strings.Contains(string(page), "make web") {
			t.Errorf("no client built, and the page does not say how to build it:\n%s", page)
		}
		return
	}
	if strings.Contains(string(page), "make web") || !strings.Contains(string(page), "impactkaarten.wasm") {
		t.Errorf("a client is built, but its page is not the client's:\n%s", page)
	}
	for _, name := range []string{"wasm_exec.js", "impactkaarten.wasm", "impactkaarten.wasm.br", "impactkaarten.wasm.gz"} {
		if _, err := fs.Stat(Client(), name); err != nil {
			t.Errorf("client built without %s: %v", name, err)
		}
	}
}
