package fetch

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults used for zero Options fields.
const (
	DefaultTimeout      = 20 * time.Second
	DefaultMaxBytes     = 10 << 20
	DefaultMaxRedirects = 5
	DefaultPerHost      = 2
	DefaultHostDelay    = time.Second
	DefaultRobotsTTL    = 24 * time.Hour
	DefaultRobotsAgent  = "parallax"
)

// robotsErrorTTL is how long an unreachable robots.txt (5xx, timeout)
// disallows its host before it is asked again.
const robotsErrorTTL = 10 * time.Minute

// maxCrawlDelay caps the Crawl-delay a robots.txt can impose.
const maxCrawlDelay = 30 * time.Second

// Errors returned (wrapped) by Fetch.
var (
	ErrTooLarge         = errors.New("fetch: response body too large")
	ErrDisallowed       = errors.New("fetch: disallowed by robots.txt")
	ErrTooManyRedirects = errors.New("fetch: too many redirects")
	ErrTimeout          = errors.New("fetch: timed out")
	ErrBadURL           = errors.New("fetch: not an absolute http or https URL")
)

// errHopTimeout is the cause of a hop context's deadline, to tell our timeout
// from the caller's.
var errHopTimeout = errors.New("hop timeout")

// HTTPError is an answer with a status other than 2xx and 304.
type HTTPError struct {
	URL        string
	Status     int
	RetryAfter time.Time // from the Retry-After header; zero if none
}

// Error says which URL answered what.
func (e *HTTPError) Error() string {
	msg := fmt.Sprintf("fetch: %s: HTTP %d %s", e.URL, e.Status, http.StatusText(e.Status))
	if !e.RetryAfter.IsZero() {
		msg += " (retry after " + e.RetryAfter.UTC().Format(time.RFC3339) + ")"
	}
	return msg
}

// Options configures a Fetcher. Zero fields take the defaults above.
type Options struct {
	UserAgent    string        // default DefaultUserAgent()
	RobotsAgent  string        // product token matched against robots.txt User-agent lines; default "parallax"
	Timeout      time.Duration // per request hop, body included; default 20 s
	MaxBytes     int64         // body cap after decompression; default 10 MiB
	MaxRedirects int           // default 5; negative follows none
	PerHost      int           // concurrent requests per host name; default 2
	HostDelay    time.Duration // minimum time between request starts to one host; default 1 s; negative means none
	IgnoreRobots bool          // do not consult robots.txt
	RobotsTTL    time.Duration // how long a fetched robots.txt is trusted; default 24 h
	AllowPrivate bool          // allow loopback, private, link-local, … addresses (tests, intranets)
	Now          func() time.Time
}

// DefaultUserAgent is "parallax/VERSION (+https://github.com/parallax-news/parallax)",
// VERSION being the main module's version when the binary was built from a
// tagged module, else "dev".
func DefaultUserAgent() string {
	v := "dev"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path == "github.com/parallax-news/parallax" &&
		bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = strings.TrimPrefix(bi.Main.Version, "v")
	}
	return "parallax/" + v + " (+https://github.com/parallax-news/parallax)"
}

// Request is one fetch. Only URL is required.
type Request struct {
	URL          string
	ETag         string // from the previous Response: sent as If-None-Match
	LastModified string // from the previous Response: sent as If-Modified-Since
	Accept       string // Accept header; default "*/*"
}

// Response is a fetched document. Body is owned by the caller.
type Response struct {
	URL          string    // final URL, after redirects
	Status       int       // HTTP status of the final answer
	ContentType  string    // Content-Type header as sent
	ETag         string    // ETag header, "" if none
	LastModified string    // Last-Modified header, "" if none
	RetryAfter   time.Time // Retry-After header as a time; zero if none
	NotModified  bool      // 304 to a conditional request: Body is empty
	Body         []byte    // decompressed body, at most MaxBytes
}

// Fetcher fetches URLs politely. It is safe for concurrent use.
type Fetcher struct {
	opt    Options
	client *http.Client

	// blocked says why an address may not be dialled ("" = allowed). Tests
	// replace it before the first Fetch to draw the line elsewhere.
	blocked func(netip.Addr) string

	mu     sync.Mutex
	gates  map[string]*hostGate
	robots map[string]*robotsEntry
}

// New returns a Fetcher with opt's settings.
func New(opt Options) *Fetcher {
	if opt.UserAgent == "" {
		opt.UserAgent = DefaultUserAgent()
	}
	if opt.RobotsAgent == "" {
		opt.RobotsAgent = DefaultRobotsAgent
	}
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultTimeout
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = DefaultMaxBytes
	}
	if opt.MaxRedirects == 0 {
		opt.MaxRedirects = DefaultMaxRedirects
	} else if opt.MaxRedirects < 0 {
		opt.MaxRedirects = 0
	}
	if opt.PerHost <= 0 {
		opt.PerHost = DefaultPerHost
	}
	if opt.HostDelay == 0 {
		opt.HostDelay = DefaultHostDelay
	} else if opt.HostDelay < 0 {
		opt.HostDelay = 0
	}
	if opt.RobotsTTL <= 0 {
		opt.RobotsTTL = DefaultRobotsTTL
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	f := &Fetcher{
		opt:     opt,
		blocked: blockReason,
		gates:   map[string]*hostGate{},
		robots:  map[string]*robotsEntry{},
	}
	if opt.AllowPrivate {
		f.blocked = func(netip.Addr) string { return "" }
	}
	dialer := &net.Dialer{
		Timeout:   opt.Timeout,
		KeepAlive: 30 * time.Second,
		Control:   dialControl(func(a netip.Addr) string { return f.blocked(a) }),
	}
	f.client = &http.Client{
		Transport: &http.Transport{
			Proxy:                 nil, // a proxy would hide the address dialled
			DialContext:           dialer.DialContext,
			ForceAttemptHTTP2:     true,
			MaxIdleConnsPerHost:   opt.PerHost,
			IdleConnTimeout:       90 * time.Second,
			TLSHandshakeTimeout:   10 * time.Second,
			ExpectContinueTimeout: time.Second,
			DisableCompression:    true, // we ask for and decode gzip/deflate ourselves, under the cap
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return f
}

// CloseIdleConnections closes kept-alive connections (for shutdown and tests).
func (f *Fetcher) CloseIdleConnections() { f.client.CloseIdleConnections() }

// Fetch gets req.URL, following redirects; see the package comment for the
// rules every hop obeys. On an *HTTPError the Response (without body) is
// returned too; on every other error it is nil.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Response, error) {
	u, err := parseURL(req.URL)
	if err != nil {
		return nil, err
	}
	return f.follow(ctx, u, req, !f.opt.IgnoreRobots, f.opt.MaxBytes, false)
}

// Get fetches a URL unconditionally.
func (f *Fetcher) Get(ctx context.Context, rawURL string) (*Response, error) {
	return f.Fetch(ctx, Request{URL: rawURL})
}

func parseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%w: %q", ErrBadURL, raw)
	}
	return u, nil
}

// follow runs hops until one is not a redirect.
func (f *Fetcher) follow(ctx context.Context, u *url.URL, req Request, robots bool, maxBytes int64, truncate bool) (*Response, error) {
	for hop := 0; ; hop++ {
		delay := f.opt.HostDelay
		if robots {
			r, err := f.checkRobots(ctx, u)
			if err != nil {
				return nil, err
			}
			delay = max(delay, min(r.CrawlDelay, maxCrawlDelay))
		}
		resp, next, err := f.hop(ctx, u, req, delay, maxBytes, truncate)
		if err != nil || next == nil {
			return resp, err
		}
		if hop >= f.opt.MaxRedirects {
			return nil, fmt.Errorf("%w: %s: more than %d", ErrTooManyRedirects, req.URL, f.opt.MaxRedirects)
		}
		u = next
	}
}

// hop makes one request. It returns the next URL for a redirect.
func (f *Fetcher) hop(ctx context.Context, u *url.URL, req Request, delay time.Duration, maxBytes int64, truncate bool) (*Response, *url.URL, error) {
	release, err := f.acquire(ctx, strings.ToLower(u.Hostname()), delay)
	if err != nil {
		return nil, nil, err
	}
	defer release()
	hctx, cancel := context.WithTimeoutCause(ctx, f.opt.Timeout, errHopTimeout)
	defer cancel()

	hreq, err := http.NewRequestWithContext(hctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrBadURL, err)
	}
	hreq.Header.Set("User-Agent", f.opt.UserAgent)
	hreq.Header.Set("Accept-Encoding", "gzip, deflate")
	if req.Accept != "" {
		hreq.Header.Set("Accept", req.Accept)
	} else {
		hreq.Header.Set("Accept", "*/*")
	}
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}
	hresp, err := f.client.Do(hreq)
	if err != nil {
		return nil, nil, f.wrap(hctx, ctx, u, err)
	}
	defer hresp.Body.Close()

	resp := &Response{
		URL:          u.String(),
		Status:       hresp.StatusCode,
		ContentType:  hresp.Header.Get("Content-Type"),
		ETag:         hresp.Header.Get("ETag"),
		LastModified: hresp.Header.Get("Last-Modified"),
		RetryAfter:   parseRetryAfter(hresp.Header.Get("Retry-After"), f.opt.Now()),
	}
	switch code := hresp.StatusCode; {
	case code == http.StatusMovedPermanently, code == http.StatusFound, code == http.StatusSeeOther,
		code == http.StatusTemporaryRedirect, code == http.StatusPermanentRedirect:
		loc := hresp.Header.Get("Location")
		next, err := u.Parse(loc)
		if loc == "" || err != nil || (next.Scheme != "http" && next.Scheme != "https") || next.Host == "" {
			return nil, nil, fmt.Errorf("fetch: %s: redirect to a bad location %q", u, loc)
		}
		io.Copy(io.Discard, io.LimitReader(hresp.Body, 64<<10)) // lets the connection be reused
		return nil, next, nil
	case code == http.StatusNotModified:
		resp.NotModified = true
		return resp, nil, nil
	case code < 200 || code > 299:
		io.Copy(io.Discard, io.LimitReader(hresp.Body, 64<<10))
		return resp, nil, &HTTPError{URL: u.String(), Status: code, RetryAfter: resp.RetryAfter}
	}
	body, err := readBody(hresp, maxBytes, truncate)
	if err != nil {
		if errors.Is(err, ErrTooLarge) {
			return nil, nil, fmt.Errorf("%w: %s: over %d bytes", ErrTooLarge, u, maxBytes)
		}
		return nil, nil, f.wrap(hctx, ctx, u, err)
	}
	resp.Body = body
	return resp, nil, nil
}

// wrap names the URL in a transport error and tells our timeout apart.
func (f *Fetcher) wrap(hctx, ctx context.Context, u *url.URL, err error) error {
	var blocked *BlockedAddressError
	switch {
	case errors.As(err, &blocked):
		return fmt.Errorf("fetch: %s: %w", u, blocked)
	case ctx.Err() != nil:
		return fmt.Errorf("fetch: %s: %w", u, context.Cause(ctx))
	case context.Cause(hctx) == errHopTimeout:
		return fmt.Errorf("%w: %s: no complete answer within %v", ErrTimeout, u, f.opt.Timeout)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Errorf("fetch: %s: %w", u, err)
}

// readBody reads the (decompressed) body, refusing more than limit bytes with
// ErrTooLarge, or cutting it at limit bytes when truncate is set.
func readBody(resp *http.Response, limit int64, truncate bool) ([]byte, error) {
	enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding")))
	if !truncate && (enc == "" || enc == "identity") && resp.ContentLength > limit {
		return nil, ErrTooLarge
	}
	var r io.Reader = resp.Body
	switch enc {
	case "", "identity":
	case "gzip", "x-gzip":
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			return nil, fmt.Errorf("bad gzip body: %w", err)
		}
		defer zr.Close()
		r = zr
	case "deflate":
		// "deflate" should be zlib-wrapped, but some servers send raw DEFLATE.
		br := bufio.NewReader(resp.Body)
		if h, err := br.Peek(2); err == nil && h[0]&0x0f == 8 && (uint16(h[0])<<8|uint16(h[1]))%31 == 0 {
			zr, err := zlib.NewReader(br)
			if err != nil {
				return nil, fmt.Errorf("bad deflate body: %w", err)
			}
			defer zr.Close()
			r = zr
		} else {
			fr := flate.NewReader(br)
			defer fr.Close()
			r = fr
		}
	default:
		return nil, fmt.Errorf("unsupported Content-Encoding %q", enc)
	}
	body, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		if !truncate {
			return nil, ErrTooLarge
		}
		body = body[:limit]
	}
	return body, nil
}

// parseRetryAfter reads a Retry-After value (seconds or an HTTP date).
func parseRetryAfter(v string, now time.Time) time.Time {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s < 0 {
			return time.Time{}
		}
		s = min(s, int64(maxRetryAfter/time.Second))
		return now.Add(time.Duration(s) * time.Second)
	}
	if t, err := http.ParseTime(v); err == nil {
		return t.UTC()
	}
	return time.Time{}
}

// hostGate limits concurrency and spaces request starts for one host name.
type hostGate struct {
	sem  chan struct{}
	mu   sync.Mutex
	next time.Time // earliest start of the next request
}

// acquire waits for a slot of host and for its delay; release frees the slot.
func (f *Fetcher) acquire(ctx context.Context, host string, delay time.Duration) (release func(), err error) {
	f.mu.Lock()
	g := f.gates[host]
	if g == nil {
		g = &hostGate{sem: make(chan struct{}, f.opt.PerHost)}
		f.gates[host] = g
	}
	f.mu.Unlock()
	select {
	case g.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
	g.mu.Lock()
	now := time.Now()
	start := g.next
	if start.Before(now) {
		start = now
	}
	g.next = start.Add(delay)
	g.mu.Unlock()
	if wait := time.Until(start); wait > 0 {
		t := time.NewTimer(wait)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			<-g.sem
			return nil, context.Cause(ctx)
		}
	}
	return func() { <-g.sem }, nil
}

// robotsEntry is one cached robots.txt; ready is closed once it is filled.
type robotsEntry struct {
	ready   chan struct{}
	robots  *Robots
	err     error // non-nil: the whole site is disallowed for now (or unreachable)
	expires time.Time
}

// checkRobots returns the robots rules of u's site, or an error when u may
// not be fetched.
func (f *Fetcher) checkRobots(ctx context.Context, u *url.URL) (*Robots, error) {
	key := u.Scheme + "://" + strings.ToLower(u.Host)
	f.mu.Lock()
	e := f.robots[key]
	if e != nil {
		select {
		case <-e.ready:
			if f.opt.Now().After(e.expires) {
				e = nil
			}
		default: // being fetched by another goroutine
		}
	}
	owner := e == nil
	if owner {
		e = &robotsEntry{ready: make(chan struct{})}
		f.robots[key] = e
	}
	f.mu.Unlock()
	if owner {
		f.loadRobots(ctx, key, e)
		close(e.ready)
		if e.err != nil && ctx.Err() != nil {
			// The caller gave up: nothing was learnt about the site.
			f.mu.Lock()
			if f.robots[key] == e {
				delete(f.robots, key)
			}
			f.mu.Unlock()
		}
	} else {
		select {
		case <-e.ready:
		case <-ctx.Done():
			return nil, context.Cause(ctx)
		}
		if e.err != nil && (errors.Is(e.err, context.Canceled) || errors.Is(e.err, context.DeadlineExceeded)) {
			return f.checkRobots(ctx, u) // the goroutine that fetched it gave up, not us: ask again
		}
	}
	if e.err != nil {
		return nil, e.err
	}
	if !e.robots.Allowed(u.RequestURI()) {
		return nil, fmt.Errorf("%w: %s", ErrDisallowed, u)
	}
	return e.robots, nil
}

// loadRobots fetches and parses site's robots.txt into e.
func (f *Fetcher) loadRobots(ctx context.Context, site string, e *robotsEntry) {
	ru, _ := url.Parse(site + "/robots.txt")
	resp, err := f.follow(ctx, ru, Request{URL: ru.String(), Accept: "text/plain, */*;q=0.5"}, false, maxRobotsBytes, true)
	now := f.opt.Now()
	e.expires = now.Add(f.opt.RobotsTTL)
	var herr *HTTPError
	switch {
	case err == nil:
		e.robots = ParseRobots(resp.Body, f.opt.RobotsAgent)
	case errors.Is(err, ErrBlockedAddress), ctx.Err() != nil:
		e.err = err
		e.expires = now
	case errors.As(err, &herr) && herr.Status >= 400 && herr.Status < 500 && herr.Status != http.StatusTooManyRequests:
		e.robots = &Robots{} // "unavailable": no restrictions
	case errors.Is(err, ErrTooManyRedirects):
		e.robots = &Robots{}
	default: // 5xx, 429, timeouts, network errors: "unreachable"
		e.expires = now.Add(min(robotsErrorTTL, f.opt.RobotsTTL))
		e.err = fmt.Errorf("%w: %s/robots.txt is unreachable, so the site counts as disallowed for now (%v)", ErrDisallowed, site, err)
	}
}
