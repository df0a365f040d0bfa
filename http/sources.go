package http

import (
	"net/http"
	"strings"
	"time"

	parallax "github.com/parallax-news/parallax"
)

// codeUnavailable answers a request for something this store does not keep.
const codeUnavailable = "not_implemented"

// sources returns the store's source half, or an error a client can act on.
func (s *Server) sources() (parallax.SourceStore, error) {
	ss, ok := s.store.(parallax.SourceStore)
	if !ok {
		return nil, parallax.Errorf(codeUnavailable, "this store keeps no sources")
	}
	return ss, nil
}

func (s *Server) apiSources(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.sources()
	if err != nil {
		return err
	}
	list, err := ss.Sources(r.Context())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, nonNil(list))
	return nil
}

func (s *Server) apiSource(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.sources()
	if err != nil {
		return err
	}
	src, err := ss.Source(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	failed, err := ss.FailedEntries(r.Context(), src.ID, time.Time{})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sourceView{Source: src, FailedEntries: nonNil(failed)})
	return nil
}

// sourceView is a source with the entries that failed, as GET
// /api/sources/{id} answers it.
type sourceView struct {
	parallax.Source
	FailedEntries []parallax.Entry `json:"failed_entries"`
}

// sourceInput is the body of POST /api/sources and PATCH /api/sources/{id}.
type sourceInput struct {
	URL    string  `json:"url"`
	Title  *string `json:"title"`
	Paused *bool   `json:"paused"`
}

// readSourceInput reads the body of a source write (see readJSON).
func (s *Server) readSourceInput(w http.ResponseWriter, r *http.Request) (sourceInput, error) {
	var in sourceInput
	err := s.readJSON(w, r, &in)
	return in, err
}

func (s *Server) apiAddSource(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.sources()
	if err != nil {
		return err
	}
	in, err := s.readSourceInput(w, r)
	if err != nil {
		return err
	}
	u, err := parallax.SourceURL(in.URL)
	if err != nil {
		return err
	}
	src := parallax.Source{URL: u, Added: s.now()}
	if in.Title != nil {
		src.Title = strings.TrimSpace(*in.Title)
	}
	if in.Paused != nil {
		src.Paused = *in.Paused
	}
	stored, created, err := ss.AddSource(r.Context(), src)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if created {
		status = http.StatusCreated
	}
	writeJSON(w, status, stored)
	return nil
}

func (s *Server) apiPatchSource(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.sources()
	if err != nil {
		return err
	}
	in, err := s.readSourceInput(w, r)
	if err != nil {
		return err
	}
	if in.URL != "" {
		return parallax.Errorf(parallax.EInvalid, "a source's url cannot change: add the new address as a source")
	}
	src, err := ss.Source(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	applySourceInput(&src, in)
	if err := ss.UpdateSource(r.Context(), src); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, src)
	return nil
}

// applySourceInput sets what a request may change on a source: its title,
// and pausing; resuming also clears the backoff, so the source is polled at once.
func applySourceInput(src *parallax.Source, in sourceInput) {
	if in.Title != nil {
		src.Title = strings.TrimSpace(*in.Title)
	}
	if in.Paused != nil {
		if src.Paused && !*in.Paused {
			src.NextFetch, src.Failures = time.Time{}, 0
		}
		src.Paused = *in.Paused
	}
}

func (s *Server) apiDeleteSource(w http.ResponseWriter, r *http.Request) error {
	ss, err := s.sources()
	if err != nil {
		return err
	}
	if err := ss.DeleteSource(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// sourcesPage is the data of the sources page.
type sourcesPage struct {
	Sources   []parallax.Source
	Failed    map[string][]parallax.Entry // by source id
	URL       string                      // the add form's value after an error
	Error     string
	NeedToken bool
}

func (s *Server) pageSources(w http.ResponseWriter, r *http.Request) error {
	return s.renderSources(w, r, http.StatusOK, sourcesPage{})
}

func (s *Server) renderSources(w http.ResponseWriter, r *http.Request, status int, page sourcesPage) error {
	ss, err := s.sources()
	if err != nil {
		return err
	}
	if page.Sources, err = ss.Sources(r.Context()); err != nil {
		return err
	}
	failed, err := ss.FailedEntries(r.Context(), "", time.Time{})
	if err != nil {
		return err
	}
	page.Failed = map[string][]parallax.Entry{}
	for _, e := range failed {
		page.Failed[e.Source] = append(page.Failed[e.Source], e)
	}
	page.NeedToken = s.token != ""
	return s.render(w, status, "sources", "Sources", "", page)
}

// pageSourcesPost handles the page's forms: add a feed, or pause, resume or
// remove one (field "action").
func (s *Server) pageSourcesPost(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	ss, err := s.sources()
	if err != nil {
		return err
	}
	page := sourcesPage{URL: strings.TrimSpace(r.PostFormValue("url"))}
	fail := func(status int, msg string) error {
		page.Error = msg
		return s.renderSources(w, r, status, page)
	}
	if !s.formTokenOK(r) {
		return fail(http.StatusUnauthorized, "The write token is missing or wrong.")
	}
	ctx := r.Context()
	id := r.PostFormValue("id")
	switch action := r.PostFormValue("action"); action {
	case "add":
		u, err := parallax.SourceURL(page.URL)
		if err != nil {
			return fail(http.StatusBadRequest, parallax.ErrorMessage(err))
		}
		if _, _, err := ss.AddSource(ctx, parallax.Source{URL: u, Title: strings.TrimSpace(r.PostFormValue("title")), Added: s.now()}); err != nil {
			return err
		}
	case "pause", "resume":
		src, err := ss.Source(ctx, id)
		if err != nil {
			return err
		}
		paused := action == "pause"
		applySourceInput(&src, sourceInput{Paused: &paused})
		if err := ss.UpdateSource(ctx, src); err != nil {
			return err
		}
	case "remove":
		if err := ss.DeleteSource(ctx, id); err != nil {
			return err
		}
	default:
		return fail(http.StatusBadRequest, "Unknown action.")
	}
	http.Redirect(w, r, "/sources", http.StatusSeeOther)
	return nil
}
