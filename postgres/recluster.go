package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/parallax-news/parallax"
)

var _ parallax.Reclusterer = (*DB)(nil)

// unplaced is the story (and storyline) every article waits in while
// Recluster runs: articles.story_id references a story, and none of the
// old ones survives the reset. The storyline row comes first, since
// stories.storyline references it.
const unplaced = "~recluster"

// Recluster forgets every placement and places every article again through
// place, earliest first, in one write transaction (queued behind other
// writers like Begin).
//
// Each article costs one round trip to write its placement (Put's batch
// without the article's insert, and without the savepoint: any failure
// ends Recluster anyway), plus whatever place asks of the index; the
// records are read a page at a time. Readers see the old stories until the
// commit: the reset deletes rows rather than truncating tables, which would
// lock readers out.
//
// The document frequencies and the article count are written once a page
// (see reclusterIndex), not once an article as Put writes them: every
// update of a row makes a new version that PostgreSQL cannot prune while
// the transaction that made it runs, and each later look-up of the row
// walks them all. Updated once an article, the count's row and those of
// the commonest keys would hold a version per article by the end, and
// reclustering n articles would cost n² steps.
func (db *DB) Recluster(ctx context.Context, place func(context.Context, parallax.ClusterIndex, *parallax.Record, string) error,
	progress func(done, total int)) error {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return fmt.Errorf("reclustering: %w", err)
	}
	t := &Tx{tx: tx}
	defer t.Rollback()
	if err := t.recluster(ctx, place, progress); err != nil {
		if parallax.ErrorCode(err) != parallax.EInternal {
			return err
		}
		return fmt.Errorf("reclustering: %w", err)
	}
	return t.Commit()
}

// unplacedArticle is an article Recluster has yet to place: its seq and its pin.
type unplacedArticle struct {
	seq int64
	pin string
}

func (t *Tx) recluster(ctx context.Context, place func(context.Context, parallax.ClusterIndex, *parallax.Record, string) error,
	progress func(done, total int)) error {
	b := &pgx.Batch{}
	b.Queue(`INSERT INTO storylines(id, lead) VALUES ($1, $1)`, unplaced)
	b.Queue(`INSERT INTO stories(id, storyline) VALUES ($1, $1)`, unplaced)
	b.Queue(`UPDATE articles SET story_id = $1, duplicate_of = NULL, score = 0,
		key_names = '{}', key_weights = '{}', bands = '{}'`, unplaced)
	b.Queue(`DELETE FROM story_keys`)
	b.Queue(`DELETE FROM stories WHERE id <> $1`, unplaced)
	b.Queue(`DELETE FROM storylines WHERE id <> $1`, unplaced)
	b.Queue(`DELETE FROM key_df`)
	b.Queue(`DELETE FROM bands`)
	b.Queue(`UPDATE counters SET n = 0 WHERE name = 'articles'`)
	if err := t.sendBatch(ctx, b); err != nil {
		return err
	}

	// The order is read first, whole (a few bytes per article), since the
	// loop writes to the tables it would be reading.
	rows, err := t.tx.Query(ctx, `
		SELECT a.seq, coalesce(p.grp, '') FROM articles a LEFT JOIN pins p ON p.article = a.id
		ORDER BY`+articleOrder)
	if err != nil {
		return err
	}
	order, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (unplacedArticle, error) {
		var n unplacedArticle
		err := row.Scan(&n.seq, &n.pin)
		return n, err
	})
	if err != nil {
		return err
	}

	// The records are read a page ahead of their placement: what they are
	// rebuilt from (text, analysis, times) is not what placing them writes.
	idx := &reclusterIndex{Tx: t, df: map[string]int{}}
	for start := 0; start < len(order); start += articlesPage {
		page := order[start:min(start+articlesPage, len(order))]
		arts, err := t.articlesBySeq(ctx, page)
		if err != nil {
			return err
		}
		for i, n := range page {
			if err := ctx.Err(); err != nil {
				return err
			}
			a := arts[i]
			rec := a.Record()
			if err := place(ctx, idx, rec, n.pin); err != nil {
				return fmt.Errorf("placing %q: %w", a.ID, err)
			}
			if err := idx.replace(ctx, n.seq, rec); err != nil {
				return fmt.Errorf("placing %q: %w", a.ID, err)
			}
			if progress != nil {
				progress(start+i+1, len(order))
			}
		}
		if err := idx.flush(ctx); err != nil {
			return err
		}
	}

	b = &pgx.Batch{}
	b.Queue(`DELETE FROM stories WHERE id = $1`, unplaced)
	b.Queue(`DELETE FROM storylines WHERE id = $1`, unplaced)
	return t.sendBatch(ctx, b)
}

// reclusterIndex is the index place sees during Recluster: the
// transaction's, with the document frequencies and the count of the
// articles placed since the last flush kept here, in memory, until the end
// of their page.
type reclusterIndex struct {
	*Tx
	df       map[string]int // articles having each key, since the last flush
	articles int            // articles placed since the last flush
}

// DocFreq returns the stored frequencies plus those not yet flushed.
func (x *reclusterIndex) DocFreq(ctx context.Context, keys []string) (map[string]int, int, error) {
	df, total, err := x.Tx.DocFreq(ctx, keys)
	if err != nil {
		return nil, 0, err
	}
	for _, k := range keys {
		if n := x.df[k]; n > 0 {
			df[k] += n
		}
	}
	return df, total + x.articles, nil
}

// flush writes the frequencies and the count kept since the last flush.
func (x *reclusterIndex) flush(ctx context.Context) error {
	if x.articles == 0 {
		return nil
	}
	keys := make([]string, 0, len(x.df))
	counts := make([]int32, 0, len(x.df))
	for k, n := range x.df {
		keys = append(keys, k)
		counts = append(counts, int32(n))
	}
	b := &pgx.Batch{}
	b.Queue(`
		INSERT INTO key_df(key, n) SELECT k.key, k.n FROM unnest($1::text[], $2::int[]) AS k(key, n)
		ON CONFLICT (key) DO UPDATE SET n = key_df.n + excluded.n`, keys, counts)
	b.Queue(`UPDATE counters SET n = n + $1 WHERE name = 'articles'`, x.articles)
	if err := x.sendBatch(ctx, b); err != nil {
		return err
	}
	clear(x.df)
	x.articles = 0
	return nil
}

// articlesBySeq reads the articles of page, in its order, in one query.
func (t *Tx) articlesBySeq(ctx context.Context, page []unplacedArticle) ([]*parallax.StoredArticle, error) {
	seqs := make([]int64, len(page))
	for i, n := range page {
		seqs[i] = n.seq
	}
	rows, err := t.tx.Query(ctx, `SELECT `+articleCols+articleFrom+`WHERE a.seq = ANY($1::bigint[])`, seqs)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	bySeq := make(map[int64]*parallax.StoredArticle, len(page))
	for rows.Next() {
		a, seq, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		bySeq[seq] = a
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*parallax.StoredArticle, len(page))
	for i, n := range page {
		if out[i] = bySeq[n.seq]; out[i] == nil {
			return nil, fmt.Errorf("article %d gone", n.seq)
		}
	}
	return out, nil
}

// replace writes a stored article's new placement, as Put writes a new
// article's: story and storyline, profile, copy link and index, in one
// round trip; its frequencies and count wait in x until the next flush.
func (x *reclusterIndex) replace(ctx context.Context, seq int64, rec *parallax.Record) error {
	p := &rec.Placement
	id := rec.Article.ID
	if p.Story == "" || p.Story == unplaced {
		return parallax.Errorf(parallax.EInvalid, "article %q has no story", id)
	}
	v, err := newArticleValues(rec)
	if err != nil {
		return err
	}
	b := &pgx.Batch{}
	line := storylineOf(p)
	queuePlacement(b, p, line, v)
	var dup any
	if p.DuplicateOf != "" {
		dup = p.DuplicateOf
	}
	b.Queue(`UPDATE articles SET story_id = $1, duplicate_of = $2, score = $3, key_names = $4, key_weights = $5, bands = $6
		WHERE seq = $7`, p.Story, dup, p.Score, v.keyNames, v.keyWeights, v.bands, seq).Exec(
		func(tag pgconn.CommandTag) error {
			if tag.RowsAffected() == 0 {
				return errors.New("article row gone")
			}
			return nil
		})
	if v.title != "" {
		b.Queue(storyTitle, p.Story)
	}
	if len(v.bands) > 0 {
		b.Queue(`INSERT INTO bands(band, article) SELECT b, $1 FROM unnest($2::bigint[]) AS b ON CONFLICT DO NOTHING`,
			seq, v.bands)
	}
	if err := putError(x.sendBatch(ctx, b), id, p.Story, line.id); err != nil {
		return err
	}
	for _, k := range v.keyNames {
		x.df[k]++
	}
	x.articles++
	return nil
}
