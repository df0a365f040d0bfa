package stance

import (
	"bytes"
	"compress/gzip"
	"math"
	"strings"
	"testing"
	"testing/fstest"
)

// claim and the texts below are invented for these tests.
const claim = "Harbour authority says ferry Marisol sank off Port Elden"

// TestPredictClearCases checks the embedded model on texts whose stance no
// reader would doubt.
func TestPredictClearCases(t *testing.T) {
	m, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tests := map[string]struct{ text, want string }{
		"says the claim is false": {
			text: "The harbour authority denied reports that the ferry Marisol sank off Port Elden. The claim is false, a spokesman said: the Marisol docked safely on Tuesday and the story was a hoax spread on social media. Photos of the sinking were fake.",
			want: "disagree",
		},
		"confirms it": {
			text: "The ferry Marisol sank off Port Elden on Tuesday, the harbour authority confirmed. All passengers were rescued by coastguard boats, officials said. The Marisol went down in heavy seas.",
			want: "agree",
		},
		"reports it without vouching": {
			text: "The ferry Marisol reportedly sank off Port Elden, according to unconfirmed posts online. The harbour authority has not yet commented and it is unclear whether the ferry is missing.",
			want: "discuss",
		},
		"about something else": {
			text: "A new bakery opened on Main Street in Linford, selling sourdough loaves and pastries. The owner said she hopes to hire four more bakers by the spring.",
			want: "unrelated",
		},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			label, probs := m.Predict(claim, tt.text)
			if label != tt.want {
				t.Errorf("label %q, want %q (probabilities %v)", label, tt.want, probs)
			}
			checkProbs(t, probs)
		})
	}
}

func checkProbs(t *testing.T, probs map[string]float64) {
	t.Helper()
	sum := 0.0
	for _, l := range Labels {
		p, ok := probs[l]
		if !ok || !(p >= 0 && p <= 1) {
			t.Errorf("probability of %q is %v (present %v)", l, p, ok)
		}
		sum += p
	}
	if math.Abs(sum-1) > 1e-9 {
		t.Errorf("probabilities sum to %v: %v", sum, probs)
	}
}

// TestPredictEmpty checks that texts without words are answered, not a panic:
// nothing shares no words with a claim, so it is unrelated.
func TestPredictEmpty(t *testing.T) {
	m, err := New()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range [][2]string{{"", ""}, {claim, ""}, {"", "Some text."}, {"?!", "..."}} {
		label, probs := m.Predict(in[0], in[1])
		if label != "unrelated" {
			t.Errorf("Predict(%q, %q) = %q, want unrelated", in[0], in[1], label)
		}
		checkProbs(t, probs)
	}
}

func TestScore(t *testing.T) {
	// gold: unrelated, discuss, agree, disagree, unrelated; predictions chosen
	// to hit each case of the official scorer.
	gold := []int{0, 1, 2, 3, 0}
	pred := []int{0, 1, 1, 0, 2}
	s := Score(gold, pred)
	// unrelated right 0.25; discuss right 1; agree called discuss 0.25;
	// disagree called unrelated 0; unrelated called agree 0. Max 0.25*2+3.
	if s.FNCRaw != 1.5 || s.FNCMax != 3.5 || math.Abs(s.FNCScore-1.5/3.5) > 1e-12 {
		t.Errorf("FNC %v / %v = %v, want 1.5 / 3.5", s.FNCRaw, s.FNCMax, s.FNCScore)
	}
	if s.Accuracy != 0.4 || s.RelatedAccuracy != 0.6 {
		t.Errorf("accuracy %v, related accuracy %v; want 0.4, 0.6", s.Accuracy, s.RelatedAccuracy)
	}
	// unrelated: P 1/2 R 1/2; discuss: P 1/2 R 1; agree, disagree: 0.
	if u, d := s.PerClass["unrelated"], s.PerClass["discuss"]; u.F1 != 0.5 || math.Abs(d.F1-2.0/3) > 1e-12 || d.Support != 1 || u.Support != 2 {
		t.Errorf("per class %+v", s.PerClass)
	}
	if want := (0.5 + 2.0/3) / 4; math.Abs(s.MacroF1-want) > 1e-12 {
		t.Errorf("macro F1 %v, want %v", s.MacroF1, want)
	}
	if s.Confusion[3][0] != 1 || s.Confusion[0][2] != 1 || s.Confusion[2][1] != 1 {
		t.Errorf("confusion %v", s.Confusion)
	}
}

func TestFoldsKeepBodiesTogether(t *testing.T) {
	var pairs []Pair
	for i := range 40 {
		pairs = append(pairs, Pair{Group: "b/" + string(rune('a'+i%13)), Stance: "unrelated"})
	}
	folds := Folds(pairs, 5, 7)
	where := map[string]int{}
	n := 0
	for f, idx := range folds {
		n += len(idx)
		for _, i := range idx {
			if g, ok := where[pairs[i].Group]; ok && g != f {
				t.Errorf("body %s in folds %d and %d", pairs[i].Group, g, f)
			}
			where[pairs[i].Group] = f
		}
	}
	if n != len(pairs) {
		t.Errorf("folds hold %d pairs, want %d", n, len(pairs))
	}
	if again := Folds(pairs, 5, 7); !equalFolds(folds, again) {
		t.Error("the same seed gave other folds")
	}
}

func equalFolds(a, b [][]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if len(a[i]) != len(b[i]) {
			return false
		}
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

func TestStoryGroups(t *testing.T) {
	pairs := []Pair{
		{Headline: "H1", Group: "x/1", Stance: "agree"},
		{Headline: "H1", Group: "x/2", Stance: "discuss"},
		{Headline: "H2", Group: "x/2", Stance: "disagree"},
		{Headline: "H2", Group: "x/3", Stance: "unrelated"}, // unrelated pairs join nothing
		{Headline: "H3", Group: "x/3", Stance: "agree"},
	}
	g := StoryGroups(pairs)
	if g[0].Group != g[1].Group || g[1].Group != g[2].Group {
		t.Errorf("bodies 1 and 2 share headlines but not a story: %q %q %q", g[0].Group, g[1].Group, g[2].Group)
	}
	if g[3].Group != g[4].Group || g[3].Group == g[0].Group {
		t.Errorf("body 3 is its own story: %q %q vs %q", g[3].Group, g[4].Group, g[0].Group)
	}
}

func TestLoadRejects(t *testing.T) {
	gz := func(s string) []byte {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write([]byte(s))
		w.Close()
		return b.Bytes()
	}
	var good bytes.Buffer
	m, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Write(&good); err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"good":      {Data: good.Bytes()},
		"plain":     {Data: []byte(`{}`)},
		"empty":     {Data: gz(`{}`)},
		"otherfeat": {Data: gz(`{"relatedness_features":["x"]}`)},
	}
	if _, err := Load(fsys, "good"); err != nil {
		t.Errorf("the embedded model written back does not load: %v", err)
	}
	for _, name := range []string{"plain", "empty", "otherfeat", "missing"} {
		if _, err := Load(fsys, name); err == nil || !strings.Contains(err.Error(), "stance") {
			t.Errorf("Load(%s): error %v, want a stance error", name, err)
		}
	}
}

func BenchmarkPredict(b *testing.B) {
	m, err := New()
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("The harbour authority denied reports that the ferry Marisol sank off Port Elden. The claim is false, a spokesman said. ", 10)
	for b.Loop() {
		m.Predict(claim, text)
	}
}
