// Package quote finds quotations in a document and attributes them to
// speakers with the usual news patterns: “…,” NAME said; “…,” said NAME;
// NAME said: “…”; NAME told X, “…”; NAME, a spokesperson, …, telling CNN, “…”;
// “…” — said NAME; NAME … as saying, “…”; “…,” she added (the pronoun taken
// to the last person named as a speaker or subject before it). It also marks
// indirect quotations ("NAME said that …") as Direct=false.
//
// A speaker is never guessed: without a person in the pattern the speaker is "".
package quote

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/text"
)

//go:embed data/*.txt
var data embed.FS

// Lexicon is what the finder asks of the entity word lists.
type Lexicon interface {
	// Gender returns 'f', 'm' or 0 (unknown) for a person's name.
	Gender(name string) byte
	// IsRole reports whether a lower-case word is a role or title ("spokeswoman").
	IsRole(word string) bool
}

// Finder finds quotations. It holds read-only word lists and is safe for
// concurrent use.
type Finder struct {
	lex                                        Lexicon
	cues, indirect, bare, clauseStart, linkers map[string]bool
	pronouns, prepositions, appositive         map[string]bool
}

// New returns a Finder with the embedded cue lists; lex supplies genders and role words.
func New(lex Lexicon) (*Finder, error) { return Load(data, lex) }

// Load returns a Finder reading data/cues.txt from fsys.
func Load(fsys fs.FS, lex Lexicon) (*Finder, error) {
	sec, err := text.ReadSections(fsys, "data/cues.txt")
	if err != nil {
		return nil, err
	}
	set := func(name string) map[string]bool {
		m := map[string]bool{}
		for _, l := range sec[name] {
			for _, w := range strings.Fields(l) {
				m[strings.ToLower(w)] = true
			}
		}
		return m
	}
	f := &Finder{lex: lex, cues: set("cues"), indirect: set("indirect"), bare: set("bare"), clauseStart: set("clausestart"),
		linkers: set("linkers"), pronouns: set("pronouns"), prepositions: set("prepositions"), appositive: set("appositive")}
	if len(f.cues) == 0 || len(f.pronouns) == 0 || lex == nil {
		return nil, fmt.Errorf("quote: cue data or lexicon missing")
	}
	return f, nil
}

// window bounds how far, in tokens, attribution looks back from a quotation
// or verb: news patterns are short, and the bound keeps a long run-on
// "sentence" linear rather than quadratic.
const window = 80

// pair is a quotation found by its marks: token indexes of the marks and the content span.
type pair struct {
	open, close int // close is -1 for a quotation left open at the paragraph end
	content     parallax.Span
	words       int
}

// who is a speaker found in a pattern: a person mention or a pronoun.
type who struct {
	tok     int // first token, -1 if none
	span    parallax.Span
	name    string // resolved fullest name; "" when unknown
	pronoun bool
}

type doc struct {
	f       *Finder
	s       string
	toks    []text.Token
	lower   []string
	person  []int  // per token: index into persons, or -1
	inQuote []bool // per token: inside a direct quotation's marks
	sentEnd []int  // per token: first token after its sentence
	sentBeg []int  // per token: first token of its sentence
	persons []parallax.Mention
	fullest map[string]string // lower surname → fullest name, "" when ambiguous
	history []string          // speakers and subjects so far, most recent last
}

// Find returns the quotations in s sorted by content start, given the
// paragraphs, sentences, tokens and entity mentions of the document.
func (f *Finder) Find(s string, paras, sents []parallax.Span, toks []text.Token, mentions []parallax.Mention) []parallax.Quote {
	if len(toks) == 0 {
		return nil
	}
	d := &doc{f: f, s: s, toks: toks, lower: make([]string, len(toks)), person: make([]int, len(toks)),
		inQuote: make([]bool, len(toks)), sentEnd: make([]int, len(toks)), sentBeg: make([]int, len(toks))}
	for i, t := range toks {
		d.lower[i] = strings.ToLower(t.In(s))
		d.person[i] = -1
	}
	d.indexPersons(mentions)
	d.indexSentences(sents)
	var pairs []pair
	for _, p := range paras {
		pairs = d.marks(p, pairs)
	}
	for _, p := range pairs {
		end := p.close
		if end < 0 {
			end = d.lastTokenBefore(p.content.End) + 1
		}
		for k := p.open; k < end && k < len(toks); k++ {
			d.inQuote[k] = true
		}
		if p.close >= 0 {
			d.inQuote[p.close] = true
		}
	}
	var out []parallax.Quote
	pi := 0
	for i := 0; i < len(toks); {
		end := max(d.sentEnd[i], i+1) // never stall, whatever the spans
		var qs []parallax.Quote
		for pi < len(pairs) && pairs[pi].open < end {
			if q, ok := d.direct(pairs[pi]); ok {
				qs = append(qs, q)
			}
			pi++
		}
		qs = append(qs, d.indirectIn(i, end)...)
		sort.Slice(qs, func(a, b int) bool { return qs[a].Content.Start < qs[b].Content.Start })
		out = append(out, qs...)
		// Remember the sentence's subject, then its speakers, for later pronouns.
		if sub := d.subject(i, end, end); sub.name != "" {
			d.history = append(d.history, sub.name)
		}
		for _, q := range qs {
			if q.Speaker != "" {
				d.history = append(d.history, q.Speaker)
			}
		}
		i = end
	}
	sort.SliceStable(out, func(a, b int) bool { return out[a].Content.Start < out[b].Content.Start })
	continued(out, paras, mentions)
	return out
}

// continued gives a direct quotation with no pattern of its own the speaker
// of the attributed quotation just before it in the same paragraph, when no
// other person is named between them: “…,” said NAME. “…” is NAME's too.
func continued(qs []parallax.Quote, paras []parallax.Span, mentions []parallax.Mention) {
	para := func(pos int) int {
		return sort.Search(len(paras), func(i int) bool { return paras[i].End > pos })
	}
	for i := 1; i < len(qs); i++ {
		q, prev := &qs[i], qs[i-1]
		if !q.Direct || !prev.Direct || q.Speaker != "" || q.Cue != (parallax.Span{}) || prev.Speaker == "" ||
			para(q.Content.Start) != para(prev.Content.Start) {
			continue
		}
		between := false
		for _, m := range mentions {
			if m.Kind == parallax.Person && m.Start >= prev.Content.End && m.Start < q.Content.Start &&
				!(m.Start == prev.SpeakerSpan.Start && m.End == prev.SpeakerSpan.End) {
				between = true
				break
			}
		}
		if !between {
			q.Speaker, q.SpeakerSpan = prev.Speaker, prev.SpeakerSpan
		}
	}
}

func (d *doc) indexPersons(mentions []parallax.Mention) {
	type full struct {
		name  string
		words int
	}
	best := map[string]full{}
	k := 0
	for _, m := range mentions {
		if m.Kind != parallax.Person {
			continue
		}
		idx := len(d.persons)
		d.persons = append(d.persons, m)
		for k < len(d.toks) && d.toks[k].Start < m.Start {
			k++
		}
		for j := k; j < len(d.toks) && d.toks[j].End <= m.End; j++ {
			d.person[j] = idx
		}
		f := strings.Fields(m.Name)
		if len(f) < 2 {
			continue
		}
		key := strings.ToLower(f[len(f)-1])
		b, ok := best[key]
		switch {
		case !ok || len(f) > b.words && strings.EqualFold(strings.Fields(b.name)[0], f[0]):
			best[key] = full{m.Name, len(f)}
		case strings.EqualFold(b.name, m.Name) || b.name == "" || len(f) < b.words && strings.EqualFold(strings.Fields(b.name)[0], f[0]):
		default:
			best[key] = full{"", len(f)} // two different people share the surname
		}
	}
	d.fullest = make(map[string]string, len(best))
	for k, v := range best {
		d.fullest[k] = v.name
	}
}

// fullName returns the fullest name known in the document for a person mention.
func (d *doc) fullName(m parallax.Mention) string {
	f := strings.Fields(m.Name)
	if len(f) == 0 {
		return ""
	}
	full, ok := d.fullest[strings.ToLower(f[len(f)-1])]
	if !ok || full == "" {
		return m.Name
	}
	if len(f) > 1 && !strings.EqualFold(strings.Fields(full)[0], f[0]) {
		return m.Name
	}
	if len(strings.Fields(full)) >= len(f) {
		return full
	}
	return m.Name
}

func (d *doc) indexSentences(sents []parallax.Span) {
	k := 0
	for _, sn := range sents {
		for k < len(d.toks) && d.toks[k].Start < sn.Start {
			d.sentBeg[k], d.sentEnd[k] = k, k+1
			k++
		}
		a := k
		for k < len(d.toks) && d.toks[k].End <= sn.End {
			k++
		}
		for i := a; i < k; i++ {
			d.sentBeg[i], d.sentEnd[i] = a, k
		}
	}
	for ; k < len(d.toks); k++ {
		d.sentBeg[k], d.sentEnd[k] = k, k+1
	}
}

func (d *doc) lastTokenBefore(pos int) int {
	return sort.Search(len(d.toks), func(i int) bool { return d.toks[i].End > pos }) - 1
}

func (d *doc) mark(i int) rune {
	if d.toks[i].Word {
		return 0
	}
	r, _ := utf8.DecodeRuneInString(d.toks[i].In(d.s))
	return r
}

// marks appends the quotation-mark pairs of paragraph p: “…”, "…", «…», „…“ (or „…”).
// An opening mark left unclosed runs to the paragraph end when it holds
// at least four words, as a quotation continued in the next paragraph does.
func (d *doc) marks(p parallax.Span, pairs []pair) []pair {
	a := sort.Search(len(d.toks), func(i int) bool { return d.toks[i].Start >= p.Start })
	b := a
	for b < len(d.toks) && d.toks[b].End <= p.End {
		b++
	}
	open := -1
	var want string
	for i := a; i < b; i++ {
		r := d.mark(i)
		if r == 0 {
			continue
		}
		if open >= 0 && strings.ContainsRune(want, r) {
			if r != '"' || d.closes(i) {
				pairs = d.addPair(pairs, open, i, parallax.Span{Start: d.toks[open].End, End: d.toks[i].Start})
				open = -1
				continue
			}
		}
		switch r {
		case '“':
			open, want = i, "”"
		case '„':
			open, want = i, "“”"
		case '«':
			open, want = i, "»"
		case '"':
			open, want = i, "\""
		}
	}
	if open >= 0 {
		pairs = d.addPair(pairs, open, -1, parallax.Span{Start: d.toks[open].End, End: p.End})
		if n := len(pairs); n > 0 && pairs[n-1].open == open && pairs[n-1].words < 4 {
			pairs = pairs[:n-1]
		}
	}
	return pairs
}

// closes reports whether a straight quote at token i closes rather than opens:
// it touches the word before it or is followed by a space.
func (d *doc) closes(i int) bool {
	return i > 0 && d.toks[i-1].End == d.toks[i].Start || i+1 >= len(d.toks) || d.toks[i+1].Start > d.toks[i].End
}

func (d *doc) addPair(pairs []pair, open, close int, c parallax.Span) []pair {
	// Trim spaces and the comma a quotation ends with before its closing mark.
	for c.End > c.Start {
		r, n := utf8.DecodeLastRuneInString(d.s[c.Start:c.End])
		if r != ',' && r != ' ' && r != ';' && r != ':' && r != '\t' && r != '\u00a0' && r != '\r' {
			break
		}
		c.End -= n
	}
	for c.Start < c.End {
		r, n := utf8.DecodeRuneInString(d.s[c.Start:c.End])
		if r != ' ' && r != '\t' && r != '\u00a0' {
			break
		}
		c.Start += n
	}
	if c.End <= c.Start {
		return pairs
	}
	words := 0
	for k := open + 1; k < len(d.toks) && d.toks[k].End <= c.End; k++ {
		if d.toks[k].Word {
			words++
		}
	}
	if words == 0 {
		return pairs
	}
	return append(pairs, pair{open: open, close: close, content: c, words: words})
}

// direct attributes one quotation. Short quotations (three words or fewer)
// with no reporting verb near them are scare quotes and are dropped.
func (d *doc) direct(p pair) (parallax.Quote, bool) {
	q := parallax.Quote{Content: p.content, Direct: true}
	var sp who
	cue := -1
	if p.close >= 0 {
		sp, cue = d.after(p.close)
	}
	if sp.tok < 0 {
		if sp2, cue2 := d.before(p.open); cue2 >= 0 {
			sp, cue = sp2, cue2
		}
	}
	if cue < 0 {
		if p.words <= 3 {
			return q, false
		}
		return q, true
	}
	q.Cue = d.cueSpan(cue)
	if sp.tok >= 0 {
		q.SpeakerSpan = sp.span
		q.Speaker = sp.name
	}
	return q, true
}

// cueSpan covers the reporting verb; "according to" covers both words.
func (d *doc) cueSpan(c int) parallax.Span {
	if d.lower[c] == "according" && c+1 < len(d.toks) {
		return parallax.Span{Start: d.toks[c].Start, End: d.toks[c+1].End}
	}
	return d.toks[c].Span
}

func (d *doc) isCue(i int) bool {
	if !d.toks[i].Word {
		return false
	}
	if d.lower[i] == "according" {
		return i+1 < len(d.toks) && d.lower[i+1] == "to"
	}
	// A verb is lower-case mid-sentence; "States" or "Says" (a title) is not a cue.
	r, _ := utf8.DecodeRuneInString(d.toks[i].In(d.s))
	return d.f.cues[d.lower[i]] && !unicode.IsUpper(r)
}

// speakerAt returns the person or pronoun at token i, if any.
func (d *doc) speakerAt(i int) (who, bool) {
	if pi := d.person[i]; pi >= 0 {
		m := d.persons[pi]
		return who{tok: i, span: m.Span, name: d.fullName(m)}, true
	}
	if d.toks[i].Word && d.f.pronouns[d.lower[i]] {
		return who{tok: i, span: d.toks[i].Span, name: d.resolve(d.lower[i]), pronoun: true}, true
	}
	return who{tok: -1}, false
}

// resolve takes a pronoun to the most recent speaker or subject whose known
// gender does not contradict it; "" when there is none.
func (d *doc) resolve(pronoun string) string {
	want := byte('m')
	if pronoun == "she" {
		want = 'f'
	}
	for i := len(d.history) - 1; i >= 0 && i >= len(d.history)-6; i-- {
		if g := d.f.lex.Gender(d.history[i]); g == 0 || g == want {
			return d.history[i]
		}
	}
	return ""
}

// after looks right of a closing mark: “…,” NAME said / “…,” said NAME /
// “…” — said NAME / “…,” she added / “…,” according to NAME.
func (d *doc) after(close int) (who, int) {
	none := who{tok: -1}
	end := d.sentEnd[close]
	k := close + 1
	for k < end && !d.toks[k].Word {
		switch d.mark(k) {
		case ',', '—', '–', '-', ':', ';':
			k++
			continue
		}
		return none, -1
	}
	if k >= end {
		return none, -1
	}
	if d.isCue(k) {
		return d.inverted(k, end), k
	}
	var cand who
	cand.tok = -1
	for n := 0; k < end && n < 14; k++ {
		if !d.toks[k].Word {
			if d.mark(k) == ',' || d.mark(k) == '-' {
				continue
			}
			return none, -1
		}
		n++
		if d.isCue(k) {
			return cand, k
		}
		if w, ok := d.speakerAt(k); ok && !(cand.tok >= 0 && d.person[k] >= 0 && d.person[k] == d.person[cand.tok]) {
			cand = w
		}
	}
	return none, -1
}

// inverted finds NAME in "said NAME", skipping titles and roles before it
// ("said Russian Deputy Foreign Minister Sergei Ryabkov").
func (d *doc) inverted(c, end int) who {
	k := c + 1
	if d.lower[c] == "according" {
		k++
	}
	for n := 0; k < end && n < 8; k, n = k+1, n+1 {
		if w, ok := d.speakerAt(k); ok {
			return w
		}
		if !d.toks[k].Word {
			if d.mark(k) == '-' {
				continue
			}
			break
		}
		w := d.lower[k]
		r, _ := utf8.DecodeRuneInString(d.toks[k].In(d.s))
		if w == "the" || w == "a" || w == "an" || w == "press" || w == "of" || d.f.lex.IsRole(w) || r >= 'A' && r <= 'Z' {
			continue
		}
		break
	}
	return who{tok: -1}
}

// before looks left of an opening mark, in its sentence, for the nearest
// reporting verb, and returns the subject of that verb: NAME said: “…”;
// NAME told X, “…”; NAME … as saying, “…”; according to NAME, “…”.
func (d *doc) before(open int) (who, int) {
	beg := max(d.sentBeg[open], open-window)
	for c := open - 1; c >= beg; c-- {
		if d.inQuote[c] || !d.isCue(c) {
			continue
		}
		if d.lower[c] == "according" {
			return d.inverted(c, open), c
		}
		return d.subject(beg, c, open), c
	}
	return who{tok: -1}, -1
}

// subject returns the nearest person or pronoun before token c (from beg)
// that can be the subject of a clause: not inside a quotation, not
// possessive ("Trump’s campaign"), not after a preposition ("contacts with
// Clinton"), not inside an appositive (", a spokesperson for Trump’s campaign,").
// With c == end it returns the first such person of the sentence instead.
func (d *doc) subject(beg, c, end int) who {
	beg = max(beg, c-window)
	skip := make(map[int]bool)
	// Mark appositives: from ", a|an|the|who…" to the next comma.
	for k := beg; k < c; k++ {
		if d.mark(k) != ',' || k+1 >= c || !d.f.appositive[d.lower[k+1]] || !d.hasPersonIn(beg, k) {
			continue // an appositive follows a name; "However, a spokesman …" opens a clause
		}
		j := k + 1
		for j < c && d.mark(j) != ',' {
			skip[j] = true
			j++
		}
		if j >= c {
			// No closing comma before the verb: not an appositive.
			for x := k + 1; x < j; x++ {
				delete(skip, x)
			}
		}
		k = j - 1
	}
	ok := func(k int) (who, bool) {
		if d.inQuote[k] || skip[k] {
			return who{}, false
		}
		w, found := d.speakerAt(k)
		if !found {
			return w, false
		}
		first := k
		if pi := d.person[k]; pi >= 0 {
			for first > beg && d.person[first-1] == pi {
				first--
			}
			last := k
			for last+1 < len(d.toks) && d.person[last+1] == pi {
				last++
			}
			if last+1 < len(d.toks) && d.toks[last+1].Word && isPossessive(d.lower[last+1]) {
				return w, false
			}
		}
		if first > beg && d.toks[first-1].Word && d.f.prepositions[d.lower[first-1]] {
			return w, false
		}
		w.tok = first
		return w, true
	}
	if c == end {
		for k := beg; k < end; k++ {
			if w, good := ok(k); good {
				return w
			}
		}
		return who{tok: -1}
	}
	for k := c - 1; k >= beg; k-- {
		if w, good := ok(k); good {
			return w
		}
	}
	return who{tok: -1}
}

func isPossessive(w string) bool {
	return w == "'s" || w == "’s" || w == "ʼs"
}

// indirectIn finds "NAME said that …" in the sentence [i, end): the content is
// the clause after "that" (or after the verb, for "she said the …") to the
// sentence end. A clause that opens with a quotation mark is the direct
// quotation's, not a second one.
func (d *doc) indirectIn(i, end int) []parallax.Quote {
	var out []parallax.Quote
	for c := i; c < end; c++ {
		if d.inQuote[c] || !d.toks[c].Word || !d.f.indirect[d.lower[c]] {
			continue
		}
		start := -1
		k := c + 1
		for n := 0; k < end && n < 7; k, n = k+1, n+1 {
			if !d.toks[k].Word {
				break
			}
			if d.lower[k] == "that" {
				start = k + 1
				break
			}
			if n == 0 && d.f.bare[d.lower[c]] && d.f.clauseStart[d.lower[k]] {
				start = k
				break
			}
			if !d.f.linkers[d.lower[k]] && !(d.lower[c] == "told" || d.lower[c] == "tells") {
				break
			}
		}
		if start < 0 || start >= end || !d.toks[start].Word {
			continue
		}
		last := end - 1
		for last > start && !d.toks[last].Word && !text.IsCloseQuote(d.mark(last)) {
			last--
		}
		words := 0
		for k := start; k <= last; k++ {
			if d.toks[k].Word {
				words++
			}
		}
		if words < 4 {
			continue
		}
		q := parallax.Quote{Content: parallax.Span{Start: d.toks[start].Start, End: d.toks[last].End}, Cue: d.toks[c].Span}
		if sp := d.subject(d.sentBeg[c], c, end); sp.tok >= 0 {
			q.Speaker, q.SpeakerSpan = sp.name, sp.span
		}
		out = append(out, q)
		c = last
	}
	return out
}

// hasPersonIn reports whether a person mention or pronoun starts in [a, b).
func (d *doc) hasPersonIn(a, b int) bool {
	for k := a; k < b; k++ {
		if d.person[k] >= 0 || d.toks[k].Word && d.f.pronouns[d.lower[k]] {
			return true
		}
	}
	return false
}
