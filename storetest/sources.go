package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/parallax-news/parallax"
)

func sourceStore(t *testing.T, s parallax.Store) parallax.SourceStore {
	t.Helper()
	ss, ok := s.(parallax.SourceStore)
	if !ok {
		t.Fatalf("%T does not implement parallax.SourceStore", s)
	}
	return ss
}

// testSources: sources are added once per URL, keep their fetch state and
// come back in the order they were added.
func testSources(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	ss := sourceStore(t, s)
	a, created, err := ss.AddSource(ctx, parallax.Source{URL: "https://north.example/feed.xml", Title: "North", Added: at(0)})
	if err != nil || !created || a.ID != parallax.SourceID("https://north.example/feed.xml") || a.Title != "North" || !a.Added.Equal(at(0)) {
		t.Fatalf("AddSource: %+v, created %v, %v", a, created, err)
	}
	again, created, err := ss.AddSource(ctx, parallax.Source{URL: "https://north.example/feed.xml", Title: "Other name"})
	if err != nil || created || again.Title != "North" {
		t.Fatalf("adding the same URL again: %+v, created %v, %v", again, created, err)
	}
	if _, _, err := ss.AddSource(ctx, parallax.Source{URL: "https://south.example/rss", Added: at(1)}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ss.AddSource(ctx, parallax.Source{}); parallax.ErrorCode(err) != parallax.EInvalid {
		t.Errorf("a source without URL: %v, want invalid", err)
	}

	a.Paused, a.ETag, a.LastModified = true, `"v7"`, "Tue, 04 Mar 2031 08:00:00 GMT"
	a.LastFetch, a.LastOK, a.NextFetch = at(2), at(1.5), at(3)
	a.LastError, a.Failures = "fetching https://north.example/feed.xml: 503 Service Unavailable", 1
	if err := ss.UpdateSource(ctx, a); err != nil {
		t.Fatal(err)
	}
	got, err := ss.Source(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Paused || got.ETag != a.ETag || got.LastModified != a.LastModified || !got.LastFetch.Equal(at(2)) ||
		!got.LastOK.Equal(at(1.5)) || !got.NextFetch.Equal(at(3)) || got.LastError != a.LastError || got.Failures != 1 {
		t.Errorf("state not kept: %+v", got)
	}
	list, err := ss.Sources(ctx)
	if err != nil || len(list) != 2 || list[0].ID != a.ID || list[1].URL != "https://south.example/rss" {
		t.Fatalf("Sources: %+v, %v", list, err)
	}
	if _, err := ss.Source(ctx, "nope"); parallax.ErrorCode(err) != parallax.ENotFound {
		t.Errorf("unknown source: %v", err)
	}
	if err := ss.UpdateSource(ctx, parallax.Source{ID: "nope"}); parallax.ErrorCode(err) != parallax.ENotFound {
		t.Errorf("updating an unknown source: %v", err)
	}
}

// testEntries: an entry is stored once per key and replaced, failed entries
// are listed when due, counts show on the source, and deleting the source
// takes its entries (never the articles).
func testEntries(t *testing.T, s parallax.Store) {
	ctx := context.Background()
	ss := sourceStore(t, s)
	src, _, err := ss.AddSource(ctx, parallax.Source{URL: "https://north.example/feed.xml"})
	if err != nil {
		t.Fatal(err)
	}
	other, _, err := ss.AddSource(ctx, parallax.Source{URL: "https://south.example/rss"})
	if err != nil {
		t.Fatal(err)
	}
	put := func(e parallax.Entry) {
		t.Helper()
		if err := ss.PutEntry(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	put(parallax.Entry{Source: src.ID, Key: "guid-1", URL: "https://north.example/a", Seen: at(0), Article: "art-1", Attempts: 1})
	put(parallax.Entry{Source: src.ID, Key: "guid-2", URL: "https://north.example/b", Seen: at(1), Error: "extracting: no main text", Attempts: 1, NextTry: at(2)})
	put(parallax.Entry{Source: other.ID, Key: "guid-2", Seen: at(0.5), Error: "fetching: timeout", Attempts: 3, NextTry: at(5)})

	e, ok, err := ss.Entry(ctx, src.ID, "guid-2")
	if err != nil || !ok || e.Error != "extracting: no main text" || !e.NextTry.Equal(at(2)) || e.URL != "https://north.example/b" {
		t.Fatalf("Entry: %+v, %v, %v", e, ok, err)
	}
	if _, ok, err := ss.Entry(ctx, src.ID, "guid-9"); ok || err != nil {
		t.Errorf("an unseen key: ok %v, %v", ok, err)
	}
	keys := func(es []parallax.Entry) (out []string) {
		for _, e := range es {
			out = append(out, e.Source+"/"+e.Key)
		}
		return out
	}
	due, err := ss.FailedEntries(ctx, "", at(3))
	if err != nil || len(due) != 1 || due[0].Key != "guid-2" || due[0].Source != src.ID {
		t.Errorf("due at 3h: %v, %v", keys(due), err)
	}
	all, err := ss.FailedEntries(ctx, "", time.Time{})
	if err != nil || len(all) != 2 || all[0].Source != other.ID {
		t.Errorf("all failed, oldest first: %v, %v", keys(all), err)
	}
	if mine, _ := ss.FailedEntries(ctx, other.ID, time.Time{}); len(mine) != 1 || mine[0].Attempts != 3 {
		t.Errorf("failed entries of one source: %+v", mine)
	}
	got, _ := ss.Source(ctx, src.ID)
	if got.Entries != 2 || got.Failed != 1 {
		t.Errorf("counts: %d entries, %d failed; want 2, 1", got.Entries, got.Failed)
	}

	// A retry that works replaces the entry.
	put(parallax.Entry{Source: src.ID, Key: "guid-2", URL: "https://north.example/b", Seen: at(1), Article: "art-2", Attempts: 2})
	if due, _ := ss.FailedEntries(ctx, src.ID, time.Time{}); len(due) != 0 {
		t.Errorf("a stored entry is still listed as failed: %v", keys(due))
	}
	if err := ss.PutEntry(ctx, parallax.Entry{Source: "nope", Key: "k"}); parallax.ErrorCode(err) != parallax.ENotFound {
		t.Errorf("an entry of an unknown source: %v", err)
	}
	if err := ss.PutEntry(ctx, parallax.Entry{Source: src.ID}); parallax.ErrorCode(err) != parallax.EInvalid {
		t.Errorf("an entry without key: %v", err)
	}
	if err := ss.DeleteSource(ctx, src.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := ss.Entry(ctx, src.ID, "guid-1"); ok {
		t.Error("the deleted source's entries remain")
	}
	if err := ss.DeleteSource(ctx, src.ID); parallax.ErrorCode(err) != parallax.ENotFound {
		t.Errorf("deleting twice: %v", err)
	}
	if e, ok, _ := ss.Entry(ctx, other.ID, "guid-2"); !ok || e.Attempts != 3 {
		t.Errorf("the other source's entry was touched: %+v", e)
	}
}
