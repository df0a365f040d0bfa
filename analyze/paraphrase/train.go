package paraphrase

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
)

// Metrics are a classifier's scores on labelled pairs, "same" being the
// positive class.
type Metrics struct {
	Pairs     int     `json:"pairs"`
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Accuracy  float64 `json:"accuracy"`
	// MajorityF1 is the F1 of always answering the pairs' more frequent
	// label: the baseline any model must beat (0 when "different" prevails).
	MajorityF1 float64 `json:"majority_f1"`
}

// Evaluate scores m on pairs at its threshold.
func Evaluate(m *Model, pairs []Pair) Metrics {
	scores := make([]float64, len(pairs))
	for i, p := range pairs {
		scores[i] = m.Score(p.A, p.B)
	}
	return metrics(pairs, scores, m.Threshold)
}

func metrics(pairs []Pair, scores []float64, threshold float64) Metrics {
	var tp, fp, fn, tn, pos int
	for i, p := range pairs {
		same := scores[i] >= threshold
		switch {
		case same && p.Same:
			tp++
		case same:
			fp++
		case p.Same:
			fn++
		default:
			tn++
		}
		if p.Same {
			pos++
		}
	}
	m := Metrics{Pairs: len(pairs)}
	if len(pairs) == 0 {
		return m
	}
	m.Precision = ratio(tp, tp+fp)
	m.Recall = ratio(tp, tp+fn)
	m.F1 = ratio(2*tp, 2*tp+fp+fn)
	m.Accuracy = ratio(tp+tn, len(pairs))
	if 2*pos >= len(pairs) {
		m.MajorityF1 = ratio(2*pos, pos+len(pairs))
	}
	return m
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// lambda is the L2 penalty on the standardised weights: light, since 20
// features against thousands of pairs hardly overfit, but enough to keep the
// Newton steps well conditioned when two overlap measures move together.
const lambda = 1.0

// Train fits a model on train and tunes its threshold for F1 on dev. It is
// deterministic: the same pairs give the same model.
func Train(train, dev []Pair) (*Model, error) {
	m := &Model{Features: featureNames[:], IDF: idf(train)}
	xs, ys := matrix(&m.IDF, train)
	if len(xs) == 0 {
		return nil, errors.New("paraphrase: no training pairs with words on both sides")
	}
	if len(dev) == 0 {
		return nil, errors.New("paraphrase: no pairs to tune the threshold on")
	}
	var npos int
	for _, y := range ys {
		if y == 1 {
			npos++
		}
	}
	if npos == 0 || npos == len(ys) {
		return nil, errors.New("paraphrase: the training pairs need both labels")
	}
	m.Mean, m.Scale = standardise(xs)
	w, err := fit(xs, ys, m.Mean, m.Scale)
	if err != nil {
		return nil, err
	}
	m.Weights, m.Bias = w[:nFeatures], w[nFeatures]

	scores := make([]float64, len(dev))
	for i, p := range dev {
		scores[i] = m.Score(p.A, p.B)
	}
	m.Threshold = tune(dev, scores)
	m.Dev = metrics(dev, scores, m.Threshold)
	m.Train = Evaluate(m, train)
	return m, nil
}

// matrix computes the feature vectors of the pairs. Pairs with a side that
// has no words are left out: Score answers 0 for them whatever the weights.
func matrix(idf *IDF, pairs []Pair) ([][nFeatures]float64, []float64) {
	var xs [][nFeatures]float64
	var ys []float64
	for _, p := range pairs {
		a, b := Parse(p.A), Parse(p.B)
		if a.Len() == 0 || b.Len() == 0 {
			continue
		}
		var x [nFeatures]float64
		features(idf, a, b, &x)
		xs = append(xs, x)
		ys = append(ys, float64(boolNum(p.Same)))
	}
	return xs, ys
}

// idfWords is how many of the most frequent content stems the model lists
// with their own weight: enough to tell "year" and "official" from "ambassador",
// few enough to keep the model file small; rarer stems hardly differ in weight.
const idfWords = 1000

// idf counts in how many of the pairs' sentences each content stem occurs
// and weighs the idfWords most frequent ones, rounded to four decimals to
// keep the model file small (the features use the rounded weights too).
func idf(pairs []Pair) IDF {
	df := map[string]int{}
	for _, p := range pairs {
		for _, s := range [2]string{p.A, p.B} {
			for _, st := range Parse(s).content {
				df[st]++
			}
		}
	}
	stems := slices.Collect(maps.Keys(df))
	slices.SortFunc(stems, func(a, b string) int { return cmp.Or(cmp.Compare(df[b], df[a]), strings.Compare(a, b)) })
	n := float64(2 * len(pairs))
	weigh := func(d int) float64 { return math.Round(math.Log(n/float64(d))*1e4) / 1e4 }
	r := IDF{Weights: map[string]float64{}, Rest: weigh(1)}
	for i, st := range stems {
		if i == idfWords {
			r.Rest = weigh(df[st])
			break
		}
		r.Weights[st] = weigh(df[st])
	}
	return r
}

// standardise returns each feature's mean and standard deviation (1 for a
// constant feature, so scaling never divides by zero).
func standardise(xs [][nFeatures]float64) (mean, scale []float64) {
	mean, scale = make([]float64, nFeatures), make([]float64, nFeatures)
	n := float64(len(xs))
	for _, x := range xs {
		for j, v := range x {
			mean[j] += v / n
		}
	}
	for _, x := range xs {
		for j, v := range x {
			scale[j] += (v - mean[j]) * (v - mean[j]) / n
		}
	}
	for j := range scale {
		scale[j] = math.Sqrt(scale[j])
		if scale[j] < 1e-12 {
			scale[j] = 1
		}
	}
	return mean, scale
}

// fit runs Newton's method on the L2-penalised logistic loss and returns
// the weights with the bias last. With 21 parameters each step is an exact
// solve, so training converges in a handful of steps and needs no learning
// rate or random order: it is deterministic.
func fit(xs [][nFeatures]float64, ys []float64, mean, scale []float64) ([]float64, error) {
	const d = nFeatures + 1
	w := make([]float64, d)
	z := make([]float64, d)
	for iter := 0; iter < 100; iter++ {
		var h [d][d]float64
		var g [d]float64
		for i, x := range xs {
			for j := range nFeatures {
				z[j] = (x[j] - mean[j]) / scale[j]
			}
			z[nFeatures] = 1
			s := 0.0
			for j := range d {
				s += w[j] * z[j]
			}
			p := 1 / (1 + math.Exp(-s))
			r, v := p-ys[i], p*(1-p)
			for j := range d {
				g[j] += r * z[j]
				for k := 0; k <= j; k++ {
					h[j][k] += v * z[j] * z[k]
				}
			}
		}
		for j := range nFeatures { // the bias is not penalised
			g[j] += lambda * w[j]
			h[j][j] += lambda
		}
		step, err := cholesky(h, g)
		if err != nil {
			return nil, fmt.Errorf("paraphrase: training: %w", err)
		}
		moved := 0.0
		for j := range d {
			w[j] -= step[j]
			moved = max(moved, math.Abs(step[j]))
		}
		if moved < 1e-10 {
			return w, nil
		}
	}
	return nil, errors.New("paraphrase: training did not converge in 100 Newton steps")
}

// cholesky solves h·x = g for a symmetric positive definite h of which only
// the lower triangle is filled.
func cholesky(h [nFeatures + 1][nFeatures + 1]float64, g [nFeatures + 1]float64) ([]float64, error) {
	const d = nFeatures + 1
	var l [d][d]float64
	for i := range d {
		for j := 0; j <= i; j++ {
			s := h[i][j]
			for k := range j {
				s -= l[i][k] * l[j][k]
			}
			if i == j {
				if s <= 0 {
					return nil, errors.New("the Hessian is not positive definite")
				}
				l[i][i] = math.Sqrt(s)
			} else {
				l[i][j] = s / l[j][j]
			}
		}
	}
	y := make([]float64, d)
	for i := range d {
		s := g[i]
		for k := range i {
			s -= l[i][k] * y[k]
		}
		y[i] = s / l[i][i]
	}
	x := make([]float64, d)
	for i := d - 1; i >= 0; i-- {
		s := y[i]
		for k := i + 1; k < d; k++ {
			s -= l[k][i] * x[k]
		}
		x[i] = s / l[i][i]
	}
	return x, nil
}

// tune returns the threshold, on a grid of hundredths, with the best F1 on
// pairs averaged over the neighbouring thresholds (±0.03): on a few hundred
// pairs the F1 curve is jagged, and a lone spike is chance that a held-back
// set would not repeat. Ties go to the lower threshold.
func tune(pairs []Pair, scores []float64) float64 {
	const window = 3
	var f1 [100]float64
	for k := 1; k < 100; k++ {
		f1[k] = metrics(pairs, scores, float64(k)/100).F1
	}
	best, bestF1 := 50, -1.0
	for k := 1; k < 100; k++ {
		sum, n := 0.0, 0
		for j := max(1, k-window); j <= min(99, k+window); j++ {
			sum += f1[j]
			n++
		}
		if avg := sum / float64(n); avg > bestF1 {
			best, bestF1 = k, avg
		}
	}
	return float64(best) / 100
}

// Write writes the model as indented JSON.
func (m *Model) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(m); err != nil {
		return fmt.Errorf("paraphrase: writing model: %w", err)
	}
	return nil
}
