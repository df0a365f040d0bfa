// Package quote finds attributions in a document — who said, wrote or
// reported what — and returns them as quotations: the content, the cue, the
// words that name the source, the speaker's name when the text tells it,
// and the relay chain (the outlet a statement was given to, the outlets it
// came through).
//
// A learned model finds them (model.go; `parallax train quotes` trains it on
// PolNeAR): a cue tagger marks the reporting words ("said", "told",
// "according to", "argued", "warned", …) and, for each cue, an argument
// tagger marks its source and content, direct or indirect. Rules then shape
// the result:
//
//   - a content is trimmed to the statement (no enclosing quotation marks,
//     no leading "that") and stretched to the whole quotation it is part of;
//   - a quotation that follows an attributed one in the same paragraph,
//     with nobody else named between, continues it (“…,” said X. “…”);
//   - a quotation of four words or more that nothing attributes is kept
//     with no speaker; shorter ones are scare quotes and dropped;
//   - the source words resolve to a speaker (speaker.go) and relays are
//     read around the cue (relay.go).
//
// A speaker is never guessed: when the source names nobody the text
// identifies, Speaker is "" and SpeakerSpan still marks the source words.
package quote

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"sync"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/text"
	"github.com/parallax-news/parallax/analyze/wordclass"
)

//go:embed data
var data embed.FS

// ModelFile is the model's path in the embedded data and, under
// analyze/quote, in the repository.
const ModelFile = "data/attribution.model"

// Lexicon is what the finder asks of the entity word lists.
type Lexicon interface {
	// Gender returns 'f', 'm' or 0 (unknown) for a person's name.
	Gender(name string) byte
	// IsRole reports whether a lower-case word is a role or title ("spokeswoman").
	IsRole(word string) bool
}

// Finder finds quotations. It holds the model and word lists, read-only, and
// is safe for concurrent use.
type Finder struct {
	lex   Lexicon
	model *model
	words words
	lists lists
	pool  sync.Pool // *scratch
}

// New returns a Finder with the embedded model and word lists; lex supplies
// genders and role words.
func New(lex Lexicon) (*Finder, error) { return Load(data, lex) }

// Load returns a Finder reading data/cues.txt and data/attribution.model from fsys.
func Load(fsys fs.FS, lex Lexicon) (*Finder, error) {
	if lex == nil {
		return nil, fmt.Errorf("quote: no lexicon")
	}
	l, err := loadLists(fsys)
	if err != nil {
		return nil, err
	}
	file, err := fs.ReadFile(fsys, ModelFile)
	if err != nil {
		return nil, fmt.Errorf("quote: %w", err)
	}
	m, err := parseModel(file)
	if err != nil {
		return nil, err
	}
	classes, err := loadClasses(m.classes)
	if err != nil {
		return nil, err
	}
	f := &Finder{lex: lex, model: m, words: newWords(m.rate, l.cues, classes), lists: l}
	f.pool.New = func() any { return new(scratch) }
	return f, nil
}

// loadClasses returns the embedded word classes (package wordclass), which
// must be those the model was trained with, fingerprint want (0: any, for
// Train): class ids of other classes would mean other words.
func loadClasses(want uint64) ([]wordclass.Entry, error) {
	c, err := wordclass.Default()
	if err != nil {
		return nil, fmt.Errorf("quote: %w", err)
	}
	if want != 0 && c.Fingerprint() != want {
		return nil, fmt.Errorf("quote: the model was trained with other word classes; run parallax train quotes")
	}
	if coarse, fine := c.Sizes(); coarse > maxClasses || fine > maxClasses {
		return nil, fmt.Errorf("quote: %d and %d word classes; at most %d", coarse, fine, maxClasses)
	}
	return c.Entries(), nil
}

// lists are the word lists of data/cues.txt as sets of word hashes
// (hashWord), so tokens are looked up without building strings.
type lists struct {
	cues, pronouns, relative, determiners, prepositions, reported, notSource set
	cueSide, lyNouns, be, participles, collective, documents                 set
	told, via                                                                phrases
	as, saying, of, by, from                                                 uint64
}

type set map[uint64]bool

// phrases are word sequences, each as the hashes of its words.
type phrases [][]uint64

func loadLists(fsys fs.FS) (lists, error) {
	sec, err := text.ReadSections(fsys, "data/cues.txt")
	if err != nil {
		return lists{}, err
	}
	words := func(name string) set {
		m := set{}
		for _, line := range sec[name] {
			for _, w := range strings.Fields(line) {
				h, _, _, _ := hashWord(w)
				m[h] = true
			}
		}
		return m
	}
	phr := func(name string) phrases {
		var out phrases
		for _, line := range sec[name] {
			for _, p := range strings.Split(line, ",") {
				var hs []uint64
				for _, w := range strings.Fields(p) {
					h, _, _, _ := hashWord(w)
					hs = append(hs, h)
				}
				if len(hs) > 0 {
					out = append(out, hs)
				}
			}
		}
		return out
	}
	l := lists{cues: words("cues"), pronouns: words("pronouns"), relative: words("relative"), determiners: words("determiners"),
		prepositions: words("prepositions"), reported: words("reported"), notSource: words("notsource"),
		cueSide: words("cueside"), lyNouns: words("lynouns"), be: words("be"), participles: words("participles"),
		collective: words("collective"), documents: words("documents"),
		told: phr("told"), via: phr("via")}
	l.as, _, _, _ = hashWord("as")
	l.of, _, _, _ = hashWord("of")
	l.by, _, _, _ = hashWord("by")
	l.from, _, _, _ = hashWord("from")
	l.saying, _, _, _ = hashWord("saying")
	if len(l.cues) == 0 || len(l.pronouns) == 0 || len(l.told) == 0 || len(l.via) == 0 {
		return lists{}, fmt.Errorf("quote: data/cues.txt incomplete")
	}
	return l, nil
}

// scratch is the per-call memory of Find, pooled.
type scratch struct {
	ts       []tok
	isCue    []bool
	at       []int32
	base     [][argTags]int32 // per token: the argument tagger's intrinsic sums
	haveBase []bool
	f        [24]uint64
	em       []float32
	bp, out  []uint8
	srcs     [][2]int
	cs       cueScratch
	as       argScratch
}

// grow makes the Viterbi buffers hold n scores.
func (sc *scratch) grow(n int) {
	sc.em = grow(sc.em, n)
	sc.bp, sc.out = growU8(sc.bp, n), growU8(sc.out, n)
}

func growBase(b [][argTags]int32, n int) [][argTags]int32 {
	if cap(b) < n {
		return make([][argTags]int32, n)
	}
	return b[:n]
}

// found is one attribution as the model marked it, in token ranges.
type found struct {
	cue      [2]int
	para     [2]int // the cue's paragraph
	source   [2]int // none when there is none
	content  [][2]int
	quotedBy [2]int // "X quoted Y as saying": X; none otherwise
	via      []int  // mentions of the outlets that relayed it (see nest)
	relay    bool   // it only relays others: they are its statement
	name     string // the resolved speaker
}

// window returns the tokens the argument tagger reads for the cue
// toks[ca:cb]: from the start of the cue's sentence to the end of that
// sentence or windowAfter tokens past the cue, whichever is later, within
// the paragraph and at most maxReach tokens either side of the cue, so that
// a run-on "sentence" costs linear time. Sources are in the cue's
// sentence; contents run on.
func window(ts []tok, ca, cb int) (int, int) {
	const windowAfter = 20
	a := ca
	for a > 0 && a > ca-maxReach && !ts[a].sentStart && !ts[a].paraStart {
		a--
	}
	b := cb
	for b < len(ts) && b < cb+maxReach && !ts[b].sentStart && !ts[b].paraStart {
		b++
	}
	for b < len(ts) && b < cb+windowAfter && !ts[b].paraStart {
		b++
	}
	return a, b
}

// maxReach bounds, in tokens, how far from a cue the finder looks for its
// source, content and relays.
const maxReach = 60

// onlyO sets every row of em (nt scores each) to allow tag O alone, for the
// tokens the cue tagger does not score.
func onlyO(em []float32, nt int) {
	for i := range em {
		em[i] = never
		if i%nt == tagO {
			em[i] = 0
		}
	}
}

// spans appends the ranges tagged b0 (B) then b0+1 (I) in tags, offset by a.
func spans(dst [][2]int, tags []uint8, a int, b0 uint8) [][2]int {
	for i := 0; i < len(tags); i++ {
		if tags[i] != b0 {
			continue
		}
		j := i + 1
		for j < len(tags) && tags[j] == b0+1 {
			j++
		}
		dst = append(dst, [2]int{a + i, a + j})
		i = j - 1
	}
	return dst
}

// tag runs the two taggers over the document.
func (f *Finder) tag(ts []tok, sc *scratch) []found {
	m := f.model
	sc.base = growBase(sc.base, len(ts))
	if cap(sc.haveBase) < len(ts) {
		sc.haveBase = make([]bool, len(ts))
	}
	sc.haveBase = sc.haveBase[:len(ts)]
	clear(sc.haveBase)
	var cues, paraOf [][2]int
	for a := 0; a < len(ts); {
		b := a + 1
		for b < len(ts) && !ts[b].paraStart {
			b++
		}
		n := b - a
		sc.grow(n * cueTags)
		onlyO(sc.em[:n*cueTags], cueTags)
		cueFeatures(ts, a, b, &sc.cs, func(i int, fs []uint64, shared, lexical int) {
			m.cueEmission(fs, shared, lexical, sc.em[(i-a)*cueTags:][:cueTags], &sc.base[i])
			sc.haveBase[i] = true
		})
		viterbi(sc.em, n, cueTags, m.cue.trans, sc.bp, sc.out)
		k := len(cues)
		cues = spans(cues, sc.out[:n], a, tagB)
		for ; k < len(cues); k++ {
			paraOf = append(paraOf, [2]int{a, b})
		}
		a = b
	}
	if len(cues) == 0 {
		return nil
	}
	if cap(sc.isCue) < len(ts) {
		sc.isCue = make([]bool, len(ts))
	}
	sc.isCue = sc.isCue[:len(ts)]
	clear(sc.isCue)
	for _, c := range cues {
		for i := c[0]; i < c[1]; i++ {
			sc.isCue[i] = true
		}
	}
	out := make([]found, 0, len(cues))
	for ci, c := range cues {
		out = append(out, f.args(ts, sc, c, paraOf[ci]))
	}
	return out
}

// args runs the argument tagger for the cue c in the paragraph para.
func (f *Finder) args(ts []tok, sc *scratch, c, para [2]int) found {
	m := f.model
	a, b := window(ts, c[0], c[1])
	n := b - a
	sc.grow(n * argTags)
	argFeatures(ts, para[0], para[1], a, b, c[0], c[1], sc.isCue, false, &sc.as, func(i int, fs []uint64, _, lexical int) {
		if !sc.haveBase[i] {
			// The cue tagger skipped the token (it is quoted): sum its
			// intrinsic weights now.
			sc.base[i] = m.intrinsicArg(intrinsic(ts, para[0], para[1], i, sc.f[:0]))
			sc.haveBase[i] = true
		}
		m.argEmission(fs, lexical, sc.base[i], sc.em[(i-a)*argTags:][:argTags])
	})
	viterbi(sc.em, n, argTags, m.arg.trans, sc.bp, sc.out)
	tags := sc.out[:n]
	fd := found{cue: c, para: para}
	best := -1
	sc.srcs = spans(sc.srcs[:0], tags, a, tagSource)
	for i, s := range sc.srcs {
		if best < 0 || gap(s, c) < gap(sc.srcs[best], c) {
			best = i
		}
	}
	if best >= 0 {
		fd.source = sc.srcs[best]
	}
	for _, q := range spans(nil, tags, a, tagContent) {
		if q[1] <= c[0] || q[0] >= c[1] {
			fd.content = append(fd.content, q)
		}
	}
	return fd
}

// gap is the number of tokens between two ranges.
func gap(x, y [2]int) int {
	if x[1] <= y[0] {
		return y[0] - x[1]
	}
	return x[0] - y[1]
}

// doc is the state of one Find call.
type doc struct {
	f     *Finder
	s     string
	toks  []text.Token
	ts    []tok
	paras []parallax.Span
	people
}

// Find returns the quotations in s sorted by content start, given the
// paragraphs, sentences, tokens and entity mentions of the document.
func (f *Finder) Find(s string, paras, sents []parallax.Span, toks []text.Token, mentions []parallax.Mention) []parallax.Quote {
	if len(toks) == 0 {
		return nil
	}
	sc := f.pool.Get().(*scratch)
	defer f.pool.Put(sc)
	sc.ts = f.words.tokens(s, toks, paras, sents, sc.ts)
	d := &doc{f: f, s: s, toks: toks, ts: sc.ts, paras: paras}
	if cap(sc.at) < len(toks) {
		sc.at = make([]int32, len(toks))
	}
	d.people.index(f, s, toks, sc.ts, mentions, sc.at)
	attrs := f.tag(sc.ts, sc)
	d.reshape(attrs)
	attrs = d.nest(f, sc, attrs)
	d.claim(attrs)
	out := make([]parallax.Quote, 0, 2*len(attrs))
	for i := range attrs {
		a := &attrs[i]
		if a.relay {
			continue
		}
		if j := d.sharedSubject(attrs, i); j >= 0 {
			a.source, a.name = attrs[j].source, attrs[j].name
		} else if a.source != none {
			a.name = d.resolve(a.source, a.cue)
		}
		d.trimContent(a, attrs)
		first := len(out)
		out = d.emit(a, attrs, out)
		if len(out) > first {
			d.relay(*a, out[first:])
		}
		if a.name != "" {
			d.heard(a.source[0], a.name)
		}
	}
	out = d.layout(out) // transcripts' labels, names after a dash: layout.go
	out = d.quotations(out)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Content.Start < out[j].Content.Start })
	return dedupe(out)
}

// claim gives words two attributions mark as content to the one whose cue
// is nearer: a word is one statement's. (Two quotations, each followed by
// its speaker and "said", can reach the tagger as one sentence when their
// marks are written as two apostrophes, which the sentence splitter does
// not know.) Ranges left empty are dropped.
func (d *doc) claim(attrs []found) {
	type part struct{ a, k int }
	var parts []part
	for i, a := range attrs {
		if !a.relay {
			for k := range a.content {
				parts = append(parts, part{i, k})
			}
		}
	}
	r := func(p part) [2]int { return attrs[p.a].content[p.k] }
	sort.Slice(parts, func(i, j int) bool { return r(parts[i])[0] < r(parts[j])[0] })
	for i := 1; i < len(parts); i++ {
		p, q := parts[i-1], parts[i]
		if p.a == q.a || r(p)[1] <= r(q)[0] {
			continue
		}
		// Overlap: the farther cue loses the shared words.
		if d.distance(r(q), attrs[q.a].cue) > d.distance(r(p), attrs[p.a].cue) {
			attrs[q.a].content[q.k][0] = min(r(p)[1], r(q)[1])
		} else {
			attrs[p.a].content[p.k][1] = r(q)[0]
		}
	}
	for i := range attrs {
		out := attrs[i].content[:0]
		for _, c := range attrs[i].content {
			if c[1] > c[0] {
				out = append(out, c)
			}
		}
		attrs[i].content = out
	}
}

// distance is how far a content range is from a cue: the tokens between,
// and a sentence more for every sentence end between them — a full stop,
// question or exclamation mark outside quotation marks before a new
// sentence or an opening mark (which the sentence splitter may not know).
func (d *doc) distance(c, cue [2]int) int {
	a, b := c[1], cue[0]
	if cue[1] <= c[0] {
		a, b = cue[1], c[0]
	}
	n := max(b-a, 0)
	for k := a; k < b && k+1 < len(d.ts); k++ {
		p := d.ts[k].punct
		if (p == '.' || p == '?' || p == '!') && !d.ts[k].inQuote && (d.ts[k+1].sentStart || d.ts[k+1].mark == markOpen) {
			n += maxReach
		}
	}
	return n
}

// none is the token range of a missing source.
var none = [2]int{}

// reshape corrects what the model marks in ways news grammar settles:
// a source of adverbs alone ("later told") is no source; "X quoted Y as
// saying …" is Y's statement, given to X; and a cue with a source but no
// content after a clause and a comma ("The plant will close, Sokolov told
// the Times") reports that clause.
func (d *doc) reshape(attrs []found) {
	for i := range attrs {
		a := &attrs[i]
		if a.source != none {
			a.source = d.trimSource(a.source)
			if a.source[1] <= a.cue[0] && d.passive(a.cue) {
				a.source = none
			}
		}
		if a.source != none && d.onlyAdverbs(a.source) {
			a.source = none
		}
		if len(a.content) == 0 && a.source != none {
			comma := min(a.source[0], a.cue[0]) - 1
			if sa, _ := d.sentence(a.cue[0]); comma > sa && d.ts[comma].punct == ',' {
				a.content = [][2]int{{sa, comma}}
			}
		}
		for _, c := range a.content {
			k := d.asSaying(c)
			if k < 0 {
				continue
			}
			src := d.trimRange([2]int{c[0], k})
			if src[1] <= src[0] || k+2 >= c[1] {
				break
			}
			a.quotedBy, a.source, a.cue = a.source, src, [2]int{k + 1, k + 2}
			a.content = [][2]int{{k + 2, c[1]}}
			break
		}
	}
}

// onlyAdverbs reports whether the range holds no word but [notsource] ones.
func (d *doc) onlyAdverbs(r [2]int) bool {
	for k := r[0]; k < r[1]; k++ {
		if d.toks[k].Word && !d.f.lists.notSource[d.ts[k].word] {
			return false
		}
	}
	return true
}

// asSaying returns the token of "as" in "as saying" inside the range,
// outside quotation marks, or -1.
func (d *doc) asSaying(r [2]int) int {
	for k := r[0]; k+1 < r[1]; k++ {
		if !d.ts[k].inQuote && d.ts[k].word == d.f.lists.as && d.ts[k+1].word == d.f.lists.saying {
			return k
		}
	}
	return -1
}

// trimRange drops punctuation at both ends of a token range.
func (d *doc) trimRange(r [2]int) [2]int {
	for r[0] < r[1] && !d.toks[r[0]].Word {
		r[0]++
	}
	for r[1] > r[0] && !d.toks[r[1]-1].Word {
		r[1]--
	}
	return r
}

// sharedSubject returns the attribution before attrs[i], in its sentence,
// whose source is also the subject of attrs[i] ("she declined to comment
// but later told the Post"), or -1: when attrs[i] has no source, or one
// inside the earlier one's (a source belongs to one attribution). Nobody
// may be named between them outside the earlier one's content.
func (d *doc) sharedSubject(attrs []found, i int) int {
	a := attrs[i]
	sa, _ := d.sentence(a.cue[0])
	for j := i - 1; j >= 0 && j >= i-8 && attrs[j].cue[0] >= sa; j-- {
		b := attrs[j]
		if b.source == none || b.relay {
			continue
		}
		if a.source != none && (a.source[1] <= b.source[0] || a.source[0] >= b.source[1]) {
			return -1
		}
		for k := b.cue[1]; k < a.cue[0]; k++ {
			in := false
			for _, c := range b.content {
				in = in || k >= c[0] && k < c[1]
			}
			if !in && (d.at[k] >= 0 && d.ms[d.at[k]].Kind == parallax.Person || d.f.lists.pronouns[d.ts[k].word]) {
				return -1
			}
		}
		return j
	}
	return -1
}

// emit appends the quotations of one attribution: a quotation per content
// range, split where a range holds quotations in marks (each is a direct
// quotation, and the whole range an indirect one only when four words or
// more lie outside the marks). A range in a later sentence than the cue
// continues the statement only when nobody else is named before it, and
// has no cue of its own.
func (d *doc) emit(a *found, all []found, out []parallax.Quote) []parallax.Quote {
	var sp parallax.Span
	if a.source != none {
		sp = d.span(a.source)
	}
	_, sentEnd := d.sentence(a.cue[0])
	var cue0 parallax.Span
	if c := d.trimRange(a.cue); c[1] > c[0] {
		cue0 = d.span(c) // "said", not "said:"
	}
	for _, c := range a.content {
		cue := cue0
		if c[0] >= sentEnd {
			if d.personBetween(d.toks[a.cue[1]-1].End, d.toks[c[0]].Start, sp) || d.hasCue(all, c[0]) {
				continue
			}
			cue = parallax.Span{}
		}
		for _, p := range d.pieces(c) {
			content, direct, ok := d.content(p)
			if ok {
				out = append(out, parallax.Quote{Content: content, Speaker: a.name, SpeakerSpan: sp, Cue: cue, Direct: direct})
			}
		}
	}
	return out
}

// hasCue reports whether the sentence of token i holds the cue of one of
// all (sorted by cue): a later sentence with its own cue is its own statement.
func (d *doc) hasCue(all []found, i int) bool {
	sa, sb := d.sentence(i)
	j := sort.Search(len(all), func(j int) bool { return all[j].cue[0] >= sa })
	return j < len(all) && all[j].cue[0] < sb && !all[j].relay
}

// trimContent drops from a's content ranges the words that belong to
// others (see cut) and an outlet it was told to ("said in a statement to
// Radio Meridian that …"), and ranges left empty.
func (d *doc) trimContent(a *found, all []found) {
	sa, _ := d.sentence(a.cue[0])
	out := a.content[:0]
	for _, c := range a.content {
		c = d.cut(c, a, all)
		// An outlet the statement was told to, then "that", opens no statement.
		for k := c[0]; k < c[1] && k <= c[0]+maxFiller; k++ {
			mi := int(d.at[k])
			if mi < 0 || int(d.first[mi]) != k || d.ms[mi].Kind != parallax.Organization || !d.after(d.f.lists.told, k, sa) {
				continue
			}
			e := k
			for e < c[1] && d.at[e] == int32(mi) {
				e++
			}
			if e < c[1] && d.isThat(e) {
				c[0] = e + 1
			}
			break
		}
		if c[1] > c[0] {
			out = append(out, c)
		}
	}
	a.content = out
}

// cut shortens a content range of a that holds the source and cue of
// another attribution at one of its ends ("… talks had stalled, the Post
// reported"): those words are the other's, not a's statement.
func (d *doc) cut(c [2]int, a *found, all []found) [2]int {
	// all is sorted by cue: only cues inside c matter.
	for j := sort.Search(len(all), func(j int) bool { return all[j].cue[0] >= c[0] }); j < len(all) && all[j].cue[0] < c[1]; j++ {
		o := all[j]
		if o.cue == a.cue {
			continue
		}
		x, y := o.cue[0], o.cue[1]
		if o.source != none {
			x, y = min(x, o.source[0]), max(y, o.source[1])
		}
		switch {
		case x <= c[0] && y >= c[1]:
			return [2]int{c[0], c[0]} // nothing but the other's words
		case x < c[0] || y > c[1]:
			continue
		}
		if x-c[0] >= c[1]-y {
			c[1] = x
		} else {
			c[0] = y
		}
	}
	return c
}

// pieces splits a content range: the quotations in marks inside it, and the
// whole range when it holds none, or when four words or more lie outside
// them and it does not open with one. In "told Interfax that “there were
// contacts” with Trump's team", the quotation is the statement and the rest
// the reporter's setting of it.
func (d *doc) pieces(r [2]int) [][2]int {
	var out [][2]int
	outside := 0
	for k := r[0]; k < r[1]; k++ {
		if d.ts[k].mark == markOpen {
			j := k + 1
			for j < r[1] && d.ts[j].mark != markClose {
				j++
			}
			if j < r[1] {
				out = append(out, [2]int{k, j + 1})
				k = j
				continue
			}
		}
		if d.toks[k].Word {
			outside++
		}
	}
	opens := len(out) > 0 && out[0][0] <= r[0]+1 && (out[0][0] == r[0] || d.isThat(r[0]))
	if len(out) == 0 || outside >= 4 && !opens {
		out = append(out, r)
	}
	return out
}

// dedupe drops a quotation whose content and source repeat an earlier one
// (two cues marking the same words).
func dedupe(qs []parallax.Quote) []parallax.Quote {
	out := qs[:0]
	for i, q := range qs {
		if i > 0 && q.Content == qs[i-1].Content && q.SpeakerSpan == qs[i-1].SpeakerSpan {
			continue
		}
		out = append(out, q)
	}
	return out
}

// span returns the bytes of a token range.
func (d *doc) span(r [2]int) parallax.Span {
	return parallax.Span{Start: d.toks[r[0]].Start, End: d.toks[r[1]-1].End}
}

// content turns a content range into the statement's span: stretched to the
// whole quotation when it starts or ends inside one, then trimmed of a
// leading "that", enclosing quotation marks and trailing commas. Direct is
// true when every word of it is inside quotation marks.
func (d *doc) content(r [2]int) (parallax.Span, bool, bool) {
	a, b := r[0], r[1]
	ts := d.ts
	// Stretch to the marks of a quotation the range starts or ends inside.
	if ts[a].inQuote && ts[a].mark == 0 {
		for k := a - 1; k >= 0 && ts[k].inQuote && !ts[k+1].paraStart; k-- {
			if ts[k].mark == markOpen {
				a = k
				break
			}
		}
	}
	if ts[b-1].inQuote && ts[b-1].mark != markClose {
		for k := b; k < len(ts) && ts[k].inQuote && !ts[k].paraStart; k++ {
			if ts[k].mark == markClose {
				b = k + 1
				break
			}
			if ts[k].mark == markOpen {
				break
			}
		}
	}
	// Trim: "that", punctuation other than marks, then a pair of marks
	// enclosing the whole range.
	for a < b && (ts[a].punct != 0 && ts[a].mark == 0 || d.isThat(a) && a+1 < b) {
		a++
	}
	for b > a && ts[b-1].punct != 0 && ts[b-1].mark == 0 && ts[b-1].punct != '?' && ts[b-1].punct != '!' {
		b--
	}
	marks := 0
	for k := a; k < b; k++ {
		if ts[k].mark != 0 && !ts[k].half {
			marks++
		}
	}
	switch {
	case marks == 2 && ts[a].mark == markOpen && ts[b-1].mark == markClose,
		marks == 1 && ts[a].mark == markOpen,
		marks == 1 && ts[b-1].mark == markClose:
		if ts[a].mark == markOpen {
			a++
			if a < b && ts[a].half {
				a++
			}
		}
		if b > a && ts[b-1].mark == markClose {
			if ts[b-1].half {
				b-- // a closing '' is two tokens
			}
			b--
		}
		for b > a && ts[b-1].punct == ',' {
			b--
		}
	}
	direct, words := true, 0
	for k := a; k < b; k++ {
		if d.toks[k].Word {
			words++
			direct = direct && ts[k].inQuote
		}
	}
	if words == 0 {
		return parallax.Span{}, false, false
	}
	return d.span([2]int{a, b}), direct, true
}

func (d *doc) isThat(i int) bool {
	return d.toks[i].Word && d.toks[i].Len() == 4 && strings.EqualFold(d.toks[i].In(d.s), "that")
}

// quotations adds the quotations in marks that no attribution covers: one
// right after an attributed quotation of the same paragraph, with nobody
// else named between, continues it; any other of four words or more is
// kept with no speaker.
func (d *doc) quotations(qs []parallax.Quote) []parallax.Quote {
	sort.SliceStable(qs, func(i, j int) bool { return qs[i].Content.Start < qs[j].Content.Start })
	covered := func(sp parallax.Span) bool {
		i := sort.Search(len(qs), func(i int) bool { return qs[i].Content.End > sp.Start })
		return i < len(qs) && qs[i].Content.Start < sp.End
	}
	var extra []parallax.Quote
	for i := 0; i < len(d.ts); i++ {
		if d.ts[i].mark != markOpen {
			continue
		}
		j := i + 1
		for j < len(d.ts) && d.ts[j].inQuote && !d.ts[j].paraStart && d.ts[j].mark != markClose {
			j++
		}
		end := j
		if j < len(d.ts) && d.ts[j].mark == markClose {
			end = j + 1
		}
		r := [2]int{i, end}
		i = end - 1
		sp, _, ok := d.content(r)
		if !ok || covered(sp) {
			continue
		}
		words := 0
		for k := r[0]; k < r[1]; k++ {
			if d.toks[k].Word {
				words++
			}
		}
		q := parallax.Quote{Content: sp, Direct: true}
		if prev := d.previous(qs, sp); prev != nil {
			q.Speaker, q.SpeakerSpan, q.ToldTo, q.Via = prev.Speaker, prev.SpeakerSpan, prev.ToldTo, prev.Via
		} else if words < 4 {
			continue
		}
		extra = append(extra, q)
	}
	return append(qs, extra...)
}

// previous returns the attributed quotation a quotation at sp continues: the
// last one before it in its paragraph, when no person other than its
// speaker is named between them.
func (d *doc) previous(qs []parallax.Quote, sp parallax.Span) *parallax.Quote {
	i := sort.Search(len(qs), func(i int) bool { return qs[i].Content.Start >= sp.Start }) - 1
	if i < 0 || qs[i].SpeakerSpan.IsZero() || !qs[i].Direct {
		return nil
	}
	prev := &qs[i]
	p := sort.Search(len(d.paras), func(k int) bool { return d.paras[k].End > sp.Start })
	if p >= len(d.paras) || prev.Content.Start < d.paras[p].Start {
		return nil
	}
	from := max(prev.Content.End, prev.SpeakerSpan.End, prev.Cue.End)
	if d.personBetween(from, sp.Start, prev.SpeakerSpan) {
		return nil
	}
	return prev
}
