package http

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/sqlite"
)

// TestAgainstSQLite runs the API and pages over a real SQLite store holding
// records put through a transaction, so the handlers meet real store errors,
// real JSON and real search results, not only the fake's.
func TestAgainstSQLite(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })

	pub := time.Date(2016, 11, 10, 9, 0, 0, 0, time.UTC)
	rec := func(id, outlet, story, dup, text string, newStory bool, h int) *parallax.Record {
		r := &parallax.Record{
			Article: parallax.Article{ID: id, URL: "https://" + outlet + "/" + id, Outlet: outlet,
				Title: "Title " + id, Published: pub.Add(time.Duration(h) * time.Hour), Language: "en",
				ContentType: parallax.ContentText, Body: []byte(text), Origin: "test:" + id, Fetched: pub.Add(48 * time.Hour)},
			Document:  parallax.Document{Title: "Title " + id, Text: text, Language: "en", Published: pub.Add(time.Duration(h) * time.Hour)},
			Analysis:  parallax.Analysis{Language: "en", Paragraphs: []parallax.Span{{Start: 0, End: len(text)}}},
			Placement: parallax.Placement{Story: story, NewStory: newStory, DuplicateOf: dup},
			TextHash:  parallax.ContentID(text),
		}
		if i := strings.Index(text, "Ryabkov"); i >= 0 {
			r.Analysis.Mentions = []parallax.Mention{{Span: parallax.Span{Start: i, End: i + len("Ryabkov")}, Kind: parallax.Person, Name: "Ryabkov"}}
		}
		if i := strings.Index(text, "“"); i >= 0 {
			j := strings.Index(text, "”")
			r.Analysis.Quotes = []parallax.Quote{{Content: parallax.Span{Start: i + len("“"), End: j}, Speaker: "Ryabkov", Direct: true}}
		}
		return r
	}
	body := "Ryabkov said there were contacts. “We know most of them,” Ryabkov said."
	tx, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*parallax.Record{
		rec("r1", "cnn.com", "st1", "", body, true, 0),
		rec("r2", "timesofisrael.com", "st1", "r1", body, false, 2),
		rec("r3", "tpm.com", "st2", "", "Hicks denied any contact with <b>officials</b>.", true, 5),
	} {
		if err := tx.Put(ctx, r); err != nil {
			t.Fatalf("put %s: %v", r.Article.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	srv, err := NewServer(Config{Store: db, Ingester: &fakeIngester{store: newFakeStore()}, Decode: fakeDecode, Token: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, h: srv.Handler()}

	list := jsonBody[[]map[string]any](t, f.do("GET", "/api/stories", nil))
	if len(list) != 2 || list[0]["id"] != "st2" {
		t.Fatalf("stories = %v", list)
	}
	wantKeys(t, "story summary", list[1], "id", "title", "updated", "articles", "outlets")

	view := jsonBody[map[string]any](t, f.do("GET", "/api/stories/st1", nil))
	wantKeys(t, "story view", view, "id", "articles", "entities", "quotes")
	if n := len(view["articles"].([]any)); n != 2 {
		t.Errorf("st1 has %d articles, want 2", n)
	}

	art := jsonBody[map[string]any](t, f.do("GET", "/api/articles/r2", nil))
	wantKeys(t, "article", art, "id", "url", "outlet", "title", "published", "language", "text", "story", "duplicate_of")
	if art["duplicate_of"] != "r1" || art["story"] != "st1" || art["text"] != body {
		t.Errorf("article = %v", art)
	}
	wantError(t, f.do("GET", "/api/articles/none", nil), 404, parallax.ENotFound)
	wantError(t, f.do("GET", "/api/stories/none", nil), 404, parallax.ENotFound)

	res := jsonBody[map[string]any](t, f.do("GET", "/api/search?q=contacts&outlet=cnn.com&from=2016-11-10&to=2016-11-10", nil))
	hits := res["hits"].([]any)
	if len(hits) != 1 || hits[0].(map[string]any)["id"] != "r1" {
		t.Errorf("search = %v", res)
	}
	wantError(t, f.do("GET", "/api/search?from=nope", nil), 400, parallax.EInvalid)

	// Pages render over real data.
	doc := f.page("/stories/st1", 200)
	if n := len(all(t, doc, "#articles .copies a")); n != 1 {
		t.Errorf("%d folded copies, want 1", n)
	}
	doc = f.page("/articles/r1", 200)
	if got := text(one(t, doc, "#article-text")); got != body {
		t.Errorf("article page text %q", got)
	}
	if len(all(t, doc, "#article-text mark.entity")) == 0 || len(all(t, doc, "#article-text mark.quote#q-0")) != 1 {
		t.Error("highlights missing")
	}
	f.page("/search?q=denied", 200)
	if page := f.do("GET", "/articles/r3", nil).Body.String(); strings.Contains(page, "<b>officials") {
		t.Error("article markup reached the page raw")
	}

	// Deletes need the token, then remove the article and its empty story.
	wantError(t, f.do("DELETE", "/api/articles/r3", nil), 401, parallax.EUnauthorized)
	if rec := f.do("DELETE", "/api/articles/r3", nil, "Authorization", "Bearer tok"); rec.Code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", rec.Code, rec.Body)
	}
	wantError(t, f.do("GET", "/api/stories/st2", nil), 404, parallax.ENotFound)
	wantError(t, f.do("DELETE", "/api/articles/r3", nil, "Authorization", "Bearer tok"), 404, parallax.ENotFound)

	hz := httptest.NewRecorder()
	srv.Handler().ServeHTTP(hz, httptest.NewRequest("GET", "/healthz", nil))
	if hz.Code != 200 {
		t.Errorf("healthz %d", hz.Code)
	}
}
