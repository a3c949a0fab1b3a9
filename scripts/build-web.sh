#!/usr/bin/env bash
# Builds the browser client into web/build (never committed): the WebAssembly module, the
# wasm_exec.js of the Go that built it (they must match, so it is copied, not kept), the
# page from assets/web, and .gz and .br copies that the relay serves to browsers that
# accept them.
#
# It says what it is doing (the first build takes minutes), and does nothing when the
# directory already holds a build of the same inputs: the Go version, the module's own
# files the client is built from (Go and embedded files), the versions of the modules it
# uses, the page and this script. Their fingerprint is kept in .inputs beside the build.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${WEB_OUT:-web/build}"
mkdir -p "$out"

fingerprint() {
  go version
  go env GOFLAGS
  # Files of this module by content; other modules by version (the module cache is
  # read-only, so a version names its files).
  GOOS=js GOARCH=wasm go list -deps -f '{{if .Module}}{{if .Module.Main}}{{$d := .Dir}}{{range .GoFiles}}{{$d}}/{{.}}
{{end}}{{range .EmbedFiles}}{{$d}}/{{.}}
{{end}}{{else}}{{.ImportPath}} {{.Module.Path}}@{{.Module.Version}}
{{end}}{{end}}' ./cmd/impactkaarten | while read -r line; do
    if [ -f "$line" ]; then sha256sum "$line"; else echo "$line"; fi
  done
  sha256sum go.mod go.sum assets/web/* cmd/precompress/*.go "$0"
}

sum="$(fingerprint | sha256sum | cut -d' ' -f1)"
outputs=(impactkaarten.wasm impactkaarten.wasm.gz impactkaarten.wasm.br wasm_exec.js wasm_exec.js.gz wasm_exec.js.br)
up_to_date=1
for f in "${outputs[@]}"; do [ -f "$out/$f" ] || up_to_date=0; done
if ((up_to_date)) && [ "$(cat "$out/.inputs" 2>/dev/null)" = "$sum" ]; then
  echo "build-web: $out is up to date"
  exit 0
fi

rm -f "$out/.inputs" # a build that stops half-way is not up to date
start=$SECONDS
echo "build-web: compiling the client for the browser (GOOS=js GOARCH=wasm); the first build takes a few minutes, later ones reuse Go's build cache"
GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$out/impactkaarten.wasm" ./cmd/impactkaarten
echo "build-web: compiled in $((SECONDS - start)) s; compressing it for the relay (gzip and brotli)"
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$out/wasm_exec.js"
cp assets/web/* "$out/"
go run ./cmd/precompress "$out/impactkaarten.wasm" "$out/wasm_exec.js"
echo "$sum" >"$out/.inputs"
echo "build-web: done in $((SECONDS - start)) s: $out"
