package main

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// clusterJSON is the part of `eval cluster`'s output the tests read.
type clusterJSON struct {
	BCubedPrecision   float64      `json:"bcubed_precision"`
	BCubedRecall      float64      `json:"bcubed_recall"`
	BCubedF1          float64      `json:"bcubed_f1"`
	PairwisePrecision float64      `json:"pairwise_precision"`
	PairwiseRecall    float64      `json:"pairwise_recall"`
	PairwiseF1        float64      `json:"pairwise_f1"`
	Clusters          int          `json:"clusters"`
	GoldClusters      int          `json:"gold_clusters"`
	Documents         int          `json:"documents"`
	Format            string       `json:"format"`
	Level             string       `json:"level"`
	Topic             *clusterJSON `json:"topic_level"`
	Runs              []struct {
		Seed     int     `json:"seed"`
		BCubedF1 float64 `json:"bcubed_f1"`
	} `json:"runs"`
	Rejected int          `json:"rejected"`
	Skipped  int          `json:"skipped"`
	Regroup  *clusterJSON `json:"regroup"`
	Splits   int          `json:"splits"`
	Merges   int          `json:"merges"`
}

// TestEvalClusterECB runs `parallax eval cluster` on testdata/ecbplus: two
// invented topics in ECB+'s layout, each with two events of the same kind
// (two factory fires, two earthquakes) and no name shared between events.
func TestEvalClusterECB(t *testing.T) {
	r := cli(t, nil, "", "eval", "cluster", "--data", filepath.Join("testdata", "ecbplus"))
	if r.code != 0 {
		t.Fatalf("code %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	// The keys the issue names, present and in range, before any value.
	raw := decode[map[string]any](t, r.stdout)
	for _, k := range []string{"bcubed_precision", "bcubed_recall", "bcubed_f1", "pairwise_f1"} {
		if v, ok := raw[k].(float64); !ok || v < 0 || v > 1 {
			t.Errorf("%s = %v", k, raw[k])
		}
	}
	for _, k := range []string{"clusters", "documents"} {
		if _, ok := raw[k].(float64); !ok {
			t.Errorf("%s = %v", k, raw[k])
		}
	}
	got := decode[clusterJSON](t, r.stdout)
	if got.Format != "ecbplus" || got.Level != "event" || got.Documents != 8 || got.GoldClusters != 4 || got.Rejected != 0 {
		t.Errorf("report %+v", got)
	}
	if len(got.Runs) != 5 {
		t.Fatalf("%d runs, want 5 orders", len(got.Runs))
	}
	for i, run := range got.Runs {
		if run.Seed != i+1 {
			t.Errorf("run %d has seed %d", i, run.Seed)
		}
	}
	// Each event's reports share their names and nothing with the other
	// event's, so every order must find the four events exactly.
	if got.BCubedF1 != 1 || got.PairwiseF1 != 1 || got.Clusters != 4 {
		t.Errorf("event level %+v, want a perfect score with 4 stories", got)
	}
	// Against the topics, the same stories are pure (precision 1) and split
	// each topic in two: recall is (3·3/5 + 2·2/5 + 2·2/3 + 1·1/3)/8 = 8/15.
	if tp := got.Topic; tp == nil || tp.BCubedPrecision != 1 || math.Abs(tp.BCubedRecall-8.0/15) > 1e-9 || tp.GoldClusters != 2 {
		t.Errorf("topic level %+v", got.Topic)
	}
	if !strings.Contains(r.stderr, "order 5/5 (seed 5)") {
		t.Errorf("no progress on stderr: %s", r.stderr)
	}
}

// TestEvalClusterJSONLAndUCI runs the two dated formats on invented
// files written here: publication order, the skipped rows counted.
func TestEvalClusterJSONLAndUCI(t *testing.T) {
	dir := t.TempDir()
	jsonl := filepath.Join(dir, "gold.jsonl")
	writeClusterFixture(t, jsonl, `{"id":"k2","text":"Mara Osk said she would rebuild the Vetrolia glassworks after the kiln fire. Fire chief Dana Brill said the kiln hall was lost.","published":"2031-05-02T09:00:00Z","story_id":"kiln"}
{"id":"k1","text":"A fire destroyed the Osk glassworks in Vetrolia, fire chief Dana Brill said. Owner Mara Osk said 40 glassblowers were out of work.","published":"2031-05-01T22:00:00Z","story_id":"kiln"}
{"id":"q1","text":"A magnitude 6.1 earthquake struck the Korvi islands, seismologist Teo Varga said. Houses collapsed in Lusa harbour.","published":"2031-05-01T23:00:00Z","story_id":"quake"}
{"id":"x","text":"A record without its gold story."}
`)
	r := cli(t, nil, "", "eval", "cluster", "--data", jsonl)
	if r.code != 0 {
		t.Fatalf("jsonl: code %d\nstderr %s", r.code, r.stderr)
	}
	got := decode[clusterJSON](t, r.stdout)
	if got.Format != "jsonl" || got.Documents != 3 || got.GoldClusters != 2 || got.Skipped != 1 || got.Runs != nil || got.Topic != nil {
		t.Errorf("jsonl report %+v", got)
	}
	if got.BCubedF1 != 1 {
		t.Errorf("jsonl: two plainly different stories scored %+v", got)
	}
	if !strings.Contains(r.stderr, "gold.jsonl:4") {
		t.Errorf("the skipped record is not reported: %s", r.stderr)
	}

	csv := filepath.Join(dir, "news.csv")
	writeClusterFixture(t, csv, "ID,TITLE,URL,PUBLISHER,CATEGORY,STORY,HOSTNAME,TIMESTAMP\n"+
		"1,Fire destroys Osk glassworks in Vetrolia,http://vpost.example/1,Vetrolia Post,b,S1,vpost.example,1900000000000\n"+
		"2,Korvi islands earthquake collapses houses in Lusa,http://lusa.example/2,Lusa News,b,S2,lusa.example,1900000100000\n"+
		"3,Osk glassworks fire in Vetrolia: owner Mara Osk to rebuild,http://glass.example/3,Glass Daily,b,S1,glass.example,1900000200000\n"+
		"4,Lusa counts damage after Korvi earthq")
	r = cli(t, nil, "", "eval", "cluster", "--data", csv)
	if r.code != 0 {
		t.Fatalf("uci: code %d\nstderr %s", r.code, r.stderr)
	}
	got = decode[clusterJSON](t, r.stdout)
	if got.Format != "uci" || got.Documents != 3 || got.GoldClusters != 2 || got.Skipped != 1 || got.Clusters < 2 || got.Clusters > 3 {
		t.Errorf("uci report %+v", got)
	}
	// Whatever the headlines' fate, a fire and an earthquake are never joined.
	if got.BCubedPrecision != 1 {
		t.Errorf("uci: precision %v", got.BCubedPrecision)
	}
}

func TestEvalClusterUsage(t *testing.T) {
	dir := t.TempDir()
	txt := filepath.Join(dir, "notes.txt")
	writeClusterFixture(t, txt, "not labelled data")
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"no data", []string{"eval", "cluster"}, "--data PATH is required"},
		{"missing", []string{"eval", "cluster", "--data", filepath.Join(dir, "absent")}, "no such file or folder"},
		{"unrecognised", []string{"eval", "cluster", "--data", txt}, "is not an ECB+ folder"},
		{"folder without ECB+", []string{"eval", "cluster", "--data", dir}, "no ECB+ documents"},
	} {
		r := cli(t, nil, "", c.args...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%s: code %d, stderr %q; want 2 and %q", c.name, r.code, r.stderr, c.want)
		}
	}
}

// TestEvalClusterECBPlus is the floor of story clustering on ECB+ topics
// 1–35 at event level: the mean BCubed F1 over the five orders measured
// when the eval was written (eval/clustering/README.md) less 0.01. The
// whole command runs, five orders, in about 20 s.
func TestEvalClusterECBPlus(t *testing.T) {
	data := filepath.Join(sharedDir(t), "data", "ecbplus")
	r := cli(t, nil, "", "eval", "cluster", "--data", data)
	if r.code != 0 {
		t.Fatalf("code %d\nstderr %s", r.code, r.stderr)
	}
	got := decode[clusterJSON](t, r.stdout)
	t.Logf("ECB+ event level: BCubed P %.3f R %.3f F1 %.3f, pairwise F1 %.3f, %d stories for %d events, %d documents",
		got.BCubedPrecision, got.BCubedRecall, got.BCubedF1, got.PairwiseF1, got.Clusters, got.GoldClusters, got.Documents)
	if got.Documents != 772 || got.Rejected != 0 {
		t.Errorf("%d documents scored, %d rejected: want all 772 of topics 1–35", got.Documents, got.Rejected)
	}
	const floor = 0.844
	if got.BCubedF1 < floor {
		t.Errorf("BCubed F1 %.4f, below its floor %.3f", got.BCubedF1, floor)
	}
	// The same orders with cluster.Regroup after each batch (the proposal
	// ingest does not make yet): its mean less 0.01.
	rg := got.Regroup
	if rg == nil || len(rg.Runs) != 5 || rg.Documents != 772 {
		t.Fatalf("regroup report %+v, want 5 runs over 772 documents", rg)
	}
	t.Logf("ECB+ event level, regrouped: BCubed P %.3f R %.3f F1 %.3f, pairwise F1 %.3f, %d stories; %d splits, %d merges",
		rg.BCubedPrecision, rg.BCubedRecall, rg.BCubedF1, rg.PairwiseF1, rg.Clusters, rg.Splits, rg.Merges)
	const regroupFloor = 0.911
	if rg.BCubedF1 < regroupFloor {
		t.Errorf("regrouped BCubed F1 %.4f, below its floor %.3f", rg.BCubedF1, regroupFloor)
	}
}

func writeClusterFixture(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}
