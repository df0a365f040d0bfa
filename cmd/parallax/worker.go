package main

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/queue"
)

// runWorker analyses articles from the queue until interrupted, and with
// --place also clusters and stores them (see package queue).
func runWorker(ctx context.Context, m *Main) error {
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	// The worker reads the store only for the outlets' site templates; the
	// placer writes to it.
	p, err := m.newPipeline(store)
	if err != nil {
		return err
	}
	q, err := m.openQueue(ctx)
	if err != nil {
		return err
	}
	defer q.Close()
	n := m.workerConcurrency()
	role := "analysing"
	if m.Config.Place {
		role = "analysing and placing"
	}
	fmt.Fprintf(m.Stdout, "parallax: worker %s articles from %s, %d at a time (press Ctrl-C to stop)\n", role, m.queueName(q), n)
	var wg sync.WaitGroup
	var placeErr error
	if m.Config.Place {
		wg.Go(func() { placeErr = q.Place(ctx, p, m.placed) })
	}
	err = q.Work(ctx, p, n)
	wg.Wait()
	if err == nil {
		err = placeErr
	}
	return err
}

// workerConcurrency is --worker-concurrency, or one slot per CPU.
func (m *Main) workerConcurrency() int {
	if m.Config.WorkerConcurrency > 0 {
		return m.Config.WorkerConcurrency
	}
	return runtime.GOMAXPROCS(0)
}

// openQueue connects to the configured queue, starting the embedded
// nats-server first when asked to.
func (m *Main) openQueue(ctx context.Context) (*queue.Queue, error) {
	dir := m.Config.QueueDir
	if dir == "" {
		dir = "parallax-jetstream"
		if db := m.Config.DB; db != "" && !strings.Contains(db, "://") {
			dir = db + ".jetstream"
		}
	}
	if queue.IsEmbedded(m.Config.Queue) {
		abs, err := filepath.Abs(dir)
		if err == nil {
			dir = abs
		}
	}
	return queue.Open(ctx, m.Config.Queue, dir, queue.Options{Logger: m.Logger})
}

// queueName names the queue in messages: the embedded server's address
// (for the workers to connect to), else the configured one without its
// password.
func (m *Main) queueName(q *queue.Queue) string {
	if e := q.Embedded(); e != nil {
		return fmt.Sprintf("the embedded nats-server %s (streams in %s)", e.URL(), e.Dir)
	}
	return queue.Redact(m.Config.Queue)
}

// placed reports the placer's problems: nobody waits on its results.
func (m *Main) placed(r parallax.IngestResult) {
	if r.Status == parallax.StatusRejected || r.Status == parallax.StatusConflict {
		m.Logger.Warn("not stored", "origin", r.Origin, "id", r.ID, "status", r.Status, "error", r.Error)
	}
}
