package main

import (
	"context"
	"fmt"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/fetch"
	"github.com/parallax-news/parallax/watch"
)

// newFetcher is the one fetcher of a process: its politeness state (per-host
// slots and delays, robots.txt cache) must be shared by everything fetching.
func (m *Main) newFetcher() *fetch.Fetcher {
	delay := m.Config.HostDelay
	if delay == 0 {
		delay = -1 // fetch reads 0 as its default; the flag's 0 means none
	}
	return fetch.New(fetch.Options{AllowPrivate: m.Config.AllowPrivate, IgnoreRobots: m.Config.IgnoreRobots,
		MaxBytes: m.Config.MaxBytes, Timeout: m.Config.FetchTimeout, HostDelay: delay, Now: m.Config.Now})
}

// newWatcher wires a watcher over the store, the pipeline and fetcher.
func (m *Main) newWatcher(store parallax.Store, p parallax.Ingester, f *fetch.Fetcher) (*watch.Watcher, error) {
	ss, ok := store.(parallax.SourceStore)
	if !ok {
		return nil, fmt.Errorf("this store keeps no sources")
	}
	return &watch.Watcher{Store: ss, Ingest: p, Fetcher: f, Interval: m.Config.Interval, Now: m.Config.Now, Log: m.Logger}, nil
}

// runWatch polls the sources (see `parallax help watch`).
func runWatch(ctx context.Context, m *Main) error {
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	p, err := m.newPipeline(store)
	if err != nil {
		return err
	}
	f := m.newFetcher()
	defer f.CloseIdleConnections()
	w, err := m.newWatcher(store, p, f)
	if err != nil {
		return err
	}
	if !m.Config.Once {
		fmt.Fprintf(m.Stderr, "parallax: watching the sources (press Ctrl-C to stop)\n")
		return w.Run(ctx)
	}
	r, err := w.Poll(ctx)
	if err != nil {
		return err
	}
	if m.Config.JSON {
		if err := writeJSON(m.Stdout, r); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(m.Stdout, "%d sources polled (%d not modified, %d failed); %d entries: %d stored, %d failed\n",
			r.Sources, r.NotModified, r.Failed, r.Entries, r.Stored, r.EntryErrors)
	}
	if r.Failed > 0 || r.EntryErrors > 0 {
		fmt.Fprintln(m.Stderr, "parallax: see 'parallax sources' and 'parallax sources errors' for what failed")
		return errRejected
	}
	return nil
}
