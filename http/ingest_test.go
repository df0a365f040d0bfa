package http

import (
	"context"
	"io"
	"iter"
	"net/http"
	"strings"
	"testing"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/ingest"
)

// TestPostWithIngestDecode posts the three body shapes through the real
// ingest.Decode, as cmd/parallax wires it, to check that what the API
// accepts is what the decoder reads.
func TestPostWithIngestDecode(t *testing.T) {
	st := newFakeStore()
	srv, err := NewServer(Config{Store: st, Ingester: &fakeIngester{store: st},
		Decode: func(ctx context.Context, r io.Reader, name string) iter.Seq2[parallax.Article, error] {
			return ingest.Decode(ctx, r, name, ingest.Options{Now: func() time.Time { return testNow }})
		}})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, store: st, h: srv.Handler()}
	for name, tc := range map[string]struct {
		body, ctype string
		want        []string
		status      int
	}{
		"one record": {`{"id":"d1","title":"T","text":"One."}`, "application/json", []string{"stored"}, 200},
		"array":      {`[{"id":"d2","text":"Two."},{"id":"d3","text":"Three."}]`, "application/json", []string{"stored", "stored"}, 200},
		"json lines": {"{\"id\":\"d4\",\"text\":\"Four.\"}\n{\"id\":\"d5\"}\n", "application/x-ndjson", []string{"stored", "rejected"}, 422},
		"not json":   {"{oops", "application/json", []string{"rejected"}, 422},
	} {
		t.Run(name, func(t *testing.T) {
			rec := f.do("POST", "/api/articles", strings.NewReader(tc.body), "Content-Type", tc.ctype)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			res := jsonBody[map[string][]parallax.IngestResult](t, rec)["results"]
			var got []string
			for _, r := range res {
				got = append(got, r.Status)
				if r.Status == parallax.StatusRejected && (r.Error == "" || !strings.Contains(r.Error, "request")) {
					t.Errorf("rejection %+v does not say where", r)
				}
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Errorf("statuses %v, want %v (%s)", got, tc.want, rec.Body)
			}
		})
	}
	if rec := f.do("GET", "/api/articles/d3", nil); rec.Code != http.StatusOK {
		t.Errorf("d3 not readable: %d", rec.Code)
	}
}
