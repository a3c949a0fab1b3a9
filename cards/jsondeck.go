package cards

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// jsonReader reads a JSON deck token by token instead of with json.Unmarshal, so that it
// knows the line of every field and can report every unknown field and every value of
// the wrong type, not only the first. It is also the validator's locator for the deck.
type jsonReader struct {
	data  []byte
	dec   *json.Decoder
	lines []int // offsets where each line starts, for lineAt
	probs Problems
	err   error // a failure of the decoder itself; the document was valid, so a bug

	top   fieldPos    // the deck's fields
	cards []*fieldPos // each card's fields, by index in Deck.Cards
}

// fieldPos records where the fields of one object (the deck or a card) are.
type fieldPos struct {
	line  int             // the line the object starts on
	lines map[string]int  // JSON path → line, for every field the file has
	bad   map[string]bool // paths whose value was unreadable and is reported already
	// misspelt holds the paths of fields the file spells in another case ("Title"),
	// reported already as unknown: one slip, one problem.
	misspelt map[string]bool
}

func newFieldPos(line int) *fieldPos {
	return &fieldPos{line: line, lines: map[string]int{}, bad: map[string]bool{}, misspelt: map[string]bool{}}
}

// loadJSON reads and validates a JSON deck held in data.
func loadJSON(data []byte) (*Deck, error) {
	data, probs := prepare(data)
	if probs != nil {
		return nil, probs
	}
	if p, ok := syntaxProblem(data); ok {
		return nil, Problems{p}
	}
	j := &jsonReader{data: data, dec: json.NewDecoder(bytes.NewReader(data)), lines: lineStarts(data)}
	// Numbers stay text, so that a version like 1.5 is reported instead of rounded.
	j.dec.UseNumber()
	if !utf8.Valid(data) {
		off := firstInvalidUTF8(data)
		line, col := j.lineCol(off)
		j.probs = append(j.probs, Problem{Line: line,
			Message: says("positie %d: het bestand is geen geldige UTF-8: sla het op als UTF-8",
				"column %d: the file is not valid UTF-8: save it as UTF-8", col)})
	}
	d := j.deck()
	if j.err != nil {
		return nil, fmt.Errorf("cards: reading JSON deck: %w", j.err)
	}
	if d == nil {
		// Not a deck at all: listing every field it lacks would bury the one problem.
		return nil, j.probs
	}
	return finish(d, j.probs, j)
}

// syntaxProblem reports the first syntax error of a JSON document, with its line and
// column.
func syntaxProblem(data []byte) (Problem, bool) {
	if json.Valid(data) {
		return Problem{}, false
	}
	err := json.Unmarshal(data, new(json.RawMessage))
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return Problem{Message: says("geen geldige JSON: %s", "not valid JSON: %s", verbatim(err.Error()))}, true
	}
	// Offset counts the bytes read up to and including the offending one.
	off := int(se.Offset) - 1
	if off < 0 {
		off = 0
	}
	line, col := lineCol(data, lineStarts(data), off)
	msg, plain := plainSyntax(se.Error())
	if !plain && int(se.Offset) >= len(data) {
		// "unexpected end of JSON input": the last byte was fine, and more was due.
		msg = says("het bestand houdt op midden in het kaartspel (ontbreekt er een sluitende } of ]?)",
			"the file ends in the middle of the deck (is a closing } or ] missing?)")
	}
	return Problem{Line: line, Message: says("syntaxfout op positie %d: %s", "syntax error at column %d: %s", col, msg)}, true
}

// plainSyntax says what encoding/json's syntax error means for someone who edits a deck
// by hand: its messages ("invalid character ',' looking for beginning of object key
// string") name the parser's state, not what to write. The decoder has no other form of
// them, so their fixed wording is matched here; one not listed is kept as it is, and
// plain is false.
func plainSyntax(msg string) (_ Text, plain bool) {
	const prefix = "invalid character "
	if !strings.HasPrefix(msg, prefix) {
		return verbatim(msg), false
	}
	rest := msg[len(prefix):]
	// The character is quoted with single quotes, or written as an escape ('\n').
	if !strings.HasPrefix(rest, "'") {
		return verbatim(msg), false
	}
	end := strings.Index(rest[1:], "' ")
	if end < 0 {
		return verbatim(msg), false
	}
	char, state := rest[:end+2], rest[end+3:]
	tooMany := says("staat er een komma te veel voor?", "is there a comma too many before it?")
	missing := says("ontbreekt er een komma?", "is a comma missing?")
	// What was expected, and for which characters a likely cause is worth saying.
	var expected, hint Text
	var hintFor []string
	switch state {
	case "looking for beginning of value":
		expected = says("een waarde (tekst tussen dubbele aanhalingstekens, een getal, true, false, null, { of [)",
			"a value (text in double quotes, a number, true, false, null, { or [)")
		hintFor, hint = []string{"']'", "'}'"}, tooMany
	case "looking for beginning of object key string":
		expected = says("een veldnaam tussen dubbele aanhalingstekens", "a field name in double quotes")
		hintFor, hint = []string{"'}'"}, tooMany
	case "after object key":
		expected = says("een dubbele punt (:) na de veldnaam", "a colon (:) after the field name")
	case "after object key:value pair":
		expected = says("een komma of } na de waarde", "a comma or } after the value")
		hintFor, hint = []string{`'"'`}, missing
	case "after array element":
		expected = says("een komma of ] na het element", "a comma or ] after the element")
		hintFor, hint = []string{`'"'`, "'{'"}, missing
	case "in string literal":
		return says("%s mag niet in tekst tussen dubbele aanhalingstekens staan: schrijf een regeleinde als \\n en een tab als \\t",
			"%s cannot be in text between double quotes: write a line break as \\n and a tab as \\t", char), true
	case "in string escape code":
		return says("na een backslash in tekst komt een van \" \\ / b f n r t u, niet %s: schrijf een backslash zelf als \\\\",
			"after a backslash in text comes one of \" \\ / b f n r t u, not %s: write a backslash itself as \\\\", char), true
	case "after top-level value":
		return says("de JSON van het kaartspel was hiervoor al afgelopen, toch volgt %s (een kaartspel is één object, van { tot de bijbehorende })",
			"the deck's JSON ended before this, yet %s follows (a deck is one object, from { to its })", char), true
	case `in \u hexadecimal character escape`:
		return says(`na \u in tekst komen vier hexadecimale cijfers (0-9, a-f), niet %s`,
			`\u in text is followed by four hexadecimal digits (0-9, a-f), not %s`, char), true
	case "in numeric literal", "after decimal point in numeric literal", "in exponent of numeric literal":
		return says("%s mag niet in een getal staan (getallen schrijf je als 12, 3.5 of -1; tekst staat tussen dubbele aanhalingstekens)",
			"%s cannot be in a number (numbers are written like 12, 3.5 or -1; text goes in double quotes)", char), true
	default:
		if word, ok := strings.CutPrefix(state, "in literal "); ok {
			word, _, _ = strings.Cut(word, " ")
			return says("%s mag niet in %s staan: true, false en null schrijf je voluit, in kleine letters, zonder aanhalingstekens",
				"%s cannot be in %s: true, false and null are written in full, in lowercase, without quotes", char, word), true
		}
		return verbatim(msg), false
	}
	if slices.Contains(hintFor, char) {
		return says("%s werd verwacht, niet %s (%s)", "%s was expected, not %s (%s)", expected, char, hint), true
	}
	return says("%s werd verwacht, niet %s", "%s was expected, not %s", expected, char), true
}

func lineStarts(data []byte) []int {
	starts := []int{0}
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineAt returns the 1-based line of the byte at off, given where the lines start.
func lineAt(starts []int, off int) int {
	return sort.Search(len(starts), func(i int) bool { return starts[i] > off })
}

// lineCol returns the 1-based line and column (in characters) of the byte at off.
func lineCol(data []byte, starts []int, off int) (line, col int) {
	off = min(off, len(data))
	line = lineAt(starts, off)
	return line, utf8.RuneCount(data[starts[line-1]:off]) + 1
}

func (j *jsonReader) lineCol(off int) (int, int) { return lineCol(j.data, j.lines, off) }

func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// next reads the next token and returns it with the line it starts on.
func (j *jsonReader) next() (json.Token, int) {
	if j.err != nil {
		return nil, 0
	}
	// The decoder's offset is the end of the previous token; the next one starts after
	// the white space and the separator between them.
	off := int(j.dec.InputOffset())
	for off < len(j.data) && strings.IndexByte(" \t\r\n,:", j.data[off]) >= 0 {
		off++
	}
	line := lineAt(j.lines, off)
	tok, err := j.dec.Token()
	if err != nil {
		j.err = err
		return nil, line
	}
	return tok, line
}

// more reports whether the object or list being read has another element.
func (j *jsonReader) more() bool { return j.err == nil && j.dec.More() }

// skip reads past the rest of a value whose first token was tok.
func (j *jsonReader) skip(tok json.Token) {
	if tok != json.Delim('{') && tok != json.Delim('[') {
		return
	}
	for depth := 1; depth > 0 && j.err == nil; {
		t, _ := j.next()
		switch t {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
	}
}

// skipValue reads past the next value.
func (j *jsonReader) skipValue() {
	tok, _ := j.next()
	j.skip(tok)
}

func (j *jsonReader) problem(card int, path string, line int, msg Text) {
	p := Problem{Line: line, Field: path, Message: msg}
	if card >= 0 {
		p.Card = card + 1
	}
	j.probs = append(j.probs, p)
}

// wrongType reports a value of the wrong type and reads past it.
func (j *jsonReader) wrongType(pos *fieldPos, card int, path string, line int, tok json.Token, want Text) {
	pos.bad[path] = true
	j.problem(card, path, line, says("hier hoort %s, niet %s", "must be %s, not %s", want, describe(tok)))
	j.skip(tok)
}

func describe(tok json.Token) Text {
	switch v := tok.(type) {
	case json.Delim:
		if v == '[' {
			return says("een lijst", "a list")
		}
		return says("een object", "an object")
	case string:
		return says("tekst", "text")
	case json.Number:
		return says("een getal", "a number")
	case bool:
		return says("true of false", "true or false")
	}
	return verbatim("null")
}

// object reads the fields of an object whose '{' has been read. fn reads the value of
// each field; the names of fields are recorded in pos under prefix+key.
func (j *jsonReader) object(pos *fieldPos, card int, prefix string, fn func(key, path string, line int)) {
	seen := map[string]int{}
	for j.more() {
		tok, line := j.next()
		key, _ := tok.(string)
		path := prefix + key
		if first, dup := seen[key]; dup {
			j.problem(card, path, line, says("veld %q komt twee keer voor (eerst op regel %d)",
				"field %q is given twice (first on line %d)", key, first))
			j.skipValue()
			continue
		}
		seen[key] = line
		pos.lines[path] = line
		fn(key, path, line)
	}
	j.next() // '}'
}

// unknown reports a field the format does not have and reads past its value.
func (j *jsonReader) unknown(pos *fieldPos, card int, key, path string, line int, known ...string) {
	hint := says("; de velden zijn %s", "; the fields are %s", orList(quoteAll(known)))
	for _, k := range known {
		if strings.EqualFold(k, key) {
			hint = lowercaseHint(k)
			pos.misspelt[strings.TrimSuffix(path, key)+k] = true
		}
	}
	j.problem(card, path, line, says("onbekend veld %q%s", "unknown field %q%s", key, hint))
	j.skipValue()
}

// lowercaseHint suggests the name meant, which differs only in case.
func lowercaseHint(name string) Text {
	return says("; bedoel je %q? Veldnamen zijn in kleine letters", "; did you mean %q? Field names are lowercase", name)
}

func quoteAll(names []string) []string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return q
}

// deck reads the deck, or returns nil when the document is not an object.
func (j *jsonReader) deck() *Deck {
	d := &Deck{}
	tok, line := j.next()
	j.top = *newFieldPos(line)
	if tok != json.Delim('{') {
		j.problem(-1, "", line, says("het bestand moet één JSON-object bevatten, {\"id\": …, \"cards\": […]}, niet %s",
			"the file must hold one JSON object, {\"id\": …, \"cards\": […]}, not %s", describe(tok)))
		return nil
	}
	j.object(&j.top, -1, "", func(key, path string, line int) {
		switch key {
		case "id":
			d.ID = j.str(&j.top, -1, path)
		case "version":
			d.Version = j.version(path)
		case "name":
			j.text(&j.top, -1, path, &d.Name)
		case "cards":
			j.cardList(d, path)
		default:
			j.unknown(&j.top, -1, key, path, line, "id", "version", "name", "cards")
		}
	})
	return d
}

// str reads a text value; null reads as empty.
func (j *jsonReader) str(pos *fieldPos, card int, path string) string {
	tok, line := j.next()
	switch v := tok.(type) {
	case string:
		return strings.TrimSpace(v)
	case nil:
		return ""
	}
	j.wrongType(pos, card, path, line, tok, says("tekst (tussen aanhalingstekens)", "text (in quotes)"))
	return ""
}

func (j *jsonReader) version(path string) int {
	tok, line := j.next()
	switch v := tok.(type) {
	case nil:
		return 0
	case json.Number:
		n, err := strconv.Atoi(string(v))
		if err != nil {
			j.top.bad[path] = true
			j.problem(-1, path, line, says("versie %s: de versie van een kaartspel is een heel getal vanaf 1",
				"version %s: a deck's version is a whole number from 1 up", v))
		}
		return n
	}
	j.wrongType(&j.top, -1, path, line, tok, says("een heel getal", "a whole number"))
	return 0
}

// text reads a bilingual text: {"nl": "…", "en": "…"}.
func (j *jsonReader) text(pos *fieldPos, card int, path string, t *Text) {
	tok, line := j.next()
	switch tok {
	case nil:
		return
	case json.Delim('{'):
		j.object(pos, card, path+".", func(key, p string, line int) {
			switch key {
			case "nl":
				t.NL = j.str(pos, card, p)
			case "en":
				t.EN = j.str(pos, card, p)
			default:
				var hint Text
				if l := strings.ToLower(key); Lang(l).Valid() {
					hint = lowercaseHint(l)
					pos.misspelt[path+"."+l] = true
				}
				j.problem(card, p, line, says("onbekende taal %q: een tekst heeft \"nl\" (Nederlands) en \"en\" (Engels)%s",
					"unknown language %q: a text has \"nl\" (Dutch) and \"en\" (English)%s", key, hint))
				j.skipValue()
			}
		})
		return
	}
	j.wrongType(pos, card, path, line, tok, says(`een object met de Nederlandse en de Engelse tekst, {"nl": "…", "en": "…"}`,
		`an object with the Dutch and the English text, {"nl": "…", "en": "…"}`))
}

func (j *jsonReader) cardList(d *Deck, path string) {
	tok, line := j.next()
	switch tok {
	case nil:
		return
	case json.Delim('['):
	default:
		j.wrongType(&j.top, -1, path, line, tok, says("een lijst van kaarten, [{…}, {…}]", "a list of cards, [{…}, {…}]"))
		return
	}
	for k := 0; j.more(); k++ {
		tok, line := j.next()
		if tok != json.Delim('{') {
			j.problem(-1, fmt.Sprintf("%s[%d]", path, k), line, says("een kaart moet een object zijn, {\"id\": …}, niet %s",
				"a card must be an object, {\"id\": …}, not %s", describe(tok)))
			j.skip(tok)
			continue
		}
		i := len(d.Cards)
		d.Cards = append(d.Cards, Card{})
		pos := newFieldPos(line)
		j.cards = append(j.cards, pos)
		j.card(&d.Cards[i], i, pos)
	}
	j.next() // ']'
}

func (j *jsonReader) card(c *Card, i int, pos *fieldPos) {
	j.object(pos, i, "", func(key, path string, line int) {
		switch key {
		case "id":
			c.ID = j.str(pos, i, path)
		case "kind":
			c.Kind = Kind(j.str(pos, i, path))
		case "title":
			j.text(pos, i, path, &c.Title)
		case "body":
			j.text(pos, i, path, &c.Body)
		case "example":
			j.text(pos, i, path, &c.Example)
		case "parts":
			c.Parts = j.parts(pos, i, path)
		case "watchOut":
			j.text(pos, i, path, &c.WatchOut)
		case "firstStep":
			j.text(pos, i, path, &c.FirstStep)
		case "effort":
			c.Effort = Effort(j.str(pos, i, path))
		case "source":
			c.Source = j.source(pos, i, path)
		case "icon":
			c.Icon = j.str(pos, i, path)
		default:
			j.unknown(pos, i, key, path, line, "id", "kind", "title", "body", "parts", "example",
				"watchOut", "firstStep", "effort", "source", "icon")
		}
	})
}

// source reads a card's source: {"name": "…", "year": 2024, "url": "https://…"}; null
// reads as no source.
func (j *jsonReader) source(pos *fieldPos, card int, path string) *Source {
	tok, line := j.next()
	switch tok {
	case nil:
		return nil
	case json.Delim('{'):
	default:
		j.wrongType(pos, card, path, line, tok, says(`een object, {"name": "…", "year": 2024, "url": "https://…"}`,
			`an object, {"name": "…", "year": 2024, "url": "https://…"}`))
		return nil
	}
	s := &Source{}
	j.object(pos, card, path+".", func(key, p string, line int) {
		switch key {
		case "name":
			s.Name = j.str(pos, card, p)
		case "year":
			s.Year = j.year(pos, card, p)
		case "url":
			s.URL = j.str(pos, card, p)
		default:
			j.unknown(pos, card, key, p, line, "name", "year", "url")
		}
	})
	return s
}

// year reads a source's year: a whole number, not in quotes.
func (j *jsonReader) year(pos *fieldPos, card int, path string) int {
	tok, line := j.next()
	switch v := tok.(type) {
	case nil:
		return 0
	case json.Number:
		n, err := strconv.Atoi(string(v))
		if err != nil {
			pos.bad[path] = true
			j.problem(card, path, line, says("jaar %s: een jaar is een heel getal, zoals 2024",
				"year %s: a year is a whole number, such as 2024", v))
		}
		return n
	}
	j.wrongType(pos, card, path, line, tok, says("een heel getal (een jaar zoals 2024, zonder aanhalingstekens)",
		"a whole number (a year such as 2024, without quotes)"))
	return 0
}

// parts reads a list of parts. An unreadable element stays in the list as an empty
// part, so that parts[k] in the file is Parts[k] in the deck.
func (j *jsonReader) parts(pos *fieldPos, card int, path string) []Part {
	tok, line := j.next()
	switch tok {
	case nil:
		return nil
	case json.Delim('['):
	default:
		j.wrongType(pos, card, path, line, tok, says(`een lijst van onderdelen, ["aanbod", "bereik"]`, `a list of parts, ["aanbod", "bereik"]`))
		return nil
	}
	var parts []Part
	for k := 0; j.more(); k++ {
		p := fmt.Sprintf("%s[%d]", path, k)
		tok, line := j.next()
		pos.lines[p] = line
		s, ok := tok.(string)
		if !ok {
			j.wrongType(pos, card, p, line, tok, says("een onderdeel tussen aanhalingstekens, een van %s",
				"a part in quotes, one of %s", partList()))
		}
		parts = append(parts, Part(strings.TrimSpace(s)))
	}
	j.next() // ']'
	return parts
}

func (j *jsonReader) pos(card int) *fieldPos {
	if card < 0 {
		return &j.top
	}
	return j.cards[card]
}

// locate gives the line of the field, of the text or list it belongs to when the field
// itself is missing, or else of the card.
func (j *jsonReader) locate(card int, f fieldRef) (string, int) {
	p, path := j.pos(card), f.jsonPath()
	if line, ok := p.lines[path]; ok {
		return path, line
	}
	if line, ok := p.lines[f.whole().jsonPath()]; ok {
		return path, line
	}
	// A missing field of an object within the card ("source.year"): the object's line.
	if parent, _, ok := strings.Cut(f.name, "."); ok {
		if line, ok := p.lines[parent]; ok {
			return path, line
		}
	}
	return path, p.line
}

func (j *jsonReader) present(card int, f fieldRef) bool {
	_, ok := j.pos(card).lines[f.jsonPath()]
	return ok
}

func (j *jsonReader) reported(card int, f fieldRef) bool {
	p, path := j.pos(card), f.jsonPath()
	_, present := p.lines[path]
	return p.bad[path] || p.misspelt[path] && !present
}
