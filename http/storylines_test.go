package http

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/sqlite"
)

// The storyline fixture, in a real SQLite store: the Port Ellery flood
// (storyline l-flood) has two events, the flood itself (s-flood: three
// articles) and the inquiry a month later (s-inquiry: one article); the
// Marrow Bay budget vote (s-vote) is a storyline of its own. Every sentence
// is made up for these tests.
var floodTexts = map[string]string{
	"f1": "The river burst its banks in Port Ellery on Monday night and flooded the ferry terminal.\n" +
		"Harbour master Ines Calloway said the water rose faster than any flood she had seen.\n" +
		"About two hundred residents spent the night in the town hall.",
	"f2": "Flood water reached the ferry terminal in Port Ellery overnight, closing the harbour.\n" +
		"Ines Calloway, the harbour master, said the ferries would stay tied up until Thursday.\n" +
		"Volunteers filled sandbags along the quay until dawn.",
	"f3": "Port Ellery woke to a flooded harbour after the river rose in the night.\n" +
		"Shopkeepers on the quay counted the damage while the ferries stayed in port.",
	"i1": "An inquiry into the Port Ellery flood opened on Tuesday at the county court.\n" +
		"The panel will ask why the flood warning reached the ferry terminal so late.",
	"v1": "Marrow Bay council voted on its budget on Wednesday after a long debate about road repairs.\n" +
		"The budget passed by nine votes to four.",
}

func storylineFixture(t *testing.T, token string) (*fixture, *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	day := func(d, h int) time.Time { return time.Date(2031, 3, d, h, 0, 0, 0, time.UTC) }
	rec := func(id, outlet, title string, when time.Time, p parallax.Placement) *parallax.Record {
		text := floodTexts[id]
		return &parallax.Record{
			Article: parallax.Article{ID: id, URL: "https://" + outlet + "/" + id, Outlet: outlet, Title: title,
				Published: when, Language: "en", ContentType: parallax.ContentText, Body: []byte(text),
				Origin: "test:" + id, Fetched: when.Add(time.Hour)},
			Document:  parallax.Document{Title: title, Text: text, Language: "en", Published: when},
			Analysis:  parallax.Analysis{Language: "en", Paragraphs: []parallax.Span{{Start: 0, End: len(text)}}},
			Placement: p,
			TextHash:  parallax.ContentID(text),
		}
	}
	tx, err := db.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []*parallax.Record{
		rec("f1", "ellery-courier.example", "Flood hits Port Ellery <b>terminal</b>", day(3, 6), parallax.Placement{Story: "s-flood", NewStory: true}),
		rec("f2", "coast-news.example", "Harbour closed by flood", day(3, 9), parallax.Placement{Story: "s-flood"}),
		rec("f3", "quay-weekly.example", "A flooded harbour", day(4, 8), parallax.Placement{Story: "s-flood"}),
		rec("v1", "marrow-times.example", "Marrow Bay passes its budget", day(12, 10), parallax.Placement{Story: "s-vote", NewStory: true}),
		rec("i1", "ellery-courier.example", "Flood inquiry opens", day(31, 9), parallax.Placement{Story: "s-inquiry", NewStory: true, Storyline: "l-flood"}),
	} {
		if err := tx.Put(ctx, r); err != nil {
			t.Fatalf("put %s: %v", r.Article.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	srv, err := NewServer(Config{Store: db, Ingester: &fakeIngester{store: newFakeStore()}, Decode: fakeDecode, Token: token,
		Now: func() time.Time { return day(31, 12) }})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, srv: srv, h: srv.Handler()}, db
}

// storyArticles lists the ids of a story's articles in the store, or fails.
func storyArticles(t *testing.T, db *sqlite.DB, id string) string {
	t.Helper()
	sum, _, err := db.Story(context.Background(), id)
	if err != nil {
		t.Fatalf("story %s: %v", id, err)
	}
	var ids []string
	for _, a := range sum.Articles {
		ids = append(ids, a.ID)
	}
	return strings.Join(ids, ",")
}

func TestAPIStorylines(t *testing.T) {
	f, _ := storylineFixture(t, "")
	list := jsonBody[[]map[string]any](t, f.do("GET", "/api/storylines", nil))
	if len(list) != 2 || list[0]["id"] != "l-flood" || list[1]["id"] != "l-vote" {
		t.Fatalf("storylines = %v, want l-flood (latest activity) then l-vote", list)
	}
	wantKeys(t, "storyline summary", list[0], "id", "title", "started", "updated", "event_count", "article_count")
	if list[0]["event_count"] != 2.0 || list[0]["article_count"] != 4.0 || list[0]["title"] != "Flood hits Port Ellery <b>terminal</b>" ||
		list[0]["started"] != "2031-03-03T06:00:00Z" || list[0]["updated"] != "2031-03-31T09:00:00Z" {
		t.Errorf("l-flood = %v", list[0])
	}
	page := jsonBody[[]map[string]any](t, f.do("GET", "/api/storylines?limit=1&offset=1", nil))
	if len(page) != 1 || page[0]["id"] != "l-vote" {
		t.Errorf("second page = %v", page)
	}
	if got := jsonBody[[]map[string]any](t, f.do("GET", "/api/storylines?offset=9", nil)); len(got) != 0 {
		t.Errorf("past the end = %v, want []", got)
	}
	wantError(t, f.do("GET", "/api/storylines?limit=0", nil), 400, parallax.EInvalid)
	wantError(t, f.do("GET", "/api/storylines?offset=-1", nil), 400, parallax.EInvalid)

	view := jsonBody[map[string]any](t, f.do("GET", "/api/storylines/l-flood", nil))
	wantKeys(t, "storyline view", view, "id", "title", "started", "updated", "article_count", "event_count", "events", "claims", "contradictions", "timeline", "summary")
	events, _ := view["events"].([]any)
	if len(events) != 2 {
		t.Fatalf("events = %v, want the two stories", view["events"])
	}
	for i, want := range []string{"s-flood", "s-inquiry"} {
		e := events[i].(map[string]any)
		wantKeys(t, "event", e, "id", "title", "storyline", "started", "updated", "articles", "outlets")
		if e["id"] != want || e["storyline"] != "l-flood" {
			t.Errorf("event %d = %v, want %s of l-flood", i, e, want)
		}
	}
	for _, k := range []string{"claims", "contradictions", "timeline", "summary"} {
		if _, ok := view[k].([]any); !ok {
			t.Errorf("%s = %v, want a list", k, view[k])
		}
	}
	if len(view["summary"].([]any)) == 0 {
		t.Error("the storyline has no summary")
	}
	wantError(t, f.do("GET", "/api/storylines/l-none", nil), 404, parallax.ENotFound)

	// Story summaries name their storyline and when they started.
	stories := jsonBody[[]map[string]any](t, f.do("GET", "/api/stories", nil))
	for _, s := range stories {
		wantKeys(t, "story summary", s, "storyline", "started")
	}
	story := jsonBody[map[string]any](t, f.do("GET", "/api/stories/s-inquiry", nil))
	if story["storyline"] != "l-flood" || story["started"] != "2031-03-31T09:00:00Z" {
		t.Errorf("s-inquiry = storyline %v started %v", story["storyline"], story["started"])
	}
}

// splitID is the id SQLite gives the story that a split of articles out of
// story makes (see sqlite.DB.SplitStory): taking it beforehand makes the
// split clash.
func splitID(story string, articles ...string) string {
	sum := sha256.Sum256([]byte("split\x00" + story + "\x00" + strings.Join(articles, "\x00")))
	return "s" + hex.EncodeToString(sum[:6])
}

func TestAPIMergeSplitErrors(t *testing.T) {
	f, db := storylineFixture(t, "tok")
	auth := []string{"Authorization", "Bearer tok", "Content-Type", "application/json"}
	// A story whose id the split of f3 out of s-flood would take.
	taken := splitID("s-flood", "f3")
	tx, err := db.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	text := "A made-up note that only holds a story id."
	if err := tx.Put(context.Background(), &parallax.Record{
		Article:   parallax.Article{ID: "n1", Outlet: "notes.example", ContentType: parallax.ContentText, Body: []byte(text), Origin: "test:n1", Fetched: time.Date(2031, 3, 1, 0, 0, 0, 0, time.UTC)},
		Document:  parallax.Document{Text: text},
		Placement: parallax.Placement{Story: taken, NewStory: true},
		TextHash:  parallax.ContentID(text),
	}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}

	big := `{"from":["` + strings.Repeat("s", maxJSONBody) + `"]}`
	for name, tc := range map[string]struct {
		path, body string
		header     []string
		status     int
		code       string
	}{
		"merge without token":       {"/api/stories/s-flood/merge", `{"from":["s-inquiry"]}`, []string{"Content-Type", "application/json"}, 401, parallax.EUnauthorized},
		"merge wrong token":         {"/api/stories/s-flood/merge", `{"from":["s-inquiry"]}`, []string{"Authorization", "Bearer tok2"}, 401, parallax.EUnauthorized},
		"merge bad JSON":            {"/api/stories/s-flood/merge", `{"from":["s-inquiry"`, auth, 400, parallax.EInvalid},
		"merge empty body":          {"/api/stories/s-flood/merge", ``, auth, 400, parallax.EInvalid},
		"merge from not a list":     {"/api/stories/s-flood/merge", `{"from":"s-inquiry"}`, auth, 400, parallax.EInvalid},
		"merge misspelt field":      {"/api/stories/s-flood/merge", `{"form":["s-inquiry"]}`, auth, 400, parallax.EInvalid},
		"merge empty list":          {"/api/stories/s-flood/merge", `{"from":[]}`, auth, 400, parallax.EInvalid},
		"merge blank ids":           {"/api/stories/s-flood/merge", `{"from":["", "  "]}`, auth, 400, parallax.EInvalid},
		"merge no field":            {"/api/stories/s-flood/merge", `{}`, auth, 400, parallax.EInvalid},
		"merge into itself":         {"/api/stories/s-flood/merge", `{"from":["s-inquiry","s-flood"]}`, auth, 400, parallax.EInvalid},
		"merge unknown from":        {"/api/stories/s-flood/merge", `{"from":["s-inquiry","s-gone"]}`, auth, 404, parallax.ENotFound},
		"merge into unknown":        {"/api/stories/s-gone/merge", `{"from":["s-inquiry"]}`, auth, 404, parallax.ENotFound},
		"merge body too large":      {"/api/stories/s-flood/merge", big, auth, 413, codeTooLarge},
		"split without token":       {"/api/stories/s-flood/split", `{"articles":["f3"]}`, nil, 401, parallax.EUnauthorized},
		"split bad JSON":            {"/api/stories/s-flood/split", `articles=f3`, auth, 400, parallax.EInvalid},
		"split misspelt field":      {"/api/stories/s-flood/split", `{"article":["f3"]}`, auth, 400, parallax.EInvalid},
		"split empty list":          {"/api/stories/s-flood/split", `{"articles":[]}`, auth, 400, parallax.EInvalid},
		"split every article":       {"/api/stories/s-flood/split", `{"articles":["f1","f2","f3"]}`, auth, 400, parallax.EInvalid},
		"split another's article":   {"/api/stories/s-flood/split", `{"articles":["f3","i1"]}`, auth, 400, parallax.EInvalid},
		"split unknown article":     {"/api/stories/s-flood/split", `{"articles":["f3","x9"]}`, auth, 404, parallax.ENotFound},
		"split unknown story":       {"/api/stories/s-gone/split", `{"articles":["f3"]}`, auth, 404, parallax.ENotFound},
		"split onto a taken id":     {"/api/stories/s-flood/split", `{"articles":["f3"]}`, auth, 409, parallax.EConflict},
		"split body too large":      {"/api/stories/s-flood/split", strings.Replace(big, "from", "articles", 1), auth, 413, codeTooLarge},
		"merge from another origin": {"/api/stories/s-flood/merge", `{"from":["s-inquiry"]}`, append([]string{"Sec-Fetch-Site", "cross-site"}, auth...), 403, codeForbidden},
	} {
		t.Run(name, func(t *testing.T) {
			wantError(t, f.do("POST", tc.path, strings.NewReader(tc.body), tc.header...), tc.status, tc.code)
			// Nothing changed.
			if got := storyArticles(t, db, "s-flood"); got != "f1,f2,f3" {
				t.Errorf("s-flood holds %s after a refused write", got)
			}
			if got := storyArticles(t, db, "s-inquiry"); got != "i1" {
				t.Errorf("s-inquiry holds %s after a refused write", got)
			}
		})
	}
	// Only POST routes exist for the edits.
	if rec := f.do("GET", "/api/stories/s-flood/merge", nil); rec.Code != http.StatusNotFound && rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET merge: %d", rec.Code)
	}
}

func TestAPIMergeSplit(t *testing.T) {
	f, db := storylineFixture(t, "tok")
	auth := []string{"Authorization", "Bearer tok", "Content-Type", "application/json"}

	rec := f.do("POST", "/api/stories/s-flood/split", strings.NewReader(`{"articles":["f3"]}`), auth...)
	if rec.Code != http.StatusCreated {
		t.Fatalf("split: %d %s", rec.Code, rec.Body)
	}
	split := jsonBody[map[string]any](t, rec)
	wantKeys(t, "split story", split, "id", "title", "storyline", "started", "updated", "articles", "outlets")
	id, _ := split["id"].(string)
	if id == "" || id == "s-flood" || split["storyline"] != "l-flood" || len(split["articles"].([]any)) != 1 {
		t.Fatalf("split made %v", split)
	}
	if loc := rec.Header().Get("Location"); loc != "/api/stories/"+id {
		t.Errorf("Location %q", loc)
	}
	if got := storyArticles(t, db, "s-flood"); got != "f1,f2" {
		t.Errorf("s-flood keeps %s, want f1,f2", got)
	}
	line := jsonBody[map[string]any](t, f.do("GET", "/api/storylines/l-flood", nil))
	if n := len(line["events"].([]any)); n != 3 {
		t.Errorf("l-flood has %d events after the split, want 3", n)
	}

	// Merge the split-off story and the inquiry back into the flood; a
	// repeated id and a blank are ignored.
	rec = f.do("POST", "/api/stories/s-flood/merge", strings.NewReader(`{"from":["`+id+`","s-inquiry"," ","s-inquiry"]}`), auth...)
	if rec.Code != http.StatusOK {
		t.Fatalf("merge: %d %s", rec.Code, rec.Body)
	}
	merged := jsonBody[map[string]any](t, rec)
	if merged["id"] != "s-flood" || len(merged["articles"].([]any)) != 4 || merged["storyline"] != "l-flood" {
		t.Errorf("merged = %v", merged)
	}
	if got := storyArticles(t, db, "s-flood"); got != "f1,f2,f3,i1" {
		t.Errorf("s-flood holds %s, want f1,f2,f3,i1", got)
	}
	wantError(t, f.do("GET", "/api/stories/"+id, nil), 404, parallax.ENotFound)
	wantError(t, f.do("GET", "/api/stories/s-inquiry", nil), 404, parallax.ENotFound)
	line = jsonBody[map[string]any](t, f.do("GET", "/api/storylines/l-flood", nil))
	if n := len(line["events"].([]any)); n != 1 || line["event_count"] != 1.0 || line["article_count"] != 4.0 {
		t.Errorf("l-flood has %d events (count %v) and %v articles after the merge, want 1 and 4", n, line["event_count"], line["article_count"])
	}

	// Across storylines: the vote joins the flood, and its storyline, now
	// without events, is gone.
	if rec := f.do("POST", "/api/stories/s-flood/merge", strings.NewReader(`{"from":["s-vote"]}`), auth...); rec.Code != 200 {
		t.Fatalf("merge across storylines: %d %s", rec.Code, rec.Body)
	}
	wantError(t, f.do("GET", "/api/storylines/l-vote", nil), 404, parallax.ENotFound)
}

// TestStoryEditsTokenOffLoopback: a server listening beyond loopback always
// has a token, and the edits need it whatever host the request names; an
// open loopback server refuses edits addressed to another host name.
func TestStoryEditsTokenOffLoopback(t *testing.T) {
	_, db := storylineFixture(t, "")
	srv, err := NewServer(Config{Store: db, Ingester: &fakeIngester{store: newFakeStore()}, Decode: fakeDecode, Public: true, Token: "tok"})
	if err != nil {
		t.Fatal(err)
	}
	pub := &fixture{t: t, srv: srv, h: srv.Handler()}
	host := []string{"Host", "news.example.org", "Content-Type", "application/json"}
	wantError(t, pub.do("POST", "/api/stories/s-flood/split", strings.NewReader(`{"articles":["f3"]}`), host...), 401, parallax.EUnauthorized)
	wantError(t, pub.do("POST", "/api/stories/s-flood/merge", strings.NewReader(`{"from":["s-inquiry"]}`), host...), 401, parallax.EUnauthorized)
	form := []string{"Host", "news.example.org", "Content-Type", "application/x-www-form-urlencoded"}
	if rec := pub.do("POST", "/stories/s-flood/merge", strings.NewReader("from=s-inquiry"), form...); rec.Code != http.StatusUnauthorized {
		t.Errorf("merge form without token: %d", rec.Code)
	}
	if got := storyArticles(t, db, "s-flood"); got != "f1,f2,f3" {
		t.Fatalf("an edit without the token changed s-flood: %s", got)
	}
	if rec := pub.do("POST", "/api/stories/s-flood/merge", strings.NewReader(`{"from":["s-inquiry"]}`), append(host, "Authorization", "Bearer tok")...); rec.Code != 200 {
		t.Errorf("merge with token: %d %s", rec.Code, rec.Body)
	}
	if rec := pub.do("GET", "/api/storylines", nil, "Host", "news.example.org"); rec.Code != 200 {
		t.Errorf("reads need no token: %d", rec.Code)
	}

	open, db2 := storylineFixture(t, "")
	wantError(t, open.do("POST", "/api/stories/s-flood/merge", strings.NewReader(`{"from":["s-inquiry"]}`),
		"Host", "evil.example:8080", "Origin", "http://evil.example:8080", "Sec-Fetch-Site", "same-origin"), 403, codeForbidden)
	if got := storyArticles(t, db2, "s-flood"); got != "f1,f2,f3" {
		t.Fatalf("a rebinding request changed s-flood: %s", got)
	}
	// On loopback with no token the edits are open to same-origin callers.
	if rec := open.do("POST", "/api/stories/s-flood/merge", strings.NewReader(`{"from":["s-inquiry"]}`), "Content-Type", "application/json"); rec.Code != 200 {
		t.Errorf("open merge: %d %s", rec.Code, rec.Body)
	}
}

func TestUIStorylines(t *testing.T) {
	f, _ := storylineFixture(t, "")
	doc := f.page("/storylines", 200)
	one(t, doc, `header nav a[href="/storylines"]`)
	items := all(t, doc, "#storylines .storyline")
	if len(items) != 2 {
		t.Fatalf("%d storylines listed, want 2", len(items))
	}
	if a := one(t, items[0], "h2 a"); attr(a, "href") != "/storylines/l-flood" || text(a) != "Flood hits Port Ellery <b>terminal</b>" {
		t.Errorf("first storyline links %q: %q", attr(a, "href"), text(a))
	}
	if got := squash(text(items[0])); !strings.Contains(got, "3 Mar 2031 – 31 Mar 2031 · 2 events · 4 articles") {
		t.Errorf("first storyline reads %q", got)
	}
	if got := squash(text(items[1])); !strings.Contains(got, "12 Mar 2031 · 1 event · 1 article") {
		t.Errorf("second storyline reads %q", got)
	}
	next := one(t, f.page("/storylines?limit=1", 200), `.pager a[rel=next]`)
	if attr(next, "href") != "/storylines?limit=1&offset=1" {
		t.Errorf("next link %q", attr(next, "href"))
	}
	f.page("/storylines?limit=nope", 400)

	doc = f.page("/storylines/l-flood", 200)
	if got := text(one(t, doc, "head title")); !strings.HasPrefix(got, "Flood hits Port Ellery <b>terminal</b>") {
		t.Errorf("page title %q", got)
	}
	var hrefs []string
	for _, a := range all(t, doc, "#events .event > a") {
		hrefs = append(hrefs, attr(a, "href"))
	}
	if strings.Join(hrefs, " ") != "/stories/s-flood /stories/s-inquiry" {
		t.Errorf("events link %q, want the flood then the inquiry", hrefs)
	}
	if got := squash(text(all(t, doc, "#events .event")[0])); !strings.Contains(got, "3 Mar 2031 – 4 Mar 2031 · 3 articles · 3 outlets") {
		t.Errorf("first event reads %q", got)
	}
	cited := all(t, doc, "#summary a.cited")
	if len(cited) == 0 {
		t.Fatal("the storyline page has no cited summary")
	}
	for _, a := range cited {
		if !strings.HasPrefix(attr(a, "href"), "/articles/") || !strings.HasPrefix(attr(a, "title"), "said by ") {
			t.Errorf("summary sentence links %q with title %q", attr(a, "href"), attr(a, "title"))
		}
	}
	f.page("/storylines/l-none", 404)

	// The story page links to its storyline and offers the edits.
	doc = f.page("/stories/s-flood", 200)
	link := one(t, doc, ".storyline-link a")
	if attr(link, "href") != "/storylines/l-flood" || !strings.Contains(squash(text(one(t, doc, ".storyline-link"))), "Event 1 of 2") {
		t.Errorf("storyline link %q: %q", attr(link, "href"), text(one(t, doc, ".storyline-link")))
	}
	if box := one(t, doc, `#merge-form input[type=checkbox][name=from]`); attr(box, "value") != "s-inquiry" {
		t.Errorf("merge offers %q, want the other event", attr(box, "value"))
	}
	one(t, doc, `#merge-form input[type=text][name=from]`)
	var boxes []string
	for _, n := range all(t, doc, `#split-form input[type=checkbox][name=articles]`) {
		boxes = append(boxes, attr(n, "value"))
	}
	if strings.Join(boxes, ",") != "f1,f2,f3" {
		t.Errorf("split offers %q", boxes)
	}
	if len(all(t, doc, "#edit input[name=token]")) != 0 || len(all(t, doc, "#edit details[open]")) != 0 {
		t.Error("token fields or open forms on a plain page")
	}
	// One article cannot be split.
	if doc := f.page("/stories/s-vote", 200); len(all(t, doc, "#split-form")) != 0 || len(all(t, doc, "#merge-form input[type=checkbox]")) != 0 {
		t.Error("a single-article story of its own storyline offers a split or other events")
	}
	if body := f.do("GET", "/stories/s-flood", nil).Body.String(); strings.Contains(body, "<b>terminal") {
		t.Error("article title markup reached the page raw")
	}
}

func TestUIMergeSplitForms(t *testing.T) {
	f, db := storylineFixture(t, "")
	post := func(path string, v url.Values) *httptest.ResponseRecorder {
		return f.do("POST", path, strings.NewReader(v.Encode()), "Content-Type", "application/x-www-form-urlencoded")
	}
	// Split f3 off: back to the story, with a notice linking the new one.
	rec := post("/stories/s-flood/split", url.Values{"articles": {"f3"}})
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("split: %d %s", rec.Code, rec.Body)
	}
	id := splitID("s-flood", "f3")
	if loc := rec.Header().Get("Location"); loc != "/stories/s-flood?split="+id {
		t.Fatalf("split redirects to %q", loc)
	}
	doc := f.page("/stories/s-flood?split="+id, 200)
	if a := one(t, doc, ".notice a"); attr(a, "href") != "/stories/"+id {
		t.Errorf("notice links %q", attr(a, "href"))
	}
	if got := storyArticles(t, db, id); got != "f3" {
		t.Errorf("the new story holds %s", got)
	}
	// A notice only for a story of the same storyline.
	if doc := f.page("/stories/s-flood?split=s-vote", 200); len(all(t, doc, ".notice")) != 0 {
		t.Error("a notice for a story the split did not make")
	}

	// Merge it and the inquiry back: a ticked event, a typed id, an empty field.
	rec = post("/stories/s-flood/merge", url.Values{"from": {"s-inquiry", " " + id + " ", ""}})
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/stories/s-flood" {
		t.Fatalf("merge: %d to %q: %s", rec.Code, rec.Header().Get("Location"), rec.Body)
	}
	if got := storyArticles(t, db, "s-flood"); got != "f1,f2,f3,i1" {
		t.Errorf("s-flood holds %s after the merge", got)
	}
	doc = f.page("/stories/s-flood", 200)
	if got := squash(text(one(t, doc, ".storyline-link"))); !strings.HasPrefix(got, "Part of the storyline") {
		t.Errorf("storyline link reads %q once the storyline has one event", got)
	}
	doc = f.page("/storylines/l-flood", 200)
	if n := len(all(t, doc, "#events .event")); n != 1 {
		t.Errorf("the storyline shows %d events after the merge, want 1", n)
	}

	// Refusals show the story page again with the message at the form.
	for name, tc := range map[string]struct {
		path   string
		form   url.Values
		status int
		where  string
		msg    string
	}{
		"merge nothing ticked": {"/stories/s-flood/merge", url.Values{"from": {""}}, 400, "#merge-form", "Tick a story"},
		"merge unknown story":  {"/stories/s-flood/merge", url.Values{"from": {"s-gone"}}, 404, "#merge-form", "s-gone"},
		"merge itself":         {"/stories/s-flood/merge", url.Values{"from": {"s-flood"}}, 400, "#merge-form", "itself"},
		"split nothing ticked": {"/stories/s-flood/split", url.Values{}, 400, "#split-form", "Tick the articles"},
		"split every article":  {"/stories/s-flood/split", url.Values{"articles": {"f1", "f2", "f3", "i1"}}, 400, "#split-form", "leaves nothing"},
		"split unknown":        {"/stories/s-flood/split", url.Values{"articles": {"zz"}}, 404, "#split-form", "zz"},
	} {
		t.Run(name, func(t *testing.T) {
			rec := post(tc.path, tc.form)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			doc, err := xhtml.Parse(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			if got := text(one(t, doc, tc.where+" .error")); !strings.Contains(got, tc.msg) {
				t.Errorf("message %q lacks %q", got, tc.msg)
			}
			if tc.where == "#merge-form" {
				one(t, doc, "details#merge[open]")
			} else {
				one(t, doc, "details#split[open]")
			}
			if got := storyArticles(t, db, "s-flood"); got != "f1,f2,f3,i1" {
				t.Errorf("a refused edit changed s-flood: %s", got)
			}
		})
	}
	// Editing a story that is gone is the error page.
	doc = f.page("/stories/s-gone", 404)
	if rec := post("/stories/s-gone/merge", url.Values{"from": {"s-vote"}}); rec.Code != 404 || !strings.Contains(rec.Body.String(), "Not found") {
		t.Errorf("merge into a missing story: %d", rec.Code)
	}

	// Cross-origin form posts are refused before anything is read.
	rec = f.do("POST", "/stories/s-flood/split", strings.NewReader("articles=f3"),
		"Content-Type", "application/x-www-form-urlencoded", "Sec-Fetch-Site", "cross-site")
	if rec.Code != http.StatusForbidden {
		t.Errorf("cross-site split: %d", rec.Code)
	}
}

func TestUIMergeSplitFormsToken(t *testing.T) {
	f, db := storylineFixture(t, "tok")
	doc := f.page("/stories/s-flood", 200)
	one(t, doc, "#merge-form input[name=token][type=password]")
	one(t, doc, "#split-form input[name=token][type=password]")
	post := func(path, body string) *httptest.ResponseRecorder {
		return f.do("POST", path, strings.NewReader(body), "Content-Type", "application/x-www-form-urlencoded")
	}
	for _, body := range []string{"from=s-inquiry", "from=s-inquiry&token=wrong"} {
		rec := post("/stories/s-flood/merge", body)
		if rec.Code != http.StatusUnauthorized || !strings.Contains(rec.Body.String(), "write token") {
			t.Errorf("merge %q: %d", body, rec.Code)
		}
	}
	if rec := post("/stories/s-flood/split", "articles=f3"); rec.Code != http.StatusUnauthorized {
		t.Errorf("split without token: %d", rec.Code)
	}
	if got := storyArticles(t, db, "s-flood"); got != "f1,f2,f3" {
		t.Fatalf("an edit without the token changed s-flood: %s", got)
	}
	if rec := post("/stories/s-flood/split", "articles=f3&token=tok"); rec.Code != http.StatusSeeOther {
		t.Errorf("split with token: %d %s", rec.Code, rec.Body)
	}
	if got := storyArticles(t, db, "s-flood"); got != "f1,f2" {
		t.Errorf("s-flood holds %s after the split", got)
	}
}

// TestUIStorylineFaces renders a composed storyline: the same summary with
// hover citations, "Where accounts differ" and timeline as the story page,
// with the articles' words escaped.
func TestUIStorylineFaces(t *testing.T) {
	f := newFixture(t, "")
	evil := `<script>alert(1)</script>`
	v := parallax.StorylineView{
		StorylineSummary: parallax.StorylineSummary{ID: "l-x", Title: "The causeway " + evil, Events: 2, Articles: 3},
		Stories: []parallax.StorySummary{
			{ID: "s-a", Title: "Causeway closes " + evil, Articles: []parallax.ArticleMeta{{ID: "c1"}, {ID: "c2"}}, Outlets: 2},
			{ID: "s-b", Title: "", Articles: []parallax.ArticleMeta{{ID: "c3"}}, Outlets: 1},
		},
		Contradictions: []parallax.Contradiction{{Topic: "the causeway's safety", Kind: parallax.KindOpposed, Confidence: 0.7,
			Sides: []parallax.Side{
				{Stance: parallax.Asserts, Speaker: "Ada Verne", Text: "The causeway was safe " + evil, Article: "c1", Outlet: "tide.example"},
				{Stance: parallax.Denies, Speaker: "Olek Marsh", Text: "It was never safe", Article: "c3", Outlet: "shore.example"},
			}}},
		Summary: []parallax.SummarySentence{
			{Text: "The causeway closed " + evil, Citations: []parallax.Citation{{Article: "c1", Outlet: "tide.example"}, {Article: "c3", Outlet: "shore.example"}}},
		},
		Timeline: []parallax.TimelineEntry{
			{Date: "2031-05-02", Precision: parallax.PrecisionDay, Text: "The causeway closed.", Article: "c1", Articles: []string{"c1"}},
			{Date: "2031-06", Precision: parallax.PrecisionMonth, Text: "Repairs began " + evil, Article: "c3", Articles: []string{"c3"}},
		},
	}
	data := storylinePage{Line: v, Summary: summaryItems(v.Summary), Timeline: newTimelineChart(v.Timeline)}
	rec := httptest.NewRecorder()
	if err := f.srv.render(rec, 200, "storyline", v.Title, "", data); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(rec.Body.String(), evil) {
		t.Fatal("article text reached the page unescaped")
	}
	doc, err := xhtml.Parse(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	cited := one(t, doc, "#summary a.cited")
	if attr(cited, "href") != "/articles/c1" || attr(cited, "title") != "said by tide.example, shore.example" {
		t.Errorf("summary sentence links %q with title %q", attr(cited, "href"), attr(cited, "title"))
	}
	sides := all(t, doc, "#differ .contradiction .side")
	if len(sides) != 2 || !strings.HasPrefix(squash(text(sides[1])), "denies Olek Marsh shore.example It was never safe") {
		t.Errorf("sides = %d", len(sides))
	}
	if n := len(all(t, doc, "#timeline svg circle")); n != 2 {
		t.Errorf("%d timeline dots, want 2", n)
	}
	events := all(t, doc, "#events .event > a")
	if len(events) != 2 || attr(events[1], "href") != "/stories/s-b" || text(events[1]) != "Untitled story" {
		t.Errorf("events = %d", len(events))
	}
	// A storyline with nothing composed shows its events and no empty sections.
	rec = httptest.NewRecorder()
	if err := f.srv.render(rec, 200, "storyline", "T", "", storylinePage{Line: parallax.StorylineView{Stories: v.Stories}}); err != nil {
		t.Fatal(err)
	}
	doc, _ = xhtml.Parse(rec.Body)
	if len(all(t, doc, "#summary, #differ, #timeline")) != 0 || len(all(t, doc, "#events .event")) != 2 {
		t.Error("empty faces rendered as sections, or events missing")
	}
}

// TestStorylinesOverFake: the pages work over the fake store too, whose
// stories each start their own storyline.
func TestStorylinesOverFake(t *testing.T) {
	f := newFixture(t, "")
	doc := f.page("/storylines", 200)
	if a := one(t, doc, "#storylines .storyline h2 a"); attr(a, "href") != "/storylines/l1" {
		t.Errorf("storyline link %q", attr(a, "href"))
	}
	one(t, f.page("/storylines/l1", 200), `#events a[href="/stories/s1"]`)
	one(t, f.page("/stories/s1", 200), `.storyline-link a[href="/storylines/l1"]`)
	f.store.stories = nil
	if got := text(one(t, f.page("/storylines", 200), "#storylines")); !strings.Contains(got, "No storylines yet") {
		t.Errorf("empty list: %q", got)
	}
	wantError(t, f.do("GET", "/api/storylines/l1", nil), 404, parallax.ENotFound)
	if got := jsonBody[[]any](t, f.do("GET", "/api/storylines", nil)); len(got) != 0 {
		t.Errorf("empty API list = %v", got)
	}
}
