package pipeline_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"path/filepath"
	"testing"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze"
	"github.com/parallax-news/parallax/cluster"
	"github.com/parallax-news/parallax/extract"
	"github.com/parallax-news/parallax/ingest"
	"github.com/parallax-news/parallax/pipeline"
	"github.com/parallax-news/parallax/sqlite"
)

var clock = func() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }

func newPipeline(t *testing.T, workers, batch int) (*pipeline.Pipeline, parallax.Store) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	an, err := analyze.New()
	if err != nil {
		t.Fatal(err)
	}
	return pipeline.New(pipeline.Config{
		Store: db, Extract: extract.Extract, Analyzer: an,
		Placer:  cluster.New(cluster.Config{Now: clock}),
		Workers: workers, BatchSize: batch, Now: clock,
	}), db
}

// corpus invents n articles about n/3 events, three outlets each.
func corpus(n int) []parallax.Article {
	places := []string{"Arden", "Brill", "Corran", "Dunmere", "Eskdale", "Fenwick", "Garrow", "Hollin", "Ivybridge", "Jarrow"}
	people := []string{"Ada Morrow", "Ben Tallis", "Cara Voss", "Dov Keller", "Eli Strand", "Fay Orme", "Gus Pryor", "Hal Quist", "Ida Renner", "Jon Sable"}
	topics := []string{"bridge collapse", "ferry strike", "mill fire", "school closure", "flood barrier", "rail landslide", "harbour dredging", "power outage", "water shortage", "library reopening"}
	var out []parallax.Article
	for i := range n {
		e := (i / 3) % len(places)
		day := time.Date(2026, 5, 1+(i/3)*4%28, 9+i%3, 0, 0, 0, time.UTC)
		text := fmt.Sprintf("The %s in %s shut the town centre on %s, officials said.\n\n“We are doing all we can,” said %s, who leads the %s council.\n\nResidents of %s were told to expect delays as the %s work goes on, and %s promised an update next week.",
			topics[e], places[e], day.Weekday(), people[e], places[e], places[e], topics[e], people[e][:3])
		if i%3 == 1 {
			text = fmt.Sprintf("Officials in %s said the %s closed roads on %s. %s, head of the %s council, said crews were at work.\n\nLocal shops in %s reported fewer customers because of the %s.",
				places[e], topics[e], day.Weekday(), people[e], places[e], places[e], topics[e])
		}
		out = append(out, parallax.Article{
			ID: fmt.Sprintf("a%03d", i), Outlet: fmt.Sprintf("outlet%d", i%3), Published: day,
			Title: fmt.Sprintf("%s %s", places[e], topics[e]), ContentType: parallax.ContentText,
			Body: []byte(text), Origin: fmt.Sprintf("test:%d", i+1),
		})
	}
	return out
}

func seq(arts []parallax.Article, errs map[int]error) iter.Seq2[parallax.Article, error] {
	return func(yield func(parallax.Article, error) bool) {
		for i, a := range arts {
			if err, ok := errs[i]; ok {
				if !yield(parallax.Article{}, err) {
					return
				}
				continue
			}
			if !yield(a, nil) {
				return
			}
		}
	}
}

func storiesOf(t *testing.T, db parallax.Store) map[string]string {
	t.Helper()
	list, err := db.Stories(context.Background(), parallax.StoryFilter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]string{}
	for _, s := range list {
		for _, a := range s.Articles {
			m[a.ID] = s.ID
		}
	}
	return m
}

// TestDeterministic: the same input gives the same stories whatever the
// number of workers and the batch size.
func TestDeterministic(t *testing.T) {
	arts := corpus(30)
	var want map[string]string
	for _, c := range []struct{ workers, batch int }{{1, 256}, {4, 256}, {3, 2}, {2, 1}} {
		p, db := newPipeline(t, c.workers, c.batch)
		res, err := p.Ingest(context.Background(), seq(arts, nil), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res) != len(arts) {
			t.Fatalf("%d results for %d inputs", len(res), len(arts))
		}
		for i, r := range res {
			if r.Status != parallax.StatusStored || r.ID != arts[i].ID || r.Origin != arts[i].Origin {
				t.Fatalf("result %d out of order or not stored: %+v", i, r)
			}
		}
		got := storiesOf(t, db)
		if want == nil {
			want = got
			continue
		}
		for id, s := range want {
			if got[id] != s {
				t.Errorf("workers=%d batch=%d: %s in story %s, want %s", c.workers, c.batch, id, got[id], s)
			}
		}
	}
	// The invented events are told apart and each is one story.
	for i := 0; i+2 < len(arts); i += 3 {
		if want[arts[i].ID] != want[arts[i+1].ID] || want[arts[i].ID] != want[arts[i+2].ID] {
			t.Errorf("event %d split: %s %s %s", i/3, want[arts[i].ID], want[arts[i+1].ID], want[arts[i+2].ID])
		}
	}
}

// TestRejectsAndConflicts: bad items are reported in place and the rest stored.
func TestRejectsAndConflicts(t *testing.T) {
	p, db := newPipeline(t, 2, 3)
	arts := corpus(6)
	arts[2].Body = []byte("   \n\n  ")
	bad := &ingest.InputError{Origin: "feed.jsonl:4", Err: parallax.Errorf(parallax.EInvalid, "invalid JSON")}
	res, err := p.Ingest(context.Background(), seq(arts, map[int]error{3: bad}), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"stored", "stored", "rejected", "rejected", "stored", "stored"}
	for i, r := range res {
		if r.Status != want[i] {
			t.Errorf("result %d: %+v, want %s", i, r, want[i])
		}
	}
	if res[3].Origin != "feed.jsonl:4" || res[3].Error != "invalid JSON" {
		t.Errorf("read error lost its origin: %+v", res[3])
	}
	// Same id, other text: conflict; same id, same text: unchanged.
	changed := corpus(6)
	changed[0].Body = []byte("A different text under an id that is already stored.")
	res, err = p.Ingest(context.Background(), seq(changed[:2], nil), nil)
	if err != nil {
		t.Fatal(err)
	}
	if res[0].Status != parallax.StatusConflict || res[1].Status != parallax.StatusUnchanged {
		t.Errorf("got %+v", res)
	}
	a, err := db.Article(context.Background(), changed[0].ID)
	if err != nil || a.Text == "A different text under an id that is already stored." {
		t.Errorf("conflicting text overwrote the stored one: %v", err)
	}
}

// TestSlowStreamCommits: records of a slow stream become visible after
// MaxDelay, before the stream ends.
func TestSlowStreamCommits(t *testing.T) {
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	an, _ := analyze.New()
	p := pipeline.New(pipeline.Config{Store: db, Extract: extract.Extract, Analyzer: an,
		Placer: cluster.New(cluster.Config{Now: clock}), MaxDelay: 50 * time.Millisecond, Now: clock})
	arts := corpus(2)
	release := make(chan struct{})
	src := func(yield func(parallax.Article, error) bool) {
		if !yield(arts[0], nil) {
			return
		}
		<-release
		yield(arts[1], nil)
	}
	done := make(chan error)
	seen := make(chan parallax.IngestResult, 2)
	go func() {
		_, err := p.Ingest(context.Background(), src, func(r parallax.IngestResult) { seen <- r })
		done <- err
	}()
	select {
	case r := <-seen:
		if r.Status != parallax.StatusStored {
			t.Fatalf("%+v", r)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("first record never committed while the stream was open")
	}
	if _, err := db.Article(context.Background(), arts[0].ID); err != nil {
		t.Fatalf("committed record not readable: %v", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// TestCancel: a cancelled context stops the run with its error.
func TestCancel(t *testing.T) {
	p, _ := newPipeline(t, 2, 4)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := p.Ingest(ctx, seq(corpus(9), nil), nil)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("want context.Canceled, got %v", err)
	}
}

func BenchmarkIngest(b *testing.B) {
	arts := corpus(300)
	for b.Loop() {
		b.StopTimer()
		db, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "p.db"))
		if err != nil {
			b.Fatal(err)
		}
		an, _ := analyze.New()
		p := pipeline.New(pipeline.Config{Store: db, Extract: extract.Extract, Analyzer: an, Placer: cluster.New(cluster.Config{Now: clock}), Now: clock})
		b.StartTimer()
		if _, err := p.Ingest(context.Background(), seq(arts, nil), nil); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		db.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(len(arts)*b.N)/b.Elapsed().Seconds(), "articles/s")
}
