package main

import (
	"context"
	"fmt"
	"os"

	"github.com/parallax-news/parallax/analyze/stance"
)

func init() {
	trainTasks["stance"] = trainTask{
		about:  "stance of a text towards a claim, from an FNC-1 folder (every *_stances.csv with its *_bodies.csv)",
		output: "analyze/stance/model.json.gz",
		run:    trainStance,
	}
}

func trainStance(ctx context.Context, m *Main) error {
	pairs, unlabelled, _, err := readFNC(m)
	if err != nil {
		return err
	}
	model, err := stance.Train(pairs, unlabelled)
	if err != nil {
		return err
	}
	f, err := os.Create(m.Config.Output)
	if err != nil {
		return fmt.Errorf("writing model: %w", err)
	}
	if err := model.Write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("writing model: %w", err)
	}
	return writeJSON(m.Stdout, map[string]any{"model": m.Config.Output, "info": model.Info})
}

// readFNC reads the FNC-1 folder named by --data. Malformed rows are skipped
// and reported on standard error with their file and line, and returned.
func readFNC(m *Main) ([]stance.Pair, []string, []stance.Problem, error) {
	pairs, unlabelled, probs, err := stance.ReadDir(m.Config.Data)
	for _, p := range probs {
		fmt.Fprintf(m.Stderr, "parallax: %s (row skipped)\n", p)
	}
	if err != nil {
		return nil, nil, probs, err
	}
	if len(pairs) == 0 {
		return nil, nil, probs, fmt.Errorf("%s: no labelled pairs", m.Config.Data)
	}
	return pairs, unlabelled, probs, nil
}
