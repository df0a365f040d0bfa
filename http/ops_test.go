package http

import (
	"errors"
	"strings"
	"testing"
)

func TestReadyAndMetrics(t *testing.T) {
	f := newFixture(t, "")
	if rec := f.do("GET", "/readyz", nil); rec.Code != 200 || !strings.Contains(rec.Body.String(), "ready") {
		t.Errorf("readyz: %d %s", rec.Code, rec.Body)
	}
	f.do("GET", "/api/stories/s1", nil)
	f.do("GET", "/api/stories/nope", nil)
	rec := f.do("GET", "/metrics", nil)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("metrics: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	for _, want := range []string{
		`parallax_http_requests_total{route="GET /api/stories/{id}",status="2xx"}`,
		`parallax_http_requests_total{route="GET /api/stories/{id}",status="4xx"}`,
		`parallax_http_request_seconds_count{route="GET /api/stories/{id}"}`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "/api/stories/s1") {
		t.Error("a series per path: routes must be patterns")
	}
	// A store that does not answer makes the server unready.
	f.store.fail = errors.New("disk gone")
	if rec := f.do("GET", "/readyz", nil); rec.Code != 503 {
		t.Errorf("readyz with a failing store: %d", rec.Code)
	}
}
