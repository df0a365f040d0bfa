package quote

import (
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/text"
	"github.com/parallax-news/parallax/analyze/wordclass"
)

// This file turns tokens into the hashed features the attribution model
// reads. Training and tagging share it, so a model sees at run time exactly
// what it was trained on; changing a template means training again.

// tok is what the features know of one token.
type tok struct {
	word, shape, prefix, suffix uint64 // hashes of the normalised word and its parts
	rate                        uint8  // bucket of how often the word is a cue in the training data
	coarse, fine                uint64 // the word's classes (package wordclass) plus one; 0 for a word without
	lex                         bool   // a likely cue word: frequent cue in training or listed in cues.txt
	listed                      bool   // listed in cues.txt [cues]
	inQuote                     bool   // inside quotation marks (the marks included)
	mark                        uint8  // markOpen or markClose for a quotation mark
	punct                       byte   // ASCII punctuation ('-' for dashes), 0 for words
	sentStart, paraStart        bool
	paren                       bool // inside parentheses
	half                        bool // the second apostrophe of a mark written ''
}

const (
	markOpen  = 1
	markClose = 2
)

// The hash seed (word hashes are wordclass's) and the two sentinel "words"
// around a sequence.
const (
	fnvOffset = wordclass.HashOffset
	before    = 1 // the word before the first of a sequence
	after     = 2 // the word after the last
)

// hashWord returns the hashes of w's normalised form, of its shape ("Xx",
// "d", "X.X.") and of its first and last three runes (0 for words of three
// runes or fewer). Every word starting with a digit is the one word "0".
func hashWord(w string) (word, shape, prefix, suffix uint64) {
	word, shape, prefix = fnvOffset, fnvOffset, fnvOffset
	var class rune
	run, n := 0, 0
	number := false
	for i := 0; i < len(w); n++ {
		r, size := rune(w[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(w[i:])
		}
		i += size
		c, nr := r, r // class and normalised rune; ASCII other than letters is itself
		switch {
		case 'a' <= r && r <= 'z':
			c = 'x'
		case 'A' <= r && r <= 'Z':
			c, nr = 'X', r+'a'-'A'
		case '0' <= r && r <= '9':
			c = 'd'
		case r < utf8.RuneSelf:
		default:
			nr = wordclass.FoldRune(r)
			switch {
			case unicode.IsUpper(r):
				c = 'X'
			case unicode.IsLower(r):
				c = 'x'
			case unicode.IsDigit(r):
				c = 'd'
			}
		}
		if n == 0 {
			number = c == 'd'
		}
		if c == class {
			run++
		} else {
			run = 0
		}
		if run < 2 {
			shape = wordclass.AddRune(shape, c)
		}
		class = c
		word = wordclass.AddRune(word, nr)
		if n < 3 {
			prefix = wordclass.AddRune(prefix, nr)
		}
	}
	if number {
		word = wordclass.AddRune(fnvOffset, '0')
	}
	if n <= 3 {
		return word, shape, 0, 0
	}
	// The last three runes, first to last.
	var last [3]rune
	for k, end := 2, len(w); k >= 0; k-- {
		r, size := utf8.DecodeLastRuneInString(w[:end])
		last[k], end = wordclass.FoldRune(r), end-size
	}
	suffix = fnvOffset
	for _, r := range last {
		suffix = wordclass.AddRune(suffix, r)
	}
	return word, shape, prefix, suffix
}

// mix hashes a template number and two values into one feature; the model
// uses the top bits, which the final multiplication mixes well.
func mix(t, a, b uint64) uint64 {
	x := (a + t*0x9E3779B97F4A7C15) * 0xBF58476D1CE4E5B9
	return (x ^ x>>29 ^ b) * 0x94D049BB133111EB
}

// words is what the features know of words, by word hash: the cue-rate
// bucket from the training data and listedBit for the words of cues.txt
// [cues] in the low byte, then the word's classes (wordclass) plus one, so
// that a token needs one lookup. It is an open-addressing table, a power of
// two at most half full: a Go map costs the finder several per cent more.
type words struct {
	keys []uint64 // 0 for an empty slot (no word hashes to 0 in practice)
	info []uint32
}

const (
	listedBit  = 0x80
	coarseBits = 12 // info bits of each class; Load refuses more classes
	maxClasses = 1<<coarseBits - 1
)

// newWords merges the model's cue rates, the listed cues and the word
// classes.
func newWords(rate map[uint64]uint8, listed set, classes []wordclass.Entry) words {
	size := 16
	for size < 2*(len(rate)+len(listed)+len(classes)) {
		size *= 2
	}
	ws := words{keys: make([]uint64, size), info: make([]uint32, size)}
	for h, r := range rate {
		*ws.slot(h) |= uint32(r)
	}
	for h := range listed {
		*ws.slot(h) |= listedBit
	}
	for _, e := range classes {
		*ws.slot(e.Hash) |= uint32(e.Coarse+1)<<8 | uint32(e.Fine+1)<<(8+coarseBits)
	}
	return ws
}

// slot returns the info of word h, adding it if absent.
func (ws words) slot(h uint64) *uint32 {
	mask := uint64(len(ws.keys) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		if ws.keys[i] == h || ws.keys[i] == 0 {
			ws.keys[i] = h
			return &ws.info[i]
		}
	}
}

// get returns the info of word h, 0 if absent.
func (ws words) get(h uint64) uint32 {
	mask := uint64(len(ws.keys) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		switch ws.keys[i] {
		case h:
			return ws.info[i]
		case 0:
			return 0
		}
	}
}

// rateBucket maps how often a word is (part of) a cue to a small number.
func rateBucket(r float64) uint8 {
	for i, lim := range [...]float64{0, 0.05, 0.15, 0.3, 0.5, 0.7, 0.9} {
		if r <= lim {
			return uint8(i)
		}
	}
	return 7
}

// lexBucket is the lowest rate bucket counted as a likely cue.
const lexBucket = 4

// tokens fills the feature view of the tokens of s, given its paragraphs and
// sentences as spans. dst is reused when large enough.
func (ws words) tokens(s string, toks []text.Token, paras, sents []parallax.Span, dst []tok) []tok {
	if cap(dst) < len(toks) {
		dst = make([]tok, len(toks))
	}
	dst = dst[:len(toks)]
	p, sn := 0, 0
	depth := 0
	open := false
	var want rune
	for i, t := range toks {
		x := tok{}
		w := t.In(s)
		x.word, x.shape, x.prefix, x.suffix = hashWord(w)
		info := ws.get(x.word)
		x.rate, x.listed = uint8(info)&^listedBit, info&listedBit != 0
		x.coarse, x.fine = uint64(info>>8&maxClasses), uint64(info>>(8+coarseBits))
		x.lex = x.rate >= lexBucket || x.listed
		for p < len(paras) && paras[p].End <= t.Start {
			p++
		}
		if p < len(paras) && (i == 0 || toks[i-1].End <= paras[p].Start) {
			x.paraStart = true
			open, depth = false, 0 // a quotation reopens in the next paragraph
		}
		for sn < len(sents) && sents[sn].End <= t.Start {
			sn++
		}
		if sn < len(sents) && (i == 0 || toks[i-1].End <= sents[sn].Start) {
			x.sentStart = true
		}
		if !t.Word {
			r, _ := utf8.DecodeRuneInString(w)
			switch {
			case r < utf8.RuneSelf:
				x.punct = byte(r)
			case r == '–' || r == '—':
				x.punct = '-'
			}
			switch r {
			case '(':
				depth++
			case ')':
				depth = max(depth-1, 0)
			}
			// Two apostrophes in a row are a double quotation mark in some papers.
			if r == '\'' && i+1 < len(toks) && toks[i+1].Start == t.End && toks[i+1].In(s) == "'" {
				r = '"'
			} else if r == '\'' && i > 0 && toks[i-1].End == t.Start && toks[i-1].In(s) == "'" {
				// The second half of such a mark: the same mark to the features.
				x.inQuote, x.mark, x.half = dst[i-1].inQuote, dst[i-1].mark, true
				x.paren = depth > 0
				dst[i] = x
				continue
			}
			switch {
			case open && (r == want || want == '"' && r == '"' || want == '”' && r == '“' && closesAfterWord(toks, i)):
				x.inQuote, x.mark = true, markClose
				open = false
			case r == '“' || r == '"' || r == '«' || r == '„':
				if !open {
					open, x.mark, want = true, markOpen, closing(r)
				}
			}
		}
		x.inQuote = x.inQuote || open
		x.paren = depth > 0
		dst[i] = x
	}
	return dst
}

// closing returns the mark that closes one opened by r.
func closing(r rune) rune {
	switch r {
	case '“', '„':
		return '”'
	case '«':
		return '»'
	}
	return r
}

// closesAfterWord reports whether a mark touches the word before it, as a
// closing mark written the wrong way round does.
func closesAfterWord(toks []text.Token, i int) bool {
	return i > 0 && toks[i-1].End == toks[i].Start && toks[i-1].Word
}

// dist buckets a distance in tokens.
func dist(d int) uint64 {
	switch {
	case d <= 0:
		return 0
	case d <= 3:
		return uint64(d)
	case d <= 5:
		return 4
	case d <= 8:
		return 5
	case d <= 14:
		return 6
	}
	return 7
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// isBreak reports whether a token separates clauses for the features.
func (t *tok) isBreak() bool {
	return t.mark != 0 || t.punct == ',' || t.punct == '-' || t.punct == ':' || t.punct == ';'
}

// Features come in three groups, passed to emit as f[:shared],
// f[shared:lexical] and f[lexical:]:
//
//   - intrinsic: the token and its neighbours in the paragraph (word
//     identities, shapes, affixes). Both taggers read these, from the same
//     table rows, so the finder looks them up once a token;
//   - the tagger's own lexical features, word identities in relation to
//     cue words;
//   - the tagger's structural features (distances, counts, flags): few
//     values, kept in a small table that stays in the cache.

// intrinsic appends the intrinsic features of token i of the paragraph
// toks[a:b].
func intrinsic(ts []tok, a, b, i int, f []uint64) []uint64 {
	W := func(i int) uint64 {
		switch {
		case i < a:
			return before
		case i >= b:
			return after
		}
		return ts[i].word
	}
	S := func(i int) uint64 {
		if i < a || i >= b {
			return 3
		}
		return ts[i].shape
	}
	// C is a neighbour's coarse and fine classes, each in 16 bits.
	C := func(i int) uint64 {
		switch {
		case i < a:
			return 1<<15 | 1<<31
		case i >= b:
			return 2<<15 | 2<<31
		}
		return ts[i].coarse | ts[i].fine<<16
	}
	t := &ts[i]
	c, prev, next := C(i), C(i-1), C(i+1)
	return append(f,
		mix(2, t.word, 0), mix(3, W(i-1), 0), mix(4, W(i+1), 0), mix(5, W(i-2), 0), mix(6, W(i+2), 0),
		mix(7, W(i-1), t.word), mix(8, t.word, W(i+1)), mix(9, t.shape, 0), mix(10, S(i-1), t.shape), mix(11, t.shape, S(i+1)),
		mix(13, t.suffix, 0), mix(14, t.prefix, 0), mix(19, W(i-1), W(i+1)),
		// Word classes: what the word and its neighbours are like, for
		// words seen too rarely to have weights of their own.
		mix(30, c>>16, 0), mix(31, c&0xFFFF, 0), mix(32, prev>>16, 0), mix(33, next>>16, 0),
		mix(34, prev&0xFFFF, c&0xFFFF), mix(35, c&0xFFFF, next&0xFFFF))
}

// cueScratch holds per-sequence buffers for cueFeatures.
type cueScratch struct {
	left, right       []int32
	leftBrk, rightBrk []bool
	buf               [48]uint64 // one token's features, here so as not to escape per call
}

// cueFeatures calls emit with the features of each token of the paragraph
// toks[a:b] for the cue tagger, except the tokens inside quotation marks,
// which the tagger leaves O: nearly no cue is quoted (0.5% in PolNeAR) and
// a quarter of news text is, so skipping them saves time.
func cueFeatures(ts []tok, a, b int, sc *cueScratch, emit func(i int, f []uint64, shared, lexical int)) {
	n := b - a
	if cap(sc.left) < n {
		sc.left, sc.right = make([]int32, n), make([]int32, n)
		sc.leftBrk, sc.rightBrk = make([]bool, n), make([]bool, n)
	}
	left, right, leftBrk, rightBrk := sc.left[:n], sc.right[:n], sc.leftBrk[:n], sc.rightBrk[:n]
	last, brk := -1, false
	for i := a; i < b; i++ {
		left[i-a], leftBrk[i-a] = int32(last), brk
		if ts[i].lex && !ts[i].inQuote {
			last, brk = i, false
		}
		brk = brk || ts[i].isBreak()
	}
	last, brk = -1, false
	for i := b - 1; i >= a; i-- {
		right[i-a], rightBrk[i-a] = int32(last), brk
		if ts[i].lex && !ts[i].inQuote {
			last, brk = i, false
		}
		brk = brk || ts[i].isBreak()
	}
	hasQuote := false
	for i := a; i < b; i++ {
		hasQuote = hasQuote || ts[i].mark != 0
	}
	for i := a; i < b; i++ {
		k := i - a
		t := &ts[i]
		if t.inQuote {
			continue // a quotation's words are never its cue
		}
		q := b2u(t.inQuote)
		ld, rd := 0, 0
		var lw, rw uint64
		if left[k] >= 0 {
			ld, lw = i-int(left[k]), ts[left[k]].word
		}
		if right[k] >= 0 {
			rd, rw = int(right[k])-i, ts[right[k]].word
		}
		lb, rb := b2u(leftBrk[k]), b2u(rightBrk[k])
		f := intrinsic(ts, a, b, i, sc.buf[:0])
		shared := len(f)
		f = append(f, mix(22, lw, dist(ld)), mix(23, rw, dist(rd)), mix(25, rw, rb), mix(26, lw, lb))
		lexical := len(f)
		f = append(f, mix(1, 0, 0), mix(12, q, 0), mix(15, uint64(t.rate), q), mix(16, b2u(t.sentStart), b2u(t.paraStart)),
			mix(17, b2u(hasQuote), q), mix(18, b2u(t.paren), 0), mix(20, dist(ld), q<<1|lb), mix(21, dist(rd), q<<1|rb),
			mix(24, dist(ld)<<4|dist(rd), q), mix(27, b2u(t.listed), q))
		emit(i, f, shared, lexical)
	}
}

// argScratch holds per-window buffers for argFeatures.
type argScratch struct {
	comma, quote, sent, cue []int32
	buf                     [48]uint64
}

// argFeatures calls emit with the features of each token of the window
// toks[a:b] around the cue toks[ca:cb], for the argument tagger. isCue marks
// the tokens of every cue found in the document. The intrinsic features
// come first when withIntrinsic (training); the finder adds their weights
// from the cue pass instead. The window lies in the paragraph toks[pa:pb].
func argFeatures(ts []tok, pa, pb, a, b, ca, cb int, isCue []bool, withIntrinsic bool, sc *argScratch, emit func(i int, f []uint64, shared, lexical int)) {
	n := b - a
	if cap(sc.comma) < n+1 {
		sc.comma, sc.quote = make([]int32, n+1), make([]int32, n+1)
		sc.sent, sc.cue = make([]int32, n+1), make([]int32, n+1)
	}
	comma, quote, sent, cue := sc.comma[:n+1], sc.quote[:n+1], sc.sent[:n+1], sc.cue[:n+1]
	comma[0], quote[0], sent[0], cue[0] = 0, 0, 0, 0
	for i := a; i < b; i++ {
		k := i - a
		t := &ts[i]
		comma[k+1], quote[k+1], sent[k+1], cue[k+1] = comma[k], quote[k], sent[k], cue[k]
		switch t.punct {
		case ',', '-', ';', '(', ')':
			comma[k+1]++
		}
		if t.mark != 0 {
			quote[k+1]++
		}
		if t.sentStart {
			sent[k+1]++
		}
		// Count each other cue once, at its first token.
		if isCue[i] && (i < ca || i >= cb) && (i == 0 || !isCue[i-1] || i == cb) {
			cue[k+1]++
		}
	}
	count := func(x []int32, lo, hi int) uint64 { // in toks[lo:hi]
		if hi <= lo {
			return 0
		}
		return uint64(min(x[hi-a]-x[lo-a], 3))
	}
	W := func(i int) uint64 {
		switch {
		case i < pa:
			return before
		case i >= pb:
			return after
		}
		return ts[i].word
	}
	first, last := ts[ca].word, ts[cb-1].word
	next, prev := W(cb), W(ca-1)
	cueQ := b2u(ts[ca].inQuote)
	cueFine, cueCoarse := ts[ca].fine, ts[ca].coarse
	for i := a; i < b; i++ {
		t := &ts[i]
		f := sc.buf[:0]
		if withIntrinsic {
			f = intrinsic(ts, pa, pb, i, f)
		}
		shared := len(f)
		var side, d, nc, nq, ns, nk uint64
		switch {
		case i < ca:
			side, d = 0, dist(ca-i)
			nc, nq, ns, nk = count(comma, i+1, ca), count(quote, i+1, ca), count(sent, i+1, ca+1), count(cue, i+1, ca)
		case i >= cb:
			side, d = 1, dist(i-cb+1)
			nc, nq, ns, nk = count(comma, cb, i), count(quote, cb, i), count(sent, cb+1, i+1), count(cue, cb, i)
		default:
			side = 2
		}
		near := min(d, 4)
		q := b2u(t.inQuote)
		f = append(f,
			mix(106, t.word, side<<4|near), mix(107, first, side<<4|d), mix(108, last, side<<4|d), mix(109, first^t.word*31, side),
			mix(115, next, side<<4|near), mix(116, prev, side<<4|near), mix(121, t.shape, side<<4|near),
			mix(124, last, side<<2|nc), mix(125, next, side<<2|nq),
			// The cue's and the word's classes stand in for rare words.
			mix(130, cueFine, side<<4|d), mix(131, cueCoarse<<16|t.coarse, side<<4|near), mix(132, t.fine, side<<4|near))
		lexical := len(f)
		f = append(f, mix(101, side, d), mix(110, nc, side<<4|near), mix(111, nq, side<<2|q), mix(112, ns, side), mix(113, nk, side),
			mix(114, q, side<<1|cueQ), mix(118, b2u(t.sentStart), side), mix(119, b2u(t.paren), side), mix(120, nc<<4|nq, side<<4|ns),
			mix(122, uint64(t.rate), side<<4|nk), mix(126, uint64(t.mark), side<<4|nq))
		emit(i, f, shared, lexical)
	}
}
