package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Markdown writes the report as Markdown that also reads well as plain text, for pasting
// into an e-mail: headings, short lists, no tables, no HTML.
func Markdown(r *Report) []byte {
	lb := labelsFor(r.Lang)
	var b strings.Builder
	line := func(format string, a ...any) {
		fmt.Fprintf(&b, format, a...)
		b.WriteByte('\n')
	}
	blank := func() { b.WriteByte('\n') }

	title := lb.Brand + " — " + lb.Title
	if r.Room != "" {
		title += " " + md(r.Room)
	}
	line("# %s", title)
	blank()
	when := r.when(&lb)
	if d := r.durationText(&lb); d != "" {
		when += " (" + d + ")"
	}
	line("**%s:** %s  ", lb.Date, when)
	line("**%s:** %s  ", lb.Status, r.statusText(&lb))
	line("**%s:** %s", lb.Deck, md(r.deckText(&lb)))
	blank()

	// At a glance: what the director reads if they read nothing else.
	line("## %s", lb.Summary)
	blank()
	if top := topCards(r); len(top) > 0 {
		names := make([]string, len(top))
		for i, t := range top {
			names[i] = md(t.Title) + " (" + count(t.Dots, lb.Dot, lb.Dots) + ")"
		}
		line("- **%s:** %s", lb.TopPriorities, strings.Join(names, ", "))
	}
	if len(r.Actions) > 0 {
		line("- **%s:** %s", lb.Actions, fmt.Sprintf(lb.ActionsSummary, count(len(r.Actions), lb.ActionOne, lb.ActionMany), r.unowned()))
	}
	if d := disagreements(r); len(d) > 0 {
		line("- **%s:** “%s” (%s)", lb.MostApart, md(d[0].Title), fmt.Sprintf(lb.SpreadOf, decimal(r.Lang, d[0].Result.Spread)))
	}
	line("- **%s:** %s", lb.Participants, r.participantsText(&lb))
	blank()

	line("## %s", lb.Participants)
	blank()
	for _, p := range r.Participants {
		line("- %s — %s", md(p.Name), roleText(&lb, p))
	}
	blank()

	line("## %s", lb.Statements)
	blank()
	if len(r.Statements) == 0 {
		line("_%s_", lb.NoStatements)
		blank()
	}
	for _, st := range r.Statements {
		line("### %d. %s", st.Number, md(st.Title))
		blank()
		if st.Result == nil {
			line("%s.", notRevealedText(&lb, r, st))
			blank()
			continue
		}
		if st.Result.Count == 0 { // revealed before anyone voted
			line("%s", lb.NoVotes)
			blank()
			continue
		}
		line("%s (%d): %s  ", upperFirst(lb.Votes), st.Result.Count, distributionText(&lb, st.Result))
		line("%s  ", upperFirst(statsText(&lb, r.Lang, st.Result)))
		if a := apartText(&lb, st.Result); a != "" {
			line("%s: %s  ", lb.Apart, md(a))
		} else {
			line("%s  ", lb.Agreed)
		}
		line("%s (%s): %s", lb.VotedWhat, fmt.Sprintf(lb.ScaleNote, lb.Scale[0], lb.Scale[4]), md(votesText(st)))
		if st.Insight != "" {
			blank()
			line("> **%s:** %s", lb.Insight, md(st.Insight))
		}
		blank()
	}

	line("## %s", lb.Canvas)
	blank()
	if r.cards() == 0 {
		line("_%s_", lb.NoCards)
		blank()
	}
	for _, col := range r.Canvas {
		if r.cards() == 0 {
			break
		}
		line("### %s — %s", col.Name, col.Question)
		blank()
		if len(col.Cards) == 0 {
			line("_%s_", lb.EmptyColumn)
			blank()
			continue
		}
		for _, c := range col.Cards {
			head := "**" + md(c.Title) + "**"
			if c.OwnIdea {
				head = lb.OwnIdea + ": " + head
			}
			var meta []string
			if c.Dots > 0 {
				meta = append(meta, fmt.Sprintf(lb.PlaceN, c.Place), count(c.Dots, lb.Dot, lb.Dots))
			}
			meta = append(meta, lb.PlayedBy+" "+md(c.Owner.Name))
			line("- %s (%s)", head, strings.Join(meta, ", "))
			if c.Reason != "" {
				line("  “%s”", md(c.Reason))
			}
			if rc := reactionCounts(&lb, c); rc != "" {
				line("  %s", rc)
			}
			for _, re := range c.Reactions {
				if re.Text != "" {
					line("  - %s: %s", md(reactionLine(&lb, re)), md(re.Text))
				}
			}
		}
		blank()
	}

	line("## %s", lb.Ranking)
	blank()
	if r.totalDots() == 0 {
		line("_%s_", lb.NoDots)
	}
	for _, rk := range r.Ranking {
		if rk.Dots == 0 {
			continue
		}
		extra := ""
		if rk.Plus > 0 {
			extra = fmt.Sprintf(", %d× %s", rk.Plus, lb.Plus)
		}
		line("%d. %s — %s — %s%s", rk.Place, md(rk.Title), rk.PartName, count(rk.Dots, lb.Dot, lb.Dots), extra)
	}
	blank()

	line("## %s", lb.Actions)
	blank()
	if len(r.Actions) == 0 {
		line("_%s_", lb.NoActions)
	}
	for i, a := range r.Actions {
		owner := md(a.Owner)
		if a.NoOwner {
			owner = "**⚠ " + lb.NoOwner + "**"
		}
		due := a.DueText
		if due == "" {
			due = lb.NoDue
		}
		text := fmt.Sprintf("%d. %s — %s: %s — %s: %s", i+1, md(a.Text), lb.Owner, owner, lb.Due, due)
		if a.CardTitle != "" {
			text += " — " + lb.Card + ": " + md(a.CardTitle)
		}
		line("%s", text)
	}
	blank()

	line("## %s", lb.Agenda)
	blank()
	for i, it := range r.Agenda.Items {
		line("%d. %s", i+1, md(it.Text))
	}
	blank()
	line("**%s.**", md(r.Agenda.FollowUp))
	blank()
	line("---")
	blank()
	line("_%s._", r.generatedText(&lb))
	return []byte(b.String())
}

// md escapes the characters that would turn text into Markdown markup (emphasis, links,
// code, raw HTML, table cells), so that what a player typed shows as they typed it.
func md(s string) string {
	if !strings.ContainsAny(s, "\\`*_[]<>|") {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		if strings.ContainsRune("\\`*_[]<>|", c) {
			b.WriteByte('\\')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// upperFirst capitalises the first letter, as a sentence starts.
func upperFirst(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[size:]
}
