package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/parallax-news/parallax"
)

// Delete removes article id and everything derived from it in one write
// transaction: analysis, mentions, search entry, bands, document
// frequencies and its story's profile contribution. The story's profile,
// norm, title and time are recomputed from its remaining articles (exact,
// where subtracting would leave rounding residue), and a story left empty is
// removed. Copies of the article are re-linked: the earliest becomes the
// original (or, if the article was itself a copy, they point to its
// original) and the others point to it.
func (db *DB) Delete(ctx context.Context, id string) error {
	if err := db.delete(ctx, id); err != nil {
		if code := parallax.ErrorCode(err); code != parallax.EInternal {
			return err
		}
		return fmt.Errorf("deleting article %q: %w", id, err)
	}
	return nil
}

func (db *DB) delete(ctx context.Context, id string) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	var (
		seq                   int64
		story, title, text    string
		keys, bands, original string
	)
	err = tx.QueryRowContext(ctx, `
		SELECT seq, story_id, title, text, keys, bands, coalesce(duplicate_of, '')
		FROM articles WHERE id = ?`, id).Scan(&seq, &story, &title, &text, &keys, &bands, &original)
	if errors.Is(err, sql.ErrNoRows) {
		return parallax.Errorf(parallax.ENotFound, "article %q not found", id)
	}
	if err != nil {
		return err
	}

	if err := relinkCopies(ctx, tx, id, original); err != nil {
		return err
	}

	steps := []struct {
		query string
		args  []any
	}{
		// External-content FTS5 needs the indexed values to remove a row.
		{`INSERT INTO search(search, rowid, title, text) VALUES ('delete', ?, ?, ?)`,
			[]any{seq, searchable(title), searchable(text)}},
		{`DELETE FROM bands WHERE article = ? AND band IN (SELECT value FROM json_each(?))`, []any{seq, bands}},
		{`DELETE FROM mentions WHERE article = ?`, []any{seq}},
		{`DELETE FROM analyses WHERE article = ?`, []any{seq}},
		{`DELETE FROM analysis_versions WHERE article = ?`, []any{seq}},
		{`UPDATE key_df SET n = n - 1 WHERE key IN (SELECT key FROM json_each(?))`, []any{keys}},
		{`DELETE FROM key_df WHERE n <= 0 AND key IN (SELECT key FROM json_each(?))`, []any{keys}},
		{`UPDATE counters SET n = n - 1 WHERE name = 'articles'`, nil},
		{`DELETE FROM articles WHERE seq = ?`, []any{seq}},
		{`DELETE FROM pins WHERE article = ?`, []any{id}},
	}
	for _, s := range steps {
		if _, err := tx.ExecContext(ctx, s.query, s.args...); err != nil {
			return err
		}
	}
	var line string
	if err := tx.QueryRowContext(ctx, `SELECT storyline FROM stories WHERE id = ?`, story).Scan(&line); err != nil {
		return err
	}
	if err := refreshStory(ctx, tx, story); err != nil {
		return err
	}
	if err := refreshStoryline(ctx, tx, line); err != nil {
		return err
	}
	return tx.Commit()
}

// relinkCopies re-points the copies of article id, which is going away: to
// id's own original when it was a copy, else to the earliest copy, which
// becomes the original.
func relinkCopies(ctx context.Context, tx *sql.Tx, id, original string) error {
	if original == "" {
		var first string
		err := tx.QueryRowContext(ctx, `
			SELECT id FROM articles WHERE duplicate_of = ?
			ORDER BY coalesce(published, fetched) IS NULL, coalesce(published, fetched), seq
			LIMIT 1`, id).Scan(&first)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET duplicate_of = NULL WHERE id = ?`, first); err != nil {
			return err
		}
		original = first
	}
	_, err := tx.ExecContext(ctx, `UPDATE articles SET duplicate_of = ? WHERE duplicate_of = ?`, original, id)
	return err
}
