package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"github.com/parallax-news/parallax/internal/storekit"
	"iter"

	"github.com/parallax-news/parallax"
)

var _ parallax.AnalysisIndex = (*DB)(nil)

// Reanalyze replaces the analysis of stored article id and what is derived
// from it (mentions, keys, bands, MinHash, document frequencies, story
// profile), keeping its story, copy link, score and search entry. Like Put
// it runs inside a savepoint, so a failure leaves the transaction usable.
// The story's profile is rebuilt exactly, but lazily: see Tx.stale.
func (t *Tx) Reanalyze(ctx context.Context, id string, a parallax.Analysis, keys []parallax.Key, bands []uint64) error {
	if err := t.reanalyze(ctx, id, a, keys, bands); err != nil {
		if parallax.ErrorCode(err) != parallax.EInternal {
			return err
		}
		return fmt.Errorf("reanalysing article %q: %w", id, err)
	}
	return nil
}

func (t *Tx) reanalyze(ctx context.Context, id string, a parallax.Analysis, keys []parallax.Key, bands []uint64) (err error) {
	if id == "" {
		return parallax.Errorf(parallax.EInvalid, "article has no id")
	}
	row, err := t.queryRow(ctx, `SELECT seq, story_id, keys, bands FROM articles WHERE id = ?`, id)
	if err != nil {
		return err
	}
	var (
		seq                  int64
		story, oldKeys, oldB string
	)
	switch err := row.Scan(&seq, &story, &oldKeys, &oldB); {
	case errors.Is(err, sql.ErrNoRows):
		return parallax.Errorf(parallax.ENotFound, "article %q not found", id)
	case err != nil:
		return err
	}
	// The record holds only what the derived columns are computed from, so
	// they are encoded (keys summed, mentions folded) exactly as Put does.
	v, err := newArticleValues(&Record{
		Article:   parallax.Article{ID: id},
		Analysis:  a,
		Placement: parallax.Placement{Keys: keys, Bands: bands},
	})
	if err != nil {
		return err
	}

	if _, err := t.tx.ExecContext(ctx, "SAVEPOINT reanalyze"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_, _ = t.tx.ExecContext(context.WithoutCancel(ctx), "ROLLBACK TO reanalyze")
		}
		if _, rerr := t.tx.ExecContext(context.WithoutCancel(ctx), "RELEASE reanalyze"); rerr != nil && err == nil {
			err = rerr
		}
		if err == nil {
			if t.stale == nil {
				t.stale = map[string]bool{}
			}
			t.stale[story] = true
		}
	}()

	type step struct {
		query string
		args  []any
	}
	steps := []step{
		// Document frequencies are counts, so taking the old keys out and
		// putting the new ones in is exact; the article total is unchanged.
		{`UPDATE key_df SET n = n - 1 WHERE key IN (SELECT key FROM json_each(?))`, []any{oldKeys}},
		{`DELETE FROM key_df WHERE n <= 0 AND key IN (SELECT key FROM json_each(?))`, []any{oldKeys}},
		{`INSERT INTO key_df(key, n) SELECT j.key, 1 FROM json_each(?) j WHERE true
			ON CONFLICT(key) DO UPDATE SET n = n + 1`, []any{v.keys}},
		{`DELETE FROM bands WHERE article = ? AND band IN (SELECT value FROM json_each(?))`, []any{seq, oldB}},
		{`INSERT OR IGNORE INTO bands(band, article) SELECT j.value, ? FROM json_each(?) j`, []any{seq, v.bands}},
		// A language the source gave stays; one only detected (stored when
		// nothing else was known) may now be found where it was not before.
		{`UPDATE articles SET keys = ?, bands = ?, minhash = ?,
			language = CASE WHEN language = '' THEN ? ELSE language END
			WHERE seq = ?`, []any{v.keys, v.bands, v.minhash, v.language, seq}},
		{`INSERT INTO analyses(article, version, json) VALUES (?, ?, ?)
			ON CONFLICT(article) DO UPDATE SET version = excluded.version, json = excluded.json`,
			[]any{seq, analysisVersion, v.analysis}},
		{`INSERT INTO analysis_versions(article, versions) VALUES (?, ?)
			ON CONFLICT(article) DO UPDATE SET versions = excluded.versions`, []any{seq, v.versions}},
		{`DELETE FROM mentions WHERE article = ?`, []any{seq}},
	}
	if v.mentions != "" {
		steps = append(steps, step{`INSERT OR IGNORE INTO mentions(article, norm, kind, last)
			SELECT ?, j.value ->> 0, j.value ->> 1, j.value ->> 2 FROM json_each(?) j`, []any{seq, v.mentions}})
	}
	for _, s := range steps {
		if _, err := t.exec(ctx, s.query, s.args...); err != nil {
			return err
		}
	}
	return nil
}

// storyProfile rebuilds the profile of story ?1 from its articles' keys
// after its rows were deleted: exact sums, where adding and subtracting
// weights would leave rounding residue and near-zero keys behind. Delete
// and Reanalyze share it so both give the profile a fresh store would have.
const storyProfile = `
	INSERT INTO story_keys(key, story_id, weight)
	SELECT j.key, ?1, sum(j.value) FROM articles a, json_each(a.keys) j
	WHERE a.story_id = ?1 GROUP BY j.key HAVING abs(sum(j.value)) > 1e-9`

// flushProfiles rebuilds the profiles and norms of the stories Reanalyze
// changed in this transaction.
func (t *Tx) flushProfiles(ctx context.Context) error {
	for story := range t.stale {
		for _, q := range []string{
			`DELETE FROM story_keys WHERE story_id = ?1`,
			storyProfile,
			`UPDATE stories SET norm2 = coalesce((SELECT sum(weight * weight) FROM story_keys WHERE story_id = ?1), 0)
			WHERE id = ?1`,
		} {
			if _, err := t.exec(ctx, q, story); err != nil {
				return err
			}
		}
		delete(t.stale, story)
	}
	return nil
}

// CountOutdated returns how many stored articles have an analysis made by
// other component versions than versions, and how many articles are stored.
func (db *DB) CountOutdated(ctx context.Context, versions map[string]string) (outdated, total int, err error) {
	err = db.r.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(versions != ?), 0) FROM analysis_versions`,
		storekit.VersionsKey(versions)).Scan(&total, &outdated)
	if err != nil {
		return 0, 0, fmt.Errorf("counting outdated analyses: %w", err)
	}
	return outdated, total, nil
}

// Outdated iterates, in ingest order, over the stored articles whose
// analysis was made by other component versions than versions. Each page
// looks up the next outdated seqs in analysis_versions alone, then reads
// those articles.
func (db *DB) Outdated(ctx context.Context, versions map[string]string) iter.Seq2[*parallax.StoredArticle, error] {
	return db.articlePages(ctx, "reading outdated articles", `
		SELECT `+articleCols+`
		FROM (SELECT article FROM analysis_versions WHERE article > ?1 AND versions != ?3
			ORDER BY article LIMIT ?2) v
		JOIN articles a ON a.seq = v.article
		LEFT JOIN analyses an ON an.article = a.seq
		ORDER BY a.seq`, storekit.VersionsKey(versions))
}
