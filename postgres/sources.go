package postgres

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parallax-news/parallax"
)

var _ parallax.SourceStore = (*DB)(nil)

// Source and entry writes are single statements on their own rows, so they
// take no writer lock: they never wait for an article batch.

const sourceCols = `s.id, s.url, s.title, s.paused, s.added, s.etag, s.last_modified, s.last_fetch, s.last_ok,
	s.last_error, s.failures, s.next_fetch,
	(SELECT count(*) FROM entries e WHERE e.source = s.seq),
	(SELECT count(*) FROM entries e WHERE e.source = s.seq AND e.article = '')`

func scanSource(row pgx.Row) (parallax.Source, error) {
	var (
		s                                   parallax.Source
		added, lastFetch, lastOK, nextFetch *int64
	)
	err := row.Scan(&s.ID, &s.URL, &s.Title, &s.Paused, &added, &s.ETag, &s.LastModified, &lastFetch, &lastOK,
		&s.LastError, &s.Failures, &nextFetch, &s.Entries, &s.Failed)
	s.Added, s.LastFetch, s.LastOK, s.NextFetch = fromNanos(added), fromNanos(lastFetch), fromNanos(lastOK), fromNanos(nextFetch)
	return s, err
}

// times converts times to column values, failing on the first that cannot be stored.
func times(ts ...time.Time) ([]any, error) {
	out := make([]any, len(ts))
	for i, t := range ts {
		v, err := nanos(t)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// AddSource stores s, or returns the source already stored with its URL.
func (db *DB) AddSource(ctx context.Context, s parallax.Source) (parallax.Source, bool, error) {
	if s.URL == "" {
		return parallax.Source{}, false, parallax.Errorf(parallax.EInvalid, "adding source: empty URL")
	}
	s.ID = parallax.SourceID(s.URL)
	if s.Added.IsZero() {
		s.Added = time.Now().UTC()
	}
	t, err := times(s.Added, s.NextFetch)
	if err != nil {
		return parallax.Source{}, false, err
	}
	tag, err := db.pool.Exec(ctx, `INSERT INTO sources(id, url, title, paused, added, next_fetch)
		VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (url) DO NOTHING`, s.ID, s.URL, s.Title, s.Paused, t[0], t[1])
	if err != nil {
		return parallax.Source{}, false, inputError(fmt.Errorf("adding source %s: %w", s.URL, err), "adding source")
	}
	stored, err := db.Source(ctx, s.ID)
	return stored, tag.RowsAffected() == 1, err
}

// Sources lists every source, oldest first.
func (db *DB) Sources(ctx context.Context) ([]parallax.Source, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+sourceCols+` FROM sources s ORDER BY s.seq`)
	if err != nil {
		return nil, fmt.Errorf("listing sources: %w", err)
	}
	defer rows.Close()
	out := []parallax.Source{}
	for rows.Next() {
		s, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("listing sources: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing sources: %w", err)
	}
	return out, nil
}

// Source returns the source with the id.
func (db *DB) Source(ctx context.Context, id string) (parallax.Source, error) {
	if !storable(id) {
		return parallax.Source{}, parallax.Errorf(parallax.ENotFound, "source %q not found", id)
	}
	s, err := scanSource(db.pool.QueryRow(ctx, `SELECT `+sourceCols+` FROM sources s WHERE s.id = $1`, id))
	switch {
	case isNoRows(err):
		return parallax.Source{}, parallax.Errorf(parallax.ENotFound, "source %q not found", id)
	case err != nil:
		return parallax.Source{}, fmt.Errorf("reading source %q: %w", id, err)
	}
	return s, nil
}

// UpdateSource stores s's title, paused flag and fetch state.
func (db *DB) UpdateSource(ctx context.Context, s parallax.Source) error {
	t, err := times(s.LastFetch, s.LastOK, s.NextFetch)
	if err != nil {
		return err
	}
	tag, err := db.pool.Exec(ctx, `UPDATE sources SET title = $1, paused = $2, etag = $3, last_modified = $4,
		last_fetch = $5, last_ok = $6, last_error = $7, failures = $8, next_fetch = $9 WHERE id = $10`,
		s.Title, s.Paused, s.ETag, s.LastModified, t[0], t[1], s.LastError, s.Failures, t[2], s.ID)
	if err != nil {
		return inputError(fmt.Errorf("updating source %q: %w", s.ID, err), fmt.Sprintf("updating source %q", s.ID))
	}
	if tag.RowsAffected() == 0 {
		return parallax.Errorf(parallax.ENotFound, "source %q not found", s.ID)
	}
	return nil
}

// DeleteSource removes the source and its entries.
func (db *DB) DeleteSource(ctx context.Context, id string) error {
	if !storable(id) {
		return parallax.Errorf(parallax.ENotFound, "source %q not found", id)
	}
	tag, err := db.pool.Exec(ctx, `DELETE FROM sources WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("deleting source %q: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return parallax.Errorf(parallax.ENotFound, "source %q not found", id)
	}
	return nil
}

const entryCols = `s.id, e.key, e.url, e.title, e.seen, e.article, e.error, e.attempts, e.next_try`

func scanEntry(row pgx.Row) (parallax.Entry, error) {
	var (
		e             parallax.Entry
		seen, nextTry *int64
	)
	err := row.Scan(&e.Source, &e.Key, &e.URL, &e.Title, &seen, &e.Article, &e.Error, &e.Attempts, &nextTry)
	e.Seen, e.NextTry = fromNanos(seen), fromNanos(nextTry)
	return e, err
}

// Entry returns the entry with the key in the source.
func (db *DB) Entry(ctx context.Context, source, key string) (parallax.Entry, bool, error) {
	if !storable(source) || !storable(key) {
		return parallax.Entry{}, false, nil
	}
	e, err := scanEntry(db.pool.QueryRow(ctx, `SELECT `+entryCols+`
		FROM entries e JOIN sources s ON s.seq = e.source WHERE s.id = $1 AND e.key = $2`, source, key))
	switch {
	case isNoRows(err):
		return parallax.Entry{}, false, nil
	case err != nil:
		return parallax.Entry{}, false, fmt.Errorf("reading entry %q of source %q: %w", key, source, err)
	}
	return e, true, nil
}

// PutEntry stores or replaces the entry; its source must exist.
func (db *DB) PutEntry(ctx context.Context, e parallax.Entry) error {
	if e.Key == "" {
		return parallax.Errorf(parallax.EInvalid, "storing entry of source %q: empty key", e.Source)
	}
	t, err := times(e.Seen, e.NextTry)
	if err != nil {
		return err
	}
	if !storable(e.Source) {
		return parallax.Errorf(parallax.ENotFound, "source %q not found", e.Source)
	}
	tag, err := db.pool.Exec(ctx, `INSERT INTO entries(source, key, url, title, seen, article, error, attempts, next_try)
		SELECT seq, $1, $2, $3, $4, $5, $6, $7, $8 FROM sources WHERE id = $9
		ON CONFLICT (source, key) DO UPDATE SET url = excluded.url, title = excluded.title, seen = excluded.seen,
			article = excluded.article, error = excluded.error, attempts = excluded.attempts, next_try = excluded.next_try`,
		e.Key, e.URL, e.Title, t[0], e.Article, e.Error, e.Attempts, t[1], e.Source)
	if err != nil {
		what := fmt.Sprintf("storing entry %q of source %q", e.Key, e.Source)
		return inputError(fmt.Errorf("%s: %w", what, err), what)
	}
	if tag.RowsAffected() == 0 {
		return parallax.Errorf(parallax.ENotFound, "source %q not found", e.Source)
	}
	return nil
}

// FailedEntries lists the failed entries due by now (all for a zero now),
// of one source or of all for source "", oldest first. Entries never seen
// come first, where SQLite sorts NULLs.
func (db *DB) FailedEntries(ctx context.Context, source string, now time.Time) ([]parallax.Entry, error) {
	due := int64(math.MaxInt64)
	if !now.IsZero() {
		v, err := nanos(now)
		if err != nil {
			return nil, err
		}
		due = v.(int64)
	}
	if !storable(source) {
		return []parallax.Entry{}, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT `+entryCols+`
		FROM entries e JOIN sources s ON s.seq = e.source
		WHERE e.article = '' AND coalesce(e.next_try, 0) <= $1 AND ($2 = '' OR s.id = $2)
		ORDER BY e.seen ASC NULLS FIRST, e.key`, due, source)
	if err != nil {
		return nil, fmt.Errorf("listing failed entries: %w", err)
	}
	defer rows.Close()
	out := []parallax.Entry{}
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return nil, fmt.Errorf("listing failed entries: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
