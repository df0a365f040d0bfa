package timeml

import "sort"

// Counts are the tallies behind a Report, summed over documents.
type Counts struct {
	Documents int `json:"documents"`
	Gold      int `json:"gold"`
	Predicted int `json:"predicted"`
	// Strict counts aligned pairs with the same span; Relaxed every aligned
	// pair (spans overlap); Type and Value the relaxed pairs whose type or
	// value is the gold one.
	Strict  int `json:"strict_matches"`
	Relaxed int `json:"relaxed_matches"`
	Type    int `json:"type_matches"`
	Value   int `json:"value_matches"`
}

// Align pairs each gold timex with at most one predicted timex whose span
// overlaps it, and the other way round: pairs are taken greedily, most
// shared bytes first, ties by position. It returns, for each gold timex, the
// index of its predicted partner or -1.
func Align(gold, pred []Timex) []int {
	type pair struct{ g, p, shared int }
	var pairs []pair
	for gi, g := range gold {
		for pi, p := range pred {
			if s := min(g.End, p.End) - max(g.Start, p.Start); s > 0 {
				pairs = append(pairs, pair{gi, pi, s})
			}
		}
	}
	sort.SliceStable(pairs, func(i, j int) bool {
		if pairs[i].shared != pairs[j].shared {
			return pairs[i].shared > pairs[j].shared
		}
		if pairs[i].g != pairs[j].g {
			return pairs[i].g < pairs[j].g
		}
		return pairs[i].p < pairs[j].p
	})
	match := make([]int, len(gold))
	for i := range match {
		match[i] = -1
	}
	used := make([]bool, len(pred))
	for _, pr := range pairs {
		if match[pr.g] < 0 && !used[pr.p] {
			match[pr.g], used[pr.p] = pr.p, true
		}
	}
	return match
}

// Score compares one document's predicted timexes with its gold ones.
func Score(gold, pred []Timex) Counts {
	c := Counts{Documents: 1, Gold: len(gold), Predicted: len(pred)}
	for gi, pi := range Align(gold, pred) {
		if pi < 0 {
			continue
		}
		g, p := gold[gi], pred[pi]
		c.Relaxed++
		if g.Start == p.Start && g.End == p.End {
			c.Strict++
		}
		if g.Type == p.Type {
			c.Type++
		}
		if g.Value == p.Value {
			c.Value++
		}
	}
	return c
}

// Add sums another document's counts into c.
func (c *Counts) Add(o Counts) {
	c.Documents += o.Documents
	c.Gold += o.Gold
	c.Predicted += o.Predicted
	c.Strict += o.Strict
	c.Relaxed += o.Relaxed
	c.Type += o.Type
	c.Value += o.Value
}

// Report is what `parallax eval dates` prints.
type Report struct {
	StrictF1         float64 `json:"strict_f1"`
	StrictPrecision  float64 `json:"strict_precision"`
	StrictRecall     float64 `json:"strict_recall"`
	RelaxedF1        float64 `json:"relaxed_f1"`
	RelaxedPrecision float64 `json:"relaxed_precision"`
	RelaxedRecall    float64 `json:"relaxed_recall"`
	// TypeAccuracy and ValueAccuracy are over the relaxed matches;
	// TypeF1 and ValueF1 are RelaxedF1 times them, as the TempEval-3 scorer
	// reports "attribute F1".
	TypeAccuracy  float64 `json:"type_accuracy"`
	ValueAccuracy float64 `json:"value_accuracy"`
	TypeF1        float64 `json:"type_f1"`
	ValueF1       float64 `json:"value_f1"`
	Counts
}

// Report computes the scores from the counts.
func (c Counts) Report() Report {
	r := Report{Counts: c}
	r.StrictPrecision, r.StrictRecall, r.StrictF1 = prf(c.Strict, c.Predicted, c.Gold)
	r.RelaxedPrecision, r.RelaxedRecall, r.RelaxedF1 = prf(c.Relaxed, c.Predicted, c.Gold)
	if c.Relaxed > 0 {
		r.TypeAccuracy = float64(c.Type) / float64(c.Relaxed)
		r.ValueAccuracy = float64(c.Value) / float64(c.Relaxed)
	}
	r.TypeF1 = r.RelaxedF1 * r.TypeAccuracy
	r.ValueF1 = r.RelaxedF1 * r.ValueAccuracy
	return r
}

func prf(match, pred, gold int) (p, r, f float64) {
	if pred > 0 {
		p = float64(match) / float64(pred)
	}
	if gold > 0 {
		r = float64(match) / float64(gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}
