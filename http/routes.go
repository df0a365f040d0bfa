package http

import "net/http"

// route is one entry of the routes table.
type route struct {
	pattern string // a Go 1.22 ServeMux pattern: "GET /api/stories/{id}"
	handler http.Handler
}

// routes is the one table of everything the server answers. API handlers
// answer errors in JSON, page handlers with HTML; write routes check the
// token. Paths under /api/ are version 1 of the API and are all described in
// openapi.yaml (a test holds the two together).
func (s *Server) routes() []route {
	return []route{
		// JSON API v1.
		{"GET /api/stories", s.api(s.apiStories)},
		{"GET /api/stories/{id}", s.api(s.apiStory)},
		{"POST /api/stories/{id}/merge", s.api(s.apiWrite(s.apiMerge))},
		{"POST /api/stories/{id}/split", s.api(s.apiWrite(s.apiSplit))},
		{"GET /api/storylines", s.api(s.apiStorylines)},
		{"GET /api/storylines/{id}", s.api(s.apiStoryline)},
		{"GET /api/articles/{id}", s.api(s.apiArticle)},
		{"POST /api/articles", s.api(s.apiWrite(s.apiPostArticles))},
		{"DELETE /api/articles/{id}", s.api(s.apiWrite(s.apiDeleteArticle))},
		{"GET /api/search", s.api(s.apiSearch)},
		{"GET /api/entities/{id}", s.api(s.apiEntity)},
		{"GET /api/sources", s.api(s.apiSources)},
		{"POST /api/sources", s.api(s.apiWrite(s.apiAddSource))},
		{"GET /api/sources/{id}", s.api(s.apiSource)},
		{"PATCH /api/sources/{id}", s.api(s.apiWrite(s.apiPatchSource))},
		{"DELETE /api/sources/{id}", s.api(s.apiWrite(s.apiDeleteSource))},
		{"GET /api/openapi.yaml", http.HandlerFunc(serveOpenAPI)},
		{"/api/", s.api(s.apiNotFound)},
		{"GET /healthz", http.HandlerFunc(s.healthz)},
		{"GET /readyz", http.HandlerFunc(s.readyz)},
		{"GET /metrics", http.HandlerFunc(serveMetrics)},

		// Web UI.
		{"GET /{$}", s.page(s.pageStories)},
		{"GET /stories/{id}", s.page(s.pageStory)},
		{"POST /stories/{id}/merge", s.page(s.pageMerge)},
		{"POST /stories/{id}/split", s.page(s.pageSplit)},
		{"GET /storylines", s.page(s.pageStorylines)},
		{"GET /storylines/{id}", s.page(s.pageStoryline)},
		{"GET /articles/{id}", s.page(s.pageArticle)},
		{"POST /articles/{id}/delete", s.page(s.pageDeleteArticle)},
		{"GET /add", s.page(s.pageAddForm)},
		{"POST /add", s.page(s.pageAdd)},
		{"GET /search", s.page(s.pageSearch)},
		{"GET /entities/{id}", s.page(s.pageEntity)},
		{"GET /sources", s.page(s.pageSources)},
		{"POST /sources", s.page(s.pageSourcesPost)},
		{"GET /static/", staticHandler()},
		{"/", s.page(s.pageNotFound)},
	}
}

// api adapts a handler that returns an error into one that answers the error in JSON.
func (s *Server) api(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.apiError(w, r, err)
		}
	})
}

// page adapts a handler that returns an error into one that answers the error as a page.
func (s *Server) page(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.pageError(w, r, err)
		}
	})
}
