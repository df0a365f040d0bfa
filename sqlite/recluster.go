package sqlite

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/parallax-news/parallax"
)

var _ parallax.Reclusterer = (*DB)(nil)

// unplaced is the story (and storyline) every article waits in while
// Recluster runs: articles.story_id must name a story, and none of the old
// ones survives the reset.
const unplaced = "~recluster"

// Recluster forgets every placement and places every article again through
// place, earliest first, in one write transaction.
func (db *DB) Recluster(ctx context.Context, place func(context.Context, parallax.ClusterIndex, *parallax.Record, string) error,
	progress func(done, total int)) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return fmt.Errorf("reclustering: %w", err)
	}
	t := tx.(*Tx)
	defer t.Rollback()
	if err := t.recluster(ctx, place, progress); err != nil {
		if parallax.ErrorCode(err) != parallax.EInternal {
			return err
		}
		return fmt.Errorf("reclustering: %w", err)
	}
	return t.Commit()
}

func (t *Tx) recluster(ctx context.Context, place func(context.Context, parallax.ClusterIndex, *parallax.Record, string) error,
	progress func(done, total int)) error {
	for _, q := range []string{
		`INSERT INTO storylines(id, lead) VALUES (?1, ?1)`,
		`INSERT INTO stories(id, storyline) VALUES (?1, ?1)`,
		`UPDATE articles SET story_id = ?1, duplicate_of = NULL, score = 0, keys = '{}', bands = '[]'`,
		`DELETE FROM story_keys`,
		`DELETE FROM stories WHERE id != ?1`,
		`DELETE FROM storylines WHERE id != ?1`,
		`DELETE FROM key_df`,
		`DELETE FROM bands`,
		`UPDATE counters SET n = 0 WHERE name = 'articles'`,
	} {
		var args []any
		if strings.Contains(q, "?1") {
			args = append(args, unplaced)
		}
		if _, err := t.tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	type next struct {
		seq int64
		pin string
	}
	// The order is read first, whole (a few bytes per article), since the
	// loop writes to the tables it would be reading.
	rows, err := t.tx.QueryContext(ctx, `
		SELECT a.seq, coalesce(p.grp, '') FROM articles a LEFT JOIN pins p ON p.article = a.id
		ORDER BY`+articleOrder)
	if err != nil {
		return err
	}
	var order []next
	for rows.Next() {
		var n next
		if err := rows.Scan(&n.seq, &n.pin); err != nil {
			rows.Close()
			return err
		}
		order = append(order, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for i, n := range order {
		if err := ctx.Err(); err != nil {
			return err
		}
		row, err := t.queryRow(ctx, `SELECT `+articleCols+articleFrom+`WHERE a.seq = ?`, n.seq)
		if err != nil {
			return err
		}
		a, _, err := scanArticle(row)
		if err != nil {
			return err
		}
		rec := a.Record()
		if err := place(ctx, t, rec, n.pin); err != nil {
			return fmt.Errorf("placing %q: %w", a.ID, err)
		}
		if err := t.replace(ctx, n.seq, rec); err != nil {
			return fmt.Errorf("placing %q: %w", a.ID, err)
		}
		if progress != nil {
			progress(i+1, len(order))
		}
	}
	for _, q := range []string{
		`DELETE FROM stories WHERE id = ?1`,
		`DELETE FROM storylines WHERE id = ?1`,
	} {
		if _, err := t.tx.ExecContext(ctx, q, unplaced); err != nil {
			return err
		}
	}
	return nil
}

// replace writes a stored article's new placement, as Put writes a new
// article's: story and storyline, profile, frequencies, copy link and index.
func (t *Tx) replace(ctx context.Context, seq int64, rec *parallax.Record) error {
	p := &rec.Placement
	id := rec.Article.ID
	if p.Story == "" || p.Story == unplaced {
		return parallax.Errorf(parallax.EInvalid, "article %q has no story", id)
	}
	v, err := newArticleValues(rec)
	if err != nil {
		return err
	}
	if err := t.addToStory(ctx, id, p, v); err != nil {
		return err
	}
	var dup any
	if p.DuplicateOf != "" {
		dup = p.DuplicateOf
	}
	res, err := t.exec(ctx, `UPDATE articles SET story_id = ?, duplicate_of = ?, score = ?, keys = ?, bands = ? WHERE seq = ?`,
		p.Story, dup, p.Score, v.keys, v.bands, seq)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errors.New("article row gone")
	}
	if v.title != "" {
		if _, err := t.exec(ctx, storyTitle, p.Story); err != nil {
			return err
		}
	}
	if len(p.Bands) > 0 {
		if _, err := t.exec(ctx, `INSERT OR IGNORE INTO bands(band, article) SELECT j.value, ? FROM json_each(?) j`, seq, v.bands); err != nil {
			return err
		}
	}
	return nil
}
