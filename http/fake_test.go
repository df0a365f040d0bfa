package http

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	parallax "github.com/parallax-news/parallax"
)

// fakeStore is an in-memory Store for handler tests: enough behaviour to
// exercise the handlers, none of the real store's indexing.
type fakeStore struct {
	mu       sync.Mutex
	articles map[string]*parallax.StoredArticle
	stories  []parallax.StorySummary // most recent first
	hits     parallax.SearchResult

	lastStories parallax.StoryFilter
	lastSearch  parallax.SearchFilter
	fail        error // returned by every read when set
	panicOn     string
}

func newFakeStore() *fakeStore {
	return &fakeStore{articles: map[string]*parallax.StoredArticle{}}
}

func (f *fakeStore) Begin(context.Context) (parallax.Tx, error) {
	return nil, errors.New("fake store has no transactions")
}

func (f *fakeStore) Article(_ context.Context, id string) (*parallax.StoredArticle, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return nil, f.fail
	}
	if id == f.panicOn {
		panic("fake store exploded")
	}
	a, ok := f.articles[id]
	if !ok {
		return nil, parallax.Errorf(parallax.ENotFound, "article %q not found", id)
	}
	c := *a
	return &c, nil
}

func (f *fakeStore) Stories(_ context.Context, flt parallax.StoryFilter) ([]parallax.StorySummary, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lastStories = flt
	if f.fail != nil {
		return nil, f.fail
	}
	lo := min(flt.Offset, len(f.stories))
	hi := min(lo+flt.Limit, len(f.stories))
	return slices.Clone(f.stories[lo:hi]), nil
}

func (f *fakeStore) Story(_ context.Context, id string) (parallax.StorySummary, []*parallax.StoredArticle, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return parallax.StorySummary{}, nil, f.fail
	}
	for _, s := range f.stories {
		if s.ID == id {
			var arts []*parallax.StoredArticle
			for _, m := range s.Articles {
				if a, ok := f.articles[m.ID]; ok {
					arts = append(arts, a)
				}
			}
			return s, arts, nil
		}
	}
	return parallax.StorySummary{}, nil, parallax.Errorf(parallax.ENotFound, "story %q not found", id)
}

func (f *fakeStore) Search(_ context.Context, flt parallax.SearchFilter) (parallax.SearchResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.lastSearch = flt
	if f.fail != nil {
		return parallax.SearchResult{}, f.fail
	}
	return f.hits, nil
}

func (f *fakeStore) Articles(context.Context) iter.Seq2[*parallax.StoredArticle, error] {
	return func(yield func(*parallax.StoredArticle, error) bool) {}
}

func (f *fakeStore) Delete(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.articles[id]; !ok {
		return parallax.Errorf(parallax.ENotFound, "article %q not found", id)
	}
	delete(f.articles, id)
	for i := range f.stories {
		f.stories[i].Articles = slices.DeleteFunc(f.stories[i].Articles, func(m parallax.ArticleMeta) bool { return m.ID == id })
	}
	f.stories = slices.DeleteFunc(f.stories, func(s parallax.StorySummary) bool { return len(s.Articles) == 0 })
	return nil
}

func (f *fakeStore) Close() error { return nil }

// add stores an article in story (creating the story at the front).
func (f *fakeStore) add(storyID, storyTitle string, a parallax.StoredArticle) {
	f.mu.Lock()
	defer f.mu.Unlock()
	a.Story = storyID
	f.articles[a.ID] = &a
	for i := range f.stories {
		if f.stories[i].ID == storyID {
			f.stories[i].Articles = append(f.stories[i].Articles, a.ArticleMeta)
			f.stories[i].Outlets = countOutlets(f.stories[i].Articles)
			return
		}
	}
	f.stories = append([]parallax.StorySummary{{
		ID: storyID, Title: storyTitle, Storyline: parallax.OwnStoryline(storyID), Started: a.Published, Updated: a.Published,
		Articles: []parallax.ArticleMeta{a.ArticleMeta}, Outlets: 1,
	}}, f.stories...)
}

// Storylines lists the stories' storylines in the order of their most
// recent story.
func (f *fakeStore) Storylines(_ context.Context, flt parallax.StoryFilter) ([]parallax.StorylineSummary, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return nil, f.fail
	}
	var out []parallax.StorylineSummary
	for _, s := range f.stories {
		if !slices.ContainsFunc(out, func(l parallax.StorylineSummary) bool { return l.ID == s.Storyline }) {
			l, _ := f.storyline(s.Storyline)
			out = append(out, l)
		}
	}
	lo := min(flt.Offset, len(out))
	hi := min(lo+flt.Limit, len(out))
	return out[lo:hi], nil
}

func (f *fakeStore) Storyline(_ context.Context, id string) (parallax.StorylineSummary, []parallax.StorySummary, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return parallax.StorylineSummary{}, nil, f.fail
	}
	l, events := f.storyline(id)
	if len(events) == 0 {
		return l, nil, parallax.Errorf(parallax.ENotFound, "storyline %q not found", id)
	}
	return l, events, nil
}

// storyline gathers the stories of storyline id, oldest first (f.stories
// holds the newest first). Its title is its largest story's.
func (f *fakeStore) storyline(id string) (parallax.StorylineSummary, []parallax.StorySummary) {
	l := parallax.StorylineSummary{ID: id}
	var events []parallax.StorySummary
	lead := -1
	for i := len(f.stories) - 1; i >= 0; i-- {
		s := f.stories[i]
		if s.Storyline != id {
			continue
		}
		events = append(events, s)
		l.Events++
		l.Articles += len(s.Articles)
		if lead < 0 || len(s.Articles) > len(events[lead].Articles) {
			lead = len(events) - 1
			l.Title = s.Title
		}
		if l.Started.IsZero() || s.Started.Before(l.Started) {
			l.Started = s.Started
		}
		if s.Updated.After(l.Updated) {
			l.Updated = s.Updated
		}
	}
	return l, events
}

// MergeStories moves the articles of from into into, with the real
// stores' checks.
func (f *fakeStore) MergeStories(_ context.Context, into string, from []string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(from) == 0 || slices.Contains(from, into) {
		return parallax.Errorf(parallax.EInvalid, "cannot merge %q into %q", from, into)
	}
	dst := slices.IndexFunc(f.stories, func(s parallax.StorySummary) bool { return s.ID == into })
	if dst < 0 {
		return parallax.Errorf(parallax.ENotFound, "story %q not found", into)
	}
	for _, id := range from {
		if !slices.ContainsFunc(f.stories, func(s parallax.StorySummary) bool { return s.ID == id }) {
			return parallax.Errorf(parallax.ENotFound, "story %q not found", id)
		}
	}
	var moved []parallax.ArticleMeta
	for _, s := range f.stories {
		if slices.Contains(from, s.ID) {
			moved = append(moved, s.Articles...)
		}
	}
	f.stories[dst].Articles = append(f.stories[dst].Articles, moved...)
	f.stories[dst].Outlets = countOutlets(f.stories[dst].Articles)
	for _, m := range moved {
		f.articles[m.ID].Story = into
	}
	f.stories = slices.DeleteFunc(f.stories, func(s parallax.StorySummary) bool { return slices.Contains(from, s.ID) })
	return nil
}

// SplitStory moves articles of story into a new story "<story>-split".
func (f *fakeStore) SplitStory(_ context.Context, story string, articles []string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	src := slices.IndexFunc(f.stories, func(s parallax.StorySummary) bool { return s.ID == story })
	if src < 0 {
		return "", parallax.Errorf(parallax.ENotFound, "story %q not found", story)
	}
	s := &f.stories[src]
	var moved, kept []parallax.ArticleMeta
	for _, m := range s.Articles {
		if slices.Contains(articles, m.ID) {
			moved = append(moved, m)
		} else {
			kept = append(kept, m)
		}
	}
	if len(moved) != len(articles) || len(kept) == 0 {
		return "", parallax.Errorf(parallax.EInvalid, "cannot split %q from story %q", articles, story)
	}
	id := story + "-split"
	s.Articles, s.Outlets = kept, countOutlets(kept)
	split := parallax.StorySummary{ID: id, Title: moved[0].Title, Storyline: s.Storyline,
		Started: s.Started, Updated: s.Updated, Articles: moved, Outlets: countOutlets(moved)}
	for _, m := range moved {
		f.articles[m.ID].Story = id
	}
	f.stories = slices.Insert(f.stories, src, split)
	return id, nil
}

func countOutlets(ms []parallax.ArticleMeta) int {
	seen := map[string]bool{}
	for _, m := range ms {
		seen[m.Outlet] = true
	}
	return len(seen)
}

// fakeIngester stores each decoded article into a fakeStore: text containing
// "REJECT" is rejected, an existing id with other text is a conflict.
type fakeIngester struct {
	store *fakeStore
	calls int
}

func (g *fakeIngester) Ingest(ctx context.Context, arts iter.Seq2[parallax.Article, error], progress func(parallax.IngestResult)) ([]parallax.IngestResult, error) {
	g.calls++
	var out []parallax.IngestResult
	for a, err := range arts {
		if err != nil {
			out = append(out, parallax.IngestResult{Origin: "request", Status: parallax.StatusRejected, Error: err.Error()})
			continue
		}
		res := parallax.IngestResult{Origin: a.Origin}
		text := string(a.Body)
		id := a.ID
		if id == "" {
			id = parallax.ContentID(text)
		}
		res.ID = id
		switch old, ok := g.store.articles[id]; {
		case strings.Contains(text, "REJECT"):
			res.Status, res.Error = parallax.StatusRejected, "rejected by the fake"
		case ok && old.Text != text:
			res.Status, res.Error = parallax.StatusConflict, "different text"
		case ok:
			res.Status, res.Story = parallax.StatusUnchanged, old.Story
		default:
			res.Status, res.Story = parallax.StatusStored, "s-new"
			g.store.add("s-new", "New story", parallax.StoredArticle{
				ArticleMeta: parallax.ArticleMeta{ID: id, URL: a.URL, Outlet: a.Outlet, Title: a.Title, Published: a.Published},
				Text:        text,
			})
		}
		out = append(out, res)
	}
	return out, nil
}

// testRecord is the JSON record the fake decoder reads.
type testRecord struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Text   string `json:"text"`
	Outlet string `json:"outlet"`
}

// fakeDecode reads one JSON object, a JSON array or JSON Lines.
func fakeDecode(_ context.Context, r io.Reader, name string) iter.Seq2[parallax.Article, error] {
	return func(yield func(parallax.Article, error) bool) {
		data, err := io.ReadAll(r)
		if err != nil {
			yield(parallax.Article{}, err)
			return
		}
		var recs []testRecord
		data = bytes.TrimSpace(data)
		if len(data) > 0 && data[0] == '[' {
			if err := json.Unmarshal(data, &recs); err != nil {
				yield(parallax.Article{}, err)
				return
			}
		} else {
			for line := range bytes.Lines(data) {
				var rec testRecord
				if err := json.Unmarshal(line, &rec); err != nil {
					if !yield(parallax.Article{}, parallax.Errorf(parallax.EInvalid, "%s: bad JSON", name)) {
						return
					}
					continue
				}
				recs = append(recs, rec)
			}
		}
		for i, rec := range recs {
			a := parallax.Article{ID: rec.ID, Title: rec.Title, Outlet: rec.Outlet, Body: []byte(rec.Text),
				ContentType: parallax.ContentText, Origin: name + ":" + string(rune('1'+i))}
			if !yield(a, nil) {
				return
			}
		}
	}
}

var testNow = time.Date(2016, 11, 14, 12, 0, 0, 0, time.UTC)

// fixture is a server over a fake store holding one story of three articles:
// a CNN original, a near-copy of it from another outlet, and a TPM piece.
type fixture struct {
	t     *testing.T
	store *fakeStore
	ing   *fakeIngester
	srv   *Server
	h     http.Handler
	logs  *bytes.Buffer
}

const ryabkovText = "Russia’s deputy foreign minister Sergei Ryabkov said there were contacts.\n\n" +
	"“Obviously, we know most of the people from his entourage,” Ryabkov told Interfax.\n" +
	"Hope Hicks said: “The campaign had no contact with Russian officials.”"

func newFixture(t *testing.T, token string) *fixture {
	t.Helper()
	st := newFakeStore()
	pub := func(d int) time.Time { return time.Date(2016, 11, d, 9, 30, 0, 0, time.UTC) }
	st.add("s1", "Russia says it had contacts with Trump team", parallax.StoredArticle{
		ArticleMeta: parallax.ArticleMeta{ID: "a1", URL: "https://cnn.com/a1", Outlet: "cnn.com",
			Title: "Russia: contacts with Trump team", Published: pub(10), Language: "en"},
		Text: ryabkovText,
		Analysis: parallax.Analysis{
			Mentions: []parallax.Mention{
				{Span: spanOf(ryabkovText, "Sergei Ryabkov"), Kind: parallax.Person, Name: "Sergei Ryabkov"},
			},
			Quotes: []parallax.Quote{{
				Content: parallax.Span{Start: strings.Index(ryabkovText, "Obviously"), End: strings.Index(ryabkovText, ",” Ryabkov")},
				Speaker: "Sergei Ryabkov",
			}},
		},
	})
	st.add("s1", "", parallax.StoredArticle{
		ArticleMeta: parallax.ArticleMeta{ID: "a2", Outlet: "timesofisrael.com", Title: "Copy of CNN",
			Published: pub(11), DuplicateOf: "a1"},
		Text: ryabkovText,
	})
	st.add("s1", "", parallax.StoredArticle{
		ArticleMeta: parallax.ArticleMeta{ID: "a3", Outlet: "talkingpointsmemo.com", Title: "TPM on the contacts",
			Published: pub(12)},
		Text: "Hicks denied it.",
	})
	ing := &fakeIngester{store: st}
	logs := &bytes.Buffer{}
	srv, err := NewServer(Config{
		Store: st, Ingester: ing, Decode: fakeDecode, Token: token,
		Logger: slog.New(slog.NewTextHandler(logs, nil)), Now: func() time.Time { return testNow },
	})
	if err != nil {
		t.Fatal(err)
	}
	return &fixture{t: t, store: st, ing: ing, srv: srv, h: srv.Handler(), logs: logs}
}

// do serves one request and returns the recorder.
func (f *fixture) do(method, target string, body io.Reader, header ...string) *httptest.ResponseRecorder {
	f.t.Helper()
	req := httptest.NewRequest(method, target, body)
	req.Host = "localhost:8080" // an open (no token) server answers only loopback names
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	return rec
}

// jsonBody decodes a response body into v, failing the test on bad JSON.
func jsonBody[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type = %q, want application/json; body %s", ct, rec.Body)
	}
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("bad JSON %q: %v", rec.Body, err)
	}
	return v
}

// wantKeys fails unless m has every key.
func wantKeys(t *testing.T, what string, m map[string]any, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("%s: missing key %q in %v", what, k, m)
		}
	}
}

// wantError checks an API error response's status and code.
func wantError(t *testing.T, rec *httptest.ResponseRecorder, status int, code string) string {
	t.Helper()
	if rec.Code != status {
		t.Fatalf("status = %d, want %d; body %s", rec.Code, status, rec.Body)
	}
	body := jsonBody[map[string]map[string]string](t, rec)
	if body["error"]["code"] != code {
		t.Errorf("error code = %q, want %q (body %s)", body["error"]["code"], code, rec.Body)
	}
	if body["error"]["message"] == "" {
		t.Errorf("error message empty: %s", rec.Body)
	}
	return body["error"]["message"]
}

// spanOf returns the span of the first sub in text.
func spanOf(text, sub string) parallax.Span {
	i := strings.Index(text, sub)
	if i < 0 {
		panic("spanOf: " + sub + " not in text")
	}
	return parallax.Span{Start: i, End: i + len(sub)}
}

// netListen listens on a free loopback port.
func netListen() (net.Listener, error) { return net.Listen("tcp", "127.0.0.1:0") }
