package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"
)

// CSV writes one row per revealed vote (kind "vote", value 1..5) and one per dot (kind
// "dot", value 1), for a spreadsheet. It is UTF-8 without a byte order mark; Excel users
// import it with Data > From Text/CSV and pick UTF-8 (docs/report.md says how).
//
// A cell that starts with = + - or @ gets a leading apostrophe, so that a spreadsheet never
// runs a player's name as a formula.
func CSV(r *Report) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	rows := [][]string{{"kind", "statement_or_card", "card_title", "seat", "name", "value"}}
	for _, st := range r.Statements {
		for _, v := range st.Votes {
			rows = append(rows, []string{"vote", st.Card, st.Title, strconv.Itoa(int(v.Seat)), v.Name, strconv.Itoa(v.Value)})
		}
	}
	for _, rk := range r.Ranking {
		c := r.card(rk.Card)
		if c == nil {
			continue
		}
		for _, d := range c.DotsBy {
			rows = append(rows, []string{"dot", c.Card, c.Title, strconv.Itoa(int(d.Seat)), d.Name, "1"})
		}
	}
	for _, row := range rows {
		for i, cell := range row {
			row[i] = defuse(cell)
		}
		if err := w.Write(row); err != nil {
			return nil, fmt.Errorf("write csv: %w", err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("write csv: %w", err)
	}
	return buf.Bytes(), nil
}

// defuse keeps a spreadsheet from reading a cell as a formula.
func defuse(cell string) string {
	if cell != "" {
		switch cell[0] {
		case '=', '+', '-', '@', '\t', '\r':
			return "'" + cell
		}
	}
	return cell
}

// card returns the canvas card with the given id, or nil.
func (r *Report) card(id string) *Card {
	for i := range r.Canvas {
		for j := range r.Canvas[i].Cards {
			if r.Canvas[i].Cards[j].Card == id {
				return &r.Canvas[i].Cards[j]
			}
		}
	}
	return nil
}
