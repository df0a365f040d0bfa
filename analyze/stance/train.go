package stance

import (
	"errors"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
)

// corpus is the labelled pairs with every text parsed once: folds share
// the parses and only relearn word weights and models.
type corpus struct {
	pairs  []Pair
	labels []int
	head   []*doc // per pair
	group  []int  // per pair: index into bodies
	bodies []*doc // per group (distinct body)
	keys   []string
	unl    []*doc // unlabelled bodies: idf only
}

func newCorpus(pairs []Pair, unlabelled []string) *corpus {
	st := stemmer{}
	c := &corpus{pairs: pairs}
	heads := map[string]*doc{}
	groups := map[string]int{}
	for _, p := range pairs {
		h, ok := heads[p.Headline]
		if !ok {
			h = parse(p.Headline, st)
			heads[p.Headline] = h
		}
		g, ok := groups[p.Group]
		if !ok {
			g = len(c.bodies)
			groups[p.Group] = g
			c.bodies = append(c.bodies, parse(p.Body, st))
			c.keys = append(c.keys, p.Group)
		}
		c.head = append(c.head, h)
		c.group = append(c.group, g)
		c.labels = append(c.labels, labelIndex(p.Stance))
	}
	for _, u := range unlabelled {
		c.unl = append(c.unl, parse(u, st))
	}
	return c
}

// Training settings, chosen by 5-fold cross-validation on the even half of
// the FNC-1 competition set (README.md has the runs).
var (
	relFit = fitConfig{epochs: 8, rate: 0.05, l2: 1e-4, seed: 1}
	stFit  = fitConfig{epochs: 12, rate: 0.05, l2: 1e-5, seed: 2}
	// stanceWeightPower sets class weights (largest class / this class)^p for
	// the stance stage: 0 ignores rarity, 1 weighs every class alike.
	stanceWeightPower = 1.0
)

// fit trains a model on the pairs with the given indexes.
func (c *corpus) fit(idx []int) *Model {
	var docs []*doc
	seen := map[int]bool{}
	for _, i := range idx {
		if g := c.group[i]; !seen[g] {
			seen[g] = true
			docs = append(docs, c.bodies[g])
		}
	}
	m := &Model{idf: learnIDF(append(docs, c.unl...))}
	m.Info.Bodies = len(docs) + len(c.unl)
	m.Info.Pairs = len(idx)
	feats := c.features(m, idx)
	rel := make([]pairFeatures, len(idx))
	relY := make([]int, len(idx))
	var stX []pairFeatures
	var stY []int
	for k, i := range idx {
		rel[k] = pairFeatures{dense: feats[k].dense[:len(relNames)]}
		if c.labels[i] != unrelated {
			relY[k] = 1
			stX = append(stX, feats[k])
			stY = append(stY, c.labels[i]-1)
		}
	}
	m.rel = fitLinear(rel, relY, 2, []float64{1, 1}, false, relFit)
	var count [3]float64
	for _, y := range stY {
		count[y]++
	}
	most := slices.Max(count[:])
	w := make([]float64, 3)
	for k := range w {
		w[k] = math.Pow(most/math.Max(1, count[k]), stanceWeightPower)
	}
	m.st = fitLinear(stX, stY, 3, w, true, stFit)
	m.st.quantise()
	return m
}

// features computes the features of the pairs with the given indexes under
// m's word weights, preparing each body once.
func (c *corpus) features(m *Model, idx []int) []pairFeatures {
	prepared := map[int]*body{}
	out := make([]pairFeatures, len(idx))
	for k, i := range idx {
		g := c.group[i]
		b, ok := prepared[g]
		if !ok {
			b = prepareBody(c.bodies[g], &m.idf)
			prepared[g] = b
		}
		out[k] = features(c.head[i], b, &m.idf, true)
	}
	return out
}

func (c *corpus) predict(m *Model, idx []int) []int {
	feats := c.features(m, idx)
	out := make([]int, len(idx))
	for k := range feats {
		_, out[k] = m.decide(&feats[k])
	}
	return out
}

// Train fits a model on all the pairs; unlabelled bodies add to the word
// weights only. The same inputs give the same model.
func Train(pairs []Pair, unlabelled []string) (*Model, error) {
	if err := check(pairs); err != nil {
		return nil, err
	}
	c := newCorpus(pairs, unlabelled)
	idx := make([]int, len(pairs))
	for i := range idx {
		idx[i] = i
	}
	m := c.fit(idx)
	m.Info.Training = Score(c.labels, c.predict(m, idx))
	return m, nil
}

func check(pairs []Pair) error {
	var has [4]bool
	for _, p := range pairs {
		if l := labelIndex(p.Stance); l >= 0 {
			has[l] = true
		} else {
			return errors.New("stance: unknown label " + p.Stance)
		}
	}
	for l, ok := range has {
		if !ok {
			return errors.New("stance: no training pair is labelled " + Labels[l])
		}
	}
	return nil
}

// CV is the outcome of a cross-validation: every pair scored by a model
// that never saw its body.
type CV struct {
	Folds    int    `json:"folds"`
	Seed     uint64 `json:"seed"`
	Model    Scores `json:"model"`
	Baseline Scores `json:"baseline"`
}

// Folds splits the pairs into k folds by body: all pairs of one body fall in
// the same fold, so no fold is scored on a body its model was trained on.
// Bodies are dealt round-robin in an order shuffled by seed.
func Folds(pairs []Pair, k int, seed uint64) [][]int {
	var keys []string
	at := map[string]int{}
	for _, p := range pairs {
		if _, ok := at[p.Group]; !ok {
			at[p.Group] = 0
			keys = append(keys, p.Group)
		}
	}
	slices.Sort(keys)
	rng := rand.New(rand.NewPCG(seed, 0xf01d))
	rng.Shuffle(len(keys), func(a, b int) { keys[a], keys[b] = keys[b], keys[a] })
	for i, key := range keys {
		at[key] = i % k
	}
	folds := make([][]int, k)
	for i, p := range pairs {
		f := at[p.Group]
		folds[f] = append(folds[f], i)
	}
	return folds
}

// CrossValidate scores the model and the baseline by k-fold cross-validation
// grouped by body. Only the first `run` folds are trained and scored when
// run is between 1 and k (a quicker check); otherwise all k are.
func CrossValidate(pairs []Pair, unlabelled []string, k, run int, seed uint64) (CV, error) {
	if k < 2 {
		return CV{}, errors.New("stance: cross-validation needs at least 2 folds")
	}
	if err := check(pairs); err != nil {
		return CV{}, err
	}
	if run < 1 || run > k {
		run = k
	}
	c := newCorpus(pairs, unlabelled)
	folds := Folds(pairs, k, seed)
	type result struct{ model, base []int }
	results := make([]result, run)
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for f := range run {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			var train []int
			for g, fold := range folds {
				if g != f {
					train = append(train, fold...)
				}
			}
			m := c.fit(train)
			b := c.fitBaseline(train)
			results[f] = result{c.predict(m, folds[f]), c.predictBaseline(b, folds[f])}
		}()
	}
	wg.Wait()
	var gold, pm, pb []int
	for f := range run {
		for k, i := range folds[f] {
			gold = append(gold, c.labels[i])
			pm = append(pm, results[f].model[k])
			pb = append(pb, results[f].base[k])
		}
	}
	return CV{Folds: k, Seed: seed, Model: Score(gold, pm), Baseline: Score(gold, pb)}, nil
}

// Evaluate scores m on the pairs.
func Evaluate(m *Model, pairs []Pair) Scores {
	c := newCorpus(pairs, nil)
	idx := make([]int, len(pairs))
	gold := make([]int, len(pairs))
	for i := range idx {
		idx[i] = i
		gold[i] = c.labels[i]
	}
	return Score(gold, c.predict(m, idx))
}

// StoryGroups returns the pairs regrouped by story: bodies joined through
// the headlines they are related to (agree, disagree or discuss) share a
// group. Folds by story score claims and bodies of stories the model never
// saw, which is what a new claim in the app is; folds by body alone let a
// headline seen with other bodies be scored again.
func StoryGroups(pairs []Pair) []Pair {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok || p == x {
			parent[x] = x
			return x
		}
		r := find(p)
		parent[x] = r
		return r
	}
	for _, p := range pairs {
		find("b:" + p.Group)
		if p.Stance != Labels[unrelated] {
			a, b := find("h:"+p.Headline), find("b:"+p.Group)
			if a != b {
				parent[max(a, b)] = min(a, b)
			}
		}
	}
	out := slices.Clone(pairs)
	for i := range out {
		out[i].Group = "story:" + find("b:"+out[i].Group)
	}
	return out
}
