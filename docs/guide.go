// Package docs holds the documents the product serves itself: the facilitator's guide, in
// Dutch and English, which the relay shows as a printable page and the desktop app saves.
// The Markdown files next to this one are the guide's only source.
package docs

import (
	"bytes"
	_ "embed" // the guide's Markdown
	"encoding/base64"
	"fmt"
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"impactkaarten/assets"
	"impactkaarten/cards"
)

//go:embed facilitator-guide.nl.md
var guideNL string

//go:embed facilitator-guide.en.md
var guideEN string

// GuideMarkdown returns the facilitator's guide in language l (Dutch for anything but English).
func GuideMarkdown(l cards.Lang) string {
	if l == cards.EN {
		return guideEN
	}
	return guideNL
}

// GuideHTML renders the guide as one standalone page that prints on A4: its tables stay
// whole on a page, headings stay with what follows, and it needs no other file. goldmark
// renders the Markdown (with tables); raw HTML in the Markdown is not passed through.
func GuideHTML(l cards.Lang) ([]byte, error) {
	// Typographer turns the Markdown's straight quotes into curly ones, as print has them.
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Typographer))
	var body bytes.Buffer
	if err := md.Convert([]byte(GuideMarkdown(l)), &body); err != nil {
		return nil, fmt.Errorf("guide: %w", err)
	}
	lang := cards.NL
	if l == cards.EN {
		lang = cards.EN
	}
	var page bytes.Buffer
	err := guidePage.Execute(&page, struct {
		Lang  cards.Lang
		Title string
		Fonts template.CSS
		Body  template.HTML
	}{lang, map[cards.Lang]string{cards.NL: "Handleiding voor de facilitator", cards.EN: "The facilitator's guide"}[lang],
		fontCSS(),
		// goldmark escapes the text and drops raw HTML, and the Markdown is ours.
		template.HTML(body.String())})
	if err != nil {
		return nil, fmt.Errorf("guide: %w", err)
	}
	return page.Bytes(), nil
}

// fontCSS declares Inter, embedded, so the page looks and prints the same everywhere. It is
// built from the embedded font files only, never from text, so it is safe to trust.
func fontCSS() template.CSS {
	face := func(weight int, data []byte) string {
		return fmt.Sprintf("@font-face { font-family: \"Inter\"; font-weight: %d; font-display: block; "+
			"src: url(data:font/otf;base64,%s) format(\"opentype\"); }\n", weight, base64.StdEncoding.EncodeToString(data))
	}
	return template.CSS(face(400, assets.InterRegular) + face(600, assets.InterSemiBold))
}

var guidePage = template.Must(template.New("guide").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Impactkaarten — {{.Title}}</title>
<style>
{{.Fonts}}
@page { size: A4; margin: 16mm 16mm 18mm; }
:root { --table: #1F3D36; --paper: #F7F4EC; --ink: #1E2622; --muted: #5C6660; --rule: #D5CFC1; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink); font: 16px/1.55 Inter, "Segoe UI", "Helvetica Neue", Arial, sans-serif; }
main { max-width: 820px; margin: 0 auto; padding: 32px 24px 64px; }
h1 { color: var(--table); font-size: 30px; line-height: 1.2; margin: 0 0 16px; }
h2 { color: var(--table); font-size: 21px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--rule); }
h1, h2, h3, strong, th { font-weight: 600; }
h2, h3 { break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 12px 0; background: #fff; break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 7px 10px; border: 1px solid var(--rule); font-size: 14px; }
th { background: var(--table); color: var(--paper); }
td:first-child { white-space: nowrap; font-variant-numeric: tabular-nums; }
blockquote { margin: 14px 0; padding: 10px 18px; border-left: 5px solid var(--table); background: #fff; }
code { font-size: 90%; background: #fff; padding: 1px 4px; border-radius: 4px; }
li { margin: 3px 0; }
.print { float: right; font: inherit; font-size: 14px; padding: 6px 14px; border-radius: 999px; border: 1px solid var(--table); background: #fff; color: var(--table); cursor: pointer; }
@media print {
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  .print { display: none; }
  h2 { font-size: 15pt; margin-top: 22px; }
  th, td { font-size: 9pt; padding: 4px 7px; }
}
</style>
</head>
<body>
<main>
<button class="print" onclick="window.print()">{{if eq .Lang "en"}}Print{{else}}Afdrukken{{end}}</button>
{{.Body}}
</main>
</body>
</html>
`))
