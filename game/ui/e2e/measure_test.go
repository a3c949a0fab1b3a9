package e2e

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestMeasureLikeText checks that the layout measures text as Ebiten's text/v2 draws it:
// the client measures with its own HarfBuzz shaping (game/ui/shaper.go), which leaves out
// the glyph outlines text/v2 loads, and a width that differed would cut or overlap text.
// `uitool -check-measure` compares both on every text of the built-in deck, whole and word
// by word, in both languages, at four sizes, in regular, bold and the icons; it needs X, as
// every program that imports Ebiten on Linux does.
func TestMeasureLikeText(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a program under X")
	}
	disp := display(t)
	bin := build(t, "./game/ui/internal/uitool")
	cmd := exec.Command(bin, "-check-measure")
	cmd.Dir = root(t)
	cmd.Env = append(os.Environ(), "DISPLAY="+disp)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("uitool -check-measure: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "widths alike") {
		t.Fatalf("uitool -check-measure printed %q", stdout.String())
	}
	t.Log(strings.TrimSpace(stdout.String()))
}
