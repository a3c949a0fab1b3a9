package docs

import (
	"strings"
	"testing"

	"impactkaarten/cards"
)

// TestGuide checks that both guides hold every part the facilitator needs, and that the page
// renders their tables and quotes.
func TestGuide(t *testing.T) {
	want := map[cards.Lang][]string{
		cards.NL: {"Draaiboek voor 60 minuten", "Draaiboek voor 90 minuten", "Draaiboek voor 120 minuten",
			"Wat je zegt in elke fase", "4–6, 8–12 of 12–20 mensen", "Hybride", "verste paar", "Na afloop"},
		cards.EN: {"Script for 60 minutes", "Script for 90 minutes", "Script for 120 minutes",
			"What you say in each phase", "4–6, 8–12 or 12–20 people", "Hybrid", "furthest-apart pair", "Afterwards"},
	}
	for _, l := range cards.Langs {
		t.Run(string(l), func(t *testing.T) {
			page, err := GuideHTML(l)
			if err != nil {
				t.Fatal(err)
			}
			html := string(page)
			for _, w := range want[l] {
				if !strings.Contains(html, w) {
					t.Errorf("the guide lacks %q", w)
				}
			}
			if n := strings.Count(html, "<table>"); n < 4 {
				t.Errorf("%d tables; the four parts and three scripts are tables", n)
			}
			if !strings.Contains(html, `<html lang="`+string(l)+`">`) || !strings.Contains(html, "<blockquote>") {
				t.Error("the page lacks its language or the opening words")
			}
		})
	}
}

// TestGuideScripts checks that each script's times run without gaps from 0:00 to its length.
func TestGuideScripts(t *testing.T) {
	for _, l := range cards.Langs {
		md := GuideMarkdown(l)
		for _, length := range []string{"1:00", "1:30", "2:00"} {
			// The rows of a script are "| 0:05–0:08 | …"; the last one ends at its length.
			if !strings.Contains(md, "–"+length+" |") {
				t.Errorf("%s: no script row ends at %s", l, length)
			}
		}
		var prevEnd string
		for _, line := range strings.Split(md, "\n") {
			if !strings.HasPrefix(line, "| ") || !strings.Contains(line, "–") {
				continue
			}
			cell := strings.TrimSpace(strings.Split(line, "|")[1])
			from, to, ok := strings.Cut(cell, "–")
			if !ok || !strings.Contains(from, ":") {
				continue
			}
			if from != "0:00" && from != prevEnd {
				t.Errorf("%s: row %q starts at %s, the previous ended at %s", l, cell, from, prevEnd)
			}
			prevEnd = to
		}
	}
}
