package story

import (
	"slices"
	"testing"

	parallax "github.com/parallax-news/parallax"
)

func TestStanceOf(t *testing.T) {
	for _, tc := range []struct{ words, sentence, cue, want string }{
		{"the ship was inspected", `Berg said "the ship was inspected".`, "said", parallax.Asserts},
		{"the report", "The minister denied the report.", "denied", parallax.Denies},
		{"This is not accurate.", `Dahl flatly rejected it, telling reporters, "This is not accurate."`, "telling", parallax.Denies},
		{"This is wrong", `Dahl flatly said: "This is wrong"`, "said", parallax.Denies}, // the adverb
		{"the company had no contact with the inspectors", "She said the company had no contact with the inspectors.", "said", parallax.Denies},
		{"the union refused requests for talks", "He said the union refused requests for talks.", "said", parallax.Denies},
		{"it was not uncommon for ferries to be late", "A spokesman said it was not uncommon for ferries to be late.", "said", parallax.Asserts},
		{"we not only met them but also wrote", `"We not only met them but also wrote," she said.`, "said", parallax.Asserts},
		{"I cannot say that all of them but many have been in touch", "…", "said", parallax.Asserts},
		{"nothing was found", `"Nothing was found," he said.`, "said", parallax.Asserts},
		{"", "The union did not respond to a request for comment.", "", parallax.Declines},
		{"", "The minister later sought to change the interpretation of her remarks.", "", parallax.WalksBack},
	} {
		if got, _ := stanceOf(tc.words, tc.sentence, tc.cue); got != tc.want {
			t.Errorf("stanceOf(%q, %q) = %s, want %s", tc.words, tc.sentence, got, tc.want)
		}
	}
}

// TestContradictionsFerry: the company's assertion and the minister's
// denial are one contradiction with both sides' sources; the two passenger
// counts are a conflict of figures; a copy does not corroborate its original.
func TestContradictionsFerry(t *testing.T) {
	v := composeFerry(t)
	var opposed, figures *parallax.Contradiction
	for i, x := range v.Contradictions {
		switch x.Kind {
		case parallax.KindOpposed:
			opposed = &v.Contradictions[i]
		case parallax.KindFigures:
			figures = &v.Contradictions[i]
		}
		if x.Confidence <= 0 || x.Confidence > 1 || x.Topic == "" {
			t.Errorf("contradiction %+v: confidence out of (0, 1] or no topic", x)
		}
	}
	if opposed == nil {
		t.Fatalf("no opposed contradiction in %+v", v.Contradictions)
	}
	side := func(x *parallax.Contradiction, stance, speaker string) bool {
		return slices.ContainsFunc(x.Sides, func(s parallax.Side) bool { return s.Stance == stance && s.Speaker == speaker })
	}
	if !side(opposed, parallax.Asserts, "Tomas Berg") || !side(opposed, parallax.Denies, "Elin Dahl") {
		t.Errorf("opposed sides = %+v, want Berg asserting and Dahl denying", opposed.Sides)
	}
	arts := map[string]*parallax.StoredArticle{}
	for _, a := range ferryStory() {
		arts[a.ID] = a
	}
	for _, s := range opposed.Sides {
		if a := arts[s.Article]; a == nil || a.Text[s.Start:s.End] != s.Text && !contains(a.Text[s.Start:s.End], s.Text) {
			t.Errorf("side %+v does not point at its words", s)
		}
	}
	if figures == nil || len(figures.Sides) != 2 {
		t.Fatalf("no figures conflict for 412 against 385 passengers: %+v", v.Contradictions)
	}
	for _, c := range v.Claims {
		if c.Speaker == "Tomas Berg" && c.Article == "f1" {
			if slices.Contains(c.CorroboratedBy, "f3") {
				t.Errorf("the wire copy f3 corroborates its original: %v", c.CorroboratedBy)
			}
			if !slices.Contains(c.CorroboratedBy, "f2") {
				t.Errorf("f2 (another outlet, same stance) does not corroborate f1: %v", c.CorroboratedBy)
			}
		}
	}
	// A refusal to comment is a claim of its own kind.
	if !slices.ContainsFunc(v.Claims, func(c parallax.Claim) bool { return c.Stance == parallax.Declines && c.Article == "f1" }) {
		t.Errorf("the union's silence is not a declining claim: %+v", v.Claims)
	}
}

func contains(s, sub string) bool { return len(sub) <= len(s) && indexOfSafe(s, sub) >= 0 }

func indexOfSafe(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// TestClaimsNoContradictionWithoutDisagreement: sources that agree are
// corroboration, never a contradiction.
func TestClaimsNoContradictionWithoutDisagreement(t *testing.T) {
	a := analysed("a", "one.example", "2031-05-05",
		"\"The bridge will reopen on Monday,\" said city engineer Mira Holt.")
	b := analysed("b", "two.example", "2031-05-05",
		"The bridge will reopen on Monday, city engineer Mira Holt told reporters.")
	v := Compose(parallax.StorySummary{}, []*parallax.StoredArticle{a, b})
	if len(v.Contradictions) != 0 {
		t.Errorf("contradictions between agreeing sources: %+v", v.Contradictions)
	}
	if v.Claims == nil || v.Contradictions == nil {
		t.Errorf("claims and contradictions must be empty lists, not nil")
	}
}

// TestContradictionDates: two outlets put the same reopening on different
// days; a copy repeating one of them, and a date the claim was only said
// on, are no conflict.
func TestContradictionDates(t *testing.T) {
	a := analysed("d1", "valley.example", "2031-05-09",
		"Orrin bridge to reopen\n\n"+
			"The roads agency said on Friday that the Orrin bridge would reopen to traffic on 12 May 2031 after repairs to its deck.")
	b := analysed("d2", "river.example", "2031-05-10",
		"Orrin bridge date set\n\n"+
			"The roads agency said the Orrin bridge would reopen to traffic on 19 May 2031 after repairs to its deck.")
	v := Compose(parallax.StorySummary{ID: "s"}, []*parallax.StoredArticle{a, b})
	i := slices.IndexFunc(v.Contradictions, func(x parallax.Contradiction) bool { return x.Kind == parallax.KindDates })
	if i < 0 {
		t.Fatalf("no dates contradiction for 12 May against 19 May: %+v (claims %+v)", v.Contradictions, v.Claims)
	}
	x := v.Contradictions[i]
	if len(x.Sides) != 2 || x.Sides[0].Article == x.Sides[1].Article || x.Confidence <= 0 {
		t.Errorf("dates contradiction = %+v, want one side from each article", x)
	}
	for _, s := range x.Sides {
		art := map[string]*parallax.StoredArticle{"d1": a, "d2": b}[s.Article]
		if !contains(art.Text[s.Start:s.End], "May 2031") {
			t.Errorf("side %+v does not point at the date it gives", s)
		}
	}

	// The same day on both sides, or a copy, is no conflict.
	c := analysed("d3", "hill.example", "2031-05-10",
		"Orrin bridge date set\n\n"+
			"The roads agency said the Orrin bridge would reopen to traffic on 12 May 2031 after repairs to its deck.")
	copyOf := analysed("d4", "wire.example", "2031-05-10", b.Text)
	copyOf.DuplicateOf = "d2"
	for _, arts := range [][]*parallax.StoredArticle{{a, c}, {b, copyOf}} {
		v := Compose(parallax.StorySummary{ID: "s"}, arts)
		if slices.ContainsFunc(v.Contradictions, func(x parallax.Contradiction) bool { return x.Kind == parallax.KindDates }) {
			t.Errorf("%s and %s: a dates contradiction where the days agree or one copies the other: %+v", arts[0].ID, arts[1].ID, v.Contradictions)
		}
	}
}
