// Package wordclass maps words to classes of words that occur in similar
// contexts, learned from unlabelled text (train.go), so that a tagger that
// has seen "said" and "warned" as cues can treat "vowed", seen twice, like
// them.
//
// Words are keyed by Hash, the hash of a word's normalised form (lower
// case, one apostrophe, every number the one word "0"), which is the word
// hash analyze/quote computes for its features, so a tagger looks a token's
// classes up without building a string. Each word has a class at two
// granularities, Coarse and Fine, trained separately: the coarse classes
// gather more examples each, the fine ones separate more.
package wordclass

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"sync"
	"unicode"
	"unicode/utf8"
)

//go:embed data
var data embed.FS

// DefaultFile is the path of the embedded classes in data and, under
// analyze/wordclass, in the repository.
const DefaultFile = "data/news.classes"

// Default returns the embedded classes, read once.
var Default = sync.OnceValues(func() (*Classes, error) { return Read(data, DefaultFile) })

// Entry is one word's classes. Class ids run from 0 to the granularity's
// size less one.
type Entry struct {
	Hash         uint64
	Coarse, Fine uint16
}

// Classes is a parsed class file: the words' classes by word hash.
type Classes struct {
	coarse, fine int     // the number of classes of each granularity
	entries      []Entry // in strictly increasing hash order
	sum          uint64  // fingerprint of the file's content
}

// Sizes returns the number of coarse and fine classes.
func (c *Classes) Sizes() (coarse, fine int) { return c.coarse, c.fine }

// Entries returns every word's classes in increasing hash order. The slice
// is the Classes' own: callers must not modify it.
func (c *Classes) Entries() []Entry { return c.entries }

// Lookup returns the classes of the word with hash h (see Hash).
func (c *Classes) Lookup(h uint64) (Entry, bool) {
	i := sort.Search(len(c.entries), func(i int) bool { return c.entries[i].Hash >= h })
	if i < len(c.entries) && c.entries[i].Hash == h {
		return c.entries[i], true
	}
	return Entry{}, false
}

// Fingerprint identifies the classes: a model trained with one set of
// classes records it, and refuses to run with another, whose ids mean
// different words.
func (c *Classes) Fingerprint() uint64 { return c.sum }

// Hash returns the hash of w's normalised form: runes lower-cased, curly
// apostrophes and quotation marks folded to straight ones, dashes to '-',
// and every word that starts with a digit the one word "0". It is FNV-1a
// over the normalised UTF-8, the word hash of analyze/quote.
func Hash(w string) uint64 {
	h := uint64(HashOffset)
	first := true
	for _, r := range w {
		if first {
			first = false
			if '0' <= r && r <= '9' || r >= utf8.RuneSelf && unicode.IsDigit(r) {
				return AddRune(HashOffset, '0')
			}
		}
		h = AddRune(h, FoldRune(r))
	}
	return h
}

// FNV-1a parameters of the word hash; HashOffset starts a hash for AddRune.
const (
	HashOffset = 14695981039346656037
	fnvPrime   = 1099511628211
)

// AddRune folds r's UTF-8 bytes into the FNV-1a hash h: the one word
// hash of parallax's taggers (analyze/quote hashes shapes and affixes the same way).
func AddRune(h uint64, r rune) uint64 {
	if r < utf8.RuneSelf {
		return (h ^ uint64(r)) * fnvPrime
	}
	var b [utf8.UTFMax]byte
	n := utf8.EncodeRune(b[:], r)
	for _, c := range b[:n] {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

// FoldRune folds a rune of a word for hashing: lower case, one apostrophe,
// one double quotation mark, one dash.
func FoldRune(r rune) rune {
	switch r {
	case '“', '”', '"', '«', '»', '„':
		return '"'
	case '’', '‘', 'ʼ':
		return '\''
	case '–', '—':
		return '-'
	}
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	return unicode.ToLower(r)
}

// The class file is gzip-compressed:
//
//	"PXCLASS" formatVersion(byte)
//	coarse classes(uvarint) fine classes(uvarint)
//	words(uvarint), then for each in increasing hash order:
//	  hash minus the previous hash (uvarint), coarse class (uvarint), fine class (uvarint)
const (
	magic         = "PXCLASS"
	formatVersion = 1
	maxClasses    = 1 << 16
	maxRaw        = 64 << 20 // the largest uncompressed file read
)

var errFormat = errors.New("wordclass: malformed class file")

// Encode returns the class file of c.
func (c *Classes) Encode() ([]byte, error) {
	raw := encodeRaw(c.coarse, c.fine, c.entries)
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

func encodeRaw(coarse, fine int, entries []Entry) []byte {
	raw := append([]byte(magic), formatVersion)
	raw = binary.AppendUvarint(raw, uint64(coarse))
	raw = binary.AppendUvarint(raw, uint64(fine))
	raw = binary.AppendUvarint(raw, uint64(len(entries)))
	prev := uint64(0)
	for _, e := range entries {
		raw = binary.AppendUvarint(raw, e.Hash-prev)
		raw = binary.AppendUvarint(raw, uint64(e.Coarse))
		raw = binary.AppendUvarint(raw, uint64(e.Fine))
		prev = e.Hash
	}
	return raw
}

// Read reads the class file name from fsys.
func Read(fsys fs.FS, name string) (*Classes, error) {
	file, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("wordclass: %w", err)
	}
	return Parse(file)
}

// Parse reads a class file; it never panics on malformed input and never
// allocates much more than the file's uncompressed size.
func Parse(file []byte) (*Classes, error) {
	zr, err := gzip.NewReader(bytes.NewReader(file))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errFormat, err)
	}
	raw, err := io.ReadAll(io.LimitReader(zr, maxRaw+1))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errFormat, err)
	}
	if len(raw) > maxRaw {
		return nil, fmt.Errorf("%w: larger than %d bytes", errFormat, maxRaw)
	}
	return decode(raw)
}

func decode(raw []byte) (*Classes, error) {
	if !bytes.HasPrefix(raw, []byte(magic)) || len(raw) <= len(magic) || raw[len(magic)] != formatVersion {
		return nil, fmt.Errorf("%w: not a version %d class file", errFormat, formatVersion)
	}
	b := raw[len(magic)+1:]
	uvarint := func() (uint64, bool) {
		v, n := binary.Uvarint(b)
		if n <= 0 {
			return 0, false
		}
		b = b[n:]
		return v, true
	}
	coarse, ok1 := uvarint()
	fine, ok2 := uvarint()
	n, ok3 := uvarint()
	if !ok1 || !ok2 || !ok3 {
		return nil, fmt.Errorf("%w: truncated header", errFormat)
	}
	if coarse == 0 || coarse > maxClasses || fine == 0 || fine > maxClasses {
		return nil, fmt.Errorf("%w: %d coarse and %d fine classes", errFormat, coarse, fine)
	}
	// An entry takes three bytes at least: refuse counts the file cannot hold.
	if n > uint64(len(b)/3) {
		return nil, fmt.Errorf("%w: %d words in %d bytes", errFormat, n, len(b))
	}
	c := &Classes{coarse: int(coarse), fine: int(fine), entries: make([]Entry, n)}
	h := uint64(0)
	for i := range c.entries {
		d, ok1 := uvarint()
		cc, ok2 := uvarint()
		fc, ok3 := uvarint()
		if !ok1 || !ok2 || !ok3 {
			return nil, fmt.Errorf("%w: truncated at word %d", errFormat, i)
		}
		if d == 0 && i > 0 || h+d < h {
			return nil, fmt.Errorf("%w: hashes not increasing at word %d", errFormat, i)
		}
		if cc >= coarse || fc >= fine {
			return nil, fmt.Errorf("%w: class out of range at word %d", errFormat, i)
		}
		h += d
		c.entries[i] = Entry{Hash: h, Coarse: uint16(cc), Fine: uint16(fc)}
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("%w: %d bytes after the last word", errFormat, len(b))
	}
	c.sum = fingerprint(raw)
	return c, nil
}

// fingerprint is FNV-1a over the uncompressed file, which holds every
// class of every word.
func fingerprint(raw []byte) uint64 {
	h := uint64(HashOffset)
	for _, c := range raw {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

// newClasses returns the classes of entries (any order; hashes distinct).
func newClasses(coarse, fine int, entries []Entry) *Classes {
	sort.Slice(entries, func(i, j int) bool { return entries[i].Hash < entries[j].Hash })
	return &Classes{coarse: coarse, fine: fine, entries: entries, sum: fingerprint(encodeRaw(coarse, fine, entries))}
}
