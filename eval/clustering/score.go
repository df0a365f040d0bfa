package clustering

import (
	"fmt"
	"maps"
	"slices"
)

// Scores compares a predicted clustering with the gold one over the same
// documents.
type Scores struct {
	// BCubed (Bagga & Baldwin 1998), averaged over documents: a document's
	// precision is the share of its predicted cluster that is in its gold
	// cluster, its recall the share of its gold cluster that is in its
	// predicted cluster (both counting the document itself). F1 is the
	// harmonic mean of the two averages.
	BCubedPrecision float64 `json:"bcubed_precision"`
	BCubedRecall    float64 `json:"bcubed_recall"`
	BCubedF1        float64 `json:"bcubed_f1"`
	// Pairwise: over unordered pairs of documents, precision is the share
	// of pairs put together that are together in gold, recall the share of
	// gold pairs put together. With no pair predicted (or none in gold)
	// precision (recall) is 1: nothing was claimed wrongly (missed).
	PairwisePrecision float64 `json:"pairwise_precision"`
	PairwiseRecall    float64 `json:"pairwise_recall"`
	PairwiseF1        float64 `json:"pairwise_f1"`
	Clusters          int     `json:"clusters"`      // predicted clusters
	GoldClusters      int     `json:"gold_clusters"` // gold clusters
	Documents         int     `json:"documents"`
}

// Score scores the predicted cluster of each document against its gold
// cluster: pred[i] and gold[i] name document i's clusters (any strings;
// only equality matters). Both must have the same length.
//
// It works from the contingency table (how many documents each predicted
// and gold cluster share), so it costs O(documents), not O(pairs).
func Score(pred, gold []string) (Scores, error) {
	if len(pred) != len(gold) {
		return Scores{}, fmt.Errorf("clustering: %d predicted and %d gold labels", len(pred), len(gold))
	}
	n := len(pred)
	s := Scores{Documents: n}
	if n == 0 {
		return s, nil
	}
	type cell struct{ p, g string }
	joint := map[cell]int{}
	ps, gs := map[string]int{}, map[string]int{}
	for i := range pred {
		joint[cell{pred[i], gold[i]}]++
		ps[pred[i]]++
		gs[gold[i]]++
	}
	s.Clusters, s.GoldClusters = len(ps), len(gs)

	// Each of the k documents in cell (p, g) has precision k/|p| and
	// recall k/|g|, so the cell adds k²/|p| and k²/|g| to the sums. The
	// k² are summed exactly per cluster first, and the divisions added in
	// sorted cluster order, so the figures do not depend on map order in
	// their last digit.
	sqP, sqG := map[string]int{}, map[string]int{}
	var tp, predPairs, goldPairs int
	for c, k := range joint {
		sqP[c.p] += k * k
		sqG[c.g] += k * k
		tp += pairs(k)
	}
	var sumP, sumR float64
	for _, p := range slices.Sorted(maps.Keys(ps)) {
		sumP += float64(sqP[p]) / float64(ps[p])
		predPairs += pairs(ps[p])
	}
	for _, g := range slices.Sorted(maps.Keys(gs)) {
		sumR += float64(sqG[g]) / float64(gs[g])
		goldPairs += pairs(gs[g])
	}
	s.BCubedPrecision, s.BCubedRecall = sumP/float64(n), sumR/float64(n)
	s.BCubedF1 = f1(s.BCubedPrecision, s.BCubedRecall)
	s.PairwisePrecision, s.PairwiseRecall = ratio(tp, predPairs), ratio(tp, goldPairs)
	s.PairwiseF1 = f1(s.PairwisePrecision, s.PairwiseRecall)
	return s, nil
}

// Mean averages runs figure by figure (cluster counts too, rounded to the
// nearest whole number); it is how the ECB+ score over several orders is
// reported. F1 is the mean of the runs' F1s, not recomputed from the mean
// precision and recall, so it is the expected figure of one run.
func Mean(runs []Scores) Scores {
	var m Scores
	if len(runs) == 0 {
		return m
	}
	var clusters, gold, docs int
	for _, r := range runs {
		m.BCubedPrecision += r.BCubedPrecision
		m.BCubedRecall += r.BCubedRecall
		m.BCubedF1 += r.BCubedF1
		m.PairwisePrecision += r.PairwisePrecision
		m.PairwiseRecall += r.PairwiseRecall
		m.PairwiseF1 += r.PairwiseF1
		clusters += r.Clusters
		gold += r.GoldClusters
		docs += r.Documents
	}
	k := float64(len(runs))
	m.BCubedPrecision /= k
	m.BCubedRecall /= k
	m.BCubedF1 /= k
	m.PairwisePrecision /= k
	m.PairwiseRecall /= k
	m.PairwiseF1 /= k
	round := func(x int) int { return (2*x + len(runs)) / (2 * len(runs)) }
	m.Clusters, m.GoldClusters, m.Documents = round(clusters), round(gold), round(docs)
	return m
}

func pairs(k int) int { return k * (k - 1) / 2 }

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
