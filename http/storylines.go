package http

import (
	"context"
	"net/http"
	"net/url"
	"strings"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/story"
)

// This file serves storylines (the events of one developing topic, each a
// story) in the API and the UI, and the two corrections a reader can make
// to the grouping: merging stories into one and splitting one in two.

// storylineView reads a storyline and composes its view, with every list
// non-nil so JSON shows [] rather than null.
func (s *Server) storylineView(ctx context.Context, id string) (parallax.StorylineView, error) {
	v, err := story.Storyline(ctx, s.store, id)
	if err != nil {
		return parallax.StorylineView{}, err
	}
	v.Stories = nonNil(v.Stories)
	for i := range v.Stories {
		v.Stories[i] = normSummary(v.Stories[i])
	}
	v.Claims = nonNil(v.Claims)
	v.Contradictions = nonNil(v.Contradictions)
	v.Timeline = nonNil(v.Timeline)
	v.Summary = nonNil(v.Summary)
	return v, nil
}

func (s *Server) apiStorylines(w http.ResponseWriter, r *http.Request) error {
	limit, offset, err := pageParams(r.URL.Query(), defaultStoryLimit)
	if err != nil {
		return err
	}
	list, err := s.store.Storylines(r.Context(), parallax.StoryFilter{Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, nonNil(list))
	return nil
}

func (s *Server) apiStoryline(w http.ResponseWriter, r *http.Request) error {
	v, err := s.storylineView(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

// mergeInput is the body of POST /api/stories/{id}/merge.
type mergeInput struct {
	From []string `json:"from"` // the stories whose articles join {id}
}

// splitInput is the body of POST /api/stories/{id}/split.
type splitInput struct {
	Articles []string `json:"articles"` // the articles that leave {id} for a new story
}

func (s *Server) apiMerge(w http.ResponseWriter, r *http.Request) error {
	var in mergeInput
	if err := s.readJSON(w, r, &in); err != nil {
		return err
	}
	sum, err := s.mergeStories(r.Context(), r.PathValue("id"), in.From)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sum)
	return nil
}

func (s *Server) apiSplit(w http.ResponseWriter, r *http.Request) error {
	var in splitInput
	if err := s.readJSON(w, r, &in); err != nil {
		return err
	}
	sum, err := s.splitStory(r.Context(), r.PathValue("id"), in.Articles)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/api/stories/"+url.PathEscape(sum.ID))
	writeJSON(w, http.StatusCreated, sum)
	return nil
}

// mergeStories moves the articles of the stories from into story into, one
// write at a time, and returns into's summary afterwards. An empty from is
// invalid here, before the store is asked; the store answers the rest
// (unknown stories, into among from).
func (s *Server) mergeStories(ctx context.Context, into string, from []string) (parallax.StorySummary, error) {
	from = formIDs(from)
	if len(from) == 0 {
		return parallax.StorySummary{}, parallax.Errorf(parallax.EInvalid, "from lists no story: name the stories to merge into %q", into)
	}
	release, err := s.acquireWrite(ctx)
	if err != nil {
		return parallax.StorySummary{}, err
	}
	defer release()
	if err := s.store.MergeStories(ctx, into, from); err != nil {
		return parallax.StorySummary{}, err
	}
	sum, _, err := s.store.Story(ctx, into)
	return normSummary(sum), err
}

// splitStory moves articles out of story into a new story of the same
// storyline, one write at a time, and returns the new story's summary.
func (s *Server) splitStory(ctx context.Context, story string, articles []string) (parallax.StorySummary, error) {
	articles = formIDs(articles)
	if len(articles) == 0 {
		return parallax.StorySummary{}, parallax.Errorf(parallax.EInvalid, "articles lists no article: name the articles to move out of story %q", story)
	}
	release, err := s.acquireWrite(ctx)
	if err != nil {
		return parallax.StorySummary{}, err
	}
	defer release()
	id, err := s.store.SplitStory(ctx, story, articles)
	if err != nil {
		return parallax.StorySummary{}, err
	}
	sum, _, err := s.store.Story(ctx, id)
	return normSummary(sum), err
}

// formIDs trims ids and drops the blank ones (an empty text field of a form,
// a stray "" in JSON).
func formIDs(ids []string) []string {
	var out []string
	for _, id := range ids {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, id)
		}
	}
	return out
}

// storylinesPage is the data of the storyline list.
type storylinesPage struct {
	Storylines []parallax.StorylineSummary
	Prev, Next string // links to neighbouring pages, "" when none
}

func (s *Server) pageStorylines(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, offset, err := pageParams(q, defaultStoryLimit)
	if err != nil {
		return err
	}
	list, err := s.store.Storylines(r.Context(), parallax.StoryFilter{Limit: limit, Offset: offset})
	if err != nil {
		return err
	}
	data := storylinesPage{Storylines: list}
	if offset > 0 {
		data.Prev = pageLink("/storylines", q, max(offset-limit, 0))
	}
	if len(list) == limit {
		data.Next = pageLink("/storylines", q, offset+limit)
	}
	return s.render(w, http.StatusOK, "storylines", "Storylines", "", data)
}

// storylinePage is the data of a storyline page: its events, and the
// summary, contradictions and timeline drawn as the story page draws them.
type storylinePage struct {
	Line     parallax.StorylineView
	Summary  []summaryItem
	Timeline *timelineChart // nil when no event has a dated happening
}

func (s *Server) pageStoryline(w http.ResponseWriter, r *http.Request) error {
	v, err := s.storylineView(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	data := storylinePage{Line: v, Summary: summaryItems(v.Summary), Timeline: newTimelineChart(v.Timeline)}
	title := v.Title
	if title == "" {
		title = "Untitled storyline"
	}
	return s.render(w, http.StatusOK, "storyline", title, "", data)
}

// storylineRef reads the storyline of story sum for its page. It is nil
// when the story names none or the storyline has gone meanwhile: the page
// still renders, without the link.
func (s *Server) storylineRef(ctx context.Context, sum parallax.StorySummary) (*storylineRef, error) {
	if sum.Storyline == "" {
		return nil, nil
	}
	line, events, err := s.store.Storyline(ctx, sum.Storyline)
	if parallax.ErrorCode(err) == parallax.ENotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	ref := &storylineRef{ID: line.ID, Title: line.Title, Events: len(events)}
	for i, e := range events {
		if e.ID == sum.ID {
			ref.Position = i + 1
			continue
		}
		ref.Others = append(ref.Others, e)
	}
	return ref, nil
}

// pageMerge handles the story page's merge form: the ticked events and the
// typed story id (both fields "from") join the story, then the page is shown
// again (POST-redirect-GET).
func (s *Server) pageMerge(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	id := r.PathValue("id")
	fail := func(err error) error {
		return s.storyFormError(w, r, storyPage{MergeError: parallax.ErrorMessage(err)}, err)
	}
	if !s.formTokenOK(r) {
		return fail(errFormToken)
	}
	from := formIDs(r.PostForm["from"])
	if len(from) == 0 {
		return fail(parallax.Errorf(parallax.EInvalid, "Tick a story or type a story's id to merge it into this one."))
	}
	if _, err := s.mergeStories(r.Context(), id, from); err != nil {
		return fail(err)
	}
	http.Redirect(w, r, "/stories/"+url.PathEscape(id), http.StatusSeeOther)
	return nil
}

// pageSplit handles the story page's split form: the ticked articles
// (fields "articles") become a new story, and the page is shown again with
// a link to it.
func (s *Server) pageSplit(w http.ResponseWriter, r *http.Request) error {
	if err := s.parseForm(w, r); err != nil {
		return err
	}
	id := r.PathValue("id")
	fail := func(err error) error {
		return s.storyFormError(w, r, storyPage{SplitError: parallax.ErrorMessage(err)}, err)
	}
	if !s.formTokenOK(r) {
		return fail(errFormToken)
	}
	articles := formIDs(r.PostForm["articles"])
	if len(articles) == 0 {
		return fail(parallax.Errorf(parallax.EInvalid, "Tick the articles to move into a new story."))
	}
	sum, err := s.splitStory(r.Context(), id, articles)
	if err != nil {
		return fail(err)
	}
	http.Redirect(w, r, "/stories/"+url.PathEscape(id)+"?split="+url.QueryEscape(sum.ID), http.StatusSeeOther)
	return nil
}

// storyFormError answers a refused merge or split: a mistake the reader can
// correct (a wrong token, a bad choice, an id that is gone, a clash) shows
// the story page again, data carrying the message for its form, with the
// error's status; anything else is the error page.
func (s *Server) storyFormError(w http.ResponseWriter, r *http.Request, data storyPage, err error) error {
	switch parallax.ErrorCode(err) {
	case parallax.EUnauthorized, parallax.EInvalid, parallax.ENotFound, parallax.EConflict:
		return s.renderStory(w, r, errorStatus(parallax.ErrorCode(err)), data, "")
	}
	return err
}
