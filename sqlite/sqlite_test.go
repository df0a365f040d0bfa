package sqlite_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"database/sql"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/sqlite"
	"github.com/parallax-news/parallax/storetest"
)

func open(t testing.TB, path string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return db
}

func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) parallax.Store {
		return open(t, filepath.Join(t.TempDir(), "parallax.db"))
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
	path := filepath.Join(t.TempDir(), "odd ?#% name.db") // characters a file: URI must escape
	db := open(t, path)
	put(t, db, storetest.Rec("a", "The Orlan bridge reopened.", storetest.Keys("t:bridge", 1.5)))
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	for i := range 2 { // migrations are idempotent: reopening applies nothing twice
		db = open(t, path)
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
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(filepath.Dir(path), "odd %3f%23%25 name.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var v int
	if err := raw.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != sqlite.SchemaVersion() || v < 1 {
		t.Errorf("user_version = %d, %v; want %d", v, err, sqlite.SchemaVersion())
	}
}

func TestNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "future.db")
	open(t, path).Close()
	raw, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec(fmt.Sprintf("PRAGMA user_version = %d", sqlite.SchemaVersion()+1)); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	db, err := sqlite.Open(context.Background(), path)
	if !errors.Is(err, sqlite.ErrNewerSchema) {
		t.Fatalf("Open of a newer schema: %v, want ErrNewerSchema", err)
	}
	if db != nil {
		t.Error("Open returned a store with its error")
	}
}

func TestOpenErrors(t *testing.T) {
	if _, err := sqlite.Open(context.Background(), ""); err == nil {
		t.Error("Open(\"\") succeeded")
	}
	if _, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")); err == nil {
		t.Error("Open in a missing directory succeeded")
	}
}

// TestReadDuringWrite checks that readers are not blocked by an open write
// transaction (WAL) and see only committed data.
func TestReadDuringWrite(t *testing.T) {
	ctx := context.Background()
	db := open(t, filepath.Join(t.TempDir(), "p.db"))
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

	rctx, cancel := context.WithTimeout(ctx, 5*time.Second)
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

// TestWritersQueue checks that a second Begin waits for the first
// transaction rather than failing, and honours its context while waiting.
func TestWritersQueue(t *testing.T) {
	ctx := context.Background()
	db := open(t, filepath.Join(t.TempDir(), "p.db"))
	defer db.Close()
	tx, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
	defer cancel()
	if _, err := db.Begin(short); err == nil {
		t.Fatal("second Begin did not wait for the first")
	}
	done := make(chan error, 1)
	go func() {
		tx2, err := db.Begin(ctx)
		if err == nil {
			err = tx2.Put(ctx, storetest.Rec("w2", "Second writer."))
			if err == nil {
				err = tx2.Commit()
			}
		}
		done <- err
	}()
	if err := tx.Put(ctx, storetest.Rec("w1", "First writer.")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("second writer: %v", err)
	}
	for _, id := range []string{"w1", "w2"} {
		if _, err := db.Article(ctx, id); err != nil {
			t.Error(err)
		}
	}
}
