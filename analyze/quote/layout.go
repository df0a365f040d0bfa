package quote

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/text"
)

// This file reads two layouts news writes attributions in without a
// reporting word, which are rare in the model's training data:
//
//   - a speaker label opening a paragraph, as transcripts, interviews and
//     headlines write it ("PENCE: We will …", "Q: Do you …", "Poll: Voters
//     …"): the label is the source, the colon the cue and the rest of the
//     paragraph the content;
//   - a quotation that makes up a paragraph, then a dash and a name
//     ("“We are staying.” ― Dana Ortiz", or the dash and name as the next
//     paragraph): the name is the source (without an appositive after a
//     comma), the dash the cue, the quotation the content.
//
// PolNeAR annotates both so. The rules add an attribution the model did not
// make, take over one it made with the label or name as source but without
// the cue (the model marks the label's source and content, and the colon,
// which emit drops as punctuation), and give way to one that reads the words
// otherwise.

// layoutQuote is an attribution found by layout: the token ranges of its
// source and cue, the span of its content and the speaker's name.
type layoutQuote struct {
	src, cue [2]int
	content  parallax.Span
	name     string
}

// labelStops are the words that make a paragraph's opening "Word:" a
// heading, not a speaker ("Related:", "Editor's note:", "UPDATE:"): the
// [labels] section of the embedded data/cues.txt, as word hashes. (Read
// from the embedded data even for a Finder loaded from other files: the
// list is the rule's, not the model's.)
var labelStops = sync.OnceValue(func() set {
	m := set{}
	sec, err := text.ReadSections(data, "data/cues.txt")
	if err != nil {
		return m
	}
	for _, line := range sec["labels"] {
		for _, w := range strings.Fields(line) {
			h, _, _, _ := hashWord(w)
			m[h] = true
		}
	}
	return m
})

// maxLabelWords bounds a speaker label ("Former Gov. Dana Ortiz") and a
// name after a dash ("Julia A. de la Cruz Ortiz"), in words.
const (
	maxLabelWords = 4
	maxNameWords  = 6
	// maxTailWords bounds what may follow a name after a dash and a comma
	// ("— Dana Ortiz, a nurse from Tallin"): more is a clause, not an
	// appositive.
	maxTailWords = 12
)

// layout adds to qs, the model's quotations, the attributions of the two
// layouts in paragraphs where the model did not read the words otherwise.
func (d *doc) layout(qs []parallax.Quote) []parallax.Quote {
	prev := -1 // the previous paragraph's first token
	for a := 0; a < len(d.ts); {
		b := a + 1
		for b < len(d.ts) && !d.ts[b].paraStart {
			b++
		}
		if lq, ok := d.label(a, b); ok {
			qs = d.place(qs, lq)
		} else if lq, ok := d.dashed(prev, a, b); ok {
			qs = d.place(qs, lq)
		}
		prev, a = a, b
	}
	return qs
}

// place adds lq to qs unless a quotation of the model reads its words
// otherwise: content over the source or cue, or over the content with a
// cue outside it (a quotation nested in the content is its own statement
// and stays). Quotations the model gave lq's source are lq's: they are
// replaced, their speaker kept when layout names none.
func (d *doc) place(qs []parallax.Quote, lq layoutQuote) []parallax.Quote {
	src, cue := d.span(lq.src), d.span(lq.cue)
	head := parallax.Span{Start: min(src.Start, cue.Start), End: max(src.End, cue.End)}
	var drop []int
	for i, q := range qs {
		switch {
		case overlaps(q.SpeakerSpan, src):
			drop = append(drop, i)
		case overlaps(q.Content, head):
			return qs
		case overlaps(q.Content, lq.content) && !q.Cue.IsZero() && !inside(q.Cue, lq.content):
			return qs
		}
	}
	name := lq.name
	for _, i := range drop {
		if name == "" {
			name = qs[i].Speaker
		}
	}
	for k := len(drop) - 1; k >= 0; k-- {
		qs = append(qs[:drop[k]], qs[drop[k]+1:]...)
	}
	// A transcript's turn and a signed quotation are the speaker's words: direct.
	return append(qs, parallax.Quote{Content: lq.content, Speaker: name, SpeakerSpan: src, Cue: cue, Direct: true})
}

func overlaps(x, y parallax.Span) bool {
	return !x.IsZero() && !y.IsZero() && x.Start < y.End && y.Start < x.End
}

func inside(x, y parallax.Span) bool { return x.Start >= y.Start && x.End <= y.End }

// label reads a speaker label opening the paragraph toks[a:b]: one to four
// capitalised words (a "." may close an abbreviation or initial: "Mr.",
// "Dana J. Ortiz"), or the "Q" and "A" of an interview, then a colon and a
// space, then three words or more that do not open with a number. An
// opening quotation mark may come first (a transcript quoted whole). Not a
// label: a heading word of [labels] ("Related:", "UPDATE:"), a place
// ("Iowa: …" heads a list), function words ("The Latest:", "FIX IS IN:"),
// a reporting word of [cues].
func (d *doc) label(a, b int) (layoutQuote, bool) {
	k := a
	if d.ts[k].mark == markOpen {
		k++
	}
	start, words := k, 0
	stops := labelStops()
	for ; k < b; k++ {
		t, x := d.toks[k], &d.ts[k]
		if !t.Word {
			// "Mr." and initials: a full stop touching a word.
			if x.punct == '.' && k > start && d.toks[k-1].Word && d.toks[k-1].End == t.Start {
				continue
			}
			break
		}
		w := t.In(d.s)
		l := d.f.lists
		// A reporting word makes the words a clause ("Continued Stone:",
		// "Clinton Says:"), not a name.
		if words == maxLabelWords || !capitalised(w) || stops[x.word] || x.listed || l.determiners[x.word] || l.prepositions[x.word] ||
			l.be[x.word] || l.pronouns[x.word] || l.relative[x.word] {
			return layoutQuote{}, false
		}
		if mi := d.at[k]; mi >= 0 && d.ms[mi].Kind == parallax.Place {
			return layoutQuote{}, false
		}
		words++
	}
	colon := k
	if words == 0 || colon >= b-1 || d.ts[colon].punct != ':' {
		return layoutQuote{}, false
	}
	// "10:30", "http://": the colon joins two words.
	if d.toks[colon+1].Word && d.toks[colon+1].Start == d.toks[colon].End {
		return layoutQuote{}, false
	}
	src := [2]int{start, colon}
	if words == 1 && colon-start == 1 {
		if w := d.toks[start].In(d.s); len(w) == 1 && w != "Q" && w != "A" {
			return layoutQuote{}, false
		}
	}
	n, first := 0, -1
	for k := colon + 1; k < b; k++ {
		if d.toks[k].Word {
			if first < 0 {
				first = k
			}
			n++
		}
	}
	if n < 3 || unicode.IsDigit(firstRune(d.toks[first].In(d.s))) {
		return layoutQuote{}, false
	}
	content, ok := d.inner(colon+1, b)
	if !ok {
		return layoutQuote{}, false
	}
	lq := layoutQuote{src: src, cue: [2]int{colon, colon + 1}, content: content}
	lq.name = d.labelName(src, lq.cue)
	return lq, true
}

// dashed reads a quotation that is the paragraph toks[a:b] up to a dash and
// a name ("“…” ― Dana Ortiz", "\"…\" -- Ortiz"), or a paragraph of a dash and
// a name after a paragraph that is one quotation (prev is that paragraph's
// first token, -1 for none). The name is one to six capitalised words,
// then the paragraph's end or a comma and a short appositive, which
// PolNeAR leaves out of the source. A dash inside a sentence, or one before
// lower-case words ("” — and more."), is no attribution.
func (d *doc) dashed(prev, a, b int) (layoutQuote, bool) {
	// Only a paragraph opening with a quotation mark or a dash can be one:
	// most are left at once.
	if w := d.toks[a].In(d.s); !isQuoteMark(w) && !isDash(w) {
		return layoutQuote{}, false
	}
	// The last dash of the paragraph.
	dash := -1
	for k := b - 1; k >= a; k-- {
		if !d.toks[k].Word && isDash(d.toks[k].In(d.s)) {
			dash = k
			break
		}
	}
	if dash < 0 {
		return layoutQuote{}, false
	}
	cue := [2]int{dash, dash + 1}
	if dash > a && d.toks[dash].In(d.s) == "-" && d.toks[dash-1].In(d.s) == "-" && d.toks[dash-1].End == d.toks[dash].Start {
		cue[0]-- // "--"
	}
	src, ok := d.nameAfter(cue[1], b)
	if !ok {
		return layoutQuote{}, false
	}
	var content parallax.Span
	switch {
	case cue[0] > a:
		// The quotation runs from the paragraph's start to the dash.
		if !isQuoteMark(d.toks[a].In(d.s)) || !isQuoteMark(d.toks[cue[0]-1].In(d.s)) {
			return layoutQuote{}, false
		}
		content, ok = d.inner(a, cue[0])
	case prev >= 0:
		// The dash opens the paragraph: the previous one is the quotation.
		e := a
		for e > prev+1 && d.ts[e-1].punct == '.' && d.ts[e-1].mark == 0 {
			e--
		}
		if d.ts[prev].mark != markOpen || d.ts[e-1].mark != markClose {
			return layoutQuote{}, false
		}
		// One quotation: no mark closes before the paragraph's end.
		for k := prev + 1; k < e-1; k++ {
			if d.ts[k].mark == markClose && !d.ts[k+1].half {
				return layoutQuote{}, false
			}
		}
		content, ok = d.inner(prev, e)
	default:
		return layoutQuote{}, false
	}
	if !ok {
		return layoutQuote{}, false
	}
	lq := layoutQuote{src: src, cue: cue, content: content}
	lq.name = d.labelName(src, cue)
	if lq.name == "" {
		lq.name = asWritten(d.span(src).In(d.s))
	}
	return lq, true
}

// nameAfter reads the name that follows a dash at token k up to the
// paragraph's end b: its token range.
func (d *doc) nameAfter(k, b int) ([2]int, bool) {
	start, words := k, 0
	for ; k < b; k++ {
		t := d.toks[k]
		if !t.Word {
			// An initial or abbreviation ("Dana J. Ortiz", "Ortiz Jr."), not the final stop.
			if d.ts[k].punct == '.' && k > start && d.toks[k-1].Word && d.toks[k-1].End == t.Start && k+1 < b && d.toks[k+1].Word {
				continue
			}
			break
		}
		w := t.In(d.s)
		if !capitalised(w) && !(words > 0 && particles[strings.ToLower(w)]) {
			break
		}
		words++
	}
	end := k
	for end > start && !d.toks[end-1].Word {
		end--
	}
	if words == 0 || words > maxNameWords || !capitalised(d.toks[end-1].In(d.s)) {
		return [2]int{}, false
	}
	switch {
	case k == b, k == b-1 && d.ts[k].punct == '.':
	case d.ts[k].punct == ',':
		// An appositive: a few words, one sentence.
		n := 0
		for j := k + 1; j < b; j++ {
			if d.ts[j].sentStart || d.ts[j].mark != 0 {
				return [2]int{}, false
			}
			if d.toks[j].Word {
				n++
			}
		}
		if n == 0 || n > maxTailWords {
			return [2]int{}, false
		}
	default:
		return [2]int{}, false
	}
	return [2]int{start, end}, true
}

// particles may stand inside a name in lower case ("Julia de la Cruz").
var particles = map[string]bool{"de": true, "da": true, "del": true, "della": true, "di": true, "la": true, "le": true,
	"van": true, "von": true, "der": true, "den": true, "bin": true, "al": true, "y": true, "dos": true, "du": true}

// inner returns the span of the words of toks[a:b] without the punctuation
// and quotation marks at its ends (a closing ?, ! or … stays); false when
// no word is left.
func (d *doc) inner(a, b int) (parallax.Span, bool) {
	for a < b && !d.toks[a].Word {
		if w := d.toks[a].In(d.s); w == "[" || w == "(" {
			break // "[Americans are] worried …": the reporter's words stay
		}
		a++
	}
	for b > a && !d.toks[b-1].Word {
		if w := d.toks[b-1].In(d.s); w == "?" || w == "!" || w == "…" {
			break
		}
		b--
	}
	if b <= a {
		return parallax.Span{}, false
	}
	return d.span([2]int{a, b}), true
}

// labelName returns the speaker a label or a name after a dash names: the
// person a mention covering it resolves to; for a label in capitals
// ("PENCE", "JAKE TAPPER"), the one person of the document whose name ends
// in its last word, else the label in title case ("Pence"); for another
// label of two words or more, the document's one person of that surname
// ("Mr. Ortiz" → "Dana Ortiz"), else the label as written. A label of one
// word that names no one the text identifies ("Poll", "Q") gives "".
func (d *doc) labelName(src, cue [2]int) string {
	words := d.span(src).In(d.s)
	if caps(words) {
		if full := d.personByLast(src); full != "" {
			return full
		}
		if utf8.RuneCountInString(words) == 1 {
			return "" // "Q", "A"
		}
		return asWritten(words)
	}
	if name := d.resolve(src, cue); name != "" {
		return name
	}
	if full := d.personByLast(src); full != "" {
		return full
	}
	if src[1]-src[0] > 1 {
		return words
	}
	return ""
}

// personByLast returns the document's one person whose fullest name ends
// in the last word of src, compared without regard to case, or "".
func (d *doc) personByLast(src [2]int) string {
	last := d.toks[src[1]-1].In(d.s)
	full := d.fullest[string(parallax.Person)+":"+strings.ToLower(last)]
	if full == "" {
		return ""
	}
	if f := strings.Fields(full); !strings.EqualFold(f[len(f)-1], last) {
		return ""
	}
	return asWritten(full)
}

// asWritten returns a name in capitals in title case ("JAKE TAPPER" →
// "Jake Tapper", "O'NEIL" → "O'Neil") and any other as it is.
func asWritten(name string) string {
	if !caps(name) {
		return name
	}
	var b strings.Builder
	up, n := true, 0 // n: letters of the word so far
	for _, r := range name {
		if up {
			b.WriteRune(r)
		} else {
			b.WriteRune(unicode.ToLower(r))
		}
		n++
		// A word starts after a space or hyphen, and after the apostrophe
		// of "O'" and "D'".
		up = r == ' ' || r == '-' || text.IsApostrophe(r) && n == 2
		if r == ' ' || r == '-' {
			n = 0
		}
	}
	return b.String()
}

// caps reports whether s has a letter and no lower-case one.
func caps(s string) bool {
	letter := false
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
		letter = letter || unicode.IsLetter(r)
	}
	return letter
}

func capitalised(w string) bool { return unicode.IsUpper(firstRune(w)) }

func firstRune(w string) rune {
	r, _ := utf8.DecodeRuneInString(w)
	return r
}

// isDash reports whether w is a dash that may introduce a name: the
// quotation dash ―, an em or en dash, or a hyphen standing alone.
func isDash(w string) bool {
	switch w {
	case "―", "—", "–", "-":
		return true
	}
	return false
}

// isQuoteMark reports whether w is a double quotation mark, either way
// round (papers write an opening ” too), or an apostrophe (two make a
// double mark in some papers).
func isQuoteMark(w string) bool {
	switch w {
	case "“", "”", "\"", "«", "»", "„", "'", "’", "‘":
		return true
	}
	return false
}
