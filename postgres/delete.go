package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/parallax-news/parallax"
)

// Delete removes article id and everything derived from it in one write
// transaction (queued behind other writers like Begin): analysis, mentions,
// search entry, bands, document frequencies and its story's profile
// contribution, and its pin. The story's profile, norm, title and times are
// recomputed from its remaining articles (exact, where subtracting would
// leave rounding residue), and its storyline's from its stories; a story
// left empty is removed, and so is a storyline left without stories. Copies of the article are
// re-linked: the earliest becomes the original (or, if the article was
// itself a copy, they point to its original) and the others point to it.
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
	if !storable(id) {
		return parallax.Errorf(parallax.ENotFound, "article %q not found", id)
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))

	var (
		seq      int64
		story    string
		line     string
		original string
		keys     []string
		bands    []int64
	)
	err = tx.QueryRow(ctx, `
		SELECT a.seq, a.story_id, s.storyline, a.key_names, a.bands, coalesce(a.duplicate_of, '')
		FROM articles a JOIN stories s ON s.id = a.story_id WHERE a.id = $1`, id).Scan(&seq, &story, &line, &keys, &bands, &original)
	if isNoRows(err) {
		return parallax.Errorf(parallax.ENotFound, "article %q not found", id)
	}
	if err != nil {
		return err
	}

	if err := relinkCopies(ctx, tx, id, original); err != nil {
		return err
	}

	b := &pgx.Batch{}
	// The search entry is a column of the article's row and goes with it;
	// mentions and analyses follow by ON DELETE CASCADE, but explicit
	// deletes keep the steps readable next to sqlite's.
	b.Queue(`DELETE FROM bands WHERE article = $1 AND band = ANY($2::bigint[])`, seq, bands)
	b.Queue(`DELETE FROM mentions WHERE article = $1`, seq)
	b.Queue(`DELETE FROM analyses WHERE article = $1`, seq)
	b.Queue(`DELETE FROM analysis_versions WHERE article = $1`, seq)
	b.Queue(`UPDATE key_df SET n = n - 1 WHERE key = ANY($1::text[])`, keys)
	b.Queue(`DELETE FROM key_df WHERE n <= 0 AND key = ANY($1::text[])`, keys)
	b.Queue(`UPDATE counters SET n = n - 1 WHERE name = 'articles'`)
	b.Queue(`DELETE FROM articles WHERE seq = $1`, seq)
	b.Queue(`DELETE FROM pins WHERE article = $1`, id)
	queueRefreshStory(b, story)
	queueRefreshStoryline(b, line)
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

// relinkCopies re-points the copies of article id, which is going away: to
// id's own original when it was a copy, else to the earliest copy, which
// becomes the original.
func relinkCopies(ctx context.Context, tx pgx.Tx, id, original string) error {
	if original == "" {
		var first string
		err := tx.QueryRow(ctx, `
			SELECT id FROM articles WHERE duplicate_of = $1
			ORDER BY coalesce(published, fetched) ASC NULLS LAST, seq
			LIMIT 1`, id).Scan(&first)
		if isNoRows(err) {
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE articles SET duplicate_of = NULL WHERE id = $1`, first); err != nil {
			return err
		}
		original = first
	}
	_, err := tx.Exec(ctx, `UPDATE articles SET duplicate_of = $1 WHERE duplicate_of = $2`, original, id)
	return err
}
