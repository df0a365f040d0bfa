package main

import (
	"bytes"
	"strings"
	"testing"
)

// TestBenchQueue runs `bench queue` end to end on 60 synthetic articles:
// the single binary, then the queue with an embedded nats-server and 1
// and 2 worker processes (this test binary, run as parallax). Every run
// must store every article in the same number of stories, at a positive
// rate, with an overhead measured against the single binary.
func TestBenchQueue(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes and analyses 180 articles")
	}
	const n = 60
	r := cli(t, nil, "", "bench", "queue", "--repeat", "60", "--json")
	if r.code != 0 {
		t.Fatalf("bench queue: exit %d\n%s", r.code, r.stderr)
	}
	rep := decode[benchReport](t, r.stdout)
	if rep.Task != "queue" || rep.Articles != n || rep.Seed == 0 || rep.Queue == nil {
		t.Fatalf("report: %+v", rep)
	}
	if rep.PerSecond <= 0 || rep.BaselineAPS <= 0 || rep.Ratio <= 0 || rep.Baseline != "single binary" || rep.Machine.GOMAXPROCS < 1 {
		t.Errorf("summary: %+v", rep)
	}
	runs := rep.Queue.Runs
	want := []struct {
		setup   string
		workers int
	}{{"single binary", 0}, {"queue", 1}, {"queue", 2}}
	if len(runs) != len(want) {
		t.Fatalf("%d runs, want %d: %+v", len(runs), len(want), runs)
	}
	for i, w := range want {
		x := runs[i]
		if x.Setup != w.setup || x.Workers != w.workers || x.Store != "sqlite" {
			t.Errorf("run %d: %+v, want %s with %d workers on sqlite", i, x, w.setup, w.workers)
		}
		if x.Stored != n || x.Seconds <= 0 || x.PerSecond <= 0 || x.Overhead <= 0 || x.PlaceSeconds <= 0 {
			t.Errorf("run %d: %+v", i, x)
		}
		// The placer places in publication order, so the queue finds the
		// stories of the single binary.
		if x.Stories == 0 || x.Stories != runs[0].Stories {
			t.Errorf("run %d: %d stories, the single binary %d", i, x.Stories, runs[0].Stories)
		}
		if w.workers > 0 && x.PublishSeconds <= 0 {
			t.Errorf("run %d: no publishing time: %+v", i, x)
		}
	}
	if runs[0].Overhead != 1 {
		t.Errorf("the single binary's overhead is %v, want 1", runs[0].Overhead)
	}
	if c := rep.Queue.Codec; c.Sample != n || c.ArticleBytes <= 0 || c.RecordBytes <= c.ArticleBytes || c.MicrosPerItem <= 0 {
		t.Errorf("codec: %+v", c)
	}
	// The text form shows every run and the machine.
	var text bytes.Buffer
	writeQueueReport(&text, rep)
	for _, s := range []string{"single binary      sqlite", "queue, 1 worker    sqlite", "queue, 2 workers   sqlite", "summary: "} {
		if !strings.Contains(text.String(), s) {
			t.Errorf("text report lacks %q:\n%s", s, text.String())
		}
	}
}
