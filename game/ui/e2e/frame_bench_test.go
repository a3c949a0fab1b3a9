package e2e

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strconv"
	"testing"
)

// benchFrames is how many frames one run of the frame benchmark times.
const benchFrames = 300

// frameResult is what `uitool -bench` prints.
type frameResult struct {
	Frames           int     `json:"frames"`
	Players          int     `json:"players"`
	CanvasCards      int     `json:"canvasCards"`
	UpdateMeanMs     float64 `json:"updateMeanMs"`
	DrawMeanMs       float64 `json:"drawMeanMs"`
	UpdateDrawMeanMs float64 `json:"updateDrawMeanMs"`
	UpdateDrawP95Ms  float64 `json:"updateDrawP95Ms"`
	FrameMeanMs      float64 `json:"frameMeanMs"`
	FrameP95Ms       float64 `json:"frameP95Ms"`
	// The CPU time of the game loop's thread in Update and Draw (Linux only).
	UpdateDrawCPUMeanMs float64 `json:"updateDrawCpuMeanMs"`
	UpdateDrawCPUP95Ms  float64 `json:"updateDrawCpuP95Ms"`
}

// BenchmarkFrame times the desktop client's Update and Draw at 1920×1080 with 12 players
// and 40 or more cards on the canvas (the budget in docs/design.md: under 4 ms a frame,
// aim under 2 ms). It runs `uitool -bench` under X (a fresh Xvfb when DISPLAY is unset)
// and reports the means over every run:
//
//	ms/update+draw       Update plus Draw by the wall clock, the program's side of a
//	                     frame: the budget
//	p95-ms/update+draw   its 95th percentile
//	ms/update, ms/draw   the two apart
//	cpu-ms/update+draw   the CPU time of Update plus Draw (and p95-cpu-ms/update+draw):
//	                     what the wall clock says less the time others had the processor
//	ms/frame             from one frame to the next, including the GPU's work (and its
//	p95-ms/frame         95th percentile); under Xvfb that is Mesa's software
//	                     rasteriser, so it is not the budget
//
// Run it with: go test -run XXX -bench Frame -count 3 ./game/ui/e2e
func BenchmarkFrame(b *testing.B) {
	if testing.Short() {
		b.Skip("builds and runs the client under X")
	}
	disp := display(b)
	bin := build(b, "./game/ui/internal/uitool")
	b.ResetTimer()
	var sum frameResult
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(bin, "-bench", strconv.Itoa(benchFrames), "-size", "1920x1080")
		cmd.Dir = root(b)
		cmd.Env = append(os.Environ(), "DISPLAY="+disp)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			b.Fatalf("uitool -bench: %v\n%s", err, stderr.String())
		}
		var r frameResult
		if err := json.Unmarshal(bytes.TrimSpace(stdout.Bytes()), &r); err != nil {
			b.Fatalf("uitool -bench printed %q: %v", stdout.String(), err)
		}
		if r.Frames < benchFrames || r.Players != 12 || r.CanvasCards < 40 {
			b.Fatalf("uitool -bench timed %d frames with %d players and %d cards on the canvas, want %d frames, 12 players, at least 40 cards",
				r.Frames, r.Players, r.CanvasCards, benchFrames)
		}
		sum.UpdateMeanMs += r.UpdateMeanMs
		sum.DrawMeanMs += r.DrawMeanMs
		sum.UpdateDrawMeanMs += r.UpdateDrawMeanMs
		sum.UpdateDrawP95Ms += r.UpdateDrawP95Ms
		sum.FrameMeanMs += r.FrameMeanMs
		sum.FrameP95Ms += r.FrameP95Ms
		sum.UpdateDrawCPUMeanMs += r.UpdateDrawCPUMeanMs
		sum.UpdateDrawCPUP95Ms += r.UpdateDrawCPUP95Ms
	}
	n := float64(b.N)
	b.ReportMetric(sum.UpdateDrawMeanMs/n, "ms/update+draw")
	b.ReportMetric(sum.UpdateDrawP95Ms/n, "p95-ms/update+draw")
	b.ReportMetric(sum.UpdateMeanMs/n, "ms/update")
	b.ReportMetric(sum.DrawMeanMs/n, "ms/draw")
	if sum.UpdateDrawCPUMeanMs > 0 {
		b.ReportMetric(sum.UpdateDrawCPUMeanMs/n, "cpu-ms/update+draw")
		b.ReportMetric(sum.UpdateDrawCPUP95Ms/n, "p95-cpu-ms/update+draw")
	}
	b.ReportMetric(sum.FrameMeanMs/n, "ms/frame")
	b.ReportMetric(sum.FrameP95Ms/n, "p95-ms/frame")
	b.ReportMetric(0, "ns/op") // the time of a whole run of the program says nothing
}
