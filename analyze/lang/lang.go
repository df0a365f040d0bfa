// Package lang detects the language of a document's text.
package lang

import (
	"unicode"

	"github.com/RadhiFadlillah/whatlanggo"
)

// MinLetters is the fewest letters Detect decides on: trigram detection is
// unreliable on a headline-length string, and "" is better than a wrong code.
const MinLetters = 60

// sample caps the text detection reads; a few hundred words settle it and
// keep detection cheap on long articles.
const sample = 2000

// Detect returns the ISO 639-1 code of the language of s, or "" when s is
// too short or the detector is not confident.
func Detect(s string) string {
	if len(s) > sample {
		cut := sample
		for cut > 0 && cut < len(s) && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut]
	}
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
		}
	}
	if letters < MinLetters {
		return ""
	}
	info := whatlanggo.Detect(s)
	if info.Lang < 0 || !info.IsReliable() {
		return ""
	}
	return info.Lang.Iso6391()
}
