//go:build !js

package report

// round writes a round as a section of the PDF.
func (d *pdfDoc) round(rd *Round, what string) {
	if rd == nil {
		return
	}
	d.heading(rd.heading(what))
	for _, l := range roundText(rd) {
		d.item("•", l)
	}
}
