// Package entity finds named-entity mentions (person, organisation, place,
// misc) in a document. The statistical tagger of package ner proposes the
// spans and their kinds; embedded word lists (given names, role words,
// organisation head-words, places, outlets) then correct them where they
// know better: titles are stripped from person names, listed names keep
// their listed kind, and a second pass finds the document's known people
// again where they are written in lower case ("Donald trump" … "trump"),
// as machine translations do.
package entity

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/ner"
	"github.com/parallax-news/parallax/analyze/text"
)

//go:embed data/*.txt
var data embed.FS

// Tagger finds entity mentions. Build it once with New; it holds only
// read-only word lists and the read-only model, and is safe for concurrent use.
type Tagger struct {
	model     *ner.Model
	given     map[string]byte // lower-case given name → 'm', 'f' or 0 when unknown
	ambiguous map[string]bool // given names that are also common words ("hope", "will")
	roles     map[string]bool
	heads     map[string]bool
	brand     map[string]bool                // words that open a broadcaster's name: "Radio Meridian"
	known     map[string]parallax.EntityKind // lower-case phrase → kind
	maxPhrase int                            // words in the longest known phrase
	demonyms  map[string]bool
	nonEntity map[string]bool
	function  map[string]bool
	particles map[string]bool
	cues      map[string]bool
}

// New returns a Tagger built from the embedded word lists.
func New() (*Tagger, error) { return Load(data) }

// Load returns a Tagger built from the word lists in fsys (data/names.txt,
// roles.txt, orgs.txt, places.txt, nonentity.txt) and the embedded tagger
// model.
func Load(fsys fs.FS) (*Tagger, error) {
	model, err := ner.Default()
	if err != nil {
		return nil, err
	}
	t := &Tagger{
		model: model,
		given: map[string]byte{}, ambiguous: map[string]bool{}, roles: map[string]bool{},
		heads: map[string]bool{}, brand: map[string]bool{}, known: map[string]parallax.EntityKind{}, demonyms: map[string]bool{},
		nonEntity: map[string]bool{}, function: map[string]bool{}, particles: map[string]bool{}, cues: map[string]bool{},
	}
	read := func(name string) (map[string][]string, error) { return text.ReadSections(fsys, "data/"+name) }
	names, err := read("names.txt")
	if err != nil {
		return nil, err
	}
	for _, g := range []struct {
		section string
		gender  byte
	}{{"male", 'm'}, {"female", 'f'}} {
		for _, w := range words(names[g.section]) {
			if old, ok := t.given[w]; ok && old != g.gender {
				t.given[w] = 0
				continue
			}
			t.given[w] = g.gender
		}
	}
	fill(t.ambiguous, words(names["ambiguous"]))
	roles, err := read("roles.txt")
	if err != nil {
		return nil, err
	}
	fill(t.roles, words(roles["roles"]))
	orgs, err := read("orgs.txt")
	if err != nil {
		return nil, err
	}
	fill(t.heads, words(orgs["heads"]))
	fill(t.brand, words(orgs["broadcasters"]))
	t.addKnown(orgs["known"], parallax.Organization)
	t.addKnown(orgs["outlets"], parallax.Organization)
	places, err := read("places.txt")
	if err != nil {
		return nil, err
	}
	t.addKnown(places["places"], parallax.Place)
	fill(t.demonyms, words(places["demonyms"]))
	non, err := read("nonentity.txt")
	if err != nil {
		return nil, err
	}
	fill(t.nonEntity, words(non["words"]))
	fill(t.function, words(non["function"]))
	fill(t.particles, words(non["particles"]))
	fill(t.cues, words(non["cues"]))
	if len(t.given) == 0 || len(t.roles) == 0 || len(t.known) == 0 || len(t.function) == 0 {
		return nil, fmt.Errorf("entity: word lists incomplete")
	}
	return t, nil
}

func words(lines []string) []string {
	var out []string
	for _, l := range lines {
		for _, w := range strings.Fields(l) {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

func fill(m map[string]bool, ws []string) {
	for _, w := range ws {
		m[w] = true
	}
}

// addKnown indexes phrases by their lower-case words joined by one space,
// the same key a token run is looked up by.
func (t *Tagger) addKnown(lines []string, kind parallax.EntityKind) {
	for _, l := range lines {
		f := strings.Fields(strings.ToLower(l))
		if len(f) == 0 {
			continue
		}
		t.known[strings.Join(f, " ")] = kind
		if len(f) > t.maxPhrase {
			t.maxPhrase = len(f)
		}
	}
}

// IsGivenName reports whether the word is a given name in the lists.
func (t *Tagger) IsGivenName(word string) bool {
	_, ok := t.given[strings.ToLower(word)]
	return ok
}

// IsRole reports whether the lower-case word is a role or title word ("minister").
func (t *Tagger) IsRole(word string) bool { return t.roles[word] }

// Gender returns 'f' or 'm' for a person's name when its given name (or,
// failing that, a Slavic surname ending such as "-ova" / "-ov") tells, else 0.
// Quote attribution uses it only to refuse a pronoun that cannot fit.
func (t *Tagger) Gender(name string) byte {
	f := strings.Fields(strings.ToLower(name))
	if len(f) == 0 {
		return 0
	}
	if len(f) > 1 {
		if g, ok := t.given[f[0]]; ok && !t.ambiguous[f[0]] || ok && g != 0 {
			return g
		}
	}
	last := f[len(f)-1]
	for _, suf := range []string{"ova", "eva", "yova", "skaya", "kaya"} {
		if strings.HasSuffix(last, suf) && len(last) > len(suf)+2 {
			return 'f'
		}
	}
	for _, suf := range []string{"ov", "ev", "yov", "sky", "skiy", "skiy"} {
		if strings.HasSuffix(last, suf) && len(last) > len(suf)+2 {
			return 'm'
		}
	}
	return 0
}

// doc is the per-call state of Tag.
type doc struct {
	t        *Tagger
	s        string
	toks     []text.Token
	lower    []string
	caps     []bool
	headline []bool // per token: its paragraph is a title-case headline
	initial  []bool // per token: first word of a sentence or of a quotation
	sentEnd  []int  // per token: index of the first token after its sentence
	covered  []bool
	out      []parallax.Mention
	buf      []byte // scratch for lookup keys
}

// Tag returns the mentions in s, sorted by Start and non-overlapping, given
// the paragraphs, sentences and tokens the text package found.
func (t *Tagger) Tag(s string, paras, sents []parallax.Span, toks []text.Token) []parallax.Mention {
	if len(toks) == 0 {
		return nil
	}
	d := &doc{
		t: t, s: s, toks: toks,
		lower: make([]string, len(toks)), caps: make([]bool, len(toks)),
		headline: make([]bool, len(toks)), initial: make([]bool, len(toks)),
		sentEnd: make([]int, len(toks)), covered: make([]bool, len(toks)),
	}
	for i, tk := range toks {
		if tk.Word {
			w := tk.In(s)
			d.lower[i] = strings.ToLower(w)
			d.caps[i] = t.capLike(w)
		}
	}
	d.markParagraphs(paras)
	d.markSentences(sents)
	d.tagModel()
	d.ruleNames()
	d.second()
	sort.Slice(d.out, func(a, b int) bool { return d.out[a].Start < d.out[b].Start })
	return d.out
}

// capLike reports whether a word starts with an upper-case letter, or is a
// particle-prefixed name such as "al-Assad".
func (t *Tagger) capLike(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	if unicode.IsUpper(r) || unicode.IsTitle(r) {
		return true
	}
	if i := strings.IndexByte(w, '-'); i > 0 && i+1 < len(w) && t.particles[w[:i]] {
		r, _ := utf8.DecodeRuneInString(w[i+1:])
		return unicode.IsUpper(r)
	}
	return false
}

func (d *doc) markParagraphs(paras []parallax.Span) {
	k := 0
	for _, p := range paras {
		for k < len(d.toks) && d.toks[k].Start < p.Start {
			k++
		}
		a := k
		for k < len(d.toks) && d.toks[k].End <= p.End {
			k++
		}
		words, caps := 0, 0
		for i := a; i < k; i++ {
			if !d.toks[i].Word || d.isFunction(i) || !hasLetter(d.lower[i]) {
				continue
			}
			words++
			if d.caps[i] {
				caps++
			}
		}
		// Headlines are title case and rarely end in a full stop; a short
		// sentence full of names does.
		if words >= 3 && caps*10 >= words*7 && !strings.HasSuffix(p.In(d.s), ".") {
			for i := a; i < k; i++ {
				d.headline[i] = true
			}
		}
	}
}

func (d *doc) markSentences(sents []parallax.Span) {
	k := 0
	for _, sn := range sents {
		for k < len(d.toks) && d.toks[k].Start < sn.Start {
			d.sentEnd[k] = k + 1
			k++
		}
		a := k
		for k < len(d.toks) && d.toks[k].End <= sn.End {
			k++
		}
		first := true
		for i := a; i < k; i++ {
			d.sentEnd[i] = k
			if !d.toks[i].Word {
				r, _ := utf8.DecodeRuneInString(d.toks[i].In(d.s))
				if text.IsOpenQuote(r) || r == ':' || r == '—' {
					first = true
				}
				continue
			}
			if first {
				d.initial[i] = true
				first = false
			}
		}
	}
	for ; k < len(d.toks); k++ {
		d.sentEnd[k] = k + 1
	}
}

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}

// isFunction reports whether token i is a function word; an all-capitals
// word ("US", "IT") is an acronym, not one.
func (d *doc) isFunction(i int) bool {
	w := d.lower[i]
	if !d.t.function[w] {
		return false
	}
	orig := d.toks[i].In(d.s)
	return !(len(orig) > 1 && orig == strings.ToUpper(orig))
}

// adjacent reports whether tokens i and i+1 are separated by spaces only.
func (d *doc) adjacent(i int) bool {
	if i+1 >= len(d.toks) || d.sentEnd[i] != d.sentEnd[i+1] {
		return false
	}
	gap := d.s[d.toks[i].End:d.toks[i+1].Start]
	return !strings.ContainsAny(gap, "\n")
}

// extend returns the end of the capitalised run starting at token i: more
// capitalised words, particles and "of" between capitalised words (after a
// head-word or role, as in "Department of Homeland Security"), and after an
// unambiguous given name one lower-case word ("Donald trump").
func (d *doc) extend(i int) int {
	j := i + 1
	for j < len(d.toks) && d.adjacent(j-1) && d.toks[j].Word && !d.covered[j] {
		if d.caps[j] {
			if d.isFunction(j) {
				break
			}
			j++
			continue
		}
		w := d.lower[j]
		if j+1 < len(d.toks) && d.adjacent(j) && d.toks[j+1].Word && d.caps[j+1] && !d.isFunction(j+1) {
			if d.t.particles[w] || w == "of" && (d.t.heads[d.lower[j-1]] || d.t.roles[d.lower[j-1]]) {
				j += 2
				continue
			}
		}
		if _, ok := d.t.given[d.lower[j-1]]; ok && !d.t.ambiguous[d.lower[j-1]] && hasLetter(w) &&
			!d.t.function[w] && !d.t.roles[w] && !d.t.cues[w] && !d.t.heads[w] && !d.headline[j] {
			return j + 1
		}
		break
	}
	return j
}

func (d *doc) emit(i, j int, kind parallax.EntityKind) {
	if i >= j {
		return
	}
	end := d.toks[j-1].End
	// "U.S." keeps its final period, which the tokenizer left outside the word.
	if w := d.toks[j-1].In(d.s); strings.Contains(w, ".") && j < len(d.toks) && d.toks[j].Start == end && d.toks[j].In(d.s) == "." {
		end++
	}
	d.out = append(d.out, parallax.Mention{Span: parallax.Span{Start: d.toks[i].Start, End: end}, Kind: kind, Name: strings.Join(strings.Fields(d.s[d.toks[i].Start:end]), " ")})
	for k := i; k < j; k++ {
		d.covered[k] = true
	}
}

// lookup finds the lower-case words [i, j), joined by one space, in m. The
// key is built in a reused buffer: map look-ups with string(bytes) do not
// allocate, and this runs for every candidate phrase of every document.
func lookup[V any](d *doc, m map[string]V, i, j int) (V, bool) {
	if j-i == 1 {
		v, ok := m[d.lower[i]]
		return v, ok
	}
	d.buf = d.buf[:0]
	for k := i; k < j; k++ {
		if k > i {
			d.buf = append(d.buf, ' ')
		}
		d.buf = append(d.buf, d.lower[k]...)
	}
	v, ok := m[string(d.buf)]
	return v, ok
}

// knownAt returns the end and kind of the longest known phrase starting at i
// and ending by j, or i when there is none.
func (d *doc) knownAt(i, j int) (int, parallax.EntityKind) {
	for n := min(d.t.maxPhrase, j-i); n >= 1; n-- {
		if k, ok := lookup(d, d.t.known, i, i+n); ok {
			return i + n, k
		}
	}
	return i, ""
}

// run classifies the capitalised run [i, j).
func (d *doc) run(i, j int) {
	// Capitalised function words ("The", "During" in a headline) split the run.
	for k := i; k < j; k++ {
		if d.isFunction(k) && d.caps[k] {
			d.run(i, k)
			d.run(k+1, j)
			return
		}
	}
	if i >= j {
		return
	}
	if k, ok := lookup(d, d.t.known, i, j); ok {
		d.emit(i, j, k)
		return
	}
	// A head-word followed by a given name ends an organisation and starts a
	// person ("justice Department Jeff Sessions").
	for k := i; k+1 < j; k++ {
		if _, given := d.t.given[d.lower[k+1]]; given && d.t.heads[d.lower[k]] {
			d.run(i, k+1)
			d.run(k+1, j)
			return
		}
	}
	last := d.lower[j-1]
	startsKnown := false
	if e, _ := d.knownAt(i, j); e-i >= 2 {
		startsKnown = true
	}
	if d.t.heads[last] && !d.headline[i] || j-i > 2 && !startsKnown && d.t.heads[d.lower[i]] && d.lower[i+1] == "of" {
		d.emit(i, j, parallax.Organization)
		return
	}
	r := -1
	for k := j - 1; k >= i; k-- {
		if d.t.roles[d.lower[k]] {
			r = k
			break
		}
	}
	if r >= 0 {
		d.segment(i, r+1, inTitle)
		if d.headline[i] {
			d.segment(r+1, j, plain)
		} else {
			d.segment(r+1, j, afterRole)
		}
		return
	}
	d.segment(i, j, plain)
}

// Segment modes: what an unknown piece may become.
const (
	plain     = iota // classified by its own evidence
	afterRole        // a role word came just before: the first piece is a person
	inTitle          // inside a title ("Former CIA Acting Director"): only known words count
)

// segment splits [i, j) into known phrases and unknown pieces ("Washington
// Sergey Kislyak" → place + person) and classifies the pieces by mode.
func (d *doc) segment(i, j int, mode int) {
	for i < j {
		if d.lower[i] == "of" || d.t.particles[d.lower[i]] {
			if mode == afterRole {
				mode = plain
			}
			i++
			continue
		}
		if mode == inTitle {
			if e, kind := d.knownAt(i, j); e > i {
				d.emit(i, e, kind)
				i = e
			} else {
				if d.t.demonyms[d.lower[i]] {
					d.emit(i, i+1, parallax.Misc)
				}
				i++
			}
			continue
		}
		// A given name followed by another capitalised word starts a person,
		// even when the name is also a place ("Georgia").
		if _, ok := d.t.given[d.lower[i]]; ok && i+1 < j && d.caps[i+1] {
			if e, _ := d.knownAt(i, j); e-i < 2 {
				k := d.pieceEnd(i+1, j)
				d.emit(i, k, parallax.Person)
				mode = plain
				i = k
				continue
			}
		}
		if e, kind := d.knownAt(i, j); e > i {
			d.emit(i, e, kind)
			mode = plain
			i = e
			continue
		}
		k := d.pieceEnd(i+1, j)
		d.piece(i, k, mode == afterRole)
		mode = plain
		i = k
	}
}

// pieceEnd returns where an unknown piece starting before i ends: at j, at
// "of", at the start of a known phrase, or before a given name that starts a
// new name ("Ministry Maria Zakharova").
func (d *doc) pieceEnd(i, j int) int {
	for ; i < j; i++ {
		if d.lower[i] == "of" {
			return i
		}
		if _, ok := d.t.given[d.lower[i]]; ok && i+1 < j && d.caps[i+1] {
			if _, prev := d.t.given[d.lower[i-1]]; !prev {
				return i
			}
		}
		if e, _ := d.knownAt(i, j); e > i && !(e == i+1 && d.caps[i] && i+1 == j && !d.t.demonyms[d.lower[i]]) {
			// A known single word at the very end of a name ("Carter Page" is
			// not "Carter" + a place) stays in the name.
			return i
		}
	}
	return j
}

// piece classifies an unknown capitalised piece [i, j).
func (d *doc) piece(i, j int, afterRole bool) {
	n := j - i
	// Dates and the like are not entities; drop them from the ends.
	for n > 0 && d.t.nonEntity[d.lower[i]] {
		i++
		n--
	}
	for n > 1 && d.t.nonEntity[d.lower[j-1]] {
		if _, given := d.t.given[d.lower[j-2]]; given {
			break
		}
		j--
		n--
	}
	if n <= 0 {
		return
	}
	if n == 1 && d.t.demonyms[d.lower[i]] {
		d.emit(i, j, parallax.Misc)
		return
	}
	if n == 1 && d.t.heads[d.lower[i]] && !d.headline[i] {
		d.emit(i, j, parallax.Organization)
		return
	}
	if d.headline[i] {
		return // title case says nothing in a headline; the second pass may still find people
	}
	_, given := d.t.given[d.lower[i]]
	// A reporting verb after a name says "someone spoke", which
	// organisations do too; a run of three or more words with no given name
	// ("Dunmore Valley Transport said") is more likely one of them.
	person := afterRole || given && (n > 1 || !d.t.ambiguous[d.lower[i]]) || n <= 2 && d.personCue(i, j)
	if person {
		d.emit(i, j, parallax.Person)
		return
	}
	if d.initial[i] && n == 1 {
		return // a capitalised first word is only a name when something says so
	}
	if p := d.prevWord(i); p >= 0 && (d.lower[p] == "in" || d.lower[p] == "near") && n <= 2 {
		d.emit(i, j, parallax.Place)
		return
	}
	d.emit(i, j, parallax.Misc)
}

func (d *doc) prevWord(i int) int {
	if i > 0 && d.toks[i-1].Word && d.sentEnd[i-1] == d.sentEnd[i] {
		return i - 1
	}
	return -1
}

// personCue reports context that marks [i, j) as a person: a role word or
// "said" just before it, or a reporting verb (possibly after "also", "has")
// or ", who" just after it.
func (d *doc) personCue(i, j int) bool {
	if p := d.prevWord(i); p >= 0 && (d.t.roles[d.lower[p]] || d.lower[p] == "said" || d.lower[p] == "says" || d.lower[p] == "added") {
		return true
	}
	end := d.sentEnd[i]
	for k, seen := j, 0; k < end && seen < 3; k++ {
		if !d.toks[k].Word {
			if d.toks[k].In(d.s) == "," && k+1 < end && d.lower[k+1] == "who" {
				return true
			}
			return false
		}
		w := d.lower[k]
		if d.t.cues[w] {
			return true
		}
		switch w {
		case "also", "later", "then", "has", "had", "have", "repeatedly", "previously", "flatly", "again", "once":
			seen++
			continue
		}
		return false
	}
	return false
}

// second finds known people again: a given name written before a lone
// capitalised word ("hope Hicks"), then every token sequence equal, ignoring
// case, to a person's full name or surname found in the document, and misc
// mentions that turn out to be such a surname.
func (d *doc) second() {
	surnames := map[string]int{} // lower surname → words in the fullest name
	fulls := map[string]int{}    // lower full name → words
	// Surnames of people named with a known given name: only these are found
	// again in lower case ("trump"), since the surname of an unknown
	// "Dunmore Valley Transport" may well be a common word.
	named := map[string]bool{}
	collect := func() {
		clear(surnames)
		clear(fulls)
		clear(named)
		for _, m := range d.out {
			if m.Kind != parallax.Person {
				continue
			}
			f := strings.Fields(strings.ToLower(m.Name))
			if len(f) == 0 {
				continue
			}
			last := f[len(f)-1]
			if len(last) < 2 || d.t.function[last] || d.t.roles[last] {
				continue
			}
			surnames[last] = max(surnames[last], len(f))
			if _, ok := d.t.given[f[0]]; ok && len(f) > 1 {
				named[last] = true
			}
			if len(f) > 1 {
				fulls[strings.Join(f, " ")] = len(f)
			}
		}
	}
	collect()
	// A lower-case given name before a lone unknown word: "hope Hicks".
	for n, m := range d.out {
		if m.Kind != parallax.Misc && m.Kind != parallax.Person || strings.Contains(m.Name, " ") {
			continue
		}
		i := d.tokenAt(m.Start)
		if i <= 0 || !d.toks[i-1].Word || d.covered[i-1] || d.caps[i-1] || !d.adjacent(i-1) {
			continue
		}
		if _, ok := d.t.given[d.lower[i-1]]; !ok || surnames[d.lower[i]] > 1 {
			continue
		}
		d.covered[i-1] = true
		d.out[n] = parallax.Mention{Span: parallax.Span{Start: d.toks[i-1].Start, End: m.End}, Kind: parallax.Person}
		d.out[n].Name = strings.Join(strings.Fields(d.out[n].Span.In(d.s)), " ")
	}
	collect()
	for n, m := range d.out {
		if m.Kind == parallax.Misc && surnames[strings.ToLower(m.Name)] > 0 {
			d.out[n].Kind = parallax.Person
		}
	}
	if len(surnames) == 0 {
		return
	}
	for i := 0; i < len(d.toks); i++ {
		if !d.toks[i].Word || d.covered[i] {
			continue
		}
		// Longest full name first ("donald trump"), then a surname alone.
		matched := false
		for n := 4; n >= 2 && !matched; n-- {
			if i+n > len(d.toks) || !d.contiguous(i, i+n) {
				continue
			}
			if _, ok := lookup(d, fulls, i, i+n); ok {
				d.emit(i, i+n, parallax.Person)
				i += n - 1
				matched = true
			}
		}
		if !matched && surnames[d.lower[i]] > 0 && (d.caps[i] || named[d.lower[i]]) {
			d.emit(i, i+1, parallax.Person)
		}
	}
}

// contiguous reports whether tokens [i, j) are uncovered words in one line.
func (d *doc) contiguous(i, j int) bool {
	for k := i; k < j; k++ {
		if !d.toks[k].Word || d.covered[k] || k+1 < j && !d.adjacent(k) {
			return false
		}
	}
	return true
}

func (d *doc) tokenAt(start int) int {
	return sort.Search(len(d.toks), func(i int) bool { return d.toks[i].Start >= start })
}
