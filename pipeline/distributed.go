package pipeline

import (
	"context"
	"sync"
	"time"

	parallax "github.com/parallax-news/parallax"
)

// The two halves of Ingest, for running them in different processes (see
// package queue): Prepare is the parallel half (extract and analyse; any
// number of workers), Place the sequential half (de-duplicate, cluster and
// write, in the order the records arrive; one placer per store).

// Prepared is one article after the parallel stages, on its way to Place.
// It travels between processes as JSON.
type Prepared struct {
	Record parallax.Record
	// Result is the article's result so far: Origin and ID, or Status
	// rejected with the reason when it could not be prepared.
	Result parallax.IngestResult
}

// workerTemplateTTL is how long Prepare trusts the site template lines it
// read from the store. Ingest reads them once per run; a worker runs for
// days, so it reads them again from time to time to see what the placer
// has learned since.
const workerTemplateTTL = time.Minute

// workerTemplates is Prepare's template cache and when it was made.
type workerTemplates struct {
	mu    sync.Mutex
	cache *templateCache
	made  time.Time
}

func (w *workerTemplates) get(s parallax.TemplateStore) *templateCache {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.cache == nil || time.Since(w.made) > workerTemplateTTL {
		w.cache, w.made = newTemplateCache(s), time.Now()
	}
	return w.cache
}

// Prepare runs the parallel stages on one article, exactly as Ingest does:
// extraction, site-template stripping, id assignment and analysis. It is
// safe for concurrent use; it never writes to the store.
func (p *Pipeline) Prepare(ctx context.Context, a parallax.Article) Prepared {
	it := &item{rec: parallax.Record{Article: a}}
	it.result.Origin = a.Origin
	p.prepare(ctx, it, p.worker.get(p.cfg.Templates))
	return Prepared{Record: it.rec, Result: it.result}
}

// Place runs the sequential stages on records prepared elsewhere, in the
// order they arrive on in, until in is closed (nil error) or ctx is done or
// the store fails (the error). Records are written in batches as Ingest
// writes them, with the same de-duplication: a record whose article id is
// stored with the same text is "unchanged", so delivering one twice is
// harmless. Between batches other users of this Pipeline (Ingest) may
// write.
//
// done, if not nil, is called with each record's position in the input
// (from 0) and its final result: after the batch's commit for stored
// records, at once for the others. It is not called for records of a batch
// that failed: they were not stored, and the caller should deliver them
// again.
func (p *Pipeline) Place(ctx context.Context, in <-chan Prepared, done func(seq int, r parallax.IngestResult)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	order := make(chan *item)
	go func() {
		defer close(order)
		for {
			var pr Prepared
			var ok bool
			select {
			case pr, ok = <-in:
				if !ok {
					return
				}
			case <-ctx.Done():
				return
			}
			it := &item{rec: pr.Record, result: pr.Result, done: closed}
			select {
			case order <- it:
			case <-ctx.Done():
				return
			}
		}
	}()
	var report func(*item)
	if done != nil {
		report = func(it *item) { done(it.seq, it.result) }
	}
	_, err := p.store(ctx, order, report, storeMode{learnOnEach: true, lockPerBatch: true})
	cancel()
	for range order { // let the feeder finish after an early return
	}
	return err
}

// closed is a done channel for items prepared before they reach the store stage.
var closed = func() chan struct{} { c := make(chan struct{}); close(c); return c }()
