package http

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/sqlite"
)

// sourcesFixture is a server over a real SQLite store, which keeps sources.
func sourcesFixture(t *testing.T, token string) (*fixture, *sqlite.DB) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	srv, err := NewServer(Config{Store: db, Ingester: &fakeIngester{store: newFakeStore()}, Decode: fakeDecode, Token: token})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, h: srv.Handler()}, db
}

func TestAPISources(t *testing.T) {
	f, db := sourcesFixture(t, "tok")
	auth := []string{"Authorization", "Bearer tok", "Content-Type", "application/json"}
	post := func(body string) *httptest.ResponseRecorder {
		return f.do("POST", "/api/sources", strings.NewReader(body), auth...)
	}
	rec := post(`{"url":"https://north.example/feed.xml#x","title":" North Daily "}`)
	if rec.Code != http.StatusCreated {
		t.Fatalf("add: %d %s", rec.Code, rec.Body)
	}
	src := jsonBody[map[string]any](t, rec)
	wantKeys(t, "source", src, "id", "url", "title", "paused", "added", "failures", "entries", "failed")
	id := src["id"].(string)
	if src["url"] != "https://north.example/feed.xml" || src["title"] != "North Daily" {
		t.Errorf("added %v", src)
	}
	if rec := post(`{"url":"https://north.example/feed.xml"}`); rec.Code != http.StatusOK {
		t.Errorf("adding again: %d, want 200", rec.Code)
	}
	wantError(t, post(`{"url":"file:///etc/passwd"}`), 400, parallax.EInvalid)
	wantError(t, post(`{"url":"https://a.example/","pasued":true}`), 400, parallax.EInvalid)
	wantError(t, post(``), 400, parallax.EInvalid)
	wantError(t, f.do("POST", "/api/sources", strings.NewReader(`{"url":"https://b.example/"}`), "Content-Type", "application/json"), 401, parallax.EUnauthorized)

	rec = f.do("PATCH", "/api/sources/"+id, strings.NewReader(`{"paused":true}`), auth...)
	if got := jsonBody[map[string]any](t, rec); rec.Code != 200 || got["paused"] != true {
		t.Errorf("pause: %d %v", rec.Code, got)
	}
	wantError(t, f.do("PATCH", "/api/sources/"+id, strings.NewReader(`{"url":"https://c.example/"}`), auth...), 400, parallax.EInvalid)
	wantError(t, f.do("PATCH", "/api/sources/nope", strings.NewReader(`{"paused":false}`), auth...), 404, parallax.ENotFound)

	// A failed entry shows on the source.
	if err := db.PutEntry(context.Background(), parallax.Entry{Source: id, Key: "g1", URL: "https://north.example/a", Seen: time.Now(), Error: "no main text", Attempts: 2}); err != nil {
		t.Fatal(err)
	}
	view := jsonBody[map[string]any](t, f.do("GET", "/api/sources/"+id, nil))
	failed, _ := view["failed_entries"].([]any)
	if len(failed) != 1 || view["failed"] != 1.0 || failed[0].(map[string]any)["error"] != "no main text" {
		t.Errorf("source view %v", view)
	}
	list := jsonBody[[]map[string]any](t, f.do("GET", "/api/sources", nil))
	if len(list) != 1 || list[0]["id"] != id {
		t.Errorf("list %v", list)
	}
	if rec := f.do("DELETE", "/api/sources/"+id, nil, auth...); rec.Code != http.StatusNoContent {
		t.Errorf("delete: %d", rec.Code)
	}
	wantError(t, f.do("GET", "/api/sources/"+id, nil), 404, parallax.ENotFound)

	// A store without sources answers so, not with a 500.
	fake := newFixture(t, "")
	wantError(t, fake.do("GET", "/api/sources", nil), http.StatusNotImplemented, codeUnavailable)
}

func TestUISources(t *testing.T) {
	f, db := sourcesFixture(t, "")
	doc := f.page("/sources", 200)
	one(t, doc, "#add-source input[name=url]")
	if !strings.Contains(text(one(t, doc, "p.empty")), "No sources") {
		t.Error("empty page lacks its hint")
	}
	form := func(v url.Values) *httptest.ResponseRecorder {
		return f.do("POST", "/sources", strings.NewReader(v.Encode()), "Content-Type", "application/x-www-form-urlencoded")
	}
	if rec := form(url.Values{"action": {"add"}, "url": {"https://north.example/feed.xml"}, "title": {"<North>"}}); rec.Code != http.StatusSeeOther {
		t.Fatalf("add: %d %s", rec.Code, rec.Body)
	}
	id := parallax.SourceID("https://north.example/feed.xml")
	src, err := db.Source(context.Background(), id)
	if err != nil || src.Title != "<North>" {
		t.Fatalf("stored %+v, %v", src, err)
	}
	src.LastError = `fetching: 503 <script>alert(1)</script>`
	src.Failures = 2
	if err := db.UpdateSource(context.Background(), src); err != nil {
		t.Fatal(err)
	}
	doc = f.page("/sources", 200)
	row := one(t, doc, "tr.source")
	if got := squash(text(row)); !strings.Contains(got, "<North>") || !strings.Contains(got, "failing (2)") || !strings.Contains(got, "<script>alert(1)</script>") {
		t.Errorf("row %q", got)
	}
	if len(all(t, doc, "tr.source script")) != 0 {
		t.Error("an error message was rendered as markup")
	}
	if rec := form(url.Values{"action": {"pause"}, "id": {id}}); rec.Code != http.StatusSeeOther {
		t.Errorf("pause: %d", rec.Code)
	}
	if s, _ := db.Source(context.Background(), id); !s.Paused {
		t.Error("not paused")
	}
	if rec := form(url.Values{"action": {"add"}, "url": {"javascript:alert(1)"}}); rec.Code != 400 || !strings.Contains(rec.Body.String(), "not an http or https URL") {
		t.Errorf("bad URL: %d", rec.Code)
	}
	if rec := form(url.Values{"action": {"remove"}, "id": {id}}); rec.Code != http.StatusSeeOther {
		t.Errorf("remove: %d", rec.Code)
	}
	if _, err := db.Source(context.Background(), id); parallax.ErrorCode(err) != parallax.ENotFound {
		t.Errorf("after remove: %v", err)
	}
}
