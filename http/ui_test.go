package http

import (
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/cascadia"
	xhtml "golang.org/x/net/html"

	parallax "github.com/parallax-news/parallax"
)

// page fetches a UI page, checks its status and parses it.
func (f *fixture) page(target string, status int) *xhtml.Node {
	f.t.Helper()
	rec := f.do("GET", target, nil)
	if rec.Code != status {
		f.t.Fatalf("GET %s: status %d, want %d: %s", target, rec.Code, status, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		f.t.Fatalf("GET %s: Content-Type %q", target, ct)
	}
	doc, err := xhtml.Parse(strings.NewReader(rec.Body.String()))
	if err != nil {
		f.t.Fatal(err)
	}
	return doc
}

// all returns the nodes matching a CSS selector.
func all(t *testing.T, doc *xhtml.Node, sel string) []*xhtml.Node {
	t.Helper()
	return cascadia.MustCompile(sel).MatchAll(doc)
}

// one returns the single node matching sel.
func one(t *testing.T, doc *xhtml.Node, sel string) *xhtml.Node {
	t.Helper()
	ns := all(t, doc, sel)
	if len(ns) != 1 {
		t.Fatalf("%q matches %d nodes, want 1", sel, len(ns))
	}
	return ns[0]
}

// text returns the text content of n, as a browser's textContent would.
func text(n *xhtml.Node) string {
	var b strings.Builder
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func attr(n *xhtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func squash(s string) string { return strings.Join(strings.Fields(s), " ") }

func TestUIStoryList(t *testing.T) {
	f := newFixture(t, "")
	doc := f.page("/", 200)
	links := all(t, doc, "#stories .story a")
	if len(links) != 1 || attr(links[0], "href") != "/stories/s1" {
		t.Fatalf("story links = %d", len(links))
	}
	item := squash(text(one(t, doc, "#stories .story")))
	for _, want := range []string{"Russia says it had contacts", "3 articles", "3 outlets", "cnn.com, timesofisrael.com, talkingpointsmemo.com", "10 Nov 2016"} {
		if !strings.Contains(item, want) {
			t.Errorf("story item %q lacks %q", item, want)
		}
	}
	// Paging: a full page links to older stories.
	doc = f.page("/?limit=1", 200)
	next := one(t, doc, `.pager a[rel=next]`)
	if attr(next, "href") != "/?limit=1&offset=1" {
		t.Errorf("next link %q", attr(next, "href"))
	}
	f.page("/?limit=zero", 400)
	// An empty store still renders.
	f.store.stories = nil
	if got := text(one(t, f.page("/", 200), "#stories")); !strings.Contains(got, "No stories yet") {
		t.Errorf("empty list: %q", got)
	}
}

func TestUIStoryPage(t *testing.T) {
	f := newFixture(t, "")
	// An unattributed quote in the TPM piece.
	a3 := f.store.articles["a3"]
	a3.Text = "Hicks said: “No contact.”"
	a3.Analysis.Quotes = []parallax.Quote{{Content: spanOf(a3.Text, "No contact."), Direct: true}}
	doc := f.page("/stories/s1", 200)

	groups := all(t, doc, "#articles .outlet")
	var outlets []string
	for _, g := range groups {
		outlets = append(outlets, text(one(t, g, "h3")))
	}
	// The copy's outlet has no group of its own: it is folded under CNN.
	if strings.Join(outlets, ",") != "cnn.com,talkingpointsmemo.com" {
		t.Errorf("outlet groups = %v", outlets)
	}
	copies := one(t, doc, "#articles .copies")
	if got := squash(text(one(t, copies, "summary"))); got != "1 copy" {
		t.Errorf("copies summary %q", got)
	}
	if a := one(t, copies, "a"); attr(a, "href") != "/articles/a2" {
		t.Errorf("copy link %q", attr(a, "href"))
	}
	one(t, doc, "#entities")

	var speakers []string
	for _, n := range all(t, doc, "#quotes .speaker") {
		speakers = append(speakers, text(n))
	}
	if len(speakers) != 2 || !strings.Contains(speakers[0], "Ryabkov") || speakers[1] != "Unattributed" {
		t.Errorf("speakers = %q", speakers)
	}
	link := all(t, doc, "#quotes .quote a")[0]
	if attr(link, "href") != "/articles/a1#q-0" {
		t.Errorf("quote link %q, want /articles/a1#q-0", attr(link, "href"))
	}
	if !strings.Contains(text(one(t, doc, "head title")), "Russia says") {
		t.Error("page title lacks the story title")
	}

	doc = f.page("/stories/nope", 404)
	if !strings.Contains(text(one(t, doc, "h1")), "Not found") {
		t.Error("404 page lacks its heading")
	}
}

func TestUIArticlePage(t *testing.T) {
	f := newFixture(t, "")
	doc := f.page("/articles/a1", 200)
	body := one(t, doc, "#article-text")
	if got := text(body); got != ryabkovText {
		t.Errorf("page text differs from the article text:\n got %q\nwant %q", got, ryabkovText)
	}
	if n := len(all(t, body, "p")); n != 3 {
		t.Errorf("%d paragraphs, want 3", n)
	}
	ents := all(t, body, "mark.entity")
	if len(ents) != 1 || text(ents[0]) != "Sergei Ryabkov" {
		t.Errorf("entity marks = %d", len(ents))
	}
	q := one(t, body, "mark.quote#q-0")
	if !strings.HasPrefix(text(q), "Obviously") {
		t.Errorf("quote mark %q", text(q))
	}
	meta := squash(text(one(t, doc, ".meta")))
	for _, want := range []string{"cnn.com", "10 Nov 2016", "the story"} {
		if !strings.Contains(meta, want) {
			t.Errorf("meta %q lacks %q", meta, want)
		}
	}
	one(t, doc, `a.story-link[href="/stories/s1"]`)
	one(t, doc, `form[action="/articles/a1/delete"]`)
	if len(all(t, doc, `input[name=token]`)) != 0 {
		t.Error("token field shown although no token is configured")
	}
	doc = f.page("/articles/a2", 200)
	one(t, doc, `.note a[href="/articles/a1"]`)

	f.page("/articles/nope", 404)
	f.page("/no/such/page", 404)

	tf := newFixture(t, "tok")
	one(t, tf.page("/articles/a1", 200), `form input[name=token][type=password]`)
}

func TestUISearch(t *testing.T) {
	f := newFixture(t, "")
	f.store.hits = parallax.SearchResult{Total: 45, Hits: []parallax.SearchHit{{
		ArticleMeta: parallax.ArticleMeta{ID: "a1", Title: "Russia: contacts", Outlet: "cnn.com"},
		Story:       "s1",
		Snippet:     "… were contacts with Trump’s team …",
		Marks:       []parallax.Span{spanOf("… were contacts with Trump’s team …", "contacts"), spanOf("… were contacts with Trump’s team …", "Trump’s")},
	}}}
	doc := f.page("/", 200)
	one(t, doc, `header form[action="/search"] input[name=q]`)

	doc = f.page("/search", 200)
	one(t, doc, "#search-form")
	if len(all(t, doc, ".hit")) != 0 {
		t.Error("hits shown before searching")
	}

	doc = f.page("/search?q=contacts&outlet=cnn.com&offset=20", 200)
	hit := one(t, doc, "#results .hit")
	marks := all(t, hit, ".snippet mark")
	if len(marks) != 2 || text(marks[0]) != "contacts" || text(marks[1]) != "Trump’s" {
		t.Errorf("marks = %d", len(marks))
	}
	if got := text(one(t, hit, ".snippet")); got != f.store.hits.Hits[0].Snippet {
		t.Errorf("snippet text %q", got)
	}
	if attr(one(t, doc, `input[name=outlet]`), "value") != "cnn.com" {
		t.Error("the outlet filter was not kept in the form")
	}
	if got := squash(text(one(t, doc, "main > .meta"))); got != "21–21 of 45 matches" {
		t.Errorf("range %q", got)
	}
	prev, next := one(t, doc, `.pager a[rel=prev]`), one(t, doc, `.pager a[rel=next]`)
	if u, _ := url.Parse(attr(next, "href")); u.Query().Get("offset") != "40" || u.Query().Get("q") != "contacts" {
		t.Errorf("next %q", attr(next, "href"))
	}
	if u, _ := url.Parse(attr(prev, "href")); u.Query().Get("offset") != "" {
		t.Errorf("prev %q", attr(prev, "href"))
	}

	doc = f.page("/search?q=x&from=yesterday", 400)
	if got := text(one(t, doc, ".error")); !strings.Contains(got, "from must be a date") {
		t.Errorf("error %q", got)
	}
}

func TestUIAddArticle(t *testing.T) {
	f := newFixture(t, "")
	one(t, f.page("/add", 200), `#add-form textarea[name=text]`)

	form := url.Values{"title": {"Added"}, "url": {"https://www.example.com/x"}, "text": {"Something happened.\n\nMore."}}
	rec := f.do("POST", "/add", strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded")
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	id := parallax.ContentID("Something happened.\n\nMore.")
	if loc := rec.Header().Get("Location"); loc != "/articles/"+id {
		t.Errorf("Location %q", loc)
	}
	if a := f.store.articles[id]; a == nil || a.Outlet != "example.com" || a.Title != "Added" {
		t.Errorf("stored %+v", a)
	}

	for name, tc := range map[string]struct {
		form url.Values
		want int
		msg  string
	}{
		"no text":  {url.Values{"title": {"T"}}, 400, "Paste"},
		"bad url":  {url.Values{"text": {"x"}, "url": {"javascript:alert(1)"}}, 400, "URL"},
		"rejected": {url.Values{"text": {"REJECT"}}, 422, "not stored"},
	} {
		t.Run(name, func(t *testing.T) {
			rec := f.do("POST", "/add", strings.NewReader(tc.form.Encode()), "Content-Type", "application/x-www-form-urlencoded")
			if rec.Code != tc.want || !strings.Contains(rec.Body.String(), tc.msg) {
				t.Errorf("status %d, want %d with %q", rec.Code, tc.want, tc.msg)
			}
		})
	}
}

func TestUIDeleteArticle(t *testing.T) {
	form := "application/x-www-form-urlencoded"
	t.Run("no token configured", func(t *testing.T) {
		f := newFixture(t, "")
		rec := f.do("POST", "/articles/a3/delete", strings.NewReader(""), "Content-Type", form)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/stories/s1" {
			t.Fatalf("status %d location %q", rec.Code, rec.Header().Get("Location"))
		}
		if _, ok := f.store.articles["a3"]; ok {
			t.Error("not deleted")
		}
		f.page("/articles/a3", 404)
	})
	t.Run("token required", func(t *testing.T) {
		f := newFixture(t, "tok")
		for _, body := range []string{"", "token=wrong"} {
			rec := f.do("POST", "/articles/a3/delete", strings.NewReader(body), "Content-Type", form)
			if rec.Code != http.StatusUnauthorized {
				t.Errorf("%q: status %d, want 401", body, rec.Code)
			}
		}
		rec := f.do("POST", "/add", strings.NewReader("text=hello"), "Content-Type", form)
		if rec.Code != http.StatusUnauthorized {
			t.Errorf("add without token: status %d", rec.Code)
		}
		if len(f.store.articles) != 3 {
			t.Fatal("a write without the token changed the store")
		}
		rec = f.do("POST", "/articles/a3/delete", strings.NewReader("token=tok"), "Content-Type", form)
		if rec.Code != http.StatusSeeOther {
			t.Errorf("with token: status %d", rec.Code)
		}
	})
	t.Run("last article of a story", func(t *testing.T) {
		f := newFixture(t, "")
		f.store.add("s2", "Lonely", parallax.StoredArticle{ArticleMeta: parallax.ArticleMeta{ID: "only"}, Text: "x"})
		rec := f.do("POST", "/articles/only/delete", nil, "Content-Type", form)
		if rec.Header().Get("Location") != "/" {
			t.Errorf("location %q, want /", rec.Header().Get("Location"))
		}
	})
}

func TestCrossOriginWritesRefused(t *testing.T) {
	form := "application/x-www-form-urlencoded"
	for name, hdr := range map[string][]string{
		"sec-fetch-site cross-site":  {"Sec-Fetch-Site", "cross-site"},
		"sec-fetch-site same-site":   {"Sec-Fetch-Site", "same-site"},
		"foreign origin, no sec-fet": {"Origin", "https://evil.example"},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t, "")
			for _, path := range []string{"/articles/a3/delete", "/add"} {
				rec := f.do("POST", path, strings.NewReader("text=hi"), append([]string{"Content-Type", form}, hdr...)...)
				if rec.Code != http.StatusForbidden {
					t.Errorf("%s: status %d, want 403", path, rec.Code)
				}
			}
			rec := f.do("POST", "/api/articles", strings.NewReader(`{"text":"hi"}`), append([]string{"Content-Type", "application/json"}, hdr...)...)
			wantError(t, rec, http.StatusForbidden, codeForbidden)
			if len(f.store.articles) != 3 {
				t.Error("a cross-origin write changed the store")
			}
		})
	}
	// Same-origin browser posts go through.
	f := newFixture(t, "")
	rec := f.do("POST", "/articles/a3/delete", nil, "Content-Type", form, "Sec-Fetch-Site", "same-origin", "Origin", "http://localhost:8080")
	if rec.Code != http.StatusSeeOther {
		t.Errorf("same-origin: status %d", rec.Code)
	}
	// Without Sec-Fetch-Site, an Origin matching Host is same-origin.
	rec = f.do("POST", "/articles/a2/delete", nil, "Content-Type", form, "Origin", "http://localhost:8080")
	if rec.Code != http.StatusSeeOther {
		t.Errorf("matching Origin: status %d", rec.Code)
	}
	// Cross-site GETs (links from elsewhere) are fine.
	if rec := f.do("GET", "/", nil, "Sec-Fetch-Site", "cross-site"); rec.Code != 200 {
		t.Errorf("cross-site GET: %d", rec.Code)
	}
}

func TestSecurityHeadersAndStatic(t *testing.T) {
	f := newFixture(t, "")
	rec := f.do("GET", "/", nil)
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Error("no nosniff")
	}
	rec = f.do("GET", "/static/style.css", nil)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/css") || !strings.Contains(rec.Body.String(), "mark.quote") {
		t.Errorf("stylesheet: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
}

// TestXSS puts markup into every article-derived field and checks that no
// page carries it raw.
func TestXSS(t *testing.T) {
	const (
		script = `<script>alert(1)</script>`
		img    = `"><img src=x onerror=1>`
		evil   = script + img
	)
	f := newFixture(t, "")
	txt := "Intro " + evil + " said the man.\n\n“" + evil + " indeed,” " + evil + " said."
	f.store.add("sx", evil, parallax.StoredArticle{
		ArticleMeta: parallax.ArticleMeta{ID: "x1", URL: "javascript:alert(1)", Outlet: evil, Title: evil, Language: evil},
		Byline:      evil,
		Text:        txt,
		Analysis: parallax.Analysis{
			Mentions: []parallax.Mention{
				{Span: spanOf(txt, script), Kind: parallax.EntityKind(evil), Name: evil},
				{Span: spanOf(txt, img), Kind: parallax.Person, Name: evil},
			},
			Quotes: []parallax.Quote{{Content: spanOf(txt, evil+" indeed,"), Speaker: evil}},
		},
	})
	f.store.add("sx", "", parallax.StoredArticle{
		ArticleMeta: parallax.ArticleMeta{ID: "x2", Outlet: evil, Title: evil, DuplicateOf: "x1"},
		Text:        evil,
	})
	f.store.hits = parallax.SearchResult{Total: 1, Hits: []parallax.SearchHit{{
		ArticleMeta: parallax.ArticleMeta{ID: "x1", Title: evil, Outlet: evil},
		Story:       "sx", Snippet: "a " + evil + " b", Marks: []parallax.Span{{Start: 2, End: 10}},
	}}}
	q := url.QueryEscape(evil)
	for _, target := range []string{
		"/", "/stories/sx", "/articles/x1", "/articles/x2",
		"/search?q=" + q + "&outlet=" + q + "&entity=" + q,
		"/search?from=" + q, // the error message echoes the bad value
		"/stories/" + url.PathEscape(evil), "/articles/" + url.PathEscape(evil),
		"/api/nothing" + url.PathEscape(evil),
	} {
		rec := f.do("GET", target, nil)
		body := rec.Body.String()
		for _, raw := range []string{script, img, "<script", "<img", "javascript:alert"} {
			if strings.Contains(body, raw) {
				t.Errorf("GET %s (status %d) carries %q raw", target, rec.Code, raw)
			}
		}
	}
	// And the escaped text still reads as the article text.
	doc := f.page("/articles/x1", 200)
	if got := text(one(t, doc, "#article-text")); got != txt {
		t.Errorf("escaped page text %q, want %q", got, txt)
	}
	// Form re-rendering echoes user input escaped too.
	form := url.Values{"title": {evil}, "url": {"javascript:alert(1)"}, "text": {evil}}
	rec := f.do("POST", "/add", strings.NewReader(form.Encode()), "Content-Type", "application/x-www-form-urlencoded")
	if strings.Contains(rec.Body.String(), script) || strings.Contains(rec.Body.String(), "<img") {
		t.Error("the add form echoes markup raw")
	}
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

// TestArticleTextRoundTrip renders texts with hostile spans and checks that
// stripping the tags from #article-text gives back the text exactly.
func TestArticleTextRoundTrip(t *testing.T) {
	txt := "  Zakharova — «Мария Захарова» said 😀 it.\n \n“Contacts were normal,” she said, “with Trump’s people.”\r\n\n\nLast line 日本語 ends here. \n"
	ments := []parallax.Mention{
		{Span: spanOf(txt, "Zakharova"), Name: "Zakharova", Kind: parallax.Person},
		{Span: spanOf(txt, "Мария Захарова"), Name: "Мария Захарова", Kind: parallax.Person},
		{Span: parallax.Span{Start: spanOf(txt, "Мария").Start + 1, End: spanOf(txt, "Мария").End + 3}, Name: "mid-rune", Kind: parallax.Person}, // starts and ends inside characters
		{Span: spanOf(txt, "Trump"), Name: "Trump", Kind: parallax.Person},
		{Span: parallax.Span{Start: spanOf(txt, "😀").Start + 2, End: spanOf(txt, "😀").End - 1}, Name: "emoji inside", Kind: parallax.Misc},
		{Span: spanOf(txt, "日本"), Name: "Japan", Kind: parallax.Place},
		{Span: parallax.Span{Start: spanOf(txt, "日本").Start + 1, End: len(txt) + 50}, Name: "out of range", Kind: parallax.Misc},
		{Span: parallax.Span{Start: -5, End: 3}, Name: "negative", Kind: parallax.Misc},
		{Span: parallax.Span{Start: 20, End: 10}, Name: "reversed", Kind: parallax.Misc},
	}
	quotes := []parallax.Quote{
		{Content: spanOf(txt, "Contacts were normal,"), Speaker: "Maria Zakharova"},
		{Content: spanOf(txt, "with Trump’s people."), Speaker: "Maria Zakharova"},
		// Overlaps both quotes and crosses a paragraph break.
		{Content: parallax.Span{Start: spanOf(txt, "said 😀").Start, End: spanOf(txt, "normal").End}, Speaker: ""},
		{Content: parallax.Span{Start: 5, End: 5}},
	}
	f := newFixture(t, "")
	f.store.add("s9", "T", parallax.StoredArticle{
		ArticleMeta: parallax.ArticleMeta{ID: "z"}, Text: txt,
		Analysis: parallax.Analysis{Mentions: ments, Quotes: quotes},
	})
	rec := f.do("GET", "/articles/z", nil)
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.String()
	start := strings.Index(body, `<div id="article-text">`)
	end := strings.Index(body[start:], "</div>")
	inner := body[start+len(`<div id="article-text">`) : start+end]
	if got := html.UnescapeString(tagRE.ReplaceAllString(inner, "")); got != txt {
		t.Errorf("stripped page text differs:\n got %q\nwant %q", got, txt)
	}
	doc := f.page("/articles/z", 200)
	if n := len(all(t, doc, "#article-text p")); n != 3 {
		t.Errorf("%d paragraphs, want 3", n)
	}
	for i := range 3 {
		if n := len(all(t, doc, "#q-"+string(rune('0'+i)))); n != 1 {
			t.Errorf("anchor q-%d appears %d times, want 1", i, n)
		}
	}
	for _, m := range all(t, doc, "#article-text mark") {
		if s := text(m); !strings.Contains(txt, s) || s == "" {
			t.Errorf("mark holds %q, not a piece of the text", s)
		}
	}
}

func TestLayoutTextUnit(t *testing.T) {
	for name, tc := range map[string]struct {
		text  string
		an    parallax.Analysis
		paras int
	}{
		"empty":            {"", parallax.Analysis{}, 0},
		"only whitespace":  {" \n\n ", parallax.Analysis{}, 0},
		"one line":         {"Hello.", parallax.Analysis{}, 1},
		"crlf":             {"a\r\nb\r\n", parallax.Analysis{}, 2},
		"span over gap":    {"ab\n\ncd", parallax.Analysis{Mentions: []parallax.Mention{{Span: parallax.Span{Start: 1, End: 6}}}}, 2},
		"identical spans":  {"abc", parallax.Analysis{Mentions: []parallax.Mention{{Span: parallax.Span{Start: 0, End: 3}}, {Span: parallax.Span{Start: 0, End: 3}}}}, 1},
		"invalid utf-8":    {"a\xffb\xc3", parallax.Analysis{Mentions: []parallax.Mention{{Span: parallax.Span{Start: 1, End: 4}}}}, 1},
		"quote spans text": {"x “y” z", parallax.Analysis{Quotes: []parallax.Quote{{Content: parallax.Span{Start: 0, End: 100}}}}, 1},
	} {
		t.Run(name, func(t *testing.T) {
			lt := layoutText(tc.text, tc.an)
			if len(lt.Paragraphs) != tc.paras {
				t.Errorf("%d paragraphs, want %d", len(lt.Paragraphs), tc.paras)
			}
			var b strings.Builder
			b.WriteString(lt.Lead)
			for _, p := range lt.Paragraphs {
				for _, r := range p.Runs {
					for _, pt := range r.Parts {
						b.WriteString(pt.Text)
					}
				}
				b.WriteString(p.After)
			}
			if b.String() != tc.text {
				t.Errorf("layout loses text: %q, want %q", b.String(), tc.text)
			}
		})
	}
}

func TestSnippetPieces(t *testing.T) {
	s := "ab “cd” ef"
	got := snippetPieces(s, []parallax.Span{{Start: 7, End: 11}, {Start: 0, End: 2}, {Start: 1, End: 3}, {Start: 50, End: 60}, {Start: 4, End: 5}})
	var b strings.Builder
	var marked []string
	for _, p := range got {
		b.WriteString(p.Text)
		if p.Mark {
			marked = append(marked, p.Text)
		}
	}
	if b.String() != s {
		t.Errorf("pieces join to %q", b.String())
	}
	// [0,2)+[1,3) merge; [4,5) is inside "“" and widens to it; [7,11) ends on a character boundary.
	if strings.Join(marked, "|") != "ab |“|d”" {
		t.Errorf("marked %q", marked)
	}
}

func TestGroupQuotes(t *testing.T) {
	qs := []parallax.StoryQuote{
		{Speaker: "Ann", EntityID: "e1", Text: "1", Article: "a"},
		{Speaker: "", Text: "2", Article: "a"},
		{Speaker: "Bob", EntityID: "e2", Text: "3", Article: "b"},
		{Speaker: "Bob", EntityID: "e2", Text: "4", Article: "b"},
		{Speaker: "Cy", Text: "5", Article: "missing"},
		{Speaker: "Ann", EntityID: "e1", Text: " 1.", Article: "b"}, // the same words, carried by a copy
	}
	metas := []parallax.ArticleMeta{{ID: "a", Outlet: "x.com", Title: "A"}, {ID: "b", Outlet: "y.com"}}
	g := groupQuotes(qs, metas, nil)
	var names []string
	for _, s := range g {
		names = append(names, s.Name)
	}
	if strings.Join(names, ",") != "Bob,Ann,Cy," { // Ann has one statement, carried twice
		t.Errorf("speaker order %q", names)
	}
	ann := g[1].Quotes
	if len(ann) != 1 || len(ann[0].Sources) != 2 || ann[0].Sources[0].Outlet != "x.com" || ann[0].Sources[1].Outlet != "y.com" || ann[0].Sources[0].Anchor != "" {
		t.Errorf("Ann's quote should be listed once with both articles: %+v", ann)
	}
}

func TestGroupByOutletCopyChains(t *testing.T) {
	metas := []parallax.ArticleMeta{
		{ID: "c", Outlet: "o2", DuplicateOf: "b"}, // copy of a copy
		{ID: "a", Outlet: "o1"},
		{ID: "b", Outlet: "o2", DuplicateOf: "a"},
		{ID: "d", Outlet: "o3", DuplicateOf: "gone"}, // original not in the story
		{ID: "e", Outlet: "o4", DuplicateOf: "f"},    // a cycle in bad data
		{ID: "f", Outlet: "o4", DuplicateOf: "e"},
	}
	g := groupByOutlet(metas, nil)
	total := 0
	for _, grp := range g {
		for _, it := range grp.Articles {
			total += 1 + len(it.Copies)
			if it.ID == "a" && len(it.Copies) != 2 {
				t.Errorf("a has %d copies, want 2", len(it.Copies))
			}
		}
	}
	if total != len(metas) {
		t.Errorf("%d articles shown, want %d (none lost, none twice)", total, len(metas))
	}
}

// TestUIStoryEntities renders the story page from a composed view directly,
// so the entity list is checked whatever story.Compose finds.
func TestUIStoryEntities(t *testing.T) {
	f := newFixture(t, "")
	data := storyPage{Story: parallax.StoryView{
		StorySummary: parallax.StorySummary{ID: "s1", Title: "T"},
		Entities: []parallax.Entity{
			{ID: "e1", Name: "Maria Zakharova", Kind: parallax.Person, Aliases: []string{"Zakharov", "Захарова"}, Mentions: 4},
			{ID: "e2", Name: "Interfax", Kind: parallax.Organization, Mentions: 1},
		},
	}}
	rec := httptest.NewRecorder()
	if err := f.srv.render(rec, 200, "story", "T", "", data); err != nil {
		t.Fatal(err)
	}
	doc, err := xhtml.Parse(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	items := all(t, doc, "#entities li")
	if len(items) != 2 {
		t.Fatalf("%d entities, want 2", len(items))
	}
	got := squash(text(items[0]))
	for _, want := range []string{"Maria Zakharova", "person", "4 mentions", "Zakharov, Захарова"} {
		if !strings.Contains(got, want) {
			t.Errorf("entity %q lacks %q", got, want)
		}
	}
	if got := squash(text(items[1])); strings.Contains(got, "also written") || !strings.Contains(got, "1 mention") {
		t.Errorf("entity without aliases: %q", got)
	}
}

// TestOpenServerAnswersOnlyLoopbackHosts: with no token, a request for
// another host name (DNS rebinding) is refused; with a token it is served.
func TestOpenServerAnswersOnlyLoopbackHosts(t *testing.T) {
	f := newFixture(t, "")
	for _, host := range []string{"localhost", "127.0.0.1:8080", "[::1]:80"} {
		if rec := f.do("GET", "/api/stories", nil, "Host", host); rec.Code != 200 {
			t.Errorf("Host %s: status %d", host, rec.Code)
		}
	}
	wantError(t, f.do("DELETE", "/api/articles/a1", nil, "Host", "evil.example:8080",
		"Origin", "http://evil.example:8080", "Sec-Fetch-Site", "same-origin"), http.StatusForbidden, codeForbidden)
	if f.do("GET", "/", nil, "Host", "evil.example").Code != http.StatusForbidden {
		t.Error("page served to a rebinding host")
	}
	if _, ok := f.store.articles["a1"]; !ok {
		t.Fatal("a rebinding request deleted an article")
	}
	tf := newFixture(t, "tok")
	if rec := tf.do("GET", "/", nil, "Host", "news.example.org"); rec.Code != 200 {
		t.Errorf("with a token, other hosts are served: status %d", rec.Code)
	}
}

func TestSpeakerGroupsFromSpeakers(t *testing.T) {
	pier := parallax.Statement{Speaker: "Ann Lee", EntityID: "e1", Text: "We will rebuild the pier", Occurrences: []parallax.StatementOccurrence{
		{Article: "a", Outlet: "x.test", Text: "We will rebuild the pier"},
		{Article: "b", Outlet: "y.test", Text: "we shall rebuild the pier", ToldTo: []string{"Radio Harbour"}, Via: []string{"The Courier"}},
		{Article: "b", Outlet: "y.test", Text: "rebuild the pier"}, // a fragment inside b's quote
	}}
	money := parallax.Statement{Speaker: "Ann Lee", EntityID: "e1", Text: "The money is there", Occurrences: []parallax.StatementOccurrence{{Article: "a", Outlet: "x.test", Text: "The money is there"}}}
	noComment := parallax.Statement{Speaker: "Bo Chan", EntityID: "e2", Text: "No comment", Occurrences: []parallax.StatementOccurrence{{Article: "b", Outlet: "y.test", Text: "No comment"}}}
	v := parallax.StoryView{
		StorySummary: parallax.StorySummary{Articles: []parallax.ArticleMeta{{ID: "a", Outlet: "x.test", Title: "A"}, {ID: "b", Outlet: "y.test", Title: "B"}}},
		Speakers: []parallax.Speaker{
			{Name: "Ann Lee", EntityID: "e1", Roles: []parallax.Role{{Role: "mayor"}, {Role: "mayor"}, {Role: "candidate"}},
				Statements: []parallax.Statement{pier, money},
				Relays: []parallax.RelayPath{
					{ToldTo: []string{}, Via: []string{}, Articles: []string{"a"}},
					{ToldTo: []string{"Radio Harbour"}, Via: []string{"The Courier"}, Articles: []string{"b"}},
				}},
			{Name: "Bo Chan", EntityID: "e2", Statements: []parallax.Statement{noComment},
				Relays: []parallax.RelayPath{{ToldTo: []string{}, Via: []string{}, Articles: []string{"b"}}}},
		},
		Quotes: []parallax.StoryQuote{{Speaker: "", Text: "Nobody asked us", Article: "b", Direct: true}, {Speaker: "", Text: "which", Article: "b"}, {Speaker: "Ann Lee", EntityID: "e1", Text: "We will rebuild the pier", Article: "a"}},
	}
	g := speakerGroups(v, nil)
	if len(g) != 3 || g[0].Name != "Ann Lee" || g[1].Name != "Bo Chan" || g[2].Name != "" {
		t.Fatalf("groups %+v", g)
	}
	if strings.Join(g[0].Roles, ",") != "mayor,candidate" {
		t.Errorf("roles %q, want most frequent first", g[0].Roles)
	}
	first := g[0].Quotes[0]
	if len(g[0].Quotes) != 2 || len(first.Sources) != 2 || first.Sources[0].Wording != "" || first.Sources[1].Wording != "we shall rebuild the pier" || first.Sources[1].Title != "B" {
		t.Errorf("statement item %+v", g[0].Quotes)
	}
	if s := first.Sources[1]; strings.Join(s.ToldTo, ",") != "Radio Harbour" || strings.Join(s.Via, ",") != "The Courier" {
		t.Errorf("relay of the second source: told %q via %q", s.ToldTo, s.Via)
	}
	if len(g[2].Quotes) != 1 || g[2].Quotes[0].Text != "Nobody asked us" || g[2].Graph != nil {
		t.Errorf("unattributed %+v", g[2])
	}

	// Ann Lee's graph: speaker → Radio Harbour → The Courier → b, and
	// speaker → a directly; four columns, one per stage.
	gr := g[0].Graph
	if gr == nil || len(gr.Columns) != 4 {
		t.Fatalf("graph %+v, want 4 columns", gr)
	}
	at := map[string]graphNode{}
	for _, n := range gr.Nodes {
		at[n.Kind+":"+n.Label] = n
	}
	sp, told, via, a, b := at["speaker:Ann Lee"], at["told:Radio Harbour"], at["via:The Courier"], at["article:x.test"], at["article:y.test"]
	if sp.Label == "" || told.Label == "" || via.Label == "" || a.Href != "/articles/a" || b.Href != "/articles/b" || b.Title != "B" {
		t.Fatalf("nodes %+v", gr.Nodes)
	}
	edge := func(from, to graphNode) bool {
		return slices.ContainsFunc(gr.Edges, func(e graphEdge) bool {
			return e.Y1 == from.Y && e.Y2 == to.Y && e.X1 > from.X && e.X2 < to.X && e.X2 > e.X1
		})
	}
	for _, e := range [][2]graphNode{{sp, told}, {told, via}, {via, b}, {sp, a}} {
		if !edge(e[0], e[1]) {
			t.Errorf("no edge %s → %s in %+v", e[0].Label, e[1].Label, gr.Edges)
		}
	}
	if len(gr.Edges) != 4 {
		t.Errorf("%d edges, want 4", len(gr.Edges))
	}
	// Bo Chan was printed first-hand only: speaker and articles, no relay columns.
	if c := g[1].Graph.Columns; len(c) != 2 || c[1].Title != "printed by" {
		t.Errorf("Bo Chan's columns %+v", c)
	}
}

// TestUIPartialAndUpdated: a partial text says so on its page and in the
// story's coverage; an update time and a canonical address show.
func TestUIPartialAndUpdated(t *testing.T) {
	f := newFixture(t, "")
	a := f.store.articles["a1"]
	a.Partial, a.CanonicalURL = "paywall", "https://cnn.com/canonical/a1"
	f.store.stories[0].Articles[0].Partial = "paywall" // the fake keeps list entries apart
	a.Updated = a.Published.Add(3 * time.Hour)
	doc := f.page("/articles/a1", 200)
	if got := text(one(t, doc, "p.note.partial")); !strings.Contains(got, "behind a paywall") {
		t.Errorf("partial note %q", got)
	}
	if attr(one(t, doc, "a.canonical-link"), "href") != "https://cnn.com/canonical/a1" {
		t.Error("canonical link missing")
	}
	if !strings.Contains(text(one(t, doc, "p.meta")), "updated") {
		t.Error("update time missing")
	}
	doc = f.page("/stories/s1", 200)
	if n := len(all(t, doc, "#articles .partial")); n != 1 {
		t.Errorf("%d partial marks in the coverage, want 1", n)
	}
}

// TestUIWhy: each article but the first says why it is in the story.
func TestUIWhy(t *testing.T) {
	f := newFixture(t, "")
	f.store.articles["a1"].Keys = []parallax.Key{{Key: "e:ryabkov", Weight: 0.5}, {Key: "t:contact", Weight: 0.3}}
	f.store.articles["a3"].Keys = []parallax.Key{{Key: "e:ryabkov", Weight: 0.4}, {Key: "t:contact", Weight: 0.2}, {Key: "n:2016", Weight: 0.1}}
	f.store.articles["a3"].Score = 0.61
	doc := f.page("/stories/s1", 200)
	if got := len(all(t, doc, "#articles .why-start")); got != 1 {
		t.Errorf("%d articles say they started the story, want 1", got)
	}
	got := squash(text(one(t, doc, "#articles details.why")))
	for _, want := range []string{"similarity 0.61", "names ryabkov", "words contact"} {
		if !strings.Contains(got, want) {
			t.Errorf("why %q lacks %q", got, want)
		}
	}
}

// TestUIStoryFaces renders the summary with hover citations, the "Where
// accounts differ" section side by side and the timeline chart from a
// composed view, escaping the articles' words.
func TestUIStoryFaces(t *testing.T) {
	f := newFixture(t, "")
	evil := `<script>alert(1)</script>`
	data := storyPage{Story: parallax.StoryView{
		StorySummary: parallax.StorySummary{ID: "s1", Title: "T"},
		Contradictions: []parallax.Contradiction{{Topic: "Aurora: the inspection " + evil, Kind: parallax.KindOpposed, Confidence: 0.8,
			Sides: []parallax.Side{
				{Stance: parallax.Asserts, Speaker: "Tomas Berg", Text: "The Aurora was inspected", Article: "f1", Outlet: "harbour.example"},
				{Stance: parallax.Denies, Speaker: "Elin Dahl", Text: "No inspector boarded " + evil, Article: "f2", Outlet: "coast.example"},
			}}},
	}}
	data.Story.Summary = []parallax.SummarySentence{
		{Text: "Berg said the Aurora passed.", Citations: []parallax.Citation{{Article: "f1", Outlet: "harbour.example"}, {Article: "f2", Outlet: "coast.example"}}},
		{Text: "Dahl denied it " + evil, Citations: []parallax.Citation{{Article: "f2", Outlet: "coast.example"}}},
	}
	data.Story.Timeline = []parallax.TimelineEntry{
		{Date: "2031-03", Precision: parallax.PrecisionMonth, Text: "In March the ship was inspected.", Article: "f1", Articles: []string{"f1"}},
		{Date: "2031-04-08", Precision: parallax.PrecisionDay, Text: "Berg spoke " + evil, Article: "f1", Speaker: "Tomas Berg", Articles: []string{"f1", "f2"}},
	}
	data.Summary = summaryItems(data.Story.Summary)
	data.Timeline = newTimelineChart(data.Story.Timeline)
	rec := httptest.NewRecorder()
	if err := f.srv.render(rec, 200, "story", "T", "", data); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(rec.Body.String(), evil) {
		t.Fatal("article text reached the page unescaped")
	}
	doc, err := xhtml.Parse(rec.Body)
	if err != nil {
		t.Fatal(err)
	}
	cited := all(t, doc, "#summary a.cited")
	if len(cited) != 2 {
		t.Fatalf("%d cited summary sentences, want 2", len(cited))
	}
	if attr(cited[0], "href") != "/articles/f1" || attr(cited[0], "title") != "said by harbour.example, coast.example" {
		t.Errorf("first summary sentence links %q with title %q", attr(cited[0], "href"), attr(cited[0], "title"))
	}
	sides := all(t, doc, "#differ .contradiction .side")
	if len(sides) != 2 {
		t.Fatalf("%d sides, want 2", len(sides))
	}
	for i, want := range []string{"asserts Tomas Berg harbour.example The Aurora was inspected", "denies Elin Dahl coast.example No inspector boarded"} {
		if got := squash(text(sides[i])); !strings.HasPrefix(got, want) {
			t.Errorf("side %d = %q, want it to start with %q", i, got, want)
		}
	}
	dots := all(t, doc, "#timeline svg circle")
	if len(dots) != 2 {
		t.Fatalf("%d timeline dots, want 2", len(dots))
	}
	if attr(dots[0], "class") != "month" || attr(dots[1], "class") != "day" {
		t.Errorf("dot classes %q %q: a month entry is drawn apart from a day", attr(dots[0], "class"), attr(dots[1], "class"))
	}
	if x0, x1 := atoi(attr(dots[0], "cx")), atoi(attr(dots[1], "cx")); x0 >= x1 {
		t.Errorf("the earlier entry is not left of the later one: %d, %d", x0, x1)
	}
	if got := len(all(t, doc, "#timeline ol.timeline li")); got != 2 {
		t.Errorf("%d timeline items, want 2", got)
	}
}

// TestAPIStoryFaces: the story endpoint serves the faces as JSON lists.
func TestAPIStoryFaces(t *testing.T) {
	f := newFixture(t, "")
	rec := f.do("GET", "/api/stories/s1", nil)
	var v map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"timeline", "claims", "contradictions", "summary"} {
		if raw, ok := v[k]; !ok || raw[0] != '[' {
			t.Errorf("story JSON field %q = %s, want a list", k, raw)
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}
