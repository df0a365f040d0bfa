package rouge

import (
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strconv"
)

// Comparison is parallax's ROUGE set beside an official ROUGE-1.5.5 output
// on the same summaries.
type Comparison struct {
	Options Options            `json:"-"`
	Systems []SystemComparison `json:"systems"`
	// MaxRecallDiff is the largest |ours − official| over every system's
	// ROUGE-1 and ROUGE-2 average recall: what the acceptance bounds.
	MaxRecallDiff float64 `json:"max_recall_diff"`
	// DocScores counts the per-document figures compared (systems ×
	// documents × n) and DocScoresMatching those whose recall, precision
	// and F all equal the official ones to the five printed decimals.
	DocScores         int `json:"document_scores"`
	DocScoresMatching int `json:"document_scores_matching"`
}

// SystemComparison is one system's ROUGE-1 … ROUGE-MaxN.
type SystemComparison struct {
	System    string        `json:"system"`
	Documents int           `json:"documents"`
	ROUGE     []NComparison `json:"rouge"`
}

// NComparison is one system's ROUGE-N, ours and official.
type NComparison struct {
	N int `json:"n"`
	// PRF is ours: the mean over documents of the per-document scores.
	PRF
	// Official is the Average_R/P/F that ROUGE printed.
	Official PRF `json:"official"`
	// OfficialDocMean is the mean of ROUGE's own per-document figures.
	// It is what ours reproduces; the printed average differs from it by
	// up to 0.0007 because ROUGE averages over bootstrap resamples of the
	// documents (-c 95 -r 1000), which cannot be replayed.
	OfficialDocMean PRF `json:"official_document_mean"`
	// RecallDiff is ours − Official recall.
	RecallDiff float64 `json:"recall_diff"`
	// DocsMatching counts this system's documents whose ROUGE-N figures
	// equal ROUGE's to the printed precision.
	DocsMatching int `json:"documents_matching"`
}

// Compare sets ours beside off. Every system and document of ours must be
// in off, and the other way round for the systems.
func Compare(ours []SystemScore, off Official, opt Options) (*Comparison, error) {
	c := &Comparison{Options: opt}
	seen := map[string]bool{}
	for _, s := range ours {
		seen[s.System] = true
		sc := SystemComparison{System: s.System, Documents: len(s.Docs)}
		for n := 1; n <= opt.MaxN; n++ {
			o := off[s.System][n]
			if o == nil {
				return nil, fmt.Errorf("the official figures have no ROUGE-%d for %s", n, s.System)
			}
			nc := NComparison{N: n, PRF: s.Average[n-1], Official: o.Average}
			for _, d := range s.Docs {
				od, ok := o.Docs[d.Eval]
				if !ok {
					return nil, fmt.Errorf("the official figures have no ROUGE-%d for %s on %s", n, s.System, d.Eval)
				}
				nc.OfficialDocMean.Recall += od.Recall / float64(len(s.Docs))
				nc.OfficialDocMean.Precision += od.Precision / float64(len(s.Docs))
				nc.OfficialDocMean.F += od.F / float64(len(s.Docs))
				c.DocScores++
				if same(d.Scores[n-1], od, opt.Alpha) {
					nc.DocsMatching++
					c.DocScoresMatching++
				}
			}
			nc.RecallDiff = nc.Recall - nc.Official.Recall
			if n <= 2 {
				c.MaxRecallDiff = max(c.MaxRecallDiff, math.Abs(nc.RecallDiff))
			}
			sc.ROUGE = append(sc.ROUGE, nc)
		}
		c.Systems = append(c.Systems, sc)
	}
	var missing []string
	for s := range off {
		if !seen[s] {
			missing = append(missing, s)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("systems in the official figures but not in the configuration: %v", missing)
	}
	return c, nil
}

// same reports whether ours prints as the official per-document figure o:
// ROUGE prints R and P with five decimals (as printf does: 0.015625 is
// "0.01562") and computes the F it prints from those printed values (all
// 2,600 F of the DUC 2004 run are so), so F is compared the same way.
func same(ours, o PRF, alpha float64) bool {
	p5 := func(x float64) string { return strconv.FormatFloat(x, 'f', 5, 64) }
	r, p := p5(ours.Recall), p5(ours.Precision)
	rr, _ := strconv.ParseFloat(r, 64)
	pp, _ := strconv.ParseFloat(p, 64)
	return r == p5(o.Recall) && p == p5(o.Precision) && p5(fScore(pp, rr, alpha)) == p5(o.F)
}

// Reproduce scores the summaries of a DUC-style ROUGE folder — rouge.xml
// naming the model and peer files relative to the folder, and rouge.res,
// ROUGE-1.5.5's output on them — and compares ours with the official
// figures.
func Reproduce(fsys fs.FS, opt Options) (*Comparison, error) {
	f, err := fsys.Open("rouge.xml")
	if err != nil {
		return nil, err
	}
	cfg, err := ReadConfig(f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("rouge.xml: %w", err)
	}
	f, err = fsys.Open("rouge.res")
	if err != nil {
		return nil, err
	}
	off, err := ReadOfficial(f)
	f.Close()
	if err != nil {
		return nil, fmt.Errorf("rouge.res: %w", err)
	}
	ours, err := Run(fsys, cfg, opt)
	if err != nil {
		return nil, err
	}
	return Compare(ours, off, opt)
}
