package storetest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax"
)

// InLine places a record that starts a new story in an existing storyline.
func InLine(line string) Opt {
	return func(r *parallax.Record) { r.Placement.Storyline, r.Placement.NewStoryline = line, false }
}

func storyline(t *testing.T, s parallax.Store, id string) (parallax.StorylineSummary, []parallax.StorySummary) {
	t.Helper()
	l, events, err := s.Storyline(context.Background(), id)
	if err != nil {
		t.Fatalf("Storyline(%q): %v", id, err)
	}
	return l, events
}

func storyIDs(events []parallax.StorySummary) string {
	var out []string
	for _, e := range events {
		out = append(out, e.ID)
	}
	return joinIDs(out)
}

func joinIDs(ids []string) string {
	s := ""
	for i, id := range ids {
		if i > 0 {
			s += ","
		}
		s += id
	}
	return s
}

// lineFixture stores two storylines: l-quay (the quay fire, then the
// inquiry three weeks later) and l-vote (an unrelated vote).
func lineFixture(t *testing.T, s parallax.Store) {
	line := parallax.OwnStoryline("s-fire")
	put(t, s,
		Rec("fire", "Fire on the Selby quay overnight.", Title("Quay fire"), Published(at(0)), Starts("s-fire"),
			Keys("e:selby", 0.8, "t:fire", 0.6)),
		Rec("fire2", "Selby quay fire: two hurt.", Title("Two hurt"), Published(at(3)), Joins("s-fire", 0.5),
			Keys("e:selby", 0.7, "t:fire", 0.7)),
		Rec("probe", "Inquiry opens into the Selby quay fire.", Title("Inquiry opens"), Published(at(500)),
			Starts("s-probe"), InLine(line), Keys("e:selby", 0.9, "t:inquiry", 0.4)),
		Rec("vote", "Harlow council votes on the budget.", Title("Budget vote"), Published(at(10)),
			Starts("s-vote"), Keys("e:harlow", 1.0)),
	)
}

func testStorylines(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	lineFixture(t, s)
	line := parallax.OwnStoryline("s-fire")
	lines, err := s.Storylines(ctx, parallax.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 2 || lines[0].ID != line || lines[1].ID != parallax.OwnStoryline("s-vote") {
		t.Fatalf("Storylines = %+v, want %s (latest activity) then the vote's", lines, line)
	}
	l := lines[0]
	if l.Events != 2 || l.Articles != 3 || !l.Started.Equal(at(0)) || !l.Updated.Equal(at(500)) {
		t.Errorf("storyline = %+v, want 2 events, 3 articles, from at(0) to at(500)", l)
	}
	if l.Title != "Quay fire" {
		t.Errorf("storyline title = %q, want its largest event's (Quay fire)", l.Title)
	}
	got, events := storyline(t, s, line)
	if got != l {
		t.Errorf("Storyline summary = %+v, listed as %+v", got, l)
	}
	if storyIDs(events) != "s-fire,s-probe" || ids(events[0].Articles) != "fire,fire2" {
		t.Errorf("events = %+v, want s-fire (fire, fire2) then s-probe", events)
	}
	for _, e := range events {
		if e.Storyline != line {
			t.Errorf("event %s in storyline %q, want %q", e.ID, e.Storyline, line)
		}
	}
	if !events[0].Started.Equal(at(0)) || !events[0].Updated.Equal(at(3)) {
		t.Errorf("event times %v–%v, want at(0)–at(3)", events[0].Started, events[0].Updated)
	}
	if sum, _ := story(t, s, "s-probe"); sum.Storyline != line {
		t.Errorf("Story(s-probe).Storyline = %q", sum.Storyline)
	}
	st, err := s.Stories(ctx, parallax.StoryFilter{})
	if err != nil || len(st) != 3 || st[0].ID != "s-probe" || st[0].Storyline != line {
		t.Errorf("Stories = %+v, %v", st, err)
	}
	read(t, s, func(tx parallax.Tx) {
		c := candidates(t, tx, []string{"e:selby"}, time.Time{}, time.Time{}, 0)
		if c["s-fire"].Storyline != line || !c["s-fire"].Started.Equal(at(0)) || !c["s-fire"].Updated.Equal(at(3)) {
			t.Errorf("candidate s-fire = %+v, want its storyline and times", c["s-fire"])
		}
	})
	page, err := s.Storylines(ctx, parallax.StoryFilter{Limit: 1, Offset: 1})
	if err != nil || len(page) != 1 || page[0].ID != parallax.OwnStoryline("s-vote") {
		t.Errorf("Storylines page = %+v, %v", page, err)
	}
	_, _, err = s.Storyline(ctx, "l-missing")
	wantCode(t, err, parallax.ENotFound, "unknown storyline")

	// A new story cannot join a storyline that does not exist, and a
	// storyline cannot be started twice.
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	err = tx.Put(ctx, Rec("stray", "A stray report.", Starts("s-stray"), InLine("l-missing")))
	wantCode(t, err, parallax.ENotFound, "story in an unknown storyline")
	r := Rec("twice", "Another report.", Starts("s-twice"))
	r.Placement.Storyline, r.Placement.NewStoryline = line, true
	wantCode(t, tx.Put(ctx, r), parallax.EConflict, "storyline started twice")
}

func testMergeSplit(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	lineFixture(t, s)
	line := parallax.OwnStoryline("s-fire")
	before, _ := profile(t, s, "s-fire", []string{"e:selby", "t:fire", "t:inquiry"})

	wantCode(t, s.MergeStories(ctx, "s-fire", []string{"s-fire"}), parallax.EInvalid, "merge into itself")
	wantCode(t, s.MergeStories(ctx, "s-fire", nil), parallax.EInvalid, "merge of nothing")
	wantCode(t, s.MergeStories(ctx, "s-fire", []string{"s-nope"}), parallax.ENotFound, "merge of an unknown story")
	wantCode(t, s.MergeStories(ctx, "s-nope", []string{"s-fire"}), parallax.ENotFound, "merge into an unknown story")

	// The inquiry is merged into the fire: one event of three articles, its
	// profile the sum of all three, the storyline down to one event.
	if err := s.MergeStories(ctx, "s-fire", []string{"s-probe", " ", "s-probe"}); err != nil {
		t.Fatal(err)
	}
	sum, _ := story(t, s, "s-fire")
	if ids(sum.Articles) != "fire,fire2,probe" || !sum.Updated.Equal(at(500)) || !sum.Started.Equal(at(0)) {
		t.Errorf("merged story = %+v", sum)
	}
	_, _, err := s.Story(ctx, "s-probe")
	wantCode(t, err, parallax.ENotFound, "merged-away story")
	if a := article(t, s, "probe"); a.Story != "s-fire" {
		t.Errorf("probe in %q after the merge", a.Story)
	}
	merged, _ := profile(t, s, "s-fire", []string{"e:selby", "t:fire", "t:inquiry"})
	if !near(merged.Weights["e:selby"], 0.8+0.7+0.9) || !near(merged.Weights["t:inquiry"], 0.4) || merged.Norm <= before.Norm {
		t.Errorf("merged profile = %+v (before %+v)", merged, before)
	}
	if l, events := storyline(t, s, line); l.Events != 1 || l.Articles != 3 || storyIDs(events) != "s-fire" {
		t.Errorf("storyline after merge = %+v, %s", l, storyIDs(events))
	}

	// Splitting it again gives back the same profile as before the merge.
	_, err = s.SplitStory(ctx, "s-fire", []string{"fire", "fire2", "probe"})
	wantCode(t, err, parallax.EInvalid, "split of every article")
	_, err = s.SplitStory(ctx, "s-fire", []string{"vote"})
	wantCode(t, err, parallax.EInvalid, "split of an article of another story")
	_, err = s.SplitStory(ctx, "s-fire", []string{"ghost"})
	wantCode(t, err, parallax.ENotFound, "split of an unknown article")
	_, err = s.SplitStory(ctx, "s-nope", []string{"fire"})
	wantCode(t, err, parallax.ENotFound, "split of an unknown story")
	_, err = s.SplitStory(ctx, "s-fire", nil)
	wantCode(t, err, parallax.EInvalid, "split of nothing")

	split, err := s.SplitStory(ctx, "s-fire", []string{"probe"})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := story(t, s, split)
	if ids(got.Articles) != "probe" || got.Storyline != line || got.Title != "Inquiry opens" {
		t.Errorf("split-off story = %+v", got)
	}
	after, _ := profile(t, s, "s-fire", []string{"e:selby", "t:fire", "t:inquiry"})
	sameProfile(t, "after merge and split", after, before)
	if l, events := storyline(t, s, line); l.Events != 2 || l.Articles != 3 || storyIDs(events) != "s-fire,"+split {
		t.Errorf("storyline after split = %+v, %s", l, storyIDs(events))
	}

	// Deleting the last article of an event removes the event from its
	// storyline, and the last event the storyline.
	if err := s.Delete(ctx, "probe"); err != nil {
		t.Fatal(err)
	}
	if l, _ := storyline(t, s, line); l.Events != 1 || l.Articles != 2 || !l.Updated.Equal(at(3)) {
		t.Errorf("storyline after deleting its last inquiry article = %+v", l)
	}
	if err := s.Delete(ctx, "vote"); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.Storyline(ctx, parallax.OwnStoryline("s-vote"))
	wantCode(t, err, parallax.ENotFound, "storyline of a deleted story")
}

func testRecluster(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	r, ok := s.(parallax.Reclusterer)
	if !ok {
		t.Fatal("the store does not implement parallax.Reclusterer")
	}
	lineFixture(t, s)
	put(t, s, Rec("copy", "Fire on the Selby quay overnight.", Published(at(1)), Joins("s-fire", 0.9),
		DuplicateOf("fire"), Bands(7), Keys("e:selby", 0.8)))
	split, err := s.SplitStory(ctx, "s-fire", []string{"fire2"})
	if err != nil {
		t.Fatal(err)
	}

	// The new rule: everything about Selby in one story, the vote alone. The
	// records come earliest first, rebuilt from the store, with their pins,
	// and the index holds only what was placed before.
	var order []string
	pins := map[string]string{}
	place := func(ctx context.Context, idx parallax.ClusterIndex, rec *parallax.Record, pin string) error {
		order = append(order, rec.Article.ID)
		pins[rec.Article.ID] = pin
		if rec.Document.Text == "" || rec.Analysis.Language != "en" {
			t.Errorf("%s rebuilt without its text or analysis: %+v", rec.Article.ID, rec)
		}
		df, total, err := idx.DocFreq(ctx, []string{"e:selby"})
		if err != nil {
			return err
		}
		if total != len(order)-1 {
			t.Errorf("placing %s: the index holds %d articles, want the %d placed before", rec.Article.ID, total, len(order)-1)
		}
		p := &rec.Placement
		switch {
		case strings.Contains(rec.Document.Text, "Harlow"):
			p.Story, p.NewStory = "s-vote2", true
		case df["e:selby"] == 0:
			p.Story, p.NewStory = "s-selby", true
		default:
			p.Story, p.Score = "s-selby", 0.5
		}
		p.Keys = []parallax.Key{{Key: "e:selby", Weight: 1}}
		if rec.Article.ID == "copy" {
			p.DuplicateOf, p.Bands = "fire", []uint64{7}
		}
		return nil
	}
	var last [2]int
	if err := r.Recluster(ctx, place, func(done, total int) { last = [2]int{done, total} }); err != nil {
		t.Fatal(err)
	}
	if joinIDs(order) != "fire,copy,fire2,vote,probe" {
		t.Errorf("placed in order %s, want earliest published first", joinIDs(order))
	}
	if pins["fire2"] != split || pins["fire"] != "s-fire" || pins["vote"] != "" {
		t.Errorf("pins = %v, want fire2 in %s, fire in s-fire, vote none", pins, split)
	}
	if last != [2]int{5, 5} {
		t.Errorf("last progress %v, want 5 of 5", last)
	}
	sum, _ := story(t, s, "s-selby")
	if ids(sum.Articles) != "fire,copy,fire2,probe" || sum.Storyline != parallax.OwnStoryline("s-selby") || sum.Title != "Quay fire" {
		t.Errorf("s-selby = %+v", sum)
	}
	if a := article(t, s, "copy"); a.DuplicateOf != "fire" || a.Story != "s-selby" {
		t.Errorf("copy = story %s, copy of %q", a.Story, a.DuplicateOf)
	}
	for _, gone := range []string{"s-fire", split, "s-probe", "s-vote"} {
		_, _, err := s.Story(ctx, gone)
		wantCode(t, err, parallax.ENotFound, "story "+gone+" after reclustering")
	}
	lines, err := s.Storylines(ctx, parallax.StoryFilter{})
	if err != nil || len(lines) != 2 {
		t.Fatalf("storylines after reclustering = %+v, %v", lines, err)
	}
	c, ok := profile(t, s, "s-selby", []string{"e:selby"})
	if !ok || !near(c.Weights["e:selby"], 4) || !near(c.Norm, 4) {
		t.Errorf("s-selby profile = %+v, want e:selby 4", c)
	}
	read(t, s, func(tx parallax.Tx) {
		df, total, err := tx.DocFreq(ctx, []string{"e:selby", "t:fire"})
		if err != nil || total != 5 || df["e:selby"] != 5 || df["t:fire"] != 0 {
			t.Errorf("DocFreq after reclustering = %v, %d, %v; want e:selby in 5 of 5, the old keys gone", df, total, err)
		}
		cands, err := tx.CopyCandidates(ctx, []uint64{7}, 10)
		if err != nil || len(cands) != 1 || cands[0].ID != "copy" {
			t.Errorf("copy index after reclustering = %+v, %v; want only the new bands", cands, err)
		}
	})

	// A failing place changes nothing.
	before, _ := s.Stories(ctx, parallax.StoryFilter{})
	err = r.Recluster(ctx, func(context.Context, parallax.ClusterIndex, *parallax.Record, string) error {
		return errors.New("no rules today")
	}, nil)
	if err == nil || !strings.Contains(err.Error(), "no rules today") {
		t.Errorf("failing recluster: %v", err)
	}
	if after, _ := s.Stories(ctx, parallax.StoryFilter{}); len(after) != len(before) || after[0].ID != before[0].ID {
		t.Errorf("a failed recluster changed the stories: %+v", after)
	}
}
