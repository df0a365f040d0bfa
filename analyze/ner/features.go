package ner

import (
	"math/bits"
	"unicode"
	"unicode/utf8"
)

// featureSet identifies the feature templates below. It is written into the
// model file and checked on load: weights trained for other templates would
// silently mean nothing, so any change to this file must bump it.
const featureSet = 3

// Feature templates. A feature is a 64-bit hash of its template and its
// values; the model stores weights by hash, so no string is ever built.
const (
	tBias uint64 = iota + 1
	tLower
	tRaw
	tShape
	tPrefix // + length-1 (4 templates)
	_
	_
	_
	tSuffix // + length-1 (4 templates)
	_
	_
	_
	tPrev2
	tPrev1
	tNext1
	tNext2
	tPrevBigram
	tNextBigram
	tShapes3
	tDocCase
	tHistory
	tHistoryEntity
	tGazetteer
	tGazetteer3
)

// maxFeatures bounds the features of one token: 22 static ones and 2 from
// the document's history.
const (
	maxStatic   = 22
	maxFeatures = maxStatic + 2
)

// Capitalisation classes of a word.
const (
	capNone  = iota // no letters
	capLower        // only lower-case letters
	capTitle        // an upper-case first letter, then lower case
	capUpper        // only upper-case letters
	capMixed        // anything else ("McDonald", "iPhone")
)

// Sentence modes: how much the case of a word can say in its sentence.
// Headlines are in capitals and machine-translated or lower-cased text has
// none, so case features are conjoined with the mode, and the same word
// can be weighed differently in each.
const (
	modeMixed = iota
	modeUpper
	modeLower
)

const (
	hashSeed  = 14695981039346656037
	hashPrime = 1099511628211
)

// mix is the splitmix64 finaliser: a bijection that spreads every input bit.
func mix(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

func addRune(h uint64, r rune) uint64 { return (h ^ uint64(r)) * hashPrime }

func f1(t, a uint64) uint64 { return mix(a ^ t*0x9e3779b97f4a7c15) }

func f2(t, a, b uint64) uint64 {
	return mix(a ^ t*0x9e3779b97f4a7c15 ^ bits.RotateLeft64(b, 29)*0xc2b2ae3d27d4eb4f)
}

func f3(t, a, b, c uint64) uint64 { return f2(t, f2(t, a, b), c) }

// token holds what the features need of one word, computed once.
type token struct {
	lower uint64    // hash of the lower-case word, digits as 0
	raw   uint64    // hash of the word as written, digits as 0
	shape uint64    // hash of its shape: X, x, d and punctuation, repeats collapsed
	affix [8]uint64 // prefix features (1–4 runes), then suffix ones; 0 unless shorter than the word
	word  int32     // the lower-case word's id in its document
	caps  uint8
	gaz   uint8 // what the training data made of the word (see gazetteer)
}

// Sentence-edge words for the context templates.
var (
	edgeBefore = f1(0xb05, 1)
	edgeAfter  = f1(0xe05, 2)
)

// setToken fills t from the word w.
func setToken(t *token, w string) {
	hl, hr, hs := uint64(hashSeed), uint64(hashSeed), uint64(hashSeed)
	var first, last [4]rune
	n, upper, lower, firstUpper := 0, 0, 0, false
	prevClass := rune(-1)
	shapeLen := 0
	for _, r := range w {
		lr := r
		class := r
		switch {
		case r >= '0' && r <= '9':
			r, lr, class = '0', '0', 'd'
		case r >= 'a' && r <= 'z':
			lower++
			class = 'x'
		case r >= 'A' && r <= 'Z':
			upper++
			lr, class = r+'a'-'A', 'X'
			firstUpper = firstUpper || n == 0
		case r < utf8.RuneSelf:
		case unicode.IsUpper(r) || unicode.IsTitle(r):
			upper++
			lr, class = unicode.ToLower(r), 'X'
			firstUpper = firstUpper || n == 0
		case unicode.IsLower(r):
			lower++
			class = 'x'
		case unicode.IsLetter(r):
			class = 'x'
		case unicode.IsDigit(r):
			r, lr, class = '0', '0', 'd'
		default:
			class = 'o'
		}
		hl = addRune(hl, lr)
		hr = addRune(hr, r)
		if class != prevClass && shapeLen < 8 {
			hs = addRune(hs, class)
			shapeLen++
			prevClass = class
		}
		if n < 4 {
			first[n] = lr
		}
		last[n%4] = lr
		n++
	}
	t.lower, t.raw, t.shape = hl, hr, hs
	switch {
	case upper == 0 && lower == 0:
		t.caps = capNone
	case upper == 0:
		t.caps = capLower
	case lower == 0:
		t.caps = capUpper
	case upper == 1 && firstUpper:
		t.caps = capTitle
	default:
		t.caps = capMixed
	}
	// Affixes shorter than the word only: a four-letter word's four-letter
	// "prefix" would repeat its lower-case feature.
	t.affix = [8]uint64{}
	h := uint64(hashSeed)
	for k := 0; k < 4 && k < n-1; k++ {
		h = addRune(h, first[k])
		t.affix[k] = f1(tPrefix+uint64(k), h)
	}
	for k := 1; k <= 4 && k < n; k++ {
		h = hashSeed
		for j := n - k; j < n; j++ {
			h = addRune(h, last[j%4])
		}
		t.affix[3+k] = f1(tSuffix+uint64(k-1), h)
	}
}

// sentenceMode tells whether case can be trusted in a sentence: capitals
// everywhere (a headline) or nowhere (lower-cased text) say nothing.
func sentenceMode(toks []token) int {
	letters, upper, lower := 0, 0, 0 // words with letters, with capitals, with small letters
	for i := range toks {
		switch toks[i].caps {
		case capLower:
			lower++
		case capTitle, capMixed:
			upper++
			lower++
		case capUpper:
			upper++
		default:
			continue
		}
		letters++
	}
	switch {
	case upper == 0:
		return modeLower
	case lower*10 <= letters:
		return modeUpper
	}
	return modeMixed
}

// vocab gives the distinct lower-case words of one document small ids, so
// that what the features count per word lives in slices, not maps. It is
// an open-addressing table reused from document to document.
type vocab struct {
	keys []uint64
	ids  []int32 // id + 1; 0 marks an empty slot
	n    int32
}

func (v *vocab) reset(tokens int) {
	size := 64
	for size < 2*tokens {
		size *= 2
	}
	v.keys = grow(v.keys, size)
	v.ids = grow(v.ids, size)
	clear(v.ids)
	v.n = 0
}

func (v *vocab) id(h uint64) int32 {
	mask := uint64(len(v.ids) - 1)
	for i := mix(h) & mask; ; i = (i + 1) & mask {
		switch {
		case v.ids[i] == 0:
			v.keys[i] = h
			v.n++
			v.ids[i] = v.n
			return v.n - 1
		case v.keys[i] == h:
			return v.ids[i] - 1
		}
	}
}

// document is what the features know of a whole document: its tokens,
// the case mode of each sentence, and per word (by vocab id) how it is
// written elsewhere and what it was tagged so far.
type document struct {
	toks  []token
	modes []uint8
	vocab vocab
	// seen counts each word's occurrences inside mixed-case sentences:
	// [0] capitalised (not as the first word), [1] in lower case. A
	// sentence-initial or headline word that is capitalised elsewhere too
	// is likely a name; one written in lower case elsewhere is likely not.
	seen [][2]int32
	// hist counts, per word, the kinds the tagger gave its earlier
	// occurrences: a name found in full in the lead ("Sergei Ryabkov",
	// PER) tells what a later bare "Ryabkov" is.
	hist [][numKinds]int32
}

// prepare reads the words of a document, one slice per sentence, looking
// each word up in gaz.
func (d *document) prepare(sents [][]string, gaz gazetteer) {
	total := 0
	for _, s := range sents {
		total += len(s)
	}
	d.toks = grow(d.toks, total)
	d.modes = grow(d.modes, len(sents))
	d.vocab.reset(total)
	off := 0
	for i, s := range sents {
		toks := d.toks[off : off+len(s)]
		for j, w := range s {
			setToken(&toks[j], w)
			toks[j].word = d.vocab.id(toks[j].lower)
			toks[j].gaz = gaz.lookup(toks[j].lower)
		}
		d.modes[i] = uint8(sentenceMode(toks))
		off += len(s)
	}
	d.seen = grow(d.seen, int(d.vocab.n))
	clear(d.seen)
	d.hist = grow(d.hist, int(d.vocab.n))
	clear(d.hist)
	off = 0
	for i, s := range sents {
		if d.modes[i] == modeMixed {
			toks := d.toks[off : off+len(s)]
			for j := range toks {
				if c := seenAs(toks, j); c >= 0 {
					d.seen[toks[j].word][c]++
				}
			}
		}
		off += len(s)
	}
}

// seenAs returns which count of document.seen toks[i] adds to, or -1.
func seenAs(toks []token, i int) int {
	switch toks[i].caps {
	case capLower:
		return 1
	case capTitle, capUpper, capMixed:
		if i > 0 {
			return 0
		}
	}
	return -1
}

// elsewhere returns two bits: the word of toks[i] is capitalised (1) or
// in lower case (2) elsewhere in the document.
func (d *document) elsewhere(toks []token, i, mode int) uint64 {
	c := d.seen[toks[i].word]
	if mode == modeMixed {
		if k := seenAs(toks, i); k >= 0 {
			c[k]--
		}
	}
	var b uint64
	if c[0] > 0 {
		b |= 1
	}
	if c[1] > 0 {
		b |= 2
	}
	return b
}

// record adds the states the tagger chose for a sentence to the history.
func (d *document) record(toks []token, states []uint8) {
	for i := range toks {
		d.hist[toks[i].word][stateKind(int(states[i]))]++
	}
}

// staticFeatures appends the features of toks[i] that depend only on the
// words of the document, not on predictions.
func staticFeatures(buf []uint64, d *document, toks []token, i, mode int) []uint64 {
	t := &toks[i]
	m := uint64(mode)
	initial := uint64(0)
	if i == 0 {
		initial = 1
	}
	ctx := func(j int) (lower, shape, gaz uint64) {
		switch {
		case j < 0:
			return edgeBefore, edgeBefore, gazEdge
		case j >= len(toks):
			return edgeAfter, edgeAfter, gazEdge
		}
		return toks[j].lower, toks[j].shape, uint64(toks[j].gaz)
	}
	p2, _, _ := ctx(i - 2)
	p1, s1, g1 := ctx(i - 1)
	n1, sn1, gn1 := ctx(i + 1)
	n2, _, _ := ctx(i + 2)
	g := uint64(t.gaz)
	buf = append(buf,
		f1(tLower, t.lower),
		f2(tPrevBigram, p1, t.lower),
		f2(tNextBigram, t.lower, n1),
		f2(tGazetteer, g, m<<4|initial<<3|uint64(t.caps)),
		f3(tGazetteer3, g1, g, gn1),
		tBias,
		f3(tShape, t.shape, m, initial),
		f1(tPrev2, p2),
		f1(tPrev1, p1),
		f1(tNext1, n1),
		f1(tNext2, n2),
		f3(tShapes3, f2(tShapes3, s1, t.shape), sn1, m),
		f3(tDocCase, d.elsewhere(toks, i, mode), m, initial<<3|uint64(t.caps)),
	)
	if t.caps != capLower && t.caps != capNone {
		buf = append(buf, f1(tRaw, t.raw))
	}
	for _, a := range t.affix {
		if a != 0 {
			buf = append(buf, a)
		}
	}
	return buf
}

// historyFeatures appends the features of toks[i] drawn from history: the
// kind most often given to the word before, and the entity kind most often
// given, each conjoined with the word's case in its sentence.
func historyFeatures(buf []uint64, d *document, toks []token, i, mode int) []uint64 {
	c := d.hist[toks[i].word]
	if c == ([numKinds]int32{}) {
		return buf
	}
	ctx := uint64(mode)<<4 | uint64(toks[i].caps)
	best, bestEntity := None, None
	for k := Person; k < numKinds; k++ {
		if c[k] > c[best] {
			best = k
		}
		if c[k] > 0 && (bestEntity == None || c[k] > c[bestEntity]) {
			bestEntity = k
		}
	}
	buf = append(buf, f2(tHistory, uint64(best), ctx))
	if bestEntity != None {
		buf = append(buf, f2(tHistoryEntity, uint64(bestEntity), ctx))
	}
	return buf
}
