package impactkaarten_test

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

// TestThirdPartyNotices: every module that goes into a program built from this repository,
// on any platform it is built for, is listed in THIRD_PARTY_NOTICES.md with its version, and
// the notice lists no module that none of them carries.
func TestThirdPartyNotices(t *testing.T) {
	notice, err := os.ReadFile("THIRD_PARTY_NOTICES.md")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]string{}
	row := regexp.MustCompile("(?m)^\\| `([^`]+)` \\| (v[^ |]+) \\|")
	for _, m := range row.FindAllSubmatch(notice, -1) {
		listed[string(m[1])] = string(m[2])
	}
	if len(listed) == 0 {
		t.Fatal("no module rows found in THIRD_PARTY_NOTICES.md")
	}

	built := map[string]string{}
	for _, target := range []struct{ goos, goarch, cgo string }{
		{"linux", "amd64", "1"}, {"linux", "arm64", "1"}, {"darwin", "arm64", "1"},
		{"windows", "amd64", "0"}, {"js", "wasm", "0"},
		{"linux", "amd64", "0"}, {"darwin", "arm64", "0"}, // the relay's own builds
	} {
		cmd := exec.Command("go", "list", "-deps", "-f",
			"{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}}{{end}}{{end}}", "./cmd/...")
		cmd.Env = append(os.Environ(), "GOOS="+target.goos, "GOARCH="+target.goarch, "CGO_ENABLED="+target.cgo)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go list for %s/%s: %v\n%s", target.goos, target.goarch, err, stderr.String())
		}
		for _, line := range strings.Split(string(out), "\n") {
			if path, version, ok := strings.Cut(strings.TrimSpace(line), " "); ok {
				built[path] = version
			}
		}
	}
	for path, version := range built {
		switch got, ok := listed[path]; {
		case !ok:
			t.Errorf("%s %s goes into a program but is not in THIRD_PARTY_NOTICES.md: add it with its licence", path, version)
		case got != version:
			t.Errorf("%s is in THIRD_PARTY_NOTICES.md at %s, the build has %s", path, got, version)
		}
	}
	for path := range listed {
		if _, ok := built[path]; !ok {
			t.Errorf("%s is in THIRD_PARTY_NOTICES.md, but no program carries it any more", path)
		}
	}
}
