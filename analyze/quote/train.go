package quote

import (
	"context"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"sort"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/text"
	"github.com/parallax-news/parallax/analyze/wordclass"
)

// Example is one labelled text to train on.
type Example struct {
	Text         string
	Attributions []Labelled
}

// Labelled is one attribution of an Example: its source, cue and content as
// byte spans of the text, each possibly in several fragments.
type Labelled struct {
	Source, Cue, Content []parallax.Span
}

// TrainOptions tune Train; the zero value gives the defaults.
type TrainOptions struct {
	Epochs int       // passes over the data per tagger; 0 means 10
	Bits   int       // lexical feature-table rows as a power of two; 0 means 17
	Log    io.Writer // progress, one line per epoch; nil for none
}

// minCueCount is how often a word must be a cue in the training data before
// its cue rate becomes a feature: rarer words would only memorise examples.
const minCueCount = 3

// Train trains the attribution model on examples and returns the model file
// (see model.go), which New reads from data/attribution.model. The texts are
// split into paragraphs, sentences and tokens exactly as the analyze
// pipeline splits any document. Training is deterministic: the same
// examples and options give the same file.
func Train(ctx context.Context, examples []Example, opt TrainOptions) ([]byte, error) {
	if opt.Epochs <= 0 {
		opt.Epochs = 10
	}
	if opt.Bits <= 0 {
		opt.Bits = 17
	}
	if opt.Bits < 8 || opt.Bits > maxBits {
		return nil, fmt.Errorf("quote: %d hash bits is out of range [8, %d]", opt.Bits, maxBits)
	}
	if opt.Log == nil {
		opt.Log = io.Discard
	}
	seg, err := text.New()
	if err != nil {
		return nil, err
	}
	lists, err := loadLists(data)
	if err != nil {
		return nil, err
	}
	docs := make([]trainDoc, len(examples))
	total, cue := map[uint64]int{}, map[uint64]int{}
	for i, ex := range examples {
		docs[i] = newTrainDoc(seg, ex)
		for k, t := range docs[i].toks {
			w, _, _, _ := hashWord(t.In(ex.Text))
			total[w]++
			if docs[i].cueTag[k] != tagO {
				cue[w]++
			}
		}
	}
	rate := map[uint64]uint8{}
	for w, n := range cue {
		if n >= minCueCount {
			if b := rateBucket(float64(n) / float64(total[w])); b > 0 {
				rate[w] = b
			}
		}
	}
	classes, err := wordclass.Default()
	if err != nil {
		return nil, fmt.Errorf("quote: %w", err)
	}
	entries, err := loadClasses(0)
	if err != nil {
		return nil, err
	}
	ws := newWords(rate, lists.cues, entries)
	bits := uint(opt.Bits)
	var cues, args trainSet
	cues.nt, args.nt = cueTags, argTags
	var cs cueScratch
	var as argScratch
	for i := range docs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d := &docs[i]
		ts := ws.tokens(examples[i].Text, d.toks, d.paras, d.sents, nil)
		for i, t := range ts {
			if t.inQuote {
				d.cueTag[i] = tagO // unreachable: the cue tagger skips quoted words
			}
		}
		for _, p := range d.paraToks {
			cues.add(bits, p[0], d.cueTag[p[0]:p[1]], func(emit func(int, []uint64, int, int)) { cueFeatures(ts, p[0], p[1], &cs, emit) })
		}
		for _, a := range d.attrs {
			para := d.paraToks[sort.Search(len(d.paraToks), func(k int) bool { return d.paraToks[k][1] > a.cue[0] })]
			a0, b0 := window(ts, a.cue[0], a.cue[1])
			tags := make([]uint8, b0-a0)
			for _, r := range a.source {
				label(tags, a0, b0, r, tagSource)
			}
			for _, r := range a.content {
				label(tags, a0, b0, r, tagContent)
			}
			args.add(bits, a0, tags, func(emit func(int, []uint64, int, int)) {
				argFeatures(ts, para[0], para[1], a0, b0, a.cue[0], a.cue[1], d.isCue, true, &as, emit)
			})
		}
	}
	m := &model{bits: bits, classes: classes.Fingerprint(), rate: rate, w: make([]weight, rows(bits)*columns)}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, t := range []struct {
		name   string
		set    *trainSet
		dst    *chain
		column int
	}{{"cue tagger", &cues, &m.cue, 0}, {"argument tagger", &args, &m.arg, cueTags}} {
		w, trans, err := t.set.train(ctx, bits, opt.Epochs, rng, func(ep, errs int) {
			fmt.Fprintf(opt.Log, "%s: epoch %d: %d token errors\n", t.name, ep+1, errs)
		})
		if err != nil {
			return nil, err
		}
		*t.dst = chain{scale: quantise(w, t.set.nt, m.w, t.column), trans: trans}
	}
	return m.encode()
}

// quantise writes the weights w (rows of nt) to columns [column,
// column+nt) of the table dst as bytes, and returns the scale: the largest
// weight becomes maxWeight, and weights too small for one unit become 0,
// which costs the taggers nothing measurable.
func quantise(w []float32, nt int, dst []weight, column int) float32 {
	peak := float32(0)
	for _, v := range w {
		peak = max(peak, float32(math.Abs(float64(v))))
	}
	if peak == 0 {
		return 1
	}
	scale := peak / maxWeight
	for i, v := range w {
		dst[(i/nt)*columns+column+i%nt] = weight(math.Round(float64(v / scale)))
	}
	return scale
}

// label marks the tokens of r (a token range) inside the window [a, b) with
// the B tag b0 and its I tag.
func label(tags []uint8, a, b int, r [2]int, b0 uint8) {
	for i := max(r[0], a); i < min(r[1], b); i++ {
		tags[i-a] = b0 + 1
		if i == r[0] || i == a {
			tags[i-a] = b0
		}
	}
}

// trainDoc is one example split as the pipeline splits documents, with its
// gold attributions as token ranges.
type trainDoc struct {
	toks     []text.Token
	paras    []parallax.Span
	sents    []parallax.Span
	paraToks [][2]int
	cueTag   []uint8 // gold cue-chain tags
	isCue    []bool
	attrs    []tokAttr
}

type tokAttr struct {
	cue             [2]int // the first fragment of the cue
	source, content [][2]int
}

func newTrainDoc(seg *text.Segmenter, ex Example) trainDoc {
	var d trainDoc
	s := ex.Text
	d.paras = text.Paragraphs(s)
	for _, p := range d.paras {
		a := len(d.toks)
		d.toks = text.Tokenize(s, p, d.toks)
		d.sents = append(d.sents, seg.Sentences(s, p, d.toks[a:])...)
		if len(d.toks) > a {
			d.paraToks = append(d.paraToks, [2]int{a, len(d.toks)})
		}
	}
	d.cueTag = make([]uint8, len(d.toks))
	d.isCue = make([]bool, len(d.toks))
	for _, l := range ex.Attributions {
		cue := tokRanges(d.toks, l.Cue)
		if len(cue) == 0 {
			continue
		}
		for _, r := range cue {
			for i := r[0]; i < r[1]; i++ {
				d.cueTag[i], d.isCue[i] = tagB+1, true
			}
			d.cueTag[r[0]] = tagB
		}
		d.attrs = append(d.attrs, tokAttr{cue: cue[0], source: tokRanges(d.toks, l.Source), content: tokRanges(d.toks, l.Content)})
	}
	return d
}

// tokRanges returns, for each span, the range of tokens lying inside it
// (spans covering no whole token are left out).
func tokRanges(toks []text.Token, spans []parallax.Span) [][2]int {
	var out [][2]int
	for _, sp := range spans {
		a := 0
		for a < len(toks) && toks[a].Start < sp.Start {
			a++
		}
		b := a
		for b < len(toks) && toks[b].End <= sp.End {
			b++
		}
		if b > a {
			out = append(out, [2]int{a, b})
		}
	}
	return out
}

// trainSet is the sequences of one chain with their features as table rows.
type trainSet struct {
	nt    int
	start []int      // first token of each sequence in rows and tags
	rows  [][]uint32 // per token
	tags  []uint8
}

// add adds a sequence of tags whose features come from features, which
// calls emit with the absolute token index i; the first token is at index
// first.
func (t *trainSet) add(bits uint, first int, tags []uint8, features func(emit func(int, []uint64, int, int))) {
	base := len(t.tags)
	t.start = append(t.start, base)
	t.tags = append(t.tags, tags...)
	t.rows = append(t.rows, make([][]uint32, len(tags))...)
	features(func(i int, f []uint64, _, lexical int) {
		row := make([]uint32, len(f))
		for k := range f {
			row[k] = uint32(index(bits, f, k, lexical))
		}
		t.rows[base+i-first] = row
	})
}

// train runs the averaged perceptron and returns the averaged weights (a
// row of nt per table row) and transitions.
func (t *trainSet) train(ctx context.Context, bits uint, epochs int, rng *rand.Rand, progress func(ep, errs int)) ([]float32, []float32, error) {
	nt := t.nt
	size := rows(bits) * nt
	w, sum := make([]float32, size), make([]float32, size)
	stamp := make([]int32, size)
	tr, trSum := make([]float32, (nt+1)*nt), make([]float32, (nt+1)*nt)
	trStamp := make([]int32, (nt+1)*nt)
	trDecode := make([]float32, (nt+1)*nt)
	step := int32(0)
	// Lazy averaging: sum holds the weight integrated up to stamp.
	bump := func(w, sum []float32, stamp []int32, i int, v float32) {
		sum[i] += float32(step-stamp[i]) * w[i]
		stamp[i] = step
		w[i] += v
	}
	order := make([]int, len(t.start))
	for i := range order {
		order[i] = i
	}
	var em []float32
	var bp, pred []uint8
	for ep := 0; ep < epochs; ep++ {
		if err := ctx.Err(); err != nil {
			return nil, nil, err
		}
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		errs := 0
		for _, s := range order {
			a, b := t.start[s], len(t.tags)
			if s+1 < len(t.start) {
				b = t.start[s+1]
			}
			n := b - a
			if n == 0 {
				continue
			}
			step++
			em = grow(em, n*nt)
			bp, pred = growU8(bp, n*nt), growU8(pred, n)
			onlyO(em, nt)
			for i := 0; i < n; i++ {
				if t.rows[a+i] == nil {
					continue // not scored: O alone
				}
				e := em[i*nt:][:nt]
				clear(e)
				for _, r := range t.rows[a+i] {
					for k := range e {
						e[k] += w[int(r)*nt+k]
					}
				}
			}
			copy(trDecode, tr)
			forbid(trDecode, nt)
			viterbi(em, n, nt, trDecode, bp, pred)
			gold := t.tags[a:b]
			for i := 0; i < n; i++ {
				g, p := int(gold[i]), int(pred[i])
				if g != p {
					errs++
					for _, r := range t.rows[a+i] {
						bump(w, sum, stamp, int(r)*nt+g, 1)
						bump(w, sum, stamp, int(r)*nt+p, -1)
					}
				}
				gp, pp := nt, nt
				if i > 0 {
					gp, pp = int(gold[i-1]), int(pred[i-1])
				}
				if gp != pp || g != p {
					bump(tr, trSum, trStamp, gp*nt+g, 1)
					bump(tr, trSum, trStamp, pp*nt+p, -1)
				}
			}
		}
		progress(ep, errs)
	}
	avg := func(w, sum []float32, stamp []int32) {
		for i := range w {
			w[i] = (sum[i] + float32(step-stamp[i])*w[i]) / float32(max(step, 1))
		}
	}
	avg(w, sum, stamp)
	avg(tr, trSum, trStamp)
	return w, tr, nil
}

func grow(b []float32, n int) []float32 {
	if cap(b) < n {
		return make([]float32, n)
	}
	return b[:n]
}

func growU8(b []uint8, n int) []uint8 {
	if cap(b) < n {
		return make([]uint8, n)
	}
	return b[:n]
}
