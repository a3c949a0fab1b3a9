package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"impactkaarten/cards"
)

const testdata = "../../cards/testdata"

func runDeckcheck(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestGoodDecks(t *testing.T) {
	code, out, errOut := runDeckcheck()
	if code != 0 || errOut != "" {
		t.Fatalf("default deck: exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if !strings.HasPrefix(out, `digitaal-dna.json: "Digitaal DNA" (digitaal-dna) v`) || len(lines) != 4 {
		t.Errorf("default deck: %q", out)
	}
	// The default deck gives every technology card a watch-out, a first step and an effort.
	d, err := cards.Default()
	if err != nil {
		t.Fatal(err)
	}
	n := d.Count(cards.Technology)
	if want := fmt.Sprintf("a watch-out: %d of %d, a first step: %d of %d, an effort: %d of %d (", n, n, n, n, n, n); !strings.Contains(out, want) {
		t.Errorf("default deck: no %q in\n%s", want, out)
	}
	if !strings.Contains(out, "digitaal-dna.json:   cards with a source: ") {
		t.Errorf("default deck: no count of sources in\n%s", out)
	}

	good := filepath.Join(testdata, "good.csv")
	code, out, _ = runDeckcheck(good, good)
	want := good + `: "good" (good) v1 — 32 cards: 4 statement, 6 technology, 2 question, 2 advice, 18 blank` + "\n" +
		good + `:   parts on technology cards: aanbod 2, bereik 4, impact 3, inkomsten 4` + "\n" +
		good + `:   technology cards with a watch-out: 0 of 6, a first step: 0 of 6, an effort: 0 of 6 (0 small, 0 medium, 0 large)` + "\n"
	if code != 0 || out != want+want {
		t.Errorf("exit %d, output\n%s\nwant\n%s", code, out, want+want)
	}
}

func TestBadDeck(t *testing.T) {
	bad := filepath.Join(testdata, "bad.json")
	code, out, errOut := runDeckcheck(filepath.Join(testdata, "good.csv"), bad)
	if code != 1 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	// A summary and two lines of details for the good deck, a line per problem, and a count.
	if len(lines) != 3+26+1 {
		t.Errorf("got %d lines:\n%s", len(lines), out)
	}
	for _, l := range lines[3:] {
		if !strings.HasPrefix(l, bad+": ") {
			t.Errorf("line without the file name: %q", l)
		}
	}
	if want := bad + `: line 10 (card "st-1"), title.en: missing English translation`; !strings.Contains(out, want+"\n") {
		t.Errorf("missing %q in\n%s", want, out)
	}
	if want := bad + ": 26 problems"; lines[len(lines)-1] != want {
		t.Errorf("last line %q, want %q", lines[len(lines)-1], want)
	}

	// In Dutch when asked: the problems, their count and the good deck's summary.
	good := filepath.Join(testdata, "good.csv")
	code, out, errOut = runDeckcheck("-lang", "nl", good, bad)
	if code != 1 || errOut != "" {
		t.Fatalf("-lang nl: exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{
		good + `: "good" (good) v1 — 32 kaarten: 4 statement, 6 technology, 2 question, 2 advice, 18 blank`,
		good + `:   onderdelen op technologiekaarten: aanbod 2, bereik 4, impact 3, inkomsten 4`,
		bad + `: regel 10 (kaart "st-1"), title.en: de Engelse vertaling ontbreekt`,
		bad + ": 26 problemen",
	} {
		if !strings.Contains(out, want+"\n") {
			t.Errorf("-lang nl: missing %q in\n%s", want, out)
		}
	}
	if strings.Contains(out, "missing") || strings.Contains(out, " cards:") || strings.Contains(out, "problems") {
		t.Errorf("-lang nl: English in\n%s", out)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		msg  string
	}{
		{"missing file", []string{filepath.Join(testdata, "good.csv"), "no-such-deck.json"}, "no-such-deck.json"},
		{"a directory", []string{testdata}, "is a directory"},
		{"unknown flag", []string{"-x"}, "usage: deckcheck"},
		{"bad separator", []string{"-csv", "-comma", "|"}, `-comma "|"`},
		{"two formats", []string{"-csv", "-json"}, "choose one"},
		// A file that cannot be read outweighs a deck with problems.
		{"bad deck and missing file", []string{filepath.Join(testdata, "bad.csv"), "no-such-deck.csv"}, "no-such-deck.csv"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := runDeckcheck(tc.args...)
			if code != 2 || !strings.Contains(errOut, tc.msg) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, errOut, tc.msg)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	code, out, errOut := runDeckcheck("-h")
	if code != 0 || out != "" || !strings.Contains(errOut, "usage: deckcheck") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

func TestWriteFormats(t *testing.T) {
	def, err := cards.Default()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.ContainsFunc(def.Cards, func(c cards.Card) bool { return c.Source != nil && c.Effort != "" && !c.WatchOut.IsZero() }) {
		t.Fatal("the default deck has no technology card with a source, a watch-out and an effort to export")
	}
	code, out, errOut := runDeckcheck("-csv", "-comma", ";")
	if code != 0 || !strings.HasPrefix(errOut, "digitaal-dna.json: ") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.HasPrefix(out, "\uFEFFid;kind;") || !strings.Contains(strings.SplitN(out, "\n", 2)[0], ";watch_out_nl;watch_out_en;first_step_nl;first_step_en;effort;source_name;source_year;source_url") {
		t.Errorf("not a semicolon CSV: %.40q", out)
	}
	d, err := cards.LoadCSV(strings.NewReader(out))
	if err != nil || !reflect.DeepEqual(d.Cards, def.Cards) {
		t.Errorf("the CSV does not load as the default deck: %v", err)
	}

	// A spreadsheet turned into a JSON deck.
	dir := t.TempDir()
	src := filepath.Join(dir, "Mijn deck.csv")
	if err := os.WriteFile(src, []byte(out), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runDeckcheck("-json", src)
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	d, err = cards.LoadJSON(strings.NewReader(out))
	if err != nil || d.ID != "mijn-deck" || !reflect.DeepEqual(d.Cards, def.Cards) {
		t.Errorf("the JSON does not load as the deck: %v", err)
	}

	// A bad first deck writes nothing.
	code, out, _ = runDeckcheck("-csv", filepath.Join(testdata, "bad.csv"))
	if code != 1 || out != "" {
		t.Errorf("exit %d, stdout %q", code, out)
	}
}

// TestPrint: -print writes the deck as a printable PDF in the chosen language, the built-in
// deck or a file; a wrong language or a second output is a usage error.
func TestPrint(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"built-in deck in Dutch", []string{"-print", filepath.Join(dir, "nl.pdf")}},
		{"a deck file in English", []string{"-print", filepath.Join(dir, "en.pdf"), "-lang", "en", filepath.Join(testdata, "good.csv")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runDeckcheck(tc.args...)
			if code != 0 || errOut != "" || out == "" {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
			}
			data, err := os.ReadFile(tc.args[1])
			if err != nil || !bytes.HasPrefix(data, []byte("%PDF-1.")) || len(data) < 10000 {
				t.Fatalf("the print is not a PDF (%d bytes, %v)", len(data), err)
			}
		})
	}
	for _, args := range [][]string{
		{"-print", filepath.Join(dir, "x.pdf"), "-lang", "de"},
		{"-print", filepath.Join(dir, "x.pdf"), "-csv"},
	} {
		if code, _, _ := runDeckcheck(args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}
