package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/eval/clustering"
)

func init() {
	evalTasks["cluster"] = evalTask{
		about: "story clustering, online, through the whole pipeline: --data an ECB+ folder, a JSONL file with story_id, or the UCI news CSV",
		run:   evalCluster,
	}
}

// ecbSeeds are the shuffled orders ECB+ is scored in: it has no dates, so
// there is no true order, and the mean over fixed orders is reproducible.
var ecbSeeds = []uint64{1, 2, 3, 4, 5}

// ecbPublished is the publication time every ECB+ document is given. ECB+
// has no dates, and the clusterer only considers stories updated within its
// window of an article's time; one time for all puts every earlier story in
// the window, so the time never decides anything.
var ecbPublished = time.Date(2020, 1, 1, 12, 0, 0, 0, time.UTC)

// clusterRun is one pass over the documents in one order.
type clusterRun struct {
	Seed uint64 `json:"seed,omitempty"`
	clustering.Scores
	Topic *clustering.Scores `json:"topic_level,omitempty"`
}

// clusterReport is what `eval cluster` prints: the scores (for ECB+ the
// mean over the orders), then what they were computed on.
type clusterReport struct {
	clustering.Scores
	Format string `json:"format"`          // ecbplus, jsonl or uci
	Level  string `json:"level,omitempty"` // ECB+: the gold the top-level scores use
	// Topic scores the same stories against the ECB+ topics (each topic's
	// two events as one): what a clusterer that cannot split a topic gets.
	Topic    *clustering.Scores `json:"topic_level,omitempty"`
	Runs     []clusterRun       `json:"runs,omitempty"`
	Rejected int                `json:"rejected"` // documents the pipeline did not store (not scored)
	Skipped  int                `json:"skipped"`  // records the reader could not use
}

// evalCluster streams labelled documents through the real pipeline (extract,
// analyze, cluster, a SQLite store in a temporary folder) one order at a
// time, reads back each document's story and scores the stories against
// the gold ones (eval/clustering/README.md).
func evalCluster(ctx context.Context, m *Main) error {
	path := m.Config.Data
	if path == "" {
		return usagef("eval cluster: --data PATH is required: an ECB+ folder, a JSON Lines file with story_id, or the UCI news CSV")
	}
	info, err := os.Stat(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return usagef("eval cluster: %s: no such file or folder", path)
		}
		return fmt.Errorf("eval cluster: %w", err)
	}
	start := time.Now()
	var rep clusterReport
	switch ext := strings.ToLower(filepath.Ext(path)); {
	case info.IsDir():
		docs, err := clustering.ReadECB(os.DirFS(path))
		if err != nil {
			return usagef("eval cluster: %s: %v", path, err)
		}
		if rep, err = evalClusterECB(ctx, m, docs, ecbSeeds); err != nil {
			return err
		}
	case ext == ".jsonl" || ext == ".ndjson" || ext == ".json":
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("eval cluster: %w", err)
		}
		docs, skipped, err := clustering.ReadJSONL(ctx, f, path)
		f.Close()
		if err := reportSkipped(m, skipped, err, path); err != nil {
			return err
		}
		rep, err = evalClusterOnce(ctx, m, "jsonl", docs)
		if err != nil {
			return err
		}
		rep.Skipped = len(skipped)
	case ext == ".csv":
		f, err := os.Open(path)
		if err != nil {
			return fmt.Errorf("eval cluster: %w", err)
		}
		docs, skipped, err := clustering.ReadUCI(f)
		f.Close()
		if err := reportSkipped(m, skipped, err, path); err != nil {
			return err
		}
		rep, err = evalClusterOnce(ctx, m, "uci", docs)
		if err != nil {
			return err
		}
		rep.Skipped = len(skipped)
	default:
		return usagef("eval cluster: %s is not an ECB+ folder, a .jsonl file or a .csv file", path)
	}
	fmt.Fprintf(m.Stderr, "eval cluster: done in %.1f s\n", time.Since(start).Seconds())
	return writeJSON(m.Stdout, rep)
}

// reportSkipped prints the records a reader skipped and turns a reader's
// error into a usage error: the file is not one eval cluster can read.
func reportSkipped(m *Main, skipped []error, err error, path string) error {
	for _, e := range skipped {
		fmt.Fprintf(m.Stderr, "eval cluster: %s: skipped: %v\n", path, strings.TrimPrefix(e.Error(), path+": "))
	}
	if err != nil {
		return usagef("eval cluster: %s: %v", path, err)
	}
	return nil
}

// evalClusterECB runs the ECB+ documents once per seed, each order from an
// empty store, and reports the mean of the runs and each run.
func evalClusterECB(ctx context.Context, m *Main, docs []clustering.Doc, seeds []uint64) (clusterReport, error) {
	for i := range docs {
		docs[i].Article.Published = ecbPublished
	}
	rep := clusterReport{Format: "ecbplus", Level: "event"}
	var events, topics []clustering.Scores
	for i, seed := range seeds {
		order := slices.Clone(docs)
		clustering.Shuffle(order, seed)
		label := fmt.Sprintf("order %d/%d (seed %d)", i+1, len(seeds), seed)
		stories, kept, err := clusterDocs(ctx, m, label, order)
		if err != nil {
			return rep, err
		}
		ev, err := clustering.Score(stories, golds(kept, false))
		if err != nil {
			return rep, err
		}
		tp, err := clustering.Score(stories, golds(kept, true))
		if err != nil {
			return rep, err
		}
		fmt.Fprintf(m.Stderr, "eval cluster: %s: %d stories for %d events; BCubed F1 %.3f (topic level %.3f)\n",
			label, ev.Clusters, ev.GoldClusters, ev.BCubedF1, tp.BCubedF1)
		events, topics = append(events, ev), append(topics, tp)
		rep.Runs = append(rep.Runs, clusterRun{Seed: seed, Scores: ev, Topic: &tp})
		rep.Rejected = max(rep.Rejected, len(order)-len(kept))
	}
	rep.Scores = clustering.Mean(events)
	t := clustering.Mean(topics)
	rep.Topic = &t
	return rep, nil
}

// evalClusterOnce runs dated documents once, in the order given (the
// readers return publication order).
func evalClusterOnce(ctx context.Context, m *Main, format string, docs []clustering.Doc) (clusterReport, error) {
	stories, kept, err := clusterDocs(ctx, m, format, docs)
	if err != nil {
		return clusterReport{}, err
	}
	s, err := clustering.Score(stories, golds(kept, false))
	if err != nil {
		return clusterReport{}, err
	}
	return clusterReport{Scores: s, Format: format, Rejected: len(docs) - len(kept)}, nil
}

func golds(docs []clustering.Doc, topic bool) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.Gold
		if topic {
			out[i] = d.Topic
		}
	}
	return out
}

// clusterDocs ingests docs in order into a new store in a temporary folder,
// through the pipeline `parallax ingest` uses, and returns the story each
// stored document is in as the store reports it afterwards, with the
// documents that were stored (those rejected are reported and not scored).
// The folder is removed on return.
func clusterDocs(ctx context.Context, m *Main, label string, docs []clustering.Doc) (stories []string, kept []clustering.Doc, err error) {
	dir, err := os.MkdirTemp("", "parallax-eval-cluster-")
	if err != nil {
		return nil, nil, fmt.Errorf("eval cluster: %w", err)
	}
	defer os.RemoveAll(dir)
	store, err := openStore(ctx, filepath.Join(dir, "eval.db"))
	if err != nil {
		return nil, nil, err
	}
	defer store.Close()
	p, err := m.newPipeline(store)
	if err != nil {
		return nil, nil, err
	}
	articles := func(yield func(parallax.Article, error) bool) {
		for _, d := range docs {
			if !yield(d.Article, nil) {
				return
			}
		}
	}
	done, step := 0, max(len(docs)/4, 500)
	progress := func(parallax.IngestResult) {
		if done++; done%step == 0 {
			fmt.Fprintf(m.Stderr, "eval cluster: %s: %d/%d documents\n", label, done, len(docs))
		}
	}
	results, err := p.Ingest(ctx, iter.Seq2[parallax.Article, error](articles), progress)
	if err != nil {
		return nil, nil, fmt.Errorf("eval cluster: ingesting: %w", err)
	}
	if len(results) != len(docs) {
		return nil, nil, fmt.Errorf("eval cluster: %d results for %d documents", len(results), len(docs))
	}
	const shown = 10 // rejections printed one by one; the rest are counted
	rejected := 0
	for i, r := range results {
		switch r.Status {
		case parallax.StatusStored, parallax.StatusUnchanged:
		default:
			if rejected++; rejected <= shown {
				fmt.Fprintf(m.Stderr, "eval cluster: %s: %s not stored, not scored: %s: %s\n", label, docs[i].Article.Origin, r.Status, r.Error)
			}
			continue
		}
		// Read back rather than trusting the placement: the score is of the
		// stories a user of the store would see.
		a, err := store.Article(ctx, r.ID)
		if err != nil {
			return nil, nil, fmt.Errorf("eval cluster: reading back %s: %w", r.ID, err)
		}
		stories = append(stories, a.Story)
		kept = append(kept, docs[i])
	}
	if rejected > shown {
		fmt.Fprintf(m.Stderr, "eval cluster: %s: %d more not stored, not scored\n", label, rejected-shown)
	}
	return stories, kept, nil
}
