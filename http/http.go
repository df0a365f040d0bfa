// Package http serves parallax over HTTP: version 1 of the JSON API under
// /api/ (described by the embedded openapi.yaml) and a server-rendered web UI,
// from one binary with templates and assets embedded.
//
// All routes live in one table (routes.go). Handlers read and write through the
// parallax.Store and parallax.Ingester given in Config; the package keeps no
// state of its own beyond parsed templates and a lock that serialises writes.
package http

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"iter"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	parallax "github.com/parallax-news/parallax"
)

// DefaultMaxBody is the POST body cap used when Config.MaxBody is zero.
const DefaultMaxBody = 32 << 20

// Config holds a Server's dependencies and settings.
type Config struct {
	Store    parallax.Store    // required
	Ingester parallax.Ingester // required: runs posted articles into Store
	// Decode turns a request body (one JSON record, a JSON array or JSON Lines)
	// into articles; name prefixes their origins ("request:3"). Required; the
	// wiring point passes ingest.Decode with its options bound.
	Decode func(ctx context.Context, r io.Reader, name string) iter.Seq2[parallax.Article, error]
	// Token is the write token: when set, writes (API POST/DELETE and UI
	// forms) must present it. Required when Public.
	Token string
	// Public reports that the server listens beyond loopback (see IsLoopback),
	// where an open write API would let anyone on the network change the store.
	Public  bool
	MaxBody int64        // POST body cap in bytes; 0 means DefaultMaxBody
	Logger  *slog.Logger // nil discards logs
	Now     func() time.Time
}

// Server is the HTTP face of parallax. It is safe for concurrent use.
type Server struct {
	store    parallax.Store
	ingester parallax.Ingester
	decode   func(ctx context.Context, r io.Reader, name string) iter.Seq2[parallax.Article, error]
	token    string
	public   bool
	maxBody  int64
	log      *slog.Logger
	now      func() time.Time

	pages   pages
	handler http.Handler
	// writes holds one slot: the store allows one write transaction at a time,
	// so concurrent ingests and deletes queue here (cancellably) instead of
	// failing on a busy store.
	writes chan struct{}
	// closing is set when Serve begins shutting down (see readyz).
	closing atomic.Bool
}

// NewServer checks cfg, parses the embedded templates and builds the handler.
// It fails when a required dependency is missing or when cfg.Public is set
// without a Token.
func NewServer(cfg Config) (*Server, error) {
	switch {
	case cfg.Store == nil:
		return nil, errors.New("http: Config.Store is required")
	case cfg.Ingester == nil:
		return nil, errors.New("http: Config.Ingester is required")
	case cfg.Decode == nil:
		return nil, errors.New("http: Config.Decode is required")
	case cfg.Public && cfg.Token == "":
		return nil, errors.New("http: a write token is required when listening beyond loopback")
	case cfg.MaxBody < 0:
		return nil, fmt.Errorf("http: MaxBody %d is negative", cfg.MaxBody)
	}
	s := &Server{
		store:    cfg.Store,
		ingester: cfg.Ingester,
		decode:   cfg.Decode,
		token:    cfg.Token,
		public:   cfg.Public,
		maxBody:  cfg.MaxBody,
		log:      cfg.Logger,
		now:      cfg.Now,
		writes:   make(chan struct{}, 1),
	}
	if s.maxBody == 0 {
		s.maxBody = DefaultMaxBody
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	s.pages = p

	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, rt.handler)
	}
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.denyCrossOrigin))
	// Outermost first: log everything (including recovered panics and
	// refusals), then recover, then headers, then the host and CSRF checks.
	s.handler = s.logRequests(s.recoverPanics(securityHeaders(s.loopbackHosts(cop.Handler(mux)))))
	return s, nil
}

// Handler returns the server's handler: routes plus logging, panic recovery,
// security headers and cross-origin protection.
func (s *Server) Handler() http.Handler { return s.handler }

// Serve serves HTTP on ln until ctx is done, then shuts down gracefully:
// it stops accepting, lets requests in flight finish for up to 10 seconds and
// returns nil. It returns other errors from the listener.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute, // room to upload MaxBody on a slow link, not forever
		IdleTimeout:       2 * time.Minute,
		// No WriteTimeout: a large POST can take long to ingest, and its
		// body is capped by MaxBody and read before the work starts.
		ErrorLog: slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.closing.Store(true) // /readyz answers 503 from now on
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	err := srv.Shutdown(shutdownCtx)
	if serr := <-errc; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		return serr
	}
	if err != nil {
		srv.Close()
		return fmt.Errorf("http: shutting down: %w", err)
	}
	return nil
}

// IsLoopback reports whether a listen address stays on this machine:
// "127.0.0.1:8080", "localhost:0" and "[::1]:80" do; ":8080", "0.0.0.0:80"
// and host names other than localhost do not (they may resolve anywhere).
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = strings.Trim(addr, "[]") // an address without a port
	}
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Codes used only at the HTTP edge, for refusals that have no domain meaning.
const (
	codeForbidden   = "forbidden"
	codeTooLarge    = "too_large"
	codeUnsupported = "unsupported_media_type"
)

// errorStatus maps an error code to an HTTP status. It is the one place
// where codes become statuses, for the API and the UI alike.
func errorStatus(code string) int {
	switch code {
	case parallax.EInvalid:
		return http.StatusBadRequest
	case parallax.ENotFound:
		return http.StatusNotFound
	case parallax.EConflict:
		return http.StatusConflict
	case parallax.EUnauthorized:
		return http.StatusUnauthorized
	case codeForbidden:
		return http.StatusForbidden
	case codeTooLarge:
		return http.StatusRequestEntityTooLarge
	case codeUnsupported:
		return http.StatusUnsupportedMediaType
	case codeUnavailable:
		return http.StatusNotImplemented
	default:
		return http.StatusInternalServerError
	}
}

// errorInfo returns the code, status and user-safe message of err, logging
// internal errors: their messages may hold paths, SQL or other details that
// must not reach clients.
func (s *Server) errorInfo(r *http.Request, err error) (code string, status int, msg string) {
	code = parallax.ErrorCode(err)
	status = errorStatus(code)
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err)
		return parallax.EInternal, status, "internal error"
	}
	return code, status, parallax.ErrorMessage(err)
}

// tokenOK reports whether given is the write token. It compares SHA-256
// digests in constant time so neither the content nor the length of the token
// leaks through timing.
func (s *Server) tokenOK(given string) bool {
	if s.token == "" {
		return true
	}
	a := sha256.Sum256([]byte(given))
	b := sha256.Sum256([]byte(s.token))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// bearerOK reports whether r carries "Authorization: Bearer <token>", or
// whether no token is configured.
func (s *Server) bearerOK(r *http.Request) bool {
	if s.token == "" {
		return true
	}
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	return ok && strings.EqualFold(scheme, "Bearer") && s.tokenOK(strings.TrimSpace(tok))
}

// acquireWrite waits for the write slot or ctx. The returned func releases it.
func (s *Server) acquireWrite(ctx context.Context) (func(), error) {
	select {
	case s.writes <- struct{}{}:
		return func() { <-s.writes }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}
