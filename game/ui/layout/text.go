package layout

import (
	"strings"
	"unicode/utf8"
)

// Measurer tells the width of a single line of text at a font size (pixels) and weight.
// The client measures with its embedded typeface, and so do the scenes' tests.
type Measurer interface {
	Width(s string, size float64, bold bool) float64
}

// LineHeight is the distance between baselines for a font size.
func LineHeight(size float64) float64 { return size * 1.32 }

// ellipsis ends a line that was cut short.
const ellipsis = "…"

// Wrap breaks s into lines no wider than width, at spaces where it can and inside a word
// only when the word alone is too wide. With maxLines > 0 it stops there and ends the last
// line with an ellipsis. Explicit newlines start new lines.
func Wrap(m Measurer, s string, size float64, bold bool, width float64, maxLines int) []string {
	lines, _ := WrapH(m, nil, s, size, bold, width, maxLines)
	return lines
}

// Hyphenator tells where a word may be broken: the byte offsets inside word at which a
// hyphen may go. package hyphen implements it with TeX patterns.
type Hyphenator interface {
	Points(word string) []int
}

// WrapH is Wrap that breaks a word too wide for a line at a hyphenation point of h (with
// a hyphen) when h is not nil, and reports whether text was left out (elided).
func WrapH(m Measurer, h Hyphenator, s string, size float64, bold bool, width float64, maxLines int) (lines []string, elided bool) {
	// Once the lines are full, any text left means the text was cut.
	full := func() bool { return maxLines > 0 && len(lines) >= maxLines }
	paras := strings.Split(s, "\n")
	for pi, para := range paras {
		words := strings.Fields(para)
		if full() {
			elided = strings.TrimSpace(strings.Join(paras[pi:], " ")) != ""
			break
		}
		if len(words) == 0 {
			lines = append(lines, "")
			continue
		}
		line := ""
		for wi := 0; wi < len(words); wi++ {
			w := words[wi]
			try := w
			if line != "" {
				try = line + " " + w
			}
			if m.Width(try, size, bold) <= width {
				line = try
				continue
			}
			if line != "" {
				lines = append(lines, line)
				line = ""
				if full() {
					elided = true
					break
				}
			}
			// The word alone may be too wide (a URL, a long Dutch compound): break it, at a
			// hyphenation point where there is one.
			line = w
			for m.Width(line, size, bold) > width && utf8.RuneCountInString(line) > 1 {
				head, rest := breakWord(m, h, line, size, bold, width)
				lines = append(lines, head)
				line = rest
				if full() {
					elided = true
					break
				}
			}
			if full() {
				line = ""
				if elided {
					break
				}
			}
		}
		if line != "" {
			if full() {
				elided = true
				break
			}
			lines = append(lines, line)
		}
		if elided {
			break
		}
	}
	if elided && len(lines) > 0 {
		last := strings.TrimSuffix(lines[len(lines)-1], "-")
		lines[len(lines)-1] = Elide(m, last+ellipsis, size, bold, width)
	}
	return lines, elided
}

// breakWord splits a word too wide for width into the head that goes on this line and the
// rest: at the last hyphenation point whose head (with its hyphen) fits, else after an
// existing hyphen that fits, else after as many characters as fit.
func breakWord(m Measurer, h Hyphenator, word string, size float64, bold bool, width float64) (head, rest string) {
	best := -1
	for i := 1; i < len(word); i++ {
		if (word[i-1] == '-' || word[i-1] == '/') && m.Width(word[:i], size, bold) <= width {
			best = i
		}
	}
	hyph := false
	// An address or a number is not a word: it breaks where it must, never with a hyphen.
	if h != nil && !strings.ContainsAny(word, "/@:.0123456789") {
		for _, p := range h.Points(word) {
			if p <= best || p >= len(word) || word[p-1] == '-' {
				continue
			}
			if m.Width(word[:p]+"-", size, bold) <= width {
				best, hyph = p, true
			}
		}
	}
	if hyph {
		return word[:best] + "-", word[best:]
	}
	if best > 0 {
		return word[:best], word[best:]
	}
	head = fitPrefix(m, word, size, bold, width)
	return head, word[len(head):]
}

// fitPrefix returns the longest prefix of s (at least one rune) no wider than width.
func fitPrefix(m Measurer, s string, size float64, bold bool, width float64) string {
	end := 0
	for i := range s {
		if i > 0 && m.Width(s[:i], size, bold) > width {
			break
		}
		end = i
	}
	if end == 0 {
		_, n := utf8.DecodeRuneInString(s)
		return s[:n]
	}
	if m.Width(s, size, bold) <= width {
		return s
	}
	return s[:end]
}

// Elide shortens s with an ellipsis until it fits width.
func Elide(m Measurer, s string, size float64, bold bool, width float64) string {
	if m.Width(s, size, bold) <= width {
		return s
	}
	base := strings.TrimSuffix(s, ellipsis)
	for base != "" {
		_, n := utf8.DecodeLastRuneInString(base)
		base = strings.TrimRight(base[:len(base)-n], " ")
		if m.Width(base+ellipsis, size, bold) <= width {
			return base + ellipsis
		}
	}
	if m.Width(ellipsis, size, bold) <= width {
		return ellipsis
	}
	return ""
}

// ElideWords shortens s to fit width at a word boundary, with an ellipsis after the last
// whole word (and no dangling dash or comma before it): a title reads "Digitale strategie…",
// never "Digitale strat…". A first word too wide on its own is elided as Elide does.
func ElideWords(m Measurer, s string, size float64, bold bool, width float64) string {
	if m.Width(s, size, bold) <= width {
		return s
	}
	words := strings.Fields(s)
	for n := len(words) - 1; n > 0; n-- {
		head := strings.TrimRight(strings.Join(words[:n], " "), " -–—,;:·")
		if head != "" && m.Width(head+ellipsis, size, bold) <= width {
			return head + ellipsis
		}
	}
	return Elide(m, s, size, bold, width)
}

// Mono is a fixed-width Measurer: every rune is ratio×size wide. The layout's own tests use
// it, where counting runes is the point; the scenes' tests measure in the client's typeface
// (game/ui/app's measure_test.go), since real letters are narrower and wider than any one
// ratio.
type Mono struct{ Ratio float64 }

// Width implements Measurer.
func (m Mono) Width(s string, size float64, bold bool) float64 {
	r := m.Ratio
	if r == 0 {
		r = 0.56
	}
	if bold {
		r *= 1.05
	}
	return float64(utf8.RuneCountInString(s)) * r * size
}
