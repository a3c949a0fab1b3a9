//go:build js

package report

import "errors"

// errInBrowser is what the browser client gets for the formats it does not make itself:
// the standalone HTML page, the canvas PNG, the PDF and the invitation need html/template,
// a rasteriser, a PDF writer and a calendar library, which
// would make the WebAssembly module a quarter of a megabyte larger. The relay makes them
// for every room on a server; only a practice room in the browser goes without.
var errInBrowser = errors.New("the browser does not make this format itself; the relay and the desktop app do")

// HTML is not made in the browser; see errInBrowser.
func HTML(*Report) ([]byte, error) { return nil, errInBrowser }

// PNG is not made in the browser; see errInBrowser.
func PNG(*Report) ([]byte, error) { return nil, errInBrowser }

// PDF is not made in the browser: the PDF writer and its embedded font would add more than
// the HTML page does; see errInBrowser.
func PDF(*Report) ([]byte, error) { return nil, errInBrowser }

// ICS is not made in the browser; see errInBrowser.
func ICS(*Report) ([]byte, error) { return nil, errInBrowser }

// Available reports whether Render makes format on this platform.
func Available(format string) bool {
	switch format {
	case "html", "png", "pdf", "ics":
		return false
	}
	return true
}
