package main

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestBenchScale runs both scale benchmarks on a small synthetic stream
// through the CLI: each must store every article, report its checkpoints
// with positive rates and memory, and score its stories against the gold
// events.
func TestBenchScale(t *testing.T) {
	if testing.Short() {
		t.Skip("analyses 1,200 articles")
	}
	const n = 600
	for _, task := range []string{"ingest", "cluster"} {
		t.Run(task, func(t *testing.T) {
			r := cli(t, nil, "", "bench", task, "--repeat", strconv.Itoa(n), "--json")
			if r.code != 0 {
				t.Fatalf("bench %s: exit %d\n%s", task, r.code, r.stderr)
			}
			rep := decode[benchReport](t, r.stdout)
			if rep.Task != task || rep.Articles != n || rep.Seed == 0 || rep.Rejected != 0 || rep.Store != "temporary" {
				t.Errorf("report: %+v", rep)
			}
			if rep.Seconds <= 0 || rep.PerSecond <= 0 || rep.PeakRSS <= 0 || rep.Machine.GOMAXPROCS < 1 {
				t.Errorf("rates and machine: %+v", rep)
			}
			var marks []int
			for _, c := range rep.Checkpoints {
				marks = append(marks, c.Articles)
				if c.PerSecond <= 0 || c.HeapBytes == 0 || c.StoreBytes <= 0 || c.Seconds <= 0 {
					t.Errorf("checkpoint %+v", c)
				}
				if task == "cluster" && (c.ClusterUS <= 0 || c.PlaceUS <= 0 || c.CommitUS <= 0) {
					t.Errorf("checkpoint without the clustering time: %+v", c)
				}
			}
			if !slices.Equal(marks, []int{n / 2, n}) {
				t.Errorf("checkpoints at %v, want %v", marks, []int{n / 2, n})
			}
			if task == "cluster" && rep.ClusterRatio <= 0 {
				t.Errorf("no ratio between the checkpoints: %+v", rep)
			}
			// The text form says what was measured, with the machine.
			var text bytes.Buffer
			writeScaleReport(&text, rep)
			for _, want := range []string{task + ": 600 synthetic articles", "       300 ", "BCubed F1", "machine: "} {
				if !strings.Contains(text.String(), want) {
					t.Errorf("text report lacks %q:\n%s", want, text.String())
				}
			}
			if task == "ingest" && (rep.Bytes <= 0 || rep.Generate <= 0) {
				t.Errorf("no size or generation time: %+v", rep)
			}
			s := rep.Scores
			if s == nil || s.Documents != n || s.BCubedF1 <= 0 || s.BCubedF1 > 1 || rep.Stories != s.Clusters || s.GoldClusters < 100 {
				t.Errorf("scores: %+v (stories %d)", s, rep.Stories)
			}
		})
	}
}

func TestBenchMarks(t *testing.T) {
	for n, want := range map[int][]int{
		1:       {1},
		2000:    {1000, 2000},
		10000:   {5000, 10000},
		100000:  {10000, 100000},
		250000:  {10000, 100000, 250000},
		1000000: {10000, 100000, 1000000},
	} {
		if got := benchMarks(n); !slices.Equal(got, want) {
			t.Errorf("benchMarks(%d) = %v, want %v", n, got, want)
		}
	}
}
