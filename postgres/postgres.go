// Package postgres is the shared parallax.Store: the same articles, analyses,
// stories, inverted indexes and search as the embedded sqlite store, kept in
// a PostgreSQL (15 or later) database through pgx, so that several parallax
// processes on several machines can work on one store.
//
// The schema mirrors sqlite's: times are Unix nanoseconds in bigint columns
// (timestamptz keeps only microseconds, and the store must give back exactly
// the times it was given), story profiles are an inverted index keyed by
// clustering key, LSH bands are rows, and search is a tsvector column with a
// GIN index. Writers are serialised by a transaction-level advisory lock, so
// the one-writer-at-a-time contract of parallax.Store holds across processes
// just as SQLite's single writer does (see Begin).
package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/parallax-news/parallax"
)

var _ parallax.Store = (*DB)(nil)

// DB is a parallax.Store kept in a PostgreSQL database. It is safe for
// concurrent use, and several DBs (in several processes) may share one
// database.
type DB struct {
	pool *pgxpool.Pool
}

// Advisory lock keys. Advisory locks are local to a database, so parallax
// stores in different databases of one server never wait for each other.
const (
	// writerLock is held by every write transaction (Begin, Delete).
	writerLock int64 = 0x706172616c6c6178 // "parallax"
	// migrateLock is held while the schema is checked and migrated.
	migrateLock int64 = writerLock + 1
)

// Open connects to the database named by dsn (a postgres:// or
// postgresql:// URL, or a libpq key=value string), applies pending
// migrations and returns the store. A database written by a newer parallax
// is refused with an error wrapping ErrNewerSchema. The database must use
// the UTF8 encoding; the first migration installs the unaccent extension
// (trusted since PostgreSQL 13, so the database owner may install it).
func Open(ctx context.Context, dsn string) (*DB, error) {
	if strings.TrimSpace(dsn) == "" {
		return nil, parallax.Errorf(parallax.EInvalid, "opening store: empty database address")
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's parse errors already hide the password.
		return nil, parallax.Errorf(parallax.EInvalid, "opening store: %v", err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("opening store %s: %w", Redacted(dsn), err)
	}
	db := &DB{pool: pool}
	if err := db.check(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("opening store %s: %w", Redacted(dsn), err)
	}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("opening store %s: %w", Redacted(dsn), err)
	}
	return db, nil
}

// check refuses a database whose encoding cannot hold every article: text
// in LATIN1 or SQL_ASCII would fail or be mangled far from its cause.
func (db *DB) check(ctx context.Context) error {
	var enc string
	if err := db.pool.QueryRow(ctx, `SHOW server_encoding`).Scan(&enc); err != nil {
		return err
	}
	if enc != "UTF8" {
		return parallax.Errorf(parallax.EInvalid,
			"database encoding is %s; parallax needs UTF8 (CREATE DATABASE … ENCODING 'UTF8' TEMPLATE template0)", enc)
	}
	return nil
}

// Close releases the store's connections.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Pool returns the store's connection pool, for tools and tests that need
// to look at the database directly.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// Redacted returns dsn fit for messages and logs: a URL without its
// password; other forms (key=value strings) are reduced to "postgres".
func Redacted(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		return "postgres"
	}
	return u.Redacted()
}

// Times are stored as Unix nanoseconds, NULL for the zero time.

// nanos returns t as a column value: nil for the zero time.
func nanos(t time.Time) (any, error) {
	if t.IsZero() {
		return nil, nil
	}
	// UnixNano is undefined outside these years; refuse rather than store garbage.
	if y := t.Year(); y < 1678 || y > 2261 {
		return nil, parallax.Errorf(parallax.EInvalid, "time %s out of the storable range", t.Format(time.RFC3339))
	}
	return t.UnixNano(), nil
}

// fromNanos turns a nullable nanosecond column into a time, zero for NULL.
func fromNanos(n *int64) time.Time {
	if n == nil {
		return time.Time{}
	}
	return time.Unix(0, *n).UTC()
}

// inputError turns the PostgreSQL errors that are the input's fault into
// EInvalid errors: text PostgreSQL cannot hold (a NUL byte, invalid UTF-8,
// which SQLite would have stored) and values beyond its limits (a tsvector
// over 1 MB). Other errors pass unchanged.
func inputError(err error, what string) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case "22021", "22P05": // character_not_in_repertoire, untranslatable_character
		return parallax.Errorf(parallax.EInvalid, "%s: text PostgreSQL cannot store (a NUL byte or invalid UTF-8): %s", what, pe.Message)
	case "54000": // program_limit_exceeded
		return parallax.Errorf(parallax.EInvalid, "%s: too large: %s", what, pe.Message)
	}
	return err
}

// isNoRows reports whether err is pgx's "no rows in result set".
func isNoRows(err error) bool { return errors.Is(err, pgx.ErrNoRows) }
