package quote

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// The attribution model is two linear-chain taggers over hashed features
// (features.go), trained as averaged perceptrons on PolNeAR (train.go):
//
//   - the cue tagger marks cue words (O, B, I) over each paragraph;
//   - the argument tagger runs once per cue over a window around it (the
//     cue's sentence and a little after) and marks that cue's source and
//     content (O, B-source, I-source, B-content, I-content).
//
// Tagging a cue's arguments with the cue in view is what lets a sentence
// hold several attributions and a long appositive source stay whole.
//
// Both taggers share one table of quantised weights, a row per hashed
// feature: the cue tagger's three columns, then the argument tagger's five.
// Looking weights up is most of the finder's time, so the table is small
// (one byte a weight) and a token's intrinsic features are looked up once
// for both taggers.

// Tags of the two chains. An I tag follows its B or itself.
const (
	tagO       = 0
	tagB       = 1 // cue chain: first word of a cue
	tagSource  = 1 // argument chain: B-source; +1 is I-source
	tagContent = 3 // argument chain: B-content; +1 is I-content
	cueTags    = 3
	argTags    = 5
	columns    = cueTags + argTags // of a table row
)

// weight is a quantised feature weight.
type weight = int8

const maxWeight = math.MaxInt8

// smallBits sizes the table part of structural features (see features.go).
const smallBits = 12

// rows returns the number of table rows for bits: the lexical part, then
// the small structural part.
func rows(bits uint) int { return 1<<bits + 1<<smallBits }

// index returns the table row of feature f[k], where f[:lexical] are
// lexical features and the rest structural ones.
func index(bits uint, f []uint64, k, lexical int) int {
	if k < lexical {
		return int(f[k] >> (64 - bits))
	}
	return 1<<bits + int(f[k]>>(64-smallBits))
}

// chain is one tagger's scale (the weight of one unit in its columns) and
// transition scores.
type chain struct {
	scale float32
	trans []float32 // (nt+1)×nt: row = previous tag (nt for the start), column = tag
}

// model is a parsed model file.
type model struct {
	bits    uint
	classes uint64           // the fingerprint of the word classes the model was trained with
	rate    map[uint64]uint8 // word hash → cue-rate bucket (only buckets > 0)
	w       []weight         // rows(bits) × columns, as trained and written
	rows    []uint64         // the same, packed for reading (see pack)
	cue     chain
	arg     chain
}

// The finder reads the table as packed rows: a row's eight weights in one
// uint64, each byte offset by 128 so that it is unsigned. Adding rows then
// takes two masks, a shift and two additions: the even columns accumulate
// in the four 16-bit lanes of one sum, the odd ones in another, and no lane
// can overflow (48 rows at most, 255 each). This loop is most of the
// finder's time.
const (
	evenBytes = 0x00FF00FF00FF00FF
	bias      = 128
)

// pack returns the table as packed rows.
func pack(w []weight) []uint64 {
	packed := make([]uint64, len(w)/columns)
	for r := range packed {
		var x uint64
		for c := columns - 1; c >= 0; c-- {
			x = x<<8 | uint64(uint8(w[r*columns+c])^bias)
		}
		packed[r] = x
	}
	return packed
}

// column returns the sum of column c over n rows accumulated in even, odd.
func column(even, odd uint64, c, n int) int32 {
	x := even
	if c%2 == 1 {
		x = odd
	}
	return int32(x>>(16*(c/2))&0xFFFF) - int32(n*bias)
}

// accumulate adds to even and odd the packed rows table[base+h>>shift] of
// features f. A leaf of its own, so that its few values stay in registers.
func accumulate(table, f []uint64, base int, shift uint, even, odd uint64) (uint64, uint64) {
	for _, h := range f {
		x := table[base+int(h>>(shift&63))]
		even += x & evenBytes
		odd += x >> 8 & evenBytes
	}
	return even, odd
}

// cueEmission writes the cue tagger's scores for features f to e, and the
// argument tagger's sums over the intrinsic features f[:shared] to arg.
func (m *model) cueEmission(f []uint64, shared, lexical int, e []float32, arg *[argTags]int32) {
	even, odd := accumulate(m.rows, f[:shared], 0, 64-m.bits, 0, 0)
	for c := range arg {
		arg[c] = column(even, odd, cueTags+c, shared)
	}
	even, odd = accumulate(m.rows, f[shared:lexical], 0, 64-m.bits, even, odd)
	even, odd = accumulate(m.rows, f[lexical:], 1<<m.bits, 64-smallBits, even, odd)
	s := m.cue.scale
	for c := range e[:cueTags] {
		e[c] = float32(column(even, odd, c, len(f))) * s
	}
}

// intrinsicArg returns the argument tagger's sums over the intrinsic
// features f.
func (m *model) intrinsicArg(f []uint64) [argTags]int32 {
	return m.argSum(f, len(f), [argTags]int32{})
}

// argEmission writes the argument tagger's scores for features f (none of
// them intrinsic), starting from the intrinsic sums g, to e.
func (m *model) argEmission(f []uint64, lexical int, g [argTags]int32, e []float32) {
	g = m.argSum(f, lexical, g)
	s := m.arg.scale
	for c := range e[:argTags] {
		e[c] = float32(g[c]) * s
	}
}

// argSum adds to g the argument tagger's weights of features f, the first
// lexical of them lexical.
func (m *model) argSum(f []uint64, lexical int, g [argTags]int32) [argTags]int32 {
	even, odd := accumulate(m.rows, f[:lexical], 0, 64-m.bits, 0, 0)
	even, odd = accumulate(m.rows, f[lexical:], 1<<m.bits, 64-smallBits, even, odd)
	for c := range g {
		g[c] += column(even, odd, cueTags+c, len(f))
	}
	return g
}

// allowed reports whether tag c may follow tag p (p == nt at the start):
// an I tag (even, non-zero) only continues its own span.
func allowed(p, c int) bool {
	if c > 0 && c%2 == 0 {
		return p == c || p == c-1
	}
	return true
}

// never scores a transition the tags forbid.
const never = -1e30

// forbid sets the transitions allowed refuses to never, so that viterbi
// needs no test.
func forbid(trans []float32, nt int) {
	for p := 0; p <= nt; p++ {
		for c := 0; c < nt; c++ {
			if !allowed(p, c) {
				trans[p*nt+c] = never
			}
		}
	}
}

// viterbi writes to out the best tag sequence for the emission scores em
// (n×nt) and transitions trans ((nt+1)×nt, forbidden ones at never),
// keeping back pointers in bp (n×nt). The two chains' sizes have unrolled
// steps: with the emissions, this is the finder's time.
func viterbi(em []float32, n, nt int, trans []float32, bp []uint8, out []uint8) {
	var prev [argTags]float32
	for c := 0; c < nt; c++ {
		prev[c] = em[c] + trans[nt*nt+c]
	}
	switch nt {
	case cueTags:
		var t [(cueTags + 1) * cueTags]float32
		copy(t[:], trans)
		for i := 1; i < n; i++ {
			e, back := em[i*cueTags:i*cueTags+cueTags], bp[i*cueTags:i*cueTags+cueTags]
			p0, p1, p2 := prev[0], prev[1], prev[2]
			for c := range cueTags {
				v, k := p0+t[c], 0
				if c != tagB+1 { // I follows only B or I
					v, k = better(v, k, p1+t[3+c], 1)
				} else {
					v, k = p1+t[3+c], 1
				}
				v, k = better(v, k, p2+t[6+c], 2)
				prev[c], back[c] = v+e[c], uint8(k)
			}
		}
	case argTags:
		var t [(argTags + 1) * argTags]float32
		copy(t[:], trans)
		for i := 1; i < n; i++ {
			e, back := em[i*argTags:i*argTags+argTags], bp[i*argTags:i*argTags+argTags]
			p := [argTags]float32{prev[0], prev[1], prev[2], prev[3], prev[4]}
			for c := range argTags {
				var v float32
				var k int
				if c > 0 && c%2 == 0 { // an I tag follows only its B or itself
					v, k = better(p[c-1]+t[(c-1)*argTags+c], c-1, p[c]+t[c*argTags+c], c)
				} else {
					v, k = p[0]+t[c], 0
					v, k = better(v, k, p[1]+t[argTags+c], 1)
					v, k = better(v, k, p[2]+t[2*argTags+c], 2)
					v, k = better(v, k, p[3]+t[3*argTags+c], 3)
					v, k = better(v, k, p[4]+t[4*argTags+c], 4)
				}
				prev[c], back[c] = v+e[c], uint8(k)
			}
		}
	}
	best := 0
	for c := 1; c < nt; c++ {
		if prev[c] > prev[best] {
			best = c
		}
	}
	out[n-1] = uint8(best)
	for i := n - 1; i > 0; i-- {
		out[i-1] = bp[i*nt+int(out[i])]
	}
}

// better returns the larger score with its tag, the first on a tie.
func better(v float32, k int, w float32, j int) (float32, int) {
	if w > v {
		return w, j
	}
	return v, k
}

// The model file is gzip-compressed:
//
//	"PXQUOTE" formatVersion(byte) bits(byte)
//	word-class fingerprint (8 bytes, little-endian)
//	words(uvarint), then for each in increasing hash order:
//	  hash minus the previous hash (uvarint), rate bucket (byte)
//	for the cue chain, then the argument chain:
//	  scale (float32 bits, uvarint), (tags+1)×tags transitions (float32 bits, uvarint each)
//	rows(uvarint), then for each non-zero table row in increasing order:
//	  row minus the previous row (uvarint), columns weights (bytes)
const (
	magic         = "PXQUOTE"
	formatVersion = 3
	maxBits       = 22
)

var errFormat = errors.New("quote: malformed model file")

func (m *model) encode() ([]byte, error) {
	var raw []byte
	raw = append(raw, magic...)
	raw = append(raw, formatVersion, byte(m.bits))
	raw = binary.LittleEndian.AppendUint64(raw, m.classes)
	keys := make([]uint64, 0, len(m.rate))
	for k := range m.rate {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	raw = binary.AppendUvarint(raw, uint64(len(keys)))
	prev := uint64(0)
	for _, k := range keys {
		raw = binary.AppendUvarint(raw, k-prev)
		raw = append(raw, m.rate[k])
		prev = k
	}
	for _, c := range []*chain{&m.cue, &m.arg} {
		raw = binary.AppendUvarint(raw, uint64(math.Float32bits(c.scale)))
		for _, v := range c.trans {
			raw = binary.AppendUvarint(raw, uint64(math.Float32bits(v)))
		}
	}
	nonZero := 0
	for r := 0; r < len(m.w)/columns; r++ {
		if !zero(m.w[r*columns:][:columns]) {
			nonZero++
		}
	}
	raw = binary.AppendUvarint(raw, uint64(nonZero))
	last := 0
	for r := 0; r < len(m.w)/columns; r++ {
		row := m.w[r*columns:][:columns]
		if zero(row) {
			continue
		}
		raw = binary.AppendUvarint(raw, uint64(r-last))
		last = r
		for _, v := range row {
			raw = append(raw, byte(v))
		}
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func zero(row []weight) bool {
	for _, v := range row {
		if v != 0 {
			return false
		}
	}
	return true
}

// parseModel reads a model file; it never panics on malformed input.
func parseModel(file []byte) (*model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(file))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errFormat, err)
	}
	raw, err := io.ReadAll(io.LimitReader(zr, 64<<20))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errFormat, err)
	}
	return decode(raw)
}

// decode reads an uncompressed model file.
func decode(raw []byte) (*model, error) {
	r := &reader{b: raw}
	if string(r.next(len(magic))) != magic || r.byte() != formatVersion {
		return nil, fmt.Errorf("%w: not a version %d quote model", errFormat, formatVersion)
	}
	m := &model{bits: uint(r.byte())}
	if m.bits < 8 || m.bits > maxBits {
		return nil, fmt.Errorf("%w: %d hash bits", errFormat, m.bits)
	}
	if b := r.next(8); b != nil {
		m.classes = binary.LittleEndian.Uint64(b)
	}
	n := r.count(2)
	m.rate = make(map[uint64]uint8, n)
	h := uint64(0)
	for i := 0; i < n && r.err == nil; i++ {
		h += r.uvarint()
		m.rate[h] = r.byte()
	}
	for _, c := range []struct {
		c  *chain
		nt int
	}{{&m.cue, cueTags}, {&m.arg, argTags}} {
		c.c.scale = math.Float32frombits(uint32(r.uvarint()))
		c.c.trans = make([]float32, (c.nt+1)*c.nt)
		for i := range c.c.trans {
			c.c.trans[i] = math.Float32frombits(uint32(r.uvarint()))
		}
		forbid(c.c.trans, c.nt)
	}
	m.w = make([]weight, rows(m.bits)*columns)
	nonZero := r.count(1 + columns)
	row := 0
	for i := 0; i < nonZero && r.err == nil; i++ {
		row += int(r.uvarint())
		b := r.next(columns)
		if b == nil || row >= rows(m.bits) {
			return nil, fmt.Errorf("%w: row %d out of range", errFormat, row)
		}
		for k, v := range b {
			m.w[row*columns+k] = weight(v)
		}
	}
	if r.err != nil {
		return nil, fmt.Errorf("%w: %v", errFormat, r.err)
	}
	m.rows, m.w = pack(m.w), nil
	return m, nil
}

// reader decodes the model's varints, remembering the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) next(n int) []byte {
	if r.err != nil || n > len(r.b) {
		r.err = io.ErrUnexpectedEOF
		return nil
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) byte() byte {
	if b := r.next(1); b != nil {
		return b[0]
	}
	return 0
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		if r.err == nil {
			r.err = io.ErrUnexpectedEOF
		}
		return 0
	}
	r.b = r.b[n:]
	return v
}

// count reads an element count and refuses one the remaining bytes cannot
// hold at minBytes each, so a corrupt count never allocates much.
func (r *reader) count(minBytes int) int {
	n := r.uvarint()
	if n > uint64(len(r.b)/minBytes) {
		if r.err == nil {
			r.err = fmt.Errorf("count %d exceeds the file", n)
		}
		return 0
	}
	return int(n)
}
