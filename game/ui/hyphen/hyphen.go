// Package hyphen breaks words at their hyphenation points with Liang's algorithm (the one
// TeX uses) and the TeX hyphenation patterns for Dutch and American English, so that a long
// Dutch compound on a narrow card breaks as "publieks-gegevens", not "publieksgegeve-ns".
// The patterns are data, embedded with their licences (patterns/README.md).
package hyphen

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:embed patterns/hyph_nl_NL.dic patterns/hyph_en_US.dic
var files embed.FS

// Patterns is a language's hyphenation patterns: a Hyphenator for layout.Wrap.
type Patterns struct {
	// pats maps a pattern's letters to its values: pats["ab"][i] is the value before
	// the i-th letter (len(letters)+1 values).
	pats     map[string][]uint8
	maxLen   int
	leftMin  int
	rightMin int
}

// Load reads the patterns of a language: "nl" or "en".
func Load(lang string) (*Patterns, error) {
	name := map[string]string{"nl": "patterns/hyph_nl_NL.dic", "en": "patterns/hyph_en_US.dic"}[lang]
	if name == "" {
		return nil, fmt.Errorf("hyphen: no patterns for language %q", lang)
	}
	data, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("hyphen: %w", err)
	}
	return Parse(data)
}

// Parse reads patterns in the format of the hyphen library (LibreOffice's .dic files): a
// first line naming the encoding (UTF-8 only), optional LEFTHYPHENMIN / RIGHTHYPHENMIN
// lines, then one TeX pattern a line ("a1b", ".aan5"); % starts a comment.
func Parse(data []byte) (*Patterns, error) {
	p := &Patterns{pats: map[string][]uint8{}, leftMin: 2, rightMin: 2}
	sc := bufio.NewScanner(bytes.NewReader(data))
	first := true
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, '%'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if first {
			first = false
			if line != "UTF-8" {
				return nil, fmt.Errorf("hyphen: patterns in %q, want UTF-8", line)
			}
			continue
		}
		if line == "" {
			continue
		}
		if k, v, ok := strings.Cut(line, " "); ok {
			n, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil {
				return nil, fmt.Errorf("hyphen: line %q: %w", line, err)
			}
			switch k {
			case "LEFTHYPHENMIN":
				p.leftMin = n
			case "RIGHTHYPHENMIN":
				p.rightMin = n
			}
			continue
		}
		if !utf8.ValidString(line) {
			return nil, fmt.Errorf("hyphen: pattern %q is not UTF-8", line)
		}
		var letters []rune
		vals := []uint8{0}
		for _, r := range line {
			if r >= '0' && r <= '9' {
				vals[len(vals)-1] = uint8(r - '0')
				continue
			}
			letters = append(letters, r)
			vals = append(vals, 0)
		}
		if len(letters) == 0 {
			continue
		}
		p.pats[string(letters)] = vals
		p.maxLen = max(p.maxLen, len(letters))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("hyphen: %w", err)
	}
	return p, nil
}

// Points returns the byte offsets in s at which a line may be broken with a hyphen. s may
// hold punctuation and existing hyphens: each run of letters is hyphenated on its own.
func (p *Patterns) Points(s string) []int {
	var out []int
	start := -1
	for i, r := range s + " " {
		letter := i < len(s) && unicode.IsLetter(r)
		switch {
		case letter && start < 0:
			start = i
		case !letter && start >= 0:
			out = append(out, p.word(s[start:i], start)...)
			start = -1
		}
	}
	return out
}

// word hyphenates one run of letters that starts at byte offset base of the text.
func (p *Patterns) word(w string, base int) []int {
	runes := []rune(strings.ToLower(w))
	n := len(runes)
	if n < p.leftMin+p.rightMin {
		return nil
	}
	dotted := make([]rune, 0, n+2)
	dotted = append(dotted, '.')
	dotted = append(dotted, runes...)
	dotted = append(dotted, '.')
	// vals[i] is the value of the gap before dotted[i].
	vals := make([]uint8, len(dotted)+1)
	for i := range dotted {
		for j := i + 1; j <= len(dotted) && j-i <= p.maxLen; j++ {
			if v, ok := p.pats[string(dotted[i:j])]; ok {
				for k, x := range v {
					if x > vals[i+k] {
						vals[i+k] = x
					}
				}
			}
		}
	}
	// Byte offsets of the runes of w (ToLower keeps the rune count for these scripts, and
	// offsets come from w itself).
	offs := make([]int, 0, n)
	for i := range w {
		offs = append(offs, i)
	}
	if len(offs) != n {
		return nil
	}
	var ks []int
	for k := p.leftMin; k <= n-p.rightMin; k++ {
		// The gap before rune k of the word is the gap before dotted[k+1].
		if vals[k+1]%2 == 1 {
			ks = append(ks, k)
		}
	}
	// Two points one letter apart would leave a letter alone on a line ("schrif-t-her"):
	// keep the one the patterns are surer of.
	var out []int
	for i, k := range ks {
		if i > 0 && k-ks[i-1] == 1 && vals[ks[i-1]+1] >= vals[k+1] {
			continue
		}
		if i+1 < len(ks) && ks[i+1]-k == 1 && vals[ks[i+1]+1] > vals[k+1] {
			continue
		}
		out = append(out, base+offs[k])
	}
	return out
}

// Hyphenate returns w with hyphens at every hyphenation point, for tests and tools.
func (p *Patterns) Hyphenate(w string) string {
	var b strings.Builder
	last := 0
	for _, i := range p.Points(w) {
		b.WriteString(w[last:i])
		b.WriteByte('-')
		last = i
	}
	b.WriteString(w[last:])
	return b.String()
}
