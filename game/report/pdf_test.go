package report

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"impactkaarten/cards"
	"impactkaarten/game"
)

// goldenPDF checks a PDF by its text, as a reader shows it: pdftotext (poppler-utils, which
// scripts/setup.sh installs) extracts it, and the text is compared with the golden file.
// Without pdftotext only the file's frame is checked, and the test says so.
func goldenPDF(t *testing.T, name string, data []byte) {
	t.Helper()
	if !bytes.HasPrefix(data, []byte("%PDF-1.")) || !bytes.Contains(data[max(0, len(data)-64):], []byte("%%EOF")) {
		t.Fatalf("%s: not a whole PDF file", name)
	}
	text := pdfText(t, data)
	if text == "" {
		return
	}
	golden(t, name, []byte(text))
}

// pdfText returns the text of a PDF in reading order, or "" (after t.Log) without pdftotext.
func pdfText(t *testing.T, data []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext (poppler-utils) is not installed: the PDF's text is not checked")
		return ""
	}
	path := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	// Trailing spaces of the layout mode say nothing about the document.
	lines := strings.Split(string(out), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// TestICS parses the invitation back and checks the rules of RFC 5545 a calendar relies on.
func TestICS(t *testing.T) {
	sc := newScenario(t)
	r := sc.build(cards.NL)
	data, err := ICS(r)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	if !strings.HasSuffix(text, "\r\n") || strings.Count(text, "\n") != strings.Count(text, "\r\n") {
		t.Error("lines do not all end in CRLF")
	}
	for _, line := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line of %d octets, longer than 75: %q", len(line), line)
		}
	}
	cal, err := ics.ParseCalendar(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("%d events", len(events))
	}
	ev := events[0]
	prop := func(p ics.ComponentProperty) string {
		if v := ev.GetProperty(p); v != nil {
			return v.Value
		}
		return ""
	}
	start, err := ev.GetStartAt()
	if err != nil {
		t.Fatal(err)
	}
	end, _ := ev.GetEndAt()
	if want := time.Date(2026, 12, 18, 10, 0, 0, 0, cet); !start.Equal(want) || end.Sub(start) != time.Hour {
		t.Errorf("the meeting runs %v–%v, want an hour from %v", start, end, want)
	}
	if uid := prop(ics.ComponentPropertyUniqueId); !strings.HasSuffix(uid, "@impactkaarten") {
		t.Errorf("UID %q", uid)
	}
	if prop(ics.ComponentPropertyDtstamp) != "20261125T094415Z" {
		t.Errorf("DTSTAMP %q", prop(ics.ComponentPropertyDtstamp))
	}
	if s := prop(ics.ComponentPropertySummary); s != "Vervolgoverleg: Impactkaarten-sessie van 25 november 2026" {
		t.Errorf("summary %q", s)
	}
	desc := ics.FromText(prop(ics.ComponentPropertyDescription))
	for _, want := range []string{"Doel: Van de prioriteiten", "1. Opening", "— 5 min", "Gevraagde besluiten:", "Theater & Co",
		`“Offerte "Theater & Co" opvragen <vóór kerst>”`, "; "} {
		if !strings.Contains(desc, want) {
			t.Errorf("description lacks %q:\n%s", want, desc)
		}
	}
	again, _ := ICS(r)
	if !bytes.Equal(data, again) {
		t.Error("the same report gives another invitation")
	}
}

// TestHideVoters checks that, with anonymous votes, no export links a vote or a dot to a name.
func TestHideVoters(t *testing.T) {
	sc := newScenario(t)
	r := sc.build(cards.NL)
	r.hideVoters()
	for _, format := range []string{"md", "html", "csv", "json", "pdf"} {
		data, _, _, err := Render(r, format)
		if err != nil {
			t.Fatal(err)
		}
		if format == "pdf" {
			if data = []byte(pdfText(t, data)); len(data) == 0 {
				continue
			}
		}
		for _, leak := range []string{"Wie stemde wat", "Verst uit elkaar", "Fenna 4", "Zoë (1)", `"dotsBy"`, "vote;1;", "dot;"} {
			if bytes.Contains(data, []byte(leak)) {
				t.Errorf("%s: with anonymous votes the export still holds %q", format, leak)
			}
		}
		if format == "csv" && !bytes.Contains(data, []byte("vote;")) {
			t.Error("the CSV lost the votes themselves")
		}
	}
}

// TestSources checks the appendix: the sources of the cards played or shown, each once,
// in every format.
func TestSources(t *testing.T) {
	sc := newScenario(t)
	deck := *sc.s.Deck
	deck.Cards = append([]cards.Card(nil), deck.Cards...)
	withSource := map[string]*cards.Source{
		sc.played[0]:             {Name: "DEN, Digitale Cultuur Monitor", Year: 2025, URL: "https://www.den.nl/digitale_monitor"},
		sc.s.Rounds[0].Card:      {Name: "Boekman Stichting", Year: 2024},
		deck.IDs(cards.Blank)[0]: {Name: "not played", Year: 2020},
	}
	for i := range deck.Cards {
		deck.Cards[i].Source = withSource[deck.Cards[i].ID]
	}
	deck.Index()
	r, err := FromView(game.View(sc.s, game.System), &deck, sc.info(), cards.NL)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Sources) != 2 || r.Sources[0].Name != "Boekman Stichting" || r.Sources[1].URL != "https://www.den.nl/digitale_monitor" {
		t.Fatalf("sources %+v", r.Sources)
	}
	for _, format := range []string{"md", "html", "pdf"} {
		data, _, _, err := Render(r, format)
		if err != nil {
			t.Fatal(err)
		}
		if format == "pdf" {
			if data = []byte(pdfText(t, data)); len(data) == 0 {
				continue
			}
			data = []byte(strings.Join(strings.Fields(string(data)), " ")) // lines wrap anywhere
		}
		for _, want := range []string{"Bijlage: bronnen", "DEN, Digitale Cultuur Monitor (2025)", "https://www.den.nl/digitale_monitor", "Boekman Stichting (2024)"} {
			if !bytes.Contains(data, []byte(want)) {
				t.Errorf("%s lacks %q", format, want)
			}
		}
		if format == "md" && !bytes.Contains(data, []byte("<https://www.den.nl/digitale_monitor>")) {
			t.Error("the Markdown's link is not an autolink")
		}
		if bytes.Contains(data, []byte("not played")) {
			t.Errorf("%s lists the source of a card nobody played", format)
		}
	}
}
