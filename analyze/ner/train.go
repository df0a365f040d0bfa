package ner

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// TrainOptions tunes Train. The zero value gives the settings the embedded
// model was trained with.
type TrainOptions struct {
	// Epochs is the number of passes over the data (default 12).
	Epochs int
	// Seed fixes the choice of lower-cased copies and the order of documents
	// in each pass (default 1); the same data and options give the same file.
	Seed uint64
	// Lowercase is the fraction of documents also trained as lower-cased
	// copies, so that case-less text is tagged too (default 0.5; negative: none).
	Lowercase float64
	// Prune drops averaged weights smaller in magnitude than this, in units
	// of one perceptron update (default 0.1; negative: keep all).
	Prune float64
	// Log, if set, receives one line of progress per pass.
	Log io.Writer
}

func (o *TrainOptions) defaults() {
	if o.Epochs <= 0 {
		o.Epochs = 12
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Lowercase == 0 {
		o.Lowercase = 0.5
	}
	if o.Prune == 0 {
		o.Prune = 0.1
	}
}

// instance is one training document, its static features resolved to ids.
type instance struct {
	doc     document
	sents   [][2]int // token ranges
	feats   []int32  // static feature ids, token after token
	featEnd []int32  // per token: end of its ids in feats
	gold    []uint8  // BILOU states
}

// trainer holds the perceptron's weights. Averaging uses the usual trick:
// besides each weight w it keeps u, the sum of c·Δ over its updates at
// example count c, and the average is w - u/c.
type trainer struct {
	ids   map[uint64]int32
	keys  []uint64
	w     []int32
	u     []int64
	trans transitions
	tu    struct {
		start, end [numStates]int64
		next       [numStates][numStates]int64
	}
	c int64
}

func (tr *trainer) id(h uint64) int32 {
	if id, ok := tr.ids[h]; ok {
		return id
	}
	id := int32(len(tr.keys))
	tr.ids[h] = id
	tr.keys = append(tr.keys, h)
	tr.w = append(tr.w, make([]int32, numStates)...)
	tr.u = append(tr.u, make([]int64, numStates)...)
	return id
}

// Train trains a model on labelled documents and returns its file, which
// Parse reads. Training is deterministic: the same documents and options
// give the same bytes. It stops with ctx's error between documents.
func Train(ctx context.Context, docs []Document, opt TrainOptions) ([]byte, error) {
	opt.defaults()
	if len(docs) == 0 {
		return nil, errors.New("ner: no training documents")
	}
	tr := &trainer{ids: map[uint64]int32{}}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x6e6572))
	full, folds, err := jackknife(docs)
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	var insts []*instance
	for n, d := range docs {
		gaz := folds[n%gazFolds]
		in, err := tr.instance(d, false, gaz)
		if err != nil {
			return nil, fmt.Errorf("ner: document %d: %w", n+1, err)
		}
		insts = append(insts, in)
		if opt.Lowercase > 0 && rng.Float64() < opt.Lowercase {
			// The same tags were just read without error.
			in, _ := tr.instance(d, true, gaz)
			insts = append(insts, in)
		}
	}
	tokens := 0
	for _, in := range insts {
		tokens += len(in.doc.toks)
	}
	if opt.Log != nil {
		fmt.Fprintf(opt.Log, "ner: %d documents (%d with lower-cased copies), %d tokens, %d static features\n",
			len(docs), len(insts)-len(docs), tokens, len(tr.keys))
	}
	order := make([]int, len(insts))
	for i := range order {
		order[i] = i
	}
	tr.c = 1
	var sc scratch
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		start := time.Now()
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		wrong := 0
		for _, k := range order {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			wrong += tr.learn(insts[k], &sc)
		}
		if opt.Log != nil {
			fmt.Fprintf(opt.Log, "ner: pass %d/%d: %d of %d tokens mistagged (%.1fs)\n",
				epoch, opt.Epochs, wrong, tokens, time.Since(start).Seconds())
		}
	}
	d := tr.average(opt.Prune)
	d.gaz = full
	if opt.Log != nil {
		fmt.Fprintf(opt.Log, "ner: %d features kept of %d\n", len(d.keys), len(tr.keys))
	}
	return d.encode()
}

// instance prepares one document, lower-cased if lower, with the gazetteer gaz.
func (tr *trainer) instance(d Document, lower bool, gaz gazetteer) (*instance, error) {
	in := &instance{}
	sents := d.Words()
	if lower {
		for i, s := range sents {
			low := make([]string, len(s))
			for j, w := range s {
				low[j] = strings.ToLower(w)
			}
			sents[i] = low
		}
	}
	total := 0
	for _, s := range sents {
		in.sents = append(in.sents, [2]int{total, total + len(s)})
		total += len(s)
	}
	in.doc.prepare(sents, gaz)
	in.gold = make([]uint8, total)
	in.featEnd = make([]int32, total)
	buf := make([]uint64, 0, maxFeatures)
	for si, s := range d.Sentences {
		spans, err := goldSpans(s.Tags)
		if err != nil {
			return nil, err
		}
		r := in.sents[si]
		spanStates(spans, in.gold[r[0]:r[1]])
		toks := in.doc.toks[r[0]:r[1]]
		for i := range toks {
			buf = staticFeatures(buf[:0], &in.doc, toks, i, int(in.doc.modes[si]))
			for _, h := range buf {
				in.feats = append(in.feats, tr.id(h))
			}
			in.featEnd[r[0]+i] = int32(len(in.feats))
		}
	}
	return in, nil
}

// learn tags one document with the current weights, sentence by sentence,
// updates the weights where the tags are wrong, and returns how many tokens
// were wrong.
func (tr *trainer) learn(in *instance, sc *scratch) int {
	clear(in.doc.hist)
	wrong := 0
	var ids []int32
	for si, r := range in.sents {
		n := r[1] - r[0]
		if n == 0 {
			continue
		}
		toks := in.doc.toks[r[0]:r[1]]
		mode := int(in.doc.modes[si])
		sc.emis = grow(sc.emis, n)
		sc.back = grow(sc.back, n)
		sc.states = grow(sc.states, n)
		// ids of every token's features, static then history.
		ids = ids[:0]
		ends := make([]int, n)
		for i := range toks {
			t := r[0] + i
			from := int32(0)
			if t > 0 {
				from = in.featEnd[t-1]
			}
			ids = append(ids, in.feats[from:in.featEnd[t]]...)
			sc.feats = historyFeatures(sc.feats[:0], &in.doc, toks, i, mode)
			for _, h := range sc.feats {
				ids = append(ids, tr.id(h))
			}
			ends[i] = len(ids)
			e := &sc.emis[i]
			*e = [numStates]int32{}
			begin := 0
			if i > 0 {
				begin = ends[i-1]
			}
			for _, f := range ids[begin:ends[i]] {
				row := (*[numStates]int32)(tr.w[int(f)*numStates:])
				for s := range e {
					e[s] += row[s]
				}
			}
		}
		pred := sc.states[:n]
		viterbi(&tr.trans, sc.emis[:n], sc.back[:n], pred)
		gold := in.gold[r[0]:r[1]]
		for i := range n {
			if pred[i] == gold[i] {
				continue
			}
			wrong++
			begin := 0
			if i > 0 {
				begin = ends[i-1]
			}
			for _, f := range ids[begin:ends[i]] {
				tr.bump(int(f)*numStates+int(gold[i]), 1)
				tr.bump(int(f)*numStates+int(pred[i]), -1)
			}
		}
		tr.bumpTransitions(gold, 1)
		tr.bumpTransitions(pred, -1)
		tr.c++
		in.doc.record(toks, pred)
	}
	return wrong
}

func (tr *trainer) bump(i int, d int32) {
	tr.w[i] += d
	tr.u[i] += tr.c * int64(d)
}

// bumpTransitions adds d to every transition along states; the gold and
// the predicted path's shared transitions cancel out.
func (tr *trainer) bumpTransitions(states []uint8, d int32) {
	c := tr.c * int64(d)
	first, last := states[0], states[len(states)-1]
	tr.trans.start[first] += d
	tr.tu.start[first] += c
	tr.trans.end[last] += d
	tr.tu.end[last] += c
	for i := 1; i < len(states); i++ {
		tr.trans.next[states[i-1]][states[i]] += d
		tr.tu.next[states[i-1]][states[i]] += c
	}
}

// average returns the averaged weights, scaled to int16 and pruned.
func (tr *trainer) average(prune float64) *modelData {
	c := float64(tr.c)
	avg := func(w int32, u int64) float64 { return float64(w) - float64(u)/c }
	maxAbs := 0.0
	for i, w := range tr.w {
		maxAbs = max(maxAbs, math.Abs(avg(w, tr.u[i])))
	}
	for s := range numStates {
		maxAbs = max(maxAbs, math.Abs(avg(tr.trans.start[s], tr.tu.start[s])), math.Abs(avg(tr.trans.end[s], tr.tu.end[s])))
		for q := range numStates {
			maxAbs = max(maxAbs, math.Abs(avg(tr.trans.next[s][q], tr.tu.next[s][q])))
		}
	}
	scale := 1.0
	if maxAbs > 0 {
		scale = math.MaxInt16 / maxAbs
	}
	quant := func(w int32, u int64) int16 {
		a := avg(w, u)
		if math.Abs(a) < prune {
			return 0
		}
		return int16(math.Round(a * scale))
	}
	d := &modelData{}
	for s := range numStates {
		d.trans.start[s] = int32(quant(tr.trans.start[s], tr.tu.start[s]))
		d.trans.end[s] = int32(quant(tr.trans.end[s], tr.tu.end[s]))
		for q := range numStates {
			d.trans.next[s][q] = int32(quant(tr.trans.next[s][q], tr.tu.next[s][q]))
		}
	}
	byKey := map[uint64][numStates]int16{}
	for id, h := range tr.keys {
		var row [numStates]int16
		nonzero := false
		for s := range row {
			i := id*numStates + s
			row[s] = quant(tr.w[i], tr.u[i])
			nonzero = nonzero || row[s] != 0
		}
		if nonzero {
			byKey[h] = row
		}
	}
	d.keys = sortedKeys(byKey)
	d.rows = make([]int16, 0, len(d.keys)*numStates)
	for _, k := range d.keys {
		row := byKey[k]
		d.rows = append(d.rows, row[:]...)
	}
	return d
}
