package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fixtureJSONL = `{"id":"k1","outlet":"Kestrel Times","published":"2026-04-10T08:00:00Z","title":"Flood barrier fails in Kestrel","text":"The flood barrier on the Kestrel river failed on Thursday night, flooding forty homes, mayor Ilse Brandt said.\n\n“We were told the barrier would hold,” Brandt said on Friday."}
{"id":"k2","outlet":"Valley Wire","published":"2026-04-10T12:00:00Z","title":"Kestrel flood: barrier gave way","text":"Forty homes in Kestrel were flooded after the river barrier gave way on Thursday, according to mayor Ilse Brandt.\n\n“Nobody warned us,” Brandt told Valley Wire."}
{"id":"m1","outlet":"Harbor Gazette","published":"2026-04-20T09:00:00Z","title":"Orchestra opens new season","text":"The Lindmoor orchestra opened its season with a new symphony by composer Tomas Ekdahl on Saturday evening."}
`

func ingestFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "in.jsonl")
	os.WriteFile(in, []byte(fixtureJSONL), 0o644)
	db := filepath.Join(dir, "p.db")
	if r := cli(t, nil, "", "--db", db, "ingest", in); r.code != 0 {
		t.Fatalf("ingest: %d %s", r.code, r.stderr)
	}
	return db
}

func TestStoriesStoryArticleText(t *testing.T) {
	db := ingestFixture(t)
	r := cli(t, nil, "", "--db", db, "stories")
	if r.code != 0 || !strings.Contains(r.stdout, "Flood barrier") || !strings.Contains(r.stdout, "Orchestra") {
		t.Fatalf("stories: %d %q", r.code, r.stdout)
	}
	stories := decode[[]storyJSON](t, cli(t, nil, "", "--db", db, "stories", "--json").stdout)
	if storyOf(stories, "k1") != storyOf(stories, "k2") || storyOf(stories, "k1") == storyOf(stories, "m1") {
		t.Errorf("want k1,k2 together and m1 apart: %+v", stories)
	}
	// Most recent activity first.
	if len(stories) < 2 || stories[0].ID != storyOf(stories, "m1") {
		t.Errorf("stories not ordered by recent activity")
	}
	r = cli(t, nil, "", "--db", db, "story", storyOf(stories, "k1"))
	if r.code != 0 || !strings.Contains(r.stdout, "Ilse Brandt") || !strings.Contains(r.stdout, "Nobody warned us") {
		t.Errorf("story text output: %q", r.stdout)
	}
	r = cli(t, nil, "", "--db", db, "article", "m1")
	if r.code != 0 || !strings.Contains(r.stdout, "Tomas Ekdahl") {
		t.Errorf("article text output: %q", r.stdout)
	}
	if r := cli(t, nil, "", "--db", db, "story", "nope"); r.code != 1 || !strings.Contains(r.stderr, "nope") {
		t.Errorf("unknown story: %d %q", r.code, r.stderr)
	}
}

func TestSearchFilters(t *testing.T) {
	db := ingestFixture(t)
	type res struct {
		Hits []struct {
			ID string `json:"id"`
		} `json:"hits"`
		Total int `json:"total"`
	}
	ids := func(args ...string) []string {
		r := cli(t, nil, "", append([]string{"--db", db, "search", "--json"}, args...)...)
		if r.code != 0 {
			t.Fatalf("search %v: %d %s", args, r.code, r.stderr)
		}
		var out []string
		for _, h := range decode[res](t, r.stdout).Hits {
			out = append(out, h.ID)
		}
		return out
	}
	if got := ids("barrier"); len(got) != 2 {
		t.Errorf("barrier: %v", got)
	}
	if got := ids("barrier", "--outlet", "valley wire"); len(got) != 1 || got[0] != "k2" {
		t.Errorf("outlet filter: %v", got)
	}
	if got := ids("--entity", "Ekdahl"); len(got) != 1 || got[0] != "m1" {
		t.Errorf("entity filter: %v", got)
	}
	if got := ids("--from", "2026-04-15"); len(got) != 1 || got[0] != "m1" {
		t.Errorf("date filter: %v", got)
	}
	if got := ids("barrier", "--limit", "1", "--offset", "1"); len(got) != 1 {
		t.Errorf("paging: %v", got)
	}
	r := cli(t, nil, "", "--db", db, "search", "\"unbalanced")
	if r.code == 2 || strings.Contains(r.stderr, "SQL") {
		t.Errorf("hostile query: %d %q", r.code, r.stderr)
	}
}

func TestExportAndDelete(t *testing.T) {
	db := ingestFixture(t)
	out := filepath.Join(t.TempDir(), "articles.jsonl")
	if r := cli(t, nil, "", "--db", db, "export", "-o", out); r.code != 0 {
		t.Fatalf("export: %d %s", r.code, r.stderr)
	}
	b, _ := os.ReadFile(out)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 3 {
		t.Fatalf("export: %d lines", len(lines))
	}
	var first map[string]any
	json.Unmarshal([]byte(lines[0]), &first)
	for _, k := range []string{"id", "text", "story", "outlet", "published"} {
		if _, ok := first[k]; !ok {
			t.Errorf("exported record lacks %q: %v", k, first)
		}
	}
	// The export re-ingests as the same articles.
	if r := cli(t, nil, "", "--db", db, "ingest", "--json", out); r.code != 0 || strings.Contains(r.stdout, `"stored"`) {
		t.Errorf("re-ingesting the export should change nothing: %d %s", r.code, r.stdout)
	}
	r := cli(t, nil, "", "--db", db, "export", "--what", "stories", "--format", "csv")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][0] != "id" {
		t.Fatalf("stories csv: %v %v", rows, err)
	}
	if r := cli(t, nil, "", "--db", db, "delete", "k2"); r.code != 0 {
		t.Fatalf("delete: %d %s", r.code, r.stderr)
	}
	if r := cli(t, nil, "", "--db", db, "article", "k2"); r.code != 1 {
		t.Errorf("deleted article still there: %d", r.code)
	}
	if r := cli(t, nil, "", "--db", db, "search", "--json", "Nobody warned"); strings.Contains(r.stdout, `"k2"`) {
		t.Errorf("deleted article still searchable")
	}
	if r := cli(t, nil, "", "--db", db, "delete", "k2"); r.code != 1 || !strings.Contains(r.stderr, "k2") {
		t.Errorf("deleting twice: %d %q", r.code, r.stderr)
	}
}

// TestBench runs the analysis benchmark on a tiny input: the report must
// carry a rate, the baseline measured in the same run and the machine.
func TestBench(t *testing.T) {
	in := filepath.Join(t.TempDir(), "in.jsonl")
	os.WriteFile(in, []byte(fixtureJSONL), 0o644)
	r := cli(t, nil, "", "bench", "analyze", "--data", in, "--repeat", "30", "--json")
	if r.code != 0 {
		t.Fatalf("bench: %d %s", r.code, r.stderr)
	}
	rep := decode[benchReport](t, r.stdout)
	if rep.Articles != 30 || rep.PerSecond <= 0 || rep.BaselineAPS <= 0 || rep.Ratio <= 0 || rep.Machine.GOMAXPROCS < 1 || rep.Bytes <= 0 {
		t.Errorf("incomplete report: %+v", rep)
	}
	if r := cli(t, nil, "", "bench", "nothing"); r.code != 2 {
		t.Errorf("unknown benchmark: exit %d, want 2", r.code)
	}
}
