package stance

// Labels are the four FNC-1 stances, in the order of confusion matrices.
var Labels = [4]string{"unrelated", "discuss", "agree", "disagree"}

const unrelated = 0

func labelIndex(s string) int {
	for i, l := range Labels {
		if l == s {
			return i
		}
	}
	return -1
}

// ClassScores are one label's precision, recall and F1 over the pairs.
type ClassScores struct {
	Precision float64 `json:"precision"`
	Recall    float64 `json:"recall"`
	F1        float64 `json:"f1"`
	Support   int     `json:"support"` // pairs with this gold label
}

// Scores are a classifier's figures on labelled pairs.
type Scores struct {
	Pairs int `json:"pairs"`
	// FNCScore is the official FNC-1 score as a fraction of the best
	// possible: 0.25 for each pair correctly called related or unrelated, and
	// 0.75 more for each related pair given its exact stance.
	FNCScore float64 `json:"fnc_score"`
	FNCRaw   float64 `json:"fnc_raw"`
	FNCMax   float64 `json:"fnc_max"`
	Accuracy float64 `json:"accuracy"`
	// MacroF1 is the unweighted mean of the four labels' F1.
	MacroF1 float64 `json:"macro_f1"`
	// RelatedAccuracy is the share of pairs correctly called related or not.
	RelatedAccuracy float64                `json:"related_accuracy"`
	PerClass        map[string]ClassScores `json:"per_class"`
	// Confusion counts pairs by gold label (rows) and prediction (columns),
	// both in Labels order.
	Confusion [4][4]int `json:"confusion"`
	Labels    [4]string `json:"labels"`
}

// Score computes the figures of predicted against gold labels (indexes
// into Labels), as the official FNC-1 scorer does.
func Score(gold, pred []int) Scores {
	s := Scores{Pairs: len(gold), Labels: Labels, PerClass: map[string]ClassScores{}}
	var correct, relCorrect int
	for i, g := range gold {
		p := pred[i]
		s.Confusion[g][p]++
		if g == p {
			correct++
		}
		if (g == unrelated) == (p == unrelated) {
			relCorrect++
			s.FNCRaw += 0.25
			if g != unrelated && g == p {
				s.FNCRaw += 0.75
			}
		}
		if g == unrelated {
			s.FNCMax += 0.25
		} else {
			s.FNCMax++
		}
	}
	if len(gold) == 0 {
		return s
	}
	s.FNCScore = s.FNCRaw / s.FNCMax
	s.Accuracy = float64(correct) / float64(len(gold))
	s.RelatedAccuracy = float64(relCorrect) / float64(len(gold))
	for c, l := range Labels {
		var tp, gsum, psum int
		for o := range Labels {
			gsum += s.Confusion[c][o]
			psum += s.Confusion[o][c]
		}
		tp = s.Confusion[c][c]
		cs := ClassScores{Precision: ratio(tp, psum), Recall: ratio(tp, gsum), F1: ratio(2*tp, gsum+psum), Support: gsum}
		s.PerClass[l] = cs
		s.MacroF1 += cs.F1 / float64(len(Labels))
	}
	return s
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}
