// Package translit writes names from other scripts in Latin letters and
// folds the spelling variants that romanisation leaves behind, so that one
// name written by different outlets ("Сергей", "Sergei", "Sergey") meets
// under one key. It knows Cyrillic (Russian, Ukrainian, Belarusian and
// Serbian letters); other scripts pass through unchanged.
package translit

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// cyrillic maps lower-case Cyrillic letters to Latin by BGN/PCGN as English-
// language news agencies use it: without diacritics or apostrophes for the
// soft and hard signs. "е" is handled in Latin, since it depends on what
// precedes it.
var cyrillic = map[rune]string{
	'а': "a", 'б': "b", 'в': "v", 'г': "g", 'д': "d", 'ё': "yo", 'ж': "zh", 'з': "z",
	'и': "i", 'й': "y", 'к': "k", 'л': "l", 'м': "m", 'н': "n", 'о': "o", 'п': "p",
	'р': "r", 'с': "s", 'т': "t", 'у': "u", 'ф': "f", 'х': "kh", 'ц': "ts", 'ч': "ch",
	'ш': "sh", 'щ': "shch", 'ъ': "", 'ы': "y", 'ь': "", 'э': "e", 'ю': "yu", 'я': "ya",
	// Ukrainian and Belarusian.
	'є': "ye", 'і': "i", 'ї': "yi", 'ґ': "g", 'ў': "w",
	// Serbian and Macedonian.
	'ђ': "dj", 'ј': "j", 'љ': "lj", 'њ': "nj", 'ћ': "c", 'џ': "dz", 'ѓ': "gj", 'ќ': "kj", 'ѕ': "dz",
}

// ukrainian holds the letters whose Ukrainian national romanisation (2010)
// differs from the Russian one, for words that show they are Ukrainian by a
// letter Russian lacks (і, ї, є, ґ): Київ → Kyiv, Харків → Kharkiv. The
// second value is the one used at the start of a word.
var ukrainian = map[rune][2]string{
	'г': {"h", "h"}, 'и': {"y", "y"}, 'е': {"e", "e"}, 'й': {"i", "y"}, 'ї': {"i", "yi"},
	'є': {"ie", "ye"}, 'ю': {"iu", "yu"}, 'я': {"ia", "ya"},
}

// Latin returns s with its Cyrillic letters written in Latin: "Сергей
// Рябков" → "Sergey Ryabkov", "Мария Захарова" → "Mariya Zakharova". Case
// follows the source: a capital becomes a capitalised digraph ("Ж" → "Zh"),
// or all capitals inside an all-capital word ("ТАСС" → "TASS"). Other runes
// are kept; invalid UTF-8 becomes U+FFFD, so the result is always valid.
func Latin(s string) string {
	if !hasCyrillic(s) {
		return strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/2)
	var prev rune
	ukr := false // the current word is Ukrainian
	for i, r := range s {
		_, size := utf8.DecodeRuneInString(s[i:])
		lower := unicode.ToLower(r)
		if !unicode.IsLetter(prev) {
			ukr = ukrainianWord(s[i:])
		}
		lat, ok := cyrillic[lower]
		u, isUkr := ukrainian[lower]
		switch {
		case ukr && isUkr:
			lat, ok = u[0], true
			if !unicode.IsLetter(prev) {
				lat = u[1]
			}
		case lower == 'е':
			// "ye" at the start of a word and after a vowel or a sign, as
			// BGN/PCGN writes it: Елена → Yelena, Васильев → Vasilyev.
			lat, ok = "e", true
			if !unicode.IsLetter(prev) || strings.ContainsRune("аеёиоуыэюяєіїъьaeiou", unicode.ToLower(prev)) {
				lat = "ye"
			}
		case lower == 'ё' && strings.ContainsRune("жчшщц", unicode.ToLower(prev)):
			lat = "o" // no y-glide after hushing consonants: Хрущёв → Khrushchov
		}
		if !ok {
			b.WriteRune(r) // WriteRune writes U+FFFD for an invalid byte
			prev = r
			continue
		}
		if r != lower && lat != "" {
			next, _ := utf8.DecodeRuneInString(s[i+size:])
			if unicode.IsUpper(next) || !unicode.IsLetter(next) && unicode.IsUpper(prev) {
				lat = strings.ToUpper(lat)
			} else {
				lat = strings.ToUpper(lat[:1]) + lat[1:]
			}
		}
		b.WriteString(lat)
		prev = r
	}
	return b.String()
}

// ukrainianWord reports whether the word at the start of s has a letter
// of the Ukrainian alphabet that Russian lacks.
func ukrainianWord(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) && r != '\'' && r != '’' {
			return false
		}
		switch unicode.ToLower(r) {
		case 'і', 'ї', 'є', 'ґ':
			return true
		}
	}
	return false
}

func hasCyrillic(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Cyrillic, r) {
			return true
		}
	}
	return false
}

// Key returns the matching key of a name: its words in lower-case Latin
// without diacritics, apostrophes or other marks, one space between words,
// with the variants romanisation produces folded to one spelling:
//
//   - y and j inside a word, and an initial y, are i: Sergey/Sergei/Sergej,
//     Tatyana/Tatjana/Tatiana, Yuri/Iurii (an initial j stays: Jan is not Ian);
//   - kh is h (Zakharova/Zaharova), ks is x (Aleksei/Alexei), tz is ts;
//   - doubled letters are single (Dmitriy/Dmitrii/Dmitri, Gennady/Genady);
//   - an initial ie (from ye) is e (Yelena/Elena, Yevgeny/Evgeny).
//
// Two names with one key may still be two people; callers decide with more
// evidence. Key(Key(s)) == Key(s).
func Key(s string) string {
	s = strings.ToLower(Latin(s))
	var words []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			words = append(words, foldWord(w.String()))
			w.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == '\'' || r == '’' || r == 'ʼ' || r == '`':
			// O'Brien, Il'ich: an apostrophe is inside a word, not between words.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if a, ok := ascii[r]; ok {
				w.WriteString(a)
			} else {
				w.WriteRune(r)
			}
		case unicode.Is(unicode.Mn, r):
			// A combining mark (from decomposed text) adds nothing to a key.
		default:
			flush()
		}
	}
	flush()
	return strings.Join(words, " ")
}

// foldWord applies the variant folds of Key to one lower-case word until
// nothing changes, so that a fold that creates another pattern ("kkh" → "kh")
// is folded too. Every step shortens the word or removes a y or j, so the
// loop ends.
func foldWord(w string) string {
	for {
		f := foldOnce(w)
		if f == w {
			return w
		}
		w = f
	}
}

func foldOnce(w string) string {
	b := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		c := w[i]
		next := byte(0)
		if i+1 < len(w) {
			next = w[i+1]
		}
		switch {
		case c == 'k' && next == 'h':
			b = append(b, 'h')
			i++
		case c == 'k' && next == 's':
			b = append(b, 'x')
			i++
		case c == 't' && next == 'z':
			b = append(b, 't', 's')
			i++
		case c == 'y', c == 'j' && i > 0:
			b = append(b, 'i')
		default:
			b = append(b, c)
		}
	}
	// Doubled letters, compared by byte: a doubled multi-byte letter keeps
	// both halves, which only costs a missed match.
	out := b[:0]
	for i, c := range b {
		if i > 0 && c == b[i-1] && c < utf8.RuneSelf {
			continue
		}
		out = append(out, c)
	}
	if len(out) > 2 && out[0] == 'i' && out[1] == 'e' {
		out = out[1:]
	}
	return string(out)
}

// ascii spells Latin letters with diacritics as news copy without them
// writes them ("Ø" → "o", "ß" → "ss"); Key uses it so that "Ærøskøbing"
// meets "Aeroskobing".
var ascii = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'đ': "d", 'ð': "d", 'þ': "th", 'ł': "l", 'ı': "i"}
	for base, letters := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ď", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
		"i": "ìíîïĩīĭįǐ", "j": "ĵ", "k": "ķ", "l": "ĺļľŀ", "n": "ñńņňŉ", "o": "òóôõöōŏőǒ",
		"r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűųǔ", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()
