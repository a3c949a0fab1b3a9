package cardpdf

import (
	"testing"

	"impactkaarten/cards"
)

// BenchmarkPrint measures printing the built-in deck, which the relay caches per language.
func BenchmarkPrint(b *testing.B) {
	d, err := cards.Default()
	if err != nil {
		b.Fatal(err)
	}
	var n int
	for b.Loop() {
		data, err := Bytes(d, cards.NL)
		if err != nil {
			b.Fatal(err)
		}
		n = len(data)
	}
	b.ReportMetric(float64(n), "bytes")
}
