package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/parallax-news/parallax/analyze/paraphrase"
)

// devFile is the MSRP file the threshold is tuned on; it is looked for beside
// --data, as the corpus ships its files together.
const devFile = "msr_paraphrase_dev400.txt"

func init() {
	trainTasks["paraphrase"] = trainTask{
		about:  "same-statement matcher, from MSRP train_minus_dev (threshold tuned on " + devFile + " beside it)",
		output: "analyze/paraphrase/model.json",
		run:    trainParaphrase,
	}
}

func trainParaphrase(ctx context.Context, m *Main) error {
	train, err := readMSRP(m.Config.Data)
	if err != nil {
		return err
	}
	dev, err := readMSRP(filepath.Join(filepath.Dir(m.Config.Data), devFile))
	if err != nil {
		return fmt.Errorf("the threshold is tuned on %s beside --data: %w", devFile, err)
	}
	model, err := paraphrase.Train(train, dev)
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
	return writeJSON(m.Stdout, map[string]any{
		"model": m.Config.Output, "threshold": model.Threshold, "train": model.Train, "dev": model.Dev,
	})
}

// readMSRP reads one MSRP file.
func readMSRP(path string) ([]paraphrase.Pair, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	pairs, err := paraphrase.ReadMSRP(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return pairs, nil
}
