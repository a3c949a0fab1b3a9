package report

import (
	"reflect"
	"strings"
	"testing"

	"impactkaarten/cards"
	"impactkaarten/game/ui/i18n"
)

// TestLabelsComplete checks that every word of the report comes from the catalogue in both
// languages: no field is empty or shows a missing key.
func TestLabelsComplete(t *testing.T) {
	for _, l := range []cards.Lang{cards.NL, cards.EN} {
		t.Run(string(l), func(t *testing.T) {
			lb := labelsFor(l)
			v := reflect.ValueOf(lb)
			for i := range v.NumField() {
				f := v.Type().Field(i)
				if !f.IsExported() {
					continue
				}
				var texts []string
				switch fv := v.Field(i); fv.Kind() {
				case reflect.String:
					texts = []string{fv.String()}
				case reflect.Array, reflect.Slice:
					for j := range fv.Len() {
						texts = append(texts, fv.Index(j).String())
					}
				}
				for _, s := range texts {
					if strings.TrimSpace(s) == "" || i18n.Missing(s) {
						t.Errorf("%s: %q", f.Name, s)
					}
				}
			}
			if len(lb.Months) != 12 || len(lb.Weekdays) != 7 {
				t.Errorf("%d months, %d weekdays", len(lb.Months), len(lb.Weekdays))
			}
		})
	}
}

// TestColumnQuestionsAsOnScreen checks that the report asks each column's question in the
// words the canvas shows.
func TestColumnQuestionsAsOnScreen(t *testing.T) {
	for _, l := range []cards.Lang{cards.NL, cards.EN} {
		lb := labelsFor(l)
		for i, p := range cards.Parts {
			if want := i18n.T(l, "part."+string(p)+".q"); lb.PartQuestion[i] != want {
				t.Errorf("%s %s: report %q, screen %q", l, p, lb.PartQuestion[i], want)
			}
		}
	}
}

// TestCounts checks the report's counted words for 0, 1 and 2.
func TestCounts(t *testing.T) {
	tests := []struct {
		lang cards.Lang
		what string
		n    int
		want string
	}{
		{cards.NL, "dots", 0, "0 stippen"},
		{cards.NL, "dots", 1, "1 stip"},
		{cards.NL, "dots", 2, "2 stippen"},
		{cards.EN, "votes", 1, "1 vote"},
		{cards.EN, "votes", 2, "2 votes"},
		{cards.NL, "actions", 1, "1 actie"},
		{cards.EN, "concerns", 0, "0 concerns"},
		{cards.NL, "questions", 1, "1 vraag"},
		{cards.EN, "cards", 1, "1 card"},
	}
	for _, tc := range tests {
		t.Run(string(tc.lang)+" "+tc.want, func(t *testing.T) {
			lb := labelsFor(tc.lang)
			if got := lb.count(tc.what, tc.n); got != tc.want {
				t.Errorf("count(%s, %d) = %q, want %q", tc.what, tc.n, got, tc.want)
			}
		})
	}
	lb := labelsFor(cards.EN)
	if got := lb.f("report.AgendaFollowUp", "Tuesday", 1); got != "Proposed date: Tuesday, 1 minute" {
		t.Errorf("AgendaFollowUp = %q", got)
	}
}
