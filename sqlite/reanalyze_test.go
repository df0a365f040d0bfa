package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/storetest"
)

// TestMigrateVersions opens a database written before analyses recorded
// their versions (schema 1): every stored analysis counts as outdated.
func TestMigrateVersions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v1.db")
	db := open(t, path)
	put(t, db,
		storetest.Rec("a", "The Orlan bridge reopened.", storetest.Keys("t:bridge", 1.0)),
		storetest.Rec("b", "The Tamsin tunnel closed.", storetest.Versions("analyze", "2")),
	)
	db.Close()
	// Back to schema 1: what 0002 and later added is gone.
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TABLE analysis_versions`, `DROP TABLE entries`, `DROP TABLE sources`,
		`ALTER TABLE articles DROP COLUMN updated`, `ALTER TABLE articles DROP COLUMN canonical_url`, `ALTER TABLE articles DROP COLUMN partial`,
		`DROP TABLE host_articles`, `DROP TABLE host_lines`,
		`DROP TABLE storylines`, `DROP TABLE pins`, `DROP INDEX stories_storyline`,
		`ALTER TABLE stories DROP COLUMN started`, `ALTER TABLE stories DROP COLUMN storyline`,
		`PRAGMA user_version = 1`} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()

	db = open(t, path)
	defer db.Close()
	cur := map[string]string{"analyze": "2"}
	if n, total, err := db.CountOutdated(ctx, cur); err != nil || n != 2 || total != 2 {
		t.Errorf("CountOutdated after migrating = %d, %d, %v; want 2, 2", n, total, err)
	}
	var ids []string
	for a, err := range db.Outdated(ctx, cur) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	if len(ids) != 2 || ids[0] != "a" || ids[1] != "b" {
		t.Errorf("Outdated after migrating = %v", ids)
	}
	// Each story stored before storylines is one of its own, with its times.
	lines, err := db.Storylines(ctx, parallax.StoryFilter{})
	if err != nil || len(lines) != 2 {
		t.Fatalf("Storylines after migrating = %+v, %v; want 2", lines, err)
	}
	for _, l := range lines {
		if l.Events != 1 || l.Articles != 1 || l.Started.IsZero() || l.Title != "" {
			t.Errorf("migrated storyline %+v, want 1 event, 1 article, a start", l)
		}
		if _, events, err := db.Storyline(ctx, l.ID); err != nil || len(events) != 1 || events[0].Storyline != l.ID {
			t.Errorf("Storyline(%s) = %+v, %v", l.ID, events, err)
		}
	}
	// New articles record their versions as before.
	put(t, db, storetest.Rec("c", "The Corvel airport opened.", storetest.Versions("analyze", "2")))
	if n, total, err := db.CountOutdated(ctx, cur); err != nil || n != 2 || total != 3 {
		t.Errorf("CountOutdated after a put = %d, %d, %v; want 2, 3", n, total, err)
	}
}
