//go:build unix

package store

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkSegmentSync is one group of the log: a 700-byte write and its fdatasync, at
// the end of a growing file (a segment created empty) and over zeros prepared beforehand
// (spareSegment). It reports the CPU time of each (cpu-ns/op) beside its wall time:
//
//	go test -run '^$' -bench SegmentSync -benchtime 3000x ./net/store
func BenchmarkSegmentSync(b *testing.B) {
	for _, tc := range []struct {
		name     string
		prepared bool
	}{{"growing", false}, {"over-zeros", true}} {
		b.Run(tc.name, func(b *testing.B) {
			name := filepath.Join(b.TempDir(), "segment")
			var f *os.File
			var err error
			if tc.prepared {
				f, err = fillZeros(name, int64(b.N+1)*700)
			} else {
				f, err = os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
			}
			if err != nil {
				b.Fatal(err)
			}
			defer f.Close()
			buf := make([]byte, 700)
			cpu0 := cpuTime()
			b.ResetTimer()
			for i := range b.N {
				if _, err := f.WriteAt(buf, int64(i)*700); err != nil {
					b.Fatal(err)
				}
				if err := syncData(f); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/op")
		})
	}
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
