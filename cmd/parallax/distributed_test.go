package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parallax-news/parallax/queue"
	"github.com/parallax-news/parallax/sqlite"
)

// The distributed mode end to end, through the commands: an in-process
// nats-server with JetStream on loopback (the real server code), 'serve
// --queue' as the placer, three 'worker' commands and 'ingest --queue'.
// The store is SQLite, shared by the processes of the test; the queue and
// the placer's rule are the same for PostgreSQL (package queue's comment).

// distBuf is a goroutine-safe output buffer.
type distBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *distBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *distBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// distRun runs a command to its end, with no PARALLAX_* variables.
func distRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, func(string) string { return "" }, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

// distStart runs a long-lived command (serve, worker) until the test ends.
// It returns the URL the command serves at, if it serves.
func distStart(t *testing.T, args ...string) string {
	t.Helper()
	cfg, err := ParseConfig(args, func(string) string { return "" }, os.Stderr)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	urls := make(chan string, 1)
	var stdout, stderr distBuf
	m := &Main{Config: cfg, Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
		Listening: func(u string) { urls <- u }}
	go func() { done <- m.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("%s: %v\n%s", args[0], err, stderr.String())
			}
		case <-time.After(20 * time.Second):
			t.Errorf("%s did not stop", args[0])
		}
	})
	if cfg.Command != "serve" {
		return ""
	}
	select {
	case u := <-urls:
		return u
	case err := <-done:
		t.Fatalf("serve ended early: %v\n%s", err, stderr.String())
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	return ""
}

// writeDistCorpus writes n invented articles as JSON Lines: events told by
// three outlets, with quotes, and near-verbatim copies (whose links to the
// earliest copy depend on the order of placement).
func writeDistCorpus(t *testing.T, path string, n int) []string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := bufio.NewWriter(f)
	towns := []string{"Dunmore", "Selby", "Arlow", "Kestrel Bay", "Orrin", "Tarn", "Wexley"}
	people := []string{"Mara Venn", "Olek Brandt", "Ines Calloway", "Piet Ruhl", "Sana Okafor", "Tomas Lind", "Vera Holm"}
	topics := []string{"ferry strike", "harbour fire", "bridge closure", "school merger", "water ban", "rail fault", "port dredging"}
	var ids []string
	prev := ""
	for i := range n {
		e := (i / 3) % len(towns)
		text := fmt.Sprintf("The %s in %s went on for a second day, the council said. “We will not leave anyone without help,” said %s, who chairs the %s council. Residents were told to expect delays.",
			topics[e], towns[e], people[e], towns[e])
		if i%3 == 1 {
			text = fmt.Sprintf("%s told the Gazette that the %s in %s would be over by the weekend. “Crews are working through the night,” %s said. Shops in %s reported fewer customers.",
				people[e], topics[e], towns[e], people[e], towns[e])
		}
		if i%5 == 4 {
			text = prev + " This report was first published by a partner."
		}
		prev = text
		id := fmt.Sprintf("d%03d", i)
		ids = append(ids, id)
		rec, _ := json.Marshal(map[string]string{"id": id, "url": fmt.Sprintf("https://outlet%d.example/%s", i%3, id),
			"title": fmt.Sprintf("%s %s", towns[e], topics[e]), "published": fmt.Sprintf("2031-03-%02dT%02d:00:00Z", 1+(i/3)%28, 8+i%3),
			"text": text})
		w.Write(append(rec, '\n'))
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return ids
}

// distView is what the sameness test compares: each article's story and
// copy link (from 'stories --json') and its quotes (from 'article --json').
type distView struct {
	Story, DuplicateOf string
	Quotes             json.RawMessage
}

func distViews(t *testing.T, db string, ids []string) map[string]distView {
	t.Helper()
	code, out, errs := distRun(t, "stories", "--db", db, "--json", "--limit", "1000")
	if code != 0 {
		t.Fatalf("stories: %d %s", code, errs)
	}
	var list []struct {
		ID       string `json:"id"`
		Articles []struct {
			ID          string `json:"id"`
			DuplicateOf string `json:"duplicate_of"`
		} `json:"articles"`
	}
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	v := map[string]distView{}
	for _, s := range list {
		for _, a := range s.Articles {
			v[a.ID] = distView{Story: s.ID, DuplicateOf: a.DuplicateOf}
		}
	}
	for _, id := range ids {
		code, out, errs := distRun(t, "article", id, "--db", db, "--json")
		if code != 0 {
			t.Fatalf("article %s: %d %s", id, code, errs)
		}
		var a struct {
			Quotes json.RawMessage `json:"quotes"`
		}
		if err := json.Unmarshal([]byte(out), &a); err != nil {
			t.Fatal(err)
		}
		x := v[id]
		x.Quotes = a.Quotes
		v[id] = x
	}
	return v
}

// countStored counts the articles in a SQLite store.
func countStored(t *testing.T, path string) int {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		return -1
	}
	defer db.Close()
	n := 0
	for _, err := range db.Articles(context.Background()) {
		if err != nil {
			return -1
		}
		n++
	}
	return n
}

// TestDistributedSameAsSingle: 'ingest --queue' to three workers and the
// placer in 'serve --queue' stores the same stories, copy links and quotes
// as 'ingest' in one process; publishing the file again is dropped by
// JetStream, and an article posted to the API goes through the queue too.
func TestDistributedSameAsSingle(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "corpus.jsonl")
	ids := writeDistCorpus(t, corpus, 30)

	single := filepath.Join(dir, "single.db")
	if code, out, errs := distRun(t, "ingest", "--db", single, corpus); code != 0 || !strings.Contains(out, "30 stored") {
		t.Fatalf("single ingest: %d %q %s", code, out, errs)
	}

	srv, err := queue.StartEmbedded(filepath.Join(dir, "jetstream"), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Shutdown)
	dist := filepath.Join(dir, "dist.db")
	base := distStart(t, "serve", "--db", dist, "--addr", "127.0.0.1:0", "--queue", srv.URL())
	for range 3 {
		distStart(t, "worker", "--db", dist, "--queue", srv.URL(), "--worker-concurrency", "1")
	}
	code, out, errs := distRun(t, "ingest", "--queue", srv.URL(), corpus)
	if code != 0 || !strings.Contains(out, "30 published, 0 already queued, 0 rejected") {
		t.Fatalf("ingest --queue: %d %q %s", code, out, errs)
	}
	code, out, errs = distRun(t, "ingest", "--queue", srv.URL(), corpus)
	if code != 0 || !strings.Contains(out, "0 published, 30 already queued") {
		t.Fatalf("ingest --queue again: %d %q %s", code, out, errs)
	}
	q, err := queue.Connect(context.Background(), srv.URL(), queue.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	deadline := time.Now().Add(60 * time.Second)
	for {
		a, b, err := q.Pending(context.Background())
		if err == nil && a == 0 && b == 0 && countStored(t, dist) == len(ids) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not all stored: %d of %d (queue %d, %d, %v)", countStored(t, dist), len(ids), a, b, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	want, got := distViews(t, single, ids), distViews(t, dist, ids)
	if !reflect.DeepEqual(got, want) {
		var diff []string
		for _, id := range ids {
			if !reflect.DeepEqual(got[id], want[id]) {
				diff = append(diff, fmt.Sprintf("%s: got %+v, want %+v", id, got[id], want[id]))
			}
		}
		sort.Strings(diff)
		t.Errorf("distributed differs from single:\n%s", strings.Join(diff, "\n"))
	}
	stories, copies := map[string]bool{}, 0
	for _, v := range want {
		stories[v.Story] = true
		if v.DuplicateOf != "" {
			copies++
		}
		if len(v.Quotes) < 3 { // "[]" or null
			t.Errorf("an article without quotes: the comparison is weaker than meant")
		}
	}
	if len(stories) < 5 || copies == 0 {
		t.Errorf("corpus too easy: %d stories, %d copies", len(stories), copies)
	}

	// The API publishes too, and the placer stores what it posted.
	resp, err := http.Post(base+"/api/articles", "application/json",
		strings.NewReader(`{"id":"posted-1","url":"https://outlet9.example/p","title":"Orrin ferry","text":"The ferry to Orrin runs again, the operator said on Monday."}`))
	if err != nil {
		t.Fatal(err)
	}
	var posted struct {
		Results []struct{ Status string } `json:"results"`
	}
	json.NewDecoder(resp.Body).Decode(&posted)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(posted.Results) != 1 || posted.Results[0].Status != queue.StatusQueued {
		t.Fatalf("POST through the queue: %d %+v", resp.StatusCode, posted)
	}
	deadline = time.Now().Add(30 * time.Second)
	for {
		r, err := http.Get(base + "/api/articles/posted-1")
		if err == nil {
			r.Body.Close()
			if r.StatusCode == 200 {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("the posted article was never stored")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestWorkerUsage: a worker without a queue is a usage error.
func TestWorkerUsage(t *testing.T) {
	code, _, errs := distRun(t, "worker", "--db", filepath.Join(t.TempDir(), "x.db"))
	if code != 2 || !strings.Contains(errs, "--queue") {
		t.Errorf("worker without --queue: %d %s", code, errs)
	}
	// The queue URL may come from a file, so its credentials stay out of
	// the environment and the process list.
	f := filepath.Join(t.TempDir(), "queue-url")
	os.WriteFile(f, []byte("nats://u:secret@127.0.0.1:1\n"), 0o600)
	cfg, err := ParseConfig([]string{"worker"}, func(k string) string {
		return map[string]string{"PARALLAX_QUEUE_FILE": f}[k]
	}, os.Stderr)
	if err != nil || cfg.Queue != "nats://u:secret@127.0.0.1:1" {
		t.Errorf("PARALLAX_QUEUE_FILE: %q, %v", cfg.Queue, err)
	}
	if r := queue.Redact(cfg.Queue); strings.Contains(r, "secret") {
		t.Errorf("Redact kept the password: %s", r)
	}
}
