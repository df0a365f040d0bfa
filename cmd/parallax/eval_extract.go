package main

import (
	"context"

	"github.com/parallax-news/parallax/extract/bench"
)

func init() {
	evalTasks["extract"] = evalTask{
		about: "HTML main text on the article-extraction benchmark, with go-trafilatura and the reference outputs scored in the same run: --data DIR",
		run:   evalExtract,
	}
}

// evalExtract prints one JSON object: parallax's precision, recall and F1 on
// the benchmark's pages, and under "peers" those of go-trafilatura (run
// here) and of every reference output shipped with the data
// (extract/bench/README.md defines them).
func evalExtract(ctx context.Context, m *Main) error {
	if m.Config.Data == "" {
		return usagef("eval extract: --data DIR is required (the article-extraction benchmark: ground-truth.json, html/, output/)")
	}
	r, err := bench.Run(ctx, m.Config.Data)
	if err != nil {
		return err
	}
	return writeJSON(m.Stdout, r)
}
