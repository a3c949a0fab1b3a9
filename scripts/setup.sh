#!/usr/bin/env bash
# Installs what building and testing Impactkaarten needs on a fresh Debian machine, and
# nothing that is already there: Debian packages (Ebiten's C headers, Xvfb, Chromium for the
# browser tests), and Go tools. Safe to run again and again.
set -euo pipefail

apt_packages=(
  # Ebiten's desktop build (cgo).
  libx11-dev libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev
  libgl1-mesa-dev libasound2-dev pkg-config
  # A display for the desktop client's test, and a browser for the web client's test.
  xvfb xauth x11-apps imagemagick chromium poppler-utils
  # The cluster's tests: a real Redis, and the load balancers whose configurations deploy/
  # holds (their tests check them with nginx -t and haproxy -c).
  redis-server nginx haproxy
)

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

gobin="$(go env GOPATH)/bin"
if ! [ -x "$gobin/staticcheck" ] || ! "$gobin/staticcheck" -version 2>/dev/null | grep -q '0.8.2\|2025.1\|2026'; then
  echo "setup: installing staticcheck"
  go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
fi
