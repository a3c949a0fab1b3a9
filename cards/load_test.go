package cards

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
)

// A formatCase is a problem only one file format can have, written into the valid test
// deck by replacing one piece of its text.
type formatCase struct {
	name     string
	old, new string // replace old by new in the encoded test deck; "" old: use new as the file
	line     int
	card     string // the card's id
	field    string
	msg      string
	first    bool // other problems follow from this one; check only the first
}

func TestJSONProblems(t *testing.T) {
	q := cardLine(theQuestion)
	for _, tc := range []formatCase{
		{name: "unknown field in a card", old: `{"id":"q0",`, new: `{"id":"q0","colour":"red",`,
			line: q, card: "q0", field: "colour", msg: `unknown field "colour"; the fields are "id", "kind", "title", "body", "parts", "example", "watchOut", "firstStep", "effort", "source" or "icon"`},
		{name: "unknown field before the id", old: `{"id":"q0",`, new: `{"colour":"red","id":"q0",`,
			line: q, card: "q0", field: "colour", msg: `unknown field "colour"`},
		{name: "field in capitals", old: `{"id":"q0","kind":"question",`, new: `{"id":"q0","Kind":"question",`,
			line: q, card: "q0", field: "Kind", msg: `unknown field "Kind"; did you mean "kind"?`},
		{name: "unknown deck field", old: `"version":1,`, new: `"version":1,"author":"me",`,
			line: 1, field: "author", msg: `unknown field "author"`},
		{name: "unknown language", old: `"title":{"nl":"Eigen idee","en":"Own idea"}`, new: `"title":{"nl":"Eigen idee","en":"Own idea","fr":"Idée"}`,
			line: cardLine(theBlank), card: "b0", field: "title.fr", msg: `unknown language "fr"`},
		{name: "language in capitals", old: `"title":{"nl":"Eigen idee","en":"Own idea"}`, new: `"title":{"nl":"Eigen idee","EN":"Own idea"}`,
			line: cardLine(theBlank), card: "b0", field: "title.EN", msg: `unknown language "EN": a text has "nl" (Dutch) and "en" (English); did you mean "en"?`},
		{name: "text where an object belongs", old: `"title":{"nl":"Eigen idee","en":"Own idea"}`, new: `"title":"Eigen idee"`,
			line: cardLine(theBlank), card: "b0", field: "title", msg: `must be an object with the Dutch and the English text, {"nl": "…", "en": "…"}, not text`},
		{name: "number where text belongs", old: `{"id":"q0","kind":"question",`, new: `{"id":"q0","kind":7,`,
			line: q, card: "q0", field: "kind", msg: "must be text (in quotes), not a number"},
		{name: "number in the parts", old: `{"id":"t00","kind":"technology","title":{"nl":"Techniek 0","en":"Technology 0"},"body":{"nl":"Wat het is.","en":"What it is."},"parts":["bereik","inkomsten"]`,
			new:  `{"id":"t00","kind":"technology","title":{"nl":"Techniek 0","en":"Technology 0"},"body":{"nl":"Wat het is.","en":"What it is."},"parts":["bereik",4]`,
			line: cardLine(firstTechnology), card: "t00", field: "parts[1]", msg: "must be a part in quotes"},
		{name: "text where a list belongs", old: `{"id":"t00","kind":"technology","title":{"nl":"Techniek 0","en":"Technology 0"},"body":{"nl":"Wat het is.","en":"What it is."},"parts":["bereik","inkomsten"]`,
			new:  `{"id":"t00","kind":"technology","title":{"nl":"Techniek 0","en":"Technology 0"},"body":{"nl":"Wat het is.","en":"What it is."},"parts":"bereik"`,
			line: cardLine(firstTechnology), card: "t00", field: "parts", msg: `must be a list of parts, ["aanbod", "bereik"], not text`},
		{name: "source year as text", old: `{"id":"q0","kind":"question",`, new: `{"id":"q0","kind":"question","source":{"name":"DEN","year":"2025"},`,
			line: q, card: "q0", field: "source.year", msg: "must be a whole number (a year such as 2024, without quotes), not text"},
		{name: "source year with a fraction", old: `{"id":"q0","kind":"question",`, new: `{"id":"q0","kind":"question","source":{"name":"DEN","year":2025.5},`,
			line: q, card: "q0", field: "source.year", msg: "year 2025.5: a year is a whole number"},
		{name: "source as text", old: `{"id":"q0","kind":"question",`, new: `{"id":"q0","kind":"question","source":"DEN 2025",`,
			line: q, card: "q0", field: "source", msg: `must be an object, {"name": "…", "year": 2024, "url": "https://…"}, not text`},
		{name: "unknown source field", old: `{"id":"q0","kind":"question",`, new: `{"id":"q0","kind":"question","source":{"name":"DEN","year":2025,"link":"https://den.nl"},`,
			line: q, card: "q0", field: "source.link", msg: `unknown field "link"; the fields are "name", "year" or "url"`},
		{name: "source field in capitals", old: `{"id":"q0","kind":"question",`, new: `{"id":"q0","kind":"question","source":{"Name":"DEN","year":2025},`,
			line: q, card: "q0", field: "source.Name", msg: `unknown field "Name"; did you mean "name"?`},
		{name: "effort as a number", old: `{"id":"q0","kind":"question",`, new: `{"id":"q0","kind":"question","effort":2,`,
			line: q, card: "q0", field: "effort", msg: "must be text (in quotes), not a number"},
		{name: "version as text", old: `"version":1,`, new: `"version":"1",`, line: 1, field: "version", msg: "must be a whole number, not text"},
		{name: "version with a fraction", old: `"version":1,`, new: `"version":1.5,`, line: 1, field: "version", msg: "version 1.5: a deck's version is a whole number"},
		{name: "missing version", old: `"version":1,`, new: ``, line: 1, field: "version", msg: "missing version"},
		{name: "field given twice", old: `{"id":"q0","kind":"question",`, new: `{"id":"q0","kind":"question","kind":"advice",`,
			line: q, card: "q0", field: "kind", msg: `field "kind" is given twice (first on line 30)`},
		{name: "empty optional text", old: `{"id":"q0","kind":"question",`, new: `{"id":"q0","kind":"question","body":{"nl":" ","en":""},`,
			line: q, card: "q0", field: "body", msg: "empty body: write it in Dutch and English, or leave the field out"},
		{name: "card that is not an object", old: "\n]}", new: ",\n\"b1\"\n]}",
			line: cardLine(theBlank) + 1, field: "cards[31]", msg: `a card must be an object, {"id": …}, not text`},
		{name: "cards not a list", new: `{"id":"d","version":1,"name":{"nl":"D","en":"D"},"cards":"none"}`, line: 1, field: "cards",
			msg: "must be a list of cards, [{…}, {…}], not text", first: true},
		{name: "syntax error", old: `{"id":"q0","kind":"question",`, new: `{"id":"q0","kind":"question",,`,
			line: q, msg: "syntax error at column 30: a field name in double quotes was expected, not ','"},
		{name: "trailing comma", old: "\n]}", new: ",\n]}", line: cardLine(theBlank) + 1, msg: "syntax error at column 1: a value (text in double quotes, a number, true, false, null, { or [) was expected, not ']' (is there a comma too many before it?)"},
		{name: "cut short", old: "\n]}\n", new: "\n", line: cardLine(theBlank), msg: "the file ends in the middle of the deck (is a closing } or ] missing?)"},
		{name: "invalid UTF-8", old: `"Eigen idee"`, new: "\"Eigen id\xe9e\"", line: cardLine(theBlank), msg: "column 50: the file is not valid UTF-8"},
		{name: "not an object", new: `[{"id":"x"}]`, line: 1, msg: "the file must hold one JSON object"},
		{name: "empty file", new: " \n", msg: "the file is empty"},
		{name: "UTF-16", new: "\xff\xfe{\x00}\x00", line: 1, msg: "the file is UTF-16"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.new)
			if tc.old != "" {
				data = replaceOnce(t, jsonLines(t, testDeck()), tc.old, tc.new)
			}
			d, err := LoadJSON(bytes.NewReader(data))
			checkOne(t, problemsOf(t, d, err), tc)
		})
	}
}

func checkOne(t *testing.T, probs Problems, tc formatCase) {
	t.Helper()
	if len(probs) != 1 && !tc.first {
		t.Fatalf("got %d problems, want 1:%s", len(probs), listProblems(probs))
	}
	p := probs[0]
	if p.Line != tc.line || p.CardID != tc.card || p.Field != tc.field {
		t.Errorf("got line %d, card %q, field %q; want line %d, card %q, field %q", p.Line, p.CardID, p.Field, tc.line, tc.card, tc.field)
	}
	if !strings.Contains(p.Message.EN, tc.msg) {
		t.Errorf("message %q lacks %q", p.Message.EN, tc.msg)
	}
}

func TestJSONLines(t *testing.T) {
	// In an indented deck a problem is on the line of its field; a missing field is
	// reported on the line where its card starts.
	d := testDeck()
	d.Cards[theAdvice].Title.EN = ""
	d.Cards[theAdvice].Body = Text{}
	var b bytes.Buffer
	if err := WriteJSON(&b, d); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(b.String(), "\n")
	lineOf := func(s string) int {
		for i, l := range lines {
			if strings.Contains(l, s) {
				return i + 1
			}
		}
		t.Fatalf("%q not in the deck", s)
		return 0
	}
	card := lineOf(`"id": "a0"`) - 1
	got, err := LoadJSON(&b)
	probs := problemsOf(t, got, err)
	want := Problems{
		{Line: card, CardID: "a0", Card: theAdvice + 1, Field: "body", Message: Text{
			NL: "body ontbreekt: een advieskaart heeft er een nodig, in het Nederlands en het Engels",
			EN: "missing body: an advice card needs one, in Dutch and English"}},
		{Line: card + 5, CardID: "a0", Card: theAdvice + 1, Field: "title.en", Message: Text{
			NL: "de Engelse vertaling ontbreekt",
			EN: "missing English translation"}},
	}
	if !reflect.DeepEqual(probs, want) {
		t.Errorf("got%s\nwant%s", listProblems(probs), listProblems(want))
	}
}

func TestCSVProblems(t *testing.T) {
	header := "id,kind,title_nl,title_en,body_nl,body_en,parts,example_nl,example_en,icon"
	q := cardLine(theQuestion)
	for _, tc := range []formatCase{
		{name: "unknown column", old: header, new: header + ",notes", line: 1, field: "notes",
			msg: `unknown column "notes": the columns are id, kind, title_nl, title_en, body_nl, body_en, parts, example_nl, example_en, icon`},
		{name: "column twice", old: header, new: header + ",Kind", line: 1, field: "kind", msg: `column "kind" is there twice (columns 2 and 11)`},
		{name: "missing required column", old: header, new: strings.TrimSuffix(header, ",icon"), line: 1, field: "icon",
			msg: `missing column "icon"`},
		{name: "no header", new: "q0,question,Wat?,What?,,,,,,help\n", line: 1, msg: "the first line must name the columns: id, kind, title_nl"},
		{name: "cell beyond the header", old: "q0,question,Wat doe je morgen?,What do you do tomorrow?,,,,,,help-circle,,,,,,,,",
			new: "q0,question,Wat doe je morgen?,What do you do tomorrow?,,,,,,help-circle,,,,,,,,,,x", line: q, card: "q0", msg: "cell 20 has no column: the header has 18"},
		{name: "bare quote", old: "q0,question,Wat doe je morgen?", new: `q0,question,Wat doe je "morgen"?`, line: q,
			msg: `CSV syntax error at column 24: bare " in non-quoted-field: a cell with a " in it must be in quotes`},
		{name: "parts with commas", old: "t00,technology,Techniek 0,Technology 0,Wat het is.,What it is.,bereik|inkomsten",
			new: "t00,technology,Techniek 0,Technology 0,Wat het is.,What it is.,\"bereik, inkomsten\"", line: cardLine(firstTechnology), card: "t00", field: "parts",
			msg: `unknown part "bereik, inkomsten"`},
		{name: "Windows code page", old: "Eigen idee", new: "Eigen id\xe9e", line: cardLine(theBlank), card: "b0", field: "title_nl",
			msg: `text is not valid UTF-8: save the file as UTF-8 (in Excel: "CSV UTF-8")`},
		{name: "a problem in a cell below a line break", old: "q0,question,Wat doe je morgen?,What do you do tomorrow?,,,,,,help-circle,",
			new: "q0,question,\"Wat doe je\nmorgen?\",What do you do tomorrow?,,,,,,robot,", line: q + 1, card: "q0", field: "icon", msg: `unknown icon "robot"`},
		{name: "source year not a number", old: "t00,technology,Techniek 0,Technology 0,Wat het is.,What it is.,bereik|inkomsten,Een voorbeeld.,An example.,video,,,,,,,,",
			new: "t00,technology,Techniek 0,Technology 0,Wat het is.,What it is.,bereik|inkomsten,Een voorbeeld.,An example.,video,,,,,,DEN,2025a,", line: cardLine(firstTechnology), card: "t00", field: "source_year",
			msg: `source year "2025a": a year is a whole number, such as 2024`},
		{name: "empty file", new: "\uFEFF", msg: "the file is empty"},
		{name: "header only", new: header + "\n", msg: "the deck has 0 statement cards", first: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := []byte(tc.new)
			if tc.old != "" {
				data = replaceOnce(t, csvBytes(t, testDeck()), tc.old, tc.new)
			}
			d, err := LoadCSV(bytes.NewReader(data))
			checkOne(t, problemsOf(t, d, err), tc)
		})
	}
}

// TestCSVVariants loads the test deck as the spreadsheets people use write it.
func TestCSVVariants(t *testing.T) {
	d := testDeck()
	plain := string(bytes.TrimPrefix(csvBytes(t, d), []byte("\uFEFF")))
	var semi bytes.Buffer
	if err := WriteCSVComma(&semi, d, ';'); err != nil {
		t.Fatal(err)
	}
	var tabs bytes.Buffer
	if err := WriteCSVComma(&tabs, d, '\t'); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(plain, "\n"), "\n")
	reordered := make([]string, len(lines))
	for i, l := range lines {
		// Move the id column to the end, and shout the header.
		first, rest, _ := strings.Cut(l, ",")
		reordered[i] = rest + "," + first
	}
	reordered[0] = strings.ToUpper(reordered[0])
	for _, tc := range []struct{ name, data string }{
		{"comma without BOM", plain},
		{"Dutch Excel: BOM and semicolons", semi.String()},
		{"tabs", tabs.String()},
		{"CRLF line ends", strings.ReplaceAll(plain, "\n", "\r\n")},
		{"blank lines and rows", "\n" + strings.Replace(plain, "\n", "\n,,,,\n\n , \n", 3)},
		{"columns in another order, header in capitals", strings.Join(reordered, "\n")},
		{"padded cells and parts", strings.ReplaceAll(strings.ReplaceAll(plain, ",video", ",  video "), "bereik|inkomsten", " bereik | inkomsten |")},
		{"Excel's separator line", "sep=;\r\n" + semi.String()[len("\uFEFF"):]},
		{"short rows", strings.ReplaceAll(plain, ",,,,,,help-circle", ",,,,,,help-circle,,,")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := LoadCSVAs(strings.NewReader(tc.data), infoOf(d))
			got = mustLoad(t, got, err)
			want := testDeck()
			want.Index()
			if !reflect.DeepEqual(got, want) {
				t.Errorf("got a different deck:\n%+v\nwant\n%+v", got.Cards, want.Cards)
			}
		})
	}
}

func TestGolden(t *testing.T) {
	for _, name := range []string{"bad.json", "bad.csv", "bad-fields.json", "bad-fields.csv"} {
		t.Run(name, func(t *testing.T) {
			d, err := Load(name, readTestdata(t, name))
			probs := problemsOf(t, d, err)
			golden(t, name+".golden", []byte(err.Error()+"\n"))
			var nl strings.Builder
			for _, p := range probs {
				nl.WriteString(p.In(NL) + "\n")
			}
			golden(t, name+".nl.golden", []byte(nl.String()))
		})
	}
	t.Run("good.csv", func(t *testing.T) {
		d, err := Load("good.csv", readTestdata(t, "good.csv"))
		d = mustLoad(t, d, err)
		var b bytes.Buffer
		if err := WriteJSON(&b, d); err != nil {
			t.Fatal(err)
		}
		golden(t, "good.csv.golden.json", b.Bytes())
		back, err := LoadJSON(bytes.NewReader(b.Bytes()))
		if back = mustLoad(t, back, err); !reflect.DeepEqual(back, d) {
			t.Error("the JSON re-encoding loads as another deck")
		}
	})
}

// TestOldFormat loads decks written before cards had a watch-out, a first step, an effort
// and a source: the first edition of the default deck, as JSON and as a Dutch Excel CSV.
func TestOldFormat(t *testing.T) {
	var decks []*Deck
	for _, name := range []string{"old-format.json", "old-format.csv"} {
		t.Run(name, func(t *testing.T) {
			d, err := Load(name, readTestdata(t, name))
			d = mustLoad(t, d, err)
			if n := len(d.Cards); n != 66 {
				t.Errorf("%d cards, want 66", n)
			}
			for _, c := range d.Cards {
				if !c.WatchOut.IsZero() || !c.FirstStep.IsZero() || c.Effort != "" || c.Source != nil {
					t.Errorf("card %q has a field the old format does not: %+v", c.ID, c)
				}
			}
			decks = append(decks, d)
		})
	}
	if len(decks) == 2 && !reflect.DeepEqual(decks[0].Cards, decks[1].Cards) {
		t.Error("the old JSON and CSV decks hold different cards")
	}
}

func TestDefault(t *testing.T) {
	d, err := Default()
	d = mustLoad(t, d, err)
	if d.ID != "digitaal-dna" || d.Version < 1 {
		t.Errorf("id %q, version %d", d.ID, d.Version)
	}
	// The design's minimums for the default deck (docs/design.md, "The deck"), above what a
	// deck must hold to be valid.
	for _, want := range []struct {
		kind Kind
		min  int
	}{{Statement, 20}, {Technology, 40}, {Question, 12}, {Advice, 8}, {Blank, 6}} {
		if n := d.Count(want.kind); n < want.min {
			t.Errorf("%d %s cards, want at least %d", n, want.kind, want.min)
		}
	}
	// Every technology card is something a director can act on, and cites its example;
	// the four parts are balanced, so that no column of the canvas is starved.
	var parts [len(Parts)]int
	for _, c := range d.Cards {
		if c.Kind != Technology {
			continue
		}
		if c.WatchOut.IsZero() || c.FirstStep.IsZero() || !c.Effort.Valid() || c.Source == nil || c.Source.URL == "" {
			t.Errorf("technology card %q lacks a watch-out, a first step, an effort or a source with a link", c.ID)
		}
		for _, p := range c.Parts {
			parts[p.Index()]++
		}
	}
	for i, n := range parts {
		if n < 15 || n > 25 {
			t.Errorf("part %s is on %d technology cards, want 15 to 25", Parts[i], n)
		}
	}
	for _, c := range d.Cards {
		if _, ok := IconRune(c.Icon); !ok {
			t.Errorf("card %q: icon %q has no glyph", c.ID, c.Icon)
		}
		if got, ok := d.Card(c.ID); !ok || got.ID != c.ID {
			t.Errorf("Card(%q) = %v, %v", c.ID, got, ok)
		}
	}
	again, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	// The caller owns the deck: changing one copy leaves the next call's alone.
	d.Cards[0].Title.NL = "changed"
	if again.Cards[0].Title.NL == "changed" {
		t.Error("two calls share one deck")
	}
}

func TestRoundTrip(t *testing.T) {
	d, err := Default()
	d = mustLoad(t, d, err)
	var b bytes.Buffer
	if err := WriteCSV(&b, d); err != nil {
		t.Fatal(err)
	}
	csvData := b.Bytes()

	got, err := LoadCSVAs(bytes.NewReader(csvData), infoOf(d))
	if got = mustLoad(t, got, err); !reflect.DeepEqual(got, d) {
		t.Errorf("default deck → CSV → deck differs")
		for i := range min(len(got.Cards), len(d.Cards)) {
			if !reflect.DeepEqual(got.Cards[i], d.Cards[i]) {
				t.Errorf("card %d:\ngot  %+v\nwant %+v", i, got.Cards[i], d.Cards[i])
			}
		}
	}
	plain, err := LoadCSV(bytes.NewReader(csvData))
	plain = mustLoad(t, plain, err)
	if !reflect.DeepEqual(plain.Cards, d.Cards) || plain.ID != CustomDeckID {
		t.Errorf("LoadCSV: id %q, cards equal: %v", plain.ID, reflect.DeepEqual(plain.Cards, d.Cards))
	}

	b.Reset()
	if err := WriteJSON(&b, d); err != nil {
		t.Fatal(err)
	}
	fromJSON, err := LoadJSON(&b)
	if fromJSON = mustLoad(t, fromJSON, err); !reflect.DeepEqual(fromJSON, d) {
		t.Error("default deck → JSON → deck differs")
	}
}

func TestLoad(t *testing.T) {
	d := testDeck()
	jsonData, csvData := jsonLines(t, d), csvBytes(t, d)
	for _, tc := range []struct {
		name   string
		data   []byte
		wantID string
		isCSV  bool // the cards come from CSV (the deck's id and name then come from the name)
	}{
		{"deck.json", jsonData, "test", false},
		{"DECK.JSON", jsonData, "test", false},
		{"dir/Mijn Deck (2).csv", csvData, "mijn-deck-2", true},
		{`C:\decks\werk.CSV`, csvData, "werk", true},
		{"deck.txt", jsonData, "test", false},
		{"deck", append([]byte("\uFEFF \n"), jsonData...), "test", false},
		{"deck.tsv", csvData, "deck", true},
		{"---.csv", csvData, CustomDeckID, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Load(tc.name, tc.data)
			got = mustLoad(t, got, err)
			if got.ID != tc.wantID || got.Version != 1 {
				t.Errorf("deck %q v%d, want %q v1", got.ID, got.Version, tc.wantID)
			}
			if !reflect.DeepEqual(got.Cards, d.Cards) {
				t.Error("cards differ")
			}
		})
	}
	got, err := Load("dir/Mijn Deck (2).csv", csvData)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Text{NL: "Mijn Deck (2)", EN: "Mijn Deck (2)"}); got.Name != want {
		t.Errorf("name %+v, want %+v", got.Name, want)
	}
	// A .json file is JSON whatever it holds: a CSV in it gets a JSON syntax error, not a
	// guess.
	got, err = Load("deck.json", csvData)
	if probs := problemsOf(t, got, err); !strings.Contains(probs[0].Message.EN, "syntax error") {
		t.Errorf("got%s", listProblems(probs))
	}
}

func TestLoadLimits(t *testing.T) {
	huge := bytes.Repeat([]byte(" "), MaxDeckBytes+1)
	d, err := LoadJSON(bytes.NewReader(huge))
	if probs := problemsOf(t, d, err); !strings.Contains(probs[0].Message.EN, "over the limit of 4194304 bytes") {
		t.Errorf("got%s", listProblems(probs))
	}
	d, err = Load("x.csv", huge)
	problemsOf(t, d, err)

	// A reader that fails is not a deck problem: the error says so and wraps the cause.
	cause := errors.New("disk on fire")
	_, err = LoadCSV(io.MultiReader(strings.NewReader("id,kind\n"), failingReader{cause}))
	var probs Problems
	if !errors.Is(err, cause) || errors.As(err, &probs) {
		t.Errorf("got %v", err)
	}
}

type failingReader struct{ err error }

func (r failingReader) Read([]byte) (int, error) { return 0, r.err }

func TestWriteCSVComma(t *testing.T) {
	if err := WriteCSVComma(io.Discard, testDeck(), '|'); err == nil {
		t.Error("| accepted as a separator; the parts use it")
	}
	var b bytes.Buffer
	if err := WriteCSV(&b, testDeck()); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b.Bytes(), []byte("\uFEFFid,kind,title_nl,title_en,body_nl,body_en,parts,example_nl,example_en,icon,"+
		"watch_out_nl,watch_out_en,first_step_nl,first_step_en,effort,source_name,source_year,source_url\n")) {
		t.Errorf("header: %q", b.String()[:100])
	}
}

func TestWriteJSONKeepsText(t *testing.T) {
	d := testDeck()
	d.Cards[0].Title.NL = "Musea & <theaters>"
	var b bytes.Buffer
	if err := WriteJSON(&b, d); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"Musea & <theaters>"`) {
		t.Error("WriteJSON escaped the text")
	}
	var back Deck
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
}

func TestCardLookup(t *testing.T) {
	d := testDeck()
	if c, ok := d.Card("q0"); !ok || c.ID != "q0" {
		t.Errorf("unindexed: %v %v", c, ok)
	}
	d.Index()
	if c, ok := d.Card("q0"); !ok || c != &d.Cards[theQuestion] {
		t.Errorf("indexed: %v %v", c, ok)
	}
	// A deck changed after Index must not make Card panic or return another card.
	d.Cards = d.Cards[:5]
	if c, ok := d.Card("q0"); ok {
		t.Errorf("a removed card is found: %v", c)
	}
	d.Cards[1].ID = "renamed"
	if c, ok := d.Card("s1"); ok {
		t.Errorf("a renamed card is found under its old id: %v", c)
	}
	if c, ok := d.Card("renamed"); !ok || c.ID != "renamed" {
		t.Errorf("a renamed card is not found under its new id: %v %v", c, ok)
	}
}

func TestIconRune(t *testing.T) {
	for name, want := range map[string]rune{"video": 0xF567, "access-point": 0xF002, "zip-box": 0xF5C4} {
		if r, ok := IconRune(name); !ok || r != want {
			t.Errorf("IconRune(%q) = %U, %v; want %U", name, r, ok, want)
		}
	}
	for _, name := range []string{"", "mdi-video", "Video", "robot", "zzz"} {
		if r, ok := IconRune(name); ok {
			t.Errorf("IconRune(%q) = %U, want none", name, r)
		}
	}
	for i := 1; i < len(iconTable); i++ {
		if iconTable[i-1].name >= iconTable[i].name {
			t.Fatalf("the icon table is not sorted at %q", iconTable[i].name)
		}
	}
}

func TestSummary(t *testing.T) {
	d := testDeck()
	got := d.Summary()
	want := `"Proefdeck" (test) v1 — 31 cards: 4 statement, 24 technology, 1 question, 1 advice, 1 blank`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}

	// Without the new fields: the parts and the technology cards that lack them.
	details := strings.Join(d.Details(), "\n")
	want = "parts on technology cards: aanbod 0, bereik 24, impact 0, inkomsten 24\n" +
		"technology cards with a watch-out: 0 of 24, a first step: 0 of 24, an effort: 0 of 24 (0 small, 0 medium, 0 large)"
	if details != want {
		t.Errorf("details without the new fields:\n%s\nwant\n%s", details, want)
	}
	t0, t1 := &d.Cards[firstTechnology], &d.Cards[firstTechnology+1]
	t0.WatchOut, t0.FirstStep, t0.Effort = Text{NL: "Let op", EN: "Watch out"}, Text{NL: "Begin", EN: "Start"}, EffortSmall
	t1.Effort, t1.Source = EffortLarge, &Source{Name: "DEN", Year: 2026}
	d.Cards[firstStatement].Source = &Source{Name: "DEN", Year: 2025}
	details = strings.Join(d.Details(), "\n")
	want = "parts on technology cards: aanbod 0, bereik 24, impact 0, inkomsten 24\n" +
		"technology cards with a watch-out: 1 of 24, a first step: 1 of 24, an effort: 2 of 24 (1 small, 0 medium, 1 large)\n" +
		"cards with a source: 2 (1 statement, 1 technology)"
	if details != want {
		t.Errorf("details:\n%s\nwant\n%s", details, want)
	}
}

// TestConcurrentUse shares a loaded deck between goroutines, as the relay's rooms do, and
// loads decks at the same time: run with -race.
func TestConcurrentUse(t *testing.T) {
	shared, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	ids := shared.IDs(Kinds[:]...)
	done := make(chan error)
	for range 8 {
		go func() {
			d, err := Default()
			for _, id := range ids {
				if c, ok := shared.Card(id); !ok || c.ID != id {
					err = errors.New("lookup failed: " + id)
				}
			}
			if err == nil {
				d.Cards[0].Title.NL = "mine" // each caller owns its deck
			}
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func TestPlainSyntax(t *testing.T) {
	// Every state encoding/json names in a syntax error (its scanner.go) is said as what to
	// write instead; a newer Go that words one differently fails here rather than showing
	// its wording.
	for _, tc := range []struct{ doc, want string }{
		{`{"id" "x"}`, `column 7: a colon (:) after the field name was expected, not '"'`},
		{`{"id":"x" "name":"y"}`, `column 11: a comma or } after the value was expected, not '"' (is a comma missing?)`},
		{`{"id":"x";}`, `column 10: a comma or } after the value was expected, not ';'`},
		{`{"cards":[{} {}]}`, `column 14: a comma or ] after the element was expected, not '{' (is a comma missing?)`},
		{`{"cards":[1;]}`, `column 12: a comma or ] after the element was expected, not ';'`},
		{`{,}`, `column 2: a field name in double quotes was expected, not ','`},
		{`{"id":"x",}`, `column 11: a field name in double quotes was expected, not '}' (is there a comma too many before it?)`},
		{`{"cards":[1,]}`, `column 13: a value (text in double quotes, a number, true, false, null, { or [) was expected, not ']' (is there a comma too many before it?)`},
		{`{"id":x}`, `column 7: a value (text in double quotes, a number, true, false, null, { or [) was expected, not 'x'`},
		{"{\"id\":\"a\tb\"}", `column 9: '\t' cannot be in text between double quotes: write a line break as \n and a tab as \t`},
		{`{"id":"a\qb"}`, `column 10: after a backslash in text comes one of " \ / b f n r t u, not 'q': write a backslash itself as \\`},
		{`{} x`, `column 4: the deck's JSON ended before this, yet 'x' follows (a deck is one object, from { to its })`},
		{`{"id":"x"`, `the file ends in the middle of the deck (is a closing } or ] missing?)`},
		{`{"id":"\u12x4"}`, `column 12: \u in text is followed by four hexadecimal digits (0-9, a-f), not 'x'`},
		{`{"version":-x}`, `column 13: 'x' cannot be in a number (numbers are written like 12, 3.5 or -1; text goes in double quotes)`},
		{`{"version":1.x}`, `column 14: 'x' cannot be in a number (numbers are written like 12, 3.5 or -1; text goes in double quotes)`},
		{`{"version":1ex}`, `column 14: 'x' cannot be in a number (numbers are written like 12, 3.5 or -1; text goes in double quotes)`},
		{`{"a":True}`, `column 6: a value (text in double quotes, a number, true, false, null, { or [) was expected, not 'T'`},
		{`{"a":tru}`, `column 9: '}' cannot be in true: true, false and null are written in full, in lowercase, without quotes`},
		{`{"a":nul}`, `column 9: '}' cannot be in null: true, false and null are written in full, in lowercase, without quotes`},
	} {
		t.Run(tc.doc, func(t *testing.T) {
			p, ok := syntaxProblem([]byte(tc.doc))
			if !ok {
				t.Fatal("no syntax problem")
			}
			if !strings.HasSuffix(p.Message.EN, tc.want) {
				t.Errorf("got  %s\nwant …%s", p.Message.EN, tc.want)
			}
			if strings.Contains(p.Message.EN, "looking for") || strings.Contains(p.Message.EN, "literal") {
				t.Errorf("the decoder's wording: %s", p.Message.EN)
			}
		})
	}
}
