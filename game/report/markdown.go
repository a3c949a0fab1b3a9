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

	line("# %s", md(r.Title))
	blank()
	line("%s", md(r.metaLine(&lb)))
	blank()

	// Page 1: what the director reads if they read nothing else.
	line("## %s", lb.Summary)
	blank()
	line("**%s (%d):** %s", lb.Participants, len(r.Participants), md(r.peopleText(&lb)))
	blank()
	if top := topCards(r); len(top) > 0 {
		line("**%s**", lb.TopPriorities)
		blank()
		for _, t := range top {
			line("%d. %s — %s — %s", t.Place, md(t.Title), t.PartName, lb.count("dots", t.Dots))
		}
		blank()
	}
	line("**%s**", lb.Actions)
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
	line("**%s**", lb.Decisions)
	blank()
	for _, d := range r.Agenda.Decisions {
		line("- %s", md(d))
	}
	blank()
	line("**%s:** %s", lb.FollowUpHead, md(lb.f("report.MeetingOn", r.Agenda.DateText, r.Agenda.Minutes)))
	blank()

	rl := roundLabelsFor(r.Lang)
	markdownRound(line, r.Opening, rl.Opening)
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
		line("%s (%s): %s  ", upperFirst(lb.Votes), votedText(&lb, st.Result), distributionText(&lb, st.Result))
		line("%s  ", upperFirst(statsText(&lb, r.Lang, st.Result)))
		if a := apartText(&lb, st.Result); a != "" {
			line("%s: %s  ", lb.Apart, md(a))
		} else if a := agreedText(&lb, st.Result); a != "" {
			line("%s  ", a)
		}
		if r.VotesAnonymous {
			line("%s", lb.VotesHidden)
		} else {
			line("%s (%s): %s", lb.VotedWhat, fmt.Sprintf(lb.ScaleNote, lb.Scale[0], lb.Scale[4]), md(votesText(st)))
		}
		if st.Insight != "" {
			blank()
			line("> **%s:** %s", lb.Insight, md(st.Insight))
		}
		blank()
	}

	if len(r.Questions) > 0 {
		line("## %s", lb.GroupQuestions)
		blank()
		for _, q := range r.Questions {
			answer := "_" + lb.NoAnswer + "_"
			if q.Answer != "" {
				answer = md(q.Answer)
			}
			line("- **%s** %s", md(q.Title), answer)
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
				meta = append(meta, fmt.Sprintf(lb.PlaceN, c.Place), lb.count("dots", c.Dots))
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
		line("%d. %s — %s — %s%s", rk.Place, md(rk.Title), rk.PartName, lb.count("dots", rk.Dots), extra)
	}
	blank()

	markdownRound(line, r.Closing, rl.Closing)
	line("## %s", lb.Agenda)
	blank()
	line("**%s:** %s", lb.Purpose, md(r.Agenda.Purpose))
	blank()
	for i, it := range r.Agenda.Items {
		line("%d. %s — %s", i+1, md(it.Text), fmt.Sprintf(lb.MinutesN, it.Minutes))
	}
	blank()
	line("**%s**", lb.Decisions)
	blank()
	for _, d := range r.Agenda.Decisions {
		line("- %s", md(d))
	}
	blank()
	line("**%s**", lb.Invite)
	blank()
	for _, in := range r.Agenda.Invite {
		line("- %s — %s", md(in.Who), md(in.Brings))
	}
	blank()
	line("**%s.**", md(r.Agenda.FollowUp))
	blank()

	line("## %s", lb.Sources)
	blank()
	if len(r.Sources) == 0 {
		line("_%s_", lb.NoSources)
	}
	for _, src := range r.Sources {
		// A link goes in angle brackets, an autolink, so its underscores need no escape.
		link := src
		link.URL = ""
		text := md(sourceText(link))
		if u := src.URL; u != "" {
			if strings.ContainsAny(u, "<> \t\n") {
				text += ", " + md(u)
			} else {
				text += ", <" + u + ">"
			}
		}
		line("- %s", text)
	}
	blank()
	line("---")
	blank()
	line("_%s._", md(r.footText(&lb)))
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
