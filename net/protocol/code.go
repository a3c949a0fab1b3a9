package protocol

import "strings"

// CodeAlphabet holds the characters of room codes: letters and digits that cannot be
// mistaken for each other when read aloud or from a screen (no 0/O, 1/I/L).
const CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// CodeLen is the number of characters in a room code; 31^6 is about 887 million codes.
const CodeLen = 6

// NormalizeCode turns what a person typed ("k7p-2qx", " K7P2QX ") into the canonical
// six-character code, or reports that it cannot be a room code.
func NormalizeCode(s string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(strings.TrimSpace(s)) {
		switch {
		case r == '-' || r == ' ':
			continue
		case strings.ContainsRune(CodeAlphabet, r):
			b.WriteRune(r)
		default:
			return "", false
		}
		if b.Len() > CodeLen {
			return "", false
		}
	}
	if b.Len() != CodeLen {
		return "", false
	}
	return b.String(), true
}

// FormatCode shows a canonical code as people read it: K7P-2QX.
func FormatCode(code string) string {
	if len(code) != CodeLen {
		return code
	}
	return code[:3] + "-" + code[3:]
}
