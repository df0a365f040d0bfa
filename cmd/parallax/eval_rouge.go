package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/parallax-news/parallax/eval/rouge"
)

func init() {
	evalTasks["rouge"] = evalTask{
		about: "our ROUGE-N against the official DUC 2004 figures: --data DIR (rouge.xml, rouge.res, summaries)",
		run:   evalRouge,
	}
}

// evalRouge scores the system summaries of a DUC ROUGE folder against its
// reference summaries with eval/rouge and prints them beside the official
// ROUGE-1.5.5 figures of rouge.res, as one JSON object
// (eval/rouge/README.md says how each number is computed).
func evalRouge(ctx context.Context, m *Main) error {
	dir := m.Config.Data
	if dir == "" {
		return usagef("eval rouge: --data DIR is required (a DUC ROUGE folder: rouge.xml, rouge.res and the summaries it names, e.g. ../shared/data/duc2004-rouge)")
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usagef("eval rouge: %s is not a folder", dir)
	}
	for _, f := range []string{"rouge.xml", "rouge.res"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return usagef("eval rouge: %s has no %s: not a DUC ROUGE folder (rouge.xml naming the summaries, rouge.res with ROUGE-1.5.5's figures)", dir, f)
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	c, err := rouge.Reproduce(os.DirFS(dir), rouge.DUC2004Options())
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("eval rouge: %s: a file named in rouge.xml is missing: %w", dir, err)
		}
		return fmt.Errorf("eval rouge: %s: %w", dir, err)
	}
	type system struct {
		System    string `json:"system"`
		Documents int    `json:"documents"`
		rougeN
	}
	out := struct {
		Settings string   `json:"settings"`
		Systems  []system `json:"systems"`
		MaxDiff  float64  `json:"max_recall_diff"`
		Docs     int      `json:"document_scores"`
		Matching int      `json:"document_scores_matching"`
	}{
		Settings: "ROUGE-1.5.5 -n 4 -l 100 -m -f A -p 0.5 (DUC 2004 task 2, as its per-document figures show)",
		MaxDiff:  c.MaxRecallDiff,
		Docs:     c.DocScores,
		Matching: c.DocScoresMatching,
	}
	for _, s := range c.Systems {
		sys := system{System: s.System, Documents: s.Documents}
		for _, n := range s.ROUGE {
			switch n.N {
			case 1:
				sys.R1 = n
			case 2:
				sys.R2 = n
			case 3:
				sys.R3 = n
			case 4:
				sys.R4 = n
			}
		}
		out.Systems = append(out.Systems, sys)
	}
	return writeJSON(m.Stdout, out)
}

// rougeN names a system's ROUGE-N figures rouge_1 … rouge_4.
type rougeN struct {
	R1 rouge.NComparison `json:"rouge_1"`
	R2 rouge.NComparison `json:"rouge_2"`
	R3 rouge.NComparison `json:"rouge_3"`
	R4 rouge.NComparison `json:"rouge_4"`
}
