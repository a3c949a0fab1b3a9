package ui

import (
	"fmt"
	"image"
	"image/png"
	"os"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
)

// maybeShoot saves the screen once Options.ScreenshotAfter has passed. Reading the pixels
// happens here, where the frame is complete; encoding and writing happen off the loop,
// and Update ends the program when they are done.
func (g *Game) maybeShoot(screen *ebiten.Image) {
	if g.opts.Screenshot == "" || g.shot != nil || time.Since(g.started) < g.opts.ScreenshotAfter {
		return
	}
	b := screen.Bounds()
	img := image.NewRGBA(b)
	screen.ReadPixels(img.Pix)
	g.shot = make(chan error, 1)
	path := g.opts.Screenshot
	go func() { g.shot <- savePNG(path, img) }()
}

func savePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("ui: screenshot: %w", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("ui: screenshot %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("ui: screenshot %s: %w", path, err)
	}
	return nil
}
