package relay

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
)

// newToken returns a 128-bit random secret (as URL-safe base64) and the SHA-256 hash the
// store keeps instead of it.
func newToken() (token string, hash []byte) {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms (Go 1.24+)
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// tokenMatches compares a presented token with a stored hash in constant time.
func tokenMatches(hash []byte, token string) bool {
	if len(hash) == 0 || token == "" {
		return false
	}
	return subtle.ConstantTimeCompare(hash, hashToken(token)) == 1
}

// newCode returns a random room code from the unambiguous alphabet.
func newCode(alphabet string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		// 256 is not a multiple of 31, so the first characters are marginally likelier;
		// codes are not secrets (joins are rate-limited), so this bias does not matter.
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// seed returns a random seed for a new room's shuffles.
func seed() uint64 {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return binary.LittleEndian.Uint64(b[:])
}
