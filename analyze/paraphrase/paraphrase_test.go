package paraphrase

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func TestEmbeddedModel(t *testing.T) {
	m, err := Load(embedded, ModelFile)
	if err != nil {
		t.Fatal(err)
	}
	if !(m.Threshold > 0 && m.Threshold < 1) {
		t.Errorf("threshold %v outside (0, 1)", m.Threshold)
	}
	if len(m.IDF.Weights) == 0 {
		t.Error("model has no idf weights")
	}
	if m.Dev.Pairs == 0 || m.Train.Pairs == 0 {
		t.Errorf("model does not record its scores: train %+v, dev %+v", m.Train, m.Dev)
	}
}

// Invented sentence pairs: the ways one statement reaches several outlets.
var sameCases = map[string][2]string{
	"verbatim": {
		"We will not raise the harbour fees this year, whatever the shipping lines say.",
		"We will not raise the harbour fees this year, whatever the shipping lines say.",
	},
	"typographic variants": {
		"We don’t expect the bridge to reopen before March.",
		"We don't expect the bridge to reopen before March",
	},
	"translated differently": {
		"We are not going to raise harbour fees this year, whatever shipping companies say",
		"We will not raise the harbour fees this year, whatever the shipping lines say",
	},
	"attribution dropped": {
		"We will not raise the harbour fees this year, whatever the shipping lines say, the harbour master said",
		"We will not raise the harbour fees this year, whatever the shipping lines say",
	},
	// A trimmed excerpt that leaves out a whole clause is "different" to
	// the model, as to the paraphrase corpus; story grouping adds containment.
}

var differentCases = map[string][2]string{
	"other topic": {
		"The new terminal will open in the spring of 2031",
		"We are not going to raise harbour fees this year, whatever shipping companies say",
	},
	"same actors, other claim": {
		"The harbour board will meet the shipping lines on Monday",
		"The shipping lines have already paid for the terminal",
	},
	"one word": {"fees", "The terminal fees were set by the previous board"},
}

func TestSameAndDifferent(t *testing.T) {
	for name, p := range sameCases {
		t.Run(name, func(t *testing.T) {
			if s := Score(p[0], p[1]); !Same(p[0], p[1]) {
				t.Errorf("Score = %.3f, below the threshold %.3f:\n%q\n%q", s, Default().Threshold, p[0], p[1])
			}
		})
	}
	for name, p := range differentCases {
		t.Run(name, func(t *testing.T) {
			if s := Score(p[0], p[1]); Same(p[0], p[1]) {
				t.Errorf("Score = %.3f, at or above the threshold %.3f:\n%q\n%q", s, Default().Threshold, p[0], p[1])
			}
		})
	}
}

func TestScoreProperties(t *testing.T) {
	var all [][2]string
	for _, p := range sameCases {
		all = append(all, p)
	}
	for _, p := range differentCases {
		all = append(all, p)
	}
	for _, p := range all {
		ab, ba := Score(p[0], p[1]), Score(p[1], p[0])
		if ab != ba {
			t.Errorf("not symmetric: %v vs %v for %q / %q", ab, ba, p[0], p[1])
		}
		if !(ab >= 0 && ab <= 1) {
			t.Errorf("score %v outside [0, 1]", ab)
		}
	}
	for _, s := range []string{"", "   ", "— … —"} {
		if got := Score(s, "The harbour fees stay."); got != 0 {
			t.Errorf("Score(%q, …) = %v, want 0 for a sentence without words", s, got)
		}
	}
}

func TestWords(t *testing.T) {
	tests := map[string]struct {
		in   string
		want string
	}{
		"contractions":     {"We don’t know, they can't say and it won't matter", "we do not know they can not say and it will not matter"},
		"penn treebank":    {"we do n't know what it 's worth , they 're sure", "we do not know what it worth they are sure"},
		"possessive":       {"the board's plan and Wednesday's vote", "the board plan and wednesday vote"},
		"cannot":           {"I cannot say", "i can not say"},
		"no apostrophe":    {"I dont know and it isnt clear", "i do not know and it is not clear"},
		"initialism":       {"U.S. officials met in the U.K.", "us officials met in the uk"},
		"numbers":          {"It rose 1,250 points, or 4.31%, to 22/32", "it rose 1250 points or 4.31 percent to 22/32"},
		"sentence end dot": {"It rose 4. Then it fell.", "it rose 4 then it fell"},
		"hyphens split":    {"a 30-year bond", "a 30 year bond"},
		"quotes stripped":  {"\"Never,\" she said. 'Not once'", "never she said not once"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			var got []string
			for _, w := range words(tt.in) {
				got = append(got, w.text)
			}
			if strings.Join(got, " ") != tt.want {
				t.Errorf("words(%q) = %q, want %q", tt.in, strings.Join(got, " "), tt.want)
			}
		})
	}
}

func TestParse(t *testing.T) {
	s := Parse("Ambassador Kislyak met 3 senators in Washington, not 4.")
	if !s.Negated() {
		t.Error("negation not seen")
	}
	if !reflect.DeepEqual(s.nums, []string{"3", "4"}) {
		t.Errorf("nums = %q", s.nums)
	}
	// "Ambassador" opens the sentence, so it may be capitalised for that alone.
	if !reflect.DeepEqual(s.names, []string{"kislyak", "washington"}) {
		t.Errorf("names = %q", s.names)
	}
	if s.Norm() != " ambassador kislyak met 3 senators in washington not 4 " {
		t.Errorf("norm = %q", s.Norm())
	}
}

// trainingPairs are invented pairs enough for the trainer to fit.
func trainingPairs() []Pair {
	base := []string{
		"The council approved the new budget on Tuesday after a long debate",
		"Rail workers will strike for two days next week over pay",
		"The museum reopened its east wing after three years of repairs",
		"Heavy rain flooded the lower town and closed the main road",
		"The company said its profits fell by a fifth in the last quarter",
		"Police arrested two men after the break-in at the pharmacy",
	}
	var ps []Pair
	for i, s := range base {
		w := strings.Fields(s)
		ps = append(ps,
			Pair{ID1: "a", ID2: "b", A: s, B: strings.Join(w[:len(w)-2], " "), Same: true},
			Pair{ID1: "a", ID2: "c", A: s, B: "Officials said " + strings.ToLower(s[:1]) + s[1:], Same: true},
			Pair{ID1: "a", ID2: "d", A: s, B: base[(i+1)%len(base)]},
			Pair{ID1: "a", ID2: "e", A: s, B: strings.Join(w[:3], " ") + " " + base[(i+2)%len(base)]},
		)
	}
	return ps
}

func TestTrain(t *testing.T) {
	ps := trainingPairs()
	m1, err := Train(ps, ps)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := Train(ps, ps)
	if err != nil {
		t.Fatal(err)
	}
	var b1, b2 bytes.Buffer
	if err := m1.Write(&b1); err != nil {
		t.Fatal(err)
	}
	m2.Write(&b2)
	if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
		t.Error("training twice on the same pairs gave two models")
	}
	if m1.Train.Accuracy < 0.9 {
		t.Errorf("training accuracy %.2f on separable pairs", m1.Train.Accuracy)
	}
	// The written model loads back and scores as the trained one.
	m3, err := Load(fstest.MapFS{"m.json": {Data: b1.Bytes()}}, "m.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if a, b := m1.Score(p.A, p.B), m3.Score(p.A, p.B); math.Abs(a-b) > 1e-12 {
			t.Fatalf("reloaded model scores %v, trained %v", b, a)
		}
	}

	for name, tt := range map[string]struct{ train, dev []Pair }{
		"no pairs":  {nil, ps},
		"no dev":    {ps, nil},
		"one label": {ps[:1], ps},
		"no words":  {[]Pair{{A: "…", B: "—", Same: true}}, ps},
	} {
		if _, err := Train(tt.train, tt.dev); err == nil {
			t.Errorf("%s: Train did not fail", name)
		}
	}
}

func TestLoadRejects(t *testing.T) {
	for name, body := range map[string]string{
		"not json":       "{",
		"other features": `{"features":["x"],"mean":[0],"scale":[1],"weights":[1],"idf":{"rest":1}}`,
		"short weights":  strings.Replace(string(mustRead(t)), `"weights": [`, `"weights": [0,`, 1),
		"zero idf":       strings.Replace(string(mustRead(t)), `"rest": `, `"rest": 0, "x": `, 1),
	} {
		if _, err := Load(fstest.MapFS{"m.json": {Data: []byte(body)}}, "m.json"); err == nil {
			t.Errorf("%s: Load accepted it", name)
		}
	}
	if _, err := Load(fstest.MapFS{}, "m.json"); err == nil {
		t.Error("Load of a missing file did not fail")
	}
}

func mustRead(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Default().Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestMetrics(t *testing.T) {
	ps := []Pair{{Same: true}, {Same: true}, {Same: true}, {}}
	m := metrics(ps, []float64{0.9, 0.8, 0.1, 0.7}, 0.5)
	want := Metrics{Pairs: 4, Precision: 2.0 / 3, Recall: 2.0 / 3, F1: 2.0 / 3, Accuracy: 0.5, MajorityF1: 6.0 / 7}
	if m != want {
		t.Errorf("metrics = %+v, want %+v", m, want)
	}
	if m := metrics([]Pair{{}, {}, {Same: true}}, []float64{0, 0, 0}, 0.5); m.MajorityF1 != 0 {
		t.Errorf("majority \"different\": MajorityF1 = %v, want 0", m.MajorityF1)
	}
}

// A quote of typical length in two translations.
const benchA, benchB = "We cannot say that all of the shipping lines but quite a few have been staying in touch with the harbour board",
	"We don't say that all of the shipping lines, but a whole array of them, supported contacts with the harbour board"

func BenchmarkScore(b *testing.B) {
	m := Default()
	for b.Loop() {
		m.Score(benchA, benchB)
	}
}

func BenchmarkScoreParsed(b *testing.B) {
	x, y := Parse(benchA), Parse(benchB)
	m := Default()
	for b.Loop() {
		m.ScoreParsed(x, y)
	}
}
