package queue_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/metrics"
	"github.com/parallax-news/parallax/queue"
)

// TestLagMetrics: a running placer publishes how many messages wait in each
// stream, which /metrics serves; with articles queued and no worker, the
// articles gauge shows them.
func TestLagMetrics(t *testing.T) {
	srv := startServer(t, t.TempDir())
	q := connect(t, srv.URL(), queue.Options{})
	if _, err := q.Ingest(context.Background(), seq(corpus(3)), nil); err != nil {
		t.Fatal(err)
	}
	p, _ := newPipeline(t)
	run(t, func(ctx context.Context) error { return q.Place(ctx, p, nil) })
	waitFor(t, "the lag gauges", 10*time.Second, func() bool {
		var b strings.Builder
		metrics.Default.WriteText(&b)
		return strings.Contains(b.String(), `parallax_queue_pending{stream="articles"} 3`) &&
			strings.Contains(b.String(), `parallax_queue_pending{stream="analysed"} 0`)
	})
}
