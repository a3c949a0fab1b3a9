package layout

import (
	"strings"
	"unicode/utf8"
)

// Measurer tells the width of a single line of text at a font size (pixels) and weight.
// The client measures with its embedded typeface; tests use a fixed-width stand-in.
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
	var lines []string
	full := func() bool { return maxLines > 0 && len(lines) >= maxLines }
	for _, para := range strings.Split(s, "\n") {
		if full() {
			break
		}
		words := strings.Fields(para)
		if len(words) == 0 {
			lines = append(lines, "")
			continue
		}
		line := ""
		for _, w := range words {
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
				if full() {
					line = ""
					break
				}
			}
			// The word alone may be too wide (a URL, a long Dutch compound): break it.
			line = w
			for m.Width(line, size, bold) > width && utf8.RuneCountInString(line) > 1 {
				head := fitPrefix(m, line, size, bold, width)
				lines = append(lines, head)
				line = line[len(head):]
				if full() {
					line = ""
					break
				}
			}
			if full() {
				break
			}
		}
		if line != "" && !full() {
			lines = append(lines, line)
		}
	}
	if maxLines > 0 && len(lines) == maxLines && joinedLen(lines) < len(strings.Join(strings.Fields(s), " ")) {
		lines[maxLines-1] = Elide(m, lines[maxLines-1]+ellipsis, size, bold, width)
	}
	return lines
}

func joinedLen(lines []string) int {
	n := 0
	for i, l := range lines {
		if i > 0 {
			n++
		}
		n += len(l)
	}
	return n
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

// Mono is a fixed-width Measurer: every rune is ratio×size wide. Tests use it; ratio 0.56
// is close to the average width of the Inter typeface.
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
