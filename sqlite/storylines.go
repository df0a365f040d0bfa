package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/internal/storekit"
)

// Storylines lists storylines, most recent activity first. A storyline's
// title is its lead story's.
func (db *DB) Storylines(ctx context.Context, f parallax.StoryFilter) ([]parallax.StorylineSummary, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = defaultStories
	}
	rows, err := db.r.QueryContext(ctx, `
		SELECT l.id, coalesce(s.title, ''), l.started, l.updated, l.events, l.articles
		FROM storylines l LEFT JOIN stories s ON s.id = l.lead
		ORDER BY l.updated IS NULL, l.updated DESC, l.id LIMIT ? OFFSET ?`, limit, max(f.Offset, 0))
	if err != nil {
		return nil, fmt.Errorf("listing storylines: %w", err)
	}
	defer rows.Close()
	out := []parallax.StorylineSummary{}
	for rows.Next() {
		l, err := scanStoryline(rows)
		if err != nil {
			return nil, fmt.Errorf("listing storylines: %w", err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing storylines: %w", err)
	}
	return out, nil
}

func scanStoryline(row interface{ Scan(...any) error }) (parallax.StorylineSummary, error) {
	var (
		l            parallax.StorylineSummary
		started, upd sql.NullInt64
	)
	err := row.Scan(&l.ID, &l.Title, &started, &upd, &l.Events, &l.Articles)
	l.Started, l.Updated = fromNanos(started), fromNanos(upd)
	return l, err
}

// Storyline returns one storyline and its stories, earliest first, each with
// its articles listed, read in one transaction so they agree.
func (db *DB) Storyline(ctx context.Context, id string) (parallax.StorylineSummary, []parallax.StorySummary, error) {
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return parallax.StorylineSummary{}, nil, fmt.Errorf("reading storyline %q: %w", id, err)
	}
	defer tx.Rollback()
	l, err := scanStoryline(tx.QueryRowContext(ctx, `
		SELECT l.id, coalesce(s.title, ''), l.started, l.updated, l.events, l.articles
		FROM storylines l LEFT JOIN stories s ON s.id = l.lead WHERE l.id = ?`, id))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return l, nil, parallax.Errorf(parallax.ENotFound, "storyline %q not found", id)
	case err != nil:
		return l, nil, fmt.Errorf("reading storyline %q: %w", id, err)
	}
	events, err := storySummaries(ctx, tx, `
		SELECT id, title, updated, started, storyline,
			row_number() OVER (ORDER BY started IS NULL, started, id) AS rank
		FROM stories WHERE storyline = ?`, id)
	if err != nil {
		return l, nil, fmt.Errorf("reading storyline %q: %w", id, err)
	}
	return l, events, nil
}

// MergeStories moves the articles of from into story into and pins them
// all together, in one write transaction.
func (db *DB) MergeStories(ctx context.Context, into string, from []string) error {
	from = storekit.IDs(from)
	if len(from) == 0 {
		return parallax.Errorf(parallax.EInvalid, "merging into story %q: no story to merge", into)
	}
	if slices.Contains(from, into) {
		return parallax.Errorf(parallax.EInvalid, "cannot merge story %q into itself", into)
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		lines := map[string]bool{}
		for _, id := range append([]string{into}, from...) {
			var line string
			err := tx.QueryRowContext(ctx, `SELECT storyline FROM stories WHERE id = ?`, id).Scan(&line)
			if errors.Is(err, sql.ErrNoRows) {
				return parallax.Errorf(parallax.ENotFound, "story %q not found", id)
			}
			if err != nil {
				return err
			}
			lines[line] = true
		}
		ids, err := keysJSON(from)
		if err != nil {
			return err
		}
		for _, q := range []string{
			`UPDATE articles SET story_id = ?1 WHERE story_id IN (SELECT value FROM json_each(?2))`,
			`DELETE FROM story_keys WHERE story_id IN (SELECT value FROM json_each(?2))`,
			`DELETE FROM stories WHERE id IN (SELECT value FROM json_each(?2))`,
			// The user's decision: every article now in into stays with the others.
			`INSERT INTO pins(article, grp) SELECT id, ?1 FROM articles WHERE story_id = ?1
				ON CONFLICT(article) DO UPDATE SET grp = excluded.grp`,
		} {
			if _, err := tx.ExecContext(ctx, q, into, ids); err != nil {
				return err
			}
		}
		if err := refreshStory(ctx, tx, into); err != nil {
			return err
		}
		for line := range lines {
			if err := refreshStoryline(ctx, tx, line); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && parallax.ErrorCode(err) == parallax.EInternal {
		return fmt.Errorf("merging stories into %q: %w", into, err)
	}
	return err
}

// SplitStory moves articles out of story into a new story of the same
// storyline, pins the moved articles together and the rest together, and
// returns the new story's id: derived from the story and the moved ids, so
// the same split of the same story names the same story.
func (db *DB) SplitStory(ctx context.Context, story string, articles []string) (string, error) {
	articles = storekit.IDs(articles)
	if len(articles) == 0 {
		return "", parallax.Errorf(parallax.EInvalid, "splitting story %q: no article to move", story)
	}
	split := storekit.SplitStoryID(story, articles)
	err := db.write(ctx, func(tx *sql.Tx) error {
		var line string
		var n int
		err := tx.QueryRowContext(ctx, `SELECT storyline, articles FROM stories WHERE id = ?`, story).Scan(&line, &n)
		if errors.Is(err, sql.ErrNoRows) {
			return parallax.Errorf(parallax.ENotFound, "story %q not found", story)
		}
		if err != nil {
			return err
		}
		for _, a := range articles {
			var in string
			err := tx.QueryRowContext(ctx, `SELECT story_id FROM articles WHERE id = ?`, a).Scan(&in)
			if errors.Is(err, sql.ErrNoRows) {
				return parallax.Errorf(parallax.ENotFound, "article %q not found", a)
			}
			if err != nil {
				return err
			}
			if in != story {
				return parallax.Errorf(parallax.EInvalid, "article %q is in story %q, not in %q", a, in, story)
			}
		}
		if len(articles) >= n {
			return parallax.Errorf(parallax.EInvalid, "splitting story %q: moving all %d of its articles leaves nothing behind", story, n)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO stories(id, storyline) VALUES (?, ?) ON CONFLICT(id) DO NOTHING`, split, line)
		if err != nil {
			return err
		}
		if k, _ := res.RowsAffected(); k == 0 {
			return parallax.Errorf(parallax.EConflict, "splitting story %q: story %q already exists", story, split)
		}
		ids, err := keysJSON(articles)
		if err != nil {
			return err
		}
		for _, q := range []string{
			`UPDATE articles SET story_id = ?1 WHERE id IN (SELECT value FROM json_each(?2))`,
			`INSERT INTO pins(article, grp) SELECT id, story_id FROM articles WHERE story_id IN (?1, ?3)
				ON CONFLICT(article) DO UPDATE SET grp = excluded.grp`,
		} {
			if _, err := tx.ExecContext(ctx, q, split, ids, story); err != nil {
				return err
			}
		}
		for _, s := range []string{story, split} {
			if err := refreshStory(ctx, tx, s); err != nil {
				return err
			}
		}
		return refreshStoryline(ctx, tx, line)
	})
	if err != nil {
		if parallax.ErrorCode(err) == parallax.EInternal {
			return "", fmt.Errorf("splitting story %q: %w", story, err)
		}
		return "", err
	}
	return split, nil
}

// write runs f in a write transaction and commits it when f succeeds.
func (db *DB) write(ctx context.Context, f func(*sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// refreshStory recomputes a story from its articles: profile, norm, times,
// count and title. A story left without articles is removed.
func refreshStory(ctx context.Context, tx *sql.Tx, story string) error {
	for _, q := range []string{
		`DELETE FROM story_keys WHERE story_id = ?1`,
		storyProfile,
		`UPDATE stories SET
			norm2 = coalesce((SELECT sum(weight * weight) FROM story_keys WHERE story_id = ?1), 0),
			updated = (SELECT max(coalesce(published, fetched)) FROM articles WHERE story_id = ?1),
			started = (SELECT min(coalesce(published, fetched)) FROM articles WHERE story_id = ?1),
			articles = (SELECT count(*) FROM articles WHERE story_id = ?1)
		WHERE id = ?1`,
		storyTitle,
		`DELETE FROM stories WHERE id = ?1 AND articles = 0`,
	} {
		if _, err := tx.ExecContext(ctx, q, story); err != nil {
			return err
		}
	}
	return nil
}

// refreshStoryline recomputes a storyline from its stories; one left without
// stories is removed.
func refreshStoryline(ctx context.Context, tx *sql.Tx, line string) error {
	for _, q := range []string{
		`UPDATE storylines SET
			events = (SELECT count(*) FROM stories WHERE storyline = ?1),
			articles = (SELECT coalesce(sum(articles), 0) FROM stories WHERE storyline = ?1),
			started = (SELECT min(started) FROM stories WHERE storyline = ?1),
			updated = (SELECT max(updated) FROM stories WHERE storyline = ?1),
			lead = coalesce((SELECT id FROM stories WHERE storyline = ?1
				ORDER BY articles DESC, started IS NULL, started, id LIMIT 1), lead)
		WHERE id = ?1`,
		`DELETE FROM storylines WHERE id = ?1 AND events = 0`,
	} {
		if _, err := tx.ExecContext(ctx, q, line); err != nil {
			return err
		}
	}
	return nil
}
