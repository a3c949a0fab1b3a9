package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"impactkaarten/net/relay"
	"impactkaarten/net/store"
)

// roomBrowser serves the web client built once for the package (webBuild) from a relay and
// starts headless Chromium; it returns the relay's address and a function that opens a page
// of a size and pixel ratio, in a browser context of its own.
func roomBrowser(t *testing.T) (base string, open func(t *testing.T, name string, w, h int64, dpr float64, slow bool) *page) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the web client and runs Chromium")
	}
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		t.Skip("no chromium (scripts/setup.sh installs it)")
	}
	web := webBuild(t)
	st := store.NewMemory()
	rl, err := relay.New(relay.Config{Store: st, WebDir: web})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(rl.Handler())
	t.Cleanup(func() {
		srv.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = rl.Shutdown(ctx)
		_ = st.Close()
	})
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
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		chromedp.Flag("disable-backgrounding-occluded-windows", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1920, 1080),
	)
	t.Cleanup(cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	open = func(t *testing.T, name string, w, h int64, dpr float64, slow bool) *page {
		ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
		t.Cleanup(cancel)
		p := &page{t: t, name: name, ctx: ctx}
		p.do(chromedp.EmulateViewport(w, h, chromedp.EmulateScale(dpr)))
		if slow {
			// A slow machine: the page draws about four frames a second, so presses and
			// keys fall between frames.
			js := `(() => { const raf = window.requestAnimationFrame.bind(window);
				window.requestAnimationFrame = cb => raf(() => setTimeout(() => raf(cb), 250)); })()`
			if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: js}); err != nil {
				t.Fatal(err)
			}
		}
		return p
	}
	return strings.Replace(srv.URL, "127.0.0.1", "localhost", 1), open
}

// patience is how long the meeting-room test waits for a page: on a shared machine under
// load a 1920×1080 page can take most of a minute to load and draw.
const patience = 3 * time.Minute

// waitP is page.wait with the meeting-room test's patience.
func (p *page) waitP(what string, cond func(st map[string]any) bool) map[string]any {
	p.t.Helper()
	deadline := time.Now().Add(patience)
	var st map[string]any
	for time.Now().Before(deadline) {
		if st = p.state(); st != nil && cond(st) {
			return st
		}
		p.frames(1)
	}
	p.t.Fatalf("%s: no %s within %v; state %v", p.name, what, patience, st)
	return nil
}

// widgetP waits, with patience, for an enabled widget, and scrolls the page with the
// mouse wheel until it is visible (a phone's page is longer than its screen).
func (p *page) widgetP(id string) widget {
	p.t.Helper()
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		w, ok := p.widgetNow(id)
		switch {
		case ok && w.Enabled && w.Visible:
			return w
		case ok && w.Enabled:
			vw := p.eval(`String(window.innerWidth) + "x" + String(window.innerHeight)`)
			var width, height float64
			fmt.Sscanf(vw, "%fx%f", &width, &height)
			dy := w.Y + w.H/2 - height/2
			p.do(chromedp.MouseEvent(chromedp.MouseWheel, width/2, height/2, func(e *input.DispatchMouseEventParams) { e.DeltaX, e.DeltaY = 1e-9, dy })) // both deltas are required; a zero one would be left out
			p.frames(2)
		default:
			p.frames(1)
		}
	}
	p.t.Fatalf("%s: no enabled widget %q within %v; have %v", p.name, id, patience, p.widgets())
	return widget{}
}

// clickP is page.click once the widget is there, however long that takes.
func (p *page) clickP(id string) {
	p.t.Helper()
	p.widgetP(id)
	p.click(id)
}

// fillP is page.fill once the field is there, however long that takes.
func (p *page) fillP(id, text string) {
	p.t.Helper()
	p.widgetP(id)
	p.fill(id, text)
}

// agreeP is agree with patience, and stricter: it waits until every page shows the same
// shared state and check passes on every page's own state.
func agreeP(t *testing.T, step string, check func(st map[string]any) error, pages ...*page) map[string]any {
	t.Helper()
	deadline := time.Now().Add(patience)
	why := "no state yet"
	for time.Now().Before(deadline) {
		var first map[string]any
		ok := true
		for i, p := range pages {
			st := p.state()
			switch {
			case st == nil:
				ok, why = false, p.name+" has no state"
			case i > 0 && shared(st) != shared(first):
				ok, why = false, p.name+": "+shared(st)+" differs from "+shared(first)
			default:
				if err := check(st); err != nil {
					ok, why = false, p.name+": "+err.Error()
				}
			}
			if !ok {
				break
			}
			if i == 0 {
				first = st
			}
		}
		if ok {
			return first
		}
		pages[0].frames(2)
	}
	t.Fatalf("%s: the pages do not agree within %v: %s", step, patience, why)
	return nil
}

// tap presses and releases at a widget's centre with nothing in between: on a page that
// draws a few frames a second both fall between two frames.
func (p *page) tap(id string) {
	p.t.Helper()
	w := p.widget(id)
	x, y := w.X+w.W/2, w.Y+w.H/2
	p.do(chromedp.MouseEvent(chromedp.MousePressed, x, y, chromedp.ButtonLeft, chromedp.ClickCount(1)),
		chromedp.MouseEvent(chromedp.MouseReleased, x, y, chromedp.ButtonLeft, chromedp.ClickCount(1)))
}

// widgetNow returns a widget of the current frame, if there is one.
func (p *page) widgetNow(id string) (widget, bool) {
	for _, w := range p.widgets() {
		if w.ID == id {
			return w, true
		}
	}
	return widget{}, false
}

// notCut fails the test when a widget whose id starts with one of the prefixes says its
// text was cut.
func notCut(t *testing.T, p *page, where string, prefixes ...string) {
	t.Helper()
	for _, w := range p.widgets() {
		for _, pre := range prefixes {
			if strings.HasPrefix(w.ID, pre) && w.Elided {
				t.Errorf("%s, %s: widget %s (%q) cuts its text", p.name, where, w.ID, w.Label)
			}
		}
	}
}

// TestBrowserMeetingRoom plays a session with a facilitator on a laptop, two players on
// phones (pixel ratios 2 and 3) and a meeting-room screen: the screen is not a participant,
// the phones join and vote through the rectangles the widget list gives, the statement and
// the reasons are not cut where the room reads them, and the spotlight reaches every
// client.
//
// The session is played in Dutch (TestBrowserSession plays in English). That no text is
// cut in any scene, at every size and in both languages, game/ui/app's scene tests check
// without a browser, in seconds instead of minutes; what only real browsers show is played
// here: input at two pixel ratios, four pages kept in step by the relay.
func TestBrowserMeetingRoom(t *testing.T) {
	base, open := roomBrowser(t)
	const lang = "nl"
	t.Run(lang, func(t *testing.T) {
		fac := open(t, "facilitator-"+lang, 1280, 720, 1, false)
		fac.do(chromedp.Navigate(base + "/?lang=" + lang))
		fac.waitP("start scene", func(st map[string]any) bool { return st["scene"] == "start" })
		fac.typeP("start-name", "Fenna")
		fac.clickP("start-create")
		st0 := fac.waitP("lobby", func(st map[string]any) bool { return st["scene"] == "lobby" })
		join := strings.Replace(st0["joinUrl"].(string), "127.0.0.1", "localhost", 1)

		// The phones at a phone's two usual pixel ratios: 390×844 at 2, 360×640 at 3.
		ratios := [2]float64{2, 3}
		phoneH := []float64{844, 640}
		phones := []*page{
			open(t, fmt.Sprintf("phone390@%v-%s", ratios[0], lang), 390, 844, ratios[0], false),
			open(t, fmt.Sprintf("phone360@%v-%s", ratios[1], lang), 360, 640, ratios[1], false),
		}
		for i, ph := range phones {
			ph.do(chromedp.Navigate(join + "&lang=" + lang))
			ph.waitP("start scene", func(st map[string]any) bool { return st["scene"] == "start" })
			ph.typeP("start-name", []string{"Bas", "Eva"}[i])
			ph.clickP("start-join") // at the rectangle the widget list gives, in CSS pixels
			ph.waitP("lobby", func(st map[string]any) bool { return st["scene"] == "lobby" })
		}
		screen := open(t, "screen-"+lang, 1920, 1080, 1, false)
		screen.do(chromedp.Navigate(join + "&screen=1&lang=" + lang))
		screen.waitP("the screen's lobby", func(st map[string]any) bool { return st["scene"] == "lobby" && st["screen"] == true })

		all := []*page{fac, phones[0], phones[1], screen}
		agreeP(t, "lobby", func(st map[string]any) error {
			ps := players(st)
			if len(ps) != 3 {
				return fmt.Errorf("%d participants, want 3 (the screen is none)", len(ps))
			}
			for _, p := range ps {
				if p["name"] == "" || p["name"] == "…" {
					return fmt.Errorf("a participant without a name: %v", p)
				}
			}
			return nil
		}, all...)
		for _, id := range []string{"bar-lang", "bar-sound", "bar-players", "lobby-start"} {
			if _, ok := screen.widgetNow(id); ok {
				t.Errorf("the screen shows %s", id)
			}
		}

		// The statement: whole on the phones; the phones vote.
		fac.clickP("lobby-start")
		agreeP(t, "statement", func(st map[string]any) error {
			if st["scene"] != "statements" {
				return fmt.Errorf("scene %v", st["scene"])
			}
			return nil
		}, all...)
		for i, ph := range phones {
			ph.widgetP("vote-5")
			// The scene opens at its top with the five buttons in its lower half, on
			// screen without scrolling.
			for v := 1; v <= 5; v++ {
				w, _ := ph.widgetNow(fmt.Sprintf("vote-%d", v))
				if !w.Visible || w.Y < phoneH[i]/2 || w.Y+w.H > phoneH[i] {
					t.Errorf("%s: vote-%d at %+v is not on screen in its lower half", ph.name, v, w)
				}
			}
			notCut(t, ph, "statement", "st-card")
			ph.clickP("vote-4")
		}
		screenShows(t, screen, "statement", "st-card", "scr-voted", "scr-seat-")

		// The spotlight reaches every client, and leaves every client.
		fac.clickP("fac-spotlight")
		agreeP(t, "spotlight", func(st map[string]any) error {
			if sp, _ := st["spotlight"].(map[string]any); sp == nil || sp["card"] != st["card"] {
				return fmt.Errorf("spotlight %v", st["spotlight"])
			}
			return nil
		}, all...)
		fac.clickP("spot-clear")
		agreeP(t, "spotlight cleared", func(st map[string]any) error {
			if st["spotlight"] != nil {
				return fmt.Errorf("spotlight %v", st["spotlight"])
			}
			return nil
		}, all...)

		// The reveal: the screen shows the outcome.
		fac.clickP("fac-reveal")
		agreeP(t, "revealed", func(st map[string]any) error {
			if st["revealed"] != true {
				return fmt.Errorf("not revealed")
			}
			return nil
		}, all...)
		screenShows(t, screen, "reveal", "st-card", "scr-stats", "scr-apart", "scr-seat-")

		// The canvas: the facilitator plays a card with a reason as long as allowed;
		// the laptop and the screen show it whole, and every column's question.
		fac.clickP("fac-next-phase")
		fac.clickP("confirm-yes") // statements are left: the facilitator is asked first
		cv := agreeP(t, "canvas", func(st map[string]any) error {
			if st["scene"] != "canvas" || st["turn"] == nil {
				return fmt.Errorf("no turn yet")
			}
			return nil
		}, all...)
		var mover *page
		for _, p := range all[:3] {
			if p.state()["seat"] == cv["turn"] {
				mover = p
			}
		}
		if mover == nil {
			t.Fatalf("nobody has turn %v", cv["turn"])
		}
		hand, _ := mover.state()["hand"].([]any)
		card := hand[0].(string)
		mover.clickP("hand-" + card)
		// The card picked up lies clear of the pass button.
		mover.widgetP("cv-pass")
		if pass, ok := mover.widgetNow("cv-pass"); ok {
			for _, w := range mover.widgets() {
				if strings.HasPrefix(w.ID, "hand-") && w.X < pass.X+pass.W && pass.X < w.X+w.W && w.Y < pass.Y+pass.H && pass.Y < w.Y+w.H {
					t.Errorf("%s: %s %+v lies over the pass button %+v", mover.name, w.ID, w, pass)
				}
			}
		}
		mover.clickP("col-impact")
		if _, ok := mover.widgetNow("play-title"); ok {
			mover.fillP("play-title", "Eigen idee")
		}
		reason := "Met publieksgegevens en AI-hulpmiddelen bereiken we scholen, bibliotheken en wijkcentra in de regio, ook buiten de openingstijden."
		mover.pasteP("play-reason", reason)
		mover.clickP("play-confirm")
		agreeP(t, "card played", func(st map[string]any) error {
			cvs, _ := st["canvas"].(map[string]any)
			if col, _ := cvs["impact"].([]any); len(col) != 1 {
				return fmt.Errorf("impact column %v", col)
			}
			return nil
		}, all...)
		for _, p := range []*page{fac, screen} {
			p.widgetP("cv-" + card)
			notCut(t, p, "canvas", "cv-", "col-")
		}
		shots := screenshotDir(t)
		for _, p := range all {
			p.screenshot(shots, "room-"+p.name)
		}

		// The dots and the actions: the phones show every row of the ranking, the top
		// cards and the actions whole, a long action wrapped rather than cut.
		room := []*page{fac, screen}
		next := func(scene string, pages ...*page) {
			t.Helper()
			fac.clickP("fac-next-phase")
			fac.frames(2)
			if _, ok := fac.widgetNow("confirm-yes"); ok {
				fac.clickP("confirm-yes") // work is left in the phase: the facilitator is asked first
			}
			agreeP(t, scene, func(st map[string]any) error {
				if st["scene"] != scene {
					return fmt.Errorf("scene %v", st["scene"])
				}
				return nil
			}, pages...)
		}
		phoneRows := func(scene, id string, prefixes ...string) {
			t.Helper()
			for _, ph := range phones {
				ph.waitFor(scene+": "+id, func() bool { _, ok := ph.widgetNow(id); return ok })
				notCut(t, ph, scene, prefixes...)
				ph.screenshot(shots, "room-"+ph.name+"-"+scene)
			}
		}
		next("dots", all...)
		screenShows(t, screen, "dots", "scr-title", "scr-rank-"+card)
		phoneRows("dots", "rank-"+card, "rank-")
		next("actions", all...)
		fac.pasteP("act-text", "Proef met een livestream van de opening voor de scholen en bibliotheken in de regio")
		fac.clickP("act-add")
		agreeP(t, "action added", func(st map[string]any) error {
			if n, _ := st["actions"].(float64); n != 1 { // the summary counts the actions
				return fmt.Errorf("actions %v", st["actions"])
			}
			return nil
		}, all...)
		phoneRows("actions", "act-item-1", "act-card-", "act-item-")
		// The rest of the session is the screen's: the phones have done their part and
		// close, so that the pages left draw faster.
		for _, ph := range phones {
			ph.close()
		}
		screenShows(t, screen, "actions", "scr-top", "scr-actions", "scr-action-")
		screen.screenshot(shots, "room-"+screen.name+"-actions")
		next("report", room...)
		screenShows(t, screen, "report", "scr-title", "scr-who", "scr-st-", "scr-action-")
		screen.screenshot(shots, "room-"+screen.name+"-report")
	})
}

// screenShows waits until the meeting-room screen shows a widget whose id starts with each
// of the prefixes, then checks its scene: no text cut, and nothing to press but the quiet
// way out in the corner.
func screenShows(t *testing.T, p *page, scene string, prefixes ...string) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for {
		ws := p.widgets()
		missing := ""
		for _, pre := range prefixes {
			found := false
			for _, w := range ws {
				found = found || strings.HasPrefix(w.ID, pre)
			}
			if !found {
				missing = pre
				break
			}
		}
		if missing == "" {
			for _, w := range ws {
				if w.Enabled && w.ID != "bar-leave" {
					t.Errorf("%s, %s: control %s (%q)", p.name, scene, w.ID, w.Label)
				}
				if w.Elided {
					t.Errorf("%s, %s: %s cuts its text (%q)", p.name, scene, w.ID, w.Label)
				}
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s, %s: no widget %s… within %v; have %v", p.name, scene, missing, patience, ws)
		}
		p.frames(2)
	}
}

// typeP clicks a field and types text into it at once, as a fast typist does, and waits
// until the field holds all of it: no key is lost however the keys fall between frames.
func (p *page) typeP(id, text string) {
	p.t.Helper()
	p.clickP(id)
	p.waitFor("focus on "+id, func() bool { w, _ := p.widgetNow(id); return w.Focused })
	p.do(chromedp.KeyEvent(text))
	p.waitFor(fmt.Sprintf("%q in %s", text, id), func() bool {
		w, _ := p.widgetNow(id)
		return w.Value == text
	})
}

// pasteP clicks a field and puts text into it in one piece, as a paste, an emoji keyboard
// or a phone's suggested word does, and waits until the field holds all of it. Typed key by
// key (typeP), a reason of a hundred and forty letters takes the browser a minute on a busy
// machine: every key is a round trip to a page that draws with the CPU.
func (p *page) pasteP(id, text string) {
	p.t.Helper()
	p.clickP(id)
	p.waitFor("focus on "+id, func() bool { w, _ := p.widgetNow(id); return w.Focused })
	if _, err := chromedp.Call(p.ctx, input.InsertText, input.InsertTextParams{Text: text}); err != nil {
		p.t.Fatalf("%s: insert text: %v", p.name, err)
	}
	p.waitFor(fmt.Sprintf("%q in %s", text, id), func() bool {
		w, _ := p.widgetNow(id)
		return w.Value == text
	})
}

// waitFor polls cond, with the meeting-room test's patience, a frame apart.
func (p *page) waitFor(what string, cond func() bool) {
	p.t.Helper()
	deadline := time.Now().Add(patience)
	for !cond() {
		if time.Now().After(deadline) {
			p.t.Fatalf("%s: no %s within %v", p.name, what, patience)
		}
		p.frames(1)
	}
}

// close closes the page's tab.
func (p *page) close() {
	p.t.Helper()
	if _, err := chromedp.Call(p.ctx, cdppage.Close, cdp.Empty{}); err != nil {
		p.t.Fatalf("%s: close: %v", p.name, err)
	}
}

// TestBrowserSlowInput runs the page at about four frames a second: a press and release
// with nothing between them still presses, and what is typed right after a press on a
// field arrives in it whole.
func TestBrowserSlowInput(t *testing.T) {
	base, open := roomBrowser(t)
	p := open(t, "slow", 1280, 720, 1, true)
	p.do(chromedp.Navigate(base + "/?lang=nl"))
	p.waitP("start scene", func(st map[string]any) bool { return st["scene"] == "start" })
	name := "Anna de Vries-van Dijk"
	p.tap("start-name")
	for _, r := range name {
		p.do(chromedp.KeyEvent(string(r)))
	}
	var got widget // the field as last seen: on a failure, which keys went missing
	defer func() {
		if t.Failed() {
			t.Logf("start-name held %q (focused: %v)", got.Value, got.Focused)
		}
	}()
	p.waitFor(fmt.Sprintf("%q in start-name", name), func() bool {
		got, _ = p.widgetNow("start-name")
		return got.Value == name
	})
	p.tap("start-solo")
	p.waitP("practice lobby after a press shorter than a frame", func(st map[string]any) bool { return st["scene"] == "lobby" })
}
