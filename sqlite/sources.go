package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/parallax-news/parallax"
)

var _ parallax.SourceStore = (*DB)(nil)

const sourceCols = `s.id, s.url, s.title, s.paused, s.added, s.etag, s.last_modified, s.last_fetch, s.last_ok,
	s.last_error, s.failures, s.next_fetch,
	(SELECT count(*) FROM entries e WHERE e.source = s.seq),
	(SELECT count(*) FROM entries e WHERE e.source = s.seq AND e.article = '')`

func scanSource(row interface{ Scan(...any) error }) (parallax.Source, error) {
	var (
		s                                   parallax.Source
		added, lastFetch, lastOK, nextFetch sql.NullInt64
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
	res, err := db.w.ExecContext(ctx, `INSERT INTO sources(id, url, title, paused, added, next_fetch)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO NOTHING`, s.ID, s.URL, s.Title, s.Paused, t[0], t[1])
	if err != nil {
		return parallax.Source{}, false, fmt.Errorf("adding source %s: %w", s.URL, err)
	}
	n, _ := res.RowsAffected()
	stored, err := db.Source(ctx, s.ID)
	return stored, n == 1, err
}

// Sources lists every source, oldest first.
func (db *DB) Sources(ctx context.Context) ([]parallax.Source, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+sourceCols+` FROM sources s ORDER BY s.seq`)
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
	s, err := scanSource(db.r.QueryRowContext(ctx, `SELECT `+sourceCols+` FROM sources s WHERE s.id = ?`, id))
	switch {
	case errors.Is(err, sql.ErrNoRows):
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
	res, err := db.w.ExecContext(ctx, `UPDATE sources SET title = ?, paused = ?, etag = ?, last_modified = ?,
		last_fetch = ?, last_ok = ?, last_error = ?, failures = ?, next_fetch = ? WHERE id = ?`,
		s.Title, s.Paused, s.ETag, s.LastModified, t[0], t[1], s.LastError, s.Failures, t[2], s.ID)
	if err != nil {
		return fmt.Errorf("updating source %q: %w", s.ID, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return parallax.Errorf(parallax.ENotFound, "source %q not found", s.ID)
	}
	return nil
}

// DeleteSource removes the source and its entries.
func (db *DB) DeleteSource(ctx context.Context, id string) error {
	res, err := db.w.ExecContext(ctx, `DELETE FROM sources WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("deleting source %q: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return parallax.Errorf(parallax.ENotFound, "source %q not found", id)
	}
	return nil
}

const entryCols = `s.id, e.key, e.url, e.title, e.seen, e.article, e.error, e.attempts, e.next_try`

func scanEntry(row interface{ Scan(...any) error }) (parallax.Entry, error) {
	var (
		e             parallax.Entry
		seen, nextTry sql.NullInt64
	)
	err := row.Scan(&e.Source, &e.Key, &e.URL, &e.Title, &seen, &e.Article, &e.Error, &e.Attempts, &nextTry)
	e.Seen, e.NextTry = fromNanos(seen), fromNanos(nextTry)
	return e, err
}

// Entry returns the entry with the key in the source.
func (db *DB) Entry(ctx context.Context, source, key string) (parallax.Entry, bool, error) {
	e, err := scanEntry(db.r.QueryRowContext(ctx, `SELECT `+entryCols+`
		FROM entries e JOIN sources s ON s.seq = e.source WHERE s.id = ? AND e.key = ?`, source, key))
	switch {
	case errors.Is(err, sql.ErrNoRows):
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
	res, err := db.w.ExecContext(ctx, `INSERT OR REPLACE INTO entries(source, key, url, title, seen, article, error, attempts, next_try)
		SELECT seq, ?, ?, ?, ?, ?, ?, ?, ? FROM sources WHERE id = ?`,
		e.Key, e.URL, e.Title, t[0], e.Article, e.Error, e.Attempts, t[1], e.Source)
	if err != nil {
		return fmt.Errorf("storing entry %q of source %q: %w", e.Key, e.Source, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return parallax.Errorf(parallax.ENotFound, "source %q not found", e.Source)
	}
	return nil
}

// FailedEntries lists the failed entries due by now (all for a zero now),
// of one source or of all for source "", oldest first.
func (db *DB) FailedEntries(ctx context.Context, source string, now time.Time) ([]parallax.Entry, error) {
	due := int64(1<<63 - 1)
	if !now.IsZero() {
		v, err := nanos(now)
		if err != nil {
			return nil, err
		}
		due = v.(int64)
	}
	rows, err := db.r.QueryContext(ctx, `SELECT `+entryCols+`
		FROM entries e JOIN sources s ON s.seq = e.source
		WHERE e.article = '' AND coalesce(e.next_try, 0) <= ? AND (? = '' OR s.id = ?)
		ORDER BY e.seen, e.key`, due, source, source)
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
