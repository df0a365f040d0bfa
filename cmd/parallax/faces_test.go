package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	parallax "github.com/parallax-news/parallax"
)

// TestSeedsFaces checks the read-time faces of the reference story end to
// end (ingest, analyse, cluster, store, compose, print): the timeline
// dates, both contradictions with sources on each side, and a summary
// citing at least three outlets.
func TestSeedsFaces(t *testing.T) {
	seeds := filepath.Join(sharedDir(t), "corpus", "seeds.jsonl")
	db := filepath.Join(t.TempDir(), "p.db")
	if r := cli(t, nil, "", "--db", db, "ingest", seeds); r.code != 0 {
		t.Fatalf("ingest: code %d\nstderr %s", r.code, r.stderr)
	}
	stories := decode[[]storyJSON](t, cli(t, nil, "", "--db", db, "stories", "--json").stdout)
	view := func(article string) parallax.StoryView {
		id := storyOf(stories, article)
		if id == "" {
			t.Fatalf("article %s is in no story", article)
		}
		return decode[parallax.StoryView](t, cli(t, nil, "", "--db", db, "story", id, "--json").stdout)
	}
	st := view("002")
	// The storyline holds all five articles: the 10 November event, the
	// ministry's remarks of 13 November and the March 2017 interview.
	sum := stories[slices.IndexFunc(stories, func(s storyJSON) bool { return s.ID == storyOf(stories, "002") })]
	lv := decode[parallax.StorylineView](t, cli(t, nil, "", "--db", db, "storyline", sum.Storyline, "--json").stdout)
	if len(lv.Stories) < 3 {
		t.Errorf("storyline %s has %d events, want the three of the reference story", lv.ID, len(lv.Stories))
	}

	// Timeline.
	dated := func(tl []parallax.TimelineEntry, date string, ok func(parallax.TimelineEntry) bool) bool {
		return slices.ContainsFunc(tl, func(e parallax.TimelineEntry) bool { return strings.HasPrefix(e.Date, date) && ok(e) })
	}
	if !dated(st.Timeline, "2016-11-10", func(e parallax.TimelineEntry) bool {
		return e.Speaker == "Sergei Ryabkov" && slices.Contains(e.Articles, "002") && slices.Contains(e.Articles, "003") && slices.Contains(e.Articles, "004")
	}) {
		t.Errorf("the Ryabkov statement 002, 003 and 004 carry is not on 2016-11-10: %+v", st.Timeline)
	}
	if !dated(st.Timeline, "2016-11-09", func(e parallax.TimelineEntry) bool {
		return e.Article == "003" && strings.Contains(e.Text, "congratulated")
	}) {
		t.Errorf("Putin's congratulation is not on 2016-11-09: %+v", st.Timeline)
	}
	if !dated(lv.Timeline, "2016-11-13", func(e parallax.TimelineEntry) bool {
		return e.Speaker == "Maria Zakharova" && e.Article == "000"
	}) {
		t.Errorf("Zakharova's television remarks in 000 are not on 2016-11-13: %+v", lv.Timeline)
	}
	if !dated(lv.Timeline, "2017-03", func(e parallax.TimelineEntry) bool {
		return e.Speaker == "Dmitry Peskov" && e.Article == "001"
	}) {
		t.Errorf("Peskov's interview in 001 is not in March 2017: %+v", lv.Timeline)
	}
	if !dated(lv.Timeline, "2016-11-10", func(e parallax.TimelineEntry) bool { return e.Speaker == "Sergei Ryabkov" }) {
		t.Errorf("the storyline's timeline lacks the 10 November event: %+v", lv.Timeline)
	}

	// Contradictions: each with sources on each side.
	has := func(x parallax.Contradiction, stance string, ok func(parallax.Side) bool) bool {
		return slices.ContainsFunc(x.Sides, func(s parallax.Side) bool { return s.Stance == stance && ok(s) })
	}
	var contacts, clinton bool
	for _, x := range st.Contradictions {
		if x.Kind != parallax.KindOpposed {
			continue
		}
		if has(x, parallax.Asserts, func(s parallax.Side) bool { return s.Speaker == "Sergei Ryabkov" }) &&
			has(x, parallax.Denies, func(s parallax.Side) bool {
				return s.Speaker == "Hope Hicks" && (strings.Contains(s.Text, "not accurate") || strings.Contains(s.Text, "no contact"))
			}) {
			contacts = true
		}
		if has(x, parallax.Denies, func(s parallax.Side) bool {
			return s.Speaker == "Maria Zakharova" && (strings.Contains(s.Text, "refused") || strings.Contains(s.Text, "rebuffed"))
		}) && has(x, parallax.Asserts, func(s parallax.Side) bool { return s.Article == "002" && strings.Contains(s.Text, "visited Moscow") }) {
			clinton = true
		}
	}
	if !contacts {
		t.Errorf("no contradiction of Ryabkov's contacts against Hicks's denial: %+v", st.Contradictions)
	}
	if !clinton {
		t.Errorf("no contradiction on the Clinton side (refused or rebuffed against visits to Moscow): %+v", st.Contradictions)
	}

	// Summary: every sentence cited, at least three outlets in all.
	outlets := map[string]bool{}
	for _, s := range st.Summary {
		if len(s.Citations) == 0 {
			t.Errorf("summary sentence %q has no citation", s.Text)
		}
		for _, c := range s.Citations {
			outlets[c.Outlet] = true
		}
	}
	if len(st.Summary) == 0 || len(outlets) < 3 {
		t.Errorf("summary cites %d outlets, want at least 3: %+v", len(outlets), st.Summary)
	}
}
