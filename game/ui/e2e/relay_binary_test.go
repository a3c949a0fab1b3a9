package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestRelayBinaryServesClient builds the relay as a release is built — CGO_ENABLED=0, the
// web client embedded — starts that one file in an empty directory, and plays its start
// page in headless Chromium: the client runs, and no request the page makes fails (the
// favicon included).
func TestRelayBinaryServesClient(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the web client and the relay, and runs Chromium")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("no chromium (scripts/setup.sh installs it)")
	}
	// The client goes into a directory of its own, and into the relay's build through an
	// overlay at web/build: the test leaves the working tree's web/build alone.
	web := webBuild(t)
	overlay := map[string]map[string]string{"Replace": {}}
	entries, err := os.ReadDir(web)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		overlay["Replace"][filepath.Join(root(t), "web", "build", e.Name())] = filepath.Join(web, e.Name())
	}
	ovFile := filepath.Join(t.TempDir(), "overlay.json")
	data, _ := json.Marshal(overlay)
	if err := os.WriteFile(ovFile, data, 0o644); err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "relay")
	run(t, []string{"CGO_ENABLED=0"}, "go", "build", "-overlay", ovFile, "-o", bin, "./cmd/relay")

	// An empty directory: the binary is all there is.
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-addr", "127.0.0.1:0", "-data", filepath.Join(dir, "data"))
	cmd.Dir = dir
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel() // the relay this test started
		_ = cmd.Wait()
	})
	// The relay prints its address once it listens; the rest of its log is kept for errors.
	addr := make(chan string, 1)
	var logMu sync.Mutex
	var log strings.Builder
	go func() {
		serving := regexp.MustCompile(`serving on (\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logMu.Lock()
			log.WriteString(sc.Text() + "\n")
			logMu.Unlock()
			if m := serving.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a
	case <-time.After(60 * time.Second):
		t.Fatal("the relay did not say it was serving within 60 s")
	}

	// The favicon is the relay's own.
	resp, err := http.Get(base + "/favicon.ico")
	if err != nil {
		t.Fatal(err)
	}
	icon, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(icon), "<svg") {
		t.Errorf("GET /favicon.ico: %d %.80q", resp.StatusCode, icon)
	}

	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 720),
	)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	defer cancelBrowser()
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	pctx, cancelPage := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	defer cancelPage()
	p := &page{t: t, name: "relay binary", ctx: pctx}
	var mu sync.Mutex
	var failed []string
	err = chromedp.Listen(pctx, func(ev any) {
		if e, ok := ev.(*network.EventResponseReceived); ok && e.Response.Status >= 400 {
			mu.Lock()
			failed = append(failed, fmt.Sprintf("%d %s", e.Response.Status, e.Response.URL))
			mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(pctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	p.do(chromedp.EmulateViewport(1280, 720), chromedp.Navigate(base+"/?lang=en"))
	p.wait("start scene", func(st map[string]any) bool { return st["scene"] == "start" })
	shot := p.screenshot(screenshotDir(t), "relay-binary-start")
	mu.Lock()
	defer mu.Unlock()
	if len(failed) > 0 {
		t.Errorf("requests that failed: %v", failed)
	}
	logMu.Lock()
	defer logMu.Unlock()
	if strings.Contains(log.String(), "level=ERROR") || strings.Contains(log.String(), "without the web client") {
		t.Errorf("relay log:\n%s", log.String())
	}
	t.Logf("the relay binary's start page: %s", shot)
}
