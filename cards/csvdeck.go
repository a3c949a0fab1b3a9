package cards

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// The columns of a CSV deck, in the order WriteCSV writes them.
const (
	colID = iota
	colKind
	colTitleNL
	colTitleEN
	colBodyNL
	colBodyEN
	colParts
	colExampleNL
	colExampleEN
	colIcon
	// The columns added with the watch-out, first step, effort and source of a card come
	// after the icon, so that a spreadsheet of an older deck is still a prefix of a new one.
	colWatchOutNL
	colWatchOutEN
	colFirstStepNL
	colFirstStepEN
	colEffort
	colSourceName
	colSourceYear
	colSourceURL
	numColumns
)

// csvColumns names the columns; it is only ever read.
var csvColumns = [numColumns]string{
	"id", "kind", "title_nl", "title_en", "body_nl", "body_en", "parts", "example_nl", "example_en", "icon",
	"watch_out_nl", "watch_out_en", "first_step_nl", "first_step_en", "effort", "source_name", "source_year", "source_url",
}

// requiredColumn reports whether a CSV deck must have the column. Without these no card
// can be right; the others may be left out of a deck that has no use for them (a deck of
// statements needs no parts).
func requiredColumn(col int) bool {
	switch col {
	case colID, colKind, colTitleNL, colTitleEN, colIcon:
		return true
	}
	return false
}

// PartSeparator separates the parts in the parts cell of a CSV deck: "aanbod|bereik".
const PartSeparator = "|"

// csvLines is the validator's locator for a CSV deck: column names and CSV lines.
type csvLines []csvRow

type csvRow struct {
	line  int              // the line the row starts on
	cells [numColumns]int  // the line of each cell (a quoted cell may span lines); 0 if absent
	bad   [numColumns]bool // cells found unreadable while reading, reported already
}

// column returns the CSV column that holds field f of a card.
func column(f fieldRef) int {
	en := f.lang == EN
	pick := func(nl, enCol int) int {
		if en {
			return enCol
		}
		return nl
	}
	switch f.name {
	case "id":
		return colID
	case "kind":
		return colKind
	case "title":
		return pick(colTitleNL, colTitleEN)
	case "body":
		return pick(colBodyNL, colBodyEN)
	case "example":
		return pick(colExampleNL, colExampleEN)
	case "parts":
		return colParts
	case "watchOut":
		return pick(colWatchOutNL, colWatchOutEN)
	case "firstStep":
		return pick(colFirstStepNL, colFirstStepEN)
	case "effort":
		return colEffort
	case "source", "source.name":
		return colSourceName
	case "source.year":
		return colSourceYear
	case "source.url":
		return colSourceURL
	}
	return colIcon
}

// locate names a card's field by its column; a text as a whole (missing in both
// languages) by its Dutch column. The deck's own fields are not in the file: they come
// from DeckInfo, and are named "deck.id", "deck.name.nl", ….
func (rows csvLines) locate(card int, f fieldRef) (string, int) {
	if card < 0 {
		return "deck." + f.jsonPath(), 0
	}
	col, row := column(f), rows[card]
	if line := row.cells[col]; line > 0 {
		return csvColumns[col], line
	}
	return csvColumns[col], row.line
}

// A CSV cell cannot tell an empty text from a missing one. Every cell reads as text, so
// only a number (a source's year) can be unreadable.
func (csvLines) present(int, fieldRef) bool { return false }
func (rows csvLines) reported(card int, f fieldRef) bool {
	return card >= 0 && card < len(rows) && rows[card].bad[column(f)]
}

// sniffComma returns the separator of a CSV file: the most frequent of ",", ";" and tab
// in its header line (outside quotes). Dutch Excel writes ";", most other tools ",".
func sniffComma(data []byte) rune {
	var n [3]int
	seps := [3]byte{',', ';', '\t'}
	quoted, text := false, false
	for _, b := range data {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == '\n' && text:
			return pickComma(n, seps)
		case b == '\n':
			n = [3]int{} // a blank line before the header
		default:
			if i := bytes.IndexByte(seps[:], b); i >= 0 {
				n[i]++
			}
			text = text || b != ' ' && b != '\r'
		}
	}
	return pickComma(n, seps)
}

func pickComma(n [3]int, seps [3]byte) rune {
	best := 0
	for i := range n {
		if n[i] > n[best] {
			best = i
		}
	}
	return rune(seps[best])
}

func blankRecord(rec []string) bool {
	for _, s := range rec {
		if strings.TrimSpace(s) != "" {
			return false
		}
	}
	return true
}

// csvProblem turns a CSV syntax error into a problem with its line and column.
func csvProblem(err error) Problem {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return Problem{Message: says("CSV-syntaxfout: %s", "CSV syntax error: %s", verbatim(err.Error()))}
	}
	what, hint := verbatim(pe.Err.Error()), Text{}
	if errors.Is(pe.Err, csv.ErrBareQuote) || errors.Is(pe.Err, csv.ErrQuote) {
		// In English the reader's own words, as before; in Dutch what they mean.
		what.NL = `een " te veel of te weinig in een cel tussen aanhalingstekens`
		if errors.Is(pe.Err, csv.ErrBareQuote) {
			what.NL = `een " in een cel die niet tussen aanhalingstekens staat`
		}
		hint = says(`: een cel met een " erin moet tussen aanhalingstekens staan, met de " verdubbeld: "zeg ""hoi"""`,
			`: a cell with a " in it must be in quotes, with the " doubled: "say ""hi"""`)
	}
	return Problem{Line: pe.Line, Message: says("CSV-syntaxfout op positie %d: %s%s",
		"CSV syntax error at column %d: %s%s", pe.Column, what, hint)}
}

// loadCSV reads and validates a CSV deck held in data.
func loadCSV(data []byte, info DeckInfo) (*Deck, error) {
	data, probs := prepare(data)
	if probs != nil {
		return nil, probs
	}
	comma := sniffComma(data)
	if sep, rest, ok := bytes.Cut(data, []byte("\n")); ok && len(bytes.TrimSpace(sep)) == 5 && bytes.HasPrefix(bytes.ToLower(sep), []byte("sep=")) {
		// "sep=;" on the first line is the hint Excel honours to pick the separator;
		// keep an empty line in its place, so that the line numbers stay right.
		comma, data = rune(sep[4]), append([]byte("\n"), rest...)
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.Comma = comma
	r.FieldsPerRecord = -1 // a short row is allowed (missing cells are empty), a long one is reported

	// The header is the first row that is not blank.
	var header []string
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return nil, Problems{{Message: says("het bestand heeft geen kopregel", "the file has no header line")}}
		}
		if err != nil {
			return nil, Problems{csvProblem(err)}
		}
		if !blankRecord(rec) {
			header = rec
			break
		}
	}
	headerLine, _ := r.FieldPos(0)
	where, probs := readHeader(header, headerLine)
	if where == nil {
		return nil, probs
	}

	d := &Deck{ID: info.ID, Version: info.Version, Name: info.Name}
	var rows csvLines
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// After a syntax error the rows that follow cannot be trusted to be what the
			// author meant; report it with what was found so far, without validating.
			return nil, append(probs, csvProblem(err))
		}
		if blankRecord(rec) {
			continue
		}
		line, _ := r.FieldPos(0)
		row := csvRow{line: line}
		cell := func(col int) string {
			k := where[col]
			if k < 0 || k >= len(rec) {
				return ""
			}
			row.cells[col], _ = r.FieldPos(k)
			return strings.TrimSpace(rec[k])
		}
		c := Card{
			ID:      cell(colID),
			Kind:    Kind(cell(colKind)),
			Title:   Text{NL: cell(colTitleNL), EN: cell(colTitleEN)},
			Body:    Text{NL: cell(colBodyNL), EN: cell(colBodyEN)},
			Example: Text{NL: cell(colExampleNL), EN: cell(colExampleEN)},
			Icon:    cell(colIcon),

			WatchOut:  Text{NL: cell(colWatchOutNL), EN: cell(colWatchOutEN)},
			FirstStep: Text{NL: cell(colFirstStepNL), EN: cell(colFirstStepEN)},
			Effort:    Effort(cell(colEffort)),
		}
		if name, year, link := cell(colSourceName), cell(colSourceYear), cell(colSourceURL); name != "" || year != "" || link != "" {
			c.Source = &Source{Name: name, URL: link}
			if year != "" {
				n, err := strconv.Atoi(year)
				if err != nil {
					row.bad[colSourceYear] = true
					probs = append(probs, Problem{Line: row.cells[colSourceYear], Card: len(d.Cards) + 1,
						Field: csvColumns[colSourceYear], Message: says("jaar van de bron %q: een jaar is een heel getal, zoals 2024",
							"source year %q: a year is a whole number, such as 2024", year)})
				}
				c.Source.Year = n
			}
		}
		for p := range strings.SplitSeq(cell(colParts), PartSeparator) {
			// Empty pieces ("aanbod||bereik", a trailing "|") are slips, not parts.
			if p = strings.TrimSpace(p); p != "" {
				c.Parts = append(c.Parts, Part(p))
			}
		}
		for k := len(header); k < len(rec); k++ {
			if strings.TrimSpace(rec[k]) != "" {
				cellLine, _ := r.FieldPos(k)
				probs = append(probs, Problem{Line: cellLine, CardID: c.ID, Card: len(d.Cards) + 1,
					Message: says("cel %d hoort bij geen kolom: de kopregel heeft er %d",
						"cell %d has no column: the header has %d", k+1, len(header))})
			}
		}
		d.Cards = append(d.Cards, c)
		rows = append(rows, row)
	}
	return finish(d, probs, rows)
}

// readHeader maps the columns of the deck to their index in the file (-1: absent). It
// returns nil when the cards cannot be read at all, with the problems that say why.
func readHeader(header []string, line int) (*[numColumns]int, Problems) {
	var where [numColumns]int
	for col := range where {
		where[col] = -1
	}
	var probs Problems
	known := 0
	for k, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		col := -1
		for c, n := range csvColumns {
			if n == name {
				col = c
			}
		}
		switch {
		case name == "":
			// Spreadsheets often export empty columns beyond the table; only a cell in
			// them that holds something is a problem, and there is none in a header.
		case col < 0:
			probs = append(probs, Problem{Line: line, Field: strings.TrimSpace(h),
				Message: says("onbekende kolom %q: de kolommen zijn %s",
					"unknown column %q: the columns are %s", strings.TrimSpace(h), strings.Join(csvColumns[:], ", "))})
		case where[col] >= 0:
			probs = append(probs, Problem{Line: line, Field: name,
				Message: says("kolom %q komt twee keer voor (kolom %d en %d)",
					"column %q is there twice (columns %d and %d)", name, where[col]+1, k+1)})
		default:
			where[col] = k
			known++
		}
	}
	if known == 0 {
		return nil, Problems{{Line: line, Message: says("de eerste regel moet de kolommen noemen: %s",
			"the first line must name the columns: %s", strings.Join(csvColumns[:], ", "))}}
	}
	missing := false
	for col, k := range where {
		if k < 0 && requiredColumn(col) {
			missing = true
			probs = append(probs, Problem{Line: line, Field: csvColumns[col],
				Message: says("kolom %q ontbreekt: een kaartspel heeft de kolommen id, kind, title_nl, title_en en icon nodig",
					"missing column %q: a deck needs the columns id, kind, title_nl, title_en and icon", csvColumns[col])})
		}
	}
	if missing {
		// Every card would lack the column too; one problem per card would bury this one.
		return nil, probs
	}
	return &where, probs
}

// writeCSV writes the deck as CSV with the given separator.
func writeCSV(w io.Writer, d *Deck, comma rune) error {
	// Excel reads a CSV file as UTF-8 only when it starts with a byte order mark; without
	// it, every é on a card would come out garbled.
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return fmt.Errorf("cards: writing CSV: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.Comma = comma
	if err := cw.Write(csvColumns[:]); err != nil {
		return fmt.Errorf("cards: writing CSV: %w", err)
	}
	rec := make([]string, numColumns)
	for _, c := range d.Cards {
		parts := make([]string, len(c.Parts))
		for i, p := range c.Parts {
			parts[i] = string(p)
		}
		rec[colID] = c.ID
		rec[colKind] = string(c.Kind)
		rec[colTitleNL], rec[colTitleEN] = c.Title.NL, c.Title.EN
		rec[colBodyNL], rec[colBodyEN] = c.Body.NL, c.Body.EN
		rec[colParts] = strings.Join(parts, PartSeparator)
		rec[colExampleNL], rec[colExampleEN] = c.Example.NL, c.Example.EN
		rec[colIcon] = c.Icon
		rec[colWatchOutNL], rec[colWatchOutEN] = c.WatchOut.NL, c.WatchOut.EN
		rec[colFirstStepNL], rec[colFirstStepEN] = c.FirstStep.NL, c.FirstStep.EN
		rec[colEffort] = string(c.Effort)
		rec[colSourceName], rec[colSourceYear], rec[colSourceURL] = "", "", ""
		if s := c.Source; s != nil {
			rec[colSourceName], rec[colSourceURL] = s.Name, s.URL
			if s.Year != 0 {
				rec[colSourceYear] = strconv.Itoa(s.Year)
			}
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("cards: writing CSV, card %q: %w", c.ID, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("cards: writing CSV: %w", err)
	}
	return nil
}
