package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"

	"github.com/vbauerster/mpb/v8"
	"github.com/vbauerster/mpb/v8/decor"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/ingest"
	"github.com/parallax-news/parallax/queue"
)

func runIngest(ctx context.Context, m *Main) error {
	var p parallax.Ingester
	if m.Config.Queue != "" {
		// Published for the workers instead of processed here: no store.
		q, err := m.openQueue(ctx)
		if err != nil {
			return err
		}
		defer q.Close()
		p = q
	} else {
		store, err := m.openStore(ctx)
		if err != nil {
			return err
		}
		defer store.Close()
		if p, err = m.newPipeline(store); err != nil {
			return err
		}
	}
	// http and https arguments are fetched, the rest read as paths, in
	// one stream so that one batch commits them all.
	var urls, paths []string
	for _, a := range m.Config.Args {
		if ingest.IsURL(a) {
			urls = append(urls, a)
		} else {
			paths = append(paths, a)
		}
	}
	opt := m.ingestOptions()
	src := ingest.Read(ctx, paths, opt)
	if len(urls) > 0 {
		f := m.newFetcher()
		defer f.CloseIdleConnections()
		fetched, read := ingest.Fetch(ctx, f, urls, opt), src
		src = func(yield func(parallax.Article, error) bool) {
			for a, err := range fetched {
				if !yield(a, err) {
					return
				}
			}
			read(yield)
		}
	}
	// Each window of records is placed in publication order (see
	// ingest.InTimeOrder), here or through the queue alike.
	_, err := m.ingest(ctx, p, ingest.InTimeOrder(src, ingestWindow))
	return err
}

// ingestWindow is how many records 'parallax ingest' orders by time at once:
// the pipeline's batch, so the order costs no more memory than a batch.
const ingestWindow = 256

func (m *Main) ingestOptions() ingest.Options {
	return ingest.Options{Format: m.Config.Format, MaxBytes: m.Config.MaxBytes, Stdin: m.Stdin, Now: m.Config.Now}
}

// ingest runs src through the pipeline, reporting each problem on stderr as
// it happens and a summary at the end. It returns errRejected when any input
// was rejected or in conflict, after everything valid was stored.
func (m *Main) ingest(ctx context.Context, p parallax.Ingester, src iter.Seq2[parallax.Article, error]) ([]parallax.IngestResult, error) {
	var bar *mpb.Bar
	var progress *mpb.Progress
	if m.Config.Progress {
		progress = mpb.NewWithContext(ctx, mpb.WithOutput(m.Stderr), mpb.WithWidth(40))
		bar = progress.New(0, mpb.BarStyle(),
			mpb.PrependDecorators(decor.Name("ingesting "), decor.CurrentNoUnit("%d articles")),
			mpb.AppendDecorators(decor.AverageSpeed(0, " %.0f/s")))
	}
	problems := 0
	report := func(r parallax.IngestResult) {
		if bar != nil {
			bar.SetTotal(bar.Current()+2, false)
			bar.Increment()
		}
		if r.Status == parallax.StatusRejected || r.Status == parallax.StatusConflict {
			problems++
			where := r.Origin
			if where == "" {
				where = "input"
			}
			// Written through the progress container when there is one, so
			// the bar is not torn by the message.
			var w io.Writer = m.Stderr
			if progress != nil {
				w = progress
			}
			fmt.Fprintf(w, "parallax: %s: %s\n", where, r.Error)
		}
	}
	results, err := p.Ingest(ctx, src, report)
	if bar != nil {
		bar.SetTotal(-1, true)
		progress.Wait()
	}
	if err != nil {
		return results, err
	}
	if m.Config.JSON {
		if results == nil {
			results = []parallax.IngestResult{}
		}
		if err := writeJSON(m.Stdout, results); err != nil {
			return results, err
		}
	} else {
		counts := map[string]int{}
		stories := map[string]bool{}
		for _, r := range results {
			counts[r.Status]++
			if r.Story != "" {
				stories[r.Story] = true
			}
		}
		if _, queued := p.(*queue.Queue); queued {
			fmt.Fprintf(m.Stdout, "%d published, %d already queued, %d rejected; the workers analyse and store them\n",
				counts[queue.StatusQueued], counts[queue.StatusDuplicate], counts[parallax.StatusRejected])
		} else {
			fmt.Fprintf(m.Stdout, "%d stored, %d unchanged, %d conflicts, %d rejected; %d stories touched\n",
				counts[parallax.StatusStored], counts[parallax.StatusUnchanged], counts[parallax.StatusConflict],
				counts[parallax.StatusRejected], len(stories))
		}
	}
	if problems > 0 {
		return results, errRejected
	}
	return results, nil
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
