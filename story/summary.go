package story

import (
	"cmp"
	"math"
	"slices"

	parallax "github.com/parallax-news/parallax"
)

// SummarySentences is how many sentences a story's summary has unless
// Compose is given WithSummarySentences.
const SummarySentences = 5

// Summary selection parameters.
const (
	// perArticle bounds the sentences of one article that may be chosen:
	// news puts what matters first, and it keeps selection linear in the
	// number of articles however long each is.
	perArticle = 30
	// minWords and maxWords bound a summary sentence: shorter ones are
	// datelines, headers and mastheads; longer ones run-ons.
	minWords, maxWords = 8, 60
	// mmrLambda weighs centrality against novelty (maximal marginal relevance).
	mmrLambda = 0.7
	// redundant is the cosine above which a sentence repeats one chosen.
	redundant = 0.5
	// sameSentence is the cosine above which a sentence of another article
	// says the same as a chosen one, and is cited with it.
	sameSentence = 0.5
)

// Option configures Compose.
type Option func(*options)

type options struct{ summary int }

// WithSummarySentences sets the number of sentences of the summary (at
// least one).
func WithSummarySentences(n int) Option { return func(o *options) { o.summary = max(1, n) } }

// faces composes the views of a story that read across its articles'
// sentences: the timeline, the claims with their contradictions, and the
// cited summary, which covers the main contradiction.
func faces(view *parallax.StoryView, arts []*parallax.StoredArticle, ents *entities, opts []Option) {
	o := options{summary: SummarySentences}
	for _, opt := range opts {
		opt(&o)
	}
	c := newCorpus(arts)
	view.Timeline = timeline(c, ents, view.Statements)
	cs := claims(c, ents, view.Statements)
	view.Contradictions = contradictions(c, cs)
	view.Claims = claimList(cs)
	view.Summary = summary(c, cs, view.Contradictions, view.Statements, o.summary)
}

// candidate is a sentence that may enter the summary.
type candidate struct {
	s     *sentence
	vec   vector
	score float64
}

// summary picks an extractive summary of about n sentences. Candidates are
// the first perArticle sentences of each article that is not a copy,
// scored by their similarity to the story's centroid (what most articles
// say), with a bonus for a sentence carrying a claim that independent
// outlets corroborate and for the lead. The main contradiction's sides come
// first — one asserting and one denying sentence — then maximal marginal
// relevance fills the rest, skipping near-repeats. Every sentence is cited
// with all the articles that say the same (near-duplicate sentences, other
// tellings of its statement), and the summary reads in story order.
func summary(c *corpus, cs []*claim, contra []parallax.Contradiction, statements []parallax.Statement, n int) []parallax.SummarySentence {
	var cands []*candidate
	centroid := map[string]float64{}
	for _, a := range c.arts {
		if a.DuplicateOf != "" {
			continue
		}
		for _, s := range c.sents[a.ID] {
			if s.idx >= perArticle {
				break
			}
			if s.words < minWords || s.words > maxWords || s.text() == a.Title {
				continue
			}
			v := c.vec(s.terms)
			if v.norm == 0 {
				continue
			}
			for t, x := range v.w {
				centroid[t] += x / v.norm
			}
			cands = append(cands, &candidate{s: s, vec: v})
		}
	}
	if len(cands) == 0 {
		return []parallax.SummarySentence{}
	}
	cv := vector{w: centroid}
	for _, x := range centroid {
		cv.norm += x * x
	}
	cv.norm = math.Sqrt(cv.norm)
	claimAt := map[*sentence][]*claim{}
	for _, cl := range cs {
		claimAt[cl.sent] = append(claimAt[cl.sent], cl)
	}
	for _, cd := range cands {
		cd.score = cosine(cd.vec, cv)
		best := 0
		for _, cl := range claimAt[cd.s] {
			best = max(best, len(cl.CorroboratedBy))
		}
		cd.score += 0.05 * float64(min(best, 3))
		if cd.s.idx < leadSentences {
			cd.score += 0.05
		}
	}
	var chosen []*candidate
	take := func(cd *candidate) {
		if cd != nil && !slices.Contains(chosen, cd) && len(chosen) < n {
			chosen = append(chosen, cd)
		}
	}
	// The main contradiction: the best-scored sentence of each of its
	// first two stances (an assertion and its denial).
	if len(contra) > 0 {
		for _, stance := range []string{parallax.Asserts, parallax.Denies, parallax.WalksBack} {
			var best *candidate
			for _, cd := range cands {
				for _, sd := range contra[0].Sides {
					if sd.Stance == stance && sd.Article == cd.s.art.ID && cd.s.span.Start <= sd.Start && sd.Start < cd.s.span.End {
						if best == nil || cd.score > best.score {
							best = cd
						}
					}
				}
			}
			if len(chosen) < 2 {
				take(best)
			}
		}
	}
	for len(chosen) < n {
		var best *candidate
		bestMMR := 0.0
		for _, cd := range cands {
			if slices.Contains(chosen, cd) {
				continue
			}
			sim := 0.0
			for _, ch := range chosen {
				sim = max(sim, cosine(cd.vec, ch.vec))
			}
			if sim >= redundant {
				continue
			}
			if m := mmrLambda*cd.score - (1-mmrLambda)*sim; best == nil || m > bestMMR {
				best, bestMMR = cd, m
			}
		}
		if best == nil {
			break
		}
		take(best)
	}
	slices.SortFunc(chosen, func(x, y *candidate) int {
		return cmp.Or(byTime(x.s.art, y.s.art), cmp.Compare(x.s.span.Start, y.s.span.Start))
	})
	out := make([]parallax.SummarySentence, 0, len(chosen))
	for _, cd := range chosen {
		out = append(out, parallax.SummarySentence{Text: cd.s.text(), Citations: citations(c, cd, statements)})
	}
	return out
}

// citations lists the spans that say what a chosen sentence says: the
// sentence itself, each other article's most similar sentence when it is
// near enough (copies included, so the reader sees every outlet), and the
// sentences carrying another telling of a statement quoted in it. One
// citation per article, earliest article first.
func citations(c *corpus, cd *candidate, statements []parallax.Statement) []parallax.Citation {
	cite := map[string]*sentence{cd.s.art.ID: cd.s}
	for _, a := range c.arts {
		if a == cd.s.art {
			continue
		}
		best, bestSim := (*sentence)(nil), sameSentence
		for _, s := range c.sents[a.ID] {
			if sim := cosine(cd.vec, c.vec(s.terms)); sim >= bestSim {
				best, bestSim = s, sim
			}
		}
		if best != nil {
			cite[a.ID] = best
		}
	}
	for _, st := range statements {
		if !slices.ContainsFunc(st.Occurrences, func(o parallax.StatementOccurrence) bool {
			return o.Article == cd.s.art.ID && cd.s.span.Start <= o.Start && o.Start < cd.s.span.End
		}) {
			continue
		}
		for _, o := range st.Occurrences {
			if _, ok := cite[o.Article]; !ok {
				if s := c.at(o.Article, o.Start); s != nil {
					cite[o.Article] = s
				}
			}
		}
	}
	out := make([]parallax.Citation, 0, len(cite))
	for _, s := range cite {
		out = append(out, parallax.Citation{Article: s.art.ID, Outlet: s.art.Outlet, Start: s.span.Start, End: s.span.End})
	}
	slices.SortFunc(out, func(x, y parallax.Citation) int {
		if x.Article == cd.s.art.ID || y.Article == cd.s.art.ID {
			return cmpBool(y.Article == cd.s.art.ID, x.Article == cd.s.art.ID)
		}
		return byTime(c.byID[x.Article], c.byID[y.Article])
	})
	return out
}
