package story

import (
	"slices"
	"strings"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/cluster"
)

// whyShown is how many shared keys of each kind an explanation lists.
const whyShown = 5

// why explains each article's place in the story, earliest first: the
// names, words and figures its clustering keys share with the articles
// before it (heaviest in the article first), the statements it carries that
// an earlier article carried too, and the score the clusterer measured when
// it arrived. Keys are compared as stored, so this is the evidence the
// clusterer had, not a new judgement.
func why(arts []*parallax.StoredArticle, statements []parallax.Statement, entities []parallax.Entity) []parallax.ArticleWhy {
	// Name keys are folded spellings ("e:keler"): show them under the name
	// of the story's entity that makes them, the most mentioned first.
	display := map[string]string{}
	for _, e := range entities {
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			if k := cluster.EntityKey(e.Kind, n); k != "" && display[k] == "" {
				display[k] = e.Name
			}
		}
	}
	order := slices.Clone(arts)
	slices.SortStableFunc(order, byTime)
	// statementsOf lists, per article, the statements it carries with an
	// earlier article (by the statement's earliest occurrence).
	statementsOf := map[string][]string{}
	for _, st := range statements {
		if len(st.Occurrences) < 2 {
			continue
		}
		first := st.Occurrences[0].Article
		for _, o := range st.Occurrences[1:] {
			if o.Article != first && !slices.Contains(statementsOf[o.Article], st.Text) {
				statementsOf[o.Article] = append(statementsOf[o.Article], st.Text)
			}
		}
	}
	seen := map[string]bool{} // keys of the articles so far
	out := make([]parallax.ArticleWhy, 0, len(order))
	for i, a := range order {
		w := parallax.ArticleWhy{Article: a.ID, Started: i == 0, CopyOf: a.DuplicateOf, Score: a.Score,
			Entities: []string{}, Terms: []string{}, Numbers: []string{}, Statements: orEmpty(statementsOf[a.ID])}
		for _, k := range a.Keys { // heaviest first
			if !seen[k.Key] {
				continue
			}
			kind, name, _ := strings.Cut(k.Key, ":")
			var list *[]string
			switch kind {
			case "e":
				list = &w.Entities
			case "t":
				list = &w.Terms
			case "n":
				list = &w.Numbers
			default:
				continue
			}
			if d := display[k.Key]; d != "" {
				name = d
			}
			if len(*list) < whyShown && !slices.Contains(*list, name) {
				*list = append(*list, name)
			}
		}
		for _, k := range a.Keys {
			seen[k.Key] = true
		}
		out = append(out, w)
	}
	return out
}
