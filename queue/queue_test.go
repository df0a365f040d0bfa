package queue_test

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze"
	"github.com/parallax-news/parallax/cluster"
	"github.com/parallax-news/parallax/extract"
	"github.com/parallax-news/parallax/pipeline"
	"github.com/parallax-news/parallax/queue"
	"github.com/parallax-news/parallax/sqlite"
)

// These tests run the real parts: an in-process nats-server with JetStream
// on a loopback port (the same server binary code as a separate one), the
// real pipeline stages and SQLite stores.

var clock = func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }

var (
	analyzerOnce sync.Once
	analyzer     *analyze.Pipeline
	analyzerErr  error
)

func newPipeline(t *testing.T) (*pipeline.Pipeline, *sqlite.DB) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	analyzerOnce.Do(func() { analyzer, analyzerErr = analyze.New() })
	if analyzerErr != nil {
		t.Fatal(analyzerErr)
	}
	return pipeline.New(pipeline.Config{
		Store: db, Extract: extract.Extract, Analyzer: analyzer,
		Placer: cluster.New(cluster.Config{Now: clock}), Now: clock,
		Templates: db, BatchSize: 4, MaxDelay: 50 * time.Millisecond,
	}), db
}

func startServer(t *testing.T, dir string) *queue.Embedded {
	t.Helper()
	e, err := queue.StartEmbedded(dir, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Shutdown)
	return e
}

func connect(t *testing.T, url string, opt queue.Options) *queue.Queue {
	t.Helper()
	q, err := queue.Connect(context.Background(), url, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(q.Close)
	return q
}

// corpus invents n articles about n/3 events, three outlets each, with
// quotes, and makes every fifth article a near-verbatim copy of the one
// before it, so that placement order matters (copies link to the earliest).
func corpus(n int) []parallax.Article {
	places := []string{"Arden", "Brill", "Corran", "Dunmere", "Eskdale", "Fenwick", "Garrow", "Hollin", "Ivybridge", "Jarrow"}
	people := []string{"Ada Morrow", "Ben Tallis", "Cara Voss", "Dov Keller", "Eli Strand", "Fay Orme", "Gus Pryor", "Hal Quist", "Ida Renner", "Jon Sable"}
	topics := []string{"bridge collapse", "ferry strike", "mill fire", "school closure", "flood barrier", "rail landslide", "harbour dredging", "power outage", "water shortage", "library reopening"}
	var out []parallax.Article
	prev := ""
	for i := range n {
		e := (i / 3) % len(places)
		day := time.Date(2026, 5, 1+(i/3)*4%28, 9+i%3, 0, 0, 0, time.UTC)
		text := fmt.Sprintf("The %s in %s shut the town centre on %s, officials said.\n\n“We are doing all we can,” said %s, who leads the %s council.\n\nResidents of %s were told to expect delays as the %s work goes on, and %s promised an update next week.",
			topics[e], places[e], day.Weekday(), people[e], places[e], places[e], topics[e], people[e][:3])
		if i%3 == 1 {
			text = fmt.Sprintf("Officials in %s said the %s closed roads on %s. %s, head of the %s council, told the Courier that crews were at work.\n\n“Nobody was hurt,” %s said.\n\nLocal shops in %s reported fewer customers because of the %s.",
				places[e], topics[e], day.Weekday(), people[e], places[e], people[e], places[e], topics[e])
		}
		if i%5 == 4 && prev != "" {
			text = prev + "\n\nThis article was first published by a partner."
		}
		prev = text
		out = append(out, parallax.Article{
			ID: fmt.Sprintf("a%03d", i), Outlet: fmt.Sprintf("outlet%d", i%3), Published: day,
			Title: fmt.Sprintf("%s %s", places[e], topics[e]), ContentType: parallax.ContentText,
			Body: []byte(text), Origin: fmt.Sprintf("test:%d", i+1),
		})
	}
	return out
}

func seq(arts []parallax.Article) iter.Seq2[parallax.Article, error] {
	return func(yield func(parallax.Article, error) bool) {
		for _, a := range arts {
			if !yield(a, nil) {
				return
			}
		}
	}
}

// placed is what an article became in the store: what the sameness test
// compares between the single binary and the distributed path.
type placed struct {
	Story, DuplicateOf, Text string
	Score                    float64
	Quotes                   []parallax.Quote
	Mentions                 int
}

func snapshot(t *testing.T, db parallax.Store) map[string]placed {
	t.Helper()
	out := map[string]placed{}
	for a, err := range db.Articles(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		full, err := db.Article(context.Background(), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, dup := out[a.ID]; dup {
			t.Errorf("article %s listed twice", a.ID)
		}
		out[a.ID] = placed{Story: full.Story, DuplicateOf: full.DuplicateOf, Text: full.Text, Score: full.Score,
			Quotes: full.Analysis.Quotes, Mentions: len(full.Analysis.Mentions)}
	}
	return out
}

// results gathers the placer's final results, by article id.
type results struct {
	mu sync.Mutex
	by map[string][]string // statuses
}

func (r *results) add(res parallax.IngestResult) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.by == nil {
		r.by = map[string][]string{}
	}
	r.by[res.ID] = append(r.by[res.ID], res.Status)
}

func (r *results) stored() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, st := range r.by {
		for _, s := range st {
			if s == parallax.StatusStored {
				n++
			}
		}
	}
	return n
}

// run starts a goroutine until the test ends, and waits for it then.
func run(t *testing.T, f func(ctx context.Context) error) context.CancelFunc {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("background: %v", err)
		}
	})
	return cancel
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, d time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// drained reports whether both streams are empty.
func drained(t *testing.T, q *queue.Queue) bool {
	a, b, err := q.Pending(context.Background())
	return err == nil && a == 0 && b == 0
}

// TestPublishTwiceStoredOnce: the same articles published twice are
// dropped by JetStream the second time, and stored once.
func TestPublishTwiceStoredOnce(t *testing.T) {
	srv := startServer(t, t.TempDir())
	q := connect(t, srv.URL(), queue.Options{})
	arts := corpus(6)
	arts = append(arts, parallax.Article{Outlet: "noid", ContentType: parallax.ContentText, Origin: "test:noid",
		Body: []byte("An article without an id is published under the content id of its body, in Arden.")})
	for round, want := range []string{queue.StatusQueued, queue.StatusDuplicate} {
		res, err := q.Ingest(context.Background(), seq(arts), nil)
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range res {
			if r.Status != want || r.Origin != arts[i].Origin {
				t.Errorf("round %d, result %d: %+v, want %s", round, i, r, want)
			}
		}
	}
	if n, _, err := q.Pending(context.Background()); err != nil || n != uint64(len(arts)) {
		t.Fatalf("ARTICLES holds %d messages (%v), want %d", n, err, len(arts))
	}
	p, db := newPipeline(t)
	var got results
	run(t, func(ctx context.Context) error { return q.Work(ctx, p, 2) })
	run(t, func(ctx context.Context) error { return q.Place(ctx, p, got.add) })
	waitFor(t, "the articles to be stored", 30*time.Second, func() bool { return got.stored() == len(arts) && drained(t, q) })
	snap := snapshot(t, db)
	if len(snap) != len(arts) {
		t.Errorf("%d articles stored, want %d", len(snap), len(arts))
	}
	for id, st := range got.by {
		if len(st) != 1 {
			t.Errorf("%s: results %v, want one", id, st)
		}
	}
}

// TestSameAsSingleBinary: three workers and one placer give the same
// stories, copy links, clustering scores and quotes as the pipeline run in
// one process on the same input (both on SQLite).
func TestSameAsSingleBinary(t *testing.T) {
	arts := corpus(45)
	single, singleDB := newPipeline(t)
	res, err := single.Ingest(context.Background(), seq(arts), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Status != parallax.StatusStored {
			t.Fatalf("single binary: %+v", r)
		}
	}
	want := snapshot(t, singleDB)

	srv := startServer(t, t.TempDir())
	p, db := newPipeline(t)
	var got results
	// Workers finish out of order, as they do when articles differ in
	// size: the placer must still place in publication order.
	slow := slowFirst{p}
	for range 3 {
		w := connect(t, srv.URL(), queue.Options{}) // a process each
		run(t, func(ctx context.Context) error { return w.Work(ctx, slow, 2) })
	}
	placer := connect(t, srv.URL(), queue.Options{})
	run(t, func(ctx context.Context) error { return placer.Place(ctx, p, got.add) })
	pub := connect(t, srv.URL(), queue.Options{})
	if _, err := pub.Ingest(context.Background(), seq(arts), nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the articles to be stored", 60*time.Second, func() bool { return got.stored() == len(arts) && drained(t, pub) })
	compare(t, want, snapshot(t, db))
	stories := map[string]bool{}
	copies := 0
	for _, a := range want {
		stories[a.Story] = true
		if a.DuplicateOf != "" {
			copies++
		}
	}
	// The comparison means something only if the corpus has several
	// stories and copies whose links depend on the order.
	if len(stories) < 5 || copies == 0 {
		t.Errorf("corpus too easy: %d stories, %d copies", len(stories), copies)
	}
}

// slowFirst delays the first of every pair of articles (by their id's
// last digit), so that its successor is analysed before it.
type slowFirst struct{ p *pipeline.Pipeline }

func (s slowFirst) Prepare(ctx context.Context, a parallax.Article) pipeline.Prepared {
	if id := a.ID; id != "" && (id[len(id)-1]-'0')%2 == 0 {
		time.Sleep(40 * time.Millisecond)
	}
	return s.p.Prepare(ctx, a)
}

func compare(t *testing.T, want, got map[string]placed) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d articles stored, want %d", len(got), len(want))
	}
	for id, w := range want {
		g, ok := got[id]
		if !ok {
			t.Errorf("%s missing", id)
			continue
		}
		if !reflect.DeepEqual(g, w) {
			gj, _ := json.Marshal(g)
			wj, _ := json.Marshal(w)
			t.Errorf("%s differs:\n got %s\nwant %s", id, gj, wj)
		}
	}
}
