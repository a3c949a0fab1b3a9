package report

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"impactkaarten/cards"
	"impactkaarten/game"
)

// The phrases the Markdown and HTML exports share, so both say the same thing the same way.

// when says when the session took place: "woensdag 25 november 2026, 10:00–11:27".
func (r *Report) when(lb *labels) string {
	if r.Start == nil {
		return lb.longDate(r.Generated)
	}
	end := r.Generated.In(r.Start.Location())
	if r.End != nil {
		end = *r.End
	}
	return fmt.Sprintf("%s, %s–%s", lb.longDate(*r.Start), r.Start.Format("15:04"), end.Format("15:04"))
}

// statusText is the status in words: "afgerond", "loopt nog", "nog niet begonnen".
func (r *Report) statusText(lb *labels) string {
	switch r.Status {
	case Running:
		return lb.Running
	case Finished:
		return lb.Finished
	}
	return lb.NotStarted
}

// durationText is "1 u 27 min", or "" before the start.
func (r *Report) durationText(lb *labels) string {
	if r.Start == nil {
		return ""
	}
	return lb.duration(r.Minutes)
}

// generatedText is "Gemaakt op woensdag 25 november 2026 om 11:35", and the room's id when
// known, which tells two sessions apart that had the same join code.
func (r *Report) generatedText(lb *labels) string {
	s := fmt.Sprintf(lb.Generated, fmt.Sprintf(lb.At, lb.longDate(r.Generated), r.Generated.Format("15:04")))
	if r.RoomID != "" {
		s += " (" + lb.RoomID + " " + r.RoomID + ")"
	}
	return s
}

func (r *Report) deckText(lb *labels) string {
	return fmt.Sprintf(lb.DeckVersion, r.Deck.Name, r.Deck.Version)
}

// distributionText is "1× helemaal oneens · 2× eens · 1× helemaal eens".
func distributionText(lb *labels, res *Result) string {
	var parts []string
	for v, n := range res.Distribution {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d× %s", n, lb.Scale[v]))
		}
	}
	return strings.Join(parts, " · ")
}

// statsText is "gemiddeld 3,5 · spreiding 1,5".
func statsText(lb *labels, l cards.Lang, res *Result) string {
	return fmt.Sprintf("%s %s · %s %s", lb.Mean, decimal(l, res.Mean), lb.Spread, decimal(l, res.Spread))
}

// apartText is "Zoë (1) en Jeroen (5)", or "" when everyone agreed.
func apartText(lb *labels, res *Result) string {
	if len(res.Apart) < 2 {
		return ""
	}
	names := make([]string, len(res.Apart))
	for i, v := range res.Apart {
		names[i] = fmt.Sprintf("%s (%d)", v.Name, v.Value)
	}
	return lb.list(names)
}

// votedText is "3 van 4 gestemd", or "3 stemmen" when it is not known how many could vote.
func votedText(lb *labels, res *Result) string {
	if res.Of >= res.Count && res.Of > 0 {
		return fmt.Sprintf(lb.VotedOf, res.Count, res.Of)
	}
	return lb.count("votes", res.Count)
}

// agreedText is "Alle 3 stemmers waren het eens.": agreement only among those who voted,
// and only from two votes on; "" otherwise.
func agreedText(lb *labels, res *Result) string {
	if res.Count < 2 || slices.Index(res.Distribution[:], res.Count) < 0 {
		return ""
	}
	return fmt.Sprintf(lb.Agreed, res.Count)
}

// votesText is "Zoë 1 · Fenna 4 · Jeroen 5".
func votesText(st Statement) string {
	parts := make([]string, len(st.Votes))
	for i, v := range st.Votes {
		parts[i] = v.Name + " " + strconv.Itoa(v.Value)
	}
	return strings.Join(parts, " · ")
}

// notRevealedText is "Stemmen niet onthuld (2 van 4 gestemd)".
func notRevealedText(lb *labels, r *Report, st Statement) string {
	return fmt.Sprintf("%s (%s)", lb.NotRevealed, fmt.Sprintf(lb.VotedOf, st.Voters, r.players()))
}

// players counts the participants, those who left included; observers are not in the list.
func (r *Report) players() int { return len(r.Participants) }

// peopleText names the participants: "Fenna (facilitator), Zoë, Jeroen en Daniëlle".
func (r *Report) peopleText(lb *labels) string {
	names := make([]string, len(r.Participants))
	for i, p := range r.Participants {
		names[i] = p.Name
		if p.Role == RoleFacilitator {
			names[i] += " (" + lb.Facilitator + ")"
		}
	}
	return lb.list(names)
}

// metaLine is the line under the title: when, how long, the deck, and the status while
// the session runs.
func (r *Report) metaLine(lb *labels) string {
	when := r.when(lb)
	if d := r.durationText(lb); d != "" {
		when += " (" + d + ")"
	}
	parts := []string{when, lb.Deck + ": " + r.deckText(lb)}
	if r.Status != Finished {
		parts = append(parts, lb.Status+": "+r.statusText(lb))
	}
	if code := r.codeLine(); code != "" {
		parts = append(parts, code)
	}
	return strings.Join(parts, " · ")
}

// footText is the closing line: when the report was made, and the session code as
// metadata for whoever needs to find the room again.
func (r *Report) footText(lb *labels) string {
	s := r.generatedText(lb)
	if r.Room != "" {
		s += " · " + fmt.Sprintf(lb.RoomMeta, r.Room)
	}
	return s
}

// sourceText is "Museumbezoek 2025 — DEN (2025), https://…" for the appendix.
func sourceText(s SourceRef) string {
	t := s.Title + " — " + s.Name
	if s.Year > 0 {
		t += " (" + strconv.Itoa(s.Year) + ")"
	}
	if s.URL != "" {
		t += ", " + s.URL
	}
	return t
}

// reactionCounts is "2× +1 · 1 vraag · 1 zorg", or "" without reactions.
func reactionCounts(lb *labels, c Card) string {
	var parts []string
	if c.Plus > 0 {
		parts = append(parts, fmt.Sprintf("%d× %s", c.Plus, lb.Plus))
	}
	if c.Questions > 0 {
		parts = append(parts, lb.count("questions", c.Questions))
	}
	if c.Concerns > 0 {
		parts = append(parts, lb.count("concerns", c.Concerns))
	}
	return strings.Join(parts, " · ")
}

// reactionLine is "Vraag van Jeroen: Wie betaalt dat?" for a reaction with text.
func reactionLine(lb *labels, re Reaction) string {
	format := lb.PlusBy
	switch re.Kind {
	case game.ReactQuestion:
		format = lb.QuestionBy
	case game.ReactConcern:
		format = lb.ConcernBy
	}
	return fmt.Sprintf(format, re.By.Name)
}

// totalDots counts the dots on the canvas.
func (r *Report) totalDots() int {
	n := 0
	for _, rk := range r.Ranking {
		n += rk.Dots
	}
	return n
}

// cards counts the cards on the canvas.
func (r *Report) cards() int {
	n := 0
	for _, col := range r.Canvas {
		n += len(col.Cards)
	}
	return n
}
