// Package text splits a document's text into paragraphs, sentences and tokens,
// all as byte spans into the text. It is the first annotator of the analyze
// pipeline; every later one works on its spans.
package text

import (
	"bufio"
	"embed"
	"fmt"
	"io/fs"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax"
)

//go:embed data/*.txt
var data embed.FS

// Token is one word or one punctuation rune of the text.
type Token struct {
	parallax.Span
	// Word is true for letters and digits (with inner joiners such as "U.S",
	// "pro-Kremlin", "30,000", "don't") and for the possessive clitic "'s";
	// false for punctuation and symbols, which are one rune each.
	Word bool
}

// Segmenter finds sentence boundaries. It holds read-only abbreviation lists
// and is safe for concurrent use.
type Segmenter struct {
	titles   map[string]bool // abbreviations that never end a sentence ("mr", "gen")
	abbrevs  map[string]bool // abbreviations that end one only before a clear sentence start ("inc", "jr")
	starters map[string]bool // words that clearly start a sentence ("the", "he")
}

// New returns a Segmenter with the embedded abbreviation lists.
func New() (*Segmenter, error) { return Load(data) }

// Load returns a Segmenter reading data/abbreviations.txt from fsys.
// The file has sections "[titles]", "[abbreviations]" and "[starters]",
// one lower-case word a line; "#" starts a comment.
func Load(fsys fs.FS) (*Segmenter, error) {
	sections, err := ReadSections(fsys, "data/abbreviations.txt")
	if err != nil {
		return nil, err
	}
	s := &Segmenter{titles: set(sections["titles"]), abbrevs: set(sections["abbreviations"]), starters: set(sections["starters"])}
	if len(s.titles) == 0 || len(s.starters) == 0 {
		return nil, fmt.Errorf("text: abbreviation data incomplete")
	}
	return s, nil
}

func set(words []string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// ReadSections reads a word-list file: lines of data grouped under "[name]"
// headers; blank lines and text after "#" are ignored. Lines before any header
// go to section "". It is shared by the analyze packages' embedded data.
func ReadSections(fsys fs.FS, name string) (map[string][]string, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	defer f.Close()
	out := map[string][]string{}
	cur := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			cur = line[1 : len(line)-1]
			continue
		}
		out[cur] = append(out[cur], line)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("reading %s: %w", name, err)
	}
	return out, nil
}

// Paragraphs returns the non-blank lines of s, trimmed of surrounding white space.
// Document text separates paragraphs by newlines, so a headline line is never
// joined to the line after it.
func Paragraphs(s string) []parallax.Span {
	var out []parallax.Span
	start := 0
	for start <= len(s) {
		end := strings.IndexByte(s[start:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		if sp := trim(s, start, end); sp.End > sp.Start {
			out = append(out, sp)
		}
		start = end + 1
	}
	return out
}

// trim shrinks [start, end) past white space on both sides.
func trim(s string, start, end int) parallax.Span {
	for start < end {
		r, n := utf8.DecodeRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		start += n
	}
	for end > start {
		r, n := utf8.DecodeLastRuneInString(s[start:end])
		if !unicode.IsSpace(r) {
			break
		}
		end -= n
	}
	return parallax.Span{Start: start, End: end}
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// IsApostrophe reports whether r is a straight or typographic apostrophe.
func IsApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }

// Tokenize appends to dst the tokens of s inside span and returns the result.
// A word runs over letters, digits and marks, and over a joiner that has a
// word rune on both sides: '-' always, '.' between letters or between digits,
// ',' between digits, an apostrophe between letters — except a final "'s",
// which becomes its own token so that "Trump’s" yields "Trump".
func Tokenize(s string, span parallax.Span, dst []Token) []Token {
	if span.Start < 0 || span.End > len(s) || span.Start > span.End {
		return dst
	}
	i, end := span.Start, span.End
	for i < end {
		r, n := utf8.DecodeRuneInString(s[i:end])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		if !isWordRune(r) {
			dst = append(dst, Token{Span: parallax.Span{Start: i, End: i + n}})
			i += n
			continue
		}
		start := i
		prev := r
		i += n
		for i < end {
			r, n := utf8.DecodeRuneInString(s[i:end])
			if isWordRune(r) {
				prev = r
				i += n
				continue
			}
			next, m := utf8.DecodeRuneInString(s[i+n : end])
			if i+n >= end || !isWordRune(next) {
				break
			}
			join := false
			switch {
			case r == '-' || r == '‐' || r == '‑':
				join = true
			case r == '.':
				join = unicode.IsLetter(prev) && unicode.IsLetter(next) || unicode.IsDigit(prev) && unicode.IsDigit(next)
			case r == ',':
				join = unicode.IsDigit(prev) && unicode.IsDigit(next)
			case IsApostrophe(r):
				join = unicode.IsLetter(prev) && unicode.IsLetter(next) && !possessive(s, i+n+m, end, next)
			}
			if !join {
				break
			}
			prev = next
			i += n + m
		}
		dst = append(dst, Token{Span: parallax.Span{Start: start, End: i}, Word: true})
		// A possessive clitic right after the word is its own token.
		if i < end {
			if r, n := utf8.DecodeRuneInString(s[i:end]); IsApostrophe(r) && i+n < end {
				if c, m := utf8.DecodeRuneInString(s[i+n : end]); (c == 's' || c == 'S') && possessive(s, i+n+m, end, c) {
					dst = append(dst, Token{Span: parallax.Span{Start: i, End: i + n + m}, Word: true})
					i += n + m
				}
			}
		}
	}
	return dst
}

// possessive reports whether an 's' just before position after ends a word.
func possessive(s string, after, end int, c rune) bool {
	if c != 's' && c != 'S' {
		return false
	}
	if after >= end {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[after:end])
	return !isWordRune(r)
}

// IsOpenQuote reports whether r opens a quotation or a bracket.
func IsOpenQuote(r rune) bool {
	switch r {
	case '“', '"', '«', '„', '‘', '(', '[', '‹', '‚':
		return true
	}
	return false
}

// IsCloseQuote reports whether r closes a quotation or a bracket.
func IsCloseQuote(r rune) bool {
	switch r {
	case '”', '"', '»', '’', ')', ']', '›', '“', '\'':
		return true
	}
	return false
}

func isTerminator(r rune) bool { return r == '.' || r == '!' || r == '?' || r == '…' }

// Sentences returns the sentences of the paragraph para of s, given that
// paragraph's tokens. A sentence ends after '.', '!', '?' or '…' and any closing
// quotes or brackets, when the next token starts with an upper-case letter, a
// digit or an opening quote — except after a title ("Mr.", "Gen."), an initial
// ("J."), or an abbreviation ("U.S.", "p.m.", "Inc.") unless the next word is a
// clear sentence start ("The", "He"). A lower-case next word or a dash never
// starts a sentence, so “…,” he said and “…” — said X stay attached.
func (sg *Segmenter) Sentences(s string, para parallax.Span, toks []Token) []parallax.Span {
	var out []parallax.Span
	if len(toks) == 0 {
		return nil
	}
	first := 0
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		r, _ := utf8.DecodeRuneInString(t.In(s))
		if t.Word || !isTerminator(r) {
			continue
		}
		j := i + 1
		closed := false
		for j < len(toks) && !toks[j].Word {
			c, _ := utf8.DecodeRuneInString(toks[j].In(s))
			if isTerminator(c) {
				j++
				continue
			}
			// A quotation mark closes only when it touches what it closes;
			// after a space it opens the next sentence ("Embassy. “We …").
			if IsCloseQuote(c) && toks[j].Start == toks[j-1].End {
				closed = true
				j++
				continue
			}
			break
		}
		if j >= len(toks) {
			break
		}
		if !sg.boundary(s, toks, i, j, closed) {
			continue
		}
		out = append(out, parallax.Span{Start: toks[first].Start, End: toks[j-1].End})
		first = j
		i = j - 1
	}
	if first < len(toks) {
		out = append(out, parallax.Span{Start: toks[first].Start, End: toks[len(toks)-1].End})
	}
	return out
}

// boundary decides whether a sentence ends at toks[j-1], given the terminator
// toks[i] and the next token toks[j].
func (sg *Segmenter) boundary(s string, toks []Token, i, j int, closed bool) bool {
	next := toks[j]
	nr, _ := utf8.DecodeRuneInString(next.In(s))
	gap := next.Start > toks[j-1].End
	if !gap && !(closed && unicode.IsUpper(nr)) {
		return false
	}
	if !(unicode.IsUpper(nr) || unicode.IsDigit(nr) || IsOpenQuote(nr)) {
		return false
	}
	term := toks[i]
	if term.In(s) != "." || i == 0 || !toks[i-1].Word || toks[i-1].End != term.Start || j != i+1 {
		return true
	}
	w := toks[i-1].In(s)
	lw := strings.ToLower(w)
	if sg.titles[lw] {
		return false
	}
	if r, n := utf8.DecodeRuneInString(w); n == len(w) && unicode.IsUpper(r) {
		return false // an initial
	}
	if sg.abbrevs[lw] || strings.Contains(w, ".") {
		if !next.Word {
			return IsOpenQuote(nr)
		}
		return sg.starters[strings.ToLower(next.In(s))]
	}
	return true
}
