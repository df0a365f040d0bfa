package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// TestSourcesCommands: feeds are added once, bad URLs are named, pause,
// resume and remove change what list shows, and errors lists nothing yet.
func TestSourcesCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	r := cli(t, nil, "", "--db", db, "sources", "add", "https://north.example/feed.xml", "ftp://south.example/x", "https://east.example/rss#top")
	if r.code != 1 || !strings.Contains(r.stderr, `"ftp://south.example/x" is not an http or https URL`) {
		t.Fatalf("add with a bad URL: code %d, stderr %q", r.code, r.stderr)
	}
	if strings.Count(r.stdout, "added ") != 2 {
		t.Errorf("the good URLs were not added: %q", r.stdout)
	}
	if r := cli(t, nil, "", "--db", db, "sources", "add", "https://north.example/feed.xml"); r.code != 0 || !strings.Contains(r.stdout, "already followed") {
		t.Errorf("adding again: code %d, %q", r.code, r.stdout)
	}
	list := func() []map[string]any {
		t.Helper()
		r := cli(t, nil, "", "--db", db, "sources", "--json")
		var out []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || r.code != 0 {
			t.Fatalf("sources --json: code %d, %v: %s", r.code, err, r.stdout)
		}
		return out
	}
	got := list()
	if len(got) != 2 || got[0]["url"] != "https://north.example/feed.xml" || got[1]["url"] != "https://east.example/rss" {
		t.Fatalf("sources: %v", got)
	}
	id := got[0]["id"].(string)
	if r := cli(t, nil, "", "--db", db, "sources", "pause", id, "nope"); r.code != 1 || !strings.Contains(r.stdout, "paused "+id) || !strings.Contains(r.stderr, "nope") {
		t.Errorf("pause: code %d, %q, %q", r.code, r.stdout, r.stderr)
	}
	if got := list(); got[0]["paused"] != true || got[1]["paused"] != false {
		t.Errorf("after pause: %v", got)
	}
	if r := cli(t, nil, "", "--db", db, "sources"); !strings.Contains(r.stdout, "paused") || !strings.Contains(r.stdout, "https://east.example/rss") {
		t.Errorf("the table: %q", r.stdout)
	}
	cli(t, nil, "", "--db", db, "sources", "resume", id)
	if got := list(); got[0]["paused"] != false {
		t.Errorf("after resume: %v", got)
	}
	if r := cli(t, nil, "", "--db", db, "sources", "errors"); r.code != 0 || !strings.Contains(r.stdout, "No failed entries") {
		t.Errorf("errors: code %d, %q", r.code, r.stdout)
	}
	if r := cli(t, nil, "", "--db", db, "sources", "remove", id); r.code != 0 {
		t.Errorf("remove: code %d, %q", r.code, r.stderr)
	}
	if got := list(); len(got) != 1 {
		t.Errorf("after remove: %v", got)
	}
	for _, args := range [][]string{{"sources", "add"}, {"sources", "frobnicate"}, {"sources", "list", "x"}} {
		if r := cli(t, nil, "", append([]string{"--db", db}, args...)...); r.code != 2 {
			t.Errorf("%v: code %d, want 2 (usage)", args, r.code)
		}
	}
}
