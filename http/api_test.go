package http

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	parallax "github.com/parallax-news/parallax"
)

func TestNewServerConfig(t *testing.T) {
	st := newFakeStore()
	ing := &fakeIngester{store: st}
	for name, tc := range map[string]struct {
		cfg     Config
		wantErr bool
	}{
		"public without token": {Config{Store: st, Ingester: ing, Decode: fakeDecode, Public: true}, true},
		"public with token":    {Config{Store: st, Ingester: ing, Decode: fakeDecode, Public: true, Token: "t"}, false},
		"loopback no token":    {Config{Store: st, Ingester: ing, Decode: fakeDecode}, false},
		"no store":             {Config{Ingester: ing, Decode: fakeDecode}, true},
		"no ingester":          {Config{Store: st, Decode: fakeDecode}, true},
		"no decoder":           {Config{Store: st, Ingester: ing}, true},
		"negative body cap":    {Config{Store: st, Ingester: ing, Decode: fakeDecode, MaxBody: -1}, true},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := NewServer(tc.cfg)
			if (err != nil) != tc.wantErr {
				t.Fatalf("NewServer error = %v, want error %v", err, tc.wantErr)
			}
		})
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8080": true,
		"localhost:0":    true,
		"LOCALHOST:80":   true,
		"[::1]:80":       true,
		"127.0.0.2:80":   true,
		"localhost":      true,
		":8080":          false,
		"0.0.0.0:80":     false,
		"[::]:80":        false,
		"example.com:80": false,
		"10.0.0.1:80":    false,
		"":               false,
	} {
		if got := IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", addr, got, want)
		}
	}
}

func TestAPIStories(t *testing.T) {
	f := newFixture(t, "")
	rec := f.do("GET", "/api/stories?limit=5&offset=0", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	list := jsonBody[[]map[string]any](t, rec)
	if len(list) != 1 {
		t.Fatalf("got %d stories, want 1", len(list))
	}
	wantKeys(t, "story summary", list[0], "id", "title", "updated", "articles", "outlets")
	arts := list[0]["articles"].([]any)
	wantKeys(t, "article meta", arts[0].(map[string]any), "id", "url", "outlet", "title", "published", "language", "duplicate_of")
	if f.store.lastStories.Limit != 5 {
		t.Errorf("store got limit %d, want 5", f.store.lastStories.Limit)
	}

	// Defaults, and an empty page is [] not null.
	rec = f.do("GET", "/api/stories?offset=10", nil)
	if got := strings.TrimSpace(rec.Body.String()); got != "[]" {
		t.Errorf("empty page = %s, want []", got)
	}
	if f.store.lastStories.Limit != defaultStoryLimit {
		t.Errorf("default limit %d, want %d", f.store.lastStories.Limit, defaultStoryLimit)
	}

	for _, q := range []string{"limit=0", "limit=abc", "limit=100000", "offset=-1", "offset=x"} {
		msg := wantError(t, f.do("GET", "/api/stories?"+q, nil), http.StatusBadRequest, parallax.EInvalid)
		if !strings.Contains(msg, strings.Split(q, "=")[0]) {
			t.Errorf("%s: message %q does not name the parameter", q, msg)
		}
	}
}

func TestAPIStory(t *testing.T) {
	f := newFixture(t, "")
	rec := f.do("GET", "/api/stories/s1", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	v := jsonBody[map[string]any](t, rec)
	wantKeys(t, "story view", v, "id", "title", "updated", "articles", "outlets", "entities", "quotes")
	if v["id"] != "s1" || len(v["articles"].([]any)) != 3 {
		t.Errorf("unexpected story %v", v)
	}
	if _, ok := v["entities"].([]any); !ok {
		t.Errorf("entities is %T, want an array (never null)", v["entities"])
	}

	wantError(t, f.do("GET", "/api/stories/nope", nil), http.StatusNotFound, parallax.ENotFound)
}

func TestAPIArticle(t *testing.T) {
	f := newFixture(t, "")
	rec := f.do("GET", "/api/articles/a1", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	a := jsonBody[map[string]any](t, rec)
	wantKeys(t, "article", a, "id", "url", "outlet", "title", "published", "language", "text", "story", "duplicate_of", "mentions", "quotes")
	if a["text"] != ryabkovText || a["story"] != "s1" {
		t.Errorf("unexpected article %v", a)
	}
	if _, ok := a["Analysis"]; ok {
		t.Errorf("the analysis struct leaked into the article JSON")
	}
	// What the analysis found comes as spans into text.
	quotes, _ := a["quotes"].([]any)
	mentions, _ := a["mentions"].([]any)
	if len(quotes) != 1 || len(mentions) != 1 {
		t.Fatalf("quotes %v, mentions %v", a["quotes"], a["mentions"])
	}
	q := quotes[0].(map[string]any)
	c := q["content"].(map[string]any)
	if got := ryabkovText[int(c["start"].(float64)):int(c["end"].(float64))]; q["speaker"] != "Sergei Ryabkov" || !strings.HasPrefix(got, "Obviously") {
		t.Errorf("quote %v covers %q", q, got)
	}
	wantError(t, f.do("GET", "/api/articles/nope", nil), http.StatusNotFound, parallax.ENotFound)
}

func TestAPISearch(t *testing.T) {
	f := newFixture(t, "")
	f.store.hits = parallax.SearchResult{Total: 1, Hits: []parallax.SearchHit{{
		ArticleMeta: parallax.ArticleMeta{ID: "a1", Title: "T"}, Story: "s1", Snippet: "contacts with", Score: 1,
	}}}
	rec := f.do("GET", "/api/search?q=contacts&outlet=cnn.com&entity=Ryabkov&from=2016-11-10&to=2016-11-12&limit=7&offset=1", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	res := jsonBody[map[string]any](t, rec)
	wantKeys(t, "search result", res, "hits", "total")
	hit := res["hits"].([]any)[0].(map[string]any)
	wantKeys(t, "hit", hit, "id", "title", "story", "snippet", "marks", "score")
	if _, ok := hit["marks"].([]any); !ok {
		t.Errorf("marks is %T, want an array", hit["marks"])
	}
	got := f.store.lastSearch
	want := parallax.SearchFilter{
		Query: "contacts", Outlet: "cnn.com", Entity: "Ryabkov",
		From:  time.Date(2016, 11, 10, 0, 0, 0, 0, time.UTC),
		To:    time.Date(2016, 11, 13, 0, 0, 0, 0, time.UTC), // a date "to" includes that day
		Limit: 7, Offset: 1,
	}
	if !got.From.Equal(want.From) || !got.To.Equal(want.To) || got.Query != want.Query ||
		got.Outlet != want.Outlet || got.Entity != want.Entity || got.Limit != want.Limit || got.Offset != want.Offset {
		t.Errorf("filter = %+v, want %+v", got, want)
	}

	rec = f.do("GET", "/api/search?from=2016-11-10T09:00:00%2B03:00&to=2016-11-11T00:00:00Z", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("RFC 3339 bounds: status %d: %s", rec.Code, rec.Body)
	}
	if !f.store.lastSearch.To.Equal(time.Date(2016, 11, 11, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("a time 'to' must stay exclusive, got %v", f.store.lastSearch.To)
	}

	for q, wantIn := range map[string]string{
		"from=yesterday":                  "from",
		"to=2016-13-01":                   "to",
		"from=2016-11-12&to=2016-11-10":   "before",
		"limit=-3":                        "limit",
		"offset=1.5":                      "offset",
		"q=" + strings.Repeat("x", 1001):  "q",
		"from=10/11/2016":                 "RFC 3339",
		"to=2016-11-10T09:00:00":          "to",
		"from=2016-11-10&to=2016-11-09":   "before",
		"from=2016-11-10&to=not-a-date-x": "to",
	} {
		msg := wantError(t, f.do("GET", "/api/search?"+q, nil), http.StatusBadRequest, parallax.EInvalid)
		if !strings.Contains(msg, wantIn) {
			t.Errorf("%s: message %q lacks %q", q, msg, wantIn)
		}
	}
}

func TestAPIPostArticles(t *testing.T) {
	const jsonType = "application/json"
	t.Run("one record", func(t *testing.T) {
		f := newFixture(t, "")
		rec := f.do("POST", "/api/articles", strings.NewReader(`{"id":"n1","title":"New","text":"Fresh news."}`), "Content-Type", jsonType)
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		body := jsonBody[map[string][]map[string]any](t, rec)
		if len(body["results"]) != 1 {
			t.Fatalf("results = %v", body)
		}
		wantKeys(t, "ingest result", body["results"][0], "origin", "id", "status", "story")
		if body["results"][0]["status"] != parallax.StatusStored {
			t.Errorf("status = %v", body["results"][0]["status"])
		}
		if _, ok := f.store.articles["n1"]; !ok {
			t.Error("article not stored")
		}
	})
	t.Run("array with a rejected record is 422 and stores the rest", func(t *testing.T) {
		f := newFixture(t, "")
		rec := f.do("POST", "/api/articles", strings.NewReader(`[{"id":"n1","text":"Good."},{"id":"n2","text":"REJECT me"}]`), "Content-Type", jsonType)
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		body := jsonBody[map[string][]map[string]any](t, rec)
		if len(body["results"]) != 2 || body["results"][1]["status"] != parallax.StatusRejected || body["results"][1]["error"] == "" {
			t.Errorf("results = %v", body)
		}
		if _, ok := f.store.articles["n1"]; !ok {
			t.Error("the good record was not stored")
		}
	})
	t.Run("JSON lines with a conflict is 422", func(t *testing.T) {
		f := newFixture(t, "")
		rec := f.do("POST", "/api/articles", strings.NewReader("{\"id\":\"a1\",\"text\":\"other text\"}\n{\"id\":\"n3\",\"text\":\"x\"}\n"),
			"Content-Type", "application/x-ndjson; charset=utf-8")
		if rec.Code != http.StatusUnprocessableEntity {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
		body := jsonBody[map[string][]map[string]any](t, rec)
		if body["results"][0]["status"] != parallax.StatusConflict || body["results"][1]["status"] != parallax.StatusStored {
			t.Errorf("results = %v", body)
		}
	})
	t.Run("unchanged is 200", func(t *testing.T) {
		f := newFixture(t, "")
		rec := f.do("POST", "/api/articles", strings.NewReader(`{"id":"a1","text":`+jsonString(ryabkovText)+`}`), "Content-Type", jsonType)
		if rec.Code != http.StatusOK {
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	})
	t.Run("wrong content type", func(t *testing.T) {
		f := newFixture(t, "")
		wantError(t, f.do("POST", "/api/articles", strings.NewReader(`{"text":"x"}`), "Content-Type", "text/plain"),
			http.StatusUnsupportedMediaType, codeUnsupported)
		wantError(t, f.do("POST", "/api/articles", strings.NewReader(`{"text":"x"}`)),
			http.StatusUnsupportedMediaType, codeUnsupported)
	})
	t.Run("empty body", func(t *testing.T) {
		f := newFixture(t, "")
		wantError(t, f.do("POST", "/api/articles", strings.NewReader("  \n"), "Content-Type", jsonType),
			http.StatusBadRequest, parallax.EInvalid)
	})
	t.Run("body over the cap stores nothing", func(t *testing.T) {
		f := newFixture(t, "")
		srv, err := NewServer(Config{Store: f.store, Ingester: f.ing, Decode: fakeDecode, MaxBody: 64})
		if err != nil {
			t.Fatal(err)
		}
		f.h = srv.Handler()
		big := `{"id":"big","text":"` + strings.Repeat("x", 100) + `"}`
		wantError(t, f.do("POST", "/api/articles", strings.NewReader(big), "Content-Type", jsonType),
			http.StatusRequestEntityTooLarge, codeTooLarge)
		if f.ing.calls != 0 {
			t.Error("the ingester ran on an oversized body")
		}
	})
}

func jsonString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"', '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\n':
			b.WriteString(`\n`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func TestAPIDelete(t *testing.T) {
	f := newFixture(t, "")
	rec := f.do("DELETE", "/api/articles/a3", nil)
	if rec.Code != http.StatusNoContent || rec.Body.Len() != 0 {
		t.Fatalf("status %d body %q, want 204 and no body", rec.Code, rec.Body)
	}
	if _, ok := f.store.articles["a3"]; ok {
		t.Error("article still stored")
	}
	wantError(t, f.do("DELETE", "/api/articles/a3", nil), http.StatusNotFound, parallax.ENotFound)
}

func TestAPIUnknownRoute(t *testing.T) {
	f := newFixture(t, "")
	wantError(t, f.do("GET", "/api/nothing/here", nil), http.StatusNotFound, parallax.ENotFound)
}

func TestAuth(t *testing.T) {
	const token = "s3cret-token"
	post := `{"id":"n1","text":"Fresh."}`
	for name, tc := range map[string]struct {
		method, path, body string
		header             []string
		want               int
	}{
		"post without token":   {"POST", "/api/articles", post, []string{"Content-Type", "application/json"}, 401},
		"post wrong token":     {"POST", "/api/articles", post, []string{"Content-Type", "application/json", "Authorization", "Bearer nope"}, 401},
		"post token as basic":  {"POST", "/api/articles", post, []string{"Content-Type", "application/json", "Authorization", "Basic " + token}, 401},
		"post prefix of token": {"POST", "/api/articles", post, []string{"Content-Type", "application/json", "Authorization", "Bearer s3cret"}, 401},
		"post with token":      {"POST", "/api/articles", post, []string{"Content-Type", "application/json", "Authorization", "Bearer " + token}, 200},
		"delete without token": {"DELETE", "/api/articles/a3", "", nil, 401},
		"delete wrong token":   {"DELETE", "/api/articles/a3", "", []string{"Authorization", "Bearer x"}, 401},
		"delete with token":    {"DELETE", "/api/articles/a3", "", []string{"Authorization", "bearer " + token}, 204},
		"reads need no token":  {"GET", "/api/stories", "", nil, 200},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, token)
			rec := f.do(tc.method, tc.path, strings.NewReader(tc.body), tc.header...)
			if rec.Code != tc.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.want, rec.Body)
			}
			if tc.want == 401 {
				wantError(t, rec, 401, parallax.EUnauthorized)
				if rec.Header().Get("WWW-Authenticate") == "" {
					t.Error("401 without WWW-Authenticate")
				}
				if len(f.store.articles) != 3 || f.ing.calls != 0 {
					t.Error("an unauthorised write changed the store")
				}
			}
		})
	}
}

func TestErrorStatusMapping(t *testing.T) {
	for code, want := range map[string]int{
		parallax.EInvalid:      400,
		parallax.EUnauthorized: 401,
		codeForbidden:          403,
		parallax.ENotFound:     404,
		parallax.EConflict:     409,
		codeTooLarge:           413,
		codeUnsupported:        415,
		parallax.EInternal:     500,
		"something else":       500,
	} {
		if got := errorStatus(code); got != want {
			t.Errorf("errorStatus(%q) = %d, want %d", code, got, want)
		}
	}
}

func TestInternalErrorsDoNotLeak(t *testing.T) {
	f := newFixture(t, "")
	f.store.fail = errors.New("sqlite: disk I/O error at /var/secret/parallax.db")
	for _, path := range []string{"/api/stories", "/api/stories/s1", "/api/articles/a1", "/api/search?q=x"} {
		rec := f.do("GET", path, nil)
		msg := wantError(t, rec, http.StatusInternalServerError, parallax.EInternal)
		if strings.Contains(rec.Body.String(), "secret") || msg != "internal error" {
			t.Errorf("%s: internal detail leaked: %s", path, rec.Body)
		}
	}
	// UI pages too.
	rec := f.do("GET", "/stories/s1", nil)
	if rec.Code != 500 || strings.Contains(rec.Body.String(), "secret") {
		t.Errorf("UI: status %d, body leaks: %v", rec.Code, strings.Contains(rec.Body.String(), "secret"))
	}
	if !strings.Contains(f.logs.String(), "/var/secret/parallax.db") {
		t.Error("the internal error was not logged")
	}
	// A coded conflict passes through with its message.
	f.store.fail = parallax.Errorf(parallax.EConflict, "article a1 differs")
	if msg := wantError(t, f.do("GET", "/api/articles/a1", nil), http.StatusConflict, parallax.EConflict); msg != "article a1 differs" {
		t.Errorf("message = %q", msg)
	}
}

func TestPanicRecovery(t *testing.T) {
	f := newFixture(t, "")
	f.store.panicOn = "boom"
	wantError(t, f.do("GET", "/api/articles/boom", nil), http.StatusInternalServerError, parallax.EInternal)
	rec := f.do("GET", "/articles/boom", nil)
	if rec.Code != 500 || !strings.Contains(rec.Header().Get("Content-Type"), "text/html") {
		t.Errorf("UI panic: status %d, type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if !strings.Contains(f.logs.String(), "fake store exploded") {
		t.Error("panic not logged")
	}
	// The server still works afterwards.
	if rec := f.do("GET", "/api/articles/a1", nil); rec.Code != 200 {
		t.Errorf("after panic: status %d", rec.Code)
	}
}

func TestHealthz(t *testing.T) {
	f := newFixture(t, "")
	rec := f.do("GET", "/healthz", nil)
	if rec.Code != 200 || jsonBody[map[string]string](t, rec)["status"] != "ok" {
		t.Fatalf("healthz: %d %s", rec.Code, rec.Body)
	}
	f.store.fail = errors.New("down")
	if rec := f.do("GET", "/healthz", nil); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("healthz with failing store: %d", rec.Code)
	}
}

func TestLogging(t *testing.T) {
	f := newFixture(t, "")
	f.do("GET", "/api/stories/nope", nil)
	line := f.logs.String()
	for _, want := range []string{"method=GET", "path=/api/stories/nope", "status=404", "duration_ms="} {
		if !strings.Contains(line, want) {
			t.Errorf("log lacks %q: %s", want, line)
		}
	}
}

func TestServeGracefulShutdown(t *testing.T) {
	f := newFixture(t, "")
	ln, err := netListen()
	if err != nil {
		t.Skip("cannot listen:", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.srv.Serve(ctx, ln) }()
	resp, err := http.Get("http://" + ln.Addr().String() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("healthz over the network: %d", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve returned %v after shutdown, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after ctx was cancelled")
	}
}

// TestConcurrentWritesAreSerialised posts and deletes from many goroutines.
// The fake ingester reads the store's map without its lock, so under -race
// two ingests running at once would be reported: passing means the server
// let one write run at a time, as the store requires.
func TestConcurrentWritesAreSerialised(t *testing.T) {
	f := newFixture(t, "")
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			body := fmt.Sprintf(`{"id":"c%d","text":"Text %d."}`, i, i)
			if rec := f.do("POST", "/api/articles", strings.NewReader(body), "Content-Type", "application/json"); rec.Code != 200 {
				t.Errorf("post %d: %d", i, rec.Code)
			}
			f.do("GET", "/api/stories", nil)
		})
	}
	wg.Wait()
	for i := range 20 {
		wg.Go(func() {
			if rec := f.do("DELETE", fmt.Sprintf("/api/articles/c%d", i), nil); rec.Code != 204 {
				t.Errorf("delete %d: %d", i, rec.Code)
			}
		})
	}
	wg.Wait()
	if len(f.store.articles) != 3 {
		t.Errorf("%d articles left, want 3", len(f.store.articles))
	}
}
