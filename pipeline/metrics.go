package pipeline

import (
	"time"

	"github.com/parallax-news/parallax/internal/metrics"
)

// The pipeline's metrics, served at /metrics by parallax serve: how long
// each stage takes per article (commit per batch), and how many articles
// end in each status.

func observeStage(stage string, start time.Time) {
	metrics.Default.Observe("parallax_stage_seconds", "Time spent per article in each pipeline stage (commit: per batch).",
		[]string{"stage"}, []string{stage}, time.Since(start))
}

func countResult(status string) {
	metrics.Default.Add("parallax_articles_total", "Articles through the pipeline, by final status (stored, unchanged, conflict, rejected).",
		[]string{"status"}, []string{status}, 1)
}
