package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/parallax-news/parallax/internal/storekit"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/parallax-news/parallax"
)

// analysisVersion is the version of the JSON shape in analyses.json.
const analysisVersion = 1

// Begin starts the write transaction. Writers queue: Begin waits (until ctx
// is done) while another write transaction or a Delete is open.
func (db *DB) Begin(ctx context.Context) (parallax.Tx, error) {
	t, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("beginning write: %w", err)
	}
	return &Tx{tx: t, stmts: map[string]*sql.Stmt{}}, nil
}

// Tx is a write transaction of a DB. It implements parallax.Tx and is not
// safe for concurrent use.
type Tx struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt // prepared once per transaction: a batch repeats them thousands of times
	done  bool
	// search holds the FTS rows of this transaction's Puts until Commit.
	// FTS5 flushes its pending terms to a new index segment whenever a
	// savepoint it took part in is released, so indexing inside Put's
	// savepoint would write one segment per record; no Tx read needs them.
	search []searchRow
	// stale holds the stories whose profiles Reanalyze changed. They are
	// rebuilt once, before the next StoryCandidates or at Commit, rather than
	// once per article: an exact rebuild reads every article of the story.
	stale map[string]bool
}

// searchRow is one article's entry in the search index.
type searchRow struct {
	seq         int64
	title, text string
}

var _ parallax.Tx = (*Tx)(nil)

// stmt returns the transaction's prepared statement for query.
func (t *Tx) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if s, ok := t.stmts[query]; ok {
		return s, nil
	}
	s, err := t.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	t.stmts[query] = s
	return s, nil
}

func (t *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	s, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

func (t *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	s, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryContext(ctx, args...)
}

func (t *Tx) queryRow(ctx context.Context, query string, args ...any) (*sql.Row, error) {
	s, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return s.QueryRowContext(ctx, args...), nil
}

// Commit makes the transaction's writes durable and visible to readers.
func (t *Tx) Commit() error {
	if t.done {
		return errors.New("committing: transaction already finished")
	}
	t.done = true
	if err := t.flushProfiles(context.Background()); err != nil {
		t.tx.Rollback()
		return fmt.Errorf("committing: rebuilding story profiles: %w", err)
	}
	if err := t.flushSearch(); err != nil {
		t.tx.Rollback()
		return fmt.Errorf("committing: indexing for search: %w", err)
	}
	if err := t.tx.Commit(); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	return nil
}

// flushSearch adds the pending search rows to the FTS index.
func (t *Tx) flushSearch() error {
	if len(t.search) == 0 {
		return nil
	}
	// The transaction's context may be gone by now; Commit has none of its
	// own, and the rows must go in for the commit to be consistent.
	ctx := context.Background()
	s, err := t.tx.PrepareContext(ctx, `INSERT INTO search(rowid, title, text) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	defer s.Close()
	for _, r := range t.search {
		if _, err := s.ExecContext(ctx, r.seq, r.title, r.text); err != nil {
			return err
		}
	}
	t.search = nil
	return nil
}

// Rollback discards the transaction's writes. After Commit it does nothing,
// so callers can always defer it.
func (t *Tx) Rollback() error {
	if t.done {
		return nil
	}
	t.done = true
	if err := t.tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return fmt.Errorf("rolling back: %w", err)
	}
	return nil
}

// TextHash returns the stored text hash of article id, or "" when absent.
func (t *Tx) TextHash(ctx context.Context, id string) (string, error) {
	row, err := t.queryRow(ctx, `SELECT text_hash FROM articles WHERE id = ?`, id)
	if err != nil {
		return "", fmt.Errorf("reading text hash: %w", err)
	}
	var h string
	switch err := row.Scan(&h); {
	case errors.Is(err, sql.ErrNoRows):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("reading text hash: %w", err)
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

// Record is parallax.Record, named here to keep signatures short.
type Record = parallax.Record

func (t *Tx) put(ctx context.Context, r *Record) (err error) {
	a, p := &r.Article, &r.Placement
	if a.ID == "" {
		return parallax.Errorf(parallax.EInvalid, "article has no id")
	}
	if p.Story == "" {
		return parallax.Errorf(parallax.EInvalid, "article %q has no story", a.ID)
	}
	row, err := t.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE id = ?)`, a.ID)
	if err != nil {
		return err
	}
	var exists bool
	if err := row.Scan(&exists); err != nil {
		return err
	}
	if exists {
		return parallax.Errorf(parallax.EConflict, "article %q is already stored", a.ID)
	}

	v, err := newArticleValues(r)
	if err != nil {
		return err
	}

	if _, err := t.tx.ExecContext(ctx, "SAVEPOINT put"); err != nil {
		return err
	}
	defer func() {
		if err != nil {
			// Undo this record only; earlier records of the batch stay.
			_, _ = t.tx.ExecContext(context.WithoutCancel(ctx), "ROLLBACK TO put")
		}
		if _, rerr := t.tx.ExecContext(context.WithoutCancel(ctx), "RELEASE put"); rerr != nil && err == nil {
			err = rerr
		}
	}()

	if err := t.addToStory(ctx, a.ID, p, v); err != nil {
		return err
	}

	var dup any
	if p.DuplicateOf != "" {
		dup = p.DuplicateOf
	}
	row, err = t.queryRow(ctx, `
		INSERT INTO articles(id, url, outlet, title, byline, published, language, content_type, origin,
			raw, text, text_hash, fetched, extra, story_id, duplicate_of, score, keys, bands, minhash,
			updated, canonical_url, partial)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		RETURNING seq`,
		a.ID, a.URL, a.Outlet, v.title, r.Document.Byline, v.published, v.language, a.ContentType, a.Origin,
		a.Body, r.Document.Text, r.TextHash, v.fetched, v.extra, p.Story, dup, p.Score, v.keys, v.bands, v.minhash,
		v.updated, r.Document.CanonicalURL, r.Document.Partial)
	if err != nil {
		return err
	}
	var seq int64
	if err := row.Scan(&seq); err != nil {
		return err
	}
	if v.title != "" {
		// A story is titled by its earliest published headline, usually the
		// original report, whatever order its articles arrived in.
		if _, err := t.exec(ctx, storyTitle, p.Story); err != nil {
			return err
		}
	}
	if _, err := t.exec(ctx, `INSERT INTO analyses(article, version, json) VALUES (?, ?, ?)`,
		seq, analysisVersion, v.analysis); err != nil {
		return err
	}
	if _, err := t.exec(ctx, `INSERT INTO analysis_versions(article, versions) VALUES (?, ?)`, seq, v.versions); err != nil {
		return err
	}
	if v.mentions != "" {
		if _, err := t.exec(ctx, `
			INSERT OR IGNORE INTO mentions(article, norm, kind, last)
			SELECT ?, j.value ->> 0, j.value ->> 1, j.value ->> 2 FROM json_each(?) j`,
			seq, v.mentions); err != nil {
			return err
		}
	}
	if len(p.Bands) > 0 {
		if _, err := t.exec(ctx, `
			INSERT OR IGNORE INTO bands(band, article) SELECT j.value, ? FROM json_each(?) j`,
			seq, v.bands); err != nil {
			return err
		}
	}
	defer func() {
		if err == nil { // only once the savepoint is released: a failed Put indexes nothing
			t.search = append(t.search, searchRow{seq, searchable(v.title), searchable(r.Document.Text)})
		}
	}()
	return nil
}

// addToStory adds an article's placement to the stored state: the story it
// starts or joins (with its storyline), the story's profile and norm, the
// document frequencies and the article count. The article row itself is
// the caller's.
func (t *Tx) addToStory(ctx context.Context, id string, p *parallax.Placement, v *articleValues) error {
	if p.NewStory {
		if err := t.newStory(ctx, id, p); err != nil {
			return err
		}
	}
	// The norm update reads the old weights, so it runs before the upsert of
	// story_keys: |p+k|² = |p|² + Σ (2·p_k·w_k + w_k²) over the article's keys.
	res, err := t.exec(ctx, `
		UPDATE stories SET
			norm2 = norm2 + (
				SELECT coalesce(sum(2 * coalesce(sk.weight, 0) * j.value + j.value * j.value), 0)
				FROM json_each(?1) j
				LEFT JOIN story_keys sk ON sk.key = j.key AND sk.story_id = ?2),
			updated = CASE WHEN ?3 IS NOT NULL AND (updated IS NULL OR ?3 > updated) THEN ?3 ELSE updated END,
			started = CASE WHEN ?3 IS NOT NULL AND (started IS NULL OR ?3 < started) THEN ?3 ELSE started END,
			articles = articles + 1
		WHERE id = ?2`,
		v.keys, p.Story, v.time)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return parallax.Errorf(parallax.ENotFound, "article %q joins story %q, which does not exist", id, p.Story)
	}
	// The storyline follows its story: one more article, its times widened,
	// and the story becomes its lead once it has more articles than the lead.
	if _, err := t.exec(ctx, `
		UPDATE storylines SET
			articles = articles + 1,
			updated = CASE WHEN ?2 IS NOT NULL AND (updated IS NULL OR ?2 > updated) THEN ?2 ELSE updated END,
			started = CASE WHEN ?2 IS NOT NULL AND (started IS NULL OR ?2 < started) THEN ?2 ELSE started END,
			lead = CASE WHEN lead != ?1 AND coalesce((SELECT articles FROM stories WHERE id = lead), 0)
				< (SELECT articles FROM stories WHERE id = ?1) THEN ?1 ELSE lead END
		WHERE id = (SELECT storyline FROM stories WHERE id = ?1)`, p.Story, v.time); err != nil {
		return err
	}
	if len(v.keyList) > 0 {
		if _, err := t.exec(ctx, `
			INSERT INTO story_keys(key, story_id, weight)
			SELECT j.key, ?1, j.value FROM json_each(?2) j WHERE true
			ON CONFLICT(key, story_id) DO UPDATE SET weight = weight + excluded.weight`,
			p.Story, v.keys); err != nil {
			return err
		}
		if _, err := t.exec(ctx, `
			INSERT INTO key_df(key, n)
			SELECT j.key, 1 FROM json_each(?) j WHERE true
			ON CONFLICT(key) DO UPDATE SET n = n + 1`, v.keys); err != nil {
			return err
		}
	}
	if _, err := t.exec(ctx, `UPDATE counters SET n = n + 1 WHERE name = 'articles'`); err != nil {
		return err
	}
	return nil
}

// newStory creates the story article id starts, in the storyline p names:
// a new one, or an existing one that gains an event.
func (t *Tx) newStory(ctx context.Context, id string, p *parallax.Placement) error {
	line, own := p.Storyline, p.NewStoryline
	if line == "" {
		line, own = parallax.OwnStoryline(p.Story), true
	}
	res, err := t.exec(ctx, `INSERT INTO stories(id, storyline) VALUES (?, ?) ON CONFLICT(id) DO NOTHING`, p.Story, line)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return parallax.Errorf(parallax.EConflict, "article %q starts story %q, which already exists", id, p.Story)
	}
	if own {
		res, err = t.exec(ctx, `INSERT INTO storylines(id, lead, events) VALUES (?, ?, 1) ON CONFLICT(id) DO NOTHING`, line, p.Story)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return parallax.Errorf(parallax.EConflict, "article %q starts storyline %q, which already exists", id, line)
		}
		return nil
	}
	res, err = t.exec(ctx, `UPDATE storylines SET events = events + 1 WHERE id = ?`, line)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return parallax.Errorf(parallax.ENotFound, "article %q starts a story in storyline %q, which does not exist", id, line)
	}
	return nil
}

// articleValues are a record's column values, computed before any write.
type articleValues struct {
	title, language          string
	published, fetched, time any // nanoseconds or nil
	updated                  any
	keys                     string
	keyList                  []string
	bands                    string
	minhash                  []byte
	extra                    any
	analysis                 string
	versions                 string // storekit.VersionsKey(Analysis.Versions)
	mentions                 string // JSON [[norm, kind, last], …], "" for none
}

func newArticleValues(r *Record) (*articleValues, error) {
	a, d := &r.Article, &r.Document
	v := &articleValues{title: d.Title, language: d.Language}
	if v.title == "" {
		v.title = a.Title
	}
	if v.language == "" {
		v.language = r.Analysis.Language
	}
	if v.language == "" {
		v.language = a.Language
	}
	pub := d.Published
	if pub.IsZero() {
		pub = a.Published
	}
	var err error
	if v.published, err = nanos(pub); err != nil {
		return nil, err
	}
	if v.fetched, err = nanos(a.Fetched); err != nil {
		return nil, err
	}
	if v.updated, err = nanos(d.Updated); err != nil {
		return nil, err
	}
	v.time = v.published
	if v.time == nil {
		v.time = v.fetched
	}

	// Keys are summed per key: a key listed twice counts once for the
	// document frequency and with its total weight for the profile.
	sum := make(map[string]float64, len(r.Placement.Keys))
	for _, k := range r.Placement.Keys {
		if math.IsNaN(k.Weight) || math.IsInf(k.Weight, 0) {
			return nil, parallax.Errorf(parallax.EInvalid, "article %q: key %q has weight %v", a.ID, k.Key, k.Weight)
		}
		if _, ok := sum[k.Key]; !ok {
			v.keyList = append(v.keyList, k.Key)
		}
		sum[k.Key] += k.Weight
	}
	b, err := json.Marshal(sum)
	if err != nil {
		return nil, err
	}
	v.keys = string(b)

	// Band hashes are uint64; SQLite integers are int64, and a JSON number
	// above 2⁶³ would come back from json_each as a REAL. The int64 bit
	// pattern is stored instead, and CopyCandidates converts the same way.
	bands := make([]int64, len(r.Placement.Bands))
	for i, h := range r.Placement.Bands {
		bands[i] = int64(h)
	}
	if b, err = json.Marshal(bands); err != nil {
		return nil, err
	}
	v.bands = string(b)
	v.minhash = storekit.EncodeMinHash(r.Analysis.MinHash)

	if len(a.Extra) > 0 {
		b, err := json.Marshal(a.Extra)
		if err != nil {
			return nil, parallax.Errorf(parallax.EInvalid, "article %q: extra fields: %w", a.ID, err)
		}
		v.extra = string(b)
	}

	an := r.Analysis
	an.MinHash = nil // kept in articles.minhash, where CopyCandidates reads it without decoding JSON
	if b, err = json.Marshal(&an); err != nil {
		return nil, err
	}
	v.analysis = string(b)
	v.versions = storekit.VersionsKey(r.Analysis.Versions)

	type mention struct{ norm, kind string }
	seen := map[mention]bool{}
	var ms [][3]string
	for _, m := range r.Analysis.Mentions {
		norm := storekit.NormName(m.Name)
		if norm == "" || seen[mention{norm, string(m.Kind)}] {
			continue
		}
		seen[mention{norm, string(m.Kind)}] = true
		ms = append(ms, [3]string{norm, string(m.Kind), storekit.LastWord(norm)})
	}
	if len(ms) > 0 {
		if b, err = json.Marshal(ms); err != nil {
			return nil, err
		}
		v.mentions = string(b)
	}
	return v, nil
}

// searchable returns s as the search index sees it: the bytes snippet()
// uses as match markers become spaces. The search_src view applies the same
// replacement, and the two must agree or FTS deletes would corrupt the index.
func searchable(s string) string {
	if !strings.ContainsAny(s, "\x02\x03") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\x02' || r == '\x03' {
			return ' '
		}
		return r
	}, s)
}

// keysJSON encodes a key list for json_each.
func keysJSON(keys []string) (string, error) {
	if keys == nil {
		keys = []string{}
	}
	b, err := json.Marshal(keys)
	return string(b), err
}

// sqlLimit turns a contract limit (≤ 0: no limit) into SQLite's LIMIT value.
func sqlLimit(limit int) int {
	if limit <= 0 {
		return -1
	}
	return limit
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
	kj, err := keysJSON(keys)
	if err != nil {
		return nil, fmt.Errorf("finding story candidates: %w", err)
	}
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if !from.IsZero() {
		lo = clampNanos(from)
	}
	if !to.IsZero() {
		hi = clampNanos(to)
	}
	rows, err := t.query(ctx, `
		SELECT sk.story_id, sk.key, sk.weight, s.updated, s.norm2, s.started, s.storyline
		FROM (SELECT DISTINCT value AS key FROM json_each(?1)) q
		JOIN story_keys sk ON sk.key = q.key
		JOIN stories s ON s.id = sk.story_id
		WHERE s.updated BETWEEN ?2 AND ?3`, kj, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("finding story candidates: %w", err)
	}
	defer rows.Close()
	byID := map[string]*parallax.StoryCandidate{}
	sums := map[string]float64{}
	var order []*parallax.StoryCandidate
	for rows.Next() {
		var (
			id, key, line string
			w, n2         float64
			upd, started  sql.NullInt64
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
		return nil, fmt.Errorf("finding story candidates: %w", err)
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

// clampNanos returns t in Unix nanoseconds, saturated at the int64 range so
// far-away window bounds still compare correctly.
func clampNanos(t time.Time) int64 {
	switch y := t.Year(); {
	case y < 1678:
		return math.MinInt64
	case y > 2261:
		return math.MaxInt64
	}
	return t.UnixNano()
}

// DocFreq returns how many stored articles have each of keys (keys no
// article has are absent from df) and how many articles are stored.
func (t *Tx) DocFreq(ctx context.Context, keys []string) (map[string]int, int, error) {
	row, err := t.queryRow(ctx, `SELECT n FROM counters WHERE name = 'articles'`)
	if err != nil {
		return nil, 0, fmt.Errorf("reading document frequencies: %w", err)
	}
	var total int
	if err := row.Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("reading document frequencies: %w", err)
	}
	df := make(map[string]int, len(keys))
	if len(keys) == 0 {
		return df, total, nil
	}
	kj, err := keysJSON(keys)
	if err != nil {
		return nil, 0, fmt.Errorf("reading document frequencies: %w", err)
	}
	rows, err := t.query(ctx, `SELECT k.key, k.n FROM key_df k WHERE k.key IN (SELECT value FROM json_each(?))`, kj)
	if err != nil {
		return nil, 0, fmt.Errorf("reading document frequencies: %w", err)
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
		return nil, 0, fmt.Errorf("reading document frequencies: %w", err)
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
	bj, err := json.Marshal(ib)
	if err != nil {
		return nil, fmt.Errorf("finding copy candidates: %w", err)
	}
	rows, err := t.query(ctx, `
		SELECT a.id, a.story_id, a.published, a.fetched, coalesce(a.duplicate_of, ''), a.minhash
		FROM (SELECT article, count(*) AS shared FROM bands
			WHERE band IN (SELECT value FROM json_each(?1))
			GROUP BY article ORDER BY shared DESC, article LIMIT ?2) b
		JOIN articles a ON a.seq = b.article
		ORDER BY b.shared DESC, b.article`, string(bj), sqlLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("finding copy candidates: %w", err)
	}
	defer rows.Close()
	var out []parallax.CopyCandidate
	for rows.Next() {
		var (
			c        parallax.CopyCandidate
			pub, fet sql.NullInt64
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

// storyTitle sets a story's title to the headline of its earliest published
// article that has one (undated articles last, then in arrival order).
const storyTitle = `
	UPDATE stories SET title = coalesce((
		SELECT title FROM articles WHERE story_id = ?1 AND title != ''
		ORDER BY published IS NULL, published, seq LIMIT 1), '')
	WHERE id = ?1`
