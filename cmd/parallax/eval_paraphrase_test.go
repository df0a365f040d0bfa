package main

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/parallax-news/parallax/analyze/paraphrase"
)

// devF1 is the embedded model's F1 on msr_paraphrase_dev400.txt, as
// `parallax eval paraphrase --data ../shared/data/msrp/msr_paraphrase_dev400.txt`
// measured it when the model was trained. The floor allows 0.01 below.
const devF1 = 0.8200

// TestEvalParaphraseFloor runs the eval on the shared dev file and fails
// when the matcher's F1 falls below the measured figure less 0.01.
func TestEvalParaphraseFloor(t *testing.T) {
	data := filepath.Join(sharedDir(t), "data", "msrp", "msr_paraphrase_dev400.txt")
	r := cli(t, nil, "", "eval", "paraphrase", "--data", data)
	if r.code != 0 {
		t.Fatalf("eval: code %d, stderr %s", r.code, r.stderr)
	}
	m := decode[map[string]float64](t, r.stdout)
	for _, k := range []string{"precision", "recall", "f1", "accuracy", "pairs", "majority_f1"} {
		if _, ok := m[k]; !ok {
			t.Errorf("eval output lacks %q: %s", k, r.stdout)
		}
	}
	t.Logf("dev400: %s", r.stdout)
	if m["pairs"] != 400 {
		t.Errorf("pairs = %v, want 400", m["pairs"])
	}
	if m["f1"] < devF1-0.01 {
		t.Errorf("F1 %.4f fell below the floor %.4f", m["f1"], devF1-0.01)
	}
	if m["f1"] <= m["majority_f1"] {
		t.Errorf("F1 %.4f does not beat always answering \"same\" (%.4f)", m["f1"], m["majority_f1"])
	}

	r = cli(t, nil, "", "eval", "paraphrase")
	if r.code != 2 {
		t.Errorf("eval paraphrase without --data: code %d, want 2", r.code)
	}
}

// TestTrainParaphraseReproduces retrains the matcher with the documented
// command and checks that it gives the embedded model: the model in the
// repository is the one the code and the data make.
func TestTrainParaphraseReproduces(t *testing.T) {
	data := filepath.Join(sharedDir(t), "data", "msrp", "msr_paraphrase_train_minus_dev.txt")
	out := filepath.Join(t.TempDir(), "model.json")
	r := cli(t, nil, "", "train", "paraphrase", "--data", data, "-o", out)
	if r.code != 0 {
		t.Fatalf("train: code %d, stderr %s", r.code, r.stderr)
	}
	got, err := paraphrase.Load(os.DirFS(filepath.Dir(out)), filepath.Base(out))
	if err != nil {
		t.Fatal(err)
	}
	want := paraphrase.Default()
	// Floating-point sums may differ in the last bits across architectures
	// (fused multiply-add), so weights are compared with a tolerance.
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*max(1, math.Abs(b)) }
	if !near(got.Threshold, want.Threshold) || !near(got.Bias, want.Bias) || !near(got.Dev.F1, want.Dev.F1) {
		t.Errorf("retrained threshold %v, bias %v, dev F1 %v; embedded %v, %v, %v",
			got.Threshold, got.Bias, got.Dev.F1, want.Threshold, want.Bias, want.Dev.F1)
	}
	for i := range want.Weights {
		if !near(got.Weights[i], want.Weights[i]) || !near(got.Mean[i], want.Mean[i]) || !near(got.Scale[i], want.Scale[i]) {
			t.Errorf("feature %s: retrained weight %v, embedded %v: run the train command and commit model.json", want.Features[i], got.Weights[i], want.Weights[i])
		}
	}
	if len(got.IDF.Weights) != len(want.IDF.Weights) || got.IDF.Rest != want.IDF.Rest {
		t.Errorf("retrained idf: %d words, rest %v; embedded %d, %v", len(got.IDF.Weights), got.IDF.Rest, len(want.IDF.Weights), want.IDF.Rest)
	}
}
