package main

import (
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parallax-news/parallax/demo"
)

// partition returns the stories of a store as sorted, comma-joined article
// lists, sorted: two stores hold the same stories whatever their ids.
func partition(stories []storyJSON) []string {
	var out []string
	for _, s := range stories {
		var ids []string
		for _, a := range s.Articles {
			ids = append(ids, a.ID)
		}
		slices.Sort(ids)
		out = append(out, strings.Join(ids, ","))
	}
	slices.Sort(out)
	return out
}

// TestRecluster: placing the demo again from nothing gives the stories a
// fresh ingest gives, and a merge and a split made by hand survive it.
func TestRecluster(t *testing.T) {
	dir := t.TempDir()
	corpus := filepath.Join(dir, "demo.jsonl")
	b, err := io.ReadAll(demo.Corpus())
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(corpus, b, 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "p.db")
	if r := cli(t, nil, "", "--db", db, "ingest", corpus); r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	list := func() []storyJSON {
		return decode[[]storyJSON](t, cli(t, nil, "", "--db", db, "stories", "--limit", "100", "--json").stdout)
	}
	fresh := list()
	r := cli(t, nil, "", "--db", db, "recluster", "--json")
	if r.code != 0 {
		t.Fatalf("recluster: %d %s", r.code, r.stderr)
	}
	rep := decode[reclusterReport](t, r.stdout)
	if rep.Articles != 15 || rep.Stories != len(fresh) || rep.Storylines != len(demo.Storylines()) {
		t.Errorf("report %+v, want 15 articles, %d stories, %d storylines", rep, len(fresh), len(demo.Storylines()))
	}
	if got, want := partition(list()), partition(fresh); !slices.Equal(got, want) {
		t.Errorf("reclustering the same articles with the same rules changed the stories:\n%q\nwant\n%q", got, want)
	}

	// By hand: the fire joins the ferry fares (unrelated), and a residents'
	// report leaves the landslide.
	cur := list()
	ferry, fire, slide := storyOf(cur, "demo-nordic-003"), storyOf(cur, "demo-harbor-004"), storyOf(cur, "demo-valley-002")
	if r := cli(t, nil, "", "--db", db, "merge", ferry, fire); r.code != 0 {
		t.Fatalf("merge: %d %s", r.code, r.stderr)
	}
	r = cli(t, nil, "", "--db", db, "split", slide, "demo-harbor-002", "--json")
	if r.code != 0 {
		t.Fatalf("split: %d %s", r.code, r.stderr)
	}
	edited := partition(list())
	if r := cli(t, nil, "", "--db", db, "recluster"); r.code != 0 || !strings.Contains(r.stdout, "placed 15 articles again") {
		t.Fatalf("recluster after edits: %d %s %s", r.code, r.stdout, r.stderr)
	}
	after := list()
	if got := partition(after); !slices.Equal(got, edited) {
		t.Errorf("reclustering undid the edits made by hand:\n%q\nwant\n%q", got, edited)
	}
	if storyOf(after, "demo-nordic-003") != storyOf(after, "demo-eastbridge-003") {
		t.Error("the merged fire and ferry articles were parted")
	}
	if storyOf(after, "demo-harbor-002") == storyOf(after, "demo-valley-002") {
		t.Error("the split-off report went back to the landslide")
	}
}
