package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// multilingualFixture holds eleven invented events, each reported in
// English, Russian and German (eval/clustering/README.md, "Our multilingual
// fixture"), written before the clusterer was tuned for them.
var multilingualFixture = filepath.Join("..", "..", "eval", "clustering", "testdata", "multilingual.jsonl")

// fixtureRecord is the part of a fixture record the tests read.
type fixtureRecord struct {
	ID            string `json:"id"`
	Language      string `json:"language"`
	StoryID       string `json:"story_id"`
	LineageSource string `json:"lineage_source"`
	LineageKind   string `json:"lineage_kind"`
}

func readFixture(t *testing.T, path string) []fixtureRecord {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []fixtureRecord
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r fixtureRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEvalClusterMultilingual is the floor of `eval cluster` on the
// multilingual fixture: measured 0.908 before cross-language keys (cluster
// version 2) and 0.955 after (version 3, one merge of two events left), the
// floor the latter less 0.01.
func TestEvalClusterMultilingual(t *testing.T) {
	r := cli(t, nil, "", "eval", "cluster", "--data", multilingualFixture)
	if r.code != 0 {
		t.Fatalf("code %d\nstderr %s", r.code, r.stderr)
	}
	got := decode[clusterJSON](t, r.stdout)
	t.Logf("multilingual: BCubed P %.3f R %.3f F1 %.3f, %d stories for %d events",
		got.BCubedPrecision, got.BCubedRecall, got.BCubedF1, got.Clusters, got.GoldClusters)
	if got.Documents != 46 || got.GoldClusters != 11 || got.Skipped != 0 || got.Rejected != 0 {
		t.Errorf("report %+v, want 46 documents in 11 events", got)
	}
	const floor = 0.945
	if got.BCubedF1 < floor {
		t.Errorf("BCubed F1 %.4f, below its floor %.2f", got.BCubedF1, floor)
	}
}

// TestMultilingualJoins ingests the fixture (in publication order, as the
// file is written) and checks, per language pair, that each Russian and
// German report joined the story of its event's English reports, and that
// no story holds two events: the fixture's confusable pairs (two fires in
// Velmora, two announcements by one minister two days apart, a strike and
// a verdict in Kallstad) must stay apart.
func TestMultilingualJoins(t *testing.T) {
	recs := readFixture(t, multilingualFixture)
	db := filepath.Join(t.TempDir(), "p.db")
	if r := cli(t, nil, "", "--db", db, "ingest", multilingualFixture); r.code != 0 {
		t.Fatalf("ingest: code %d\nstderr %s", r.code, r.stderr)
	}
	stories := decode[[]storyJSON](t, cli(t, nil, "", "--db", db, "stories", "--json", "--limit", "1000").stdout)
	storyOfArticle := map[string]string{}
	for _, s := range stories {
		for _, a := range s.Articles {
			storyOfArticle[a.ID] = s.ID
		}
	}
	english := map[string][]string{} // event → stories of its English reports
	for _, r := range recs {
		if r.Language == "en" {
			english[r.StoryID] = append(english[r.StoryID], storyOfArticle[r.ID])
		}
	}
	joined, total := map[string]int{}, map[string]int{}
	for _, r := range recs {
		if r.Language == "en" {
			continue
		}
		total[r.Language]++
		if slices.Contains(english[r.StoryID], storyOfArticle[r.ID]) {
			joined[r.Language]++
		} else {
			t.Logf("%s (%s) did not join its event %s", r.ID, r.Language, r.StoryID)
		}
	}
	t.Logf("de→en %d/%d, ru→en %d/%d", joined["de"], total["de"], joined["ru"], total["ru"])
	for _, lang := range []string{"de", "ru"} {
		if total[lang] != 11 || joined[lang] != total[lang] {
			t.Errorf("%s→en: %d of %d reports joined their event", lang, joined[lang], total[lang])
		}
	}
	gold := map[string]string{}
	for _, r := range recs {
		gold[r.ID] = r.StoryID
	}
	// Measured: one merge remains, Anna Keller's two announcements two
	// days apart (the bridge reports share her name and Arnsfeld with the
	// fares story, and nothing says their dates differ). Any other merge
	// is a regression.
	for _, s := range stories {
		var events []string
		for _, a := range s.Articles {
			if g := gold[a.ID]; !slices.Contains(events, g) {
				events = append(events, g)
			}
		}
		slices.Sort(events)
		if len(events) > 1 && strings.Join(events, " ") != "keller-osterby-bridge keller-rail-fares" {
			t.Errorf("story %s merges events %s", s.ID, strings.Join(events, ", "))
		}
	}
}

// TestMultilingualLineage checks the lineage the story view gives the
// fixture's written pairs (a verbatim copy, a copy with a footer, an
// English rewrite, a German translation of an English report), and that no
// other article of the fixture is given a source: the rest were written
// independently.
func TestMultilingualLineage(t *testing.T) {
	recs := readFixture(t, multilingualFixture)
	db := filepath.Join(t.TempDir(), "p.db")
	if r := cli(t, nil, "", "--db", db, "ingest", multilingualFixture); r.code != 0 {
		t.Fatalf("ingest: code %d\nstderr %s", r.code, r.stderr)
	}
	type lineageJSON struct {
		Articles []struct {
			ID string `json:"id"`
		} `json:"articles"`
		Lineage []struct {
			Article, Source, Kind string
			Score                 float64
		} `json:"lineage"`
		IndependentSources *int `json:"independent_sources"`
	}
	stories := decode[[]storyJSON](t, cli(t, nil, "", "--db", db, "stories", "--json", "--limit", "1000").stdout)
	got := map[string][2]string{}
	for _, s := range stories {
		v := decode[lineageJSON](t, cli(t, nil, "", "--db", db, "story", s.ID, "--json").stdout)
		if v.IndependentSources == nil || *v.IndependentSources != len(v.Articles)-len(v.Lineage) {
			t.Errorf("story %s: independent_sources %v for %d articles and %d linked", s.ID, v.IndependentSources, len(v.Articles), len(v.Lineage))
		}
		for _, l := range v.Lineage {
			got[l.Article] = [2]string{l.Source, l.Kind}
		}
	}
	want := map[string][2]string{}
	for _, r := range recs {
		if r.LineageSource != "" {
			want[r.ID] = [2]string{r.LineageSource, r.LineageKind}
		}
	}
	if len(want) != 4 {
		t.Fatalf("the fixture marks %d lineage pairs, want 4", len(want))
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: lineage %v, want %v", id, got[id], w)
		}
	}
	for id, g := range got {
		if _, ok := want[id]; !ok {
			t.Errorf("%s: lineage %v, but it was written independently", id, g)
		}
	}
}
