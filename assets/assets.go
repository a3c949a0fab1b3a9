// Package assets holds the files the client and the report renderer embed: the typeface
// (Inter, SIL Open Font License), the icon font (Material Design Icons, SIL OFL for the
// font, CC BY for the icons) and, in web/, the page that loads the browser client. The
// licences sit next to the fonts in fonts/.
//
// The package is data only: no Ebiten, no I/O, so the relay can use it too.
package assets

import _ "embed"

// InterRegular is the text face for body text.
//
//go:embed fonts/Inter-Regular.otf
var InterRegular []byte

// InterSemiBold is the text face for titles, buttons and emphasis.
//
//go:embed fonts/Inter-SemiBold.otf
var InterSemiBold []byte

// Icons is the Material Design Icons font; cards.IconRune maps an icon name to its rune.
//
//go:embed fonts/materialdesignicons-webfont.ttf
var Icons []byte

// Favicon is the site icon (an SVG card with the four earning-model colours) that the
// relay serves at /favicon.svg and /favicon.ico, with or without a built web client.
//
//go:embed web/favicon.svg
var Favicon []byte
