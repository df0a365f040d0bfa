package ner

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"math/bits"
	"slices"
)

// The model file is gzip-compressed:
//
//	"PXNER" formatVersion(byte) featureSet(uvarint) numStates(uvarint)
//	start[numStates] end[numStates] next[numStates][numStates] (zigzag varints)
//	features(uvarint), then for each feature in increasing hash order:
//	  hash minus the previous hash (uvarint)
//	  mask of the states with a weight (uvarint)
//	  one zigzag varint weight per set bit, lowest state first
//	gazetteer words(uvarint), then for each in increasing hash order:
//	  hash minus the previous hash (uvarint), value (byte)
//
// Weights are int16: the trainer scales the averaged perceptron weights to
// that range and drops those that round to little, which keeps the file
// small without changing what the model tags.
const (
	magic         = "PXNER"
	formatVersion = 1
	// maxFileFeatures bounds what Parse accepts: a table row index must fit
	// the 24 bits a slot keeps for it.
	maxFileFeatures = 1<<24 - 1
	maxModelBytes   = 256 << 20
)

// modelData is the content of a model file.
type modelData struct {
	trans transitions // values within int16
	keys  []uint64    // feature hashes, strictly increasing
	rows  []int16     // numStates weights per key
	gaz   mapGazetteer
}

func (d *modelData) encode() ([]byte, error) {
	var raw []byte
	raw = append(raw, magic...)
	raw = append(raw, formatVersion)
	raw = binary.AppendUvarint(raw, featureSet)
	raw = binary.AppendUvarint(raw, uint64(numStates))
	for _, v := range d.trans.start {
		raw = binary.AppendVarint(raw, int64(v))
	}
	for _, v := range d.trans.end {
		raw = binary.AppendVarint(raw, int64(v))
	}
	for i := range d.trans.next {
		for _, v := range d.trans.next[i] {
			raw = binary.AppendVarint(raw, int64(v))
		}
	}
	raw = binary.AppendUvarint(raw, uint64(len(d.keys)))
	prev := uint64(0)
	for i, k := range d.keys {
		raw = binary.AppendUvarint(raw, k-prev)
		prev = k
		row := d.rows[i*numStates : (i+1)*numStates]
		mask := uint64(0)
		for s, w := range row {
			if w != 0 {
				mask |= 1 << s
			}
		}
		raw = binary.AppendUvarint(raw, mask)
		for _, w := range row {
			if w != 0 {
				raw = binary.AppendVarint(raw, int64(w))
			}
		}
	}
	gk := sortedKeys(d.gaz)
	raw = binary.AppendUvarint(raw, uint64(len(gk)))
	prev = 0
	for _, k := range gk {
		raw = binary.AppendUvarint(raw, k-prev)
		prev = k
		raw = append(raw, d.gaz[k])
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

var errFormat = errors.New("not a parallax NER model file")

// Parse reads a model file (as Train returns it).
func Parse(file []byte) (*Model, error) {
	zr, err := gzip.NewReader(bytes.NewReader(file))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errFormat, err)
	}
	raw, err := io.ReadAll(io.LimitReader(zr, maxModelBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errFormat, err)
	}
	if len(raw) > maxModelBytes {
		return nil, fmt.Errorf("%w: larger than %d bytes", errFormat, maxModelBytes)
	}
	d, err := decodeModel(raw)
	if err != nil {
		return nil, err
	}
	m := &Model{trans: d.trans, features: len(d.keys), version: fileVersion(file)}
	m.weights.build(d.keys, d.rows)
	m.gaz.table.build(sortedKeys(d.gaz))
	m.gaz.vals = make([]uint8, len(d.gaz))
	for i, k := range sortedKeys(d.gaz) {
		m.gaz.vals[i] = d.gaz[k]
	}
	return m, nil
}

// reader decodes varints and remembers the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uvarint() uint64 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = fmt.Errorf("%w: truncated", errFormat)
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) int16() int16 {
	if r.err != nil {
		return 0
	}
	v, n := binary.Varint(r.b)
	if n <= 0 || v < math.MinInt16 || v > math.MaxInt16 {
		r.err = fmt.Errorf("%w: bad weight", errFormat)
		return 0
	}
	r.b = r.b[n:]
	return int16(v)
}

func decodeModel(raw []byte) (*modelData, error) {
	if len(raw) < len(magic)+1 || string(raw[:len(magic)]) != magic {
		return nil, errFormat
	}
	if v := raw[len(magic)]; v != formatVersion {
		return nil, fmt.Errorf("%w: format version %d, want %d", errFormat, v, formatVersion)
	}
	r := &reader{b: raw[len(magic)+1:]}
	if fs := r.uvarint(); r.err == nil && fs != featureSet {
		return nil, fmt.Errorf("model trained for feature set %d, this code has %d: retrain it", fs, featureSet)
	}
	if ns := r.uvarint(); r.err == nil && ns != uint64(numStates) {
		return nil, fmt.Errorf("%w: %d states, want %d", errFormat, ns, numStates)
	}
	d := &modelData{}
	for s := range d.trans.start {
		d.trans.start[s] = int32(r.int16())
	}
	for s := range d.trans.end {
		d.trans.end[s] = int32(r.int16())
	}
	for i := range d.trans.next {
		for j := range d.trans.next[i] {
			d.trans.next[i][j] = int32(r.int16())
		}
	}
	n := r.uvarint()
	if r.err != nil {
		return nil, r.err
	}
	// Each feature takes at least two bytes, which bounds n before allocating.
	if n > maxFileFeatures || n > uint64(len(r.b))/2 {
		return nil, fmt.Errorf("%w: %d features", errFormat, n)
	}
	d.keys = make([]uint64, n)
	d.rows = make([]int16, int(n)*numStates)
	key := uint64(0)
	for i := range d.keys {
		delta := r.uvarint()
		if r.err == nil && (delta == 0 && i > 0 || key+delta < key) {
			return nil, fmt.Errorf("%w: feature hashes not increasing", errFormat)
		}
		key += delta
		d.keys[i] = key
		mask := r.uvarint()
		if mask >= 1<<numStates {
			return nil, fmt.Errorf("%w: bad state mask", errFormat)
		}
		row := d.rows[i*numStates : (i+1)*numStates]
		for mask != 0 {
			s := bits.TrailingZeros64(mask)
			mask &= mask - 1
			row[s] = r.int16()
		}
		if r.err != nil {
			return nil, r.err
		}
	}
	n = r.uvarint()
	if r.err != nil {
		return nil, r.err
	}
	// Each word takes at least two bytes.
	if n > maxFileFeatures || n > uint64(len(r.b))/2 {
		return nil, fmt.Errorf("%w: %d gazetteer words", errFormat, n)
	}
	d.gaz = make(mapGazetteer, n)
	key = 0
	for i := uint64(0); i < n; i++ {
		delta := r.uvarint()
		if r.err == nil && (delta == 0 && i > 0 || key+delta < key) {
			return nil, fmt.Errorf("%w: gazetteer hashes not increasing", errFormat)
		}
		key += delta
		if r.err != nil || len(r.b) == 0 {
			return nil, fmt.Errorf("%w: truncated", errFormat)
		}
		d.gaz[key] = r.b[0]
		r.b = r.b[1:]
	}
	if len(r.b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the gazetteer", errFormat, len(r.b))
	}
	return d, nil
}

// table maps hashes to indexes by open addressing (the gazetteer's). A
// slot packs the top 40 bits of a hash with its index + 1 in the low 24
// bits (0 is an empty slot), so that a probe reads one word. A false match
// needs an unknown word to agree on 40 hash bits with a stored one within a
// probe run: negligible.
type table struct {
	slots []uint64
	mask  uint64
}

const rowBits = 24

func (t *table) build(keys []uint64) {
	size := 1024
	for size < 2*len(keys) {
		size *= 2
	}
	t.slots = make([]uint64, size)
	t.mask = uint64(size - 1)
	for row, k := range keys {
		i := k & t.mask
		for t.slots[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = k>>rowBits<<rowBits | uint64(row+1)
	}
}

// find returns the row of hash h, or -1.
func (t *table) find(h uint64) int {
	fp := h >> rowBits
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 {
			return -1
		}
		if s>>rowBits == fp {
			return int(s&(1<<rowBits-1)) - 1
		}
	}
}

// sortedKeys returns the keys of m in increasing order.
func sortedKeys[V any](m map[uint64]V) []uint64 {
	keys := make([]uint64, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
