package main

import (
	"context"
	"fmt"
	"io"
	"iter"
	"net"
	"os"
	"path/filepath"
	"sync"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/demo"
	parallaxhttp "github.com/parallax-news/parallax/http"
	"github.com/parallax-news/parallax/ingest"
)

func runServe(ctx context.Context, m *Main) error {
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	p, err := m.newPipeline(store)
	if err != nil {
		return err
	}
	if m.Config.Queue == "" {
		return m.serve(ctx, store, p, p)
	}
	// Distributed mode: the API publishes to the queue, and this process
	// is the placer (with an embedded queue, the workers too). Feeds are
	// still polled here and go through the local pipeline, between the
	// placer's batches.
	q, err := m.openQueue(ctx)
	if err != nil {
		return err
	}
	defer q.Close()
	bg, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer wg.Wait()
	defer stop()
	wg.Go(func() {
		if err := q.Place(bg, p, m.placed); err != nil {
			m.Logger.Error("placer stopped", "error", err)
			stop()
		}
	})
	fmt.Fprintf(m.Stdout, "parallax: placing articles from %s\n", m.queueName(q))
	if q.Embedded() != nil {
		n := m.workerConcurrency()
		wg.Go(func() { _ = q.Work(bg, p, n) })
		fmt.Fprintf(m.Stdout, "parallax: analysing them here too, %d at a time; more workers may join: parallax worker --queue %s\n", n, q.Embedded().URL())
	}
	return m.serve(bg, store, q, p)
}

// serve runs the HTTP server on the configured address until ctx is done.
// api takes the articles posted to the API; p those of the feeds.
func (m *Main) serve(ctx context.Context, store parallax.Store, api, p parallax.Ingester) error {
	public := !parallaxhttp.IsLoopback(m.Config.Addr)
	opt := m.ingestOptions()
	srv, err := parallaxhttp.NewServer(parallaxhttp.Config{
		Store:    store,
		Ingester: api,
		Decode: func(ctx context.Context, r io.Reader, name string) iter.Seq2[parallax.Article, error] {
			return ingest.Decode(ctx, r, name, opt)
		},
		Token:   m.Config.Token,
		Public:  public,
		MaxBody: 8 * m.Config.MaxBytes,
		Logger:  m.Logger,
		Now:     m.Config.Now,
	})
	if err != nil {
		return usagef("%v", err)
	}
	ln, err := net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", m.Config.Addr, err)
	}
	url := "http://" + displayAddr(ln.Addr())
	fmt.Fprintf(m.Stdout, "parallax: serving %s (press Ctrl-C to stop)\n", url)
	if m.Listening != nil {
		m.Listening(url)
	}
	// Outdated analyses are redone beside the server, never before it: the
	// store answers from the old ones meanwhile. The server returns only
	// after the reanalysis has stopped, so the store is not closed under it.
	bg, stop := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Go(func() { m.reanalyzeInBackground(bg, store) })
	// The sources are polled beside the server too, as 'parallax watch' does.
	f := m.newFetcher()
	defer f.CloseIdleConnections()
	if w, err := m.newWatcher(store, p, f); err == nil {
		wg.Go(func() { w.Run(bg) })
	}
	defer wg.Wait()
	defer stop()
	return srv.Serve(ctx, ln)
}

// displayAddr makes a listener address clickable: an unspecified host
// (0.0.0.0, ::) is shown as localhost.
func displayAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return a.String()
	}
	return fmt.Sprintf("localhost:%d", tcp.Port)
}

func runDemo(ctx context.Context, m *Main) error {
	if !m.Config.dbSet {
		dir, err := os.MkdirTemp("", "parallax-demo-")
		if err != nil {
			return fmt.Errorf("creating demo directory: %w", err)
		}
		defer os.RemoveAll(dir)
		m.Config.DB = filepath.Join(dir, "demo.db")
	}
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	p, err := m.newPipeline(store)
	if err != nil {
		return err
	}
	results, err := p.Ingest(ctx, ingest.Decode(ctx, demo.Corpus(), "demo corpus", m.ingestOptions()), nil)
	if err != nil {
		return fmt.Errorf("loading demo corpus: %w", err)
	}
	stored := 0
	for _, r := range results {
		switch r.Status {
		case parallax.StatusStored, parallax.StatusUnchanged:
			stored++
		default:
			fmt.Fprintf(m.Stderr, "parallax: demo corpus: %s: %s\n", r.Origin, r.Error)
		}
	}
	fmt.Fprintf(m.Stdout, "parallax: demo corpus loaded: %d articles into %s\n", stored, m.Config.DB)
	return m.serve(ctx, store, p, p)
}
