package story

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/cluster"
)

func keys(kv ...any) []parallax.Key {
	var out []parallax.Key
	for i := 0; i+1 < len(kv); i += 2 {
		out = append(out, parallax.Key{Key: kv[i].(string), Weight: kv[i+1].(float64)})
	}
	return out
}

func TestComposeWhy(t *testing.T) {
	t0 := time.Date(2031, 5, 4, 9, 0, 0, 0, time.UTC)
	a := storedArticle("a", "north.example", t0, `Anna Keller said: "The ferry will run all winter." The board met in Selby.`)
	a.Keys = keys("e:keller", 0.5, "t:ferri", 0.4, "n:2031", 0.2, "e:selbi", 0.1)
	b := storedArticle("b", "south.example", t0.Add(time.Hour), `"The ferry will run all winter," Keller told the board in Selby, where 2031 fares were set.`)
	b.Keys = keys("t:ferri", 0.45, "e:keller", 0.4, "n:2031", 0.3, "t:fare", 0.2, "e:selbi", 0.1)
	b.Score = 0.42
	c := storedArticle("c", "east.example", t0.Add(2*time.Hour), "A copy.")
	c.Keys, c.DuplicateOf, c.Score = keys("t:fare", 0.9), "b", 0.9
	ferry := parallax.Statement{Speaker: "Anna Keller", Text: "The ferry will run all winter.", Occurrences: []parallax.StatementOccurrence{{Article: "a"}, {Article: "b"}}}

	got := why([]*parallax.StoredArticle{c, b, a}, []parallax.Statement{ferry}, nil)
	if len(got) != 3 || got[0].Article != "a" || got[1].Article != "b" || got[2].Article != "c" {
		t.Fatalf("order %+v", got)
	}
	if !got[0].Started || len(got[0].Entities)+len(got[0].Terms) != 0 {
		t.Errorf("the first article started the story and shares nothing: %+v", got[0])
	}
	w := got[1]
	if w.Started || w.Score != 0.42 || !slices.Equal(w.Terms, []string{"ferri"}) || !slices.Equal(w.Entities, []string{"keller", "selbi"}) ||
		!slices.Equal(w.Numbers, []string{"2031"}) || !slices.Equal(w.Statements, []string{"The ferry will run all winter."}) {
		t.Errorf("b: %+v", w)
	}
	if got[2].CopyOf != "b" || !slices.Equal(got[2].Terms, []string{"fare"}) {
		t.Errorf("c: %+v", got[2])
	}
	// Lists are lists in the JSON, never null.
	raw, _ := json.Marshal(got[0])
	if !strings.Contains(string(raw), `"statements":[]`) || !strings.Contains(string(raw), `"entities":[]`) {
		t.Errorf("JSON %s", raw)
	}
}

// TestWhyNames: a folded name key is shown under the story entity's name.
func TestWhyNames(t *testing.T) {
	t0 := time.Date(2031, 5, 4, 9, 0, 0, 0, time.UTC)
	a := storedArticle("a", "north.example", t0, "First.")
	b := storedArticle("b", "south.example", t0.Add(time.Hour), "Second.")
	k := cluster.EntityKey(parallax.Person, "Anna Keller")
	a.Keys, b.Keys = keys(k, 0.5), keys(k, 0.5, "e:unknown", 0.1)
	ents := []parallax.Entity{{Name: "Anna Keller", Kind: parallax.Person, Aliases: []string{"Keller"}}}
	got := why([]*parallax.StoredArticle{a, b}, nil, ents)
	if !slices.Equal(got[1].Entities, []string{"Anna Keller"}) {
		t.Errorf("entities %q, want the entity's name for key %q", got[1].Entities, k)
	}
}
