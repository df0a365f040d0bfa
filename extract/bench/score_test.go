package bench

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestTokenize(t *testing.T) {
	tests := map[string][]string{
		"":                              nil,
		"  \n\t ":                       nil,
		"Hello, world!":                 {"Hello", "world"},
		"don't stop":                    {"don", "t", "stop"}, // apostrophes split words
		"U.S. $1,300.50 snake_case":     {"U", "S", "1", "300", "50", "snake_case"},
		"Trump TRUMP trump":             {"Trump", "TRUMP", "trump"}, // case is kept
		"Депутаты — «бюджет»":           {"Депутаты", "бюджет"},      // any script
		"東京都は晴れ。":                       {"東京都は晴れ"},                  // no spaces: one token up to the punctuation
		"née\u0301 x":                   {"née", "x"},                // a combining mark is not a word character
		"²³ ½ Ⅻ":                        {"²³", "½", "Ⅻ"},            // every kind of number is
		"e-mail\u00a0address\u2014here": {"e", "mail", "address", "here"},
	}
	for in, want := range tests {
		if got := Tokenize(in); !slices.Equal(got, want) {
			t.Errorf("Tokenize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatch(t *testing.T) {
	tests := []struct {
		name        string
		truth, pred string
		want        Counts
	}{
		{"identical", "a b c d e", "a b c d e", Counts{TP: 2, Exact: true}},
		{"identical but for punctuation and spacing", "a, b. c\n\nd e", "a b c d e", Counts{TP: 2, Exact: true}},
		{"case differs", "A b c d", "a b c d", Counts{FP: 1, FN: 1}},
		{"extra text after", "a b c d e", "a b c d e f", Counts{TP: 2, FP: 1}},
		{"text missing", "a b c d e f g", "a b c d", Counts{TP: 1, FN: 3}},
		{"empty prediction", "a b c d", "", Counts{FN: 1}},
		{"empty truth", "", "a b c d", Counts{FP: 1}},
		{"both empty", "", "", Counts{Exact: true}},
		// Fewer tokens than a shingle: one shingle of all of them.
		{"short, same", "a b", "a b", Counts{TP: 1, Exact: true}},
		{"short, differs", "a b", "a c", Counts{FP: 1, FN: 1}},
		// Shingles are counted with multiplicity: a paragraph printed twice
		// matches once.
		{"repeated", "a b c d", "a b c d a b c d", Counts{TP: 1, FP: 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Match(tt.truth, tt.pred); got != tt.want {
				t.Errorf("Match = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestPrecisionRecall(t *testing.T) {
	tests := []struct {
		c    Counts
		p, r float64
	}{
		{Counts{TP: 3, FP: 1, FN: 2}, 0.75, 0.6},
		{Counts{TP: 5}, 1, 1},
		{Counts{}, 1, 1}, // nothing to find and nothing found
		{Counts{FN: 4}, 0, 0},
		{Counts{FP: 4}, 0, 0},
	}
	for _, tt := range tests {
		if p, r := tt.c.Precision(), tt.c.Recall(); p != tt.p || r != tt.r {
			t.Errorf("%+v: precision %v recall %v, want %v %v", tt.c, p, r, tt.p, tt.r)
		}
	}
}

func TestAggregate(t *testing.T) {
	pages := []Counts{
		{TP: 3, FP: 1, Exact: false}, // precision 0.75, recall 1
		{TP: 1, FN: 1},               // precision 1, recall 0.5
		{FN: 2},                      // nothing predicted: counts for recall (0) only
		{TP: 2, Exact: true},         // perfect
		{},                           // empty truth, empty prediction: counts for neither
	}
	got := Aggregate(pages)
	wantP := (0.75 + 1 + 1) / 3
	wantR := (1 + 0.5 + 0 + 1) / 4.0
	wantF := 2 * wantP * wantR / (wantP + wantR) // from the means, not a mean of page F1s
	if !near(got.Precision, wantP) || !near(got.Recall, wantR) || !near(got.F1, wantF) {
		t.Errorf("Aggregate = %+v, want precision %.4f recall %.4f F1 %.4f", got, wantP, wantR, wantF)
	}
	if got.Documents != 5 || !near(got.Accuracy, 0.2) {
		t.Errorf("documents %d accuracy %v, want 5 and 0.2", got.Documents, got.Accuracy)
	}
	if z := Aggregate(nil); z != (Scores{}) {
		t.Errorf("Aggregate(nil) = %+v, want zeros", z)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-12 }

func TestLoadOutputs(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "output")
	if err := os.Mkdir(out, 0o755); err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"plain.json":   `{"p1": {"articleBody": "one"}, "p2": {"articleBody": "two", "url": "x"}}`,
		"wrapped.json": `{"version": "2.0", "output": {"p1": {"articleBody": "uno"}}}`,
		"empty.json":   `{}`,
		"notes.txt":    `not an output`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(out, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := LoadOutputs(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got["plain"]["p2"] != "two" || got["wrapped"]["p1"] != "uno" {
		t.Errorf("LoadOutputs = %v, want plain and wrapped only", got)
	}
	if err := os.WriteFile(filepath.Join(out, "broken.json"), []byte(`{"p1": `), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadOutputs(dir); err == nil {
		t.Error("a broken output file gave no error")
	}
}
