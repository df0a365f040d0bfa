package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/parallax-news/parallax/analyze/ner"
)

func init() {
	trainTasks["ner"] = trainTask{
		about:  "named-entity tagger, from CoNLL-2003 eng.train (word and NER columns only)",
		output: "analyze/ner/" + ner.DefaultFile,
		run:    trainNER,
	}
}

// trainNER trains the tagger on a CoNLL-2003 file, writes the model file and
// prints what it wrote as JSON; progress goes to standard error.
func trainNER(ctx context.Context, m *Main) error {
	docs, err := readCoNLL(m.Config.Data)
	if err != nil {
		return err
	}
	start := time.Now()
	file, err := ner.Train(ctx, docs, ner.TrainOptions{Log: m.Stderr})
	if err != nil {
		return err
	}
	took := time.Since(start)
	model, err := ner.Parse(file)
	if err != nil {
		return err
	}
	if err := os.WriteFile(m.Config.Output, file, 0o644); err != nil {
		return fmt.Errorf("writing model: %w", err)
	}
	return writeJSON(m.Stdout, map[string]any{
		"model": m.Config.Output, "version": model.Version(), "bytes": len(file),
		"features": model.Features(), "documents": len(docs), "seconds": took.Seconds(),
	})
}

// readCoNLL reads one CoNLL-2003 file.
func readCoNLL(path string) ([]ner.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	docs, err := ner.ReadCoNLL(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return docs, nil
}
