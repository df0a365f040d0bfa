package main

import (
	"path/filepath"
	"testing"
)

// TestEvalQuotes runs `parallax eval quotes` on testdata/polnear, an
// invented article in PolNeAR's layout (non-ASCII before the spans, so
// offsets in code points and in bytes differ), and checks the report.
func TestEvalQuotes(t *testing.T) {
	r := cli(t, nil, "", "eval", "quotes", "--data", filepath.Join("testdata", "polnear"))
	if r.code != 0 {
		t.Fatalf("code %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	got := decode[map[string]float64](t, r.stdout)
	for _, k := range []string{"precision", "recall", "f1", "source_f1", "cue_f1", "content_f1", "content_overlap_f1", "source_overlap_f1"} {
		if v, ok := got[k]; !ok || v < 0 || v > 1 {
			t.Errorf("%s = %v, %v", k, v, ok)
		}
	}
	if got["documents"] != 1 || got["gold"] != 3 || got["span_text_mismatches"] != 0 {
		t.Errorf("counts %v", got)
	}
	// Three plain attributions: the model must find every source and content.
	if got["source_f1"] != 1 || got["content_overlap_f1"] != 1 {
		t.Errorf("scores %v", got)
	}
	if r := cli(t, nil, "", "eval", "quotes"); r.code != 2 {
		t.Errorf("no --data: code %d, want 2", r.code)
	}
}

// TestEvalQuotesPolNeAR is the accuracy floor of quote attribution on the
// PolNeAR dev split: the figures measured when the model was last trained
// (eval/attribution/README.md) less 0.01.
func TestEvalQuotesPolNeAR(t *testing.T) {
	dev := filepath.Join(sharedDir(t), "data", "polnear", "data", "dev")
	r := cli(t, nil, "", "eval", "quotes", "--data", dev)
	if r.code != 0 {
		t.Fatalf("code %d\nstderr %s", r.code, r.stderr)
	}
	got := decode[map[string]float64](t, r.stdout)
	t.Logf("PolNeAR dev: %v", got)
	floors := map[string]float64{"source_f1": 0.699, "content_overlap_f1": 0.797}
	for k, floor := range floors {
		if got[k] < floor {
			t.Errorf("%s = %.4f, below its floor %.3f", k, got[k], floor)
		}
	}
	if got["span_text_mismatches"] != 0 {
		t.Errorf("%v annotations do not match their text: offsets misread", got["span_text_mismatches"])
	}
}
