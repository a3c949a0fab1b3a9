package report

import (
	"fmt"
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

func roleText(lb *labels, p Participant) string {
	role := lb.Player
	switch p.Role {
	case RoleFacilitator:
		role = lb.Facilitator
	case RoleObserver:
		role = lb.Observer
	}
	if p.Left {
		role += ", " + lb.Left
	}
	return role
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

// participantsText is "4", or "4 + 1 toeschouwer" with observers.
func (r *Report) participantsText(lb *labels) string {
	players := r.players()
	if obs := len(r.Participants) - players; obs > 0 {
		return fmt.Sprintf(lb.Observers, players, count(obs, lb.Observer, lb.ObserversN))
	}
	return strconv.Itoa(players)
}

// players counts the seats that play (observers only watch), those who left included.
func (r *Report) players() int {
	n := 0
	for _, p := range r.Participants {
		if p.Role != RoleObserver {
			n++
		}
	}
	return n
}

// reactionCounts is "2× +1 · 1 vraag · 1 zorg", or "" without reactions.
func reactionCounts(lb *labels, c Card) string {
	var parts []string
	if c.Plus > 0 {
		parts = append(parts, fmt.Sprintf("%d× %s", c.Plus, lb.Plus))
	}
	if c.Questions > 0 {
		parts = append(parts, count(c.Questions, lb.Question, lb.Questions))
	}
	if c.Concerns > 0 {
		parts = append(parts, count(c.Concerns, lb.Concern, lb.Concerns))
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

// unowned counts the actions without an owner.
func (r *Report) unowned() int {
	n := 0
	for _, a := range r.Actions {
		if a.NoOwner {
			n++
		}
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
