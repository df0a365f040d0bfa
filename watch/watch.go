// Package watch follows feeds: it polls the sources of a store on a
// schedule, with conditional GET and backoff on errors (package fetch),
// parses them (package feed), fetches an entry's page when the feed carries
// only a summary, and ingests what is new. Every entry's outcome is kept
// (parallax.Entry): stored articles are never fetched again, and failures
// are kept with their error and retried later, so nothing a feed offered is
// silently dropped. All state lives in the store and survives restarts.
package watch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/feed"
	"github.com/parallax-news/parallax/fetch"
)

// Defaults for zero Watcher fields.
const (
	DefaultInterval   = 15 * time.Minute
	DefaultMaxEntries = 200
	DefaultParallel   = 4
	// retryLimit is how many times a failing entry is tried before it is
	// left for a person to look at (it stays listed with its error).
	retryLimit = 8
)

// Watcher polls sources. Set the fields, then call Poll or Run; a Watcher
// is meant for one goroutine.
type Watcher struct {
	Store   parallax.SourceStore
	Ingest  parallax.Ingester
	Fetcher *fetch.Fetcher
	Parser  feed.Parser
	// Interval is how long after a good poll a source is polled again.
	Interval time.Duration
	// MaxEntries caps the entries taken from one poll of one feed (newest
	// first by the feed's order), so a huge feed cannot stall the others.
	MaxEntries int
	Backoff    fetch.Backoff
	Now        func() time.Time
	Log        *slog.Logger
	// Parallel is how many sources are polled at once (DefaultParallel): one slow
	// or hanging feed must not hold the others back. The fetcher keeps the
	// per-host limits whatever this is.
	Parallel int
}

// Report counts what a poll did.
type Report struct {
	Sources     int `json:"sources"`      // sources polled
	NotModified int `json:"not_modified"` // answered 304
	Failed      int `json:"failed"`       // sources whose fetch or parse failed
	Entries     int `json:"entries"`      // new or retried entries handled
	Stored      int `json:"stored"`       // articles stored (or found already stored)
	EntryErrors int `json:"entry_errors"` // entries that failed this time
}

func (r *Report) add(o Report) {
	r.Sources += o.Sources
	r.NotModified += o.NotModified
	r.Failed += o.Failed
	r.Entries += o.Entries
	r.Stored += o.Stored
	r.EntryErrors += o.EntryErrors
}

func (w *Watcher) now() time.Time {
	if w.Now != nil {
		return w.Now().UTC()
	}
	return time.Now().UTC()
}

func (w *Watcher) log() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.New(slog.DiscardHandler)
}

func (w *Watcher) interval() time.Duration {
	if w.Interval > 0 {
		return w.Interval
	}
	return DefaultInterval
}

// Poll polls every source that is not paused and is due, one after the
// other, and retries their failed entries that are due. It returns what it
// did; the error is only for the store failing or ctx ending. A source's
// own failure is recorded on the source and counted, never returned.
func (w *Watcher) Poll(ctx context.Context) (Report, error) {
	var total Report
	sources, err := w.Store.Sources(ctx)
	if err != nil {
		return total, err
	}
	now := w.now()
	var due []parallax.Source
	for _, s := range sources {
		if !s.Paused && !s.NextFetch.After(now) {
			due = append(due, s)
		}
	}
	var (
		mu       sync.Mutex
		firstErr error
		wg       sync.WaitGroup
	)
	work := make(chan parallax.Source)
	parallel := w.Parallel
	if parallel <= 0 {
		parallel = DefaultParallel
	}
	for range min(parallel, len(due)) {
		wg.Go(func() {
			for s := range work {
				r, err := w.pollSource(ctx, s)
				mu.Lock()
				total.add(r)
				if err != nil && firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
			}
		})
	}
	for _, s := range due {
		if ctx.Err() != nil {
			break
		}
		work <- s
	}
	close(work)
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return total, firstErr
}

// Run polls until ctx ends, sleeping until the next source is due (at most
// the interval). It returns nil when ctx ends.
func (w *Watcher) Run(ctx context.Context) error {
	for {
		r, err := w.Poll(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if err != nil {
			w.log().Error("watch: poll failed", "error", err)
		} else if r.Sources > 0 {
			w.log().Info("watch: polled", "sources", r.Sources, "not_modified", r.NotModified, "failed", r.Failed,
				"entries", r.Entries, "stored", r.Stored, "entry_errors", r.EntryErrors)
		}
		wait, err := w.untilDue(ctx)
		if err != nil {
			w.log().Error("watch: reading sources", "error", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(wait):
		}
	}
}

// untilDue is how long until the next source is due: at least a second, at
// most the interval (so sources added meanwhile are seen).
func (w *Watcher) untilDue(ctx context.Context) (time.Duration, error) {
	wait := w.interval()
	sources, err := w.Store.Sources(ctx)
	if err != nil {
		return wait, err
	}
	now := w.now()
	for _, s := range sources {
		if !s.Paused {
			wait = min(wait, s.NextFetch.Sub(now))
		}
	}
	return max(wait, time.Second), nil
}

// pollSource fetches and handles one source and stores its new state.
func (w *Watcher) pollSource(ctx context.Context, s parallax.Source) (Report, error) {
	r := Report{Sources: 1}
	now := w.now()
	s.LastFetch = now
	fail := func(err error, retryAfter time.Time) (Report, error) {
		r.Failed++
		s.Failures++
		s.LastError = err.Error()
		s.NextFetch = w.Backoff.Next(now, s.Failures, retryAfter)
		if errors.Is(err, fetch.ErrDisallowed) {
			// robots.txt rarely changes within minutes: wait the full interval at least.
			s.NextFetch = maxTime(s.NextFetch, now.Add(w.interval()))
		}
		w.log().Warn("watch: source failed", "source", s.ID, "url", s.URL, "failures", s.Failures, "error", err)
		return r, w.Store.UpdateSource(ctx, s)
	}
	resp, err := w.Fetcher.Fetch(ctx, fetch.Request{URL: s.URL, ETag: s.ETag, LastModified: s.LastModified,
		Accept: "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, */*;q=0.8"})
	if err != nil {
		if ctx.Err() != nil {
			return r, ctx.Err()
		}
		var retryAfter time.Time
		if resp != nil {
			retryAfter = resp.RetryAfter
		}
		return fail(err, retryAfter)
	}
	var entries []feed.Entry
	if resp.NotModified {
		r.NotModified++
	} else {
		f, err := w.Parser.Parse(bytes.NewReader(resp.Body), resp.URL)
		if err != nil {
			return fail(fmt.Errorf("parsing %s: %w", s.URL, err), time.Time{})
		}
		if s.Title == "" {
			s.Title = f.Title
		}
		s.ETag, s.LastModified = resp.ETag, resp.LastModified
		entries = f.Entries
		if n := w.maxEntries(); len(entries) > n {
			entries = entries[:n]
		}
	}
	er, err := w.entries(ctx, s, entries)
	r.add(er)
	if err != nil {
		return r, err
	}
	s.LastOK, s.Failures, s.LastError = now, 0, ""
	s.NextFetch = now.Add(w.interval())
	return r, w.Store.UpdateSource(ctx, s)
}

func (w *Watcher) maxEntries() int {
	if w.MaxEntries > 0 {
		return w.MaxEntries
	}
	return DefaultMaxEntries
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// entries handles the feed's entries that are new, then the source's
// failed entries that are due and were not in the feed this time.
func (w *Watcher) entries(ctx context.Context, s parallax.Source, entries []feed.Entry) (Report, error) {
	var r Report
	now := w.now()
	seen := map[string]bool{}
	for _, fe := range entries {
		seen[fe.ID] = true
		e, ok, err := w.Store.Entry(ctx, s.ID, fe.ID)
		if err != nil {
			return r, err
		}
		if ok && (e.Article != "" || e.NextTry.After(now) || e.Attempts >= retryLimit) {
			continue // stored, or failing and not due
		}
		if !ok {
			e = parallax.Entry{Source: s.ID, Key: fe.ID, URL: fe.URL, Title: fe.Title, Seen: now}
		}
		if err := w.handle(ctx, s, &e, &fe, &r); err != nil {
			return r, err
		}
	}
	due, err := w.Store.FailedEntries(ctx, s.ID, now)
	if err != nil {
		return r, err
	}
	for _, e := range due {
		if seen[e.Key] || e.Attempts >= retryLimit || e.URL == "" {
			continue
		}
		if err := w.handle(ctx, s, &e, nil, &r); err != nil {
			return r, err
		}
	}
	return r, nil
}

// handle makes an article of one entry, from the feed's full text or from
// its page, ingests it and records the outcome. fe is nil for a retry of an
// entry no longer in the feed (its page is fetched).
func (w *Watcher) handle(ctx context.Context, s parallax.Source, e *parallax.Entry, fe *feed.Entry, r *Report) error {
	r.Entries++
	e.Attempts++
	art, err := w.article(ctx, s, e, fe)
	if err == nil {
		var results []parallax.IngestResult
		results, err = w.Ingest.Ingest(ctx, func(yield func(parallax.Article, error) bool) { yield(art, nil) }, nil)
		switch {
		case err != nil:
			return err // the store or ctx failed: the whole poll stops
		case len(results) != 1:
			err = fmt.Errorf("ingest answered %d results for one article", len(results))
		case results[0].Status == parallax.StatusStored || results[0].Status == parallax.StatusUnchanged:
			e.Article, e.Error, e.NextTry = results[0].ID, "", time.Time{}
			r.Stored++
			return w.Store.PutEntry(ctx, *e)
		default:
			err = fmt.Errorf("%s: %s", results[0].Status, results[0].Error)
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	r.EntryErrors++
	e.Error = err.Error()
	e.NextTry = w.Backoff.Next(w.now(), e.Attempts, time.Time{})
	w.log().Warn("watch: entry failed", "source", s.ID, "entry", e.Key, "url", e.URL, "attempts", e.Attempts, "error", err)
	return w.Store.PutEntry(ctx, *e)
}

// article builds the article of an entry: the feed's own HTML when it
// carries the whole text, else the entry's page.
func (w *Watcher) article(ctx context.Context, s parallax.Source, e *parallax.Entry, fe *feed.Entry) (parallax.Article, error) {
	art := parallax.Article{URL: e.URL, Title: e.Title, ContentType: parallax.ContentHTML,
		Origin: "feed " + s.URL + " entry " + e.Key, Fetched: w.now()}
	if fe != nil {
		art.Published = fe.Published
		if art.Published.IsZero() {
			art.Published = fe.Updated
		}
	}
	art.Outlet = parallax.OutletOf(e.URL)
	if fe != nil && fe.FullText {
		art.Body = []byte(fe.Body())
		return art, nil
	}
	if e.URL == "" {
		if fe != nil && strings.TrimSpace(fe.Body()) != "" {
			art.Body = []byte(fe.Body()) // a summary is all there is
			return art, nil
		}
		return art, errors.New("the entry has neither a link nor text")
	}
	resp, err := w.Fetcher.Fetch(ctx, fetch.Request{URL: e.URL, Accept: "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"})
	if err != nil {
		return art, err
	}
	if ct := strings.ToLower(resp.ContentType); ct != "" && !slices.ContainsFunc([]string{"html", "xml", "text/plain"}, func(k string) bool { return strings.Contains(ct, k) }) {
		return art, fmt.Errorf("%s is %s, not a page", e.URL, resp.ContentType)
	}
	if strings.HasPrefix(strings.ToLower(resp.ContentType), "text/plain") {
		art.ContentType = parallax.ContentText
	}
	art.Body = resp.Body
	if resp.URL != "" {
		art.URL = resp.URL // after redirects
	}
	return art, nil
}
