package relay

import (
	"fmt"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
)

// placeholder is served when the web client has not been built.
const placeholder = `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Impactkaarten</title>
<style>body{margin:0;min-height:100vh;display:grid;place-items:center;background:#1F3D36;color:#F7F4EC;font-family:system-ui,sans-serif}
main{max-width:34rem;padding:2rem;line-height:1.5}h1{font-weight:600}code{background:#0003;padding:.1em .3em;border-radius:4px}</style></head>
<body><main><h1>Impactkaarten</h1>
<p>De relay draait, maar de webclient is nog niet gebouwd. Start met <code>make run</code>.</p>
<p lang="en">The relay is running, but the web client has not been built. Start it with <code>make run</code>.</p>
</main></body></html>
`

// static serves the built web client from cfg.WebDir. For a file X it serves X.br or X.gz
// instead when the browser accepts that encoding and the file exists, so the large .wasm
// travels compressed without compressing it on every request.
func (s *Server) static() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := path.Clean("/" + r.URL.Path)
		if name == "/" {
			name = "/index.html"
		}
		if s.cfg.WebDir == "" || strings.Contains(name, "..") {
			s.servePlaceholder(w, r, name)
			return
		}
		file := filepath.Join(s.cfg.WebDir, filepath.FromSlash(name))
		info, err := os.Stat(file)
		if err != nil || info.IsDir() {
			s.servePlaceholder(w, r, name)
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
			if ci, err := os.Stat(file + enc.ext); err == nil && !ci.IsDir() {
				f, err := os.Open(file + enc.ext)
				if err != nil {
					break
				}
				defer f.Close()
				w.Header().Set("Content-Encoding", enc.token)
				w.Header().Set("ETag", fmt.Sprintf(`"%x-%x-%s"`, ci.ModTime().UnixNano(), ci.Size(), enc.token))
				http.ServeContent(w, r, name, ci.ModTime(), f)
				return
			}
		}
		f, err := os.Open(file)
		if err != nil {
			http.Error(w, "cannot read file", http.StatusInternalServerError)
			return
		}
		defer f.Close()
		w.Header().Set("ETag", fmt.Sprintf(`"%x-%x"`, info.ModTime().UnixNano(), info.Size()))
		http.ServeContent(w, r, name, info.ModTime(), f)
	})
}

func (s *Server) servePlaceholder(w http.ResponseWriter, r *http.Request, name string) {
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
