package main

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/sqlite"
)

// TestMain lets a test run this binary as parallax itself (PARALLAX_RUN_MAIN=1),
// so that a real process can be killed mid-ingest.
func TestMain(m *testing.M) {
	if os.Getenv("PARALLAX_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// TestKillMidIngest kills `parallax ingest` with SIGKILL after its first
// batch is committed and checks the store: it opens, passes SQLite's
// integrity check, holds only whole articles each in a story, and a second
// ingest of the same file stores exactly the rest.
func TestKillMidIngest(t *testing.T) {
	dir := t.TempDir()
	db, input := filepath.Join(dir, "p.db"), filepath.Join(dir, "in.jsonl")
	const total = 3000
	writeSynthetic(t, input, total)

	cmd := exec.Command(os.Args[0], "--db", db, "ingest", input)
	cmd.Env = append(os.Environ(), "PARALLAX_RUN_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	// Kill as soon as the first batch is visible to a reader.
	deadline := time.Now().Add(60 * time.Second)
	for n := 0; n == 0; n = countArticles(t, db) {
		select {
		case err := <-exited:
			t.Fatalf("ingest ended (%v) before it could be killed: raise total", err)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no batch committed within a minute")
		}
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-exited

	store, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatalf("the killed store does not open: %v", err)
	}
	store.Close()
	raw, err := sql.Open("sqlite", "file:"+db)
	if err != nil {
		t.Fatal(err)
	}
	var check string
	var orphans, partial int
	raw.QueryRow(`PRAGMA integrity_check`).Scan(&check)
	raw.QueryRow(`SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM stories s WHERE s.id = a.story_id)`).Scan(&orphans)
	raw.QueryRow(`SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM analyses n WHERE n.article = a.seq)`).Scan(&partial)
	raw.Close()
	if check != "ok" || orphans != 0 || partial != 0 {
		t.Fatalf("after the kill: integrity %q, %d articles without their story, %d without their analysis", check, orphans, partial)
	}
	stored := countArticles(t, db)
	if stored >= total {
		t.Fatalf("all %d articles stored before the kill: the test proved nothing", stored)
	}

	r := cli(t, nil, "", "--db", db, "ingest", input)
	want := fmt.Sprintf("%d stored, %d unchanged", total-stored, stored)
	if r.code != 0 || !strings.Contains(r.stdout, want) {
		t.Fatalf("second ingest: code %d, %q, want %q\n%s", r.code, r.stdout, want, r.stderr)
	}
	if n := countArticles(t, db); n != total {
		t.Errorf("%d articles after the second ingest, want %d", n, total)
	}
	t.Logf("killed after %d of %d articles; the second run stored the rest", stored, total)
}

// countArticles reads the number of stored articles through a read-only
// connection, as a second process would while the writer works.
func countArticles(t *testing.T, db string) int {
	t.Helper()
	if _, err := os.Stat(db); err != nil {
		return 0
	}
	raw, err := sql.Open("sqlite", "file:"+db+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n int
	if err := raw.QueryRow(`SELECT count(*) FROM articles`).Scan(&n); err != nil {
		return 0 // the schema may not be there yet
	}
	return n
}

// writeSynthetic writes n invented articles as JSON Lines, each distinct.
func writeSynthetic(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	towns := []string{"Dunmore", "Selby", "Arlow", "Kestrel Bay", "Orrin"}
	for i := range n {
		town := towns[i%len(towns)]
		fmt.Fprintf(w, `{"id":"k%d","url":"https://wire%d.example/%d","title":"%s council meeting %d","published":"2031-03-%02dT10:00:00Z","text":"The %s council met on item %d of its agenda. Councillor Mara Venn said the vote on item %d would wait. Residents asked about the ferry timetable and the harbour fees for the season."}`+"\n",
			i, i%7, i, town, i, 1+i%28, town, i, i)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}
