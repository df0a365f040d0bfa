package story

import (
	"slices"
	"strings"
	"testing"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/eval/rouge"
)

// TestSummaryFerry: about five sentences, each cited with every article
// that says it (copies included), covering the main contradiction, in
// story order; the size is an option.
func TestSummaryFerry(t *testing.T) {
	v := composeFerry(t)
	if n := len(v.Summary); n == 0 || n > SummarySentences {
		t.Fatalf("summary has %d sentences, want 1..%d", n, SummarySentences)
	}
	arts := map[string]*parallax.StoredArticle{}
	for _, a := range ferryStory() {
		arts[a.ID] = a
	}
	outlets := map[string]bool{}
	var denial, assertion bool
	for _, s := range v.Summary {
		if len(s.Citations) == 0 {
			t.Errorf("sentence %q has no citation", s.Text)
			continue
		}
		first := s.Citations[0]
		if got := strings.Join(strings.Fields(arts[first.Article].Text[first.Start:first.End]), " "); got != s.Text {
			t.Errorf("first citation %+v reads %q, not the sentence %q", first, got, s.Text)
		}
		for _, c := range s.Citations {
			outlets[c.Outlet] = true
		}
		denial = denial || strings.Contains(s.Text, "No inspector") || strings.Contains(s.Text, "no record")
		assertion = assertion || strings.Contains(s.Text, "inspected from bow to stern") || strings.Contains(s.Text, "passed a full safety inspection")
	}
	if !denial || !assertion {
		t.Errorf("summary misses a side of the main contradiction: %+v", v.Summary)
	}
	if len(outlets) < 3 {
		t.Errorf("summary cites %d outlets, want at least 3: %v", len(outlets), outlets)
	}
	// The statement four articles carry is cited with all of them.
	for _, s := range v.Summary {
		if strings.Contains(s.Text, "bow to stern") {
			var ids []string
			for _, c := range s.Citations {
				ids = append(ids, c.Article)
			}
			for _, id := range []string{"f1", "f2", "f3", "f4"} {
				if !slices.Contains(ids, id) {
					t.Errorf("Berg's sentence does not cite %s: %v", id, ids)
				}
			}
		}
	}
	// No two sentences say the same thing.
	seen := map[string]bool{}
	for _, s := range v.Summary {
		if seen[s.Text] {
			t.Errorf("sentence %q twice", s.Text)
		}
		seen[s.Text] = true
	}
	if got := composeFerry(t, WithSummarySentences(2)).Summary; len(got) != 2 {
		t.Errorf("WithSummarySentences(2) gave %d sentences", len(got))
	}
}

// TestSummaryRouge is a weak check of content selection: the summary
// shares words with the articles' leads (their first two sentences), as
// ROUGE-1 recall measures it.
func TestSummaryRouge(t *testing.T) {
	v := composeFerry(t)
	var peer []string
	for _, s := range v.Summary {
		peer = append(peer, s.Text)
	}
	var leads []string
	for _, a := range ferryStory() {
		c := newCorpus([]*parallax.StoredArticle{a})
		var lead []string
		for _, s := range c.sents[a.ID][:min(3, len(c.sents[a.ID]))] {
			lead = append(lead, s.text())
		}
		leads = append(leads, strings.Join(lead, " "))
	}
	sc := rouge.Score(strings.Join(peer, " "), leads, rouge.Options{MaxN: 2, Stem: true, Alpha: 0.5})
	t.Logf("ROUGE-1 %+v ROUGE-2 %+v", sc[0], sc[1])
	if sc[0].Recall < 0.4 {
		t.Errorf("ROUGE-1 recall against the leads = %.2f, want ≥ 0.4", sc[0].Recall)
	}
}

func TestSummaryEmpty(t *testing.T) {
	v := Compose(parallax.StorySummary{}, nil)
	if v.Summary == nil || len(v.Summary) != 0 || v.Timeline == nil {
		t.Errorf("empty story: summary %v, timeline %v; want empty lists", v.Summary, v.Timeline)
	}
}
