// Package sqlite is the embedded parallax.Store: one SQLite file in WAL mode
// holding articles, analyses, stories with their key profiles (an inverted
// index for the clusterer), LSH bands for copy detection and an FTS5 index
// for search. It uses the pure-Go modernc.org/sqlite driver.
//
// Writes go through a single connection, so there is one writer at a time;
// reads use a separate pool of read-only connections and, thanks to WAL, run
// while a write transaction is open.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/parallax-news/parallax"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

var _ parallax.Store = (*DB)(nil)

// DB is a parallax.Store kept in one SQLite file. It is safe for concurrent use.
type DB struct {
	path string
	w    *sql.DB // one connection: Begin and Delete queue on it
	r    *sql.DB // read-only connections for the Store's read methods
}

// busyTimeout is how long a connection waits for a lock held by another
// process (a second parallax on the same file) before failing.
const busyTimeout = 10 * time.Second

// Open opens (creating if needed) the database at path, applies pending
// migrations and returns the store. A database written by a newer parallax is
// refused with an error wrapping ErrNewerSchema.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, parallax.Errorf(parallax.EInvalid, "opening store: empty database path")
	}
	db := &DB{path: path}
	base := "file:" + escapePath(path) + fmt.Sprintf("?_pragma=busy_timeout(%d)&_pragma=foreign_keys(1)", busyTimeout.Milliseconds())

	// The writer sets the persistent journal mode and starts every transaction
	// with BEGIN IMMEDIATE: it takes the write lock up front, so two writers
	// (in two processes) queue on busy_timeout instead of failing with
	// SQLITE_BUSY when one upgrades a read lock.
	// temp_store(MEMORY) keeps Put's savepoint journal off the disk, and a
	// 64 MiB cache keeps a 500-record batch from spilling pages to the WAL
	// before Commit.
	w, err := sql.Open("sqlite", base+"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"+
		"&_pragma=temp_store(MEMORY)&_pragma=cache_size(-65536)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("opening store: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	db.w = w
	if err := db.migrate(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("opening store %s: %w", path, err)
	}

	r, err := sql.Open("sqlite", base+"&_pragma=temp_store(MEMORY)&_pragma=cache_size(-16384)&_pragma=query_only(1)")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("opening store: %w", err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	db.r = r
	if err := r.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening store %s: %w", path, err)
	}
	return db, nil
}

// Close releases the store's connections.
func (db *DB) Close() error {
	var errs []error
	if db.r != nil {
		errs = append(errs, db.r.Close())
	}
	if db.w != nil {
		// A passive checkpoint on the way out keeps the WAL file small for
		// the next open; failure here loses nothing.
		_, _ = db.w.Exec("PRAGMA wal_checkpoint(PASSIVE)")
		errs = append(errs, db.w.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("closing store: %w", err)
	}
	return nil
}

// Path returns the database file name the store was opened with.
func (db *DB) Path() string { return db.path }

// escapePath makes path safe inside a file: URI, where SQLite decodes %HH
// escapes and the driver splits the query string off at the first '?'.
func escapePath(path string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return r.Replace(path)
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
func fromNanos(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(0, n.Int64).UTC()
}
