package story

import (
	"cmp"
	"slices"
	"strings"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/paraphrase"
)

// minContained is how many content words the shorter of two quotes needs
// before "its words appear whole in the other" makes them one statement
// across articles: "normal practice" inside a longer quote is the same
// statement, a lone "contacts" inside one is not evidence of anything.
const minContained = 2

// statements groups the story's quotes with a named speaker into statements:
// two quotes of one speaker are one statement when one is a fragment quoted
// inside the other in the same article, when one's words appear whole in the
// other's, or when the paraphrase model judges them the same and neither
// denies what the other says. The grouping is transitive within a speaker,
// except that a denial and an admission never end up in one statement
// through a fragment both contain. Quotes are only compared within one
// speaker, so the cost is quadratic in a speaker's quotes, not the story's.
// Statements come by speaker, as quotes do, then by first appearance;
// occurrences earliest first. The result does not depend on input order.
func statements(arts []*parallax.StoredArticle, quotes []parallax.StoryQuote) []parallax.Statement {
	byID := make(map[string]*parallax.StoredArticle, len(arts))
	for _, a := range arts {
		byID[a.ID] = a
	}
	var speakers []string // speaker keys in order of first quote
	groups := map[string][]parallax.StoryQuote{}
	for _, q := range quotes {
		if byID[q.Article] == nil || (q.EntityID == "" && q.Speaker == "") {
			continue // an unknown speaker's words cannot be one person's statement
		}
		// A speaker the entity tagger missed has no id: its name is its key.
		key := cmp.Or(q.EntityID, "\x00"+q.Speaker)
		if groups[key] == nil {
			speakers = append(speakers, key)
		}
		groups[key] = append(groups[key], q)
	}
	model := paraphrase.Default()
	out := []parallax.Statement{}
	for _, key := range speakers {
		out = append(out, speakerStatements(model, byID, groups[key])...)
	}
	slices.SortFunc(out, func(x, y parallax.Statement) int {
		return cmp.Or(strings.Compare(x.Speaker, y.Speaker), strings.Compare(x.EntityID, y.EntityID),
			byOccurrence(byID, occurrenceQuote(x.Occurrences[0]), occurrenceQuote(y.Occurrences[0])))
	})
	return out
}

// relation is how two quotes of one speaker relate.
type relation int

const (
	unrelated relation = iota
	same               // one statement
	opposed            // the same words, but one denies what the other says
)

// speakerStatements partitions one speaker's quotes into statements. Quotes
// are linked earliest first, so when a fragment fits both a denial and an
// admission it joins the earlier of the two.
func speakerStatements(model *paraphrase.Model, byID map[string]*parallax.StoredArticle, qs []parallax.StoryQuote) []parallax.Statement {
	qs = slices.Clone(qs)
	slices.SortFunc(qs, func(x, y parallax.StoryQuote) int { return byOccurrence(byID, x, y) })
	parsed := make([]*paraphrase.Sentence, len(qs))
	for i, q := range qs {
		parsed[i] = paraphrase.Parse(q.Text)
	}
	parent := make([]int, len(qs))
	for i := range parent {
		parent[i] = i
	}
	var root func(int) int
	root = func(i int) int {
		if parent[i] != i {
			parent[i] = root(parent[i])
		}
		return parent[i]
	}
	var links, conflicts [][2]int
	for i := range qs {
		for j := i + 1; j < len(qs); j++ {
			switch relate(model, qs[i], qs[j], parsed[i], parsed[j]) {
			case same:
				links = append(links, [2]int{i, j})
			case opposed:
				conflicts = append(conflicts, [2]int{i, j})
			}
		}
	}
	for _, l := range links {
		ri, rj := root(l[0]), root(l[1])
		if ri != rj && !slices.ContainsFunc(conflicts, func(c [2]int) bool {
			ci, cj := root(c[0]), root(c[1])
			return ci == ri && cj == rj || ci == rj && cj == ri
		}) {
			// The root stays the group's earliest quote.
			parent[max(ri, rj)] = min(ri, rj)
		}
	}
	var out []parallax.Statement
	at := map[int]int{} // root → index in out
	for i, q := range qs {
		r := root(i)
		k, ok := at[r]
		if !ok {
			k = len(out)
			at[r] = k
			out = append(out, parallax.Statement{Speaker: q.Speaker, EntityID: q.EntityID, Text: q.Text})
		}
		a := byID[q.Article]
		out[k].Occurrences = append(out[k].Occurrences, parallax.StatementOccurrence{
			Article: q.Article, Outlet: a.Outlet, Published: a.Published, Text: q.Text, Start: q.Start, End: q.End,
			ToldTo: q.ToldTo, Via: q.Via,
		})
	}
	return out
}

// relate tells whether two quotes of one speaker are one statement.
func relate(model *paraphrase.Model, x, y parallax.StoryQuote, px, py *paraphrase.Sentence) relation {
	if x.Article == y.Article && (inside(x, y) || inside(y, x)) {
		return same // a fragment quoted again inside the sentence that carries it
	}
	short, long := px, py
	if short.Len() > long.Len() {
		short, long = long, short
	}
	switch {
	case short.Len() == 0:
		return unrelated
	case short.Norm() == long.Norm():
		return same // verbatim
	case short.Content() >= minContained && strings.Contains(long.Norm(), short.Norm()):
		// A trimmed excerpt, even one that leaves out a negation: the
		// words still come from that statement.
		return same
	case !model.SameParsed(px, py):
		return unrelated
	case short.Negated() != long.Negated():
		// A denial and an admission in otherwise the same words are two
		// statements, but the model scores them as near-copies: the
		// paraphrase corpus has almost no pair that differs by a negation
		// alone, and it counts rewordings such as "not addressing" / "failing
		// to address" as the same (vetoing them in the model costs about
		// 0.01 F1 there). For quotes the cautious answer is "different".
		return opposed
	}
	return same
}

// inside reports whether x's span lies within y's.
func inside(x, y parallax.StoryQuote) bool { return y.Start <= x.Start && x.End <= y.End }

// byOccurrence orders quotes as articles are ordered (published, else
// fetched, then id), then by position in the article, the longer span first.
func byOccurrence(byID map[string]*parallax.StoredArticle, x, y parallax.StoryQuote) int {
	return cmp.Or(byTime(byID[x.Article], byID[y.Article]), cmp.Compare(x.Start, y.Start), cmp.Compare(y.End, x.End))
}

// occurrenceQuote is the part of a quote an occurrence keeps, for ordering.
func occurrenceQuote(o parallax.StatementOccurrence) parallax.StoryQuote {
	return parallax.StoryQuote{Article: o.Article, Start: o.Start, End: o.End}
}
