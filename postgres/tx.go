package postgres

import (
	"context"
	"errors"
	"fmt"
	"github.com/parallax-news/parallax/internal/storekit"
	"math"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/parallax-news/parallax"
)

// Begin starts the write transaction. Writers queue: Begin waits (until ctx
// is done) while another write transaction or a Delete is open, in this
// process or in any other using the same database.
//
// The queue is a transaction-level advisory lock (pg_advisory_xact_lock),
// released by Commit or Rollback, or by the server when the connection dies.
// It makes several processes writing one database serialise exactly as
// SQLite's single writer does, which the clusterer relies on: it reads the
// story index and then places articles against what it read, so two
// interleaved batches could each start "the same" story or miss each other's
// articles. Issue 7's concurrent workers may therefore all write to one
// store; placements are as consistent as in one process.
//
// The transaction is READ COMMITTED on purpose: each statement sees what
// the previous writer committed before the lock was granted. Under
// REPEATABLE READ the snapshot would be taken by the lock statement itself,
// before the wait, and miss the previous writer's commit.
func (db *DB) Begin(ctx context.Context) (parallax.Tx, error) {
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return nil, fmt.Errorf("beginning write: %w", err)
	}
	return &Tx{tx: tx}, nil
}

// beginWrite opens a transaction holding the writer lock.
func (db *DB) beginWrite(ctx context.Context) (pgx.Tx, error) {
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.ReadCommitted})
	if err != nil {
		return nil, err
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, writerLock); err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return nil, err
	}
	return tx, nil
}

// Tx is a write transaction of a DB. It implements parallax.Tx and is not
// safe for concurrent use.
type Tx struct {
	tx   pgx.Tx
	done bool
	// stale holds the stories whose profiles Reanalyze changed. They are
	// rebuilt once, before the next StoryCandidates or at Commit, rather than
	// once per article: an exact rebuild reads every article of the story.
	stale map[string]bool
}

var _ parallax.Tx = (*Tx)(nil)

// Commit makes the transaction's writes durable and visible to readers.
func (t *Tx) Commit() error {
	if t.done {
		return errors.New("committing: transaction already finished")
	}
	t.done = true
	// The transaction's context may be gone by now; Commit has none of its own.
	ctx := context.Background()
	if err := t.flushProfiles(ctx); err != nil {
		t.tx.Rollback(ctx)
		return fmt.Errorf("committing: rebuilding story profiles: %w", err)
	}
	if err := t.tx.Commit(ctx); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	return nil
}

// Rollback discards the transaction's writes. After Commit it does nothing,
// so callers can always defer it.
func (t *Tx) Rollback() error {
	if t.done {
		return nil
	}
	t.done = true
	if err := t.tx.Rollback(context.Background()); err != nil && !errors.Is(err, pgx.ErrTxClosed) {
		return fmt.Errorf("rolling back: %w", err)
	}
	return nil
}

// TextHash returns the stored text hash of article id, or "" when absent.
func (t *Tx) TextHash(ctx context.Context, id string) (string, error) {
	var h string
	err := t.tx.QueryRow(ctx, `SELECT text_hash FROM articles WHERE id = $1`, id).Scan(&h)
	switch {
	case isNoRows(err):
		return "", nil
	case err != nil:
		return "", inputError(fmt.Errorf("reading text hash: %w", err), "reading text hash")
	}
	return h, nil
}

// Put stores r. An id already stored is an EConflict error and changes
// nothing; so does any other failure, because Put runs inside a savepoint:
// the transaction stays usable for the rest of the batch.
func (t *Tx) Put(ctx context.Context, r *Record) error {
	if err := t.put(ctx, r); err != nil {
		if parallax.ErrorCode(err) != parallax.EInternal {
			return err
		}
		return fmt.Errorf("storing article %q: %w", r.Article.ID, err)
	}
	return nil
}

// sendBatch sends b in one round trip and returns its first error.
func (t *Tx) sendBatch(ctx context.Context, b *pgx.Batch) error {
	return t.tx.SendBatch(ctx, b).Close()
}

// sendStep sends b inside a savepoint, in the same round trip: when b
// fails, the transaction is rolled back to the savepoint, so the failure
// changes nothing and, unlike a failed statement on its own, leaves the
// transaction usable.
func (t *Tx) sendStep(ctx context.Context, b *pgx.Batch) error {
	step := &pgx.Batch{QueuedQueries: make([]*pgx.QueuedQuery, 0, len(b.QueuedQueries)+2)}
	step.Queue("SAVEPOINT parallax_step")
	step.QueuedQueries = append(step.QueuedQueries, b.QueuedQueries...)
	step.Queue("RELEASE SAVEPOINT parallax_step")
	if err := t.sendBatch(ctx, step); err != nil {
		// Undo this step only; earlier records of the batch stay.
		_, _ = t.tx.Exec(context.WithoutCancel(ctx), "ROLLBACK TO SAVEPOINT parallax_step; RELEASE SAVEPOINT parallax_step")
		return err
	}
	return nil
}

func (t *Tx) put(ctx context.Context, r *Record) error {
	a, p := &r.Article, &r.Placement
	if a.ID == "" {
		return parallax.Errorf(parallax.EInvalid, "article has no id")
	}
	if p.Story == "" {
		return parallax.Errorf(parallax.EInvalid, "article %q has no story", a.ID)
	}
	var exists bool
	if err := t.tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE id = $1)`, a.ID).Scan(&exists); err != nil {
		return inputError(err, fmt.Sprintf("article %q", a.ID))
	}
	if exists {
		return parallax.Errorf(parallax.EConflict, "article %q is already stored", a.ID)
	}
	v, err := newArticleValues(r)
	if err != nil {
		return err
	}

	// Every statement of the record goes in one batch, one round trip.
	b := &pgx.Batch{}
	line := storylineOf(p)
	queuePlacement(b, p, line, v)
	queueDocFreq(b, v)

	var dup any
	if p.DuplicateOf != "" {
		dup = p.DuplicateOf
	}
	b.Queue(`
		INSERT INTO articles(id, url, outlet, title, byline, published, language, content_type, origin,
			raw, text, text_hash, fetched, extra, story_id, duplicate_of, score, key_names, key_weights, bands, minhash,
			updated, canonical_url, partial, search)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24,
			setweight(to_tsvector('parallax', $25), 'A') || setweight(to_tsvector('parallax', $26), 'B'))`,
		a.ID, a.URL, a.Outlet, v.title, r.Document.Byline, v.published, v.language, a.ContentType, a.Origin,
		a.Body, r.Document.Text, r.TextHash, v.fetched, v.extra, p.Story, dup, p.Score,
		v.keyNames, v.keyWeights, v.bands, v.minhash, v.updated, r.Document.CanonicalURL, r.Document.Partial,
		searchText(v.title), searchText(r.Document.Text))
	if v.title != "" {
		// A story is titled by its earliest published headline, usually the
		// original report, whatever order its articles arrived in.
		b.Queue(storyTitle, p.Story)
	}
	// Later rows find the article's seq by its id: the batch cannot pass
	// RETURNING values on, and the unique index makes the look-up cheap.
	const seq = `(SELECT seq FROM articles WHERE id = $1)`
	b.Queue(`INSERT INTO analyses(article, version, body) VALUES (`+seq+`, $2, $3)`, a.ID, analysisVersion, v.analysis)
	b.Queue(`INSERT INTO analysis_versions(article, versions) VALUES (`+seq+`, $2)`, a.ID, v.versions)
	if len(v.mentionNorm) > 0 {
		b.Queue(`
			INSERT INTO mentions(article, norm, kind, last)
			SELECT `+seq+`, m.norm, m.kind, m.last FROM unnest($2::text[], $3::text[], $4::text[]) AS m(norm, kind, last)
			ON CONFLICT DO NOTHING`, a.ID, v.mentionNorm, v.mentionKind, v.mentionLast)
	}
	if len(v.bands) > 0 {
		b.Queue(`
			INSERT INTO bands(band, article) SELECT b, `+seq+` FROM unnest($2::bigint[]) AS b
			ON CONFLICT DO NOTHING`, a.ID, v.bands)
	}
	return putError(t.sendStep(ctx, b), a.ID, p.Story, line.id)
}

// queuePlacement queues the statements that add an article's placement to
// its story, as sqlite's addToStory makes them: the story it starts or
// joins (with its storyline line, storylineOf(p)) and the story's profile
// and norm. The document frequencies and the article count are
// queueDocFreq's, and the article row is the caller's, queued after these
// since it references the story.
//
// The checks sqlite makes by counting rows are constraints here (see
// putError): starting a storyline that exists violates storylines' primary
// key, starting a story in one that does not violates stories' foreign key
// to storylines, and joining a story that does not exist violates a
// foreign key to stories (story_keys' or the article row's).
func queuePlacement(b *pgx.Batch, p *parallax.Placement, line newStoryline, v *articleValues) {
	if p.NewStory {
		if line.own {
			// Not when the story exists: a story started twice must be
			// reported by stories' primary key below, not by that of the
			// storyline it started the first time.
			b.Queue(`INSERT INTO storylines(id, lead, events) SELECT $1::text, $2::text, 1
				WHERE NOT EXISTS (SELECT 1 FROM stories WHERE id = $2)`, line.id, p.Story)
		} else {
			b.Queue(`UPDATE storylines SET events = events + 1 WHERE id = $1`, line.id)
		}
		b.Queue(`INSERT INTO stories(id, storyline) VALUES ($1, $2)`, p.Story, line.id)
	}
	// The norm update reads the old weights, so it runs before the upsert of
	// story_keys: |p+k|² = |p|² + Σ (2·p_k·w_k + w_k²) over the article's
	// keys. greatest() ignores NULLs, so an undated article keeps the time.
	b.Queue(`
		UPDATE stories SET
			norm2 = norm2 + (
				SELECT coalesce(sum(2 * coalesce(sk.weight, 0) * k.w + k.w * k.w), 0)
				FROM unnest($1::text[], $2::float8[]) AS k(key, w)
				LEFT JOIN story_keys sk ON sk.key = k.key AND sk.story_id = $3),
			updated = greatest(updated, $4::bigint),
			started = least(started, $4::bigint),
			articles = articles + 1
		WHERE id = $3`, v.keyNames, v.keyWeights, p.Story, v.time)
	// The storyline follows its story: one more article, its times widened,
	// and the story becomes its lead once it has more articles than the lead.
	b.Queue(`
		UPDATE storylines l SET
			articles = l.articles + 1,
			updated = greatest(l.updated, $2::bigint),
			started = least(l.started, $2::bigint),
			lead = CASE WHEN l.lead <> $1 AND coalesce((SELECT articles FROM stories WHERE id = l.lead), 0)
				< (SELECT articles FROM stories WHERE id = $1) THEN $1 ELSE l.lead END
		WHERE l.id = (SELECT storyline FROM stories WHERE id = $1)`, p.Story, v.time)
	if len(v.keyNames) > 0 {
		b.Queue(`
			INSERT INTO story_keys(key, story_id, weight)
			SELECT k.key, $3, k.w FROM unnest($1::text[], $2::float8[]) AS k(key, w)
			ON CONFLICT (key, story_id) DO UPDATE SET weight = story_keys.weight + excluded.weight`,
			v.keyNames, v.keyWeights, p.Story)
	}
}

// queueDocFreq queues the statements that count one more article, and one
// more having each of its keys: the rest of sqlite's addToStory.
func queueDocFreq(b *pgx.Batch, v *articleValues) {
	if len(v.keyNames) > 0 {
		b.Queue(`
			INSERT INTO key_df(key, n) SELECT k, 1 FROM unnest($1::text[]) AS k
			ON CONFLICT (key) DO UPDATE SET n = key_df.n + 1`, v.keyNames)
	}
	b.Queue(`UPDATE counters SET n = n + 1 WHERE name = 'articles'`)
}

// newStoryline is the storyline a new story goes in, and whether it starts it.
type newStoryline struct {
	id  string
	own bool
}

// storylineOf returns the storyline a new story of p goes in: the one p
// names, else one of its own, parallax.OwnStoryline(p.Story).
func storylineOf(p *parallax.Placement) newStoryline {
	if p.Storyline == "" {
		return newStoryline{id: parallax.OwnStoryline(p.Story), own: true}
	}
	return newStoryline{id: p.Storyline, own: p.NewStoryline}
}

// putError names the constraint violations Put relies on. line is the
// storyline a new story goes in.
func putError(err error, id, story, line string) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	switch {
	case pe.Code == "23505" && pe.ConstraintName == "stories_pkey": // unique_violation
		return parallax.Errorf(parallax.EConflict, "article %q starts story %q, which already exists", id, story)
	case pe.Code == "23505" && pe.ConstraintName == "storylines_pkey":
		return parallax.Errorf(parallax.EConflict, "article %q starts storyline %q, which already exists", id, line)
	case pe.Code == "23503" && pe.ConstraintName == "stories_storyline_fkey": // foreign_key_violation
		return parallax.Errorf(parallax.ENotFound, "article %q starts a story in storyline %q, which does not exist", id, line)
	case pe.Code == "23505" && pe.ConstraintName == "articles_id_key":
		return parallax.Errorf(parallax.EConflict, "article %q is already stored", id)
	case pe.Code == "23503" && pe.TableName != "analyses" && pe.TableName != "analysis_versions": // foreign_key_violation
		return parallax.Errorf(parallax.ENotFound, "article %q joins story %q, which does not exist", id, story)
	}
	return inputError(err, fmt.Sprintf("article %q", id))
}

// storyTitle sets a story's title to the headline of its earliest published
// article that has one (undated articles last, then in arrival order).
const storyTitle = `
	UPDATE stories SET title = coalesce((
		SELECT title FROM articles WHERE story_id = $1 AND title <> ''
		ORDER BY published ASC NULLS LAST, seq LIMIT 1), '')
	WHERE id = $1`

// limitArg turns a contract limit (≤ 0: no limit) into a LIMIT argument:
// LIMIT NULL is no limit.
func limitArg(limit int) any {
	if limit <= 0 {
		return nil
	}
	return int64(limit)
}

// StoryCandidates returns stories updated within [from, to] (a zero bound is
// open) whose profiles hold any of keys, most shared weight first, at most
// limit (≤ 0: all). It reads only the story_keys rows of the given keys.
func (t *Tx) StoryCandidates(ctx context.Context, keys []string, from, to time.Time, limit int) ([]parallax.StoryCandidate, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	if err := t.flushProfiles(ctx); err != nil {
		return nil, fmt.Errorf("finding story candidates: rebuilding story profiles: %w", err)
	}
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if !from.IsZero() {
		lo = clampNanos(from)
	}
	if !to.IsZero() {
		hi = clampNanos(to)
	}
	rows, err := t.tx.Query(ctx, `
		SELECT sk.story_id, sk.key, sk.weight, s.updated, s.norm2, s.started, s.storyline
		FROM (SELECT DISTINCT k AS key FROM unnest($1::text[]) AS k) q
		JOIN story_keys sk ON sk.key = q.key
		JOIN stories s ON s.id = sk.story_id
		WHERE s.updated BETWEEN $2 AND $3`, keys, lo, hi)
	if err != nil {
		return nil, inputError(fmt.Errorf("finding story candidates: %w", err), "finding story candidates")
	}
	defer rows.Close()
	byID := map[string]*parallax.StoryCandidate{}
	sums := map[string]float64{}
	var order []*parallax.StoryCandidate
	for rows.Next() {
		var (
			id, key, line string
			w, n2         float64
			upd, started  *int64
		)
		if err := rows.Scan(&id, &key, &w, &upd, &n2, &started, &line); err != nil {
			return nil, fmt.Errorf("finding story candidates: %w", err)
		}
		c := byID[id]
		if c == nil {
			c = &parallax.StoryCandidate{ID: id, Storyline: line, Started: fromNanos(started), Updated: fromNanos(upd),
				Norm: math.Sqrt(max(n2, 0)), Weights: map[string]float64{}}
			byID[id] = c
			order = append(order, c)
		}
		c.Weights[key] = w
		sums[id] += w
	}
	if err := rows.Err(); err != nil {
		return nil, inputError(fmt.Errorf("finding story candidates: %w", err), "finding story candidates")
	}
	sort.Slice(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if sums[a.ID] != sums[b.ID] {
			return sums[a.ID] > sums[b.ID]
		}
		if !a.Updated.Equal(b.Updated) {
			return a.Updated.After(b.Updated)
		}
		return a.ID < b.ID
	})
	if limit > 0 && len(order) > limit {
		order = order[:limit]
	}
	out := make([]parallax.StoryCandidate, len(order))
	for i, c := range order {
		out[i] = *c
	}
	return out, nil
}

// DocFreq returns how many stored articles have each of keys (keys no
// article has are absent from df) and how many articles are stored.
func (t *Tx) DocFreq(ctx context.Context, keys []string) (map[string]int, int, error) {
	var total int
	if err := t.tx.QueryRow(ctx, `SELECT n FROM counters WHERE name = 'articles'`).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("reading document frequencies: %w", err)
	}
	df := make(map[string]int, len(keys))
	if len(keys) == 0 {
		return df, total, nil
	}
	rows, err := t.tx.Query(ctx, `SELECT key, n FROM key_df WHERE key = ANY($1::text[])`, keys)
	if err != nil {
		return nil, 0, inputError(fmt.Errorf("reading document frequencies: %w", err), "reading document frequencies")
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, 0, fmt.Errorf("reading document frequencies: %w", err)
		}
		df[k] = n
	}
	if err := rows.Err(); err != nil {
		return nil, 0, inputError(fmt.Errorf("reading document frequencies: %w", err), "reading document frequencies")
	}
	return df, total, nil
}

// CopyCandidates returns stored articles sharing at least one of bands, those
// sharing most bands first, at most limit (≤ 0: all).
func (t *Tx) CopyCandidates(ctx context.Context, bands []uint64, limit int) ([]parallax.CopyCandidate, error) {
	if len(bands) == 0 {
		return nil, nil
	}
	ib := make([]int64, len(bands))
	for i, b := range bands {
		ib[i] = int64(b)
	}
	rows, err := t.tx.Query(ctx, `
		SELECT a.id, a.story_id, a.published, a.fetched, coalesce(a.duplicate_of, ''), a.minhash
		FROM (SELECT article, count(*) AS shared FROM bands
			WHERE band = ANY($1::bigint[])
			GROUP BY article ORDER BY shared DESC, article LIMIT $2) b
		JOIN articles a ON a.seq = b.article
		ORDER BY b.shared DESC, b.article`, ib, limitArg(limit))
	if err != nil {
		return nil, fmt.Errorf("finding copy candidates: %w", err)
	}
	defer rows.Close()
	var out []parallax.CopyCandidate
	for rows.Next() {
		var (
			c        parallax.CopyCandidate
			pub, fet *int64
			mh       []byte
		)
		if err := rows.Scan(&c.ID, &c.Story, &pub, &fet, &c.DuplicateOf, &mh); err != nil {
			return nil, fmt.Errorf("finding copy candidates: %w", err)
		}
		c.Published, c.Fetched, c.MinHash = fromNanos(pub), fromNanos(fet), storekit.DecodeMinHash(mh)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("finding copy candidates: %w", err)
	}
	return out, nil
}
