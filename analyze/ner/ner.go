// Package ner is parallax's statistical named-entity tagger: it labels the
// words of a document as persons, organisations, locations and other names
// (CoNLL-2003's PER, ORG, LOC, MISC).
//
// The model is an averaged structured perceptron over BILOU states, decoded
// with Viterbi one sentence at a time. Its features are hashed (no strings
// are built while tagging) and look at the word, its case and shape, its
// affixes, its neighbours, how the same word is written elsewhere in the
// document and what the tagger made of it earlier in the document. Case
// features are conjoined with the sentence's case mode, and the model is
// trained on lower-cased copies of documents too, so that lower-case text
// ("officials said trump met putin in moscow") is still tagged.
//
// The weights are trained from CoNLL-2003 by `parallax train ner` (see
// Train), stored in model/ner.bin and embedded; Default loads them once.
package ner

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sync"
)

//go:embed model/ner.bin
var embedded embed.FS

// DefaultFile is the path of the embedded model, relative to this package.
const DefaultFile = "model/ner.bin"

var defaultModel struct {
	once sync.Once
	m    *Model
	err  error
}

// Default returns the embedded model, parsed on the first call and shared
// afterwards.
func Default() (*Model, error) {
	defaultModel.once.Do(func() {
		defaultModel.m, defaultModel.err = Load(embedded, DefaultFile)
	})
	return defaultModel.m, defaultModel.err
}

// Model is a trained tagger. It is read-only once parsed and safe for
// concurrent use.
type Model struct {
	weights  weightTable
	trans    transitions
	gaz      hashedGazetteer
	features int
	version  string
	pool     sync.Pool // *scratch
}

// transitions scores state bigrams and the states a sentence may start and
// end in.
type transitions struct {
	start, end [numStates]int32
	next       [numStates][numStates]int32 // [from][to]
}

// Weights are packed three to a uint64, in 21-bit lanes, each biased by
// 2^15 to be non-negative: one 64-bit add then adds three weights, and a
// token's sum of at most maxFeatures rows cannot carry from lane to lane.
const (
	laneBits   = 21
	laneMask   = 1<<laneBits - 1
	lanesPerWd = 3
	rowWords   = (numStates + lanesPerWd - 1) / lanesPerWd
	laneBias   = 1 << 15
)

// The packing fails to compile if a token could have so many features that
// a lane overflows.
const _ = uint(laneMask - maxFeatures*(2*laneBias-1))

// packRow packs one row of numStates weights.
func packRow(row []int16) (out [rowWords]uint64) {
	for s, w := range row {
		out[s/lanesPerWd] |= uint64(int64(w)+laneBias) << (laneBits * (s % lanesPerWd))
	}
	return out
}

// weightTable maps feature hashes to their packed weights by open
// addressing. A slot holds the hash and the row together in one 64-byte
// cache line, so that a feature costs one memory access: tagging reads
// thousands of features per article from a table of megabytes, and the
// misses, not the arithmetic, are what it spends its time on.
type weightTable struct {
	slots []weightSlot
	mask  uint64
}

type weightSlot struct {
	key uint64 // 0: empty
	row [rowWords]uint64
	_   [7 - rowWords]uint64 // pads the slot to 64 bytes
}

func (t *weightTable) build(keys []uint64, rows []int16) {
	size := 1024
	for size < 2*len(keys) {
		size *= 2
	}
	t.slots = make([]weightSlot, size)
	t.mask = uint64(size - 1)
	for n, k := range keys {
		if k == 0 {
			continue // the empty mark; a feature hashing to 0 is lost
		}
		i := mix(k) & t.mask
		for t.slots[i].key != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = weightSlot{key: k, row: packRow(rows[n*numStates : (n+1)*numStates])}
	}
}

// find returns the packed weights of feature h, or nil.
func (t *weightTable) find(h uint64) *[rowWords]uint64 {
	for i := mix(h) & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key == h {
			return &s.row
		}
		if s.key == 0 {
			return nil
		}
	}
}

// Load parses the model file name in fsys.
func Load(fsys fs.FS, name string) (*Model, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	m, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("ner: %s: %w", name, err)
	}
	return m, nil
}

// Version identifies the model's weights: the first 12 hex digits of the
// SHA-256 of its file.
func (m *Model) Version() string { return m.version }

func fileVersion(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:6])
}

// Features returns how many features the model has weights for.
func (m *Model) Features() int { return m.features }

// scratch is the per-call working memory of TagDocument, pooled so that
// tagging allocates only its result.
type scratch struct {
	doc    document
	feats  []uint64
	emis   [][numStates]int32
	back   [][numStates]uint8
	states []uint8
}

// Tag labels the words of one sentence, taken as a document of its own.
func (m *Model) Tag(words []string) []Label {
	return m.TagDocument([][]string{words})[0]
}

// TagDocument labels the words of a document given as sentences of words.
// Tagging a whole document at once is better than sentence by sentence: a
// word is read in the light of how it is written and tagged elsewhere in
// it. The result has one slice of labels per sentence.
func (m *Model) TagDocument(sents [][]string) [][]Label {
	sc, _ := m.pool.Get().(*scratch)
	if sc == nil {
		sc = &scratch{feats: make([]uint64, 0, maxFeatures)}
	}
	defer m.pool.Put(sc)
	d := &sc.doc
	d.prepare(sents, &m.gaz)
	labels := make([]Label, len(d.toks))
	out := make([][]Label, len(sents))
	off := 0
	for i, s := range sents {
		toks := d.toks[off : off+len(s)]
		out[i] = labels[off : off+len(s) : off+len(s)]
		off += len(s)
		if len(s) == 0 {
			continue
		}
		states := m.decode(sc, toks, int(d.modes[i]))
		d.record(toks, states)
		for j, st := range states {
			out[i][j] = stateLabel(int(st))
		}
	}
	return out
}

// decode returns the best states for one sentence.
func (m *Model) decode(sc *scratch, toks []token, mode int) []uint8 {
	n := len(toks)
	sc.emis = grow(sc.emis, n)
	sc.back = grow(sc.back, n)
	sc.states = grow(sc.states, n)
	for i := range toks {
		f := staticFeatures(sc.feats[:0], &sc.doc, toks, i, mode)
		f = historyFeatures(f, &sc.doc, toks, i, mode)
		sc.feats = f
		var acc [rowWords]uint64
		found := int32(0)
		for _, h := range f {
			if row := m.weights.find(h); row != nil {
				for w := range acc {
					acc[w] += row[w]
				}
				found++
			}
		}
		e := &sc.emis[i]
		off := found * laneBias
		for w, a := range acc {
			for l := 0; l < lanesPerWd && w*lanesPerWd+l < numStates; l++ {
				e[w*lanesPerWd+l] = int32(a>>(laneBits*l)&laneMask) - off
			}
		}
	}
	viterbi(&m.trans, sc.emis[:n], sc.back[:n], sc.states[:n])
	return sc.states[:n]
}

// grow returns s resliced to n elements, reallocated only when too small.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/4)
	}
	return s[:n]
}

// openStates may follow O or the end of an entity: O, then the begin and
// unit states of each kind. closeStates may precede them: O, then the last
// and unit states. Both are in increasing order.
var (
	openStates  = [...]uint8{0, 1, 4, 5, 8, 9, 12, 13, 16}
	closeStates = [...]uint8{0, 3, 4, 7, 8, 11, 12, 15, 16}
)

// viterbi writes into out the highest-scoring valid BILOU sequence for the
// emission scores; back is working memory of the same length. Of equal
// scores, the lower state wins, so results never depend on anything else.
func viterbi(p *transitions, emis [][numStates]int32, back [][numStates]uint8, out []uint8) {
	n := len(emis)
	if n == 0 {
		return
	}
	// Path scores are int64: int32 emissions summed over a long sentence
	// could overflow int32.
	const negInf = -1 << 60
	var fromClose [len(openStates)][len(closeStates)]int64
	for i, s := range openStates {
		for j, q := range closeStates {
			fromClose[i][j] = int64(p.next[q][s])
		}
	}
	var cur [numStates]int64
	for s := range cur {
		cur[s] = negInf
	}
	for _, s := range openStates {
		cur[s] = int64(p.start[s]) + int64(emis[0][s])
	}
	for t := 1; t < n; t++ {
		prev := cur
		var pc [len(closeStates)]int64
		for j, q := range closeStates {
			pc[j] = prev[q]
		}
		e, bk := &emis[t], &back[t]
		for i, s := range openStates {
			row := &fromClose[i]
			best, arg := pc[0]+row[0], 0
			for j := 1; j < len(pc); j++ {
				if v := pc[j] + row[j]; v > best {
					best, arg = v, j
				}
			}
			cur[s] = best + int64(e[s])
			bk[s] = closeStates[arg]
		}
		// Inside and last states follow the begin or inside state of their kind.
		for b := 1; b < numStates; b += 4 {
			for s := b + 1; s <= b+2; s++ {
				v0 := prev[b] + int64(p.next[b][s])
				v1 := prev[b+1] + int64(p.next[b+1][s])
				if v1 > v0 {
					cur[s], bk[s] = v1+int64(e[s]), uint8(b+1)
				} else {
					cur[s], bk[s] = v0+int64(e[s]), uint8(b)
				}
			}
		}
	}
	best, arg := int64(negInf), uint8(0)
	for _, q := range closeStates {
		if v := cur[q] + int64(p.end[q]); v > best {
			best, arg = v, q
		}
	}
	out[n-1] = arg
	for t := n - 1; t > 0; t-- {
		out[t-1] = back[t][out[t]]
	}
}
