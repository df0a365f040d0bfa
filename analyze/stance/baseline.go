package stance

// The baseline is the official FNC-1 baseline's features (word overlap,
// refuting words, polarity, headline words and n-grams found in the body and
// its start) under one four-class softmax instead of the official gradient
// boosting. It is the bar the model must clear, measured in the same folds.

// baselineRefuting is the official baseline's word list.
var baselineRefuting = []string{"fake", "fraud", "hoax", "false", "deny", "denies", "not", "despite",
	"nope", "doubt", "doubts", "bogus", "debunk", "pranks", "retract"}

// baselineStart is how many words stand for the official "first 255
// characters" of the body.
const baselineStart = 40

func baselineFeatures(h, b *doc) pairFeatures {
	var x []float64
	// Jaccard overlap of the stems.
	hs, bs := map[string]bool{}, map[string]bool{}
	for _, s := range h.stem {
		hs[s] = true
	}
	for _, s := range b.stem {
		bs[s] = true
	}
	inter := 0
	for s := range hs {
		if bs[s] {
			inter++
		}
	}
	x = append(x, ratio(inter, len(hs)+len(bs)-inter))
	hl := map[string]bool{}
	for _, w := range h.low {
		hl[w] = true
	}
	var hPol, bPol int
	for _, w := range baselineRefuting {
		x = append(x, boolf(hl[w]))
		if hl[w] {
			hPol++
		}
	}
	for _, w := range b.low {
		for _, r := range baselineRefuting {
			if w == r {
				bPol++
			}
		}
	}
	x = append(x, float64(hPol%2), float64(bPol%2))
	// Headline words (all, and content only) and n-grams in the body and its start.
	start := min(baselineStart, len(b.stem))
	startSet := map[string]bool{}
	for _, s := range b.stem[:start] {
		startSet[s] = true
	}
	var inB, inS, cB, cS float64
	for i, s := range h.stem {
		inB += boolf(bs[s])
		inS += boolf(startSet[s])
		if !h.stop[i] {
			cB += boolf(bs[s])
			cS += boolf(startSet[s])
		}
	}
	x = append(x, inB, inS, cB, cS)
	for n := 2; n <= 6; n++ {
		grams := map[string]int{}
		for i := 0; i+n <= len(b.stem); i++ {
			grams[joinGram(b.stem[i:i+n])]++
		}
		startGrams := map[string]bool{}
		for i := 0; i+n <= start; i++ {
			startGrams[joinGram(b.stem[i:i+n])] = true
		}
		var cnt, early float64
		for i := 0; i+n <= len(h.stem); i++ {
			g := joinGram(h.stem[i : i+n])
			cnt += float64(grams[g])
			early += boolf(startGrams[g])
		}
		x = append(x, cnt, early)
	}
	return pairFeatures{dense: x}
}

func joinGram(ws []string) string {
	n := 0
	for _, w := range ws {
		n += len(w) + 1
	}
	b := make([]byte, 0, n)
	for _, w := range ws {
		b = append(b, w...)
		b = append(b, ' ')
	}
	return string(b)
}

var baselineFit = fitConfig{epochs: 8, rate: 0.05, l2: 1e-4, seed: 3}

func (c *corpus) baselineX(idx []int) []pairFeatures {
	out := make([]pairFeatures, len(idx))
	for k, i := range idx {
		out[k] = baselineFeatures(c.head[i], c.bodies[c.group[i]])
	}
	return out
}

func (c *corpus) fitBaseline(idx []int) *linear {
	ys := make([]int, len(idx))
	for k, i := range idx {
		ys[k] = c.labels[i]
	}
	return fitLinear(c.baselineX(idx), ys, 4, []float64{1, 1, 1, 1}, false, baselineFit)
}

func (c *corpus) predictBaseline(m *linear, idx []int) []int {
	out := make([]int, len(idx))
	p := make([]float64, 4)
	for k, f := range c.baselineX(idx) {
		m.probs(&f, p)
		best := 0
		for j := range p {
			if p[j] > p[best] {
				best = j
			}
		}
		out[k] = best
	}
	return out
}
