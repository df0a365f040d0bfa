package postgres

import (
	"context"
	"fmt"
	"github.com/parallax-news/parallax/internal/storekit"
	"iter"

	"github.com/jackc/pgx/v5"

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

func (t *Tx) reanalyze(ctx context.Context, id string, a parallax.Analysis, keys []parallax.Key, bands []uint64) error {
	if id == "" {
		return parallax.Errorf(parallax.EInvalid, "article has no id")
	}
	var (
		seq     int64
		story   string
		oldKeys []string
		oldB    []int64
	)
	err := t.tx.QueryRow(ctx, `SELECT seq, story_id, key_names, bands FROM articles WHERE id = $1`, id).
		Scan(&seq, &story, &oldKeys, &oldB)
	switch {
	case isNoRows(err):
		return parallax.Errorf(parallax.ENotFound, "article %q not found", id)
	case err != nil:
		return inputError(err, fmt.Sprintf("article %q", id))
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

	b := &pgx.Batch{}
	// Document frequencies are counts, so taking the old keys out and
	// putting the new ones in is exact; the article total is unchanged.
	b.Queue(`UPDATE key_df SET n = n - 1 WHERE key = ANY($1::text[])`, oldKeys)
	b.Queue(`DELETE FROM key_df WHERE n <= 0 AND key = ANY($1::text[])`, oldKeys)
	b.Queue(`INSERT INTO key_df(key, n) SELECT k, 1 FROM unnest($1::text[]) AS k
		ON CONFLICT (key) DO UPDATE SET n = key_df.n + 1`, v.keyNames)
	b.Queue(`DELETE FROM bands WHERE article = $1 AND band = ANY($2::bigint[])`, seq, oldB)
	b.Queue(`INSERT INTO bands(band, article) SELECT b, $1 FROM unnest($2::bigint[]) AS b ON CONFLICT DO NOTHING`, seq, v.bands)
	// A language the source gave stays; one only detected (stored when
	// nothing else was known) may now be found where it was not before.
	b.Queue(`UPDATE articles SET key_names = $1, key_weights = $2, bands = $3, minhash = $4,
		language = CASE WHEN language = '' THEN $5 ELSE language END
		WHERE seq = $6`, v.keyNames, v.keyWeights, v.bands, v.minhash, v.language, seq)
	b.Queue(`INSERT INTO analyses(article, version, body) VALUES ($1, $2, $3)
		ON CONFLICT (article) DO UPDATE SET version = excluded.version, body = excluded.body`,
		seq, analysisVersion, v.analysis)
	b.Queue(`INSERT INTO analysis_versions(article, versions) VALUES ($1, $2)
		ON CONFLICT (article) DO UPDATE SET versions = excluded.versions`, seq, v.versions)
	b.Queue(`DELETE FROM mentions WHERE article = $1`, seq)
	if len(v.mentionNorm) > 0 {
		b.Queue(`INSERT INTO mentions(article, norm, kind, last)
			SELECT $1, m.norm, m.kind, m.last FROM unnest($2::text[], $3::text[], $4::text[]) AS m(norm, kind, last)
			ON CONFLICT DO NOTHING`, seq, v.mentionNorm, v.mentionKind, v.mentionLast)
	}
	if err := t.sendStep(ctx, b); err != nil {
		return inputError(err, fmt.Sprintf("article %q", id))
	}
	if t.stale == nil {
		t.stale = map[string]bool{}
	}
	t.stale[story] = true
	return nil
}

// storyProfile rebuilds the profile of story $1 from its articles' keys
// after its rows were deleted: exact sums, where adding and subtracting
// weights would leave rounding residue and near-zero keys behind. Delete
// and Reanalyze share it so both give the profile a fresh store would have.
const storyProfile = `
	INSERT INTO story_keys(key, story_id, weight)
	SELECT k.key, $1, sum(k.w) FROM articles a, unnest(a.key_names, a.key_weights) AS k(key, w)
	WHERE a.story_id = $1 GROUP BY k.key HAVING abs(sum(k.w)) > 1e-9`

// storyNorm recomputes story $1's norm from its profile.
const storyNorm = `
	UPDATE stories SET norm2 = coalesce((SELECT sum(weight * weight) FROM story_keys WHERE story_id = $1), 0)
	WHERE id = $1`

// flushProfiles rebuilds the profiles and norms of the stories Reanalyze
// changed in this transaction.
func (t *Tx) flushProfiles(ctx context.Context) error {
	for story := range t.stale {
		b := &pgx.Batch{}
		b.Queue(`DELETE FROM story_keys WHERE story_id = $1`, story)
		b.Queue(storyProfile, story)
		b.Queue(storyNorm, story)
		if err := t.sendBatch(ctx, b); err != nil {
			return err
		}
		delete(t.stale, story)
	}
	return nil
}

// CountOutdated returns how many stored articles have an analysis made by
// other component versions than versions, and how many articles are stored.
func (db *DB) CountOutdated(ctx context.Context, versions map[string]string) (outdated, total int, err error) {
	err = db.pool.QueryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE versions <> $1) FROM analysis_versions`,
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
		FROM (SELECT article FROM analysis_versions WHERE article > $1 AND versions <> $3
			ORDER BY article LIMIT $2) v
		JOIN articles a ON a.seq = v.article
		LEFT JOIN analyses an ON an.article = a.seq
		ORDER BY a.seq`, storekit.VersionsKey(versions))
}
