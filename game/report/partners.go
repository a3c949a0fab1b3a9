package report

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Partner is an organisation, or a kind of partner, that the group named during the
// session, with where it was named; the follow-up agenda invites it.
type Partner struct {
	Name string `json:"name"`
	From string `json:"from"` // "reden bij “Augmented reality”"
}

// said is a piece of text typed during the session and where it was typed.
type said struct{ text, from string }

// maxPartners bounds the partners on the agenda: a meeting of an hour invites no more.
const maxPartners = 5

// discussion collects what the group typed: the insights of the statements, the reasons of
// the cards and the words of the reactions, and the actions.
func discussion(r *Report, lb *labels) []said {
	var out []said
	for _, st := range r.Statements {
		if st.Insight != "" {
			out = append(out, said{st.Insight, fmt.Sprintf(lb.FromInsight, "“"+st.Title+"”")})
		}
	}
	for _, col := range r.Canvas {
		for _, c := range col.Cards {
			if c.Reason != "" {
				out = append(out, said{c.Reason, fmt.Sprintf(lb.FromReason, "“"+c.Title+"”")})
			}
			for _, re := range c.Reactions {
				if re.Text != "" {
					out = append(out, said{re.Text, fmt.Sprintf(lb.FromReaction, "“"+c.Title+"”")})
				}
			}
		}
	}
	for _, a := range r.Actions {
		out = append(out, said{a.Text, fmt.Sprintf(lb.FromAction, "“"+a.Text+"”")})
	}
	return out
}

// partnersIn finds the partners named in what the group typed: names in quotes ("Theater &
// Co"), runs of capitalised words that are not the start of a sentence (Bibliotheek Utrecht,
// het Van Gogh Museum) and the words for kinds of partner that are always someone else
// (scholen, de gemeente, a fund). The names of the participants, the cards' titles and
// abbreviations of technology (AI, VR, CRM) are not partners. Nothing found means no
// partners: the agenda then says nothing about them rather than something canned.
func partnersIn(texts []said, r *Report) []Partner {
	skip := map[string]bool{}
	for _, w := range notPartners {
		skip[w] = true
	}
	for _, p := range r.Participants {
		skip[strings.ToLower(p.Name)] = true
	}
	for _, col := range r.Canvas {
		for _, c := range col.Cards {
			skip[strings.ToLower(c.Title)] = true
		}
	}
	for _, st := range r.Statements {
		skip[strings.ToLower(st.Title)] = true
	}
	var out []Partner
	seen := map[string]bool{}
	found := func(name, from string) {
		key := strings.ToLower(name)
		if name == "" || skip[key] || seen[key] || len(out) >= maxPartners {
			return
		}
		for k := range seen { // "bibliotheek" adds nothing next to "Bibliotheek Utrecht"
			if strings.Contains(k, key) {
				return
			}
		}
		seen[key] = true
		out = append(out, Partner{Name: name, From: from})
	}
	for _, s := range texts {
		for _, name := range quoted(s.text) {
			found(name, s.from)
		}
		for _, name := range capitalRuns(s.text) {
			found(name, s.from)
		}
		for _, w := range strings.Fields(s.text) {
			if w = strings.ToLower(strings.TrimFunc(w, notWordRune)); partnerKinds[w] {
				found(w, s.from)
			}
		}
	}
	return out
}

// notPartners are capitalised words that name no partner: technologies, abbreviations of
// rules, and English days and months.
var notPartners = []string{
	"ai", "ar", "vr", "xr", "qr", "crm", "avg", "gdpr", "api", "nft", "fte", "ict", "it", "pdf",
	"csv", "ok", "tv", "wifi", "wi-fi", "i", "impactkaarten", "digitaal dna", "digital dna",
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
	"february", "march", "april", "may", "june", "july", "august", "september", "october",
	"november", "december", "q1", "q2", "q3", "q4",
}

// partnerKinds are the words for partners that are always another organisation.
var partnerKinds = map[string]bool{
	"school": true, "scholen": true, "basisscholen": true, "bibliotheek": true, "bibliotheken": true,
	"gemeente": true, "gemeenten": true, "provincie": true, "fonds": true, "fondsen": true,
	"sponsor": true, "sponsors": true, "sponsoren": true, "omroep": true, "omroepen": true,
	"universiteit": true, "universiteiten": true, "hogeschool": true, "hogescholen": true,
	"zorginstellingen": true, "wijkcentrum": true, "buurthuis": true,
	"schools": true, "library": true, "libraries": true, "council": true, "municipality": true,
	"fund": true, "funds": true, "broadcaster": true, "university": true, "universities": true,
	"charities": true, "charity": true,
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '&' }

// quoted returns the short texts between double quotes ("…" or “…”) that start with a
// capital: the way people type a name.
func quoted(s string) []string {
	var out []string
	for _, pair := range [][2]string{{`"`, `"`}, {"“", "”"}} {
		rest := s
		for {
			i := strings.Index(rest, pair[0])
			if i < 0 {
				break
			}
			rest = rest[i+len(pair[0]):]
			j := strings.Index(rest, pair[1])
			if j < 0 {
				break
			}
			q := strings.TrimSpace(rest[:j])
			rest = rest[j+len(pair[1]):]
			if r, _ := utf8.DecodeRuneInString(q); unicode.IsUpper(r) && len(strings.Fields(q)) <= 5 {
				out = append(out, q)
			}
		}
	}
	return out
}

// joiners may stand inside a name between capitalised words: "Theater & Co", "Museum van
// Loon", "Museum of the Home".
var joiners = map[string]bool{"&": true, "van": true, "de": true, "der": true, "den": true,
	"het": true, "voor": true, "of": true, "the": true, "'t": true, "aan": true}

// capitalRuns returns the runs of capitalised words, with joiners inside them. A single
// capitalised word that starts a sentence is an ordinary word; two or more make a name.
func capitalRuns(s string) []string {
	var out, run []string
	start, runAtStart := true, false
	flush := func() {
		for len(run) > 0 && joiners[strings.ToLower(run[len(run)-1])] {
			run = run[:len(run)-1]
		}
		caps := 0
		for _, w := range run {
			if !joiners[strings.ToLower(w)] {
				caps++
			}
		}
		if caps > 1 || (caps == 1 && !runAtStart) {
			out = append(out, strings.Join(run, " "))
		}
		run = nil
	}
	for _, field := range strings.Fields(s) {
		if strings.IndexAny(field, `"“(`) == 0 {
			flush() // a quote or a bracket opens a new clause
			start = false
		}
		w := strings.TrimFunc(field, notWordRune)
		r, _ := utf8.DecodeRuneInString(w)
		switch {
		case w != "" && unicode.IsUpper(r):
			if len(run) == 0 {
				runAtStart = start
			}
			run = append(run, w)
		case len(run) > 0 && joiners[strings.ToLower(w)] && w == strings.TrimSpace(field):
			run = append(run, w)
		default:
			flush()
		}
		// A word that ends a sentence, or a clause cut by a quote or a bracket, ends the run.
		last, _ := utf8.DecodeLastRuneInString(field)
		if strings.ContainsRune(`.!?:;,)"”`, last) {
			flush()
		}
		start = strings.ContainsRune(".!?:", last)
	}
	flush()
	return out
}
