package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/storetest"
)

// TestMigrateStorylines opens a database written before storylines (schema
// 2): each stored story becomes a storyline of its own, named as
// parallax.OwnStoryline names it, with the story's times and counts.
func TestMigrateStorylines(t *testing.T) {
	ctx := context.Background()
	dsn := newDSN(t)
	t0 := time.Date(2031, 4, 7, 9, 0, 0, 0, time.UTC)
	db := open(t, dsn)
	put(t, db,
		storetest.Rec("a", "The Orlan bridge reopened.", storetest.Published(t0), storetest.Title("Bridge reopens")),
		storetest.Rec("a2", "Traffic returns to the Orlan bridge.", storetest.Published(t0.Add(time.Hour)),
			storetest.Joins("s-a", 0.5)),
		// A story id without the usual "s" prefix.
		storetest.Rec("b", "The Tamsin tunnel closed.", storetest.Published(t0.Add(2*time.Hour)), storetest.Starts("t9")),
	)
	db.Close()
	// Back to schema 2: what 0003 added is gone.
	db = open(t, dsn)
	for _, q := range []string{`DROP TABLE pins`,
		`ALTER TABLE stories DROP CONSTRAINT stories_storyline_fkey`, `DROP TABLE storylines`,
		`ALTER TABLE stories DROP COLUMN started`, `ALTER TABLE stories DROP COLUMN storyline`,
		`DELETE FROM schema_migrations WHERE version > 2`} {
		if _, err := db.Pool().Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()

	db = open(t, dsn)
	defer db.Close()
	lines, err := db.Storylines(ctx, parallax.StoryFilter{})
	if err != nil || len(lines) != 2 {
		t.Fatalf("Storylines after migrating = %+v, %v; want 2", lines, err)
	}
	want := []parallax.StorylineSummary{
		{ID: parallax.OwnStoryline("t9"), Started: t0.Add(2 * time.Hour), Updated: t0.Add(2 * time.Hour), Events: 1, Articles: 1},
		{ID: parallax.OwnStoryline("s-a"), Title: "Bridge reopens", Started: t0, Updated: t0.Add(time.Hour), Events: 1, Articles: 2},
	}
	for i, l := range lines {
		if l != want[i] {
			t.Errorf("migrated storyline %d = %+v, want %+v", i, l, want[i])
		}
	}
	for story, line := range map[string]string{"s-a": want[1].ID, "t9": want[0].ID} {
		sum, _, err := db.Story(ctx, story)
		if err != nil || sum.Storyline != line || sum.Started.IsZero() {
			t.Errorf("Story(%s) = %+v, %v; want storyline %s and a start", story, sum, err, line)
		}
		if _, events, err := db.Storyline(ctx, line); err != nil || len(events) != 1 || events[0].ID != story {
			t.Errorf("Storyline(%s) = %+v, %v", line, events, err)
		}
	}

	// Migrated storylines grow as new ones do: an article joining a story,
	// and a new event in a migrated storyline.
	put(t, db,
		storetest.Rec("a3", "The Orlan bridge is busy again.", storetest.Published(t0.Add(3*time.Hour)), storetest.Joins("s-a", 0.5)),
		storetest.Rec("c", "An inquiry into the tunnel.", storetest.Published(t0.Add(4*time.Hour)), storetest.InLine(want[0].ID)),
	)
	l, events, err := db.Storyline(ctx, want[1].ID)
	if err != nil || l.Articles != 3 || !l.Updated.Equal(t0.Add(3*time.Hour)) || len(events) != 1 {
		t.Errorf("storyline of s-a after a put = %+v, %d events, %v", l, len(events), err)
	}
	l, events, err = db.Storyline(ctx, want[0].ID)
	if err != nil || l.Events != 2 || l.Articles != 2 || len(events) != 2 || events[1].ID != "s-c" {
		t.Errorf("storyline of t9 after a new event = %+v, %+v, %v", l, events, err)
	}
}
