package report

import (
	"testing"

	"impactkaarten/cards"
)

// BenchmarkBuild measures what the relay does inside a room's goroutine: building the
// report from the state. Rendering (BenchmarkRender) can then run outside it.
func BenchmarkBuild(b *testing.B) {
	sc := newScenario(b)
	info := sc.info()
	for b.Loop() {
		if _, err := Build(sc.s, info, cards.NL); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	sc := newScenario(b)
	r := sc.build(cards.NL)
	for _, format := range Formats {
		b.Run(format, func(b *testing.B) {
			var size int
			for b.Loop() {
				data, _, _, err := Render(r, format)
				if err != nil {
					b.Fatal(err)
				}
				size = len(data)
			}
			b.ReportMetric(float64(size), "bytes")
		})
	}
}
