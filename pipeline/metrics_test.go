package pipeline_test

import (
	"context"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/internal/metrics"
)

// TestMetrics: an ingest leaves its stage times and final statuses in the
// process's metrics, which /metrics serves.
func TestMetrics(t *testing.T) {
	p, _ := newPipeline(t, 2, 4)
	if _, err := p.Ingest(context.Background(), seq(corpus(6), nil), nil); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := metrics.Default.WriteText(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`parallax_articles_total{status="stored"}`,
		`parallax_stage_seconds_count{stage="extract"}`,
		`parallax_stage_seconds_count{stage="analyze"}`,
		`parallax_stage_seconds_count{stage="place"}`,
		`parallax_stage_seconds_count{stage="commit"}`,
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}
