package story

import (
	"cmp"
	"slices"
	"strings"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/translit"
)

// outletNames maps the outlets of a relay chain to the story's canonical
// names ("the Post" → "Washington Post" when the story joined the two),
// each once, in text order; nil for none.
func (es *entities) outletNames(refs []parallax.OutletRef) []string {
	var out []string
	for _, r := range refs {
		name := displayName(r.Name)
		shape := name
		if first, rest, ok := strings.Cut(shape, " "); ok && strings.EqualFold(first, "the") {
			shape = rest // as resolve keys organisations: "the Post" is "Post"
		}
		if e := es.byForm[translit.Key(shape)]; e != nil {
			name = e.Name
		}
		if name != "" && !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	return out
}

// speakers gathers the statements by speaker: each named speaker with their
// roles and the relay paths of their words, speakers with most statements
// first, then by name. statements are as statements returns them.
func speakers(arts []*parallax.StoredArticle, es *entities, statements []parallax.Statement) []parallax.Speaker {
	byID := make(map[string]*parallax.StoredArticle, len(arts))
	for _, a := range arts {
		byID[a.ID] = a
	}
	ids := make(map[string]*parallax.Entity, len(es.all))
	for _, e := range es.all {
		ids[e.ID] = e
	}
	var out []parallax.Speaker
	at := map[string]int{}
	for _, st := range statements {
		key := cmp.Or(st.EntityID, "\x00"+st.Speaker)
		k, ok := at[key]
		if !ok {
			k = len(out)
			at[key] = k
			sp := parallax.Speaker{EntityID: st.EntityID, Name: st.Speaker, Roles: []parallax.Role{}}
			if e := ids[st.EntityID]; e != nil {
				sp.Kind, sp.Roles = e.Kind, slices.Clone(e.Roles)
			}
			out = append(out, sp)
		}
		out[k].Statements = append(out[k].Statements, st)
	}
	for i := range out {
		sp := &out[i]
		slices.SortStableFunc(sp.Statements, func(x, y parallax.Statement) int {
			return byTime(byID[x.Occurrences[0].Article], byID[y.Occurrences[0].Article])
		})
		sp.Relays = relayPaths(byID, sp.Statements)
	}
	slices.SortStableFunc(out, func(x, y parallax.Speaker) int {
		return cmp.Or(cmp.Compare(len(y.Statements), len(x.Statements)), strings.Compare(x.Name, y.Name))
	})
	if out == nil {
		out = []parallax.Speaker{}
	}
	return out
}

// relayPaths groups the occurrences of a speaker's statements by the chain
// they came through (told to, via), each path with its articles earliest
// first; paths come in the order of their earliest article, first-hand
// articles (no chain) in that order too.
func relayPaths(byID map[string]*parallax.StoredArticle, sts []parallax.Statement) []parallax.RelayPath {
	var paths []parallax.RelayPath
	at := map[string]int{}
	for _, st := range sts {
		for _, o := range st.Occurrences {
			key := strings.Join(o.ToldTo, "\x00") + "\x01" + strings.Join(o.Via, "\x00")
			k, ok := at[key]
			if !ok {
				k = len(paths)
				at[key] = k
				paths = append(paths, parallax.RelayPath{
					ToldTo: orEmpty(o.ToldTo), Via: orEmpty(o.Via),
				})
			}
			if !slices.Contains(paths[k].Articles, o.Article) {
				paths[k].Articles = append(paths[k].Articles, o.Article)
			}
		}
	}
	for i := range paths {
		p := &paths[i]
		slices.SortFunc(p.Articles, func(x, y string) int { return byTime(byID[x], byID[y]) })
		p.Outlets = []string{}
		for _, id := range p.Articles {
			if a := byID[id]; a != nil && a.Outlet != "" && !slices.Contains(p.Outlets, a.Outlet) {
				p.Outlets = append(p.Outlets, a.Outlet)
			}
		}
	}
	slices.SortStableFunc(paths, func(x, y parallax.RelayPath) int {
		return byTime(byID[x.Articles[0]], byID[y.Articles[0]])
	})
	return paths
}

// orEmpty returns s, or an empty list for nil, so JSON shows [] not null.
func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
