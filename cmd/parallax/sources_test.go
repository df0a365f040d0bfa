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

// TestSourcesOPML: an exported list imports into another store as the same
// sources, and an OPML file's bad outline is named while the rest are added.
func TestSourcesOPML(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.db"), filepath.Join(dir, "b.db")
	cli(t, nil, "", "--db", a, "sources", "add", "https://north.example/feed.xml", "--title", "North & Co")
	cli(t, nil, "", "--db", a, "sources", "add", "https://south.example/rss")
	opml := filepath.Join(dir, "subs.opml")
	if r := cli(t, nil, "", "--db", a, "sources", "export", "-o", opml); r.code != 0 {
		t.Fatalf("export: %d %s", r.code, r.stderr)
	}
	if r := cli(t, nil, "", "--db", b, "sources", "import", opml); r.code != 0 || !strings.Contains(r.stdout, "2 sources added") {
		t.Fatalf("import: %d %q %s", r.code, r.stdout, r.stderr)
	}
	ra := cli(t, nil, "", "--db", a, "sources", "--json")
	var got []map[string]any
	json.Unmarshal([]byte(cli(t, nil, "", "--db", b, "sources", "--json").stdout), &got)
	if len(got) != 2 || got[0]["title"] != "North & Co" || got[1]["url"] != "https://south.example/rss" || !strings.Contains(ra.stdout, got[0]["id"].(string)) {
		t.Errorf("imported %v", got)
	}
	bad := `<?xml version="1.0"?><opml version="2.0"><head><title>subs</title></head><body>
<outline text="News"><outline text="East" type="rss" xmlUrl="https://east.example/feed"/>
<outline text="Local file" type="rss" xmlUrl="file:///etc/passwd"/></outline></body></opml>`
	r := cli(t, nil, bad, "--db", b, "sources", "import", "-")
	if r.code != 1 || !strings.Contains(r.stdout, "1 sources added, 0 already followed, 1 refused") || !strings.Contains(r.stderr, `"Local file"`) {
		t.Errorf("import with a bad outline: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := cli(t, nil, "<opml", "--db", b, "sources", "import", "-"); r.code != 1 || !strings.Contains(r.stderr, "standard input") {
		t.Errorf("malformed OPML: %d %q", r.code, r.stderr)
	}
}
