package dates

import (
	"testing"
	"time"
)

// today is a Thursday.
var today = time.Date(2026, time.December, 3, 15, 4, 0, 0, time.UTC)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want string // ISO, or "" when the reason applies
		why  Reason
	}{
		// Numbers, day first.
		{"31-12-2026", "2026-12-31", ""},
		{"31/12/2026", "2026-12-31", ""},
		{"31.12.2026", "2026-12-31", ""},
		{"1-2-2027", "2027-02-01", ""},
		{"31-12-26", "2026-12-31", ""},
		{"31/12", "2026-12-31", ""},
		{"31-12", "2026-12-31", ""},
		{"1/12", "2027-12-01", ""}, // passed this year: next year's
		{"3/12", "2026-12-03", ""}, // today
		{"5/1", "2027-01-05", ""},
		{" 31 / 12 ", "", Unknown},
		// Month first only when day first cannot be.
		{"12/31", "2026-12-31", ""},
		{"12/31/2026", "2026-12-31", ""},
		// ISO.
		{"2026-12-31", "2026-12-31", ""},
		{"2027-1-5", "2027-01-05", ""},
		{"2026-12", "", Unknown},
		// Month names in both languages.
		{"31 dec", "2026-12-31", ""},
		{"31 december", "2026-12-31", ""},
		{"31 December 2026", "2026-12-31", ""},
		{"31-dec-2026", "2026-12-31", ""},
		{"31dec", "2026-12-31", ""},
		{"Dec 31", "2026-12-31", ""},
		{"December 31, 2026", "2026-12-31", ""},
		{"31st December", "2026-12-31", ""},
		{"1e januari", "2027-01-01", ""},
		{"15 mrt", "2027-03-15", ""},
		{"15 maart 2027", "2027-03-15", ""},
		{"15 march", "2027-03-15", ""},
		{"1 mei", "2027-05-01", ""},
		{"1 may", "2027-05-01", ""},
		{"3 okt 2027", "2027-10-03", ""},
		{"3 oct. 2027", "2027-10-03", ""},
		{"3 sept 2027", "2027-09-03", ""},
		{"29 feb", "2028-02-29", ""}, // the next leap year's
		{"31 ma", "", Unknown},       // two letters are too few to read as a month
		{"31 foo", "", Unknown},
		// Words.
		{"vandaag", "2026-12-03", ""},
		{"today", "2026-12-03", ""},
		{"morgen", "2026-12-04", ""},
		{"Tomorrow", "2026-12-04", ""},
		{"overmorgen", "2026-12-05", ""},
		{"volgende week", "2026-12-10", ""},
		{"vrijdag", "2026-12-04", ""},
		{"donderdag", "2026-12-10", ""}, // today is Thursday: the next one
		{"next monday", "2026-12-07", ""},
		{"fri", "2026-12-04", ""},
		{"over 2 weken", "2026-12-17", ""},
		{"over een week", "2026-12-10", ""},
		{"in 3 days", "2026-12-06", ""},
		{"in 1 month", "2027-01-03", ""},
		{"over 3 maanden", "2027-03-03", ""},
		{"over 2 jaar", "", Unknown},
		{"einde maand", "2026-12-31", ""},
		{"end of the month", "2026-12-31", ""},
		// Days that do not exist.
		{"31-2-2027", "", NoSuchDay},
		{"32 december", "", NoSuchDay},
		{"31 april 2027", "", NoSuchDay},
		{"29-2-2027", "", NoSuchDay},
		{"0-1-2027", "", NoSuchDay},
		{"15-13-2027", "", NoSuchDay},
		// Out of range.
		{"2-12-2026", "", Past},
		{"2026-01-01", "", Past},
		{"1-1-2040", "", TooFar},
		// Not dates.
		{"", "", Unknown},
		{"soon", "", Unknown},
		{"31", "", Unknown},
		{"123-4-5", "", Unknown},
		{"31-12-2026-1", "", Unknown},
		{"31-12-202", "", Unknown},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := Parse(tc.in, today)
			if tc.why != "" {
				if ReasonOf(err) != tc.why {
					t.Errorf("Parse(%q) = %v, %v; want the reason %s", tc.in, got, err, tc.why)
				}
				return
			}
			if err != nil || ISO(got) != tc.want {
				t.Errorf("Parse(%q) = %s, %v; want %s", tc.in, ISO(got), err, tc.want)
			}
		})
	}
}

func TestEndOfMonth(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2026-12-03", "2026-12-31"},
		{"2027-02-10", "2027-02-28"},
		{"2028-02-01", "2028-02-29"},
		{"2027-04-30", "2027-04-30"},
	}
	for _, tc := range tests {
		d, _ := time.Parse(time.DateOnly, tc.in)
		if got := ISO(EndOfMonth(d)); got != tc.want {
			t.Errorf("EndOfMonth(%s) = %s, want %s", tc.in, got, tc.want)
		}
	}
	jan31 := time.Date(2027, 1, 31, 0, 0, 0, 0, time.UTC)
	if got := ISO(addMonths(jan31, 1)); got != "2027-02-28" {
		t.Errorf("31 January + 1 month = %s", got)
	}
}

func TestShortcuts(t *testing.T) {
	tests := []struct {
		today string
		want  []string
	}{
		{"2026-12-03", []string{"2026-12-04", "2026-12-10", "2026-12-17", "2026-12-31", "2027-01-03", "2027-03-03"}},
		// Within a week of the month's end, the end of the next month.
		{"2026-12-28", []string{"2026-12-29", "2027-01-04", "2027-01-11", "2027-01-31", "2027-01-28", "2027-03-28"}},
	}
	for _, tc := range tests {
		d, _ := time.Parse(time.DateOnly, tc.today)
		got := Shortcuts(d)
		if len(got) != len(tc.want) {
			t.Fatalf("%d shortcuts, want %d", len(got), len(tc.want))
		}
		for i, s := range got {
			if ISO(s.Date) != tc.want[i] {
				t.Errorf("from %s, %s = %s, want %s", tc.today, s.Key, ISO(s.Date), tc.want[i])
			}
			// Every shortcut is a date Parse accepts as typed.
			if back, err := Parse(ISO(s.Date), d); err != nil || !back.Equal(s.Date) {
				t.Errorf("%s: Parse(%s) = %v, %v", s.Key, ISO(s.Date), back, err)
			}
		}
	}
}

// FuzzParse checks that any text either is refused with a reason or gives a day between
// today and MaxYears ahead that reads back the same from its ISO form.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"31-12-2026", "31/12", "31 dec", "december 31, 2026", "2026-12-31", "morgen",
		"over 2 weken", "12/31", "29 feb", "vrijdag", "einde maand", "31st december", "1e januari"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(s, today)
		if err != nil {
			if ReasonOf(err) == "" {
				t.Fatalf("Parse(%q): an error without a reason: %v", s, err)
			}
			return
		}
		day := Day(today)
		if d.Before(day) || d.After(day.AddDate(MaxYears, 0, 0)) || !d.Equal(Day(d)) {
			t.Fatalf("Parse(%q) = %v: out of range or not a day", s, d)
		}
		if back, err := Parse(ISO(d), today); err != nil || !back.Equal(d) {
			t.Fatalf("Parse(%q) = %s, which reads back as %v, %v", s, ISO(d), back, err)
		}
	})
}
