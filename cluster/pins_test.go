package cluster

import (
	"testing"

	parallax "github.com/parallax-news/parallax"
)

func TestPins(t *testing.T) {
	ps := NewPins()
	place := func(id, story string, isNew bool, pin string) parallax.Placement {
		rec := &parallax.Record{Article: parallax.Article{ID: id},
			Placement: parallax.Placement{Story: story, NewStory: isNew, Score: 0.4, Storyline: "l-x", NewStoryline: isNew}}
		ps.Apply(rec, pin)
		return rec.Placement
	}
	// The first article of pin A starts s1; the clusterer sends the second
	// elsewhere, the pin brings it back.
	if p := place("a1", "s1", true, "A"); p.Story != "s1" || !p.NewStory {
		t.Errorf("first of A: %+v", p)
	}
	if p := place("a2", "s2", true, "A"); p.Story != "s1" || p.NewStory || p.NewStoryline || p.Score != 0 {
		t.Errorf("second of A went to %+v, want s1", p)
	}
	// The first article of pin B may not join A's story.
	if p := place("b1", "s1", false, "B"); p.Story == "s1" || !p.NewStory || p.Story != StoryID("b1") || p.Storyline != "" {
		t.Errorf("first of B: %+v, want a story of its own", p)
	}
	// Unpinned articles go where the clusterer says, pinned stories included.
	if p := place("u1", "s1", false, ""); p.Story != "s1" || p.Score != 0.4 {
		t.Errorf("unpinned: %+v", p)
	}
	if p := place("b2", "s9", true, "B"); p.Story != StoryID("b1") {
		t.Errorf("second of B went to %s, want B's story %s", p.Story, StoryID("b1"))
	}
}
