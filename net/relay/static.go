package relay

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"strings"
	"sync"
	"time"

	"impactkaarten/assets"
)

// placeholder is served when the web client has not been built.
const placeholder = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Impactkaarten</title>
<link rel="icon" href="favicon.svg" type="image/svg+xml">
<style>body{margin:0;min-height:100vh;display:grid;place-items:center;background:#1F3D36;color:#F7F4EC;font-family:system-ui,sans-serif}
main{max-width:34rem;padding:2rem;line-height:1.5}h1{font-weight:600}code{background:#0003;padding:.1em .3em;border-radius:4px}</style></head>
<body><main><h1>Impactkaarten</h1>
<p>De relay draait, maar de webclient is nog niet gebouwd. Start met <code>make run</code>.</p>
<p lang="en">The relay is running, but the web client has not been built. Start it with <code>make run</code>.</p>
</main></body></html>
`

// staticFiles serves the built web client. For a file X it serves X.br or X.gz instead
// when the browser accepts that encoding and the file exists, so the large .wasm travels
// compressed without compressing it on every request.
type staticFiles struct {
	fsys fs.FS // nil: no client

	// Files embedded in the binary have no modification time, so their ETag is a hash of
	// their content, computed on first request (not at start: hashing the client's
	// megabytes would delay a restart) and kept here.
	mu    sync.Mutex
	etags map[string]string
}

func newStaticFiles(cfg Config) *staticFiles {
	fsys := cfg.Web
	if cfg.WebDir != "" {
		fsys = os.DirFS(cfg.WebDir)
	}
	return &staticFiles{fsys: fsys, etags: make(map[string]string)}
}

func (s *staticFiles) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	name := path.Clean("/" + r.URL.Path)
	switch name {
	case "/":
		name = "/index.html"
	case "/favicon.svg", "/favicon.ico":
		// The relay's own, so that it is there with or without a built client. Browsers
		// ask for /favicon.ico by default and show an SVG sent under that name.
		w.Header().Set("Content-Type", "image/svg+xml")
		w.Header().Set("Cache-Control", "public, max-age=86400")
		_, _ = w.Write(assets.Favicon)
		return
	}
	if s.fsys == nil {
		servePlaceholder(w, r, name)
		return
	}
	file := strings.TrimPrefix(name, "/")
	info, err := fs.Stat(s.fsys, file)
	if err != nil || info.IsDir() {
		servePlaceholder(w, r, name)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if strings.HasSuffix(name, ".wasm") {
		ctype = "application/wasm"
	}
	if ctype != "" {
		w.Header().Set("Content-Type", ctype)
	}
	// File names carry no content hash, so browsers revalidate every time (cheap:
	// ETag/Last-Modified answer 304) and never run a stale client against a new relay.
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Add("Vary", "Accept-Encoding")
	accept := r.Header.Get("Accept-Encoding")
	for _, enc := range []struct{ token, ext string }{{"br", ".br"}, {"gzip", ".gz"}} {
		if !acceptsEncoding(accept, enc.token) {
			continue
		}
		if ci, err := fs.Stat(s.fsys, file+enc.ext); err == nil && !ci.IsDir() {
			w.Header().Set("Content-Encoding", enc.token)
			s.serveFile(w, r, name, file+enc.ext, ci, "-"+enc.token)
			return
		}
	}
	s.serveFile(w, r, name, file, info, "")
}

// serveFile serves file (a name in s.fsys) as name, with an ETag that changes with its
// content; suffix tells the encodings of one file apart.
func (s *staticFiles) serveFile(w http.ResponseWriter, r *http.Request, name, file string, info fs.FileInfo, suffix string) {
	f, err := s.fsys.Open(file)
	if err != nil {
		http.Error(w, "cannot read file", http.StatusInternalServerError)
		return
	}
	defer f.Close()
	rs, ok := f.(io.ReadSeeker) // both os.DirFS's and embed.FS's files seek
	if !ok {
		http.Error(w, "cannot read file", http.StatusInternalServerError)
		return
	}
	tag, err := s.etag(file, info, rs)
	if err != nil {
		http.Error(w, "cannot read file", http.StatusInternalServerError)
		return
	}
	w.Header().Set("ETag", `"`+tag+suffix+`"`)
	http.ServeContent(w, r, name, info.ModTime(), rs)
}

// etag is a file's version: its modification time and size, or for a file without a
// modification time (embedded), a hash of its content. rs is left at its start.
func (s *staticFiles) etag(file string, info fs.FileInfo, rs io.ReadSeeker) (string, error) {
	if !info.ModTime().Equal(time.Time{}) {
		return fmt.Sprintf("%x-%x", info.ModTime().UnixNano(), info.Size()), nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if tag, ok := s.etags[file]; ok {
		return tag, nil
	}
	h := sha256.New()
	if _, err := io.Copy(h, rs); err != nil {
		return "", fmt.Errorf("hash %s: %w", file, err)
	}
	if _, err := rs.Seek(0, io.SeekStart); err != nil {
		return "", fmt.Errorf("hash %s: %w", file, err)
	}
	tag := hex.EncodeToString(h.Sum(nil)[:12])
	s.etags[file] = tag
	return tag, nil
}

func servePlaceholder(w http.ResponseWriter, r *http.Request, name string) {
	if name != "/index.html" {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write([]byte(placeholder))
}

// acceptsEncoding reports whether an Accept-Encoding header allows token (q > 0).
func acceptsEncoding(header, token string) bool {
	for _, part := range strings.Split(header, ",") {
		fields := strings.Split(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(fields[0]), token) {
			continue
		}
		for _, f := range fields[1:] {
			if q, ok := strings.CutPrefix(strings.TrimSpace(f), "q="); ok && (q == "0" || q == "0.0" || q == "0.00" || q == "0.000") {
				return false
			}
		}
		return true
	}
	return false
}
