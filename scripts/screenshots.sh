#!/usr/bin/env bash
# Regenerates docs/screenshots/: every scene of a scripted practice session at the four
# sizes the client serves (a meeting-room screen, a laptop, two phones), the two phones
# again at two device pixels per CSS pixel (as most phones draw; <size>@2x), and every
# scene as the meeting-room screen shows it. Needs a display: under no DISPLAY it runs in
# Xvfb. Dutch goes to docs/screenshots/, another language to docs/screenshots/<lang>/.
# scripts/screenshots.sh --browser instead plays the meeting-room session of
# TestBrowserMeetingRoom in headless Chromium (a laptop, two phones at device pixel ratios
# 2 and 3, the meeting-room screen; in Dutch) and keeps its pictures in
# docs/screenshots/browser/: what a browser draws on a high-density phone. It builds the
# web client first (scripts/build-web.sh) and needs chromium.
# The pictures are reduced to a palette of at most 256 colours by pngquant (installed from
# Debian's apt when missing), which keeps them a third of their size or less without a
# difference the eye can see: the committed screenshots stay small.
# Usage: scripts/screenshots.sh [lang | --browser]   (nl by default)
set -euo pipefail
cd "$(dirname "$0")/.."

# shrink reduces every PNG under the directories given in place; one that would not get
# smaller, or not keep the quality asked, is left as it is (pngquant's exit codes 98, 99).
shrink() {
	if ! command -v pngquant >/dev/null; then
		echo "screenshots: installing pngquant"
		sudo=""
		[ "$(id -u)" -eq 0 ] || sudo="sudo"
		$sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends pngquant >/dev/null
	fi
	find "$@" -name '*.png' -print0 | xargs -0 -r -n 16 -P 2 sh -c '
		for f; do pngquant --quality=80-100 --speed 3 --strip --skip-if-larger --force --ext .png "$f" || [ $? -ge 98 ]; done' sh
}
if [ "${1:-}" = --browser ]; then
	bash scripts/build-web.sh
	rm -rf docs/screenshots/browser
	mkdir -p docs/screenshots/browser
	IMPACTKAARTEN_WEB="$PWD/web/build" IMPACTKAARTEN_SHOTS="$PWD/docs/screenshots/browser" \
		go test -count=1 -timeout 60m -run 'TestBrowserMeetingRoom$' ./game/ui/e2e
	shrink docs/screenshots/browser
	echo "screenshots in docs/screenshots/browser"
	exit
fi
lang="${1:-nl}"
out=docs/screenshots
if [ "$lang" != nl ]; then out="docs/screenshots/$lang"; fi
tool="$(mktemp -d)/uitool"
trap 'rm -rf "$(dirname "$tool")"' EXIT
go build -o "$tool" ./game/ui/internal/uitool
run() {
	if [ -n "${DISPLAY:-}" ]; then "$tool" "$@"; else xvfb-run -a -s '-screen 0 1920x1080x24' "$tool" "$@"; fi
}
for size in 1920x1080 1280x720 390x844 360x640; do
	rm -rf "${out:?}/$size"
	run -shots "$out/$size" -size "$size" -lang "$lang"
done
for size in 390x844 360x640; do
	rm -rf "${out:?}/$size@2x"
	run -shots "$out/$size@2x" -size "$size" -dpr 2 -lang "$lang"
done
rm -rf "${out:?}/screen-1920x1080"
run -shots "$out/screen-1920x1080" -size 1920x1080 -lang "$lang" -screen
shrink "$out"/1920x1080 "$out"/1280x720 "$out"/390x844* "$out"/360x640* "$out"/screen-1920x1080
echo "screenshots in $out"
