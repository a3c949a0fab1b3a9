// Command precompress writes a .gz and a .br next to each file it is given, so the relay
// can serve the web client compressed without compressing it on every request. It runs at
// build time (scripts/build-web.sh); brotli comes from github.com/andybalholm/brotli, a
// pure-Go port, so the build needs no brotli tool installed.
package main

import (
	"compress/gzip"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"

	"github.com/andybalholm/brotli"
)

func main() {
	level := flag.Int("brotli", 10, "brotli quality 0..11 (11 is slow on a large file and gains little)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: precompress [-brotli N] file...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	for _, name := range flag.Args() {
		if err := compress(name, *level); err != nil {
			log.Fatal(err)
		}
	}
}

// compress writes name.gz and name.br, each through a temporary file renamed into place,
// so the relay never serves half a file.
func compress(name string, level int) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return fmt.Errorf("precompress: %w", err)
	}
	if err := write(name+".gz", func(w io.Writer) (io.WriteCloser, error) {
		return gzip.NewWriterLevel(w, gzip.BestCompression)
	}, data); err != nil {
		return err
	}
	if err := write(name+".br", func(w io.Writer) (io.WriteCloser, error) {
		// brotli's default window (4 MiB, LGWin 22). The largest (16 MiB) once made the
		// module about 1 % smaller; on the module of December 2026 it makes it 4 kB larger
		// and takes 5 s more (docs/performance.md, "Browser").
		return brotli.NewWriterOptions(w, brotli.WriterOptions{Quality: level, LGWin: 22}), nil
	}, data); err != nil {
		return err
	}
	gz, _ := os.Stat(name + ".gz")
	br, _ := os.Stat(name + ".br")
	fmt.Printf("%s: %d bytes, gzip %d, brotli %d\n", filepath.Base(name), len(data), gz.Size(), br.Size())
	return nil
}

func write(path string, wrap func(io.Writer) (io.WriteCloser, error), data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".precompress-*")
	if err != nil {
		return fmt.Errorf("precompress: %w", err)
	}
	defer os.Remove(tmp.Name()) // gone after the rename; cleans up after a failure
	zw, err := wrap(tmp)
	if err != nil {
		tmp.Close()
		return fmt.Errorf("precompress %s: %w", path, err)
	}
	if _, err := zw.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("precompress %s: %w", path, err)
	}
	if err := zw.Close(); err != nil {
		tmp.Close()
		return fmt.Errorf("precompress %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("precompress %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return fmt.Errorf("precompress %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("precompress %s: %w", path, err)
	}
	return nil
}
