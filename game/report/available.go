//go:build !js

package report

import "slices"

// Available reports whether Render makes format on this platform: every format, except
// that the browser client leaves HTML and PNG to the relay (see render_js.go).
func Available(format string) bool { return slices.Contains(Formats[:], format) }
