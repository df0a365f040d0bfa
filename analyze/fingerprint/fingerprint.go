// Package fingerprint computes MinHash signatures of word 5-shingles for
// near-duplicate detection, and the LSH band hashes and Jaccard estimate the
// clusterer uses with them.
package fingerprint

import (
	"encoding/binary"
	"hash/fnv"
	"unicode"
	"unicode/utf8"
)

// Size is the number of hashes in a signature.
const Size = 128

// Shingle is the number of words in a shingle.
const Shingle = 5

// seed starts the fixed sequence the hash functions are drawn from; changing
// it changes every stored signature.
const seed = 0x5061726c6c61780a

// Hasher computes MinHash signatures. Its hash functions are fixed, so
// signatures from any Hasher compare. It is read-only and safe for concurrent use.
type Hasher struct {
	mul, add [Size]uint64
}

// New returns a Hasher with the deterministic hash functions.
func New() *Hasher {
	h := &Hasher{}
	x := uint64(seed)
	for i := range Size {
		x = splitmix(x)
		h.mul[i] = x | 1 // odd, so multiplication permutes the 64-bit values
		x = splitmix(x)
		h.add[i] = x
	}
	return h
}

// splitmix is the SplitMix64 step: a cheap, well-mixed 64-bit hash.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Sign returns the MinHash signature (Size values) of the word 5-shingles of
// s, normalised: words are runs of non-space characters with everything but
// letters and digits removed, lower-cased. It returns nil when s has fewer
// than Shingle words.
func (h *Hasher) Sign(s string) []uint64 {
	var words []uint64
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			i += n
			continue
		}
		w := uint64(14695981039346656037) // FNV-1a offset basis
		empty := true
		for i < len(s) {
			r, n := utf8.DecodeRuneInString(s[i:])
			if unicode.IsSpace(r) {
				break
			}
			i += n
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				continue
			}
			empty = false
			for r = unicode.ToLower(r); r > 0; r >>= 8 {
				w ^= uint64(r & 0xff)
				w *= 1099511628211
			}
		}
		if !empty {
			words = append(words, w)
		}
	}
	if len(words) < Shingle {
		return nil
	}
	sig := make([]uint64, Size)
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	for i := 0; i+Shingle <= len(words); i++ {
		x := uint64(0)
		for _, w := range words[i : i+Shingle] {
			x = splitmix(x ^ w)
		}
		for k := range sig {
			if v := h.mul[k]*x + h.add[k]; v < sig[k] {
				sig[k] = v
			}
		}
	}
	return sig
}

// Bands returns one hash per LSH band of sig: bands bands of len(sig)/bands
// rows each (16 bands of 8 rows for a 128-hash signature). Two signatures
// sharing any band hash are copy candidates. It returns nil when sig is
// shorter than bands or bands is not positive. The band index is hashed in,
// so equal rows in different bands do not collide.
func Bands(sig []uint64, bands int) []uint64 {
	if bands <= 0 || len(sig) < bands {
		return nil
	}
	rows := len(sig) / bands
	out := make([]uint64, bands)
	var buf [8]byte
	for b := range bands {
		f := fnv.New64a()
		binary.LittleEndian.PutUint64(buf[:], uint64(b))
		f.Write(buf[:])
		for _, v := range sig[b*rows : (b+1)*rows] {
			binary.LittleEndian.PutUint64(buf[:], v)
			f.Write(buf[:])
		}
		out[b] = f.Sum64()
	}
	return out
}

// Jaccard estimates the Jaccard similarity of the shingle sets behind two
// signatures: the fraction of positions where they agree. Signatures of
// different lengths, or empty ones, give 0.
func Jaccard(a, b []uint64) float64 {
	if len(a) == 0 || len(a) != len(b) {
		return 0
	}
	same := 0
	for i := range a {
		if a[i] == b[i] {
			same++
		}
	}
	return float64(same) / float64(len(a))
}
