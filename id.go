package parallax

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode"
)

// ContentID returns the id of an article that came without one: the first
// 64 bits, in hex, of the SHA-256 of its normalised text. Normalisation folds
// case and collapses all whitespace, so re-wrapped or re-indented copies of one
// text get one id, and re-ingesting the same text changes nothing.
func ContentID(text string) string {
	sum := sha256.Sum256([]byte(NormalizeText(text)))
	return hex.EncodeToString(sum[:8])
}

// NormalizeText lower-cases text and collapses runs of whitespace into one space.
func NormalizeText(text string) string {
	var b strings.Builder
	b.Grow(len(text))
	space := false
	for _, r := range text {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}
