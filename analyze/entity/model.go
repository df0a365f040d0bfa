package entity

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/ner"
)

// kinds maps the tagger's CoNLL types to parallax's.
var kinds = [...]parallax.EntityKind{
	ner.Person:       parallax.Person,
	ner.Organization: parallax.Organization,
	ner.Location:     parallax.Place,
	ner.Misc:         parallax.Misc,
}

// modelInput returns the document as the tagger reads it, one slice of
// words per sentence, and for each word the index of its token. The words
// are written as in the Reuters text the model learnt from: typographic
// quotes and apostrophes as ASCII, dashes as "-", an abbreviation's final
// period inside it ("U.S."), and title-case headlines in capitals, which is
// how Reuters wrote headlines and which tells the model that case says
// nothing there.
func (d *doc) modelInput() (words [][]string, index [][]int) {
	for i := 0; i < len(d.toks); {
		end := d.sentEnd[i]
		var ws []string
		var ix []int
		for ; i < end; i++ {
			w := d.toks[i].In(d.s)
			if d.toks[i].Word {
				// "U.S" + "." is one word; the period is not a word of its own.
				if strings.Contains(w, ".") && i+1 < end && d.toks[i+1].Start == d.toks[i].End && d.toks[i+1].In(d.s) == "." {
					ws, ix = append(ws, d.s[d.toks[i].Start:d.toks[i+1].End]), append(ix, i)
					i++
					continue
				}
				if d.headline[i] {
					w = strings.ToUpper(w)
				} else if r, n := utf8.DecodeRuneInString(w); n < len(w) && r == '’' {
					w = "'" + w[n:]
				}
			} else {
				w = asciiPunct(w)
			}
			ws, ix = append(ws, w), append(ix, i)
		}
		words, index = append(words, ws), append(index, ix)
	}
	return words, index
}

func asciiPunct(w string) string {
	switch w {
	case "“", "”", "„", "«", "»", "‟":
		return `"`
	case "‘", "’", "‚", "‹", "›":
		return "'"
	case "—", "–", "‒", "―":
		return "-"
	case "…":
		return "..."
	}
	return w
}

// span is a candidate mention over tokens [i, j).
type span struct {
	i, j int
	kind parallax.EntityKind
}

// tagModel emits the mentions the statistical tagger finds, refined by the
// word lists where they know better.
func (d *doc) tagModel() {
	spans := d.modelSpans()
	spans = d.listed(spans)
	for _, sp := range spans {
		d.refine(sp.i, sp.j, sp.kind)
	}
}

// modelSpans returns the tagger's entities as token spans, in order.
func (d *doc) modelSpans() []span {
	words, index := d.modelInput()
	labels := d.t.model.TagDocument(words)
	var spans []span
	for n, ls := range labels {
		for _, sp := range ner.Spans(ls) {
			i, end := index[n][sp.Start], index[n][sp.End-1]+1
			// Names do not hold commas, colons or brackets: a span across
			// one ("Times of Israel Staff, Times of Israel") is two.
			for j := i; j <= end; j++ {
				if j == end || separator(d.toks[j].In(d.s)) {
					spans = d.addSpan(spans, i, j, kinds[sp.Kind])
					i = j + 1
				}
			}
		}
	}
	return spans
}

func separator(tok string) bool {
	switch tok {
	case ",", ";", ":", "(", ")", "[", "]", `"`, "“", "”", "«", "»", "|":
		return true
	}
	return false
}

// addSpan appends the span [i, j) of the given kind to spans, trimmed of
// punctuation and a leading "the", or joins it to the last one across a
// name particle.
func (d *doc) addSpan(spans []span, i, j int, kind parallax.EntityKind) []span {
	for i < j && (!d.toks[i].Word || j-i > 1 && d.lower[i] == "the") {
		i++ // "The New York Times" and "New York Times" are one name
	}
	for j > i && !d.toks[j-1].Word {
		j--
	}
	if i == j {
		return spans
	}
	// A lower-case name particle can make the tagger break a name in two
	// ("Omar" + "bin" + "Rashid"); the name is the whole.
	if n := len(spans); n > 0 {
		p := &spans[n-1]
		if p.j == i && d.t.particles[d.lower[i-1]] || p.j+1 == i && d.t.particles[d.lower[p.j]] && d.adjacent(p.j) {
			if d.givenStart(p.i) {
				p.kind = parallax.Person
			}
			p.j = j
			return spans
		}
	}
	return append(spans, span{i, j, kind})
}

// listed adds the capitalised names of two or more words that the word
// lists know ("Times of Israel", "United Russia"), replacing the model's
// spans they overlap, except when they lie inside one: the model's
// "University of California Los Angeles" stays whole.
func (d *doc) listed(spans []span) []span {
	var out []span
	k := 0 // first model span that may still overlap
	for i := 0; i < len(d.toks); i++ {
		if !d.toks[i].Word || !d.caps[i] {
			continue
		}
		end := d.sentEnd[i]
		e, kind := d.knownAt(i, end)
		if e-i < 2 || !d.contiguous(i, e) {
			continue
		}
		for k < len(spans) && spans[k].j <= i {
			k++
		}
		if k < len(spans) && spans[k].i <= i && e <= spans[k].j && (spans[k].i < i || e < spans[k].j) {
			continue
		}
		out = append(out, span{i, e, kind})
		i = e - 1
	}
	if len(out) == 0 {
		return spans
	}
	merged := make([]span, 0, len(spans)+len(out))
	n := 0
	for _, sp := range spans {
		for n < len(out) && out[n].j <= sp.i {
			merged = append(merged, out[n])
			n++
		}
		if n < len(out) && out[n].i < sp.j {
			continue // overlaps a listed name
		}
		merged = append(merged, sp)
	}
	return append(merged, out[n:]...)
}

// refine emits the model's span [i, j) of the given kind, corrected where
// the rules have firmer evidence than the model's context:
//   - a role word inside it: titles are split off and the name after them
//     is a person ("Deputy Foreign Minister Sergei Ryabkov", or a tagger
//     that took "Ambassador Kislyak" for a place);
//   - the whole span is a listed place, organisation or outlet: the list's kind;
//   - a hyphenated compound of listed names ("US-Russia" relations): misc,
//     as CoNLL annotates them, not one place;
//   - a given name inside it that starts a new name: two mentions
//     ("Washington Sergey Kislyak");
//   - a given name and more words, or a lone given name before one
//     lower-case word as machine translations write it ("Donald trump"): a person;
//   - one unknown word before a reporting verb ("Abernathy said"): a person;
//   - a "person" named like a broadcaster or ending in an organisation's
//     head-word ("Radio Meridian", "Coastal Times"): an organisation.
func (d *doc) refine(i, j int, kind parallax.EntityKind) {
	for r := i; r < j; r++ {
		if d.t.roles[d.lower[r]] {
			d.run(i, j)
			return
		}
	}
	if k, ok := lookup(d, d.t.known, i, j); ok {
		d.emit(i, j, k)
		return
	}
	if j == i+1 && d.compound(i) {
		d.emit(i, j, parallax.Misc)
		return
	}
	for g := i + 1; g+1 < j; g++ {
		if d.givenStart(g) && !d.givenStart(g-1) && d.caps[g+1] {
			left := kind
			if e, k := d.knownAt(i, g); e == g {
				left = k
			}
			d.emit(i, g, left)
			d.emit(g, j, parallax.Person)
			return
		}
	}
	if d.givenStart(i) {
		if j > i+1 {
			kind = parallax.Person
		} else if j < len(d.toks) && d.adjacent(i) && d.toks[j].Word && !d.caps[j] {
			w := d.lower[j]
			if hasLetter(w) && !d.t.function[w] && !d.t.roles[w] && !d.t.cues[w] && !d.t.heads[w] && !d.t.particles[w] {
				d.emit(i, j+1, parallax.Person)
				return
			}
		}
	}
	if j == i+1 && kind != parallax.Place && !d.t.heads[d.lower[i]] && d.personCue(i, j) {
		kind = parallax.Person
	}
	if kind == parallax.Person && j > i+1 && (d.t.brand[d.lower[i]] || d.t.heads[d.lower[j-1]] && d.caps[j-1]) {
		kind = parallax.Organization // "Radio Meridian", "Harbour Daily Post": no person is named so
	}
	d.emit(i, j, kind)
}

// ruleNames adds what the rules find in capitalised runs the tagger left
// alone, where their evidence is firm: persons (a name after a role word,
// a listed given name, a name before a reporting verb) and organisations
// named by a head-word ("Foreign Ministry"). Other rule guesses are
// dropped, since the tagger, having seen the run, judged it no name,
// except a lone word right after a lower-case given name, which the second
// pass makes a person ("hope Hicks").
func (d *doc) ruleNames() {
	for i := 0; i < len(d.toks); {
		if !d.toks[i].Word || !d.caps[i] || d.covered[i] {
			i++
			continue
		}
		j := d.extend(i)
		n := len(d.out)
		d.run(i, j)
		kept := d.out[:n]
		for _, m := range d.out[n:] {
			if m.Kind == parallax.Person || m.Kind == parallax.Organization && d.t.heads[d.lower[d.tokenAt(m.End)-1]] || d.afterLowerGiven(m) {
				kept = append(kept, m)
				continue
			}
			for k := i; k < j; k++ {
				if d.toks[k].Start >= m.Start && d.toks[k].End <= m.End {
					d.covered[k] = false
				}
			}
		}
		d.out = kept
		i = j
	}
	d.joinDemonyms()
}

// joinDemonyms makes a nationality word and the organisation right after
// it one organisation: "Russian" + "Foreign Ministry".
func (d *doc) joinDemonyms() {
	sort.Slice(d.out, func(a, b int) bool { return d.out[a].Start < d.out[b].Start })
	out := d.out[:0]
	for n := 0; n < len(d.out); n++ {
		m := d.out[n]
		if n+1 < len(d.out) && m.Kind == parallax.Misc && d.t.demonyms[strings.ToLower(m.Name)] {
			next := d.out[n+1]
			i := d.tokenAt(m.Start)
			if next.Kind == parallax.Organization && i+1 < len(d.toks) && d.toks[i+1].Start == next.Start && d.adjacent(i) {
				m.Span.End, m.Kind = next.End, parallax.Organization
				m.Name = strings.Join(strings.Fields(m.Span.In(d.s)), " ")
				n++
			}
		}
		out = append(out, m)
	}
	d.out = out
}

// afterLowerGiven reports whether m is one word right after a lower-case
// given name.
func (d *doc) afterLowerGiven(m parallax.Mention) bool {
	i := d.tokenAt(m.Start)
	if i <= 0 || i >= len(d.toks) || d.toks[i].End != m.End || d.caps[i-1] || !d.adjacent(i-1) {
		return false
	}
	_, ok := d.t.given[d.lower[i-1]]
	return ok
}

// givenStart reports whether token i is an unambiguous given name.
func (d *doc) givenStart(i int) bool {
	_, ok := d.t.given[d.lower[i]]
	return ok && !d.t.ambiguous[d.lower[i]]
}

// compound reports whether token i joins two or more listed names or
// nationalities with hyphens.
func (d *doc) compound(i int) bool {
	parts := strings.Split(d.lower[i], "-")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if _, ok := d.t.known[p]; !ok && !d.t.demonyms[p] {
			return false
		}
	}
	return true
}
