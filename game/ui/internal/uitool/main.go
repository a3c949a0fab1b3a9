// Command uitool renders the client without a person at the controls: -shots saves a
// screenshot of every scene of a scripted practice session, -bench times Update and Draw
// of a full table (12 players, 40 cards on the canvas) at 1920×1080. Tests run it under
// Xvfb; it needs a display because Ebiten draws with the GPU.
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
	"sort"
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
	size := flag.String("size", "1280x720", "screen size")
	lang := flag.String("lang", "nl", "language")
	flag.Parse()
	var w, h int
	if _, err := fmt.Sscanf(*size, "%dx%d", &w, &h); err != nil {
		log.Fatalf("-size: %v", err)
	}
	p, err := ui.NewPainter()
	if err != nil {
		log.Fatal(err)
	}
	t := &tool{p: p, w: w, h: h, lang: cards.Lang(*lang), dir: *shots, frames: *bench, steps: make(chan string), done: make(chan error, 1)}
	ebiten.SetWindowSize(w, h)
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
}

var errDone = fmt.Errorf("done")

type tool struct {
	p      *ui.Painter
	w, h   int
	lang   cards.Lang
	dir    string
	frames int
	d      *app.Driver

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
}

// script drives the session on its own goroutine; each step waits until the game loop
// has painted it, so the controller is never changed while it is drawn.
func (t *tool) script() {
	d := app.NewDriver(float64(t.w), float64(t.h), 1, t.lang, t.p.Measurer())
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
			d.Idle(1000)
			t.steps <- step
			<-t.painted
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
		if !t.last.IsZero() {
			t.frame = append(t.frame, now.Sub(t.last))
		}
		t.last = now
		// Move the pointer across the table every frame, so hover states change too.
		x := float64((t.n * 37) % t.w)
		y := float64((t.n * 23) % t.h)
		start := time.Now()
		t.d.Tick(input.Snapshot{X: x, Y: y})
		t.update = append(t.update, time.Since(start))
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
	start := time.Now()
	t.p.Paint(screen, t.d.C)
	if t.pending == "bench" {
		t.draw = append(t.draw, time.Since(start))
		return
	}
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
	var both []time.Duration
	for i := range t.update {
		if i < len(t.draw) {
			both = append(both, t.update[i]+t.draw[i])
		}
	}
	um, up := ms(t.update)
	dm, dp := ms(t.draw)
	bm, bp := ms(both)
	fm, fp := ms(t.frame)
	v := t.d.View()
	out := map[string]any{"frames": len(both), "width": t.w, "height": t.h, "players": len(v.Seats), "canvasCards": len(v.Canvas),
		"updateMeanMs": um, "updateP95Ms": up, "drawMeanMs": dm, "drawP95Ms": dp,
		"updateDrawMeanMs": bm, "updateDrawP95Ms": bp, "frameMeanMs": fm, "frameP95Ms": fp}
	b, _ := json.Marshal(out)
	fmt.Println(string(b))
}
