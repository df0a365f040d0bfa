package main

import (
	"context"
	"fmt"
	"os"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze"
	"github.com/parallax-news/parallax/eval/attribution"
)

func init() {
	evalTasks["quotes"] = evalTask{
		about: "quote attribution (source, cue, content) on a PolNeAR split: --data DIR",
		run:   evalQuotes,
	}
}

// evalQuotes analyses each article of a PolNeAR split as parallax analyses
// any plain text (paragraphs are lines) and prints one JSON object of scores
// and counts (eval/attribution/README.md defines them).
func evalQuotes(ctx context.Context, m *Main) error {
	if m.Config.Data == "" {
		return usagef("eval quotes: --data DIR is required (a PolNeAR split: text/ and attributions/)")
	}
	docs, err := attribution.ReadFS(os.DirFS(m.Config.Data))
	if err != nil {
		return fmt.Errorf("reading %s: %w", m.Config.Data, err)
	}
	an, err := analyze.New()
	if err != nil {
		return fmt.Errorf("loading analyzers: %w", err)
	}
	var c attribution.Counts
	mismatches := 0
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		a := an.Analyze(&parallax.Document{Text: d.Text})
		c.Add(attribution.Score(d.Text, d.Attributions, attribution.FromQuotes(a.Quotes)))
		mismatches += d.Mismatches
	}
	return writeJSON(m.Stdout, struct {
		attribution.Report
		Mismatches int `json:"span_text_mismatches"`
	}{c.Report(), mismatches})
}
