#!/usr/bin/env bash
# Writes the release files into dist/ (never committed), with their SHA-256 checksums in
# dist/SHA256SUMS. Arguments: the relay's platforms as GOOS/GOARCH (the Makefile's
# RELAY_TARGETS). Run by `make dist`, after `make web` has built the browser client into
# web/build, where the relay's build embeds it.
#
#   relay-GOOS-GOARCH[.exe]          the relay with the web client built in (CGO_ENABLED=0)
#   impactkaarten-web.tar.gz         the browser client alone (for relay -web DIR)
#   impactkaarten-windows-amd64.exe  the desktop client (Ebiten needs no cgo on Windows)
#   impactkaarten-linux-amd64        the desktop client, on a linux/amd64 machine only: Ebiten
#                                    needs cgo and the X11/OpenGL headers there
# The desktop client for macOS and for Linux on arm64 needs cgo with that platform's
# system libraries: build it on such a machine (README, "Release files").
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f web/build/index.html ]; then
	echo "dist: web/build has no client; run make web first" >&2
	exit 1
fi
rm -rf dist
mkdir -p dist
flags=(-trimpath -ldflags='-s -w')
for t in "$@"; do
	os=${t%/*} arch=${t#*/} ext=
	[ "$os" = windows ] && ext=.exe
	echo "dist: relay for $os/$arch"
	CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build "${flags[@]}" -o "dist/relay-$os-$arch$ext" ./cmd/relay
done
echo "dist: the browser client"
tar -czf dist/impactkaarten-web.tar.gz -C web/build --exclude unbuilt.html .
echo "dist: desktop client for windows/amd64"
CGO_ENABLED=0 GOOS=windows GOARCH=amd64 go build "${flags[@]}" -o dist/impactkaarten-windows-amd64.exe ./cmd/impactkaarten
if [ "$(go env GOHOSTOS)/$(go env GOHOSTARCH)" = linux/amd64 ]; then
	echo "dist: desktop client for linux/amd64 (cgo)"
	CGO_ENABLED=1 go build "${flags[@]}" -o dist/impactkaarten-linux-amd64 ./cmd/impactkaarten
else
	echo "dist: no desktop client for linux/amd64: it needs cgo, so build it on a linux/amd64 machine"
fi
(cd dist && sha256sum -- * >SHA256SUMS)
echo "dist: done"
ls -l dist
