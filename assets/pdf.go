//go:build !js

package assets

import _ "embed"

// InterRegularTTF and InterSemiBoldTTF are Inter with TrueType outlines, for the PDF
// writer, which embeds TrueType fonts only. They are the OpenType files above, converted
// with fontTools (cu2qu, tolerance 1 unit) and cut down to the Latin, punctuation, arrow and
// symbol blocks, so every Dutch and English letter renders (scripts/inter-ttf.sh makes them
// again). Only the relay and the desktop app write PDFs, so the browser build leaves them out.
//
//go:embed fonts/Inter-Regular.ttf
var InterRegularTTF []byte

// InterSemiBoldTTF: see InterRegularTTF.
//
//go:embed fonts/Inter-SemiBold.ttf
var InterSemiBoldTTF []byte
