package e2e

import (
	"encoding/json"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

type dump struct {
	Widgets []widget       `json:"widgets"`
	State   map[string]any `json:"state"`
}

// TestDesktopStartScene starts the desktop client under X and checks its start scene
// from its widget dump and from a screenshot of its window.
func TestDesktopStartScene(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts the desktop client")
	}
	disp := display(t)
	bin := build(t, "./cmd/impactkaarten")
	dir := t.TempDir()
	dumpFile := filepath.Join(dir, "widgets.json")
	shot := filepath.Join(screenshotDir(t), "desktop-start.png")
	_ = os.Remove(shot)
	cmd := exec.Command(bin, "-widgets", dumpFile, "-lang", "en", "-mute",
		"-screenshot", shot, "-shot-after", "3s")
	// A home of its own, so no seat tokens or preferences of the machine's user leak in.
	cmd.Env = append(os.Environ(), "DISPLAY="+disp, "HOME="+dir, "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	out, err := os.Create(filepath.Join(dir, "out.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = out, out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // the client this test started
		<-done
	})

	var d dump
	deadline := time.Now().Add(waitTimeout)
	for {
		data, err := os.ReadFile(dumpFile)
		if err == nil && json.Unmarshal(data, &d) == nil && len(d.Widgets) > 0 {
			break
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(dir, "out.log"))
			t.Fatalf("no widget dump within %v; client output:\n%s", waitTimeout, log)
		}
		time.Sleep(100 * time.Millisecond) // polled: the client writes the file, and says nothing
	}
	if d.State["scene"] != "start" || d.State["lang"] != "en" {
		t.Errorf("state = %v, want the start scene in English", d.State)
	}
	want := map[string]string{"start-name": "textfield", "start-solo": "button", "start-code": "textfield", "start-lang-nl": "choice"}
	for _, w := range d.Widgets {
		if kind, ok := want[w.ID]; ok {
			if w.Kind != kind || w.Label == "" || w.W <= 0 || w.X < 0 || w.X+w.W > 1280 || w.Y+w.H > 720 {
				t.Errorf("widget %+v, want a %s inside 1280x720", w, kind)
			}
			delete(want, w.ID)
		}
	}
	for id := range want {
		t.Errorf("widget %s missing from the dump", id)
	}

	// The client saves its screenshot and ends by itself.
	select {
	case err := <-done:
		done <- err
		if err != nil {
			t.Fatalf("client ended with %v", err)
		}
	case <-time.After(waitTimeout):
		t.Fatalf("the client did not end within %v after its screenshot", waitTimeout)
	}
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() != 1280 || b.Dy() != 720 {
		t.Errorf("screenshot is %v, want 1280x720", b)
	}
	// The table is deep green; the panels are off-white: both must be there.
	green, paper := 0, 0
	for y := b.Min.Y; y < b.Max.Y; y += 8 {
		for x := b.Min.X; x < b.Max.X; x += 8 {
			r, g, bl, _ := img.At(x, y).RGBA()
			switch {
			case r>>8 < 0x30 && g>>8 > 0x30 && g>>8 < 0x50 && bl>>8 < 0x40:
				green++
			case r>>8 > 0xF0 && g>>8 > 0xF0 && bl>>8 > 0xE0:
				paper++
			}
		}
	}
	if green < 1000 || paper < 1000 {
		t.Errorf("screenshot has %d table and %d panel samples; the start scene did not render", green, paper)
	}
	t.Logf("desktop start scene: %s", shot)
}
