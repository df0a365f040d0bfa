package watch

import (
	"context"
	"fmt"
	"iter"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/fetch"
	"github.com/parallax-news/parallax/sqlite"
)

// recorder is an Ingester that keeps what it is given: the watcher is the
// unit under test here, the pipeline has tests of its own.
type recorder struct {
	mu       sync.Mutex
	articles []parallax.Article
}

func (r *recorder) Ingest(ctx context.Context, arts iter.Seq2[parallax.Article, error], progress func(parallax.IngestResult)) ([]parallax.IngestResult, error) {
	var out []parallax.IngestResult
	for a, err := range arts {
		if err != nil {
			return nil, err
		}
		r.mu.Lock()
		r.articles = append(r.articles, a)
		n := len(r.articles)
		r.mu.Unlock()
		res := parallax.IngestResult{Origin: a.Origin, ID: fmt.Sprintf("art-%d", n), Status: parallax.StatusStored}
		if strings.Contains(string(a.Body), "no article here") {
			res = parallax.IngestResult{Origin: a.Origin, Status: parallax.StatusRejected, Error: "no main text found"}
		}
		out = append(out, res)
	}
	return out, nil
}

func (r *recorder) bodies() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, a := range r.articles {
		out = append(out, a.URL+" "+string(a.Body))
	}
	return out
}

// site is an invented news site: a feed with one full-text entry and two
// summaries whose pages it serves, one of them broken until fixed.
type site struct {
	mu       sync.Mutex
	fixed    bool
	requests map[string]int
}

const longText = "The Selby ferry will run through the winter, the harbour board decided on Tuesday after a long meeting. "

func (s *site) handler(base func() string) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>Selby Harbour News</title><link>%[1]s/</link>
<item><guid>e1</guid><link>%[1]s/ferry.html</link><title>Ferry runs all winter</title>
<pubDate>Tue, 04 Mar 2031 09:00:00 GMT</pubDate><description>Short.</description>
<content:encoded><![CDATA[<p>%[2]s</p>]]></content:encoded></item>
<item><guid>e2</guid><link>%[1]s/pier.html</link><title>Pier reopens</title><description>The pier reopens.</description></item>
<item><guid>e3</guid><link>%[1]s/fees.html</link><title>Fees</title><description>Harbour fees.</description></item>
<item><guid>e4</guid><link>%[1]s/junk.html</link><title>Gallery</title><description>Photos.</description></item>
</channel></rss>`, base(), strings.Repeat(longText, 12))
	})
	mux.HandleFunc("/pier.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<html><body><article><p>The Selby pier reopened on Wednesday after repairs to its deck.</p></article></body></html>")
	})
	mux.HandleFunc("/fees.html", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		fixed := s.fixed
		s.mu.Unlock()
		if !fixed {
			http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
			return
		}
		fmt.Fprint(w, "<html><body><article><p>Harbour fees will not rise this year, the board said.</p></article></body></html>")
	})
	mux.HandleFunc("/junk.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<html><body>no article here</body></html>")
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		if s.requests == nil {
			s.requests = map[string]int{}
		}
		s.requests[r.URL.Path]++
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	})
}

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func newWatcher(t *testing.T, allowPrivate bool) (*Watcher, *sqlite.DB, *recorder, *clock) {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	c := &clock{time.Date(2031, 3, 4, 10, 0, 0, 0, time.UTC)}
	rec := &recorder{}
	f := fetch.New(fetch.Options{AllowPrivate: allowPrivate, HostDelay: -1, Timeout: 5 * time.Second})
	t.Cleanup(f.CloseIdleConnections)
	w := &Watcher{Store: db, Ingest: rec, Fetcher: f, Interval: 10 * time.Minute, Now: c.now,
		Backoff: fetch.Backoff{Base: time.Minute, Rand: func() float64 { return 0.5 }}}
	return w, db, rec, c
}

func TestPoll(t *testing.T) {
	ctx := context.Background()
	st := &site{}
	var srv *httptest.Server
	srv = httptest.NewServer(st.handler(func() string { return srv.URL }))
	defer srv.Close()
	w, db, rec, c := newWatcher(t, true)
	src, _, err := db.AddSource(ctx, parallax.Source{URL: srv.URL + "/feed.xml"})
	if err != nil {
		t.Fatal(err)
	}
	paused, _, _ := db.AddSource(ctx, parallax.Source{URL: srv.URL + "/paused.xml", Paused: true})

	// First poll: the full-text entry from the feed, the summary's page
	// fetched, the broken page recorded as a failed entry.
	r, err := w.Poll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if r != (Report{Sources: 1, Entries: 4, Stored: 2, EntryErrors: 2}) {
		t.Errorf("first poll %+v", r)
	}
	got := rec.bodies()
	if len(got) != 3 || !strings.Contains(got[0], "/ferry.html <p>The Selby ferry") || !strings.Contains(got[1], "/pier.html <html>") {
		t.Errorf("articles: %q", got)
	}
	if st.requests["/ferry.html"] != 0 || st.requests["/paused.xml"] != 0 {
		t.Errorf("fetched a full-text entry's page or a paused feed: %v", st.requests)
	}
	s, _ := db.Source(ctx, src.ID)
	if s.Title != "Selby Harbour News" || s.ETag != `"v1"` || !s.LastOK.Equal(c.t) || s.Failures != 0 || !s.NextFetch.Equal(c.t.Add(10*time.Minute)) {
		t.Errorf("source after the poll: %+v", s)
	}
	e, ok, _ := db.Entry(ctx, src.ID, "e3")
	if !ok || e.Article != "" || !strings.Contains(e.Error, "503") || e.Attempts != 1 || !e.NextTry.After(c.t) {
		t.Errorf("the failed entry: %+v", e)
	}
	if e, _, _ := db.Entry(ctx, src.ID, "e4"); e.Error != "rejected: no main text found" {
		t.Errorf("the entry the pipeline rejected: %+v", e)
	}

	// Not due yet: nothing is fetched.
	before := st.requests["/feed.xml"]
	if r, _ := w.Poll(ctx); r.Sources != 0 || st.requests["/feed.xml"] != before {
		t.Errorf("polled a source that was not due: %+v", r)
	}

	// Later: the feed answers 304, and the failed entry, now due and fixed,
	// is stored; the stored ones are not fetched again.
	c.t = c.t.Add(time.Hour)
	st.mu.Lock()
	st.fixed = true
	st.mu.Unlock()
	pier := st.requests["/pier.html"]
	r, err = w.Poll(ctx)
	if err != nil || r != (Report{Sources: 1, NotModified: 1, Entries: 2, Stored: 1, EntryErrors: 1}) {
		t.Errorf("second poll %+v, %v", r, err)
	}
	if e, _, _ := db.Entry(ctx, src.ID, "e3"); e.Article == "" || e.Error != "" || e.Attempts != 2 {
		t.Errorf("the retried entry: %+v", e)
	}
	if st.requests["/pier.html"] != pier {
		t.Error("a stored entry's page was fetched again")
	}
	if s, _ := db.Source(ctx, paused.ID); !s.LastFetch.IsZero() {
		t.Error("the paused source was polled")
	}
}

func TestPollFailures(t *testing.T) {
	ctx := context.Background()
	st := &site{}
	var srv *httptest.Server
	srv = httptest.NewServer(st.handler(func() string { return srv.URL }))
	defer srv.Close()

	// A missing feed backs off; the error is kept on the source.
	w, db, _, c := newWatcher(t, true)
	missing, _, _ := db.AddSource(ctx, parallax.Source{URL: srv.URL + "/gone.xml"})
	notFeed, _, _ := db.AddSource(ctx, parallax.Source{URL: srv.URL + "/pier.html"})
	r, err := w.Poll(ctx)
	if err != nil || r.Failed != 2 {
		t.Fatalf("poll %+v, %v", r, err)
	}
	s, _ := db.Source(ctx, missing.ID)
	if s.Failures != 1 || !strings.Contains(s.LastError, "404") || !s.NextFetch.After(c.t) || !s.LastOK.IsZero() {
		t.Errorf("missing feed: %+v", s)
	}
	first := s.NextFetch.Sub(c.t)
	c.t = s.NextFetch
	w.Poll(ctx)
	s, _ = db.Source(ctx, missing.ID)
	if s.Failures != 2 || s.NextFetch.Sub(c.t) <= first {
		t.Errorf("the second failure does not back off further: %v then %v", first, s.NextFetch.Sub(c.t))
	}
	if s, _ := db.Source(ctx, notFeed.ID); !strings.Contains(s.LastError, "parsing") {
		t.Errorf("a page given as a feed: %q", s.LastError)
	}

	// By default a loopback address is refused, and said so.
	w2, db2, rec2, _ := newWatcher(t, false)
	local, _, _ := db2.AddSource(ctx, parallax.Source{URL: srv.URL + "/feed.xml"})
	if r, err := w2.Poll(ctx); err != nil || r.Failed != 1 {
		t.Fatalf("poll %+v, %v", r, err)
	}
	if s, _ := db2.Source(ctx, local.ID); !strings.Contains(s.LastError, "127.0.0.1") || len(rec2.bodies()) != 0 {
		t.Errorf("a loopback feed was not refused: %q", s.LastError)
	}
}

// TestRunStops: Run returns when its context ends.
func TestRunStops(t *testing.T) {
	w, _, _, _ := newWatcher(t, true)
	w.Now = nil
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	done := make(chan error)
	go func() { done <- w.Run(ctx) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
}
