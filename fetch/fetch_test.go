package fetch

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testFetcher returns a Fetcher allowed to reach the test's loopback servers,
// with no delay between requests unless opt says otherwise.
func testFetcher(t *testing.T, opt Options) *Fetcher {
	t.Helper()
	opt.AllowPrivate = true
	if opt.HostDelay == 0 {
		opt.HostDelay = -1
	}
	f := New(opt)
	t.Cleanup(f.CloseIdleConnections)
	return f
}

// server starts a loopback server for the test.
func server(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

func ctx(t *testing.T) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return c
}

const page = `<!doctype html><html><head><title>Quay repairs</title></head><body><p>The quay reopens on Monday.</p></body></html>`

func TestPage(t *testing.T) {
	var gotUA, gotAE, gotAccept string
	mux := http.NewServeMux()
	mux.HandleFunc("GET /news/quay", func(w http.ResponseWriter, r *http.Request) {
		gotUA, gotAE, gotAccept = r.UserAgent(), r.Header.Get("Accept-Encoding"), r.Header.Get("Accept")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("ETag", `"v7"`)
		w.Header().Set("Last-Modified", "Tue, 15 Apr 2031 09:00:00 GMT")
		io.WriteString(w, page)
	})
	s := server(t, mux)
	f := testFetcher(t, Options{})
	resp, err := f.Fetch(ctx(t), Request{URL: s.URL + "/news/quay", Accept: "text/html"})
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != page || resp.Status != 200 || resp.NotModified {
		t.Errorf("resp %+v", resp)
	}
	if resp.URL != s.URL+"/news/quay" || resp.ContentType != "text/html; charset=utf-8" ||
		resp.ETag != `"v7"` || resp.LastModified != "Tue, 15 Apr 2031 09:00:00 GMT" {
		t.Errorf("metadata %+v", resp)
	}
	if !strings.HasPrefix(gotUA, "parallax/") || !strings.HasSuffix(gotUA, "(+https://github.com/parallax-news/parallax)") {
		t.Errorf("user agent %q", gotUA)
	}
	if gotAE != "gzip, deflate" || gotAccept != "text/html" {
		t.Errorf("Accept-Encoding %q, Accept %q", gotAE, gotAccept)
	}
	if _, err := f.Get(ctx(t), "ftp://files.example/x"); !errors.Is(err, ErrBadURL) {
		t.Errorf("ftp URL: %v", err)
	}
	if _, err := f.Get(ctx(t), "/relative"); !errors.Is(err, ErrBadURL) {
		t.Errorf("relative URL: %v", err)
	}
}

func compress(t testing.TB, kind string, data []byte) []byte {
	var b bytes.Buffer
	var w io.WriteCloser
	switch kind {
	case "gzip":
		w = gzip.NewWriter(&b)
	case "zlib":
		w = zlib.NewWriter(&b)
	case "flate":
		w, _ = flate.NewWriter(&b, flate.BestCompression)
	}
	w.Write(data)
	w.Close()
	return b.Bytes()
}

func TestCompressedBodies(t *testing.T) {
	bodies := map[string][]byte{
		"/gzip":  compress(t, "gzip", []byte(page)),
		"/zlib":  compress(t, "zlib", []byte(page)),
		"/flate": compress(t, "flate", []byte(page)),
	}
	encodings := map[string]string{"/gzip": "gzip", "/zlib": "deflate", "/flate": "deflate"}
	s := server(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, ok := bodies[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Encoding", encodings[r.URL.Path])
		w.Write(b)
	}))
	f := testFetcher(t, Options{})
	for path := range bodies {
		resp, err := f.Get(ctx(t), s.URL+path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if string(resp.Body) != page {
			t.Errorf("%s: body %.40q", path, resp.Body)
		}
	}
}

func TestSizeCaps(t *testing.T) {
	// 64 MiB of zeros gzip to about 64 KiB: a bomb for a 1 MiB cap.
	bomb := compress(t, "gzip", make([]byte, 64<<20))
	big := bytes.Repeat([]byte("x"), 2<<20)
	var served atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		n, _ := w.Write(bomb)
		served.Add(int64(n))
	})
	mux.HandleFunc("/big-with-length", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", fmt.Sprint(len(big)))
		w.Write(big)
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i < len(big); i += 64 << 10 {
			w.Write(big[i : i+64<<10])
			w.(http.Flusher).Flush()
		}
	})
	mux.HandleFunc("/exact", func(w http.ResponseWriter, r *http.Request) { w.Write(big[:1<<20]) })
	s := server(t, mux)
	f := testFetcher(t, Options{MaxBytes: 1 << 20})
	if len(bomb) > 200<<10 {
		t.Fatalf("bomb is %d bytes compressed", len(bomb))
	}
	for _, path := range []string{"/bomb", "/big-with-length", "/big-chunked"} {
		start := time.Now()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := f.Get(ctx(t), s.URL+path)
		runtime.ReadMemStats(&after)
		// Never buffered beyond the cap: a 64 MiB inflation would show here.
		if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 16<<20 {
			t.Errorf("%s: allocated %d MiB for a 1 MiB cap", path, alloc>>20)
		}
		if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "1048576") {
			t.Errorf("%s: err = %v, want ErrTooLarge naming the cap", path, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: took %v", path, d)
		}
	}
	if resp, err := f.Get(ctx(t), s.URL+"/exact"); err != nil || len(resp.Body) != 1<<20 {
		t.Errorf("a body of exactly MaxBytes must pass: %v", err)
	}
}

func TestTimeouts(t *testing.T) {
	stop := make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		// Headers at once, then a trickle that would take 5 s.
		for i := 0; i < 100; i++ {
			if _, err := io.WriteString(w, "x"); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-time.After(50 * time.Millisecond):
			case <-r.Context().Done():
				return
			case <-stop:
				return
			}
		}
	})
	mux.HandleFunc("/hang", func(w http.ResponseWriter, r *http.Request) {
		select { // never answers
		case <-r.Context().Done():
		case <-stop:
		}
	})
	s := server(t, mux)
	t.Cleanup(func() { close(stop) }) // runs before s.Close, so handlers end
	f := testFetcher(t, Options{Timeout: 300 * time.Millisecond})
	for _, path := range []string{"/slow", "/hang"} {
		start := time.Now()
		_, err := f.Get(ctx(t), s.URL+path)
		d := time.Since(start)
		if !errors.Is(err, ErrTimeout) {
			t.Errorf("%s: err = %v, want ErrTimeout", path, err)
		}
		if d < 250*time.Millisecond || d > 2*time.Second {
			t.Errorf("%s: returned after %v, want about 300 ms", path, d)
		}
	}
	// The caller's own cancellation is reported as such, not as our timeout.
	c, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := f.Get(c, s.URL+"/hang"); errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("caller deadline: err = %v", err)
	}
}

func TestRedirects(t *testing.T) {
	var loopHits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/loop/a", func(w http.ResponseWriter, r *http.Request) {
		loopHits.Add(1)
		http.Redirect(w, r, "/loop/b", http.StatusFound)
	})
	mux.HandleFunc("/loop/b", func(w http.ResponseWriter, r *http.Request) {
		loopHits.Add(1)
		http.Redirect(w, r, "/loop/a", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/chain/1", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/chain/2", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/chain/2", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "3", http.StatusTemporaryRedirect) })
	mux.HandleFunc("/chain/3", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "arrived") })
	mux.HandleFunc("/to-ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://x.example/", http.StatusFound)
	})
	s := server(t, mux)
	f := testFetcher(t, Options{})
	resp, err := f.Get(ctx(t), s.URL+"/chain/1")
	if err != nil || string(resp.Body) != "arrived" || resp.URL != s.URL+"/chain/3" {
		t.Fatalf("chain: %v %+v", err, resp)
	}
	_, err = f.Get(ctx(t), s.URL+"/loop/a")
	if !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("loop: err = %v", err)
	}
	if n := loopHits.Load(); n != 6 {
		t.Errorf("loop: %d requests, want 6 (the first and 5 redirects)", n)
	}
	if _, err := testFetcher(t, Options{MaxRedirects: -1}).Get(ctx(t), s.URL+"/chain/1"); !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("MaxRedirects -1 must follow none: %v", err)
	}
	if _, err := f.Get(ctx(t), s.URL+"/to-ftp"); err == nil || !strings.Contains(err.Error(), "ftp://x.example/") {
		t.Errorf("redirect to ftp: %v", err)
	}
}

func TestPrivateAddressesRefused(t *testing.T) {
	var hits atomic.Int32
	s := server(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	port := s.Listener.Addr().(*net.TCPAddr).Port
	f := New(Options{HostDelay: -1}) // the default: no private addresses
	defer f.CloseIdleConnections()

	_, err := f.Get(ctx(t), s.URL+"/")
	var be *BlockedAddressError
	if !errors.Is(err, ErrBlockedAddress) || !errors.As(err, &be) || be.Addr.String() != "127.0.0.1" {
		t.Fatalf("err = %v, want a BlockedAddressError for 127.0.0.1", err)
	}
	if !strings.Contains(err.Error(), "127.0.0.1") || !strings.Contains(err.Error(), "loopback") {
		t.Errorf("message %q must name the address and why", err)
	}
	// A name is judged by the address it resolves to (what DNS rebinding relies on).
	_, err = f.Get(ctx(t), fmt.Sprintf("http://localhost:%d/", port))
	if !errors.Is(err, ErrBlockedAddress) {
		t.Errorf("localhost: err = %v", err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the server saw %d requests, want none", n)
	}
}

func TestRedirectToBlockedAddress(t *testing.T) {
	// Two loopback servers: 127.0.0.1 stands for a public site, 127.0.0.2 for
	// an internal one. The check must happen on the address dialled after the
	// redirect, not on the URL first asked for.
	ln, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		t.Skipf("cannot listen on 127.0.0.2: %v", err)
	}
	var internalHits atomic.Int32
	internal := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		internalHits.Add(1)
		io.WriteString(w, "secret")
	}))
	internal.Listener.Close()
	internal.Listener = ln
	internal.Start()
	t.Cleanup(internal.Close)
	public := server(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, internal.URL+"/admin", http.StatusFound)
	}))

	f := New(Options{HostDelay: -1})
	defer f.CloseIdleConnections()
	f.blocked = func(a netip.Addr) string {
		if a == netip.MustParseAddr("127.0.0.2") {
			return "internal"
		}
		return ""
	}
	_, err = f.Get(ctx(t), public.URL+"/story")
	var be *BlockedAddressError
	if !errors.As(err, &be) || be.Addr.String() != "127.0.0.2" {
		t.Fatalf("err = %v, want the redirect target refused", err)
	}
	if n := internalHits.Load(); n != 0 {
		t.Errorf("internal server reached %d times", n)
	}
}

func TestBlockReason(t *testing.T) {
	cases := map[string]string{
		"127.0.0.1":        "loopback",
		"10.1.2.3":         "private",
		"172.31.255.255":   "private",
		"192.168.1.1":      "private",
		"169.254.169.254":  "link-local", // cloud metadata
		"100.64.0.1":       "carrier-grade NAT",
		"0.0.0.0":          "unspecified",
		"224.0.0.251":      "multicast",
		"255.255.255.255":  "broadcast",
		"::1":              "loopback",
		"::":               "unspecified",
		"fe80::1":          "link-local",
		"fd12:3456::1":     "private",
		"ff02::1":          "multicast",
		"::ffff:10.0.0.1":  "private",  // IPv4-mapped
		"64:ff9b::7f00:1":  "loopback", // NAT64 of 127.0.0.1
		"2002:c0a8:101::1": "private",  // 6to4 of 192.168.1.1
		"93.184.216.34":    "",
		"172.32.0.1":       "",
		"100.128.0.1":      "",
		"2606:4700::1111":  "",
	}
	for ip, want := range cases {
		if got := blockReason(netip.MustParseAddr(ip)); got != want {
			t.Errorf("%s: %q, want %q", ip, got, want)
		}
	}
}

func TestConditionalGet(t *testing.T) {
	const etag, lastMod = `"rev-42"`, "Wed, 16 Apr 2031 10:00:00 GMT"
	var full atomic.Int32
	s := server(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed.xml" {
			http.NotFound(w, r)
			return
		}
		if r.Header.Get("If-None-Match") == etag || r.Header.Get("If-Modified-Since") == lastMod {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		full.Add(1)
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", lastMod)
		io.WriteString(w, "<rss/>")
	}))
	f := testFetcher(t, Options{})
	first, err := f.Get(ctx(t), s.URL+"/feed.xml")
	if err != nil || first.NotModified || first.ETag != etag || first.LastModified != lastMod {
		t.Fatalf("first fetch: %v %+v", err, first)
	}
	for name, req := range map[string]Request{
		"etag":          {URL: s.URL + "/feed.xml", ETag: first.ETag},
		"last-modified": {URL: s.URL + "/feed.xml", LastModified: first.LastModified},
	} {
		resp, err := f.Fetch(ctx(t), req)
		if err != nil || !resp.NotModified || resp.Status != http.StatusNotModified || len(resp.Body) != 0 {
			t.Errorf("%s: %v %+v", name, err, resp)
		}
	}
	if n := full.Load(); n != 1 {
		t.Errorf("%d full responses, want 1", n)
	}
}

func TestRobotsRespected(t *testing.T) {
	var robotsHits, pageHits atomic.Int32
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		robotsHits.Add(1)
		io.WriteString(w, "User-agent: *\nDisallow: /private\nAllow: /private/open\n\nUser-agent: parallax\nDisallow: /archive\n")
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		pageHits.Add(1)
		io.WriteString(w, "ok")
	})
	s := server(t, mux)
	f := testFetcher(t, Options{})
	cases := []struct {
		path    string
		allowed bool
	}{
		{"/news/1", true},
		{"/archive/2030", false},        // our own group
		{"/private/x", true},            // the '*' group does not apply to us
		{"/archive", false},             //
		{"/archived-not-really", false}, // prefix match
	}
	for _, c := range cases {
		_, err := f.Get(ctx(t), s.URL+c.path)
		if c.allowed && err != nil {
			t.Errorf("%s: %v", c.path, err)
		}
		if !c.allowed && !errors.Is(err, ErrDisallowed) {
			t.Errorf("%s: err = %v, want ErrDisallowed", c.path, err)
		}
	}
	if n := robotsHits.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times, want once", n)
	}
	if n := pageHits.Load(); n != 2 {
		t.Errorf("%d page requests reached the server, want 2", n)
	}

	// Another agent name sees the '*' group, with its longest-match Allow.
	g := testFetcher(t, Options{RobotsAgent: "otherbot"})
	if _, err := g.Get(ctx(t), s.URL+"/private/x"); !errors.Is(err, ErrDisallowed) {
		t.Errorf("otherbot /private/x: %v", err)
	}
	if _, err := g.Get(ctx(t), s.URL+"/private/open/y"); err != nil {
		t.Errorf("otherbot /private/open/y: %v", err)
	}
	// IgnoreRobots skips it all.
	if _, err := testFetcher(t, Options{IgnoreRobots: true}).Get(ctx(t), s.URL+"/archive/1"); err != nil {
		t.Errorf("IgnoreRobots: %v", err)
	}
}

func TestRobotsUnavailable(t *testing.T) {
	stop := make(chan struct{})
	cases := []struct {
		name    string
		robots  http.HandlerFunc
		allowed bool
	}{
		{"404 allows all", func(w http.ResponseWriter, r *http.Request) { http.NotFound(w, r) }, true},
		{"403 allows all", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusForbidden) }, true},
		{"500 disallows", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) }, false},
		{"503 disallows", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusServiceUnavailable) }, false},
		{"timeout disallows", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-stop:
			}
		}, false},
		{"redirected robots is followed", func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/real-robots.txt", http.StatusMovedPermanently)
		}, false},
	}
	defer close(stop)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mux := http.NewServeMux()
			mux.HandleFunc("/robots.txt", c.robots)
			mux.HandleFunc("/real-robots.txt", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "User-agent: *\nDisallow: /\n") })
			mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") })
			s := httptest.NewServer(mux)
			defer s.Close()
			f := testFetcher(t, Options{Timeout: 200 * time.Millisecond})
			_, err := f.Get(ctx(t), s.URL+"/page")
			if c.allowed && err != nil {
				t.Errorf("err = %v, want allowed", err)
			}
			if !c.allowed && !errors.Is(err, ErrDisallowed) {
				t.Errorf("err = %v, want ErrDisallowed", err)
			}
		})
	}
}

// concurrencyServer counts the requests in flight and remembers the most.
type concurrencyServer struct {
	mu       sync.Mutex
	now, max int
	starts   []time.Time
	hold     time.Duration
}

func (c *concurrencyServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	c.now++
	c.max = max(c.max, c.now)
	c.starts = append(c.starts, time.Now())
	c.mu.Unlock()
	time.Sleep(c.hold)
	c.mu.Lock()
	c.now--
	c.mu.Unlock()
	io.WriteString(w, "ok")
}

func fetchAll(t *testing.T, f *Fetcher, base string, n int) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if _, err := f.Get(ctx(t), fmt.Sprintf("%s/item/%d", base, i)); err != nil {
				errs <- err
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestPerHostConcurrency(t *testing.T) {
	for _, limit := range []int{1, 2, 3} {
		cs := &concurrencyServer{hold: 60 * time.Millisecond}
		s := server(t, cs)
		f := testFetcher(t, Options{PerHost: limit, IgnoreRobots: true})
		fetchAll(t, f, s.URL, 9)
		if cs.max != limit {
			t.Errorf("PerHost %d: at most %d requests at once, want exactly %d", limit, cs.max, limit)
		}
	}
}

func TestHostDelay(t *testing.T) {
	const delay = 80 * time.Millisecond
	cs := &concurrencyServer{}
	s := server(t, cs)
	f := testFetcher(t, Options{PerHost: 4, HostDelay: delay, IgnoreRobots: true})
	start := time.Now()
	fetchAll(t, f, s.URL, 4)
	if d := time.Since(start); d < 3*delay {
		t.Errorf("4 requests took %v, want at least %v", d, 3*delay)
	}
	sort.Slice(cs.starts, func(i, j int) bool { return cs.starts[i].Before(cs.starts[j]) })
	for i := 1; i < len(cs.starts); i++ {
		// The gate spaces starts exactly; allow a little for the network.
		if gap := cs.starts[i].Sub(cs.starts[i-1]); gap < delay-20*time.Millisecond {
			t.Errorf("requests %d and %d arrived %v apart, want about %v", i-1, i, gap, delay)
		}
	}
	// Robots' Crawl-delay raises the spacing for that host.
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "User-agent: *\nCrawl-delay: 0.2\n")
	})
	mux.Handle("/", cs)
	s2 := server(t, mux)
	g := testFetcher(t, Options{PerHost: 4})
	start = time.Now()
	fetchAll(t, g, s2.URL, 3)
	if d := time.Since(start); d < 400*time.Millisecond {
		t.Errorf("3 requests under Crawl-delay 0.2 took %v, want at least 400ms", d)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2031, 4, 15, 12, 0, 0, 0, time.UTC)
	s := server(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/429":
			w.Header().Set("Retry-After", "120")
			w.WriteHeader(http.StatusTooManyRequests)
		case "/503":
			w.Header().Set("Retry-After", "Tue, 15 Apr 2031 13:30:00 GMT")
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			w.WriteHeader(http.StatusNotFound)
		}
	}))
	f := testFetcher(t, Options{Now: func() time.Time { return now }})
	cases := map[string]time.Time{
		"/429":  now.Add(120 * time.Second),
		"/503":  time.Date(2031, 4, 15, 13, 30, 0, 0, time.UTC),
		"/404x": {},
	}
	for path, want := range cases {
		resp, err := f.Get(ctx(t), s.URL+path)
		var he *HTTPError
		if !errors.As(err, &he) {
			t.Errorf("%s: err = %v, want *HTTPError", path, err)
			continue
		}
		if !he.RetryAfter.Equal(want) || resp == nil || !resp.RetryAfter.Equal(want) {
			t.Errorf("%s: retry after %v (response %+v), want %v", path, he.RetryAfter, resp, want)
		}
		if wantStatus := map[string]int{"/429": 429, "/503": 503, "/404x": 404}[path]; he.Status != wantStatus || resp.Status != wantStatus {
			t.Errorf("%s: status %d", path, he.Status)
		}
		if !strings.Contains(err.Error(), path) {
			t.Errorf("%s: message %q does not name the URL", path, err)
		}
	}
	if got := parseRetryAfter("-5", now); !got.IsZero() {
		t.Errorf("negative Retry-After: %v", got)
	}
	if got := parseRetryAfter("soon", now); !got.IsZero() {
		t.Errorf("junk Retry-After: %v", got)
	}
}

func TestBackoff(t *testing.T) {
	now := time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	fixed := func(r float64) func() float64 { return func() float64 { return r } }
	b := Backoff{Base: time.Minute, Max: time.Hour, Rand: fixed(0.999999)}
	low := Backoff{Base: time.Minute, Max: time.Hour, Rand: fixed(0)}
	for n, want := range map[int]time.Duration{1: time.Minute, 2: 2 * time.Minute, 3: 4 * time.Minute, 6: 32 * time.Minute, 7: time.Hour, 40: time.Hour, 1000: time.Hour} {
		hi := b.Next(now, n, time.Time{}).Sub(now)
		lo := low.Next(now, n, time.Time{}).Sub(now)
		if hi > want || hi < want-time.Second || lo != want/2 {
			t.Errorf("failures=%d: delay in [%v, %v], want [%v, %v]", n, lo, hi, want/2, want)
		}
	}
	if got := b.Next(now, 0, time.Time{}); !got.Equal(now) {
		t.Errorf("no failures: %v", got)
	}
	ra := now.Add(3 * time.Hour)
	if got := b.Next(now, 1, ra); !got.Equal(ra) {
		t.Errorf("Retry-After later than the backoff must win: %v", got)
	}
	if got := b.Next(now, 7, now.Add(time.Second)); got.Sub(now) < 30*time.Minute {
		t.Errorf("an earlier Retry-After must not shorten the backoff: %v", got)
	}
	if got := b.Next(now, 1, now.Add(365*24*time.Hour)); got.Sub(now) != 7*24*time.Hour {
		t.Errorf("Retry-After a year ahead must be capped at a week: %v", got.Sub(now))
	}
	// With the default source the jitter stays in range and varies.
	seen := map[time.Duration]bool{}
	for i := 0; i < 50; i++ {
		d := Backoff{}.Next(now, 3, time.Time{}).Sub(now)
		if d < 2*time.Minute || d > 4*time.Minute {
			t.Fatalf("default backoff after 3 failures: %v", d)
		}
		seen[d] = true
	}
	if len(seen) < 10 {
		t.Errorf("jitter hardly varies: %d distinct delays in 50", len(seen))
	}
}

func TestDefaultUserAgent(t *testing.T) {
	ua := DefaultUserAgent()
	if !strings.HasPrefix(ua, "parallax/") || !strings.HasSuffix(ua, " (+https://github.com/parallax-news/parallax)") {
		t.Errorf("%q", ua)
	}
}
