package paraphrase

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/kljensen/snowball/english"
)

// Sentence is a sentence prepared for comparison: its words normalised,
// stemmed and gathered into the sets the features compare. Preparing once
// and comparing many times is what makes grouping a speaker's quotes cheap.
// A Sentence is read-only after Parse and safe for concurrent use.
type Sentence struct {
	seq      []string // stems in order, for the longest common subsequence
	stems    []string // distinct stems, sorted
	content  []string // distinct stems of content words, sorted
	bigrams  []uint64 // distinct hashed stem bigrams, sorted
	trigrams []uint64 // distinct hashed stem trigrams, sorted
	chars    []uint64 // distinct hashed byte 3-grams of the lower-cased words, sorted
	nums     []string // distinct numbers as written without thousands separators, sorted
	names    []string // distinct stems of capitalised words past the first, sorted
	negated  bool     // holds a negation ("not", "never", "n't", …)
	norm     string   // lower-cased words, one space between and around, for containment
}

// Len returns the number of words of the sentence after normalisation.
func (s *Sentence) Len() int { return len(s.seq) }

// Norm returns the sentence's normalised words (lower-cased, contractions
// expanded, punctuation dropped) separated by single spaces, with one space
// before and after, so that strings.Contains on two Norms matches whole words.
func (s *Sentence) Norm() string { return s.norm }

// Content returns the number of distinct content words of the sentence.
func (s *Sentence) Content() int { return len(s.content) }

// Negated reports whether the sentence holds a negation ("not", "no",
// "never", "n't", …).
func (s *Sentence) Negated() bool { return s.negated }

// word is one normalised word of a sentence.
type word struct {
	text string // lower-case, apostrophes folded to '
	name bool   // written with a capital letter and not the sentence's first word or "I"
	num  bool   // holds a digit
}

// Parse prepares s for comparison. Any string is accepted; one without words
// compares as empty.
func Parse(s string) *Sentence {
	ws := words(s)
	n := len(ws)
	p := &Sentence{
		seq:      make([]string, n),
		stems:    make([]string, 0, n),
		content:  make([]string, 0, n),
		bigrams:  make([]uint64, 0, n),
		trigrams: make([]uint64, 0, n),
	}
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte(' ')
	var h1, h2 uint64 // hashes of the previous two stems
	for i, w := range ws {
		st := w.text
		fn := function[st]
		if !w.num && !fn { // function words are left as they are: stemming them buys nothing
			st = english.Stem(w.text, false)
		}
		p.seq[i] = st
		p.stems = append(p.stems, st)
		if w.num {
			p.nums = append(p.nums, st)
		}
		if !fn {
			p.content = append(p.content, st)
		}
		if w.name {
			p.names = append(p.names, st)
		}
		if negation[w.text] {
			p.negated = true
		}
		// N-grams are compared by hash: no string is built for them.
		h := fnv64(st)
		if i > 0 {
			p.bigrams = append(p.bigrams, mix(h1, h))
		}
		if i > 1 {
			p.trigrams = append(p.trigrams, mix(mix(h2, h1), h))
		}
		h2, h1 = h1, h
		b.WriteString(w.text)
		b.WriteByte(' ')
	}
	p.norm = b.String()
	for _, set := range []*[]string{&p.stems, &p.content, &p.nums, &p.names} {
		slices.Sort(*set)
		*set = slices.Compact(*set)
	}
	if n > 0 {
		p.chars = make([]uint64, 0, len(p.norm)-2)
		for i := 0; i+3 <= len(p.norm); i++ {
			p.chars = append(p.chars, fnv64(p.norm[i:i+3]))
		}
	}
	for _, set := range []*[]uint64{&p.bigrams, &p.trigrams, &p.chars} {
		slices.Sort(*set)
		*set = slices.Compact(*set)
	}
	return p
}

// fnv64 is the 64-bit FNV-1a hash of s.
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// mix combines two hashes, in order, into the hash of their sequence.
func mix(a, b uint64) uint64 { return (a^0x9e3779b97f4a7c15)*1099511628211 ^ b }

// words splits s into normalised words. Apostrophes join letters ("o'neil"),
// full stops join single letters (initialisms: "U.S." is "us"), and full
// stops, commas and slashes join digits ("4.31", "1,000" is "1000", "22/32").
// Contractions are expanded ("don't" → "do not", "we've" → "we have") and
// possessive 's dropped, both as written and as the Penn Treebank writes
// them ("do n't", "Wednesday 's").
func words(s string) []word {
	rs := []rune(s)
	var out []word
	var b strings.Builder
	for i := 0; i < len(rs); {
		if !isWordRune(rs[i]) {
			if rs[i] == '%' {
				out = append(out, word{text: "percent"}) // "3%" says "3 percent"
			}
			i++
			continue
		}
		start := i
		name := unicode.IsUpper(rs[i])
		b.Reset()
		digit := false
	scan:
		for ; i < len(rs); i++ {
			r := rs[i]
			if isWordRune(r) {
				digit = digit || unicode.IsDigit(r)
				b.WriteRune(unicode.ToLower(r))
				continue
			}
			if i+1 == len(rs) || !isWordRune(rs[i+1]) {
				break
			}
			prev, next := rs[i-1], rs[i+1]
			switch {
			case isApostrophe(r) && unicode.IsLetter(prev) && unicode.IsLetter(next):
				b.WriteByte('\'')
			case r == '.' && unicode.IsLetter(prev) && unicode.IsLetter(next) && (i-1 == start || !isWordRune(rs[i-2]) || rs[i-2] == '.'):
				// An initialism: the dot is dropped.
			case (r == '.' || r == '/') && unicode.IsDigit(prev) && unicode.IsDigit(next):
				b.WriteRune(r)
			case r == ',' && unicode.IsDigit(prev) && unicode.IsDigit(next):
				// A thousands separator: dropped.
			default:
				break scan
			}
		}
		w := b.String()
		if start > 0 && isApostrophe(rs[start-1]) && (start == 1 || !isWordRune(rs[start-2])) {
			// A clitic the Penn Treebank wrote apart: "it 's", "they 're".
			if c, ok := clitic[w]; ok {
				if c != "" {
					out = append(out, word{text: c})
				}
				continue
			}
		}
		out = appendWord(out, w, name && len(out) > 0 && w != "i", digit)
	}
	return out
}

// appendWord appends w, expanding contractions and dropping a possessive 's.
func appendWord(out []word, w string, name, num bool) []word {
	switch {
	case w == "n't":
		return append(out, word{text: "not"})
	case w == "cannot":
		return append(out, word{text: "can"}, word{text: "not"})
	case strings.HasSuffix(w, "n't"):
		base := w[:len(w)-3]
		if full, ok := negBase[base]; ok {
			base = full
		}
		return append(out, word{text: base, name: name}, word{text: "not"})
	case unspelled[w] != "":
		return append(out, word{text: unspelled[w], name: name}, word{text: "not"})
	}
	if i := strings.LastIndexByte(w, '\''); i > 0 {
		if c, ok := clitic[w[i+1:]]; ok {
			out = append(out, word{text: w[:i], name: name, num: num})
			if c != "" {
				out = append(out, word{text: c})
			}
			return out
		}
	}
	return append(out, word{text: w, name: name, num: num})
}

// clitic maps a contraction's tail to the word it stands for; "s" is "" because
// it is mostly possessive, and "it is" reads the same to the features either way.
var clitic = map[string]string{"s": "", "re": "are", "ve": "have", "ll": "will", "m": "am", "d": "would"}

// negBase maps the stems of contracted negations that are not words.
var negBase = map[string]string{"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}

// unspelled maps negative contractions written without their apostrophe, as
// web copy and feeds often do ("dont", "isnt"), to their verb.
var unspelled = map[string]string{
	"dont": "do", "doesnt": "does", "didnt": "did", "isnt": "is", "wasnt": "was", "arent": "are",
	"werent": "were", "cant": "can", "wont": "will", "couldnt": "could", "wouldnt": "would",
	"shouldnt": "should", "hasnt": "has", "havent": "have", "hadnt": "had",
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' || r == '`' }

// negation lists the words that turn a statement around; a pair where only
// one side holds one rarely says the same thing.
var negation = set("not no never nothing none nobody neither nor nowhere")

// function lists English function words: everything else is a content word.
// Reporting verbs ("said") count as function words, since outlets change them freely.
var function = set(`a about above after again against all also am an and any are as at be
been before being below between both but by can could did do does doing down during each
either few for from further had has have having he her here hers herself him himself his how
i if in into is it its itself just me more most my myself of off on once only or other our
ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were
what when where which while who whom why will with would you your yours yourself yourselves
said says say told tell tells added adds according shall may might must us`)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// featureNames names the features in the order features writes them; a
// model file lists the names it was trained with, and Load refuses a
// mismatch. Every feature is symmetric in its two sentences.
var featureNames = [...]string{
	"stem_overlap_min",    // shared distinct stems over the larger side's
	"stem_overlap_max",    // shared distinct stems over the smaller side's
	"content_overlap_min", // the same for content words only
	"content_overlap_max",
	"bigram_dice",
	"trigram_dice",
	"lcs_long",  // longest common stem subsequence over the longer sentence
	"lcs_short", // … over the shorter: 1 when one is an excerpt of the other
	"char3_dice",
	"length_ratio",
	"length_diff",  // log(1 + difference in words)
	"extra_max",    // log(1 + content words of the richer side missing from the other)
	"extra_min",    // … of the poorer side
	"number_clash", // either side has a number the other lacks
	"number_match", // both have numbers, the same ones
	"name_missing", // the larger share of one side's names missing from the other
	"contained",    // one sentence's words appear whole in the other
	"negation_clash",
	"idf_overlap_min", // content_overlap weighted by rarity (inverse document frequency)
	"idf_overlap_max",
}

// nFeatures is the length of a feature vector.
const nFeatures = len(featureNames)

// features writes the feature vector of the pair (a, b) into x, weighing
// content words by idf.
func features(idf *IDF, a, b *Sentence, x *[nFeatures]float64) {
	*x = [nFeatures]float64{}
	la, lb := len(a.seq), len(b.seq)
	if la == 0 || lb == 0 {
		return // ScoreParsed never asks: an empty sentence scores 0
	}
	s := common(a.stems, b.stems)
	x[0], x[1] = ratios(s, len(a.stems), len(b.stems))
	c := common(a.content, b.content)
	x[2], x[3] = ratios(c, len(a.content), len(b.content))
	x[4] = dice(common(a.bigrams, b.bigrams), len(a.bigrams), len(b.bigrams))
	x[5] = dice(common(a.trigrams, b.trigrams), len(a.trigrams), len(b.trigrams))
	l := float64(lcs(a.seq, b.seq))
	x[6] = l / float64(max(la, lb))
	x[7] = l / float64(min(la, lb))
	x[8] = dice(common(a.chars, b.chars), len(a.chars), len(b.chars))
	x[9] = float64(min(la, lb)) / float64(max(la, lb))
	x[10] = math.Log1p(math.Abs(float64(la - lb)))
	ea, eb := len(a.content)-c, len(b.content)-c
	x[11] = math.Log1p(float64(max(ea, eb)))
	x[12] = math.Log1p(float64(min(ea, eb)))
	n := common(a.nums, b.nums)
	x[13] = float64(boolNum(n < len(a.nums) || n < len(b.nums)))
	x[14] = float64(boolNum(len(a.nums) > 0 && n == len(a.nums) && n == len(b.nums)))
	x[15] = max(missing(a.names, b.stems), missing(b.names, a.stems))
	x[16] = float64(boolNum(strings.Contains(a.norm, b.norm) || strings.Contains(b.norm, a.norm)))
	x[17] = float64(boolNum(a.negated != b.negated))
	x[18], x[19] = idf.overlap(a.content, b.content)
}

// IDF weighs stems by inverse document frequency, log(sentences / sentences
// holding the stem), learned from the training sentences: a shared rare word
// says more than a shared common one. Only the most frequent stems are
// listed; any other stem is rare and weighs Rest.
type IDF struct {
	Weights map[string]float64 `json:"weights"`
	Rest    float64            `json:"rest"`
}

func (r *IDF) weight(stem string) float64 {
	if w, ok := r.Weights[stem]; ok {
		return w
	}
	return r.Rest
}

// overlap returns the idf mass two sorted, distinct stem lists share over
// the larger and over the smaller list's mass, 0 when a side weighs nothing.
func (r *IDF) overlap(a, b []string) (lo, hi float64) {
	var wa, wb, shared float64
	for _, s := range a {
		wa += r.weight(s)
	}
	for _, s := range b {
		wb += r.weight(s)
	}
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch c := strings.Compare(a[i], b[j]); {
		case c == 0:
			shared += r.weight(a[i])
			i++
			j++
		case c < 0:
			i++
		default:
			j++
		}
	}
	if wa <= 0 || wb <= 0 {
		return 0, 0
	}
	return shared / max(wa, wb), shared / min(wa, wb)
}

func boolNum(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ratios returns shared/larger and shared/smaller, 0 when a side is empty.
func ratios(shared, na, nb int) (lo, hi float64) {
	if na == 0 || nb == 0 {
		return 0, 0
	}
	return float64(shared) / float64(max(na, nb)), float64(shared) / float64(min(na, nb))
}

// dice returns 2·shared/(na+nb), 0 when both are empty.
func dice(shared, na, nb int) float64 {
	if na+nb == 0 {
		return 0
	}
	return 2 * float64(shared) / float64(na+nb)
}

// missing returns the share of names absent from stems (both sorted).
func missing(names, stems []string) float64 {
	if len(names) == 0 {
		return 0
	}
	return 1 - float64(common(names, stems))/float64(len(names))
}

// common counts the elements two sorted, distinct slices share.
func common[T cmp.Ordered](a, b []T) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

// maxLCS bounds the words lcs compares from each side: quotes are sentences,
// and the table is quadratic, so a pasted article must not make Score slow.
const maxLCS = 256

// lcs returns the length of the longest common subsequence of a and b, or
// of their first maxLCS words.
func lcs(a, b []string) int {
	a, b = a[:min(len(a), maxLCS)], b[:min(len(b), maxLCS)]
	if len(a) < len(b) {
		a, b = b, a
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
