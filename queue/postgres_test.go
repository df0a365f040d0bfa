package queue_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"math"
	"os"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/cluster"
	"github.com/parallax-news/parallax/extract"
	"github.com/parallax-news/parallax/internal/pgtest"
	"github.com/parallax-news/parallax/pipeline"
	"github.com/parallax-news/parallax/postgres"
	"github.com/parallax-news/parallax/queue"
	"github.com/parallax-news/parallax/story"
)

// The PostgreSQL tests run the distributed path against a real server
// (internal/pgtest), started on first use; the single binary on SQLite is
// the reference. Without the server binaries they skip, and under CI=true
// they fail.

func TestMain(m *testing.M) {
	os.Exit(pgtest.Main(m))
}

// newPostgresPipeline returns a pipeline storing into a new schema of the
// test server.
func newPostgresPipeline(t *testing.T) (*pipeline.Pipeline, *postgres.DB) {
	t.Helper()
	dsn := pgtest.NewDSN(t)
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	newPipeline(t) // loads the shared analyzer
	return pipeline.New(pipeline.Config{
		Store: db, Extract: extract.Extract, Analyzer: analyzer,
		Placer: cluster.New(cluster.Config{Now: clock}), Now: clock,
		Templates: db, BatchSize: 4, MaxDelay: 50 * time.Millisecond,
	}), db
}

// facts is what a story's view derives from its articles: quotes grouped
// across articles, statements, claims and contradictions.
type facts struct {
	Quotes         []parallax.StoryQuote
	Statements     []parallax.Statement
	Claims         []parallax.Claim
	Contradictions []parallax.Contradiction
}

// storyFacts composes every story of snap from db's stored articles.
func storyFacts(t *testing.T, db parallax.Store, snap map[string]placed) map[string]facts {
	t.Helper()
	ids := map[string][]string{}
	for id, a := range snap {
		ids[a.Story] = append(ids[a.Story], id)
	}
	out := map[string]facts{}
	for s, members := range ids {
		slices.Sort(members)
		var arts []*parallax.StoredArticle
		for _, id := range members {
			a, err := db.Article(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			arts = append(arts, a)
		}
		v := story.Compose(parallax.StorySummary{ID: s}, arts)
		out[s] = facts{Quotes: v.Quotes, Statements: v.Statements, Claims: v.Claims, Contradictions: v.Contradictions}
	}
	return out
}

func compareFacts(t *testing.T, want, got map[string]facts) {
	t.Helper()
	claims := 0
	for s, w := range want {
		claims += len(w.Claims)
		if g := got[s]; !reflect.DeepEqual(g, w) {
			gj, _ := json.Marshal(g)
			wj, _ := json.Marshal(w)
			t.Errorf("story %s differs:\n got %s\nwant %s", s, gj, wj)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d stories, want %d", len(got), len(want))
	}
	if claims == 0 {
		t.Errorf("no claims in the reference: the comparison of claims proves nothing")
	}
}

// single runs arts through the single binary on SQLite.
func single(t *testing.T, arts []parallax.Article) (map[string]placed, map[string]facts) {
	t.Helper()
	p, db := newPipeline(t)
	res, err := p.Ingest(context.Background(), seq(arts), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Status != parallax.StatusStored {
			t.Fatalf("single binary: %+v", r)
		}
	}
	snap := snapshot(t, db)
	return snap, storyFacts(t, db, snap)
}

// rounded returns snap with scores rounded to 1e-9: PostgreSQL and SQLite
// sum a story's term weights in different orders, so scores may differ in
// the last bits of a float64.
func rounded(snap map[string]placed) map[string]placed {
	out := make(map[string]placed, len(snap))
	for id, a := range snap {
		a.Score = math.Round(a.Score*1e9) / 1e9
		out[id] = a
	}
	return out
}

// count returns how many articles db holds, or -1 when it cannot say.
func count(db parallax.Store) int {
	n := 0
	for _, err := range db.Articles(context.Background()) {
		if err != nil {
			return -1
		}
		n++
	}
	return n
}

// TestSameAsSingleBinaryPostgres: three workers and one placer storing into
// PostgreSQL give the stories, copy links, scores, quotes and claims of the
// single binary on SQLite.
func TestSameAsSingleBinaryPostgres(t *testing.T) {
	arts := corpus(45)
	p, db := newPostgresPipeline(t) // skips first, without PostgreSQL
	wantSnap, wantFacts := single(t, arts)

	srv := startServer(t, t.TempDir())
	var got results
	slow := slowFirst{p}
	for range 3 {
		w := connect(t, srv.URL(), queue.Options{})
		run(t, func(ctx context.Context) error { return w.Work(ctx, slow, 2) })
	}
	placer := connect(t, srv.URL(), queue.Options{})
	run(t, func(ctx context.Context) error { return placer.Place(ctx, p, got.add) })
	pub := connect(t, srv.URL(), queue.Options{})
	if _, err := pub.Ingest(context.Background(), seq(arts), nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the articles to be stored", 60*time.Second, func() bool { return got.stored() == len(arts) && drained(t, pub) })
	storedOnce(t, &got, arts)
	snap := snapshot(t, db)
	compare(t, rounded(wantSnap), rounded(snap))
	compareFacts(t, wantFacts, storyFacts(t, db, snap))
}

// TestPostgresRestart: PostgreSQL stops (fast shutdown) and starts again on
// the same data directory and port while articles are being placed. The
// placer's batch fails, it starts over, JetStream delivers the records not
// acknowledged again, and every article ends up stored once, with the
// stories of the single binary.
func TestPostgresRestart(t *testing.T) {
	arts := corpus(30)
	pg := pgtest.Get(t)
	p, db := newPostgresPipeline(t)
	wantSnap, wantFacts := single(t, arts)

	srv := startServer(t, t.TempDir())
	var got results
	var logs syncBuffer
	placer := connect(t, srv.URL(), queue.Options{Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	run(t, func(ctx context.Context) error { return placer.Place(ctx, p, got.add) })
	for range 2 {
		w := connect(t, srv.URL(), queue.Options{})
		run(t, func(ctx context.Context) error { return w.Work(ctx, slowAll{p}, 2) })
	}
	pub := connect(t, srv.URL(), queue.Options{})
	if _, err := pub.Ingest(context.Background(), seq(arts), nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "some articles to be stored", 30*time.Second, func() bool { return got.stored() >= 3 })

	pg.Stop()
	time.Sleep(300 * time.Millisecond)
	if got.stored() == len(arts) {
		t.Fatal("everything was stored before the restart: the test proves nothing")
	}
	if err := pg.Restart(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the articles to be stored", 45*time.Second, func() bool { return count(db) == len(arts) && drained(t, pub) })
	time.Sleep(100 * time.Millisecond) // any late duplicate would show now
	if !strings.Contains(logs.String(), "placer: restarting") {
		t.Errorf("the placer never failed: the restart fell outside placement. Log:\n%s", logs.String())
	}
	// A batch whose commit reached the server just as it stopped may be
	// reported as failed and then, redelivered, as unchanged: the store is
	// the judge of "once", and no article may be reported stored twice.
	got.mu.Lock()
	for _, a := range arts {
		stored := 0
		for _, s := range got.by[a.ID] {
			switch s {
			case parallax.StatusStored:
				stored++
			case parallax.StatusUnchanged:
			default:
				t.Errorf("%s: result %s", a.ID, s)
			}
		}
		if stored > 1 || len(got.by[a.ID]) == 0 {
			t.Errorf("%s: results %v, want stored once", a.ID, got.by[a.ID])
		}
	}
	got.mu.Unlock()
	snap := snapshot(t, db)
	compare(t, rounded(wantSnap), rounded(snap))
	compareFacts(t, wantFacts, storyFacts(t, db, snap))
}

// syncBuffer is a bytes.Buffer safe for concurrent writers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
