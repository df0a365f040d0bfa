package http

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	parallax "github.com/parallax-news/parallax"
)

// Bounds of the entity view: it composes each candidate story, so it reads
// at most this many articles to find stories, and shows at most this many.
const (
	entityArticleScan = 1000
	entityMaxStories  = 50
)

// EntityView is one canonical entity across the store: every story that
// mentions it, and everything it said in them.
type EntityView struct {
	parallax.Entity
	Stories    []EntityStory        `json:"stories"`
	Statements []parallax.Statement `json:"statements"`
}

// EntityStory is one story in which an entity is mentioned.
type EntityStory struct {
	parallax.StorySummary
	Mentions   int `json:"mentions"`
	Statements int `json:"statements"`
}

// entityView finds the entity with this id. Entity ids are hashes, so name
// (any of the entity's names) is what finds candidate articles: a person is
// looked up by surname, which catches the articles that call them only that.
func (s *Server) entityView(ctx context.Context, id, name string) (EntityView, error) {
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		return EntityView{}, parallax.Errorf(parallax.EInvalid, "name is required: one of the entity's names, e.g. ?name=Maria+Zakharova")
	}
	storyIDs, err := s.storiesMentioning(ctx, name)
	if err != nil {
		return EntityView{}, err
	}
	v := EntityView{Stories: []EntityStory{}, Statements: []parallax.Statement{}}
	found := false
	for _, sid := range storyIDs {
		sv, _, err := s.storyView(ctx, sid)
		if err != nil {
			if parallax.ErrorCode(err) == parallax.ENotFound {
				continue // deleted meanwhile
			}
			return EntityView{}, err
		}
		i := slices.IndexFunc(sv.Entities, func(e parallax.Entity) bool { return e.ID == id })
		if i < 0 {
			continue
		}
		e := sv.Entities[i]
		if !found {
			v.Entity, found = e, true
			v.Entity.Mentions = 0
			v.Entity.Aliases = nil
			v.Entity.Roles = nil
			v.Entity.Merges = nil
		}
		v.Mentions += e.Mentions
		for _, a := range e.Aliases {
			if !slices.Contains(v.Aliases, a) {
				v.Aliases = append(v.Aliases, a)
			}
		}
		v.Roles = append(v.Roles, e.Roles...)
		v.Merges = append(v.Merges, e.Merges...)
		es := EntityStory{StorySummary: sv.StorySummary, Mentions: e.Mentions}
		for _, st := range sv.Statements {
			if st.EntityID == id {
				v.Statements = append(v.Statements, st)
				es.Statements++
			}
		}
		v.Stories = append(v.Stories, es)
		if len(v.Stories) == entityMaxStories {
			break
		}
	}
	if !found {
		return EntityView{}, parallax.Errorf(parallax.ENotFound, "no entity %q named %q", id, name)
	}
	v.Aliases = nonNil(v.Aliases)
	return v, nil
}

// storiesMentioning returns the stories of articles that mention name (by
// its last word), most recent first, without repeats.
func (s *Server) storiesMentioning(ctx context.Context, name string) ([]string, error) {
	key := name
	if i := strings.LastIndexByte(name, ' '); i >= 0 {
		key = name[i+1:]
	}
	var ids []string
	seen := map[string]bool{}
	for offset := 0; offset < entityArticleScan; {
		res, err := s.store.Search(ctx, parallax.SearchFilter{Entity: key, Limit: 100, Offset: offset})
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			if h.Story != "" && !seen[h.Story] {
				seen[h.Story] = true
				ids = append(ids, h.Story)
			}
		}
		offset += len(res.Hits)
		if len(res.Hits) == 0 || offset >= res.Total {
			break
		}
	}
	return ids, nil
}

func (s *Server) apiEntity(w http.ResponseWriter, r *http.Request) error {
	v, err := s.entityView(r.Context(), r.PathValue("id"), r.URL.Query().Get("name"))
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, v)
	return nil
}

func (s *Server) pageEntity(w http.ResponseWriter, r *http.Request) error {
	v, err := s.entityView(r.Context(), r.PathValue("id"), r.URL.Query().Get("name"))
	if err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "entity", v.Name, "", v)
}

// entityURL is the page of an entity: its id and, to find it, its name.
func entityURL(id, name string) string {
	return "/entities/" + url.PathEscape(id) + "?name=" + url.QueryEscape(name)
}
