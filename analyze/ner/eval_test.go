package ner

import (
	"math"
	"strings"
	"testing"
)

// scorerCases are hand-made sentences, each "gold/guess" tag pairs. Their
// counts were checked against the conlleval script (2004-01-26): together
// they give 12 gold entities, 12 found, 8 correct, word accuracy 12/23.
var scorerCases = []struct {
	name                     string
	sents                    []string // one sentence each
	entities, found, correct int
}{
	{"IOB2 exact", []string{"B-PER/B-PER I-PER/I-PER O/O B-LOC/B-LOC"}, 2, 2, 2},
	{"end too early", []string{"B-PER/B-PER I-PER/O O/O"}, 1, 1, 0},
	{"wrong type", []string{"B-ORG/B-LOC I-ORG/I-LOC"}, 1, 1, 0},
	{"IOB1 gold, IOB2 guess", []string{"I-PER/B-PER I-PER/I-PER O/O I-LOC/B-LOC"}, 2, 2, 2},
	{"IOB1 B- splits two names", []string{"I-PER/B-PER B-PER/I-PER"}, 2, 1, 0},
	{"type change starts a chunk", []string{"I-PER/B-PER I-ORG/B-ORG"}, 2, 2, 2},
	{"sentence end ends a chunk", []string{"O/O B-PER/B-PER", "I-PER/B-PER O/O"}, 2, 2, 2},
	{"spurious", []string{"O/B-MISC O/O"}, 0, 1, 0},
}

func addCase(t *testing.T, sc *Scorer, sents []string) {
	t.Helper()
	for _, s := range sents {
		var gold, guess []string
		for _, pair := range strings.Fields(s) {
			g, p, _ := strings.Cut(pair, "/")
			gold, guess = append(gold, g), append(guess, p)
		}
		if err := sc.Add(gold, guess); err != nil {
			t.Fatal(err)
		}
	}
}

func TestScorer(t *testing.T) {
	for _, tt := range scorerCases {
		t.Run(tt.name, func(t *testing.T) {
			var sc Scorer
			addCase(t, &sc, tt.sents)
			s := sc.Scores()
			if s.Entities != tt.entities || s.Found != tt.found || s.Correct != tt.correct {
				t.Errorf("entities/found/correct %d/%d/%d, want %d/%d/%d", s.Entities, s.Found, s.Correct, tt.entities, tt.found, tt.correct)
			}
		})
	}
}

func TestScorerTotals(t *testing.T) {
	var sc Scorer
	for _, tt := range scorerCases {
		addCase(t, &sc, tt.sents)
	}
	s := sc.Scores()
	near := func(what string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	near("precision", s.Precision, 8.0/12)
	near("recall", s.Recall, 8.0/12)
	near("f1", s.F1, 8.0/12)
	near("accuracy", s.Accuracy, 12.0/23)
	if s.Tokens != 23 {
		t.Errorf("tokens %d, want 23", s.Tokens)
	}
	for typ, want := range map[string][3]int{"PER": {8, 7, 5}, "LOC": {2, 3, 2}, "ORG": {2, 1, 1}, "MISC": {0, 1, 0}} {
		got := s.Types[typ]
		if got.Entities != want[0] || got.Found != want[1] || got.Correct != want[2] {
			t.Errorf("%s: %d/%d/%d, want %v", typ, got.Entities, got.Found, got.Correct, want)
		}
	}
	near("PER precision", s.Types["PER"].Precision, 5.0/7)
	near("PER recall", s.Types["PER"].Recall, 5.0/8)
}

func TestScorerLengthMismatch(t *testing.T) {
	var sc Scorer
	if err := sc.Add([]string{"O"}, nil); err == nil {
		t.Error("no error for a guess shorter than the gold tags")
	}
}

func TestGoldSpans(t *testing.T) {
	tests := []struct {
		tags string
		want []Span
	}{
		{"B-PER I-PER O B-LOC", []Span{{0, 2, Person}, {3, 4, Location}}},
		{"I-PER I-PER O I-LOC", []Span{{0, 2, Person}, {3, 4, Location}}},
		{"I-PER B-PER I-PER", []Span{{0, 1, Person}, {1, 3, Person}}},
		{"I-ORG I-MISC", []Span{{0, 1, Organization}, {1, 2, Misc}}},
		{"O O", nil},
	}
	for _, tt := range tests {
		got, err := goldSpans(strings.Fields(tt.tags))
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(tt.want) {
			t.Fatalf("%s: %v, want %v", tt.tags, got, tt.want)
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("%s: %v, want %v", tt.tags, got, tt.want)
			}
		}
	}
	if _, err := goldSpans([]string{"B-DATE"}); err == nil {
		t.Error("no error for an unknown entity type")
	}
}

func TestLabels(t *testing.T) {
	labels := []Label{begin(Person), inside(Person), Outside, inside(Location), begin(Location), begin(Misc)}
	var tags []string
	for _, l := range labels {
		tags = append(tags, l.String())
	}
	if got := strings.Join(tags, " "); got != "B-PER I-PER O I-LOC B-LOC B-MISC" {
		t.Errorf("tags %q", got)
	}
	want := []Span{{0, 2, Person}, {3, 4, Location}, {4, 5, Location}, {5, 6, Misc}}
	got := Spans(labels)
	if len(got) != len(want) {
		t.Fatalf("spans %v, want %v", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("spans %v, want %v", got, want)
		}
	}
	// Every BILOU state maps to the IOB2 label that starts or continues its entity.
	for s := 0; s < numStates; s++ {
		l := stateLabel(s)
		if l.Kind() != stateKind(s) || s != 0 && l.Begin() != (statePos(s) == posBegin || statePos(s) == posUnit) {
			t.Errorf("state %d → %v", s, l)
		}
	}
}
