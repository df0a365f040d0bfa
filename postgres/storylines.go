package postgres

import (
	"context"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/internal/storekit"
)

// storylineCols are the columns scanStoryline reads, from storylines l
// joined with its lead story s.
const storylineCols = `l.id, coalesce(s.title, ''), l.started, l.updated, l.events, l.articles
	FROM storylines l LEFT JOIN stories s ON s.id = l.lead`

// Storylines lists storylines, most recent activity first. A storyline's
// title is its lead story's.
func (db *DB) Storylines(ctx context.Context, f parallax.StoryFilter) ([]parallax.StorylineSummary, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = defaultStories
	}
	rows, err := db.pool.Query(ctx, `SELECT `+storylineCols+`
		ORDER BY l.updated DESC NULLS LAST, l.id LIMIT $1 OFFSET $2`, limit, max(f.Offset, 0))
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

// scanStoryline reads one row of storylineCols.
func scanStoryline(row pgx.Row) (parallax.StorylineSummary, error) {
	var (
		l            parallax.StorylineSummary
		started, upd *int64
	)
	err := row.Scan(&l.ID, &l.Title, &started, &upd, &l.Events, &l.Articles)
	l.Started, l.Updated = fromNanos(started), fromNanos(upd)
	return l, err
}

// Storyline returns one storyline and its stories, earliest first, each with
// its articles listed, read in one snapshot so they agree.
func (db *DB) Storyline(ctx context.Context, id string) (parallax.StorylineSummary, []parallax.StorySummary, error) {
	if !storable(id) {
		return parallax.StorylineSummary{}, nil, parallax.Errorf(parallax.ENotFound, "storyline %q not found", id)
	}
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return parallax.StorylineSummary{}, nil, fmt.Errorf("reading storyline %q: %w", id, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	l, err := scanStoryline(tx.QueryRow(ctx, `SELECT `+storylineCols+` WHERE l.id = $1`, id))
	switch {
	case isNoRows(err):
		return l, nil, parallax.Errorf(parallax.ENotFound, "storyline %q not found", id)
	case err != nil:
		return l, nil, fmt.Errorf("reading storyline %q: %w", id, err)
	}
	events, err := storySummaries(ctx, tx, `
		SELECT id, title, updated, started, storyline,
			row_number() OVER (ORDER BY started ASC NULLS LAST, id) AS rank
		FROM stories WHERE storyline = $1`, id)
	if err != nil {
		return l, nil, fmt.Errorf("reading storyline %q: %w", id, err)
	}
	return l, events, nil
}

// MergeStories moves the articles of from into story into and pins them
// all together, in one write transaction (queued behind other writers like
// Begin).
func (db *DB) MergeStories(ctx context.Context, into string, from []string) error {
	from = storekit.IDs(from)
	if len(from) == 0 {
		return parallax.Errorf(parallax.EInvalid, "merging into story %q: no story to merge", into)
	}
	if slices.Contains(from, into) {
		return parallax.Errorf(parallax.EInvalid, "cannot merge story %q into itself", into)
	}
	err := db.write(ctx, func(tx pgx.Tx) error {
		ids := append([]string{into}, from...)
		lineOf, err := storylines(ctx, tx, ids)
		if err != nil {
			return err
		}
		var lines []string
		for _, id := range ids {
			line, ok := lineOf[id]
			if !ok {
				return parallax.Errorf(parallax.ENotFound, "story %q not found", id)
			}
			if !slices.Contains(lines, line) {
				lines = append(lines, line)
			}
		}
		b := &pgx.Batch{}
		b.Queue(`UPDATE articles SET story_id = $1 WHERE story_id = ANY($2::text[])`, into, from)
		b.Queue(`DELETE FROM story_keys WHERE story_id = ANY($1::text[])`, from)
		b.Queue(`DELETE FROM stories WHERE id = ANY($1::text[])`, from)
		// The user's decision: every article now in into stays with the others.
		b.Queue(`INSERT INTO pins(article, grp) SELECT id, $1 FROM articles WHERE story_id = $1
			ON CONFLICT (article) DO UPDATE SET grp = excluded.grp`, into)
		queueRefreshStory(b, into)
		for _, line := range lines {
			queueRefreshStoryline(b, line)
		}
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil && parallax.ErrorCode(err) == parallax.EInternal {
		return fmt.Errorf("merging stories into %q: %w", into, err)
	}
	return err
}

// storylines returns the storyline of each of the stories ids that exist.
// Ids PostgreSQL cannot hold are left out, as unknown.
func storylines(ctx context.Context, tx pgx.Tx, ids []string) (map[string]string, error) {
	ids = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return !storable(id) })
	rows, err := tx.Query(ctx, `SELECT id, storyline FROM stories WHERE id = ANY($1::text[])`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]string, len(ids))
	for rows.Next() {
		var id, line string
		if err := rows.Scan(&id, &line); err != nil {
			return nil, err
		}
		out[id] = line
	}
	return out, rows.Err()
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
	if !storable(story) {
		return "", parallax.Errorf(parallax.ENotFound, "story %q not found", story)
	}
	err := db.write(ctx, func(tx pgx.Tx) error {
		var (
			line string
			n    int
		)
		err := tx.QueryRow(ctx, `SELECT storyline, articles FROM stories WHERE id = $1`, story).Scan(&line, &n)
		if isNoRows(err) {
			return parallax.Errorf(parallax.ENotFound, "story %q not found", story)
		}
		if err != nil {
			return err
		}
		storyOf, err := articleStories(ctx, tx, articles)
		if err != nil {
			return err
		}
		for _, a := range articles {
			in, ok := storyOf[a]
			if !ok {
				return parallax.Errorf(parallax.ENotFound, "article %q not found", a)
			}
			if in != story {
				return parallax.Errorf(parallax.EInvalid, "article %q is in story %q, not in %q", a, in, story)
			}
		}
		if len(articles) >= n {
			return parallax.Errorf(parallax.EInvalid, "splitting story %q: moving all %d of its articles leaves nothing behind", story, n)
		}
		tag, err := tx.Exec(ctx, `INSERT INTO stories(id, storyline) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, split, line)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return parallax.Errorf(parallax.EConflict, "splitting story %q: story %q already exists", story, split)
		}
		b := &pgx.Batch{}
		b.Queue(`UPDATE articles SET story_id = $1 WHERE id = ANY($2::text[])`, split, articles)
		b.Queue(`INSERT INTO pins(article, grp) SELECT id, story_id FROM articles WHERE story_id IN ($1, $2)
			ON CONFLICT (article) DO UPDATE SET grp = excluded.grp`, split, story)
		queueRefreshStory(b, story)
		queueRefreshStory(b, split)
		queueRefreshStoryline(b, line)
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		if parallax.ErrorCode(err) == parallax.EInternal {
			return "", fmt.Errorf("splitting story %q: %w", story, err)
		}
		return "", err
	}
	return split, nil
}

// articleStories returns the story of each of the articles ids that exist.
// Ids PostgreSQL cannot hold are left out, as unknown.
func articleStories(ctx context.Context, tx pgx.Tx, ids []string) (map[string]string, error) {
	ids = slices.DeleteFunc(slices.Clone(ids), func(id string) bool { return !storable(id) })
	rows, err := tx.Query(ctx, `SELECT id, story_id FROM articles WHERE id = ANY($1::text[])`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make(map[string]string, len(ids))
	for rows.Next() {
		var id, story string
		if err := rows.Scan(&id, &story); err != nil {
			return nil, err
		}
		out[id] = story
	}
	return out, rows.Err()
}

// write runs f in a write transaction, queued behind other writers like
// Begin, and commits it when f succeeds.
func (db *DB) write(ctx context.Context, f func(pgx.Tx) error) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := f(tx); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// queueRefreshStory queues the statements that recompute a story from its
// articles: profile, norm, times, count and title. A story left without
// articles is removed.
func queueRefreshStory(b *pgx.Batch, story string) {
	b.Queue(`DELETE FROM story_keys WHERE story_id = $1`, story)
	b.Queue(storyProfile, story)
	b.Queue(`UPDATE stories SET
			norm2 = coalesce((SELECT sum(weight * weight) FROM story_keys WHERE story_id = $1), 0),
			updated = (SELECT max(coalesce(published, fetched)) FROM articles WHERE story_id = $1),
			started = (SELECT min(coalesce(published, fetched)) FROM articles WHERE story_id = $1),
			articles = (SELECT count(*) FROM articles WHERE story_id = $1)
		WHERE id = $1`, story)
	b.Queue(storyTitle, story)
	b.Queue(`DELETE FROM stories WHERE id = $1 AND articles = 0`, story)
}

// queueRefreshStoryline queues the statements that recompute a storyline
// from its stories; one left without stories is removed.
func queueRefreshStoryline(b *pgx.Batch, line string) {
	b.Queue(`UPDATE storylines SET
			events = (SELECT count(*) FROM stories WHERE storyline = $1),
			articles = (SELECT coalesce(sum(articles), 0) FROM stories WHERE storyline = $1),
			started = (SELECT min(started) FROM stories WHERE storyline = $1),
			updated = (SELECT max(updated) FROM stories WHERE storyline = $1),
			lead = coalesce((SELECT id FROM stories WHERE storyline = $1
				ORDER BY articles DESC, started ASC NULLS LAST, id LIMIT 1), lead)
		WHERE id = $1`, line)
	b.Queue(`DELETE FROM storylines WHERE id = $1 AND events = 0`, line)
}
