// Command uitool renders the client without a person at the controls: -shots saves a
// screenshot of every scene of a scripted practice session, -bench times Update and Draw
// of a full table (12 players, 40 cards on the canvas) at 1920×1080 and prints the wall
// clock and (on Linux) the CPU time of both as JSON. -cpuprofile and -memprofile profile a
// run; -repaint paints each screenshot's scene more than once, so that it is taken from
// the renderer's cache, and -idle takes it earlier, with the animations midway. Tests run
// it under Xvfb; it needs a display because Ebiten draws with the GPU.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/png"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sort"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"impactkaarten/cards"
	"impactkaarten/game/ui"
	"impactkaarten/game/ui/app"
	"impactkaarten/game/ui/input"
)

func main() {
	shots := flag.String("shots", "", "save a PNG of every scene into this directory")
	bench := flag.Int("bench", 0, "time this many frames of a full table and print the result as JSON")
	size := flag.String("size", "1280x720", "screen size, in CSS pixels")
	dpr := flag.Float64("dpr", 1, "with -shots: device pixels per CSS pixel (a phone's 2 or 3): the pictures are size×dpr pixels, drawn as such a screen draws them")
	lang := flag.String("lang", "nl", "language")
	screen := flag.Bool("screen", false, "with -shots: take the pictures as the meeting-room screen sees the session")
	idle := flag.Int("idle", 1000, "with -shots: milliseconds of (virtual) time passed before each screenshot; less catches the animations midway")
	repaint := flag.Int("repaint", 1, "with -shots: paint each scene this many times and save the last (the renderer caches what it painted twice)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	memprofile := flag.String("memprofile", "", "write an allocation profile of the run to this file")
	checkMeasure := flag.Bool("check-measure", false, "measure the built-in deck's texts and their words as the layout does and as text/v2 draws, at a range of sizes, and fail on any difference")
	flag.Parse()
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer func() {
			pprof.StopCPUProfile()
			f.Close()
		}()
	}
	var w, h int
	if _, err := fmt.Sscanf(*size, "%dx%d", &w, &h); err != nil {
		log.Fatalf("-size: %v", err)
	}
	p, err := ui.NewPainter()
	if err != nil {
		log.Fatal(err)
	}
	if *checkMeasure {
		n, err := checkMeasuring(p)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("measured %d widths alike\n", n)
		return
	}
	if *dpr < 1 || *dpr > 4 {
		log.Fatalf("-dpr %v: want 1 to 4", *dpr)
	}
	// The pictures have the device's pixels; the controller lays out in CSS pixels times
	// the ratio, as it does in a browser on such a screen.
	t := &tool{p: p, w: int(float64(w) * *dpr), h: int(float64(h) * *dpr), dpr: *dpr, lang: cards.Lang(*lang), dir: *shots, frames: *bench, repaint: *repaint, idle: *idle, screen: *screen, steps: make(chan string), done: make(chan error, 1)}
	ebiten.SetWindowSize(w, h) // the pictures are read from the offscreen screen, t.w×t.h
	ebiten.SetWindowTitle("uitool")
	ebiten.SetVsyncEnabled(false)
	ebiten.SetTPS(ebiten.SyncWithFPS)
	if *shots != "" {
		if err := os.MkdirAll(*shots, 0o755); err != nil {
			log.Fatal(err)
		}
	}
	go t.script()
	if err := ebiten.RunGame(t); err != nil && err != errDone {
		log.Fatal(err)
	}
	if t.err != nil {
		log.Fatal(t.err)
	}
	if *memprofile != "" {
		f, err := os.Create(*memprofile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			log.Fatal(err)
		}
		f.Close()
	}
}

var errDone = fmt.Errorf("done")

type tool struct {
	p       *ui.Painter
	w, h    int
	lang    cards.Lang
	dir     string
	frames  int
	repaint int
	idle    int
	paints  int // how often the pending step has been painted
	screen  bool
	dpr     float64
	d       *app.Driver

	steps   chan string // a step waiting to be painted
	painted chan struct{}
	pending string
	done    chan error
	err     error

	// The benchmark.
	n      int
	update []time.Duration
	draw   []time.Duration
	frame  []time.Duration
	last   time.Time
	mem    runtime.MemStats // at the first frame
	// The CPU time of Update and Draw (where threadCPU can tell it).
	updateCPU, drawCPU []time.Duration
	noCPU              bool
}

// cpu is the CPU time of the game loop's thread so far.
func (t *tool) cpu() time.Duration {
	d, ok := threadCPU()
	if !ok {
		t.noCPU = true
	}
	return d
}

// script drives the session on its own goroutine; each step waits until the game loop
// has painted it, so the controller is never changed while it is drawn.
func (t *tool) script() {
	d := app.NewDriver(float64(t.w), float64(t.h), t.dpr, t.lang, t.p.Measurer())
	t.d = d
	var err error
	if t.frames > 0 {
		err = t.full(d)
		t.painted = make(chan struct{})
		t.steps <- "bench"
		<-t.painted
	} else {
		t.painted = make(chan struct{})
		err = d.Walk(func(step string) {
			d.Idle(t.idle)
			shoot := func() {
				t.steps <- step
				<-t.painted
			}
			switch {
			case !t.screen:
				shoot()
			case step != "start" && step != "confirm" && step != "export" && step != "lobby-drawer" && step != "play-dialog" && step != "card-detail":
				d.AsScreen(shoot) // the screen has no dialogs: only its own scenes
			}
		})
	}
	t.done <- err
}

// full sets up the benchmark's table: 12 players, 40 cards on the canvas, dot voting.
func (t *tool) full(d *app.Driver) error {
	deck, err := cards.Default()
	if err != nil {
		return err
	}
	// The default deck has 38 playable cards; copy some so 40 fit on the canvas.
	extra := deck.IDs(cards.Technology)
	for i, id := range extra[:20] {
		c, _ := deck.Card(id)
		cp := *c
		cp.ID = fmt.Sprintf("%s-%d", id, i)
		deck.Cards = append(deck.Cards, cp)
	}
	deck.Index()
	if err := d.StartSolo(deck, 11); err != nil {
		return err
	}
	if err := d.Click("lobby-phase-statements"); err != nil {
		return err
	}
	if err := d.Click("lobby-start"); err != nil {
		return err
	}
	return d.PlayTurns(40)
}

func (t *tool) Update() error {
	select {
	case err := <-t.done:
		t.err = err
		if t.frames == 0 || err != nil {
			return errDone
		}
	default:
	}
	if t.pending == "" {
		select {
		case s := <-t.steps:
			t.pending = s
		default:
		}
	}
	if t.pending == "bench" {
		now := time.Now()
		if t.last.IsZero() {
			// Update and Draw run on this goroutine: keep it on one thread, so that the
			// thread's CPU time is theirs.
			runtime.LockOSThread()
			runtime.ReadMemStats(&t.mem)
		} else {
			t.frame = append(t.frame, now.Sub(t.last))
		}
		t.last = now
		// Move the pointer across the table every frame, so hover states change too.
		x := float64((t.n * 37) % t.w)
		y := float64((t.n * 23) % t.h)
		start, cpu := time.Now(), t.cpu()
		t.d.Tick(input.Snapshot{X: x, Y: y})
		t.update = append(t.update, time.Since(start))
		t.updateCPU = append(t.updateCPU, t.cpu()-cpu)
		t.n++
		if t.n > t.frames {
			t.report()
			close(t.painted)
			return errDone
		}
	}
	return nil
}

func (t *tool) Draw(screen *ebiten.Image) {
	if t.d == nil || t.pending == "" {
		return
	}
	start, cpu := time.Now(), t.cpu()
	t.p.Paint(screen, t.d.C)
	if t.pending == "bench" {
		t.draw = append(t.draw, time.Since(start))
		t.drawCPU = append(t.drawCPU, t.cpu()-cpu)
		return
	}
	if t.paints++; t.paints < t.repaint {
		return
	}
	t.paints = 0
	img := image.NewRGBA(screen.Bounds())
	screen.ReadPixels(img.Pix)
	path := filepath.Join(t.dir, t.pending+".png")
	if err := save(path, img); err != nil {
		t.err = err
	}
	t.pending = ""
	t.painted <- struct{}{}
}

func (t *tool) Layout(int, int) (int, int) { return t.w, t.h }

func save(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// report prints the benchmark's result: the mean and 95th percentile of Update, Draw,
// their sum, and the whole frame (which includes the GPU's work, here a software one).
func (t *tool) report() {
	ms := func(ds []time.Duration) (mean, p95 float64) {
		if len(ds) == 0 {
			return 0, 0
		}
		s := append([]time.Duration(nil), ds...)
		sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
		var sum time.Duration
		for _, d := range s {
			sum += d
		}
		return float64(sum.Microseconds()) / float64(len(s)) / 1000, float64(s[len(s)*95/100].Microseconds()) / 1000
	}
	var both, bothCPU []time.Duration
	for i := range t.update {
		if i < len(t.draw) {
			both = append(both, t.update[i]+t.draw[i])
			bothCPU = append(bothCPU, t.updateCPU[i]+t.drawCPU[i])
		}
	}
	um, up := ms(t.update)
	dm, dp := ms(t.draw)
	bm, bp := ms(both)
	fm, fp := ms(t.frame)
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	perFrame := func(a, b uint64) float64 { return float64(b-a) / float64(max(1, len(both))) }
	v := t.d.View()
	out := map[string]any{"allocsPerFrame": perFrame(t.mem.Mallocs, mem.Mallocs), "bytesPerFrame": perFrame(t.mem.TotalAlloc, mem.TotalAlloc),
		"frames": len(both), "width": t.w, "height": t.h, "players": len(v.Seats), "canvasCards": len(v.Canvas),
		"updateMeanMs": um, "updateP95Ms": up, "drawMeanMs": dm, "drawP95Ms": dp,
		"updateDrawMeanMs": bm, "updateDrawP95Ms": bp, "frameMeanMs": fm, "frameP95Ms": fp}
	if !t.noCPU {
		um, _ := ms(t.updateCPU)
		dm, _ := ms(t.drawCPU)
		bm, bp := ms(bothCPU)
		out["updateCpuMeanMs"], out["drawCpuMeanMs"], out["updateDrawCpuMeanMs"], out["updateDrawCpuP95Ms"] = um, dm, bm, bp
	}
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
}

// checkMeasuring measures every text of the built-in deck in both languages, whole and
// word by word, with the icons' runes, both ways (ui.Painter.MeasureDifferences), and
// reports how many strings were measured alike, or the differences.
func checkMeasuring(p *ui.Painter) (int, error) {
	deck, err := cards.Default()
	if err != nil {
		return 0, err
	}
	seen := map[string]bool{}
	var strs []string
	add := func(s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			strs = append(strs, s)
		}
	}
	for _, c := range deck.Cards {
		for _, t := range []cards.Text{c.Title, c.Body, c.Example, c.WatchOut, c.FirstStep} {
			for _, l := range cards.Langs {
				add(t.In(l))
				for _, w := range strings.Fields(t.In(l)) {
					add(w)
				}
			}
		}
		if r, ok := cards.IconRune(c.Icon); ok {
			add(string(r))
		}
	}
	sizes := []float64{11, 13.333333, 17.25, 24}
	if diffs := p.MeasureDifferences(strs, sizes); len(diffs) > 0 {
		return 0, fmt.Errorf("%d widths differ, e.g. %s", len(diffs), strings.Join(diffs[:min(len(diffs), 5)], "; "))
	}
	return len(strs) * len(sizes) * 2, nil
}
