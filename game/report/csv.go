package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strconv"

	"impactkaarten/cards"
	"impactkaarten/game"
)

// bom is the UTF-8 byte order mark. Excel reads a CSV file without it in the system's code
// page (Windows-1252), which garbles every ë and é; with it, Excel reads UTF-8.
const bom = "\uFEFF"

// CSV writes everything the session produced, one row per fact, for a spreadsheet: every
// revealed vote and every dot, every card on the canvas with its reason, every reaction with
// its words, every insight and every action with its owner and date. Its first column says
// what a row is (vote, dot, card, reaction, insight, action); the header is in the report's
// language.
//
// The file opens with a double click in the Excel of its language: a Dutch report uses
// semicolons, because Dutch Excel (whose decimal separator is the comma) splits on them, and
// an English one commas; both start with a byte order mark so Excel reads UTF-8. A "sep="
// first line is not used: Excel then ignores the byte order mark and garbles the accents.
// Line ends are CRLF, as Excel writes them itself.
//
// A cell that starts with = + - or @ gets a leading apostrophe, so that a spreadsheet never
// runs a player's text as a formula.
func CSV(r *Report) ([]byte, error) {
	lb := labelsFor(r.Lang)
	var buf bytes.Buffer
	buf.WriteString(bom)
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	if r.Lang != cards.EN {
		w.Comma = ';'
	}
	rows := [][]string{{lb.Kind, "id", lb.Card, lb.Part, lb.Seat, lb.Name, lb.Value, lb.Text, lb.Owner, lb.Due}}
	seat := func(s SeatRef) (string, string) {
		if s.Seat == 0 {
			return "", s.Name
		}
		return strconv.Itoa(int(s.Seat)), s.Name
	}
	for _, st := range r.Statements {
		for _, v := range st.Votes {
			id, name := seat(v.SeatRef)
			rows = append(rows, []string{"vote", st.Card, st.Title, "", id, name, strconv.Itoa(v.Value), "", "", ""})
		}
		if st.Insight != "" {
			rows = append(rows, []string{"insight", st.Card, st.Title, "", "", "", "", st.Insight, "", ""})
		}
	}
	for _, q := range r.Questions {
		if q.Answer != "" {
			rows = append(rows, []string{"answer", q.Card, q.Title, "", "", "", "", q.Answer, "", ""})
		}
	}
	for _, col := range r.Canvas {
		for _, c := range col.Cards {
			id, name := seat(c.Owner)
			rows = append(rows, []string{"card", c.Card, c.Title, col.Name, id, name, strconv.Itoa(c.Dots), c.Reason, "", ""})
			for _, re := range c.Reactions {
				id, name := seat(re.By)
				rows = append(rows, []string{"reaction", c.Card, c.Title, col.Name, id, name, reactionKind(&lb, re.Kind), re.Text, "", ""})
			}
			for _, d := range c.DotsBy {
				id, name := seat(d)
				rows = append(rows, []string{"dot", c.Card, c.Title, col.Name, id, name, "1", "", "", ""})
			}
		}
	}
	rows = append(rows, csvRounds(r, seat)...)
	for _, a := range r.Actions {
		rows = append(rows, []string{"action", strconv.Itoa(a.ID), a.CardTitle, "", "", "", "", a.Text, a.Owner, a.Due})
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

// reactionKind is the kind of a reaction in words: "+1", "vraag", "zorg".
func reactionKind(lb *labels, kind string) string {
	switch kind {
	case game.ReactQuestion:
		return lb.Question
	case game.ReactConcern:
		return lb.Concern
	}
	return "plus"
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
