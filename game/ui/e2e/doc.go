// Package e2e holds the client's end-to-end tests, which run real programs rather than
// import the client: the desktop client under Xvfb, the browser client in headless
// Chromium against a real relay, and the frame benchmark. They live in their own package
// because any package that imports Ebiten needs a display before its tests even start;
// this one imports no Ebiten and starts Xvfb itself when there is no display.
package e2e
