// Package textedit is the editing state of a one-line text field: the text, the caret and
// the selection, and the operations keys and the pointer perform on them. It is pure: the
// client feeds it committed text from Ebiten's exp/textinput (which handles the IME) and
// the keys of each tick, and tests drive it directly.
//
// Positions are byte offsets into the UTF-8 text that always fall on rune boundaries.
package textedit

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Buffer is a one-line text being edited. The zero value is an empty, unlimited buffer.
type Buffer struct {
	text   string
	anchor int // where the selection started; equals caret when nothing is selected
	caret  int
	// Max is the most runes the text may hold; 0 means no limit. Typing or pasting past
	// it is refused whole, never cut, and Refused says so until the next change, so the
	// field can show why; the engine never has to reject a text as too long.
	Max int
	// refused is how many runes the last refused insertion held; 0 after any change.
	refused int
}

// Remaining is how many more runes the text may hold (-1 when there is no limit).
func (b *Buffer) Remaining() int {
	if b.Max <= 0 {
		return -1
	}
	return max(0, b.Max-utf8.RuneCountInString(b.text))
}

// Refused reports whether the last typing or paste was refused because it would not fit.
func (b *Buffer) Refused() bool { return b.refused > 0 }

// New returns a buffer holding text with the caret at its end.
func New(text string, max int) *Buffer {
	b := &Buffer{Max: max}
	b.SetText(text)
	return b
}

// Text returns the text.
func (b *Buffer) Text() string { return b.text }

// Caret returns the caret's position.
func (b *Buffer) Caret() int { return b.caret }

// Selection returns the selected range, start ≤ end; empty when start == end.
func (b *Buffer) Selection() (start, end int) {
	return min(b.anchor, b.caret), max(b.anchor, b.caret)
}

// Selected returns the selected text.
func (b *Buffer) Selected() string {
	s, e := b.Selection()
	return b.text[s:e]
}

// SetText replaces the text and puts the caret at its end.
func (b *Buffer) SetText(s string) {
	b.refused = 0
	b.text = b.limit(oneLine(s), 0)
	b.caret = len(b.text)
	b.anchor = b.caret
}

// oneLine turns line breaks and tabs into spaces: fields hold one line, and pasting a
// paragraph should not lose its words.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n\t") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", " ")
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		return r
	}, s)
}

// limit cuts s so that the text, with keep runes of it staying, holds at most Max runes.
func (b *Buffer) limit(s string, keep int) string {
	if b.Max <= 0 {
		return s
	}
	room := b.Max - keep
	if room <= 0 {
		return ""
	}
	if utf8.RuneCountInString(s) <= room {
		return s
	}
	i := 0
	for n := 0; n < room; n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}

// Insert replaces the selection with s (typed or pasted text) and puts the caret after it.
// Control characters are dropped; line breaks become spaces.
func (b *Buffer) Insert(s string) {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
	start, end := b.Selection()
	keep := utf8.RuneCountInString(b.text[:start]) + utf8.RuneCountInString(b.text[end:])
	if b.limit(s, keep) != s {
		// Cutting a paste would change what it says without anyone noticing: refuse it
		// whole and let the field say why.
		b.refused = utf8.RuneCountInString(s)
		return
	}
	b.refused = 0
	if s == "" && start == end {
		return
	}
	b.text = b.text[:start] + s + b.text[end:]
	b.caret = start + len(s)
	b.anchor = b.caret
}

// deleteSelection removes the selection, if any, and reports whether there was one.
func (b *Buffer) deleteSelection() bool {
	start, end := b.Selection()
	if start == end {
		return false
	}
	b.text = b.text[:start] + b.text[end:]
	b.caret, b.anchor = start, start
	return true
}

// Backspace deletes the selection, or the rune (the word with word set) before the caret.
func (b *Buffer) Backspace(word bool) {
	b.refused = 0
	if b.deleteSelection() || b.caret == 0 {
		return
	}
	from := b.prev(b.caret, word)
	b.text = b.text[:from] + b.text[b.caret:]
	b.caret, b.anchor = from, from
}

// Delete deletes the selection, or the rune (the word with word set) after the caret.
func (b *Buffer) Delete(word bool) {
	b.refused = 0
	if b.deleteSelection() || b.caret == len(b.text) {
		return
	}
	to := b.next(b.caret, word)
	b.text = b.text[:b.caret] + b.text[to:]
	b.anchor = b.caret
}

// Left moves the caret one rune (or word) left; with extend it grows the selection. Without
// extend, a selection collapses to its start.
func (b *Buffer) Left(word, extend bool) {
	if s, e := b.Selection(); s != e && !extend {
		b.caret, b.anchor = s, s
		return
	}
	b.move(b.prev(b.caret, word), extend)
}

// Right moves the caret one rune (or word) right; see Left.
func (b *Buffer) Right(word, extend bool) {
	if s, e := b.Selection(); s != e && !extend {
		b.caret, b.anchor = e, e
		return
	}
	b.move(b.next(b.caret, word), extend)
}

// Home moves the caret to the start.
func (b *Buffer) Home(extend bool) { b.move(0, extend) }

// End moves the caret to the end.
func (b *Buffer) End(extend bool) { b.move(len(b.text), extend) }

// SelectAll selects the whole text.
func (b *Buffer) SelectAll() { b.anchor, b.caret = 0, len(b.text) }

// SetCaret puts the caret at i (snapped to a rune boundary); with extend the selection
// runs from the anchor to i (a shift-click or a drag).
func (b *Buffer) SetCaret(i int, extend bool) { b.move(b.snap(i), extend) }

// Cut removes the selection and returns it.
func (b *Buffer) Cut() string {
	b.refused = 0
	s := b.Selected()
	b.deleteSelection()
	return s
}

func (b *Buffer) move(i int, extend bool) {
	b.caret = i
	if !extend {
		b.anchor = i
	}
}

func (b *Buffer) snap(i int) int {
	i = max(0, min(i, len(b.text)))
	for i > 0 && i < len(b.text) && !utf8.RuneStart(b.text[i]) {
		i--
	}
	return i
}

// prev returns the position one rune, or one word, before i. A word step skips the spaces
// before the caret and then the word.
func (b *Buffer) prev(i int, word bool) int {
	if !word {
		_, n := utf8.DecodeLastRuneInString(b.text[:i])
		return i - n
	}
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(b.text[:i])
		if !unicode.IsSpace(r) {
			break
		}
		i -= n
	}
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(b.text[:i])
		if unicode.IsSpace(r) {
			break
		}
		i -= n
	}
	return i
}

// next returns the position one rune, or one word, after i.
func (b *Buffer) next(i int, word bool) int {
	if !word {
		_, n := utf8.DecodeRuneInString(b.text[i:])
		return i + n
	}
	for i < len(b.text) {
		r, n := utf8.DecodeRuneInString(b.text[i:])
		if unicode.IsSpace(r) {
			break
		}
		i += n
	}
	for i < len(b.text) {
		r, n := utf8.DecodeRuneInString(b.text[i:])
		if !unicode.IsSpace(r) {
			break
		}
		i += n
	}
	return i
}

// IndexAt returns the caret position closest to x pixels from the text's start, given a
// function that measures a prefix of the text.
func (b *Buffer) IndexAt(x float64, width func(prefix string) float64) int {
	if x <= 0 {
		return 0
	}
	prevW, prevI := 0.0, 0
	for i := range b.text {
		if i == 0 {
			continue
		}
		w := width(b.text[:i])
		if w >= x {
			if x-prevW < w-x {
				return prevI
			}
			return i
		}
		prevW, prevI = w, i
	}
	if w := width(b.text); x < w && x-prevW < w-x {
		return prevI
	}
	return len(b.text)
}
