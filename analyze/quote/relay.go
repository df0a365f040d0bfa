package quote

import (
	"slices"
	"sort"

	"github.com/parallax-news/parallax"
)

// relay fills the relay chain of the quotations qs of attribution a from
// the organisations named around its cue, in its sentence:
//
//   - ToldTo: the outlet the statement was given to, named after a "told"
//     phrase of cues.txt ("told Interfax", "telling the state news agency
//     TASS", "in an interview with CNN", "quoted by TASS");
//   - Via: the outlets it came through — named after a "via" phrase
//     ("according to the Washington Post", "as cited by RIA Novosti"),
//     before a "reported" verb ("Bloomberg reported"), or as the source of
//     an attribution that holds this one (see nest).
//
// Only organisation mentions count, and never the attribution's own source.
func (d *doc) relay(a found, qs []parallax.Quote) {
	sa, sb := d.sentence(a.cue[0])
	var told, via []parallax.OutletRef
	inside := func(k int) bool {
		if k >= a.source[0] && k < a.source[1] {
			return true
		}
		for _, c := range a.content {
			if k >= c[0] && k < c[1] {
				return true
			}
		}
		return false
	}
	for k := sa; k < sb; k++ {
		mi := int(d.at[k])
		if mi < 0 || int(d.first[mi]) != k || d.ms[mi].Kind != parallax.Organization || inside(k) {
			continue
		}
		ref := parallax.OutletRef{Span: d.ms[mi].Span, Name: d.name(mi)}
		switch {
		case d.after(d.f.lists.told, k, sa):
			told = appendRef(told, ref)
		case d.after(d.f.lists.via, k, sa), d.reportedBy(mi, sb):
			via = appendRef(via, ref)
		}
	}
	// "TASS quoted him as saying": the statement was given to TASS.
	if mi := d.orgIn(a.quotedBy); mi >= 0 {
		told = appendRef(told, parallax.OutletRef{Span: d.ms[mi].Span, Name: d.name(mi)})
	}
	for _, mi := range a.via {
		via = appendRef(via, parallax.OutletRef{Span: d.ms[mi].Span, Name: d.name(mi)})
	}
	byStart := func(x, y parallax.OutletRef) int { return x.Start - y.Start }
	slices.SortFunc(told, byStart)
	slices.SortFunc(via, byStart)
	for i := range qs {
		qs[i].ToldTo, qs[i].Via = told, via
	}
}

func appendRef(list []parallax.OutletRef, r parallax.OutletRef) []parallax.OutletRef {
	for _, x := range list {
		if x.Span == r.Span {
			return list
		}
	}
	return append(list, r)
}

// maxFiller is how many words may stand between a relay phrase and the
// outlet's name ("told the Russian state-run news agency Interfax").
const maxFiller = 5

// after reports whether one of the phrases ends at most maxFiller words
// before token k (and after token from), with no punctuation between.
func (d *doc) after(ps phrases, k, from int) bool {
	for end := k; end >= from && end >= k-maxFiller; end-- {
		if end < k && (!d.toks[end].Word || d.f.lists.prepositions[d.ts[end].word]) {
			return false // "told reporters at the Kremlin" is not told the Kremlin
		}
		for _, p := range ps {
			if end-len(p) >= from && d.phraseAt(p, end-len(p)) {
				return true
			}
		}
	}
	return false
}

// reportedBy reports whether mention mi is followed by a "reported" verb
// ("Bloomberg reported", "the Post reports"), before token end.
func (d *doc) reportedBy(mi, end int) bool {
	k := int(d.first[mi])
	for k < end && d.at[k] == int32(mi) {
		k++
	}
	return k < end && d.f.lists.reported[d.ts[k].word]
}

// sentence returns the token range of the sentence holding token i, cut
// to maxReach tokens either side of it.
func (d *doc) sentence(i int) (int, int) {
	a := i
	for a > 0 && a > i-maxReach && !d.ts[a].sentStart && !d.ts[a].paraStart {
		a--
	}
	b := i + 1
	for b < len(d.ts) && b < i+maxReach && !d.ts[b].sentStart && !d.ts[b].paraStart {
		b++
	}
	return a, b
}

// likelyCue is the lowest cue-rate bucket of a word nest takes for the cue
// of a relayed statement the model left untagged: words that are cues more
// often than not ("said", "told").
const likelyCue = 5

// nest links attributions held in others' contents. The model, trained on
// annotations that mark only the outer of two nested attributions, tags
// "X told Y that …, according to the Post" as the Post's; but the
// statement is X's, relayed by the Post. So when an attribution whose
// source names an organisation holds another's cue in its content, the
// organisation joins that one's Via. When its own cue is a relay phrase
// ("according to", "reported") it is only the relay, whatever its source
// ("according to the same report"), and is dropped; if it holds no cue the
// model found, its first likely cue word outside quotation marks is tagged
// as one.
func (d *doc) nest(f *Finder, sc *scratch, attrs []found) []found {
	n := len(attrs)
	for i := 0; i < n; i++ {
		o := &attrs[i]
		org := d.orgIn(o.source)
		relayCue := d.relayCue(o.cue)
		if org < 0 && !relayCue || len(o.content) == 0 {
			continue
		}
		sa, sb := d.sentence(o.cue[0])
		lo, hi := sa, sb
		for _, r := range o.content {
			lo, hi = min(lo, r[0]), max(hi, r[1])
		}
		held := false
		// attrs[:n] are sorted by cue: look only at cues in [lo, hi).
		for j := sort.Search(n, func(j int) bool { return attrs[j].cue[0] >= lo }); j < n && attrs[j].cue[0] < hi; j++ {
			c := attrs[j].cue
			// A relay phrase relays what is said in its sentence.
			if j != i && (d.holds(*o, c) || relayCue && c[0] >= sa && c[1] <= sb && !d.ts[c[0]].inQuote) {
				held = true
				if org >= 0 {
					attrs[j].via = append(attrs[j].via, org)
				}
			}
		}
		if !relayCue {
			continue
		}
		if !held {
			if k := d.likelyCue(o.content); k >= 0 {
				in := f.args(d.ts, sc, [2]int{k, k + 1}, o.para)
				if org >= 0 {
					in.via = []int{org}
				}
				attrs = append(attrs, in)
				o = &attrs[i]
				held = true
			}
		}
		o.relay = held
	}
	sort.SliceStable(attrs, func(i, j int) bool { return attrs[i].cue[0] < attrs[j].cue[0] })
	return attrs
}

// orgIn returns the first organisation mention in the range that speaks
// (see eligible), or -1.
func (d *doc) orgIn(r [2]int) int {
	for k := r[0]; k < r[1]; k++ {
		if mi := int(d.at[k]); mi >= 0 && int(d.first[mi]) == k && d.ms[mi].Kind == parallax.Organization && d.eligible(mi, r[0], r[1]) {
			return mi
		}
	}
	return -1
}

// relayCue reports whether a cue is a relay phrase of cues.txt [via] or
// holds a [reported] verb.
func (d *doc) relayCue(c [2]int) bool {
	for k := c[0]; k < c[1]; k++ {
		if d.f.lists.reported[d.ts[k].word] {
			return true
		}
	}
	for _, p := range d.f.lists.via {
		if c[1]-c[0] >= len(p) && d.phraseAt(p, c[0]) {
			return true
		}
	}
	return false
}

// holds reports whether the cue c lies inside a content range of o.
func (d *doc) holds(o found, c [2]int) bool {
	for _, r := range o.content {
		if c[0] >= r[0] && c[1] <= r[1] {
			return true
		}
	}
	return false
}

// likelyCue returns the first token of the ranges outside quotation marks
// whose word is a likely cue, or -1.
func (d *doc) likelyCue(rs [][2]int) int {
	for _, r := range rs {
		for k := r[0]; k < r[1]; k++ {
			if d.toks[k].Word && !d.ts[k].inQuote && d.ts[k].rate >= likelyCue {
				return k
			}
		}
	}
	return -1
}

// phraseAt reports whether the phrase p starts at token k.
func (d *doc) phraseAt(p []uint64, k int) bool {
	if k < 0 || k+len(p) > len(d.ts) {
		return false
	}
	for j, h := range p {
		if d.ts[k+j].word != h {
			return false
		}
	}
	return true
}
