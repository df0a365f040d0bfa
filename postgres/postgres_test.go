package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/internal/pgtest"
	"github.com/parallax-news/parallax/postgres"
	"github.com/parallax-news/parallax/storetest"
)

// The tests run against a real PostgreSQL server (internal/pgtest): one
// per package run, one database or schema per test. Without the server
// binaries they skip, and under CI=true they fail.

func TestMain(m *testing.M) {
	os.Exit(pgtest.Main(m))
}

// newDSN returns the address of a new, empty store location.
func newDSN(t testing.TB) string {
	t.Helper()
	return pgtest.NewDSN(t)
}

// emptyDSN returns the address of a new, empty database, for the tests of
// Open and its migrations.
func emptyDSN(t testing.TB) string {
	t.Helper()
	return pgtest.EmptyDSN(t)
}

func open(t testing.TB, dsn string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return db
}

func TestStore(t *testing.T) {
	pgtest.Get(t)
	storetest.Run(t, func(t *testing.T) parallax.Store {
		return open(t, newDSN(t))
	})
}

func put(t testing.TB, s parallax.Store, recs ...*parallax.Record) {
	t.Helper()
	ctx := context.Background()
	tx, err := s.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, r := range recs {
		if err := tx.Put(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
}

func TestReopen(t *testing.T) {
	ctx := context.Background()
	dsn := emptyDSN(t)
	db := open(t, dsn)
	put(t, db, storetest.Rec("a", "The Orlan bridge reopened.", storetest.Keys("t:bridge", 1.5)))
	db.Close()
	for i := range 2 { // migrations are idempotent: reopening applies nothing twice
		db = open(t, dsn)
		a, err := db.Article(ctx, "a")
		if err != nil || a.Text != "The Orlan bridge reopened." {
			t.Fatalf("reopen %d: %+v, %v", i, a, err)
		}
		tx, err := db.Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		df, total, err := tx.DocFreq(ctx, []string{"t:bridge"})
		tx.Rollback()
		if err != nil || total != 1 || df["t:bridge"] != 1 {
			t.Errorf("reopen %d: DocFreq = %v, %d, %v", i, df, total, err)
		}
		var n, v int
		if err := db.Pool().QueryRow(ctx, `SELECT count(*), max(version) FROM schema_migrations`).Scan(&n, &v); err != nil ||
			n != postgres.SchemaVersion() || v != postgres.SchemaVersion() || v < 1 {
			t.Errorf("schema_migrations: %d rows, version %d, %v; want %d", n, v, err, postgres.SchemaVersion())
		}
		db.Close()
	}
}

// TestOpenConcurrently opens one new database from several stores at once,
// as several processes starting together would: the migration lock lets
// one apply the schema and the others find it done.
func TestOpenConcurrently(t *testing.T) {
	dsn := emptyDSN(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := postgres.Open(context.Background(), dsn)
			if err == nil {
				db.Close()
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestNewerSchema(t *testing.T) {
	ctx := context.Background()
	dsn := newDSN(t)
	db := open(t, dsn)
	if _, err := db.Pool().Exec(ctx, `INSERT INTO schema_migrations(version, name) VALUES ($1, 'future.sql')`,
		postgres.SchemaVersion()+1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err := postgres.Open(ctx, dsn)
	if !errors.Is(err, postgres.ErrNewerSchema) {
		t.Fatalf("Open of a newer schema: %v, want ErrNewerSchema", err)
	}
	if db != nil {
		t.Error("Open returned a store with its error")
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := postgres.Open(ctx, ""); parallax.ErrorCode(err) != parallax.EInvalid {
		t.Errorf("Open(\"\") = %v, want invalid", err)
	}
	if _, err := postgres.Open(ctx, "postgres://u:secret@[::1"); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("Open(bad URL) = %v: want an error without the password", err)
	}
	srv := pgtest.Get(t)
	// A database that does not exist: an error naming the address, not the password.
	dsn := strings.Replace(srv.DSN("nosuchdb"), "postgres@", "postgres:hunter2@", 1)
	_, err := postgres.Open(ctx, dsn)
	if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "nosuchdb") {
		t.Errorf("Open(missing database) = %v", err)
	}
	// A database in another encoding.
	if err := srv.Exec(ctx, `CREATE DATABASE latin TEMPLATE template0 ENCODING 'LATIN1' LC_CTYPE 'C' LC_COLLATE 'C'`); err != nil {
		t.Fatal(err)
	}
	if _, err := postgres.Open(ctx, srv.DSN("latin")); parallax.ErrorCode(err) != parallax.EInvalid || !strings.Contains(err.Error(), "UTF8") {
		t.Errorf("Open(LATIN1 database) = %v, want an invalid error naming UTF8", err)
	}
}

func TestRedacted(t *testing.T) {
	for dsn, want := range map[string]string{
		"postgres://parallax:s3cret@db.example:5432/news?sslmode=require": "postgres://parallax:xxxxx@db.example:5432/news?sslmode=require",
		"postgresql://db.example/news":                                    "postgresql://db.example/news",
		"host=db.example password=s3cret":                                 "postgres",
	} {
		if got := postgres.Redacted(dsn); got != want {
			t.Errorf("Redacted(%q) = %q, want %q", dsn, got, want)
		}
	}
}

// TestUnstorableText: text PostgreSQL cannot hold (NUL, invalid UTF-8),
// which SQLite stores as given, is an EInvalid error for that record only.
func TestUnstorableText(t *testing.T) {
	ctx := context.Background()
	db := open(t, newDSN(t))
	defer db.Close()
	tx, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	for _, text := range []string{"A NUL \x00 in the text.", "Invalid \xff UTF-8."} {
		if err := tx.Put(ctx, storetest.Rec("bad", text)); parallax.ErrorCode(err) != parallax.EInvalid {
			t.Errorf("Put(%q) = %v, want invalid", text, err)
		}
	}
	if err := tx.Put(ctx, storetest.Rec("good", "A clean text about the Tamsin tunnel.")); err != nil {
		t.Fatalf("Put after rejected records: %v", err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Article(ctx, "good"); err != nil {
		t.Error(err)
	}
	if _, err := db.Article(ctx, "bad\x00"); parallax.ErrorCode(err) != parallax.ENotFound {
		t.Errorf("Article(id with NUL) = %v, want not found", err)
	}
}

// TestReadDuringWrite checks that readers are not blocked by an open write
// transaction and see only committed data.
func TestReadDuringWrite(t *testing.T) {
	ctx := context.Background()
	db := open(t, newDSN(t))
	defer db.Close()
	put(t, db, storetest.Rec("a", "Committed text about the Tamsin tunnel."))

	tx, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if err := tx.Put(ctx, storetest.Rec("b", "Uncommitted text about the Tamsin tunnel.")); err != nil {
		t.Fatal(err)
	}
	rctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := db.Article(rctx, "a"); err != nil {
				errs <- fmt.Errorf("reader %d: Article: %w", i, err)
			}
			if _, err := db.Article(rctx, "b"); parallax.ErrorCode(err) != parallax.ENotFound {
				errs <- fmt.Errorf("reader %d saw uncommitted data: %v", i, err)
			}
			res, err := db.Search(rctx, parallax.SearchFilter{Query: "tunnel"})
			if err != nil || res.Total != 1 {
				errs <- fmt.Errorf("reader %d: Search = %+v, %v", i, res, err)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Article(ctx, "b"); err != nil {
		t.Errorf("after commit: %v", err)
	}
}

// TestWritersQueue checks that writers queue on the advisory lock across
// stores, as separate processes on one database would: a second Begin (or
// Delete) waits for the first transaction, honours its context while
// waiting, and then sees what the first committed.
func TestWritersQueue(t *testing.T) {
	ctx := context.Background()
	dsn := newDSN(t)
	db1, db2 := open(t, dsn), open(t, dsn)
	defer db1.Close()
	defer db2.Close()
	put(t, db1, storetest.Rec("old", "An older article about the Corvel airport."))

	tx, err := db1.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	short, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
	defer cancel()
	if tx2, err := db2.Begin(short); err == nil {
		tx2.Rollback()
		t.Fatal("second Begin did not wait for the first")
	}
	if err := db2.Delete(short, "old"); err == nil {
		t.Fatal("Delete did not wait for the open write transaction")
	}

	done := make(chan error, 1)
	go func() {
		tx2, err := db2.Begin(ctx)
		if err != nil {
			done <- err
			return
		}
		defer tx2.Rollback()
		// The first writer's article is visible as soon as the lock is ours,
		// so the second can place against it.
		if h, err := tx2.TextHash(ctx, "w1"); err != nil || h == "" {
			done <- fmt.Errorf("second writer does not see the first's commit: %q, %v", h, err)
			return
		}
		if err := tx2.Put(ctx, storetest.Rec("w2", "Second writer.", storetest.Joins("s-w1", 0.5))); err != nil {
			done <- err
			return
		}
		done <- tx2.Commit()
	}()
	if err := tx.Put(ctx, storetest.Rec("w1", "First writer.")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("second writer finished while the first held the lock: %v", err)
	default:
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("second writer: %v", err)
	}
	sum, _, err := db1.Story(ctx, "s-w1")
	if err != nil || len(sum.Articles) != 2 {
		t.Errorf("story s-w1 = %+v, %v; want w1 and w2", sum, err)
	}
}

// TestConcurrentWriters runs batches from several stores at once; each
// checks what it reads inside its transaction, which only holds if the
// batches never interleave.
func TestConcurrentWriters(t *testing.T) {
	ctx := context.Background()
	dsn := newDSN(t)
	const writers, batches = 4, 5
	var wg sync.WaitGroup
	errs := make(chan error, writers*batches)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := postgres.Open(ctx, dsn)
			if err != nil {
				errs <- err
				return
			}
			defer db.Close()
			for b := range batches {
				if err := counterBatch(ctx, db, fmt.Sprintf("w%d-b%d", w, b)); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// counterBatch reads the article total, stores three articles and checks
// the total rose by exactly three before committing.
func counterBatch(ctx context.Context, db *postgres.DB, name string) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	_, before, err := tx.DocFreq(ctx, nil)
	if err != nil {
		return err
	}
	for i := range 3 {
		id := fmt.Sprintf("%s-%d", name, i)
		if err := tx.Put(ctx, storetest.Rec(id, "Shared key article "+id+".", storetest.Keys("t:shared", 1.0))); err != nil {
			return err
		}
		time.Sleep(time.Millisecond) // give another writer a chance to interleave, were it able to
	}
	df, after, err := tx.DocFreq(ctx, []string{"t:shared"})
	if err != nil {
		return err
	}
	if after != before+3 || df["t:shared"] != after {
		return fmt.Errorf("%s: total %d -> %d, df %d: another writer interleaved", name, before, after, df["t:shared"])
	}
	return tx.Commit()
}

// TestSearchLimits: PostgreSQL indexes words of at most 2047 bytes and
// tsvectors of at most 1 MB. A huge text is still stored (its first 240 KB
// of words searchable), and a query word too long to be indexed matches
// nothing rather than being dropped from the query.
func TestSearchLimits(t *testing.T) {
	ctx := context.Background()
	db := open(t, newDSN(t))
	defer db.Close()
	var b strings.Builder
	b.WriteString("Opening words about the Tamsin tunnel. ")
	for i := 0; b.Len() < 2<<20; i++ {
		fmt.Fprintf(&b, "w%x ", i*7919) // distinct words, the worst case for a tsvector
	}
	long := strings.Repeat("x", 3000)
	put(t, db,
		storetest.Rec("huge", b.String()),
		storetest.Rec("long", "A ferry with a "+long+" in it."))
	if a, err := db.Article(ctx, "huge"); err != nil || len(a.Text) != b.Len() {
		t.Fatalf("huge article not stored whole: %v", err)
	}
	for q, want := range map[string]int{"tunnel": 1, "ferry": 1, "ferry " + long: 0, long: 0} {
		res, err := db.Search(ctx, parallax.SearchFilter{Query: q})
		if err != nil || res.Total != want {
			t.Errorf("Search(%.20q…) = %d hits, %v; want %d", q, res.Total, err, want)
		}
	}
}
