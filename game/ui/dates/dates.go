// Package dates reads a date as Dutch and English people type one — 31-12-2026, 31/12,
// 31 dec, 31 december 2026, 2026-12-31, morgen, tomorrow, over 2 weken — and offers the
// shortcuts of the date picker. It is pure: "today" is an argument, so every answer can be
// tested. The protocol carries only the ISO form (ISO); everything else is for people.
package dates

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Reason says why a text is not a date the app can use; the interface shows each with its
// own sentence (i18n key "date.err." + the reason).
type Reason string

const (
	Unknown   Reason = "unknown"   // not a form of date this package reads
	NoSuchDay Reason = "nosuchday" // a day that does not exist, like 31-2 or 32 december
	Past      Reason = "past"      // before today
	TooFar    Reason = "toofar"    // more than MaxYears ahead: surely a typing error
)

// MaxYears is how far ahead a due date may lie.
const MaxYears = 10

// Error is a text that is not a usable date, with the reason.
type Error struct {
	Reason Reason
	Text   string
}

func (e *Error) Error() string { return fmt.Sprintf("date %q: %s", e.Text, e.Reason) }

// ReasonOf returns the reason of an error from Parse ("" for nil or another error).
func ReasonOf(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

// ISO writes a date as the protocol carries it: 2026-12-31.
func ISO(d time.Time) string { return d.Format(time.DateOnly) }

// Day returns the date of t in t's location, as midnight UTC: the form every date of this
// package takes, so that dates compare with == and add days without daylight saving.
func Day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// Parse reads text as a date on or after today (a Day) and at most MaxYears ahead. A
// day and month without a year is the next such day. Numbers are day first (31-12, as in
// Dutch and British English); a month-first date is read only when the day-first one
// cannot exist (12/31). Month and weekday names may be Dutch or English, whole or
// shortened to three letters or more.
func Parse(text string, today time.Time) (time.Time, error) {
	today = Day(today)
	s := normalize(text)
	d, reason := parse(s, today)
	if reason == "" {
		switch {
		case d.Before(today):
			reason = Past
		case d.After(today.AddDate(MaxYears, 0, 0)):
			reason = TooFar
		}
	}
	if reason != "" {
		return time.Time{}, &Error{Reason: reason, Text: text}
	}
	return d, nil
}

// normalize lowers the case, makes commas and repeated spaces one space, and drops the
// ordinal endings of English (31st) and Dutch (31e). In a date with a month's name, dashes
// and dots are spaces too (31-dec-2026, 3 okt. 2027).
func normalize(s string) string {
	s = strings.ToLower(strings.ReplaceAll(s, ",", " "))
	if strings.IndexFunc(s, unicode.IsLetter) >= 0 {
		s = strings.NewReplacer("-", " ", ".", " ").Replace(s)
	}
	s = strings.Join(strings.Fields(s), " ")
	s = ordinal.ReplaceAllString(s, "$1")
	return s
}

var (
	ordinal  = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th|e|ste|de)\b`)
	numeric  = regexp.MustCompile(`^(\d{1,4})[-/.](\d{1,2})(?:[-/.](\d{1,4}))?$`)
	dayMonth = regexp.MustCompile(`^(\d{1,2}) ?(\pL+)(?: (\d{2}|\d{4}))?$`)
	monthDay = regexp.MustCompile(`^(\pL+) (\d{1,2})(?: (\d{4}))?$`)
	relative = regexp.MustCompile(`^(?:over|in) (\d{1,3}|een|één|a|one) (\pL+)$`)
)

// parse reads a normalized text; it returns a reason when it cannot.
func parse(s string, today time.Time) (time.Time, Reason) {
	if s == "" {
		return time.Time{}, Unknown
	}
	if n, ok := words[s]; ok {
		return today.AddDate(0, 0, n), ""
	}
	if s == "einde maand" || s == "eind van de maand" || s == "eind deze maand" || s == "end of month" || s == "end of the month" || s == "end of this month" {
		return EndOfMonth(today), ""
	}
	if wd, ok := weekday(strings.TrimPrefix(strings.TrimPrefix(s, "volgende "), "next ")); ok {
		// The next one after today: on a Friday, "vrijdag" is a week away.
		n := (int(wd)-int(today.Weekday())+6)%7 + 1
		return today.AddDate(0, 0, n), ""
	}
	if m := relative.FindStringSubmatch(s); m != nil {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			n = 1 // een, a, one
		}
		switch m[2] {
		case "dag", "dagen", "day", "days":
			return today.AddDate(0, 0, n), ""
		case "week", "weken", "weeks":
			return today.AddDate(0, 0, 7*n), ""
		case "maand", "maanden", "month", "months":
			return addMonths(today, n), ""
		}
		return time.Time{}, Unknown
	}
	if m := numeric.FindStringSubmatch(s); m != nil {
		a, b, c := atoi(m[1]), atoi(m[2]), m[3]
		if len(m[1]) == 4 { // ISO: year first, and then the day is required
			if c == "" || len(c) > 2 {
				return time.Time{}, Unknown
			}
			return date(a, b, atoi(c))
		}
		if len(m[1]) == 3 {
			return time.Time{}, Unknown
		}
		d, r := dayFirst(a, b, c, today)
		if r == NoSuchDay && !valid(b, a) && valid(a, b) {
			return dayFirst(b, a, c, today) // 12/31: month first, as it cannot be day first
		}
		return d, r
	}
	if m := dayMonth.FindStringSubmatch(s); m != nil {
		if mo, ok := month(m[2]); ok {
			return dayFirst(atoi(m[1]), mo, m[3], today)
		}
		return time.Time{}, Unknown
	}
	if m := monthDay.FindStringSubmatch(s); m != nil {
		if mo, ok := month(m[1]); ok {
			return dayFirst(atoi(m[2]), mo, m[3], today)
		}
	}
	return time.Time{}, Unknown
}

// dayFirst makes the date of day d and month m in year y (two digits mean this century,
// none the next time that day comes).
func dayFirst(d, m int, y string, today time.Time) (time.Time, Reason) {
	switch len(y) {
	case 0:
		t, r := date(today.Year(), m, d)
		if r == "" && t.Before(today) {
			return date(today.Year()+1, m, d)
		}
		if r == NoSuchDay && m == 2 && d == 29 {
			// 29 February without a year: the next leap year's.
			for yy := today.Year() + 1; yy <= today.Year()+4; yy++ {
				if t, r := date(yy, m, d); r == "" {
					return t, ""
				}
			}
		}
		return t, r
	case 2:
		return date(2000+atoi(y), m, d)
	case 4:
		return date(atoi(y), m, d)
	}
	return time.Time{}, Unknown
}

// date checks that the day exists.
func date(y, m, d int) (time.Time, Reason) {
	if !valid(m, d) {
		return time.Time{}, NoSuchDay
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return time.Time{}, NoSuchDay // 31 april, 29 february in a common year
	}
	return t, ""
}

// valid reports whether month m can have a day d at all.
func valid(m, d int) bool { return m >= 1 && m <= 12 && d >= 1 && d <= 31 }

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}

// addMonths is the same day n months on, or the month's last day when it is shorter
// (31 januari + 1 maand = 28 of 29 februari, not 3 maart).
func addMonths(d time.Time, n int) time.Time {
	first := time.Date(d.Year(), d.Month()+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	return first.AddDate(0, 0, min(d.Day(), EndOfMonth(first).Day())-1)
}

// EndOfMonth is the last day of d's month.
func EndOfMonth(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, time.UTC)
}

// words are the days people name, as days from today.
var words = map[string]int{
	"vandaag": 0, "today": 0,
	"morgen": 1, "tomorrow": 1,
	"overmorgen": 2, "day after tomorrow": 2, "the day after tomorrow": 2,
	"volgende week": 7, "next week": 7,
}

var monthNames = [12][2]string{
	{"januari", "january"}, {"februari", "february"}, {"maart", "march"}, {"april", "april"},
	{"mei", "may"}, {"juni", "june"}, {"juli", "july"}, {"augustus", "august"},
	{"september", "september"}, {"oktober", "october"}, {"november", "november"},
	{"december", "december"},
}

// month reads a month's name, whole or from three letters on ("dec", "okt", "mrt").
func month(s string) (int, bool) {
	if s == "mrt" {
		return 3, true
	}
	if len([]rune(s)) < 3 {
		return 0, false
	}
	found := 0
	for i, names := range monthNames {
		for _, n := range names {
			if strings.HasPrefix(n, s) {
				found = i + 1
			}
		}
	}
	return found, found != 0
}

var weekdayNames = [7][2]string{
	{"zondag", "sunday"}, {"maandag", "monday"}, {"dinsdag", "tuesday"}, {"woensdag", "wednesday"},
	{"donderdag", "thursday"}, {"vrijdag", "friday"}, {"zaterdag", "saturday"},
}

// weekday reads a weekday's whole name, or an English one of three letters (fri).
func weekday(s string) (time.Weekday, bool) {
	for i, names := range weekdayNames {
		if s == names[0] || s == names[1] || len(s) == 3 && strings.HasPrefix(names[1], s) {
			return time.Weekday(i), true
		}
	}
	return 0, false
}

// Shortcut is a date the picker offers with one tap; Key is its i18n text.
type Shortcut struct {
	Key  string
	Date time.Time
}

// Shortcuts are the picker's quick choices from today (a Day): tomorrow, in one and two
// weeks, the end of the month (or of the next, when this one ends within a week), and in
// a month and in three.
func Shortcuts(today time.Time) []Shortcut {
	today = Day(today)
	end := EndOfMonth(today)
	endKey := "date.short.endmonth"
	if end.Sub(today) < 7*24*time.Hour {
		end, endKey = EndOfMonth(addMonths(today, 1)), "date.short.endnextmonth"
	}
	return []Shortcut{
		{"date.short.tomorrow", today.AddDate(0, 0, 1)},
		{"date.short.week", today.AddDate(0, 0, 7)},
		{"date.short.2weeks", today.AddDate(0, 0, 14)},
		{endKey, end},
		{"date.short.month", addMonths(today, 1)},
		{"date.short.3months", addMonths(today, 3)},
	}
}
