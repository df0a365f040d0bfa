package http

import (
	"fmt"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	parallax "github.com/parallax-news/parallax"
)

// statusRecorder remembers the status a handler wrote, for the access log and
// for knowing whether a recovered panic can still send a 500.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the first status and passes it on.
func (w *statusRecorder) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write records the implicit 200 of a body written without WriteHeader.
func (w *statusRecorder) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusRecorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests logs one line per request with its method, path, status and duration.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		defer func() {
			status := rec.status
			if status == 0 {
				status = http.StatusOK
			}
			d := time.Since(start)
			s.log.Info("http request",
				"method", r.Method,
				"path", r.URL.Path,
				"status", status,
				"duration_ms", float64(d.Microseconds())/1000)
			countRequest(r, status, d)
		}()
		next.ServeHTTP(rec, r)
	})
}

// recoverPanics turns a handler panic into a logged 500 instead of a dropped
// connection, so one bad article cannot take the page down with no trace.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler { // the client went away; net/http expects this one
				panic(v)
			}
			s.log.Error("panic serving request", "method", r.Method, "path", r.URL.Path,
				"panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if rec, ok := w.(*statusRecorder); ok && rec.status != 0 {
				return // headers are gone; the client sees a truncated body
			}
			s.fail(w, r, parallax.Errorf(parallax.EInternal, "panic: %v", v))
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows only our own stylesheet and no scripts at all:
// even if some article text escaped html/template, the browser would not run it.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// securityHeaders sets headers that harden every response.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// loopbackHosts refuses requests addressed to a host name other than
// localhost or a loopback IP when the server is open (loopback, no token).
// Without it, a web page could use DNS rebinding (its own name resolving to
// 127.0.0.1) to reach the open write API as a same-origin caller, which
// CrossOriginProtection cannot tell apart. With a token, writes are guarded
// and any Host is answered (reverse proxies rewrite it).
func (s *Server) loopbackHosts(next http.Handler) http.Handler {
	if s.token != "" || s.public {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !IsLoopback(r.Host) {
			s.fail(w, r, parallax.Errorf(codeForbidden,
				"this server has no write token, so it answers only requests for localhost, not %q", r.Host))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// denyCrossOrigin answers writes refused by http.CrossOriginProtection.
func (s *Server) denyCrossOrigin(w http.ResponseWriter, r *http.Request) {
	s.fail(w, r, parallax.Errorf(codeForbidden, "cross-origin request refused"))
}

// isAPI reports whether r is for the JSON API (or the health check), which
// answers errors in JSON rather than as pages.
func isAPI(r *http.Request) bool {
	return strings.HasPrefix(r.URL.Path, "/api/") || r.URL.Path == "/healthz"
}

// fail writes err as JSON for API requests and as an error page otherwise.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if isAPI(r) {
		s.apiError(w, r, err)
		return
	}
	s.pageError(w, r, err)
}
