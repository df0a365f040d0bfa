package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax"
)

// extractText cleans a plain-text body. title is the one the source gave, if any.
func extractText(body, title string) parallax.Document {
	text, foundTitle, byline := clean(normalize(body), title, trimNonProse)
	if title == "" {
		title = foundTitle
	}
	return parallax.Document{Title: title, Byline: byline, Text: text}
}

// normalize makes line structure uniform: valid UTF-8, no BOM, "\n" line
// endings, no trailing spaces, no NUL or other control characters but tabs.
func normalize(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.TrimPrefix(s, "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !unicode.IsControl(r) {
			return r
		}
		if r == '\f' || r == '\v' || r == '\u0085' {
			return '\n'
		}
		return -1
	}, s)
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
	}
	return strings.Join(lines, "\n")
}

// clean takes the headline and byline off the top of text, trims furniture
// from its edges, and collapses runs of blank lines. known is a title already
// known (from the source or the page's metadata): a first line repeating it
// is dropped, and no other line is taken as the title.
func clean(text, known string, tail tailTrim) (body, title, byline string) {
	lines := trimEdges(strings.Split(text, "\n"), tail)
	lines, title, byline = takeHead(lines, known)
	lines = trimEdges(lines, tail)
	return joinParagraphs(lines), title, byline
}

// takeHead removes the lines above the body: furniture, one byline, and the
// headline (when it looks like one and something follows it).
func takeHead(lines []string, known string) (rest []string, title, byline string) {
	titleDone := false
	for len(lines) > 0 {
		l := strings.TrimSpace(lines[0])
		switch {
		case l == "":
		case isFurniture(l, features(l)):
		case byline == "" && isByline(l):
			byline = cleanByline(l)
		case !titleDone && known != "" && sameTitle(l, known):
			titleDone = true
		case !titleDone && known == "" && looksLikeHeadline(l) && hasProse(lines[1:]):
			title, titleDone = strings.Join(strings.Fields(l), " "), true
		default:
			return lines, title, byline
		}
		lines = lines[1:]
	}
	return lines, title, byline
}

// hasProse reports whether any line reads like prose.
func hasProse(lines []string) bool {
	for _, l := range lines {
		if sentenceScore(l) >= sentenceThreshold {
			return true
		}
	}
	return false
}

// looksLikeHeadline reports whether a first line reads as a headline: short,
// not ending like a sentence, not a byline, dateline or credit.
func looksLikeHeadline(l string) bool {
	f := features(l)
	if f.words < 2 || f.words > 20 || len(l) > 200 || f.alphaWords == 0 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(l, `"'”’»)`))
	if f.endsSentence || strings.ContainsRune(":;,", last) {
		return false
	}
	if first, _ := utf8.DecodeRuneInString(l); unicode.IsLower(first) {
		return false // a paragraph cut in two, not a headline
	}
	return !isByline(l) && !isDateline(l) && !hasCredit(l)
}

// hasCredit reports lines ending in an outlet credit after "|" or a dash
// ("Bridge Reopens | Valley Courier"), as page titles and wire copy have.
func hasCredit(l string) bool {
	for _, sep := range []string{" | ", " — ", " – ", " - "} {
		i := strings.LastIndex(l, sep)
		if i < 0 {
			continue
		}
		tail := strings.Fields(l[i+len(sep):])
		if len(tail) == 0 || len(tail) > 4 {
			continue
		}
		capitalised := true
		for _, w := range tail {
			if r, _ := utf8.DecodeRuneInString(w); !unicode.IsUpper(r) && !unicode.IsDigit(r) {
				capitalised = false
			}
		}
		if capitalised {
			return true
		}
	}
	return false
}

// creditWords end bylines that name a desk rather than a person.
var creditWords = set("staff", "correspondent", "correspondents", "reporter", "reporters", "writer", "writers",
	"editor", "editors", "desk", "service", "services", "wires", "agencies")

// isByline reports whether a line credits the article: "By Jane Roe",
// "Valley Courier Staff", "Reuters —", "By Jane Roe, Valley Courier—".
func isByline(l string) bool {
	f := features(l)
	if f.words == 0 || f.words > 12 || len(l) > 150 || f.endsSentence && !strings.HasSuffix(l, ".") {
		return false
	}
	words := strings.Fields(l)
	if strings.EqualFold(words[0], "by") && len(words) > 1 {
		r, _ := utf8.DecodeRuneInString(words[1])
		return unicode.IsUpper(r)
	}
	if f.lowerWords > f.stops {
		return false // bylines are names: lower-case words other than "of", "and" mean prose
	}
	trimmed := strings.TrimRight(l, " ")
	if strings.HasSuffix(trimmed, "—") || strings.HasSuffix(trimmed, "–") || strings.HasSuffix(trimmed, " -") {
		return true
	}
	last := strings.ToLower(strings.Trim(words[len(words)-1], ".,"))
	return creditWords[last] && f.words <= 8
}

// cleanByline drops the "By" and the dashes around a byline, and whatever
// follows the names on the same line (a date, "Published …", "| Print"):
// "By Jane Roe, Valley Courier—" → "Jane Roe, Valley Courier".
func cleanByline(l string) string {
	words := strings.Fields(l)
	if len(words) > 1 && strings.EqualFold(words[0], "by") {
		words = words[1:]
	}
	for i, w := range words {
		bare := strings.ToLower(strings.Trim(w, ".,:;()"))
		date := months[bare] && i+1 < len(words) && strings.ContainsAny(words[i+1], "0123456789")
		if w == "|" || w == "·" || w == "•" || bylineStops[bare] || date || strings.ContainsAny(w, "0123456789") {
			words = words[:i]
			break
		}
	}
	return strings.TrimSpace(strings.TrimRight(strings.Join(words, " "), " —–-|,"))
}

// bylineStops end the names in a byline line.
var bylineStops = set("published", "updated", "posted", "print", "share", "comment", "comments",
	"on", "at")

// sameTitle reports whether a line repeats a title, ignoring case, spacing and
// punctuation, or a site name appended to either ("Bridge Reopens | Courier").
func sameTitle(line, title string) bool {
	a, b := titleKey(line), titleKey(title)
	if a == "" || b == "" {
		return false
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	return a == b || strings.HasPrefix(b, a+" ") && strings.Count(a, " ") >= 2
}

func titleKey(s string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}

// joinParagraphs joins lines back into text, with at most one blank line in a
// row and none at either end.
func joinParagraphs(lines []string) string {
	var b strings.Builder
	blank := false
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			blank = b.Len() > 0
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
			if blank {
				b.WriteByte('\n')
			}
		}
		blank = false
		b.WriteString(l)
	}
	return b.String()
}
