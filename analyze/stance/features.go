package stance

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strings"
)

// IDF weighs stems by how rare they are among the training bodies: a shared
// "ebola" says more about relatedness than a shared "people".
type IDF struct {
	Weights map[string]float64 `json:"weights"` // stems seen in at least two bodies
	Rest    float64            `json:"rest"`    // weight of every other stem
}

func (f *IDF) of(stem string) float64 {
	if w, ok := f.Weights[stem]; ok {
		return w
	}
	return f.Rest
}

// learnIDF counts in how many documents each content stem occurs. Stems in
// one document only share the rest weight, which keeps the model file small
// and means nothing for a word no other body uses. Weights are rounded to
// four decimals so that the written model is the one that was measured.
func learnIDF(docs []*doc) IDF {
	df := map[string]int{}
	for _, d := range docs {
		seen := map[string]bool{}
		for i, s := range d.stem {
			if !d.stop[i] && !seen[s] {
				seen[s] = true
				df[s]++
			}
		}
	}
	n := float64(len(docs))
	weigh := func(c int) float64 { return math.Round((math.Log((n+1)/float64(c+1))+1)*1e4) / 1e4 }
	idf := IDF{Weights: map[string]float64{}, Rest: weigh(1)}
	for s, c := range df {
		if c >= 2 {
			idf.Weights[s] = weigh(c)
		}
	}
	return idf
}

// vec is a sparse tf-idf vector: stems sorted, so that sums run in one
// order and the same data give the same model to the last bit.
type vec struct {
	keys []string
	w    []float64
	norm float64
}

func tfidf(d *doc, from, to int, idf *IDF) vec {
	tf := map[string]int{}
	for i := from; i < to; i++ {
		if !d.stop[i] {
			tf[d.stem[i]]++
		}
	}
	v := vec{keys: slices.Sorted(maps.Keys(tf))}
	v.w = make([]float64, len(v.keys))
	for i, s := range v.keys {
		x := (1 + math.Log(float64(tf[s]))) * idf.of(s)
		v.w[i] = x
		v.norm += x * x
	}
	v.norm = math.Sqrt(v.norm)
	return v
}

func cosine(a, b vec) float64 {
	if a.norm == 0 || b.norm == 0 {
		return 0
	}
	if len(a.keys) > len(b.keys) {
		a, b = b, a
	}
	var s float64
	for i, k := range a.keys {
		if j, ok := slices.BinarySearch(b.keys, k); ok {
			s += a.w[i] * b.w[j]
		}
	}
	return s / (a.norm * b.norm)
}

// body is a body prepared once per IDF: its words, its tf-idf vectors and
// the hashed words the stance stage reads.
type body struct {
	d     *doc
	all   vec
	lead  vec   // the first three sentences: the claim is usually restated there
	sents []vec // one per sentence
	stems map[string]bool
	grams map[uint64]bool // hashed stem bigrams and trigrams
	words []uint32        // hashed distinct words, the body's bag of words
}

func prepareBody(d *doc, idf *IDF) *body {
	b := &body{d: d, all: tfidf(d, 0, len(d.low), idf), stems: map[string]bool{}, grams: map[uint64]bool{}}
	leadEnd := 0
	for i, s := range d.sents {
		if i < 3 {
			leadEnd = s[1]
		}
		b.sents = append(b.sents, tfidf(d, s[0], s[1], idf))
	}
	b.lead = tfidf(d, 0, leadEnd, idf)
	words := map[uint32]bool{}
	for i, s := range d.stem {
		b.stems[s] = true
		if !d.stop[i] || refuteCues[d.low[i]] || hedgeCues[d.low[i]] || negated(d.low[i]) {
			words[hash("b|"+s)] = true
		}
		if i > 0 {
			b.grams[gram(d.stem[i-1], s)] = true
		}
		if i > 1 {
			b.grams[gram3(d.stem[i-2], d.stem[i-1], s)] = true
		}
	}
	b.words = slices.Sorted(maps.Keys(words))
	return b
}

func gram(a, b string) uint64     { return fnv(a + " " + b) }
func gram3(a, b, c string) uint64 { return fnv(a + " " + b + " " + c) }

func fnv(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// hashBits is the size of the hashed feature space: 2^18 buckets keep
// collisions among the ~60,000 distinct body words and n-grams rare.
const hashBits = 18

func hash(s string) uint32 { return uint32(fnv(s) >> (64 - hashBits)) }

// relNames name the relatedness features, in order.
var relNames = []string{
	"cos_body", "cos_lead", "cos_best_sentence", "cos_top3_sentences",
	"overlap", "overlap_idf", "overlap_lead", "overlap_best_sentence",
	"bigrams_in_body", "trigrams_in_body",
	"names_in_body", "has_names", "numbers_in_body", "has_numbers",
	"missing_idf_log", "body_words_log", "headline_words_log",
	"cos_ge_0.05", "cos_ge_0.1", "cos_ge_0.15", "cos_ge_0.2", "cos_ge_0.3",
	"overlap_ge_0.3", "overlap_ge_0.5", "overlap_ge_0.7", "overlap_ge_0.9",
}

// stanceNames name the dense stance features, read after relNames.
var stanceNames = []string{
	"refute_body", "hedge_body", "support_body", "negation_body",
	"refute_lead", "hedge_lead", "support_lead", "negation_lead",
	"refute_aligned", "hedge_aligned", "support_aligned", "negation_aligned",
	"refute_near_claim", "negation_near_claim", "hedge_near_claim",
	"refute_headline", "hedge_headline", "support_headline", "negation_headline", "question_headline",
	"question_body_rate",
}

// pairFeatures holds one pair's features: dense values in relNames then
// stanceNames order, and the hashed stance features.
type pairFeatures struct {
	dense  []float64
	hashed []uint32 // distinct bucket indexes; each counts 1/sqrt(len)
}

// features computes a pair's features. stance says whether the hashed
// stance features are wanted (the relatedness stage does not read them).
func features(h *doc, b *body, idf *IDF, stance bool) pairFeatures {
	// The headline's content stems, once each, and its n-grams.
	var hs []string
	seen := map[string]bool{}
	var names, nums []string
	for i, s := range h.stem {
		if h.stop[i] || seen[s] {
			continue
		}
		seen[s] = true
		hs = append(hs, s)
		if h.name[i] {
			names = append(names, s)
		}
		if h.num[i] {
			nums = append(nums, s)
		}
	}
	hv := tfidf(h, 0, len(h.low), idf)
	frac := func(xs []string, in func(string) bool) float64 {
		if len(xs) == 0 {
			return 0
		}
		n := 0
		for _, x := range xs {
			if in(x) {
				n++
			}
		}
		return float64(n) / float64(len(xs))
	}
	inBody := func(s string) bool { return b.stems[s] }

	// Sentences ranked by similarity to the headline: the best ones are where
	// the body speaks of the claim.
	type ranked struct {
		i   int
		cos float64
	}
	rs := make([]ranked, len(b.sents))
	for i, sv := range b.sents {
		rs[i] = ranked{i, cosine(hv, sv)}
	}
	slices.SortStableFunc(rs, func(x, y ranked) int { return cmp.Compare(y.cos, x.cos) })
	top := rs[:min(3, len(rs))]
	var best, top3 float64
	if len(top) > 0 {
		best = top[0].cos
		for _, r := range top {
			top3 += r.cos / float64(len(top))
		}
	}
	sentStems := func(si int) map[string]bool {
		m := map[string]bool{}
		s := b.d.sents[si]
		for i := s[0]; i < s[1]; i++ {
			m[b.d.stem[i]] = true
		}
		return m
	}
	var overlapBest float64
	if len(top) > 0 {
		ss := sentStems(top[0].i)
		overlapBest = frac(hs, func(s string) bool { return ss[s] })
	}
	leadStems := map[string]bool{}
	leadEnd := 0
	if len(b.d.sents) > 0 {
		leadEnd = b.d.sents[min(2, len(b.d.sents)-1)][1]
	}
	for i := 0; i < leadEnd; i++ {
		leadStems[b.d.stem[i]] = true
	}
	var idfIn, idfAll float64
	for _, s := range hs {
		w := idf.of(s)
		idfAll += w
		if b.stems[s] {
			idfIn += w
		}
	}
	overlapIDF := 0.0
	if idfAll > 0 {
		overlapIDF = idfIn / idfAll
	}
	var bi, bin, tri, trin int
	for i := 1; i < len(h.stem); i++ {
		bi++
		if b.grams[gram(h.stem[i-1], h.stem[i])] {
			bin++
		}
		if i > 1 {
			tri++
			if b.grams[gram3(h.stem[i-2], h.stem[i-1], h.stem[i])] {
				trin++
			}
		}
	}
	ratio := func(a, b int) float64 {
		if b == 0 {
			return 0
		}
		return float64(a) / float64(b)
	}
	cos := cosine(hv, b.all)
	overlap := frac(hs, inBody)
	x := []float64{
		cos, cosine(hv, b.lead), best, top3,
		overlap, overlapIDF, frac(hs, func(s string) bool { return leadStems[s] }), overlapBest,
		ratio(bin, bi), ratio(trin, tri),
		frac(names, inBody), boolf(len(names) > 0), frac(nums, inBody), boolf(len(nums) > 0),
		math.Log1p(idfAll - idfIn), math.Log1p(float64(len(b.d.low))), math.Log1p(float64(len(hs))),
		boolf(cos >= 0.05), boolf(cos >= 0.1), boolf(cos >= 0.15), boolf(cos >= 0.2), boolf(cos >= 0.3),
		boolf(overlap >= 0.3), boolf(overlap >= 0.5), boolf(overlap >= 0.7), boolf(overlap >= 0.9),
	}
	if !stance {
		return pairFeatures{dense: x}
	}

	// Cue counts: in the body, its lead, the sentences that speak of the claim,
	// and near the claim's words.
	type cues struct{ refute, hedge, support, neg float64 }
	count := func(from, to int) cues {
		var c cues
		for i := from; i < to; i++ {
			w := b.d.low[i]
			c.refute += boolf(refuteCues[w])
			c.hedge += boolf(hedgeCues[w])
			c.support += boolf(supportCues[w])
			c.neg += boolf(negated(w))
		}
		return c
	}
	logc := func(c cues) []float64 {
		return []float64{math.Log1p(c.refute), math.Log1p(c.hedge), math.Log1p(c.support), math.Log1p(c.neg)}
	}
	all := count(0, len(b.d.low))
	n := math.Max(1, float64(len(b.d.low))/100)
	x = append(x, all.refute/n, all.hedge/n, all.support/n, all.neg/n)
	x = append(x, logc(count(0, leadEnd))...)
	var al cues
	for _, r := range top {
		s := b.d.sents[r.i]
		c := count(s[0], s[1])
		al.refute += c.refute
		al.hedge += c.hedge
		al.support += c.support
		al.neg += c.neg
	}
	x = append(x, logc(al)...)

	// A cue within five words of a headline stem speaks of the claim.
	const window = 5
	var nearRefute, nearNeg, nearHedge float64
	hashed := map[uint32]bool{}
	for i, w := range b.d.low {
		r, g, hd := refuteCues[w], negated(w), hedgeCues[w]
		if !r && !g && !hd {
			continue
		}
		near := false
		for j := max(0, i-window); j < min(len(b.d.low), i+window+1); j++ {
			if j != i && !b.d.stop[j] && seen[b.d.stem[j]] {
				near = true
				break
			}
		}
		if !near {
			continue
		}
		nearRefute += boolf(r)
		nearNeg += boolf(g)
		nearHedge += boolf(hd)
		hashed[hash("n|"+w)] = true
	}
	var hc cues
	for _, w := range h.low {
		hc.refute += boolf(refuteCues[w])
		hc.hedge += boolf(hedgeCues[w])
		hc.support += boolf(supportCues[w])
		hc.neg += boolf(negated(w))
		// The headline's own words are not features: folds by body see the
		// same headline with other bodies, and its words would learn that
		// claim's usual stance, which a new claim in the app does not have.
	}
	x = append(x, math.Log1p(nearRefute), math.Log1p(nearNeg), math.Log1p(nearHedge))
	x = append(x, boolf(hc.refute > 0), boolf(hc.hedge > 0), boolf(hc.support > 0), boolf(hc.neg > 0), boolf(h.quest))
	x = append(x, float64(b.d.quests)/float64(max(1, len(b.d.sents))))

	// Words of the aligned sentences, and headline cues crossed with theirs:
	// "hoax" in the headline reads differently against "not a hoax".
	var hcues []string
	for _, w := range h.low {
		if refuteCues[w] || hedgeCues[w] || negated(w) || w == "?" {
			hcues = append(hcues, w)
		}
	}
	if h.quest {
		hcues = append(hcues, "?")
	}
	for _, r := range top {
		s := b.d.sents[r.i]
		for i := s[0]; i < s[1]; i++ {
			w := b.d.low[i]
			hashed[hash("a|"+b.d.stem[i])] = true
			if i > s[0] {
				hashed[hash("a2|"+b.d.stem[i-1]+" "+b.d.stem[i])] = true
			}
			if refuteCues[w] || hedgeCues[w] || negated(w) {
				for _, c := range hcues {
					hashed[hash("x|"+c+"|"+w)] = true
				}
				hashed[hash("xn|"+strings.Join(hcues, ",")+"|"+w)] = true
			}
		}
	}
	idx := slices.Sorted(maps.Keys(hashed))
	idx = append(idx, b.words...)
	slices.Sort(idx)
	idx = slices.Compact(idx)
	return pairFeatures{dense: x, hashed: idx}
}

func boolf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
