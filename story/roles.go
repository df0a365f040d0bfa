package story

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	parallax "github.com/parallax-news/parallax"
)

// Titles and roles: a person's name is written without them ("Russian
// Deputy Foreign Minister Sergei Ryabkov" is Sergei Ryabkov), and the role
// words written next to the name are kept as the person's roles, with their
// span as evidence.

// maxRoleWords bounds a role phrase, so a run of qualifiers cannot swallow a
// sentence.
const maxRoleWords = 8

// word is one word of an article's text: letters, digits, hyphens and
// apostrophes ("state-run", "Trump’s"), lower-cased, with its byte span.
type word struct {
	lower      string
	start, end int
	capital    bool // written with an upper-case first letter
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '\'' || r == '’'
}

// wordBefore returns the last word of text[lo:pos] and the text between its
// end and pos; ok is false when there is none.
func wordBefore(text string, lo, pos int) (w word, gap string, ok bool) {
	end := pos
	for end > lo {
		r, n := utf8.DecodeLastRuneInString(text[lo:end])
		if isWordRune(r) {
			break
		}
		end -= n
	}
	start := end
	for start > lo {
		r, n := utf8.DecodeLastRuneInString(text[lo:start])
		if !isWordRune(r) {
			break
		}
		start -= n
	}
	if start == end {
		return word{}, "", false
	}
	return newWord(text, start, end), text[end:pos], true
}

// wordAfter returns the first word of text[pos:hi] and the text between pos
// and its start; ok is false when there is none.
func wordAfter(text string, pos, hi int) (w word, gap string, ok bool) {
	start := pos
	for start < hi {
		r, n := utf8.DecodeRuneInString(text[start:hi])
		if isWordRune(r) {
			break
		}
		start += n
	}
	end := start
	for end < hi {
		r, n := utf8.DecodeRuneInString(text[end:hi])
		if !isWordRune(r) {
			break
		}
		end += n
	}
	if start == end {
		return word{}, "", false
	}
	return newWord(text, start, end), text[pos:start], true
}

func newWord(text string, start, end int) word {
	r, _ := utf8.DecodeRuneInString(text[start:end])
	return word{lower: strings.ToLower(text[start:end]), start: start, end: end, capital: unicode.IsUpper(r)}
}

// blank reports whether a gap between words is white space on one line.
func blank(gap string) bool {
	return strings.TrimFunc(gap, func(r rune) bool { return r == ' ' || r == '\t' || r == '\u00a0' }) == ""
}

// isHead reports whether a word is the head of a role ("minister").
func (lx *lexicon) isHead(w word) bool {
	return lx.roleHeads[w.lower] || w.capital && lx.capHeads[w.lower]
}

// inRole reports whether a word may be part of a role phrase.
func (lx *lexicon) inRole(w word) bool {
	return lx.isHead(w) || lx.qualifiers[w.lower] || lx.connectors[w.lower]
}

// titleWords returns how many leading words of a person's name are a title
// or a courtesy title: every word up to the last role head or honorific
// that is not the name's last word ("Russian Deputy Foreign Minister Sergei
// Ryabkov" → 4, "Mr. Trump" → 1).
func titleWords(ws []word) int {
	lx := lex()
	n := 0
	for i := 0; i < len(ws)-1; i++ {
		if lx.isHead(ws[i]) || lx.honorifics[strings.TrimSuffix(ws[i].lower, ".")] {
			n = i + 1
		}
	}
	return n
}

// stripTitle removes a leading title from a person's name as written.
func stripTitle(name string) string {
	fields := strings.Fields(name)
	ws := make([]word, len(fields))
	for i, f := range fields {
		ws[i] = newWord(f, 0, len(f))
		ws[i].lower = strings.TrimFunc(ws[i].lower, func(r rune) bool { return !isWordRune(r) })
	}
	return strings.Join(fields[titleWords(ws):], " ")
}

// nameStart returns where the name of a person mention starts in the text:
// after any title the tagger left inside the span.
func nameStart(text string, sp parallax.Span) int {
	var ws []word
	for pos := sp.Start; ; {
		w, _, ok := wordAfter(text, pos, sp.End)
		if !ok {
			break
		}
		ws = append(ws, w)
		pos = w.end
	}
	if n := titleWords(ws); n > 0 {
		return ws[n].start
	}
	return sp.Start
}

// rolesAt returns the roles written next to a person's name, which spans
// [start, end) of the article's text inside the sentence [lo, hi):
//
//   - the role words right before the name: "Deputy Foreign Minister Sergei
//     Ryabkov", "campaign spokeswoman Hope Hicks", or, set off by commas,
//     "a State Department spokesman, Mark Toner, said";
//   - an apposition after it: "Carter Page, an adviser to Trump".
//
// A role is a run of role words holding at least one head, without
// connectors at its ends; a possessive or any other word ends it, so
// "Russia’s Deputy Foreign Minister" gives "deputy foreign minister". A
// connector next to the name means the role is another's: in "a
// spokesman for Trump" Trump is not the spokesman.
func rolesAt(a *parallax.StoredArticle, lo, start, end, hi int) []parallax.Role {
	lx := lex()
	text := a.Text
	lo, hi = min(lo, start), max(hi, end)
	var out []parallax.Role
	add := func(run []word) {
		for len(run) > 0 && lx.connectors[run[0].lower] {
			run = run[1:]
		}
		for len(run) > 0 && lx.connectors[run[len(run)-1].lower] {
			run = run[:len(run)-1]
		}
		hasHead := false
		words := make([]string, len(run))
		for i, w := range run {
			hasHead = hasHead || lx.isHead(w)
			words[i] = w.lower
		}
		if hasHead {
			out = append(out, parallax.Role{Role: strings.Join(words, " "), Article: a.ID, Start: run[0].start, End: run[len(run)-1].end})
		}
	}

	// Before the name. A comma between role and name makes an apposition,
	// which must close with a comma after the name: in "after meeting the
	// ambassador, Clinton said" the ambassador is someone else.
	var run []word
	pos := start
	for len(run) < maxRoleWords {
		w, gap, ok := wordBefore(text, lo, pos)
		if !ok || !lx.inRole(w) || pos == start && lx.connectors[w.lower] {
			break // "a spokesman for Trump": the role is someone else's
		}
		if !blank(gap) && (pos != start || strings.TrimSpace(gap) != "," || !strings.HasPrefix(text[end:hi], ",")) {
			break
		}
		run = append([]word{w}, run...)
		pos = w.start
	}
	add(run)

	// After the name: ", a spokesperson for …". The apposition must end
	// before a capitalised word, or it introduces the next person of a list
	// ("Clinton, Deputy Minister Ivan Petrov").
	if rest := text[end:hi]; strings.HasPrefix(rest, ",") {
		pos := end + 1
		if w, gap, ok := wordAfter(text, pos, hi); ok && blank(gap) && (w.lower == "a" || w.lower == "an" || w.lower == "the") {
			pos = w.end
		}
		run = nil
		for len(run) < maxRoleWords {
			w, gap, ok := wordAfter(text, pos, hi)
			if !ok || !blank(gap) || !lx.inRole(w) || len(run) == 0 && lx.connectors[w.lower] {
				break
			}
			run = append(run, w)
			pos = w.end
		}
		for len(run) > 0 && lx.connectors[run[len(run)-1].lower] {
			run = run[:len(run)-1]
		}
		if len(run) > 0 {
			if next, gap, ok := wordAfter(text, run[len(run)-1].end, hi); !ok || !blank(gap) || !next.capital {
				add(run)
			}
		}
	}
	return out
}

// sentenceAt returns the bounds of the sentence holding byte pos of the
// article's text: the analysis's sentence, else the line.
func sentenceAt(a *parallax.StoredArticle, pos int) (lo, hi int) {
	ss := a.Analysis.Sentences
	i := sort.Search(len(ss), func(i int) bool { return ss[i].Start > pos }) - 1
	if i >= 0 && 0 <= ss[i].Start && ss[i].Start <= pos && pos < ss[i].End && ss[i].End <= len(a.Text) {
		return ss[i].Start, ss[i].End
	}
	lo = strings.LastIndexByte(a.Text[:pos], '\n') + 1
	hi = len(a.Text)
	if j := strings.IndexByte(a.Text[pos:], '\n'); j >= 0 {
		hi = pos + j
	}
	return lo, hi
}
