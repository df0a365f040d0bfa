// Package lang detects the language of a document's text.
package lang

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/RadhiFadlillah/whatlanggo"
)

// MinLetters is the fewest letters Detect decides on: trigram detection is
// unreliable on a headline-length string, and "" is better than a wrong code.
const MinLetters = 60

// sample caps the text detection reads; a few hundred words settle it and
// keep detection cheap on long articles.
const sample = 1200

// english holds frequent English function words. Most articles parallax
// reads are English, and trigram detection costs more than the rest of the
// analysis together, so a text whose words are largely these is English
// without asking the detector. Other languages share few of them: "a",
// "in", "on" and "die" alone never reach the threshold.
var english = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the of and to in is that for on with was were said by as at
		from it he she his her has have had are be been this will would not but they their an
		which who its after about than more also when there what or over into could says were`) {
		m[w] = true
	}
	return m
}()

// Detect returns the ISO 639-1 code of the language of s, or "" when s is
// too short or the detector is not confident.
func Detect(s string) string {
	if len(s) > sample {
		cut := sample
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
	}
	letters, latin := 0, 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if r < 0x250 {
				latin++
			}
		}
	}
	if letters < MinLetters {
		return ""
	}
	if latin*10 >= letters*9 && englishShare(s) >= 0.25 {
		return "en"
	}
	info := whatlanggo.Detect(s)
	if info.Lang < 0 || !info.IsReliable() {
		return ""
	}
	return info.Lang.Iso6391()
}

// englishShare returns the share of s's words that are English function words.
func englishShare(s string) float64 {
	words, hits := 0, 0
	for w := range strings.FieldsFuncSeq(s, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' }) {
		words++
		if len(w) <= 5 && english[strings.ToLower(w)] {
			hits++
		}
	}
	if words == 0 {
		return 0
	}
	return float64(hits) / float64(words)
}
