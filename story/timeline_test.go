package story

import (
	"slices"
	"testing"
	"time"

	parallax "github.com/parallax-news/parallax"
)

// TestTimelineStatementDates: a statement is dated when it was made, as far
// as the texts say — by its own sentence, by the sentence before, or by
// another article's telling — and a later article that recounts it does
// not move it to its own date.
func TestTimelineStatementDates(t *testing.T) {
	v := composeFerry(t)
	berg := entryOf(v, "Tomas Berg")
	if berg == nil {
		t.Fatalf("no entry for Tomas Berg in %+v", v.Timeline)
	}
	// f1 dates his words by the sentence before ("said on Tuesday", DCT
	// Thursday 10 April); f4, published on the 20th, only recounts them.
	if berg.Date != "2031-04-08" || berg.Precision != parallax.PrecisionDay {
		t.Errorf("Berg's statement dated %s (%s), want 2031-04-08 (day)", berg.Date, berg.Precision)
	}
	for _, id := range []string{"f1", "f2", "f4"} {
		if !slices.Contains(berg.Articles, id) {
			t.Errorf("Berg's entry lacks article %s: %v", id, berg.Articles)
		}
	}
	// Dahl's words are dated by f2 ("said on Wednesday", DCT Friday 11
	// April); f1 carries the same statement without a date.
	dahl := entryOf(v, "Elin Dahl")
	if dahl == nil || dahl.Date != "2031-04-09" || !slices.Contains(dahl.Articles, "f1") {
		t.Errorf("Dahl's entry = %+v, want 2031-04-09 with f1 and f2", dahl)
	}
	for _, e := range v.Timeline {
		if e.Date == "2031-04-20" {
			t.Errorf("an entry took f4's publication date: %+v", e)
		}
	}
	// A narrative sentence with a relative date: "On Friday" before Sunday 20 April.
	if !slices.ContainsFunc(v.Timeline, func(e parallax.TimelineEntry) bool {
		return e.Date == "2031-04-18" && e.Article == "f4" && e.Speaker == ""
	}) {
		t.Errorf("no narrative entry on 2031-04-18: %+v", v.Timeline)
	}
	if !slices.IsSortedFunc(v.Timeline, func(x, y parallax.TimelineEntry) int {
		return compareStrings(x.Date, y.Date)
	}) {
		t.Errorf("timeline not sorted by date: %+v", v.Timeline)
	}
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// TestTimelineLeadAndDateline: a statement in the lead without a date of
// its own is dated by publication, the same speaker's later words follow
// it, a dateline is not a happening, and a remark marked as recounted
// ("Later, …") is left undated.
func TestTimelineLeadAndDateline(t *testing.T) {
	a := analysed("d1", "north.example", "2031-06-02",
		"Bergen, June 2 (Northern Wire) — Harbour master Ingrid Solberg announced a new berth for cruise ships.\n\n"+
			"\"The berth will take ships of up to three hundred metres,\" Solberg said.\n\n"+
			"Later, port director Lars Moen said the plan had been discussed for years.")
	v := Compose(parallax.StorySummary{}, []*parallax.StoredArticle{a})
	sol := entryOf(v, "Ingrid Solberg")
	if sol == nil || sol.Date != "2031-06-02" || sol.Basis != basisPublished {
		t.Errorf("Solberg's entry = %+v, want 2031-06-02 by publication", sol)
	}
	if e := entryOf(v, "Lars Moen"); e != nil {
		t.Errorf("a recounted remark was dated: %+v", e)
	}
	for _, e := range v.Timeline {
		if e.Speaker == "" && e.Date == "2031-06-02" {
			t.Errorf("the dateline became an entry: %+v", e)
		}
	}
}

func TestCalendar(t *testing.T) {
	for v, want := range map[string][2]string{
		"2016-11-10":       {"2016-11-10", parallax.PrecisionDay},
		"2016-11-09TMO":    {"2016-11-09", parallax.PrecisionDay},
		"2016-11-09T14:30": {"2016-11-09", parallax.PrecisionDay},
		"2016-10":          {"2016-10", parallax.PrecisionMonth},
		"2016-W45":         {"", ""},
		"2016":             {"", ""},
		"PRESENT_REF":      {"", ""},
		"2016-SU":          {"", ""},
	} {
		if d, p := calendar(v); d != want[0] || p != want[1] {
			t.Errorf("calendar(%q) = %q %q, want %q", v, d, p, want)
		}
	}
}

func TestDateline(t *testing.T) {
	dct := time.Date(2031, 6, 2, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		text, date string
		want       bool
	}{
		{"Bergen, June 2 (Northern Wire) — The harbour reopened after the storm.", "June 2", true},
		{"June 2.", "June 2", true},
		{"The harbour master said on June 2 that the berth would open.", "June 2", false},
		{"Bergen, June 1 (Northern Wire) — The harbour reopened after the storm.", "June 1", false}, // not the publication day
	} {
		a := analysed("x", "o", "2031-06-02", tc.text)
		c := newCorpus([]*parallax.StoredArticle{a})
		i := indexOf(tc.text, tc.date)
		s := c.at("x", i)
		date := "2031-06-02"
		if tc.date == "June 1" {
			date = "2031-06-01"
		}
		d := dated{Span: parallax.Span{Start: i, End: i + len(tc.date)}, date: date, precision: parallax.PrecisionDay}
		if got := dateline(a, s, d, dct); got != tc.want {
			t.Errorf("dateline(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	panic("fixture: " + sub + " not in " + s)
}
