package main

import (
	"cmp"
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
	"github.com/parallax-news/parallax/cluster"
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
	// Regroup scores the same documents in the same orders with
	// cluster.Regroup run after each batch (splits and merges of stories
	// as their articles accumulate). Ingest does not regroup yet: the
	// store lacks the operations (eval/clustering/README.md).
	Regroup *regroupReport `json:"regroup,omitempty"`
}

// regroupReport is the Regroup part of a clusterReport.
type regroupReport struct {
	clustering.Scores
	Topic *clustering.Scores `json:"topic_level,omitempty"`
	Runs  []clusterRun       `json:"runs,omitempty"`
	// Splits and Merges count the changes made, summed over the runs.
	Splits int `json:"splits"`
	Merges int `json:"merges"`
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
	rep := clusterReport{Format: "ecbplus", Level: "event", Regroup: &regroupReport{}}
	var events, topics, revents, rtopics []clustering.Scores
	for i, seed := range seeds {
		order := slices.Clone(docs)
		clustering.Shuffle(order, seed)
		for _, regroup := range []bool{false, true} {
			label := fmt.Sprintf("order %d/%d (seed %d)", i+1, len(seeds), seed)
			if regroup {
				label += ", regrouped"
			}
			res, err := clusterDocs(ctx, m, label, order, regroup)
			if err != nil {
				return rep, err
			}
			ev, err := clustering.Score(res.stories, golds(res.kept, false))
			if err != nil {
				return rep, err
			}
			tp, err := clustering.Score(res.stories, golds(res.kept, true))
			if err != nil {
				return rep, err
			}
			fmt.Fprintf(m.Stderr, "eval cluster: %s: %d stories for %d events; BCubed F1 %.3f (topic level %.3f)\n",
				label, ev.Clusters, ev.GoldClusters, ev.BCubedF1, tp.BCubedF1)
			run := clusterRun{Seed: seed, Scores: ev, Topic: &tp}
			if regroup {
				revents, rtopics = append(revents, ev), append(rtopics, tp)
				rep.Regroup.Runs = append(rep.Regroup.Runs, run)
				rep.Regroup.Splits += res.splits
				rep.Regroup.Merges += res.merges
				continue
			}
			events, topics = append(events, ev), append(topics, tp)
			rep.Runs = append(rep.Runs, run)
			rep.Rejected = max(rep.Rejected, len(order)-len(res.kept))
		}
	}
	rep.Scores = clustering.Mean(events)
	t := clustering.Mean(topics)
	rep.Topic = &t
	rep.Regroup.Scores = clustering.Mean(revents)
	rt := clustering.Mean(rtopics)
	rep.Regroup.Topic = &rt
	return rep, nil
}

// evalClusterOnce runs dated documents once, in the order given (the
// readers return publication order).
func evalClusterOnce(ctx context.Context, m *Main, format string, docs []clustering.Doc) (clusterReport, error) {
	res, err := clusterDocs(ctx, m, format, docs, false)
	if err != nil {
		return clusterReport{}, err
	}
	s, err := clustering.Score(res.stories, golds(res.kept, false))
	if err != nil {
		return clusterReport{}, err
	}
	rep := clusterReport{Scores: s, Format: format, Rejected: len(docs) - len(res.kept)}
	if res, err = clusterDocs(ctx, m, format+", regrouped", docs, true); err != nil {
		return clusterReport{}, err
	}
	if s, err = clustering.Score(res.stories, golds(res.kept, false)); err != nil {
		return clusterReport{}, err
	}
	rep.Regroup = &regroupReport{Scores: s, Splits: res.splits, Merges: res.merges}
	return rep, nil
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

// clustered is what clusterDocs returns: the story each stored document is
// in as the store reports it afterwards, the documents that were stored
// (those rejected are reported and not scored), and the regroupings made.
type clustered struct {
	stories        []string
	kept           []clustering.Doc
	splits, merges int
}

// regroupBatch is how many documents are ingested between two regroupings
// when clusterDocs regroups: the pipeline's batch (one write transaction).
const regroupBatch = 256

// clusterDocs ingests docs in order into a new store in a temporary folder,
// through the pipeline `parallax ingest` uses, and reads back the story of
// each stored document. With regroup, the documents go in batches of
// regroupBatch and, after each batch, the story of each of its articles is
// looked at again by cluster.Regroup (see regrouper). The folder is
// removed on return.
func clusterDocs(ctx context.Context, m *Main, label string, docs []clustering.Doc, regroup bool) (clustered, error) {
	var out clustered
	dir, err := os.MkdirTemp("", "parallax-eval-cluster-")
	if err != nil {
		return out, fmt.Errorf("eval cluster: %w", err)
	}
	defer os.RemoveAll(dir)
	store, err := openStore(ctx, filepath.Join(dir, "eval.db"))
	if err != nil {
		return out, err
	}
	defer store.Close()
	p, err := m.newPipeline(store)
	if err != nil {
		return out, err
	}
	done, step := 0, max(len(docs)/4, 500)
	progress := func(parallax.IngestResult) {
		if done++; done%step == 0 {
			fmt.Fprintf(m.Stderr, "eval cluster: %s: %d/%d documents\n", label, done, len(docs))
		}
	}
	batch := len(docs)
	if regroup {
		batch = regroupBatch
	}
	var g *regrouper
	if regroup {
		g = newRegrouper(store)
	}
	var results []parallax.IngestResult
	for start := 0; start < len(docs); start += batch {
		part := docs[start:min(start+batch, len(docs))]
		articles := func(yield func(parallax.Article, error) bool) {
			for _, d := range part {
				if !yield(d.Article, nil) {
					return
				}
			}
		}
		res, err := p.Ingest(ctx, iter.Seq2[parallax.Article, error](articles), progress)
		if err != nil {
			return out, fmt.Errorf("eval cluster: ingesting: %w", err)
		}
		if len(res) != len(part) {
			return out, fmt.Errorf("eval cluster: %d results for %d documents", len(res), len(part))
		}
		results = append(results, res...)
		if g != nil {
			if err := g.batch(ctx, res); err != nil {
				return out, fmt.Errorf("eval cluster: regrouping: %w", err)
			}
			out.splits, out.merges = g.splits, g.merges
		}
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
			return out, fmt.Errorf("eval cluster: reading back %s: %w", r.ID, err)
		}
		out.stories = append(out.stories, a.Story)
		out.kept = append(out.kept, docs[i])
	}
	if rejected > shown {
		fmt.Fprintf(m.Stderr, "eval cluster: %s: %d more not stored, not scored\n", label, rejected-shown)
	}
	return out, nil
}

// regrouper applies cluster.Regroup to a store as ingest would once the
// store can: after each batch, the story of each stored article of the
// batch is looked at again, in order, once per story and batch, and what
// Regroup proposes is done, at most regroupRounds changes per article (a
// split, then a merge of the article's new story).
//
// It stands in for two store operations that do not exist yet
// (eval/clustering/README.md). Reading a story's members with their keys
// (cluster.MemberIndex): the regrouper keeps which articles each story
// holds and each article's keys, read once when the article is stored,
// and follows its own changes; after the run, clusterDocs reads the stories
// back from the store, so a slip here would show in the scores. Moving
// articles automatically: the changes are made with the manual SplitStory
// and MergeStories, which also pin the articles; pins only matter to later
// re-clustering and manual edits, neither of which happens here, so no
// article is reported pinned.
type regrouper struct {
	c              *cluster.Clusterer
	store          parallax.Store
	story          map[string]string   // article → story
	members        map[string][]string // story → articles, oldest first (ties in ingest order)
	info           map[string]cluster.Member
	seq            map[string]int // article → ingest position
	splits, merges int
}

const regroupRounds = 2

func newRegrouper(store parallax.Store) *regrouper {
	return &regrouper{c: cluster.New(cluster.Config{}), store: store, story: map[string]string{},
		members: map[string][]string{}, info: map[string]cluster.Member{}, seq: map[string]int{}}
}

// batch records a batch's stored articles, then regroups their stories.
func (g *regrouper) batch(ctx context.Context, results []parallax.IngestResult) error {
	var stored []string
	for _, r := range results {
		if r.Status != parallax.StatusStored {
			continue
		}
		a, err := g.store.Article(ctx, r.ID)
		if err != nil {
			return err
		}
		t := a.Published
		if t.IsZero() {
			t = a.Fetched
		}
		g.info[a.ID] = cluster.Member{ID: a.ID, Time: t, Keys: a.Keys, DuplicateOf: a.DuplicateOf}
		g.seq[a.ID] = len(g.seq)
		g.story[a.ID] = a.Story
		g.members[a.Story] = g.sorted(append(g.members[a.Story], a.ID))
		stored = append(stored, a.ID)
	}
	checked := map[string]bool{} // stories already looked at in this batch
	for _, id := range stored {
		if checked[g.story[id]] {
			continue
		}
		checked[g.story[id]] = true
		for range regroupRounds {
			ch, err := g.regroup(ctx, g.story[id])
			if err != nil {
				return err
			}
			if ch.IsZero() {
				break
			}
			if err := g.apply(ctx, ch); err != nil {
				return err
			}
		}
	}
	return nil
}

// regroup asks Regroup about story through a read-only use of a write
// transaction (the store's ClusterIndex), rolled back before any write.
func (g *regrouper) regroup(ctx context.Context, story string) (cluster.Change, error) {
	tx, err := g.store.Begin(ctx)
	if err != nil {
		return cluster.Change{}, err
	}
	defer tx.Rollback()
	return g.c.Regroup(ctx, regroupIndex{tx, g}, story)
}

// apply makes ch in the store and in the regrouper's own record.
func (g *regrouper) apply(ctx context.Context, ch cluster.Change) error {
	from, move := ch.MergeFrom, g.members[ch.MergeFrom]
	into := ch.MergeInto
	if len(ch.Split) > 0 {
		id, err := g.store.SplitStory(ctx, ch.Story, ch.Split)
		if err != nil {
			return err
		}
		from, move, into = ch.Story, ch.Split, id
		g.splits++
	} else {
		if err := g.store.MergeStories(ctx, ch.MergeInto, []string{ch.MergeFrom}); err != nil {
			return err
		}
		g.merges++
	}
	moved := map[string]bool{}
	for _, id := range move {
		moved[id] = true
		g.story[id] = into
	}
	g.members[into] = g.sorted(append(slices.Clone(g.members[into]), move...))
	g.members[from] = slices.DeleteFunc(g.members[from], func(id string) bool { return moved[id] })
	if len(g.members[from]) == 0 {
		delete(g.members, from)
	}
	return nil
}

// sorted puts ids in the store's order: by time, then ingest order.
func (g *regrouper) sorted(ids []string) []string {
	slices.SortFunc(ids, func(a, b string) int {
		return cmp.Or(g.info[a].Time.Compare(g.info[b].Time), cmp.Compare(g.seq[a], g.seq[b]))
	})
	return ids
}

// regroupIndex is the cluster.MemberIndex Regroup reads: the store's
// transaction for the index look-ups, the regrouper for the members.
type regroupIndex struct {
	parallax.ClusterIndex
	g *regrouper
}

func (x regroupIndex) StoryMembers(_ context.Context, story string, limit int) ([]cluster.Member, error) {
	ids := x.g.members[story]
	if limit > 0 && len(ids) > limit {
		ids = ids[len(ids)-limit:]
	}
	out := make([]cluster.Member, len(ids))
	for i, id := range ids {
		out[i] = x.g.info[id]
	}
	return out, nil
}
