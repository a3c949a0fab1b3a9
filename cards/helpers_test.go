package cards

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata from the current output")

// Positions of the cards of testDeck, for the tests that change one of them.
const (
	firstStatement  = 0
	firstTechnology = 4
	lastTechnology  = 27
	theQuestion     = 28
	theAdvice       = 29
	theBlank        = 30
)

// testDeck returns a small valid deck: 4 statements, 24 technologies, a question, an
// advice card and a blank card, so that every minimum is just met.
func testDeck() *Deck {
	d := &Deck{ID: "test", Version: 1, Name: Text{NL: "Proefdeck", EN: "Test deck"}}
	for i := range 4 {
		d.Cards = append(d.Cards, Card{ID: fmt.Sprintf("s%d", i), Kind: Statement,
			Title: Text{NL: fmt.Sprintf("Stelling %d", i), EN: fmt.Sprintf("Statement %d", i)}, Icon: "comment-text"})
	}
	for i := range 24 {
		d.Cards = append(d.Cards, Card{ID: fmt.Sprintf("t%02d", i), Kind: Technology,
			Title:   Text{NL: fmt.Sprintf("Techniek %d", i), EN: fmt.Sprintf("Technology %d", i)},
			Body:    Text{NL: "Wat het is.", EN: "What it is."},
			Parts:   []Part{Bereik, Inkomsten},
			Example: Text{NL: "Een voorbeeld.", EN: "An example."},
			Icon:    "video"})
	}
	d.Cards = append(d.Cards,
		Card{ID: "q0", Kind: Question, Title: Text{NL: "Wat doe je morgen?", EN: "What do you do tomorrow?"}, Icon: "help-circle"},
		Card{ID: "a0", Kind: Advice, Title: Text{NL: "Maak iemand verantwoordelijk", EN: "Make someone responsible"},
			Body: Text{NL: "Eén persoon, met tijd.", EN: "One person, with time."}, Icon: "account-check"},
		Card{ID: "b0", Kind: Blank, Title: Text{NL: "Eigen idee", EN: "Own idea"}, Icon: "pencil"},
	)
	return d
}

// jsonLines encodes the deck with its header on line 1 and card i on line 2+i, so that a
// test knows the line of every card.
func jsonLines(t testing.TB, d *Deck) []byte {
	t.Helper()
	var b bytes.Buffer
	head, err := json.Marshal(struct {
		ID      string `json:"id"`
		Version int    `json:"version"`
		Name    Text   `json:"name"`
	}{d.ID, d.Version, d.Name})
	if err != nil {
		t.Fatal(err)
	}
	b.Write(head[:len(head)-1])
	b.WriteString(`,"cards":[`)
	for i, c := range d.Cards {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
		line, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
	}
	b.WriteString("\n]}\n")
	return b.Bytes()
}

// cardLine is the line of card i in both jsonLines and WriteCSV output (whose header is
// line 1), as long as no cell spans lines.
func cardLine(i int) int { return 2 + i }

func csvBytes(t testing.TB, d *Deck) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := WriteCSV(&b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// infoOf is the DeckInfo that gives a CSV copy of d back its id, version and name.
func infoOf(d *Deck) DeckInfo { return DeckInfo{ID: d.ID, Version: d.Version, Name: d.Name} }

// problemsOf returns the problems of a failed load, failing the test when the load
// succeeded or failed otherwise.
func problemsOf(t testing.TB, d *Deck, err error) Problems {
	t.Helper()
	if err == nil {
		t.Fatalf("loaded a deck of %d cards, want problems", len(d.Cards))
	}
	if d != nil {
		t.Errorf("a failed load returned a deck too")
	}
	var probs Problems
	if !errors.As(err, &probs) {
		t.Fatalf("error %v (%T) is not Problems", err, err)
	}
	if len(probs) == 0 {
		t.Fatal("empty Problems as an error")
	}
	return probs
}

func mustLoad(t testing.TB, d *Deck, err error) *Deck {
	t.Helper()
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	if d.byID == nil {
		t.Fatal("a loaded deck is not indexed")
	}
	return d
}

// golden compares got with testdata/name, or rewrites the file under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cards -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the output (-update rewrites it)\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// replaceOnce replaces old with new in data, failing when old is not there exactly once.
func replaceOnce(t testing.TB, data []byte, old, new string) []byte {
	t.Helper()
	if n := bytes.Count(data, []byte(old)); n != 1 {
		t.Fatalf("%q occurs %d times in the test file, want 1", old, n)
	}
	return bytes.Replace(data, []byte(old), []byte(new), 1)
}

func listProblems(ps Problems) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "\n\t%#v", p)
	}
	return b.String()
}
