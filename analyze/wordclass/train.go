package wordclass

import (
	"context"
	"fmt"
	"io"
	"math"
	"slices"
)

// Classes are learned by the exchange algorithm on a bidirectional
// predictive class model (Uszkoreit and Brants 2008, with the context on
// both sides as in Dehdari's ClusterCat): a word w is predicted from the
// word v beside it through w's class, P(w | v) = P(class(w) | v) ·
// P(w | class(w)), once from the word before and once from the word after.
// The log-likelihood of the text then depends on the classes only through
//
//	Σ_v,c f(N(v, c)) − Σ_c f(N(c)), f(x) = x log x,
//
// summed over both sides, where N(v, c) counts the times a word of class c
// has v beside it and N(c) the words of class c. The exchange algorithm
// moves one word at a time to the class that most increases it; moving w
// changes only the terms of the words beside w, so a pass costs the number
// of distinct word pairs times the number of classes. Words that share
// their neighbours ("he said that", "he stated that") end in one class.
//
// Training is deterministic: words are visited in order of frequency, and
// a tie keeps a word in its current class.

// TrainOptions tune Train; the zero value gives the defaults.
type TrainOptions struct {
	Coarse, Fine int       // classes of each granularity; 0 means 64 and 256
	MaxWords     int       // the most frequent words to class; 0 means 50,000
	MinCount     int       // the fewest occurrences of a word to class it; 0 means 3
	Passes       int       // most exchange passes per granularity; 0 means 20
	Log          io.Writer // progress, one line per pass; nil for none
}

// Train learns the classes of the words of corpus, a list of sequences of
// words (paragraphs or sentences; context never crosses from one to the
// next), and returns them.
func Train(ctx context.Context, corpus [][]string, opt TrainOptions) (*Classes, error) {
	if opt.Coarse <= 0 {
		opt.Coarse = 64
	}
	if opt.Fine <= 0 {
		opt.Fine = 256
	}
	if opt.MaxWords <= 0 {
		opt.MaxWords = 50000
	}
	if opt.MinCount <= 0 {
		opt.MinCount = 2
	}
	if opt.Passes <= 0 {
		opt.Passes = 20
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	if opt.Coarse > maxClasses || opt.Fine > maxClasses {
		return nil, fmt.Errorf("wordclass: at most %d classes", maxClasses)
	}
	st := newStats(corpus, opt.MaxWords, opt.MinCount)
	if len(st.hashes) == 0 {
		return nil, fmt.Errorf("wordclass: no word occurs %d times", opt.MinCount)
	}
	fmt.Fprintf(opt.Log, "wordclass: %d tokens, %d words classed, %d word pairs\n", st.tokens, len(st.hashes), st.pairs)
	coarse, err := st.exchange(ctx, opt.Coarse, opt.Passes, opt.Log)
	if err != nil {
		return nil, err
	}
	fine, err := st.exchange(ctx, opt.Fine, opt.Passes, opt.Log)
	if err != nil {
		return nil, err
	}
	entries := make([]Entry, len(st.hashes))
	for i, h := range st.hashes {
		entries[i] = Entry{Hash: h, Coarse: uint16(coarse[i]), Fine: uint16(fine[i])}
	}
	return newClasses(opt.Coarse, opt.Fine, entries), nil
}

// stats are the counts the exchange reads. Words are numbered by
// frequency (0 the most frequent); as a context, every other word is
// unknown and the edge of a sequence is a word of its own.
type stats struct {
	hashes      []uint64 // of the classed words, by number
	count       []int32  // occurrences of each classed word
	left, right [][]pair // per classed word: the contexts before and after it
	contexts    int      // classed words, then unknown, then edge
	tokens      int
	pairs       int
}

// pair is a context word and how often it is beside the word.
type pair struct{ ctx, n int32 }

func newStats(corpus [][]string, maxWords, minCount int) *stats {
	freq := map[uint64]int{}
	seqs := make([][]uint64, len(corpus))
	st := &stats{}
	for i, s := range corpus {
		seqs[i] = make([]uint64, len(s))
		for k, w := range s {
			h := Hash(w)
			seqs[i][k] = h
			freq[h]++
		}
		st.tokens += len(s)
	}
	type wc struct {
		h uint64
		n int
	}
	var vocab []wc
	for h, n := range freq {
		if n >= minCount {
			vocab = append(vocab, wc{h, n})
		}
	}
	slices.SortFunc(vocab, func(a, b wc) int {
		if a.n != b.n {
			return b.n - a.n
		}
		switch {
		case a.h < b.h:
			return -1
		case a.h > b.h:
			return 1
		}
		return 0
	})
	vocab = vocab[:min(len(vocab), maxWords)]
	id := make(map[uint64]int32, len(vocab))
	st.hashes = make([]uint64, len(vocab))
	st.count = make([]int32, len(vocab))
	for i, v := range vocab {
		id[v.h], st.hashes[i] = int32(i), v.h
	}
	unknown, edge := int32(len(vocab)), int32(len(vocab)+1)
	st.contexts = len(vocab) + 2
	ctx := func(seq []uint64, k int) int32 {
		if k < 0 || k >= len(seq) {
			return edge
		}
		if c, ok := id[seq[k]]; ok {
			return c
		}
		return unknown
	}
	type key struct{ w, c int32 }
	left, right := map[key]int32{}, map[key]int32{}
	for _, seq := range seqs {
		for k, h := range seq {
			w, ok := id[h]
			if !ok {
				continue
			}
			st.count[w]++
			left[key{w, ctx(seq, k-1)}]++
			right[key{w, ctx(seq, k+1)}]++
		}
	}
	lists := func(m map[key]int32) [][]pair {
		out := make([][]pair, len(vocab))
		for k, n := range m {
			out[k.w] = append(out[k.w], pair{k.c, n})
		}
		for _, l := range out {
			// Map order is random: sort so that sums add in one order.
			slices.SortFunc(l, func(a, b pair) int { return int(a.ctx - b.ctx) })
		}
		return out
	}
	st.left, st.right = lists(left), lists(right)
	st.pairs = len(left) + len(right)
	return st
}

// exchange returns a class for each classed word, of k classes.
func (st *stats) exchange(ctx context.Context, k, passes int, log io.Writer) ([]int32, error) {
	n := len(st.hashes)
	class := make([]int32, n)
	for w := range class {
		class[w] = int32(w % k) // the frequent words start apart
	}
	// f(x) = x log x for every count that can occur.
	fx := make([]float64, st.tokens+1)
	for x := 1; x <= st.tokens; x++ {
		fx[x] = float64(x) * math.Log(float64(x))
	}
	L, R := make([]int32, st.contexts*k), make([]int32, st.contexts*k)
	total := make([]int32, k)
	for w := range n {
		c := class[w]
		for _, p := range st.left[w] {
			L[int(p.ctx)*k+int(c)] += p.n
		}
		for _, p := range st.right[w] {
			R[int(p.ctx)*k+int(c)] += p.n
		}
		total[c] += st.count[w]
	}
	move := func(w int, c int32, sign int32) {
		for _, p := range st.left[w] {
			L[int(p.ctx)*k+int(c)] += sign * p.n
		}
		for _, p := range st.right[w] {
			R[int(p.ctx)*k+int(c)] += sign * p.n
		}
		total[c] += sign * st.count[w]
	}
	gain := make([]float64, k)
	for pass := range passes {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		moved := 0
		for w := range n {
			old := class[w]
			move(w, old, -1)
			nw := st.count[w]
			for c := range gain {
				t := total[c]
				gain[c] = -2 * (fx[t+nw] - fx[t])
			}
			for _, side := range [2]struct {
				counts []int32
				ctx    []pair
			}{{L, st.left[w]}, {R, st.right[w]}} {
				for _, p := range side.ctx {
					row := side.counts[int(p.ctx)*k:][:k]
					for c, x := range row {
						gain[c] += fx[x+p.n] - fx[x]
					}
				}
			}
			best := old
			for c, g := range gain {
				if g > gain[best] {
					best = int32(c)
				}
			}
			move(w, best, 1)
			if best != old {
				class[w] = best
				moved++
			}
		}
		fmt.Fprintf(log, "wordclass: %d classes: pass %d: %d words moved, objective %.0f\n", k, pass+1, moved, objective(L, R, total, fx))
		if moved <= n/1000 {
			break
		}
	}
	return class, nil
}

// objective is the part of the log-likelihood the classes change.
func objective(L, R, total []int32, fx []float64) float64 {
	s := 0.0
	for _, x := range L {
		s += fx[x]
	}
	for _, x := range R {
		s += fx[x]
	}
	for _, x := range total {
		s -= 2 * fx[x]
	}
	return s
}
