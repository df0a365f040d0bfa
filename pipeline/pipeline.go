// Package pipeline is the one orchestrator of parallax: it owns the order of
// the stages (extract → analyze → cluster → store) for every article that
// ingest reads, and reports what happened to each.
//
// Invariants:
//   - Articles are placed and stored in input order, whatever the number of
//     workers, so one input always yields the same stories.
//   - Extraction and analysis run in parallel; clustering and storing run in
//     one goroutine inside a write transaction, so each article is clustered
//     against every article before it, including those of its own batch.
//   - A stored article is never overwritten: the same id with the same text is
//     "unchanged", with different text a "conflict".
//   - A bad record is reported and skipped; the run goes on. Batches that were
//     committed stay committed if a later batch fails.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/ingest"
)

// Analyzer annotates a document. Implementations are safe for concurrent use.
type Analyzer interface {
	Analyze(doc *parallax.Document) parallax.Analysis
}

// Placer decides which story a record joins, reading only through idx.
type Placer interface {
	Place(ctx context.Context, idx parallax.ClusterIndex, rec *parallax.Record) error
}

// Config holds the stages and knobs of a Pipeline.
type Config struct {
	Store     parallax.Store
	Extract   func(*parallax.Article) (parallax.Document, error)
	Analyzer  Analyzer
	Placer    Placer
	Workers   int           // parallel extract+analyze workers; 0 means GOMAXPROCS
	BatchSize int           // records per write transaction; 0 means 256
	MaxDelay  time.Duration // longest a record waits in an open batch; 0 means 1s (matters for slow streams)
	Now       func() time.Time
	Logger    *slog.Logger
	// Templates, when set, takes out of each article the lines its outlet's
	// earlier articles keep repeating (site furniture), and learns from the
	// articles stored. See templates.go.
	Templates parallax.TemplateStore
}

// Pipeline runs articles through the stages into the store. It implements parallax.Ingester.
type Pipeline struct {
	cfg Config
	// mu serialises runs: clustering must see every earlier article, so two
	// concurrent ingests (CLI and API) take turns at the write stage.
	mu sync.Mutex
	// worker holds Prepare's site-template cache.
	worker workerTemplates
}

var _ parallax.Ingester = (*Pipeline)(nil)

// New returns a Pipeline; zero knobs get their defaults.
func New(cfg Config) *Pipeline {
	if cfg.Workers <= 0 {
		cfg.Workers = runtime.GOMAXPROCS(0)
	}
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 256
	}
	if cfg.MaxDelay <= 0 {
		cfg.MaxDelay = time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Pipeline{cfg: cfg}
}

// item is one input on its way through the stages.
type item struct {
	rec    parallax.Record
	result parallax.IngestResult
	done   chan struct{} // closed when extract+analyze finished (or the item was rejected)
	seq    int           // position in the input, for Place's callback
}

// storeMode says how the sequential stage reports and learns: Ingest runs
// one bounded input and returns every result; Place runs for as long as a
// queue feeds it, so it keeps no results, learns site templates after each
// commit and lets other writers of this Pipeline in between batches.
type storeMode struct {
	collect      bool // keep every result and return them
	learnOnEach  bool // learn template lines after each commit, not at the end
	lockPerBatch bool // hold p.mu per open batch instead of for the whole run
	// reportRollback reports the records of a failed batch as rejected.
	// Place does not: those records were not stored and must be delivered
	// again, so its caller must not take them as final.
	reportRollback bool
}

// Ingest runs articles through the stages and returns one result per input,
// in input order. progress, if not nil, is called with each result as soon as
// it is final (stored results after their batch commits).
func (p *Pipeline) Ingest(ctx context.Context, articles iter.Seq2[parallax.Article, error], progress func(parallax.IngestResult)) ([]parallax.IngestResult, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	jobs := make(chan *item)
	order := make(chan *item, 4*p.cfg.Workers) // bounds the items in flight
	tc := newTemplateCache(p.cfg.Templates)
	var wg sync.WaitGroup
	for range p.cfg.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range jobs {
				p.prepare(ctx, it, tc)
				close(it.done)
			}
		}()
	}
	go func() {
		defer close(order)
		defer close(jobs)
		for a, err := range articles {
			it := &item{done: make(chan struct{})}
			if err != nil {
				it.result = rejected(err)
				close(it.done)
			} else {
				it.rec.Article = a
				it.result.Origin = a.Origin
			}
			select {
			case order <- it:
			case <-ctx.Done():
				return
			}
			if err == nil {
				select {
				case jobs <- it:
				case <-ctx.Done():
					return
				}
			}
		}
	}()

	p.mu.Lock()
	defer p.mu.Unlock()
	var report func(*item)
	if progress != nil {
		report = func(it *item) { progress(it.result) }
	}
	results, err := p.store(ctx, order, report, storeMode{collect: true, reportRollback: true})
	cancel()
	for range order { // let the producer finish after an early return
	}
	wg.Wait()
	return results, err
}

// rejected turns a read error into a result, keeping the input's location.
func rejected(err error) parallax.IngestResult {
	r := parallax.IngestResult{Status: parallax.StatusRejected, Error: err.Error()}
	var ie *ingest.InputError
	if errors.As(err, &ie) {
		r.Origin = ie.Origin
		r.Error = strings.TrimPrefix(r.Error, ie.Origin+": ")
	}
	return r
}

// prepare runs the parallel stages: extraction, id assignment and analysis.
func (p *Pipeline) prepare(ctx context.Context, it *item, tc *templateCache) {
	a := &it.rec.Article
	start := time.Now()
	doc, err := p.cfg.Extract(a)
	observeStage("extract", start)
	if err != nil {
		it.result.Status, it.result.Error = parallax.StatusRejected, fmt.Sprintf("extracting text: %v", err)
		return
	}
	doc.Text = tc.strip(ctx, a.Outlet, doc.Text)
	if strings.TrimSpace(doc.Text) == "" {
		it.result.Status, it.result.Error = parallax.StatusRejected, "no text left after extraction"
		return
	}
	// The document's metadata is the resolved one (given values win inside
	// extract); copy it back so every reader of the record sees one truth.
	if a.Title == "" {
		a.Title = doc.Title
	}
	if a.Published.IsZero() {
		a.Published = doc.Published
	}
	if a.Language == "" {
		a.Language = doc.Language
	}
	if a.Fetched.IsZero() {
		a.Fetched = p.cfg.Now().UTC()
	}
	it.rec.TextHash = parallax.ContentID(doc.Text)
	if a.ID == "" {
		a.ID = it.rec.TextHash
	}
	it.result.ID = a.ID
	it.rec.Document = doc
	start = time.Now()
	it.rec.Analysis = p.cfg.Analyzer.Analyze(&it.rec.Document)
	observeStage("analyze", start)
}

// store runs the sequential stages in input order: de-duplication, placement
// and writing, in batches of BatchSize records per transaction. report, if
// not nil, is called with each item once its result is final (stored items
// after their batch commits).
func (p *Pipeline) store(ctx context.Context, order <-chan *item, report func(*item), mode storeMode) ([]parallax.IngestResult, error) {
	var (
		results []parallax.IngestResult
		tx      parallax.Tx
		pending []*item // items written in the open tx
		opened  time.Time
		learned = map[string][][]uint64{} // template-line keys of the stored articles, by outlet
	)
	if report == nil {
		report = func(*item) {}
	}
	inner := report
	report = func(it *item) {
		countResult(it.result.Status)
		inner(it)
	}
	// keep copies an item's result into the returned slice, which with
	// mode.collect holds every result in input order, as Ingest promises.
	keep := func(it *item) {
		if mode.collect {
			results[it.seq] = it.result
		}
	}
	received := 0
	unlock := func() {
		if mode.lockPerBatch {
			p.mu.Unlock()
		}
	}
	commit := func() error {
		if tx == nil {
			return nil
		}
		start := time.Now()
		err := tx.Commit()
		observeStage("commit", start)
		tx = nil
		unlock()
		if err != nil {
			for _, it := range pending {
				it.result.Status, it.result.Error = parallax.StatusRejected, "store commit failed"
				keep(it)
			}
			return fmt.Errorf("committing batch: %w", err)
		}
		for _, it := range pending {
			report(it)
		}
		pending = pending[:0]
		if mode.learnOnEach {
			if err := p.learn(ctx, learned); err != nil {
				p.cfg.Logger.Warn("learning site templates", "error", err)
			}
			clear(learned)
		}
		return nil
	}
	fail := func(err error) ([]parallax.IngestResult, error) {
		if tx != nil {
			_ = tx.Rollback()
			unlock()
			for _, it := range pending {
				it.result.Status, it.result.Error, it.result.Story = parallax.StatusRejected, "not stored: the batch was rolled back", ""
				keep(it)
				if mode.reportRollback {
					report(it)
				}
			}
		}
		return results, err
	}

	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		var it *item
		var ok bool
		if tx != nil {
			// A batch is open: commit it when the input goes quiet, so slow
			// streams (stdin, the API) do not hold records invisible.
			timer.Reset(max(time.Until(opened.Add(p.cfg.MaxDelay)), 0))
			select {
			case it, ok = <-order:
			case <-timer.C:
				if err := commit(); err != nil {
					return fail(err)
				}
				continue
			case <-ctx.Done():
				return fail(ctx.Err())
			}
		} else {
			select {
			case it, ok = <-order:
			case <-ctx.Done():
				return fail(ctx.Err())
			}
		}
		if !ok {
			if err := commit(); err != nil {
				return fail(err)
			}
			if err := p.learn(ctx, learned); err != nil {
				// The articles are stored; only the furniture counts are lost.
				p.cfg.Logger.Warn("learning site templates", "error", err)
			}
			return results, ctx.Err()
		}
		select {
		case <-it.done:
		case <-ctx.Done():
			return fail(ctx.Err())
		}
		it.seq = received
		received++
		if mode.collect {
			results = append(results, it.result)
		}
		if it.result.Status == parallax.StatusRejected {
			report(it)
			continue
		}
		if tx == nil {
			if mode.lockPerBatch {
				p.mu.Lock()
			}
			var err error
			if tx, err = p.cfg.Store.Begin(ctx); err != nil {
				unlock()
				return fail(fmt.Errorf("starting batch: %w", err))
			}
			opened = time.Now()
		}
		start := time.Now()
		status, err := p.place(ctx, tx, &it.rec)
		observeStage("place", start)
		if err != nil {
			return fail(err)
		}
		it.result.Status = status
		switch status {
		case parallax.StatusStored:
			it.result.Story = it.rec.Placement.Story
			pending = append(pending, it)
			if p.cfg.Templates != nil && it.rec.Article.Outlet != "" {
				o := it.rec.Article.Outlet
				learned[o] = append(learned[o], parallax.TemplateKeys(it.rec.Document.Text))
			}
		case parallax.StatusConflict:
			it.result.Error = fmt.Sprintf("article %q is already stored with a different text; not overwritten", it.rec.Article.ID)
			report(it)
		default:
			report(it)
		}
		keep(it)
		if len(pending) >= p.cfg.BatchSize {
			if err := commit(); err != nil {
				return fail(err)
			}
		}
	}
}

// place de-duplicates one record against the store, clusters and writes it.
func (p *Pipeline) place(ctx context.Context, tx parallax.Tx, rec *parallax.Record) (string, error) {
	have, err := tx.TextHash(ctx, rec.Article.ID)
	if err != nil {
		return "", fmt.Errorf("looking up %q: %w", rec.Article.ID, err)
	}
	switch {
	case have == rec.TextHash:
		return parallax.StatusUnchanged, nil
	case have != "":
		return parallax.StatusConflict, nil
	}
	if err := p.cfg.Placer.Place(ctx, tx, rec); err != nil {
		return "", fmt.Errorf("clustering %q: %w", rec.Article.ID, err)
	}
	if err := tx.Put(ctx, rec); err != nil {
		return "", fmt.Errorf("storing %q: %w", rec.Article.ID, err)
	}
	return parallax.StatusStored, nil
}
