package report

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"impactkaarten/cards"
)

// chromiumPath is where the project's setup (scripts/setup.sh) installs Chromium.
const chromiumPath = "/usr/bin/chromium"

// newBrowser starts headless Chromium with a fresh profile. A missing browser fails the
// test: the setup installs it, and a skipped browser test would hide a broken report.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		t.Fatalf("headless Chromium is needed at %s to test the HTML report: %v (run make setup, which installs the chromium package)", chromiumPath, err)
	}
	profile := filepath.Join(t.TempDir(), "profile")
	t.Cleanup(func() {
		// Chromium's helper processes can still write to the profile for a moment after the
		// browser is gone; retry before t.TempDir's own removal, which would fail the test.
		for deadline := time.Now().Add(time.Minute); os.RemoveAll(profile) != nil && time.Now().Before(deadline); {
			time.Sleep(100 * time.Millisecond) // polled: nothing announces the helpers' end
		}
	})
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.NoFirstRun,
		chromedp.Flag("use-angle", "swiftshader"),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 900),
	}
	// Generous: it only ends a browser that hangs, never a slow one.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx)
	t.Cleanup(bcancel)
	return bctx
}

// TestHTMLInBrowser opens the HTML report in headless Chromium, checks that it loads
// nothing from outside and uses its own fonts, prints it to PDF on A4 and takes a
// screenshot. The PDF and the screenshots go to testdata/out (git-ignored) to be looked at;
// with -update, the first printed page also becomes docs/report-nl.png.
func TestHTMLInBrowser(t *testing.T) {
	sc := newScenario(t)
	ctx := newBrowser(t)
	out := filepath.Join("testdata", "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	wantHeadings := map[cards.Lang][]string{
		cards.NL: {"In het kort", "Stellingen", "Verdienmodel", "Prioriteiten", "Agenda voor het vervolgoverleg", "Bijlage: bronnen"},
		cards.EN: {"At a glance", "Statements", "Earning model", "Priorities", "Agenda for the follow-up meeting", "Appendix: sources"},
	}
	for _, lang := range cards.Langs {
		t.Run(string(lang), func(t *testing.T) {
			page, err := HTML(sc.build(lang))
			if err != nil {
				t.Fatal(err)
			}
			file, err := filepath.Abs(filepath.Join(out, "report-"+string(lang)+".html"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(file, page, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.Navigate("file://"+file)); err != nil {
				t.Fatalf("open the report: %v", err)
			}
			fontsLoaded, err := chromedp.Run(ctx, chromedp.Evaluate[int](
				`document.fonts.ready.then(() => [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Inter' && f.status === 'loaded').length)`,
				chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			if fontsLoaded != 2 {
				t.Errorf("%d Inter faces loaded, want 2 (regular and semibold)", fontsLoaded)
			}
			outside, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
				`performance.getEntriesByType('resource').map(e => e.name).filter(n => !n.startsWith('data:'))`))
			if err != nil {
				t.Fatal(err)
			}
			if len(outside) > 0 {
				t.Errorf("the page loaded %v from outside", outside)
			}
			imgWidth, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelector('figure img').naturalWidth`))
			if err != nil {
				t.Fatal(err)
			}
			if imgWidth != CanvasWidth {
				t.Errorf("the canvas image is %d px wide in the browser, want %d", imgWidth, CanvasWidth)
			}
			headings, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('h2')].map(h => h.textContent.trim())`))
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(headings, "|") != strings.Join(wantHeadings[lang], "|") {
				t.Errorf("headings %q, want %q", headings, wantHeadings[lang])
			}

			shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			checkNotBlank(t, "screenshot", shot, 2000)
			writeOut(t, filepath.Join(out, "report-"+string(lang)+"-screen.png"), shot)

			pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
				t.Fatalf("the print is not a PDF: %q", pdf[:min(len(pdf), 16)])
			}
			pdfFile := filepath.Join(out, "report-"+string(lang)+".pdf")
			writeOut(t, pdfFile, pdf)
			checkPDF(t, pdfFile, wantHeadings[lang])
			if lang == cards.NL {
				firstPage(t, pdfFile, filepath.Join(out, "report-nl-page1.png"))
			}
		})
	}
}

func writeOut(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// checkNotBlank decodes a PNG and wants at least minColours distinct colours in it.
func checkNotBlank(t *testing.T, what string, data []byte, minColours int) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if n := len(colourCounts(img)); n < minColours {
		t.Fatalf("%s has only %d distinct colours: it looks blank", what, n)
	}
	return img
}

var pagesLine = regexp.MustCompile(`(?m)^Pages:\s+(\d+)`)

// checkPDF wants an A4 PDF of more than one page whose text holds the headings. pdfinfo and
// pdftotext come with poppler-utils, which the setup installs; without them the check
// falls back to the size of the file.
func checkPDF(t *testing.T, file string, headings []string) {
	t.Helper()
	info, err := exec.Command("pdfinfo", file).Output()
	if err != nil {
		st, serr := os.Stat(file)
		if serr != nil || st.Size() < 100_000 {
			t.Fatalf("no pdfinfo (%v) and the PDF is small: %v", err, st)
		}
		t.Logf("pdfinfo not available (%v): checked the size only", err)
		return
	}
	m := pagesLine.FindSubmatch(info)
	pages := 0
	if m != nil {
		pages, _ = strconv.Atoi(string(m[1]))
	}
	if pages < 2 || pages > 12 {
		t.Errorf("the PDF has %d pages", pages)
	}
	if !bytes.Contains(info, []byte("(A4)")) {
		t.Errorf("the PDF is not A4:\n%s", info)
	}
	text, err := exec.Command("pdftotext", "-layout", file, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	for _, h := range headings {
		if !bytes.Contains(text, []byte(h)) {
			t.Errorf("the printed report lacks the heading %q", h)
		}
	}
	t.Logf("PDF: %d pages", pages)
}

// firstPage renders the first printed page to a PNG with pdftoppm, checks it, and with
// -update copies it to docs/report-nl.png (the screenshot of the documentation, at most
// 300 KB).
func firstPage(t *testing.T, pdfFile, pngFile string) {
	t.Helper()
	prefix := strings.TrimSuffix(pngFile, ".png")
	if out, err := exec.Command("pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", pdfFile, prefix).CombinedOutput(); err != nil {
		t.Logf("pdftoppm not available (%v, %s): no picture of the first page", err, out)
		return
	}
	data, err := os.ReadFile(pngFile)
	if err != nil {
		t.Fatal(err)
	}
	checkNotBlank(t, "first page", data, 150)
	if *update {
		if len(data) > 300_000 {
			t.Fatalf("the first page is %d bytes; docs/report-nl.png must stay under 300 KB", len(data))
		}
		writeOut(t, filepath.Join("..", "..", "docs", "report-nl.png"), data)
	}
}
