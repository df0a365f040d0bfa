package clustering

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestScore checks the scorer on a clustering small enough to score by
// hand. Gold: d1–d4 in A, d5 in B. Predicted: {d1,d2} and {d3,d4,d5}.
//
//	BCubed precision: d1 2/2, d2 2/2, d3 2/3, d4 2/3, d5 1/3 → (11/3)/5 = 11/15
//	BCubed recall:    d1 2/4, d2 2/4, d3 2/4, d4 2/4, d5 1/1 → 3/5
//	BCubed F1:        2·(11/15)(3/5)/(11/15+3/5) = 0.66
//	pairs predicted 1+3 = 4, gold 6, both 1+1 = 2: P 1/2, R 1/3, F1 0.4
func TestScore(t *testing.T) {
	pred := []string{"x", "x", "y", "y", "y"}
	gold := []string{"A", "A", "A", "A", "B"}
	s, err := Score(pred, gold)
	if err != nil {
		t.Fatal(err)
	}
	want := Scores{
		BCubedPrecision: 11.0 / 15, BCubedRecall: 3.0 / 5, BCubedF1: 0.66,
		PairwisePrecision: 0.5, PairwiseRecall: 1.0 / 3, PairwiseF1: 0.4,
		Clusters: 2, GoldClusters: 2, Documents: 5,
	}
	checkScores(t, s, want)

	// Swapping the roles of prediction and gold swaps precision and recall.
	s, _ = Score(gold, pred)
	want.BCubedPrecision, want.BCubedRecall = want.BCubedRecall, want.BCubedPrecision
	want.PairwisePrecision, want.PairwiseRecall = want.PairwiseRecall, want.PairwisePrecision
	checkScores(t, s, want)
}

func TestScoreEdges(t *testing.T) {
	// Every document alone: nothing wrongly joined (precision 1), half of
	// each gold pair's documents missed.
	s, _ := Score([]string{"1", "2", "3", "4"}, []string{"A", "A", "B", "B"})
	checkScores(t, s, Scores{
		BCubedPrecision: 1, BCubedRecall: 0.5, BCubedF1: 2.0 / 3,
		PairwisePrecision: 1, PairwiseRecall: 0, PairwiseF1: 0,
		Clusters: 4, GoldClusters: 2, Documents: 4,
	})
	// One cluster for everything: recall 1, precision by the gold sizes.
	s, _ = Score([]string{"z", "z", "z", "z"}, []string{"A", "A", "A", "B"})
	checkScores(t, s, Scores{
		BCubedPrecision: (3*0.75 + 0.25) / 4, BCubedRecall: 1, BCubedF1: f1((3*0.75+0.25)/4, 1),
		PairwisePrecision: 0.5, PairwiseRecall: 1, PairwiseF1: 2.0 / 3,
		Clusters: 1, GoldClusters: 2, Documents: 4,
	})
	// Perfect, whatever the names.
	s, _ = Score([]string{"p", "q", "p"}, []string{"A", "B", "A"})
	if s.BCubedF1 != 1 || s.PairwiseF1 != 1 {
		t.Errorf("perfect clustering scored %+v", s)
	}
	if s, err := Score(nil, nil); err != nil || s.Documents != 0 {
		t.Errorf("empty: %+v %v", s, err)
	}
	if _, err := Score([]string{"a"}, nil); err == nil {
		t.Error("different lengths: no error")
	}
}

func TestMean(t *testing.T) {
	m := Mean([]Scores{
		{BCubedF1: 0.5, BCubedPrecision: 1, Clusters: 3, GoldClusters: 2, Documents: 10},
		{BCubedF1: 0.7, BCubedPrecision: 0, Clusters: 4, GoldClusters: 2, Documents: 10},
	})
	if !near(m.BCubedF1, 0.6) || !near(m.BCubedPrecision, 0.5) || m.Clusters != 4 || m.GoldClusters != 2 || m.Documents != 10 {
		t.Errorf("mean %+v", m)
	}
	if (Mean(nil) != Scores{}) {
		t.Error("mean of nothing is not zero")
	}
}

func checkScores(t *testing.T, got, want Scores) {
	t.Helper()
	pairs := [][3]any{
		{"bcubed_precision", got.BCubedPrecision, want.BCubedPrecision},
		{"bcubed_recall", got.BCubedRecall, want.BCubedRecall},
		{"bcubed_f1", got.BCubedF1, want.BCubedF1},
		{"pairwise_precision", got.PairwisePrecision, want.PairwisePrecision},
		{"pairwise_recall", got.PairwiseRecall, want.PairwiseRecall},
		{"pairwise_f1", got.PairwiseF1, want.PairwiseF1},
	}
	for _, p := range pairs {
		if !near(p[1].(float64), p[2].(float64)) {
			t.Errorf("%s = %.6f, want %.6f", p[0], p[1], p[2])
		}
	}
	if got.Clusters != want.Clusters || got.GoldClusters != want.GoldClusters || got.Documents != want.Documents {
		t.Errorf("counts %d/%d/%d, want %d/%d/%d", got.Clusters, got.GoldClusters, got.Documents,
			want.Clusters, want.GoldClusters, want.Documents)
	}
}
