package http

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"io"
	"iter"
	"mime"
	"net/http"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/story"
)

//go:embed openapi.yaml
var openAPI []byte

// serveOpenAPI serves the OpenAPI description of API v1.
func serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.Write(openAPI)
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	// Encoder escapes <, > and & in strings: article text holds markup, and
	// escaped JSON stays inert even where some client shows it as HTML.
	if err := json.NewEncoder(&buf).Encode(v); err != nil {
		// Our own types always encode; say so loudly if one ever does not.
		http.Error(w, `{"error":{"code":"internal","message":"internal error"}}`, http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorBody is the JSON shape of every API error.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// apiError answers err as {"error":{"code","message"}}.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	var body errorBody
	var status int
	body.Error.Code, status, body.Error.Message = s.errorInfo(r, err)
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="parallax"`)
	}
	writeJSON(w, status, body)
}

// maxJSONBody caps the small JSON objects that edit a source or stories,
// below the ingest cap (MaxBody): they hold a few fields and ids, never articles.
const maxJSONBody = 64 << 10

// readJSON decodes a small JSON object from the request body into v,
// refusing unknown fields so a misspelt "pasued" or "form" is an error, not
// a silent no-op. A body over the cap is too_large, anything unreadable
// invalid.
func (s *Server) readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	limit := min(maxJSONBody, s.maxBody)
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, limit))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return parallax.Errorf(codeTooLarge, "request body is larger than %d bytes", limit)
		}
		if errors.Is(err, io.EOF) {
			return parallax.Errorf(parallax.EInvalid, "request body is empty: send a JSON object")
		}
		return parallax.Errorf(parallax.EInvalid, "reading the JSON object: %v", err)
	}
	return nil
}

// apiWrite requires the bearer token, when one is configured.
func (s *Server) apiWrite(h func(http.ResponseWriter, *http.Request) error) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if !s.bearerOK(r) {
			return parallax.Errorf(parallax.EUnauthorized, "this write needs the header Authorization: Bearer <token>")
		}
		return h(w, r)
	}
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) error {
	return parallax.Errorf(parallax.ENotFound, "no API route %s %s", r.Method, r.URL.Path)
}

func (s *Server) apiStories(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := pageParams(r.URL.Query(), defaultStoryLimit)
	if err != nil {
		return err
	}
	list, err := s.store.Stories(r.Context(), parallax.StoryFilter{Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	for i := range list {
		list[i] = normSummary(list[i])
	}
	writeJSON(w, http.StatusOK, nonNil(list))
	return nil
}

func (s *Server) apiStory(w http.ResponseWriter, r *http.Request) error {
	v, _, err := s.storyView(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// storyView reads a story and composes its view; it also returns the stored
// articles, which pages need for times and quote anchors.
func (s *Server) storyView(ctx context.Context, id string) (parallax.StoryView, []*parallax.StoredArticle, error) {
	sum, arts, err := s.store.Story(ctx, id)
	if err != nil {
		return parallax.StoryView{}, nil, err
	}
	v := story.Compose(sum, arts)
	v.StorySummary = normSummary(v.StorySummary)
	v.Entities = nonNil(v.Entities)
	v.Quotes = nonNil(v.Quotes)
	for i := range v.Entities {
		v.Entities[i].Aliases = nonNil(v.Entities[i].Aliases)
	}
	return v, arts, nil
}

func (s *Server) apiArticle(w http.ResponseWriter, r *http.Request) error {
	a, err := s.store.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, a.View())
	return nil
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	f, err := searchFilter(r.URL.Query())
	if err != nil {
		return err
	}
	res, err := s.store.Search(r.Context(), f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, normResult(res))
	return nil
}

// ingestTypes are the media types POST /api/articles accepts. The decoder
// tells one record, an array and JSON Lines apart by content, so the type
// only has to say "JSON of some shape".
var ingestTypes = map[string]bool{
	"application/json":     true,
	"application/x-ndjson": true,
	"application/jsonl":    true,
	"application/x-jsonl":  true,
}

// ingestResponse is the body of POST /api/articles.
type ingestResponse struct {
	Results []parallax.IngestResult `json:"results"`
}

func (s *Server) apiPostArticles(w http.ResponseWriter, r *http.Request) error {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil || !ingestTypes[mt] {
		return parallax.Errorf(codeUnsupported, "Content-Type must be application/json or application/x-ndjson")
	}
	// The whole body is read before anything is stored, so an oversized
	// request is refused as a whole rather than half ingested.
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.maxBody))
	if err != nil {
		if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return parallax.Errorf(codeTooLarge, "request body is larger than %d bytes", s.maxBody)
		}
		return parallax.Errorf(parallax.EInvalid, "reading request body: %v", err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return parallax.Errorf(parallax.EInvalid, "request body is empty: send one JSON record, a JSON array or JSON Lines")
	}
	results, err := s.ingest(r.Context(), s.decode(r.Context(), bytes.NewReader(body), "request"))
	if err != nil {
		return err
	}
	status := http.StatusOK
	for _, res := range results {
		if res.Status == parallax.StatusRejected || res.Status == parallax.StatusConflict {
			status = http.StatusUnprocessableEntity
		}
	}
	writeJSON(w, status, ingestResponse{Results: nonNil(results)})
	return nil
}

// ingest runs articles through the ingester, one write at a time.
func (s *Server) ingest(ctx context.Context, arts iter.Seq2[parallax.Article, error]) ([]parallax.IngestResult, error) {
	release, err := s.acquireWrite(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	return s.ingester.Ingest(ctx, arts, nil)
}

// deleteArticle deletes one article, one write at a time.
func (s *Server) deleteArticle(ctx context.Context, id string) error {
	release, err := s.acquireWrite(ctx)
	if err != nil {
		return err
	}
	defer release()
	return s.store.Delete(ctx, id)
}

func (s *Server) apiDeleteArticle(w http.ResponseWriter, r *http.Request) error {
	if err := s.deleteArticle(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// healthz answers 200 when the store answers a one-row query within a few
// seconds, 503 otherwise.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	if _, err := s.store.Stories(ctx, parallax.StoryFilter{Limit: 1}); err != nil {
		s.log.Error("health check failed", "error", err)
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// nonNil returns s, or an empty slice for nil, so JSON shows [] rather than
// null: clients can range over every array field without a nil check.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func normSummary(s parallax.StorySummary) parallax.StorySummary {
	s.Articles = nonNil(s.Articles)
	return s
}

func normResult(res parallax.SearchResult) parallax.SearchResult {
	res.Hits = nonNil(res.Hits)
	for i := range res.Hits {
		res.Hits[i].Marks = nonNil(res.Hits[i].Marks)
	}
	return res
}
