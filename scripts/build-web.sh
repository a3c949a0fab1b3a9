#!/usr/bin/env bash
# Builds the browser client into web/build (never committed): the WebAssembly module, the
# wasm_exec.js of the Go that built it (they must match, so it is copied, not kept), the
# page from assets/web, and .gz and .br copies that the relay serves to browsers that
# accept them.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${WEB_OUT:-web/build}"
mkdir -p "$out"
echo "build-web: compiling the client for the browser"
GOOS=js GOARCH=wasm go build -trimpath -ldflags='-s -w' -o "$out/impactkaarten.wasm" ./cmd/impactkaarten
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$out/wasm_exec.js"
cp assets/web/* "$out/"
go run ./cmd/precompress "$out/impactkaarten.wasm" "$out/wasm_exec.js"
echo "build-web: done in $out"
