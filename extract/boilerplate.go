package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Site furniture is told from article text line by line, by how much a line
// reads like prose (sentenceScore), never by phrases of one site. A page's
// furniture sits at the edges — a masthead after the last paragraph, a menu
// before the headline — so only runs at the edges are trimmed, and the first
// line that reads like prose ends a run.

// sentenceThreshold separates prose lines (at or above) from furniture.
const sentenceThreshold = 2.0

// sentenceScore rates how much a line reads like prose: final punctuation,
// length, lower-case words and function words each add up to about 1.5. A line
// that is furniture by shape (isFurniture) scores below zero.
//
//	"He declined to comment."   ≈ 3.0  (short, but a sentence)
//	"Managing Editor:"          < 0    (a label)
//	"Latest News"               < 0    (navigation)
//	"Jane Roe"                  ≈ -0.8 (a signature or caption credit)
func sentenceScore(line string) float64 {
	f := features(line)
	if f.words == 0 || isFurniture(line, f) {
		return -1
	}
	s := 0.0
	if f.endsSentence {
		s += 1.5
	}
	// Length in words; scripts written without spaces count about one word per
	// few letters.
	n := max(f.words, f.letters/6)
	s += float64(min(n, 15)) / 15 * 1.5
	s += f.lowerRatio()
	s += float64(min(f.stops, 3)) / 3
	if f.words <= 4 && f.capWords == f.alphaWords && !f.endsSentence {
		s-- // a Title-Case label ("Senior Designer", "World News")
	}
	return s
}

// lineFeatures are the counts sentenceScore and the other line tests use.
type lineFeatures struct {
	words        int  // whitespace-separated tokens
	alphaWords   int  // tokens holding a letter
	lowerWords   int  // tokens whose first letter is lower-case
	capWords     int  // tokens whose first letter is upper-case, or caseless scripts' tokens: 0
	uncased      bool // the letters are of a script without case (CJK, Arabic, ...)
	stops        int  // function words ("the", "of", "и", "der", ...)
	letters      int
	endsSentence bool
	first        string // first token, lower-case, without punctuation
}

// lowerRatio is the share of words starting lower-case: high in prose, near
// zero in mastheads and menus. Caseless scripts count as prose.
func (f lineFeatures) lowerRatio() float64 {
	if f.uncased {
		return 1
	}
	if f.alphaWords == 0 {
		return 0
	}
	return float64(f.lowerWords) / float64(f.alphaWords)
}

func features(line string) lineFeatures {
	var f lineFeatures
	cased, caseless := 0, 0
	for i, w := range strings.Fields(line) {
		f.words++
		bare := strings.ToLower(strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }))
		if i == 0 {
			f.first = bare
		}
		if stopWords[bare] {
			f.stops++
		}
		firstLetter := true
		for _, r := range w {
			if !unicode.IsLetter(r) {
				continue
			}
			f.letters++
			isUpper, isLower := unicode.IsUpper(r), unicode.IsLower(r)
			if isUpper || isLower {
				cased++
			} else {
				caseless++
			}
			if firstLetter {
				f.alphaWords++
				if isLower {
					f.lowerWords++
				} else if isUpper {
					f.capWords++
				}
				firstLetter = false
			}
		}
	}
	f.uncased = caseless > cased
	f.endsSentence = endsSentence(line)
	return f
}

// endsSentence reports whether line ends like a sentence, closing quotes and
// brackets aside.
func endsSentence(line string) bool {
	s := strings.TrimRightFunc(line, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"'”’»)]*`, r)
	})
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune(".!?…。！？", r)
}

// isFurniture reports lines that are site furniture by their shape alone, so
// they may be trimmed even at the top, before the headline: labels ("Executive
// Editor:"), copyright lines, link lists, repeated words ("Masthead Masthead"),
// navigation ("Read more", "Share", "Subscribe to our newsletter"), menus
// ("Home | World | Europe") and lines holding only a date.
func isFurniture(line string, f lineFeatures) bool {
	t := strings.TrimSpace(line)
	lower := strings.ToLower(t)
	switch {
	case f.words <= 6 && strings.HasSuffix(t, ":"):
		return true
	case strings.Contains(t, "©") || strings.HasPrefix(lower, "copyright") ||
		strings.Contains(lower, "all rights reserved") || strings.HasPrefix(lower, "(c) "):
		return true
	case mostlyLinks(t):
		return true
	case repeatedWords(t):
		return true
	case navWords[f.first] && (f.words <= 3 || !f.endsSentence || addressesReader(lower)):
		return true
	case isMenu(t):
		return true
	case isDateline(t):
		return true
	case isWireCredit(t, lower, f):
		return true
	}
	return false
}

// creditOpenings open the credit lines that close agency copy ("(Reporting
// by Jane Roe; Editing by Sam Idle)").
var creditOpenings = []string{"reporting by", "additional reporting by", "editing by", "edited by",
	"writing by", "compiled by"}

// isWireCredit reports the lines that credit an article's reporters and
// editors rather than tell its story: credits as agencies write them, and
// "… contributed to this report."
func isWireCredit(line, lower string, f lineFeatures) bool {
	if f.words > 40 {
		return false
	}
	if strings.Contains(lower, "contributed to this report") {
		return true
	}
	lower = strings.TrimLeft(lower, "([ ")
	for _, o := range creditOpenings {
		if strings.HasPrefix(lower, o) {
			return namesOnly(line)
		}
	}
	return false
}

// creditFunctionWords are the lower-case words of a credit line; any other
// one makes it a sentence ("Reporting by the auditors found no fault").
var creditFunctionWords = set("by", "and", "with", "additional", "reporting", "editing", "edited",
	"writing", "compiled", "in", "from", "de", "van", "von", "da", "di", "al")

// namesOnly reports whether line's lower-case words are all credit words,
// the rest being names.
func namesOnly(line string) bool {
	for _, w := range strings.Fields(line) {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsLower(r) && !creditFunctionWords[strings.ToLower(w)] {
			return false
		}
	}
	return true
}

// navWords open navigation and footer lines: "Latest …", "Read more",
// "Share this", "Sign up", "Follow us", "Terms of use".
var navWords = set("latest", "read", "share", "shares", "subscribe", "advertisement", "advertising", "advert", "related",
	"sign", "log", "login", "follow", "newsletter", "newsletters", "menu", "home", "skip", "click", "tap",
	"comments", "comment", "print", "email", "e-mail", "tweet", "next", "previous", "prev", "back", "trending",
	"popular", "recommended", "sponsored", "loading", "continue", "see", "watch", "listen", "download",
	"terms", "privacy", "cookie", "cookies", "contact", "tags", "topics", "more", "photo", "image", "video")

// addressesReader reports lines speaking to the reader ("Sign up for our
// newsletter."), which is how calls to action differ from reported speech.
func addressesReader(lower string) bool {
	for _, w := range strings.Fields(lower) {
		switch strings.Trim(w, ".,!?:;\"'“”") {
		case "you", "your", "our", "us":
			return true
		}
	}
	return false
}

// mostlyLinks reports lines whose words are mostly URLs, e-mail addresses or handles.
func mostlyLinks(t string) bool {
	words := strings.Fields(t)
	links := 0
	for _, w := range words {
		lw := strings.ToLower(w)
		if strings.Contains(lw, "://") || strings.HasPrefix(lw, "www.") || strings.HasPrefix(lw, "@") ||
			strings.Contains(lw, "@") && strings.Contains(lw, ".") ||
			strings.Contains(lw, ".com") || strings.Contains(lw, ".org/") {
			links++
		}
	}
	return len(words) > 0 && links*2 >= len(words)
}

// repeatedWords reports short lines that repeat one word, as text scraped from
// a logo and its alt text does ("Masthead Masthead").
func repeatedWords(t string) bool {
	words := strings.Fields(strings.ToLower(t))
	if len(words) < 2 || len(words) > 6 {
		return false
	}
	for i := 1; i < len(words); i++ {
		if words[i] == words[i-1] {
			return true
		}
	}
	return false
}

// menuSeparators split the items of navigation menus and breadcrumbs.
var menuSeparators = []string{" | ", " · ", " • ", " » ", " › ", " / ", " > "}

// isMenu reports lines of three or more short items between separators.
func isMenu(t string) bool {
	for _, sep := range menuSeparators {
		parts := strings.Split(t, sep)
		if len(parts) < 3 {
			continue
		}
		short := true
		for _, p := range parts {
			if n := len(strings.Fields(p)); n == 0 || n > 3 {
				short = false
				break
			}
		}
		if short {
			return true
		}
	}
	return false
}

// isDateline reports short lines made mostly of date and time words
// ("Updated 10:32 AM ET, Thu November 10, 2016", "Moscow, March 11").
func isDateline(t string) bool {
	words := strings.Fields(t)
	if len(words) == 0 {
		return false
	}
	// "Published: November 19, 2019 at 8:59 pm | Updated: November 19, 2019
	// at 10:16 pm" is long, but says what it is in its first word.
	limit := 12
	switch strings.ToLower(strings.Trim(words[0], ":")) {
	case "published", "updated", "posted":
		limit = 24
	}
	if len(words) > limit {
		return false
	}
	dated, anchor := 0, false
	for _, w := range words {
		bare := strings.ToLower(strings.Trim(w, ".,;:|()—–-"))
		switch {
		case months[bare]:
			dated++
			anchor = true
		case bare != "" && strings.Trim(bare, "0123456789:/.-") == "" && strings.ContainsAny(bare, "0123456789"):
			dated++
			anchor = true
		case dateWords[bare] || bare == "":
			dated++
		}
	}
	return anchor && dated*2 > len(words)
}

var months = set("january", "february", "march", "april", "may", "june", "july", "august", "september",
	"october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
	"oct", "nov", "dec")

var dateWords = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"mon", "tue", "tues", "wed", "thu", "thurs", "fri", "sat", "sun", "am", "pm", "a.m", "p.m",
	"et", "est", "edt", "ct", "pt", "pst", "pdt", "gmt", "utc", "bst", "cet", "cest", "msk",
	"updated", "published", "posted", "last", "on", "at", "|")

// stopWords are frequent function words of the languages parallax sees most;
// prose is full of them, furniture has almost none.
var stopWords = set(
	// English
	"the", "a", "an", "of", "to", "in", "and", "or", "is", "are", "was", "were", "be", "been", "has",
	"have", "had", "that", "this", "it", "for", "on", "with", "as", "at", "by", "from", "said", "says",
	"not", "but", "he", "she", "they", "we", "his", "her", "their", "its", "will", "would", "can", "could",
	"who", "which", "there", "after", "about", "than",
	// Russian
	"и", "в", "не", "на", "что", "с", "по", "как", "это", "он", "она", "они", "из", "за", "к", "у", "о", "от",
	// German
	"der", "die", "das", "und", "ist", "nicht", "mit", "den", "von", "zu", "ein", "eine",
	// French, Spanish, Italian
	"le", "la", "les", "et", "est", "des", "du", "un", "une", "que", "el", "los", "las", "y", "es",
	"de", "en", "por", "il", "che", "di")

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// tailTrim says how much trimEdges takes from the bottom of a text.
type tailTrim int

const (
	// trimNonProse trims every line that does not read like prose: for plain
	// text, where nothing else has told the article from the furniture.
	trimNonProse tailTrim = iota
	// trimFurniture trims only lines that are furniture by shape: for text
	// from HTML, whose blocks were already chosen from the page's structure,
	// so that a list closing an article stays.
	trimFurniture
)

// trimEdges removes furniture from both ends of lines: from the top, lines
// that are furniture by shape; from the bottom, as tail says, every line that
// does not read like prose or only the lines that are furniture by shape.
// Blank lines in a trimmed run go with it. When nothing would be left, lines
// are returned as they are: better an odd text than none.
func trimEdges(lines []string, tail tailTrim) []string {
	start := 0
	for start < len(lines) && (strings.TrimSpace(lines[start]) == "" || isFurniture(lines[start], features(lines[start]))) {
		start++
	}
	end := len(lines)
	for end > start && (tail == trimNonProse && sentenceScore(lines[end-1]) < sentenceThreshold ||
		tail == trimFurniture && (strings.TrimSpace(lines[end-1]) == "" || isFurniture(lines[end-1], features(lines[end-1])))) {
		end--
	}
	if end == start {
		return lines
	}
	return lines[start:end]
}
