package app

import (
	"strings"

	"impactkaarten/game/ui/layout"
	"impactkaarten/net/protocol"
)

// codeHint says, under the join-code field, what a code looks like, how much is still to
// type, or what is wrong with what was typed: a text key, its argument, and whether it is
// a mistake (shown as an error) rather than guidance. refused is a paste or typing the
// field refused for its length.
func codeHint(text string, refused bool) (key string, arg any, bad bool) {
	s := strings.ToUpper(strings.TrimSpace(text))
	n := 0
	for _, r := range s {
		switch {
		case r == '-' || r == ' ':
		case strings.ContainsRune(protocol.CodeAlphabet, r):
			n++
		default:
			return "start.code.char", string(r), true
		}
	}
	switch {
	case refused || n > protocol.CodeLen:
		return "start.code.long", nil, true
	case n == 0 || n == protocol.CodeLen:
		return "start.code.hint", nil, false
	}
	return "start.code.short", protocol.CodeLen - n, false
}

// joinCodeHint writes the code's hint in r and returns its height.
func (c startScene) joinCodeHint(b *layout.Builder, r layout.Rect) float64 {
	f := c.field("start-code", codeFieldMax)
	key, arg, bad := codeHint(f.Text(), f.Refused())
	style := layout.TextStyle{Size: 13, Color: layout.MutedColor}
	if bad {
		style.Color, style.Bold = layout.ErrorColor, true
	}
	var s string
	switch a := arg.(type) {
	case nil:
		s = c.t(key)
	case int:
		s = c.tn(key, a)
	default:
		s = c.tf(key, a)
	}
	return b.Text(r, s, style)
}

// codeFieldMax is what the join-code field holds: the code with its dash (K7P-2QX).
const codeFieldMax = protocol.CodeLen + 1
