package http

import (
	"context"
	"net/http"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/internal/metrics"
)

// readyz answers 200 when the server can do its work — the store answers
// and its schema is this build's (opening it migrated it) — and 503 while it
// is shutting down, so a load balancer stops sending requests first.
// healthz stays the liveness check.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.closing.Load() {
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "shutting down"})
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	if _, err := s.store.Stories(ctx, parallax.StoryFilter{Limit: 1}); err != nil {
		s.log.Error("readiness check failed", "error", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "store unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ready"})
}

// serveMetrics writes the process's metrics in the Prometheus text format.
func serveMetrics(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	if err := metrics.Default.WriteText(w); err != nil {
		http.Error(w, "writing metrics", http.StatusInternalServerError)
	}
}

// countRequest records one answered request: its method, the route's
// pattern (not the path, which would make a series per article) and its
// status class.
func countRequest(r *http.Request, status int, d time.Duration) {
	route := r.Pattern
	if route == "" {
		route = "none"
	}
	class := []string{"1xx", "2xx", "3xx", "4xx", "5xx"}[min(max(status/100, 1), 5)-1]
	metrics.Default.Add("parallax_http_requests_total", "HTTP requests answered, by route and status class.",
		[]string{"route", "status"}, []string{route, class}, 1)
	metrics.Default.Observe("parallax_http_request_seconds", "Time to answer an HTTP request, by route.",
		[]string{"route"}, []string{route}, d)
}
