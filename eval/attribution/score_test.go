package attribution

import (
	"strings"
	"testing"

	"github.com/parallax-news/parallax"
)

// doc is an invented article for the scorer.
const doc = `Mayor Anna Ruiz said the bridge would reopen. “It is safe,” she added, “and cheap.” The works ended, officials said.`

// sp returns the byte span of the n-th (from 0) occurrence of s in doc.
func sp(s string, n int) parallax.Span {
	i := -1
	for ; n >= 0; n-- {
		j := strings.Index(doc[i+1:], s)
		if j < 0 {
			panic(s)
		}
		i += 1 + j
	}
	return parallax.Span{Start: i, End: i + len(s)}
}

func spans(s ...parallax.Span) []parallax.Span { return s }

func gold() []Attribution {
	return []Attribution{
		{Source: spans(sp("Mayor Anna Ruiz", 0)), Cue: spans(sp("said", 0)), Content: spans(sp("the bridge would reopen.", 0))},
		{Source: spans(sp("she", 0)), Cue: spans(sp("added", 0)), Content: spans(sp("“It is safe,”", 0), sp("“and cheap.”", 0))},
		{Cue: spans(sp("officials said", 0)), Content: spans(sp("The works ended", 0))},
	}
}

func TestScore(t *testing.T) {
	tests := []struct {
		name string
		pred []Attribution
		want Counts // the fields checked: all but Documents and the byte sums
	}{
		{"perfect, up to marks and punctuation", []Attribution{
			{Source: spans(sp("Mayor Anna Ruiz", 0)), Cue: spans(sp("said", 0)), Content: spans(sp("the bridge would reopen", 0))},
			{Source: spans(sp("she", 0)), Cue: spans(sp("added", 0)), Content: spans(sp("It is safe", 0), sp("and cheap", 0))},
			{Cue: spans(sp("officials said", 0)), Content: spans(sp("The works ended,", 0))},
		}, Counts{Gold: 3, Predicted: 3, GoldSource: 2, PredSource: 2, GoldCue: 3, PredCue: 3, GoldContent: 3, PredContent: 3,
			Aligned: 3, Correct: 3, SourceExact: 2, SourceOverlap: 2, CueExact: 3, ContentExact: 3, ContentOverlap: 3}},
		{"split content needs every fragment; source words overlap", []Attribution{
			{Source: spans(sp("Anna Ruiz", 0)), Cue: spans(sp("said", 0)), Content: spans(sp("the bridge would reopen", 0))},
			{Source: spans(sp("she", 0)), Cue: spans(sp("added", 0)), Content: spans(sp("It is safe", 0))},
		}, Counts{Gold: 3, Predicted: 2, GoldSource: 2, PredSource: 2, GoldCue: 3, PredCue: 2, GoldContent: 3, PredContent: 2,
			Aligned: 2, Correct: 1, SourceExact: 1, SourceOverlap: 2, CueExact: 2, ContentExact: 1, ContentOverlap: 2}},
		{"one-to-one: a second guess at the same words is a false positive", []Attribution{
			{Source: spans(sp("Mayor Anna Ruiz", 0)), Cue: spans(sp("said", 0)), Content: spans(sp("the bridge would reopen", 0))},
			{Source: spans(sp("Mayor", 0)), Content: spans(sp("bridge", 0))},
		}, Counts{Gold: 3, Predicted: 2, GoldSource: 2, PredSource: 2, GoldCue: 3, PredCue: 1, GoldContent: 3, PredContent: 2,
			Aligned: 1, Correct: 1, SourceExact: 1, SourceOverlap: 1, CueExact: 1, ContentExact: 1, ContentOverlap: 1}},
		{"a source where the gold has none", []Attribution{
			{Source: spans(sp("officials", 0)), Cue: spans(sp("said", 1)), Content: spans(sp("The works ended", 0))},
		}, Counts{Gold: 3, Predicted: 1, GoldSource: 2, PredSource: 1, GoldCue: 3, PredCue: 1, GoldContent: 3, PredContent: 1,
			Aligned: 1, Correct: 0, SourceExact: 0, SourceOverlap: 0, CueExact: 0, ContentExact: 1, ContentOverlap: 1}},
		{"nothing predicted", nil, Counts{Gold: 3, GoldSource: 2, GoldCue: 3, GoldContent: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Score(doc, gold(), tt.pred)
			got.Documents, got.OverlapBytes, got.GoldContentBytes, got.PredContentBytes = 0, 0, 0, 0
			if got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestReport(t *testing.T) {
	var c Counts
	c.Add(Score(doc, gold(), gold()))
	c.Add(Score(doc, gold(), nil))
	r := c.Report()
	if r.Documents != 2 || r.Precision != 1 || r.Recall != 0.5 || r.SourceF1 != 2.0/3 || r.ContentBytesF1 != 2.0/3 {
		t.Errorf("report %+v", r)
	}
	if z := (Counts{}).Report(); z.F1 != 0 || z.SourceF1 != 0 {
		t.Errorf("empty report %+v", z)
	}
}

func TestFromQuotes(t *testing.T) {
	ruiz, said := sp("Mayor Anna Ruiz", 0), sp("said", 0)
	she, added := sp("she", 0), sp("added", 0)
	qs := []parallax.Quote{
		{Content: sp("the bridge would reopen", 0), SpeakerSpan: ruiz, Cue: said},
		{Content: sp("bridge would", 0), SpeakerSpan: ruiz, Cue: said}, // inside the first: adds no fragment
		{Content: sp("It is safe", 0), SpeakerSpan: she, Cue: added},
		{Content: sp("and cheap", 0), SpeakerSpan: she}, // continues she added
		{Content: sp("The works ended", 0), Cue: sp("officials said", 0)},
		{Content: sp("works", 0)}, // neither source nor cue: alone
	}
	got := FromQuotes(qs)
	want := []Attribution{
		{Source: spans(ruiz), Cue: spans(said), Content: spans(sp("the bridge would reopen", 0))},
		{Source: spans(she), Cue: spans(added), Content: spans(sp("It is safe", 0), sp("and cheap", 0))},
		{Cue: spans(sp("officials said", 0)), Content: spans(sp("The works ended", 0))},
		{Content: spans(sp("works", 0))},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d attributions %+v", len(got), got)
	}
	for i := range want {
		if !equal(got[i].Source, want[i].Source) || !equal(got[i].Cue, want[i].Cue) || !equal(got[i].Content, want[i].Content) {
			t.Errorf("%d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if c := Score(doc, gold(), got); c.Correct != 3 || c.ContentExact != 3 {
		t.Errorf("scored %+v", c)
	}
}
