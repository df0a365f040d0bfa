package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/parallax-news/parallax/analyze/quote"
	"github.com/parallax-news/parallax/eval/attribution"
)

func init() {
	trainTasks["quotes"] = trainTask{
		about:  "quote attribution model (cues, sources, contents), from a PolNeAR split: --data DIR",
		output: "analyze/quote/" + quote.ModelFile,
		run:    trainQuotes,
	}
}

// trainQuotes trains the attribution model on a PolNeAR split (text/ and
// attributions/), writes the model file and prints what it wrote as JSON;
// progress goes to standard error.
func trainQuotes(ctx context.Context, m *Main) error {
	docs, err := attribution.ReadFS(os.DirFS(m.Config.Data))
	if err != nil {
		return fmt.Errorf("reading %s: %w", m.Config.Data, err)
	}
	examples := make([]quote.Example, len(docs))
	n := 0
	for i, d := range docs {
		examples[i].Text = d.Text
		for _, a := range d.Attributions {
			examples[i].Attributions = append(examples[i].Attributions, quote.Labelled{Source: a.Source, Cue: a.Cue, Content: a.Content})
		}
		n += len(d.Attributions)
	}
	start := time.Now()
	file, err := quote.Train(ctx, examples, quote.TrainOptions{Log: m.Stderr})
	if err != nil {
		return err
	}
	if err := os.WriteFile(m.Config.Output, file, 0o644); err != nil {
		return fmt.Errorf("writing model: %w", err)
	}
	return writeJSON(m.Stdout, map[string]any{
		"model": m.Config.Output, "bytes": len(file), "documents": len(docs), "attributions": n,
		"seconds": time.Since(start).Seconds(),
	})
}
