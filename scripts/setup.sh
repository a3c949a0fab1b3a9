#!/usr/bin/env bash
# Installs what building and testing Impactkaarten needs on a fresh Debian machine, and
# nothing that is already there: Debian packages (Ebiten's C headers, Xvfb, Chromium for the
# browser tests, the icon font the card icons are generated from, the servers the cluster
# tests run, and Node when there is none), and Go tools. Safe to run again and again: it says what it installs,
# and says nothing when everything is there.
set -euo pipefail

apt_packages=(
  # Ebiten's desktop build (cgo).
  libx11-dev libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev
  libgl1-mesa-dev libasound2-dev pkg-config
  # A display for the desktop client's test, and a browser for the web client's test.
  xvfb xauth x11-apps imagemagick chromium poppler-utils
  # The icon font whose stylesheet cards/icons.go is generated from (its test compares).
  fonts-materialdesignicons-webfont
  # The cluster's tests: a real Redis, and the load balancers whose configurations deploy/
  # holds (their tests check them with nginx -t and haproxy -c).
  redis-server nginx haproxy
)

missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node (18 or later) runs the protocol client written from docs/protocol.md (TestDocClient);
# any node on the PATH will do, Debian's package only when there is none.
command -v node >/dev/null || missing+=(nodejs)
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # Another apt-get (unattended upgrades, a second shell) may hold the dpkg lock: wait for
  # it rather than fail.
  lock=(-o DPkg::Lock::Timeout=600)
  echo "setup: apt-get update (waits up to 10 minutes for another apt-get to finish)"
  $sudo apt-get "${lock[@]}" update -qq
  echo "setup: apt-get install (this can take several minutes)"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get "${lock[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup: Debian packages installed"
fi

gobin="$(go env GOPATH)/bin"
if ! [ -x "$gobin/staticcheck" ] || ! "$gobin/staticcheck" -version 2>/dev/null | grep -q '0.8.2\|2025.1\|2026'; then
  echo "setup: installing staticcheck v0.8.2 into $gobin"
  go install honnef.co/go/tools/cmd/staticcheck@v0.8.2
fi
