package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze"
	"github.com/parallax-news/parallax/cluster"
	"github.com/parallax-news/parallax/sqlite"
)

// harbourJSONL is an invented story told by two outlets, a near-verbatim
// copy of the first report (h3), and an unrelated article.
const harbourJSONL = `{"id":"h1","outlet":"Marrow Bay Herald","published":"2030-05-06T08:00:00Z","title":"Crane collapse shuts Marrow Bay harbour","text":"A container crane collapsed onto the east quay of Marrow Bay harbour early on Tuesday, halting all shipping traffic, harbour master Helena Varga said.\n\nNobody was hurt, but two cargo ships were stranded at anchor outside the breakwater while engineers inspected the damaged quay wall.\n\n\"We will not reopen the east quay until every crane has been checked,\" Varga told reporters at the harbour gate."}
{"id":"h2","outlet":"Coastal Wire","published":"2030-05-06T11:00:00Z","title":"Marrow Bay harbour closed after crane falls","text":"Shipping in Marrow Bay stopped on Tuesday after a crane fell onto the east quay, according to harbour master Helena Varga.\n\nDock workers union leader Peter Holm said the crane had been reported as unsafe last winter. \"We warned the port board twice,\" Holm said.\n\nVarga said engineers were inspecting the quay wall and that the two stranded cargo ships would wait outside the breakwater."}
{"id":"h3","outlet":"Bayside Daily","published":"2030-05-06T13:00:00Z","title":"Crane accident at Marrow Bay","text":"A container crane collapsed onto the east quay of Marrow Bay harbour early on Tuesday, halting all shipping traffic, harbour master Helena Varga said.\n\nNobody was hurt, but two cargo ships were stranded at anchor outside the breakwater while engineers inspected the damaged quay wall.\n\n\"We will not reopen the east quay until every crane has been checked,\" Varga told reporters at the harbour gate.\n\nBayside Daily staff."}
{"id":"o1","outlet":"Lindmoor Post","published":"2030-05-20T19:00:00Z","title":"Lindmoor choir wins national prize","text":"The Lindmoor youth choir won the national choral prize on Saturday evening, conductor Anna Sorensen said after the final round in the city concert hall.\n\nThe choir sang three new works written for it by local composers, and its members will tour four northern towns in the summer."}
`

func ingestHarbour(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "harbour.jsonl")
	if err := os.WriteFile(in, []byte(harbourJSONL), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "p.db")
	if r := cli(t, nil, "", "--db", db, "ingest", in); r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	return db
}

// makeOutdated rewrites the analyses of ids as an older entity tagger would
// have made them: no person found, and another entity version recorded.
// Keys and bands are recomputed from that analysis, as they were then.
func makeOutdated(t *testing.T, db string, ids ...string) {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	tx, err := store.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	c := cluster.New(cluster.Config{})
	for _, id := range ids {
		a, err := store.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		old := a.Analysis
		old.Versions["entity"] = "entity-old"
		old.Mentions = nil
		for _, m := range a.Analysis.Mentions {
			if m.Kind != parallax.Person {
				old.Mentions = append(old.Mentions, m)
			}
		}
		rec := &parallax.Record{Article: parallax.Article{ID: id}, Document: parallax.Document{Title: a.Title, Text: a.Text}, Analysis: old}
		keys, bands, err := c.Features(ctx, tx, rec)
		if err != nil {
			t.Fatal(err)
		}
		if err := tx.Reanalyze(ctx, id, old, keys, bands); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func entityHits(t *testing.T, db, entity string) string {
	t.Helper()
	r := cli(t, nil, "", "--db", db, "search", "--entity", entity, "--json")
	if r.code != 0 {
		t.Fatalf("search --entity %s: %d %s", entity, r.code, r.stderr)
	}
	var ids []string
	for _, h := range decode[parallax.SearchResult](t, r.stdout).Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return strings.Join(ids, ",")
}

func TestReanalyze(t *testing.T) {
	db := ingestHarbour(t)
	stories := decode[[]storyJSON](t, cli(t, nil, "", "--db", db, "stories", "--json").stdout)
	if s := storyOf(stories, "h1"); s == "" || s != storyOf(stories, "h2") || s != storyOf(stories, "h3") {
		t.Fatalf("h1, h2, h3 must share a story: %+v", stories)
	}
	if got := entityHits(t, db, "varga"); got != "h1,h2,h3" {
		t.Fatalf("entity varga before = %s", got)
	}

	makeOutdated(t, db, "h1", "h2")
	if got := entityHits(t, db, "varga"); got != "h3" {
		t.Fatalf("the outdated analyses still name Varga: %s", got)
	}

	r := cli(t, nil, "", "--db", db, "reanalyze", "--json", "--workers", "2")
	if r.code != 0 {
		t.Fatalf("reanalyze: %d\n%s", r.code, r.stderr)
	}
	want := reanalyzeCounts{Checked: 4, Reanalysed: 2, UpToDate: 2}
	if got := decode[reanalyzeCounts](t, r.stdout); got != want {
		t.Errorf("counts = %+v, want %+v", got, want)
	}
	for entity, want := range map[string]string{"varga": "h1,h2,h3", "helena varga": "h1,h2,h3", "holm": "h2"} {
		if got := entityHits(t, db, entity); got != want {
			t.Errorf("entity %q after reanalysis = %s, want %s", entity, got, want)
		}
	}
	// Stories, their order, titles, times and copy links are as they were.
	if after := decode[[]storyJSON](t, cli(t, nil, "", "--db", db, "stories", "--json").stdout); !reflect.DeepEqual(after, stories) {
		t.Errorf("stories changed:\n got %+v\nwant %+v", after, stories)
	}
	an, err := analyze.New()
	if err != nil {
		t.Fatal(err)
	}
	store, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"h1", "h2", "h3", "o1"} {
		a, err := store.Article(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(a.Analysis.Versions, an.Versions()) {
			t.Errorf("%s: versions %v, want %v", id, a.Analysis.Versions, an.Versions())
		}
	}
	store.Close()

	// A second run finds nothing to do.
	r = cli(t, nil, "", "--db", db, "reanalyze")
	if r.code != 0 || r.stdout != "checked 4 articles: 0 reanalysed, 4 up to date, 0 failed\n" {
		t.Errorf("second run: %d %q %q", r.code, r.stdout, r.stderr)
	}
}

// TestReanalyzeInterrupted stops a run after its first batch: that batch
// stays, and the next run does the rest.
func TestReanalyzeInterrupted(t *testing.T) {
	db := ingestHarbour(t)
	makeOutdated(t, db, "h1", "h2", "o1")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	store, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	m := &Main{Config: Config{Now: time.Now}}
	r, err := m.newReanalyzer(store, 1)
	if err != nil {
		t.Fatal(err)
	}
	r.batch = 1
	r.done = func(id string, err error) { cancel() }
	c, err := r.run(ctx)
	if err == nil || c.Reanalysed != 1 {
		t.Fatalf("interrupted run = %+v, %v; want 1 reanalysed and an error", c, err)
	}

	r, err = m.newReanalyzer(store, 0)
	if err != nil {
		t.Fatal(err)
	}
	c, err = r.run(context.Background())
	if want := (reanalyzeCounts{Checked: 4, Reanalysed: 2, UpToDate: 2}); err != nil || c != want {
		t.Errorf("second run = %+v, %v; want %+v", c, err, want)
	}
}

func TestReanalyzeUsage(t *testing.T) {
	r := cli(t, nil, "", "help", "reanalyze")
	if r.code != 0 || !strings.Contains(r.stdout, "--workers") || !strings.Contains(r.stdout, "--json") {
		t.Errorf("help reanalyze: %d %q", r.code, r.stdout)
	}
	if r := cli(t, nil, "", "--db", filepath.Join(t.TempDir(), "p.db"), "reanalyze", "extra"); r.code != 2 {
		t.Errorf("reanalyze with an argument: code %d, want 2", r.code)
	}
	// An empty store has nothing to check.
	r = cli(t, nil, "", "--db", filepath.Join(t.TempDir(), "p.db"), "reanalyze")
	if r.code != 0 || r.stdout != "checked 0 articles: 0 reanalysed, 0 up to date, 0 failed\n" {
		t.Errorf("empty store: %d %q %q", r.code, r.stdout, r.stderr)
	}
}

// TestServeReanalyzes starts the server on a store with outdated analyses:
// it serves at once, brings them up to date in the background, logs it and
// shuts down cleanly.
func TestServeReanalyzes(t *testing.T) {
	db := ingestHarbour(t)
	makeOutdated(t, db, "h1", "h2", "o1")

	var logs syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	urls := make(chan string, 1)
	m := &Main{
		Config: Config{Command: "serve", DB: db, Addr: "127.0.0.1:0", MaxBytes: 4 << 20},
		Stdin:  strings.NewReader(""), Stdout: &bytes.Buffer{}, Stderr: &logs,
		Logger:    slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo})),
		Listening: func(u string) { urls <- u },
	}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx) }()
	select {
	case <-urls:
	case err := <-done:
		t.Fatalf("serve ended early: %v\n%s", err, logs.String())
	case <-time.After(30 * time.Second):
		t.Fatal("server did not start")
	}
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(logs.String(), "reanalysis finished") {
		if time.Now().After(deadline) {
			t.Fatalf("no reanalysis logged:\n%s", logs.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if got := entityHits(t, db, "varga"); got != "h1,h2,h3" {
		t.Errorf("entity varga after background reanalysis = %s", got)
	}
	if !strings.Contains(logs.String(), "reanalysed=3") {
		t.Errorf("log does not count 3 reanalysed:\n%s", logs.String())
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after shutdown: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not shut down")
	}
	if r := cli(t, nil, "", "--db", db, "reanalyze"); !strings.Contains(r.stdout, "0 reanalysed, 4 up to date") {
		t.Errorf("after serve: %q", r.stdout)
	}
}

// syncBuffer is a bytes.Buffer safe for the server's goroutines and the test.
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
