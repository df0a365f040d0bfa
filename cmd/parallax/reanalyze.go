package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze"
	"github.com/parallax-news/parallax/cluster"
)

func runReanalyze(ctx context.Context, m *Main) error {
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	r, err := m.newReanalyzer(store, m.Config.Workers)
	if err != nil {
		return err
	}

	var (
		progress *mpb.Progress
		bar      *mpb.Bar
	)
	// Failures are written through the progress container when there is
	// one, so the bar is not torn by the message.
	var warn io.Writer = m.Stderr
	if m.Config.Progress {
		r.started = func(outdated int) {
			progress = mpb.NewWithContext(ctx, mpb.WithOutput(m.Stderr), mpb.WithWidth(40))
			warn = progress
			bar = progress.New(int64(outdated), mpb.BarStyle(),
				mpb.PrependDecorators(decor.Name("reanalysing "), decor.CountersNoUnit("%d / %d articles")),
				mpb.AppendDecorators(decor.AverageSpeed(0, " %.0f/s")))
		}
	}
	r.done = func(id string, err error) {
		if bar != nil {
			bar.Increment()
		}
		if err != nil {
			fmt.Fprintf(warn, "parallax: reanalysing %s: %s\n", id, errorText(err))
		}
	}
	c, err := r.run(ctx)
	if bar != nil {
		bar.SetTotal(-1, true)
		progress.Wait()
	}
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted after %d articles were reanalysed (they are stored; run reanalyze again to continue): %w", c.Reanalysed, err)
		}
		return err
	}
	if m.Config.JSON {
		if err := writeJSON(m.Stdout, c); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(m.Stdout, "checked %d articles: %d reanalysed, %d up to date, %d failed\n",
			c.Checked, c.Reanalysed, c.UpToDate, c.Failed)
	}
	if c.Failed > 0 {
		return errRejected
	}
	return nil
}

// reanalyzeInBackground brings outdated analyses up to date while the
// server answers requests, logging its progress, and stops when ctx is done
// (what it committed stays; the next start goes on from there). Analysis
// gets half the CPUs unless --workers says otherwise, so requests keep theirs.
func (m *Main) reanalyzeInBackground(ctx context.Context, store parallax.Store) {
	log := m.Logger.With("task", "reanalyze")
	workers := m.Config.Workers
	if workers <= 0 {
		workers = max(1, runtime.GOMAXPROCS(0)/2)
	}
	r, err := m.newReanalyzer(store, workers)
	if err != nil {
		log.Error("cannot reanalyse outdated analyses", "err", err)
		return
	}
	var (
		outdated, done int
		lastLog        time.Time
	)
	r.started = func(n int) {
		outdated, lastLog = n, time.Now()
		log.Info("reanalysing outdated analyses in the background", "outdated", n)
	}
	r.done = func(id string, err error) {
		done++
		if err != nil {
			log.Warn("reanalysis of an article failed", "article", id, "err", err)
		}
		if time.Since(lastLog) >= reanalyzeLogEvery {
			lastLog = time.Now()
			log.Info("reanalysis progress", "done", done, "outdated", outdated)
		}
	}
	c, err := r.run(ctx)
	switch {
	case err != nil && ctx.Err() != nil:
		log.Info("reanalysis stopped; it resumes at the next start", "reanalysed", c.Reanalysed, "left", outdated-done)
	case err != nil:
		log.Error("reanalysis failed", "err", err, "reanalysed", c.Reanalysed)
	case outdated > 0:
		log.Info("reanalysis finished", "checked", c.Checked, "reanalysed", c.Reanalysed, "failed", c.Failed)
	default:
		log.Debug("stored analyses are up to date", "checked", c.Checked)
	}
}

// reanalyzeLogEvery is how often a background reanalysis logs its progress.
const reanalyzeLogEvery = 30 * time.Second

// newReanalyzer wires a reanalyzer with the same stages ingest uses.
func (m *Main) newReanalyzer(store parallax.Store, workers int) (*reanalyzer, error) {
	idx, ok := store.(parallax.AnalysisIndex)
	if !ok {
		return nil, fmt.Errorf("the store %T cannot list analyses by version", store)
	}
	an, err := analyze.New()
	if err != nil {
		return nil, fmt.Errorf("loading analyzers: %w", err)
	}
	return &reanalyzer{
		store:    store,
		index:    idx,
		analyzer: an,
		keys:     cluster.New(cluster.Config{Now: m.Config.Now}),
		workers:  workers,
		batch:    256,
		maxDelay: time.Second,
	}, nil
}

// reanalyzeCounts is what a reanalysis did. Its JSON is printed by
// `reanalyze --json`.
type reanalyzeCounts struct {
	Checked    int `json:"checked"`    // stored articles when the run began
	Reanalysed int `json:"reanalysed"` // outdated analyses replaced
	UpToDate   int `json:"up_to_date"` // analyses already made by the current versions
	Failed     int `json:"failed"`     // outdated articles that could not be redone (reported one by one)
}

// reanalyzer re-runs the analysis of every stored article whose analysis was
// made by other component versions than the analyzer's (Pipeline.Versions),
// and stores it with Tx.Reanalyze: articles keep their stories and copy
// links, which may be user decisions.
//
// Like the ingest pipeline, it analyses on parallel workers and writes from
// one goroutine in ingest order, so the keys (whose idf reads document
// frequencies that earlier writes change) do not depend on the number of
// workers. A batch is written once all its articles are analysed, so the
// write lock is held for the writes alone and a server's ingests do not
// wait behind the analysis. Each batch commits: an interrupted run loses at
// most one batch, and the next run lists only what is still outdated.
type reanalyzer struct {
	store    parallax.Store
	index    parallax.AnalysisIndex
	analyzer *analyze.Pipeline
	keys     *cluster.Clusterer
	workers  int           // parallel analyses; ≤ 0 means GOMAXPROCS
	batch    int           // articles per write transaction
	maxDelay time.Duration // longest an analysed article waits for its batch to fill

	// started, if not nil, is called with the number of outdated articles
	// before any work, and not at all when there are none.
	started func(outdated int)
	// done, if not nil, is called from the writing goroutine with each
	// outdated article's outcome once final: nil when its batch committed.
	done func(id string, err error)
}

// reanalysis is one outdated article on its way through the workers.
type reanalysis struct {
	id       string
	doc      parallax.Document
	analysis parallax.Analysis
	analysed chan struct{} // closed when analysis is set
}

// run reanalyses the outdated articles. It returns the counts so far with
// the error that stopped it: ctx's, or a store failure (batches committed
// before it stay).
func (r *reanalyzer) run(ctx context.Context) (reanalyzeCounts, error) {
	var c reanalyzeCounts
	versions := r.analyzer.Versions()
	outdated, total, err := r.index.CountOutdated(ctx, versions)
	if err != nil {
		return c, err
	}
	c.Checked, c.UpToDate = total, total-outdated
	if outdated == 0 {
		return c, nil
	}
	if r.started != nil {
		r.started(outdated)
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := r.workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	jobs := make(chan *reanalysis)
	order := make(chan *reanalysis, 4*workers) // bounds the articles in flight
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for it := range jobs {
				it.analysis = r.analyzer.Analyze(&it.doc)
				close(it.analysed)
			}
		})
	}
	var readErr error // written before order is closed, read after
	go func() {
		defer close(order)
		defer close(jobs)
		for a, err := range r.index.Outdated(ctx, versions) {
			if err != nil {
				readErr = err
				return
			}
			it := &reanalysis{id: a.ID, analysed: make(chan struct{}), doc: parallax.Document{
				// The stored language is the one the source gave or, failing
				// that, the one detected at ingest; either way it is kept.
				Title: a.Title, Byline: a.Byline, Published: a.Published, Language: a.Language, Text: a.Text,
			}}
			select {
			case order <- it:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- it:
			case <-ctx.Done():
				return
			}
		}
	}()
	err = r.write(ctx, order, &c)
	cancel()
	for range order { // let the reader finish after an early return
	}
	wg.Wait()
	if err == nil {
		err = readErr
	}
	return c, err
}

// write takes analysed articles in order and stores them in batches.
func (r *reanalyzer) write(ctx context.Context, order <-chan *reanalysis, c *reanalyzeCounts) error {
	var (
		batch []*reanalysis
		first time.Time // when the batch's first article was ready
	)
	for {
		var it *reanalysis
		var ok bool
		select {
		case it, ok = <-order:
		case <-ctx.Done():
			return ctx.Err()
		}
		if !ok {
			return r.commit(ctx, batch, c)
		}
		select {
		case <-it.analysed:
		case <-ctx.Done():
			return ctx.Err()
		}
		if len(batch) == 0 {
			first = time.Now()
		}
		batch = append(batch, it)
		if len(batch) >= r.batch || time.Since(first) >= r.maxDelay {
			if err := r.commit(ctx, batch, c); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
}

// commit writes one batch in one transaction. An article the store refuses
// (not found: deleted meanwhile; invalid) is counted as failed and the
// batch goes on; any other error rolls the batch back and ends the run.
func (r *reanalyzer) commit(ctx context.Context, batch []*reanalysis, c *reanalyzeCounts) error {
	if len(batch) == 0 {
		return nil
	}
	tx, err := r.store.Begin(ctx)
	if err != nil {
		return fmt.Errorf("starting batch: %w", err)
	}
	defer tx.Rollback()
	stored := make([]string, 0, len(batch))
	for _, it := range batch {
		rec := &parallax.Record{Article: parallax.Article{ID: it.id}, Document: it.doc, Analysis: it.analysis}
		keys, bands, err := r.keys.Features(ctx, tx, rec)
		if err != nil {
			return fmt.Errorf("clustering keys of %q: %w", it.id, err)
		}
		err = tx.Reanalyze(ctx, it.id, it.analysis, keys, bands)
		switch {
		case err == nil:
			stored = append(stored, it.id)
		case parallax.ErrorCode(err) != parallax.EInternal:
			c.Failed++
			if r.done != nil {
				r.done(it.id, err)
			}
		default:
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing batch: %w", err)
	}
	c.Reanalysed += len(stored)
	if r.done != nil {
		for _, id := range stored {
			r.done(id, nil)
		}
	}
	return nil
}
