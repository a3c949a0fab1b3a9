package cards

import (
	"bytes"
	_ "embed" // the default deck
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"unicode/utf8"
)

// DefaultFile is the file name of the default deck, embedded from decks/.
const DefaultFile = "digitaal-dna.json"

// defaultDeck is the default deck's JSON. A string, so that it cannot be changed.
//
//go:embed decks/digitaal-dna.json
var defaultDeck string

// Default returns the built-in default deck, parsed afresh on every call: the caller owns
// it and may change it.
func Default() (*Deck, error) {
	d, err := loadJSON([]byte(defaultDeck))
	if err != nil {
		return nil, fmt.Errorf("cards: default deck %s: %w", DefaultFile, err)
	}
	return d, nil
}

// DeckInfo is what a CSV deck does not say about itself: a spreadsheet holds only cards.
type DeckInfo struct {
	ID      string
	Version int
	Name    Text
}

// CustomDeckID is the id LoadCSV gives a deck.
const CustomDeckID = "custom"

// CustomDeck is the DeckInfo LoadCSV gives a deck.
func CustomDeck() DeckInfo {
	return DeckInfo{ID: CustomDeckID, Version: 1, Name: Text{NL: "Eigen deck", EN: "Custom deck"}}
}

// LoadJSON reads a deck in the JSON format (see docs/deck-format.md) and validates it.
// A deck with problems is not returned: the error is a Problems listing all of them,
// each with its line and JSON path. Other errors come from reading r.
func LoadJSON(r io.Reader) (*Deck, error) {
	data, err := readDeck(r)
	if err != nil {
		return nil, err
	}
	return loadJSON(data)
}

// LoadCSV reads a deck from a spreadsheet's CSV export and validates it, like LoadJSON.
// The deck gets the id, version and name of CustomDeck; LoadCSVAs gives it others.
func LoadCSV(r io.Reader) (*Deck, error) {
	return LoadCSVAs(r, CustomDeck())
}

// LoadCSVAs is LoadCSV for a deck with the given id, version and name.
//
// The first line that is not blank names the columns, in any order and any case: id,
// kind, title_nl, title_en, body_nl, body_en, parts, example_nl, example_en, icon,
// watch_out_nl, watch_out_en, first_step_nl, first_step_en, effort, source_name,
// source_year and source_url; only id, kind, the titles and icon are required.
// Parts are separated by "|". The file may start with a byte order mark and may separate
// its cells with ",", ";" (Dutch Excel) or a tab: the header line decides. Blank rows are
// skipped and every cell is trimmed. Problems name the CSV line and the column.
func LoadCSVAs(r io.Reader, info DeckInfo) (*Deck, error) {
	data, err := readDeck(r)
	if err != nil {
		return nil, err
	}
	return loadCSV(data, info)
}

// Load reads a deck from a file's name and contents: JSON for a .json file, CSV for a
// .csv file, and for any other name whatever the contents look like (a JSON deck starts
// with "{"). A CSV deck takes its id and name from the file name: "Mijn deck.csv" is
// deck "mijn-deck", named "Mijn deck", version 1 (CustomDeck when the name has nothing
// usable).
func Load(name string, data []byte) (*Deck, error) {
	base := name[strings.LastIndexAny(name, `/\`)+1:]
	stem, ext := base, ""
	if i := strings.LastIndexByte(base, '.'); i > 0 {
		stem, ext = base[:i], strings.ToLower(base[i:])
	}
	switch ext {
	case ".json":
		return loadJSON(data)
	case ".csv":
		return loadCSV(data, infoFromName(stem))
	}
	if c := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\uFEFF")), " \t\r\n"); len(c) > 0 && (c[0] == '{' || c[0] == '[') {
		return loadJSON(data)
	}
	return loadCSV(data, infoFromName(stem))
}

// infoFromName derives a CSV deck's id and name from its file name without extension.
func infoFromName(stem string) DeckInfo {
	info := CustomDeck()
	var id strings.Builder
	dash := false
	for _, r := range strings.ToLower(stem) {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '_' {
			if dash && id.Len() > 0 {
				id.WriteByte('-')
			}
			id.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if id.Len() > 0 && id.Len() <= MaxID {
		info.ID = id.String()
	}
	if name := strings.TrimSpace(stem); name != "" && utf8.ValidString(name) && utf8.RuneCountInString(name) <= MaxTitle {
		info.Name = Text{NL: name, EN: name}
	}
	return info
}

// readDeck reads a whole deck file, up to MaxDeckBytes: the line of a problem is only
// known once the file is read, and a deck is small.
func readDeck(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxDeckBytes+1))
	if err != nil {
		return nil, fmt.Errorf("cards: reading deck: %w", err)
	}
	return data, nil // prepare reports a file over the limit
}

// WriteCSV writes the deck as CSV that LoadCSV reads back, separated by commas, with a
// byte order mark so that Excel reads it as UTF-8: a facilitator's start for a
// spreadsheet of their own.
func WriteCSV(w io.Writer, d *Deck) error {
	return writeCSV(w, d, ',')
}

// WriteCSVComma is WriteCSV with another separator: ';' is what Dutch Excel opens
// directly, '\t' what spreadsheets paste. LoadCSV recognises all three.
func WriteCSVComma(w io.Writer, d *Deck, comma rune) error {
	if comma != ',' && comma != ';' && comma != '\t' {
		return fmt.Errorf("cards: writing CSV: separator %q: use ',', ';' or a tab", comma)
	}
	return writeCSV(w, d, comma)
}

// WriteJSON writes the deck in the JSON format, indented, as LoadJSON reads it.
func WriteJSON(w io.Writer, d *Deck) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // card texts are not HTML; "&" stays readable
	enc.SetIndent("", "  ")
	if err := enc.Encode(d); err != nil {
		return fmt.Errorf("cards: writing JSON: %w", err)
	}
	return nil
}

// finish validates a deck read from a file, with the problems found while reading it,
// and returns it indexed when there are none. Problems come in the order of the file;
// those about the deck as a whole (no line) come last.
func finish(d *Deck, read Problems, loc locator) (*Deck, error) {
	probs := append(read, check(d, loc)...)
	if len(probs) == 0 {
		d.Index()
		return d, nil
	}
	for i := range probs {
		// Problems found while reading a card may come before its id field.
		if p := &probs[i]; p.CardID == "" && p.Card > 0 && p.Card <= len(d.Cards) {
			p.CardID = d.Cards[p.Card-1].ID
		}
	}
	order := func(p Problem) int {
		if p.Line == 0 {
			return math.MaxInt
		}
		return p.Line
	}
	sort.SliceStable(probs, func(a, b int) bool { return order(probs[a]) < order(probs[b]) })
	return nil, probs
}

// prepare strips a UTF-8 byte order mark (Windows editors and Excel write one) and turns
// away what cannot be a deck at all.
func prepare(data []byte) ([]byte, Problems) {
	if len(data) > MaxDeckBytes {
		return nil, Problems{{Message: says("het bestand is groter dan het maximum van %d bytes (%d MiB): het kan geen kaartspel zijn",
			"the file is over the limit of %d bytes (%d MiB): it cannot be a deck", MaxDeckBytes, MaxDeckBytes>>20)}}
	}
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return nil, Problems{{Line: 1, Message: says("het bestand is UTF-16: sla het op als UTF-8 (in Excel: \"CSV UTF-8\")",
			"the file is UTF-16: save it as UTF-8 (in Excel: \"CSV UTF-8\")")}}
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, Problems{{Message: says("het bestand is leeg", "the file is empty")}}
	}
	return data, nil
}
