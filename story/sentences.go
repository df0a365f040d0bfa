package story

import (
	"math"
	"slices"
	"strings"
	"sync"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/terms"
	"github.com/parallax-news/parallax/analyze/text"
)

// sentence is one sentence of a story's article, with the stemmed content
// words the timeline, claims and summary compare sentences by.
type sentence struct {
	art   *parallax.StoredArticle
	idx   int // position in the article's sentences
	para  int // index of the paragraph holding it
	span  parallax.Span
	words int                // word tokens
	terms map[string]float64 // stem → count
}

// text returns the sentence's words with whitespace collapsed.
func (s *sentence) text() string { return strings.Join(strings.Fields(s.span.In(s.art.Text)), " ") }

// corpus is the story's articles split into sentences, with document
// frequencies of stems over sentences: a word most sentences share ("said",
// the story's main name) weighs little when sentences are compared.
type corpus struct {
	arts  []*parallax.StoredArticle // oldest first
	byID  map[string]*parallax.StoredArticle
	sents map[string][]*sentence // article id → sentences in text order
	df    map[string]int
	n     int // sentences
}

// termBuilder is the term vector builder, built once: its stop lists are
// embedded, so failing to read them is a build mistake every test shows.
var termBuilder = sync.OnceValue(func() *terms.Builder {
	b, err := terms.New()
	if err != nil {
		panic("story: " + err.Error())
	}
	return b
})

// newCorpus splits every article into the sentences its analysis found
// (else its lines) and counts the stems of each. Linear in the story's text.
func newCorpus(arts []*parallax.StoredArticle) *corpus {
	c := &corpus{arts: slices.Clone(arts), byID: map[string]*parallax.StoredArticle{},
		sents: map[string][]*sentence{}, df: map[string]int{}}
	slices.SortStableFunc(c.arts, byTime)
	b := termBuilder()
	var toks []text.Token
	for _, a := range c.arts {
		c.byID[a.ID] = a
		var list []*sentence
		for _, sp := range articleSentences(a) {
			toks = text.Tokenize(a.Text, sp, toks[:0])
			s := &sentence{art: a, idx: len(list), span: sp, para: paragraphOf(a, sp.Start), terms: map[string]float64{}}
			for _, t := range toks {
				if t.Word {
					s.words++
				}
			}
			for _, t := range b.Vector(a.Text, toks, a.Language) {
				s.terms[t.Term] = t.Weight
				c.df[t.Term]++
			}
			c.n++
			list = append(list, s)
		}
		c.sents[a.ID] = list
	}
	return c
}

// articleSentences returns the article's sentence spans that lie in its
// text, in order; when the analysis has none, its non-blank lines.
func articleSentences(a *parallax.StoredArticle) []parallax.Span {
	var out []parallax.Span
	last := 0
	for _, s := range a.Analysis.Sentences {
		if s.Start >= last && s.Start < s.End && s.End <= len(a.Text) && strings.TrimSpace(s.In(a.Text)) != "" {
			out = append(out, s)
			last = s.End
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, p := range text.Paragraphs(a.Text) {
		if strings.TrimSpace(p.In(a.Text)) != "" {
			out = append(out, p)
		}
	}
	return out
}

// paragraphOf returns the index of the analysis paragraph holding pos, or
// -1 when the analysis has none there.
func paragraphOf(a *parallax.StoredArticle, pos int) int {
	for i, p := range a.Analysis.Paragraphs {
		if p.Start <= pos && pos < p.End {
			return i
		}
	}
	return -1
}

// at returns the sentence of article a holding byte pos, or nil.
func (c *corpus) at(a string, pos int) *sentence {
	ss := c.sents[a]
	i, _ := slices.BinarySearchFunc(ss, pos, func(s *sentence, pos int) int {
		switch {
		case s.span.End <= pos:
			return -1
		case s.span.Start > pos:
			return 1
		}
		return 0
	})
	if i < len(ss) && ss[i].span.Start <= pos && pos < ss[i].span.End {
		return ss[i]
	}
	return nil
}

// weight is the smoothed idf of a stem over the story's sentences, 1 +
// ln((n+1)/(df+1)): never below 1, because in a small story the word of
// its topic ("inspection") is in almost every sentence, and is still what
// two claims about it share.
func (c *corpus) weight(term string) float64 {
	return 1 + math.Log(float64(c.n+1)/float64(c.df[term]+1))
}

// vector is a bag of stems weighted by tf·idf, with its norm.
type vector struct {
	w    map[string]float64
	norm float64
}

// vec weighs a bag of stems by the story's idf.
func (c *corpus) vec(bag map[string]float64) vector {
	v := vector{w: make(map[string]float64, len(bag))}
	for t, n := range bag {
		x := n * c.weight(t)
		v.w[t] = x
		v.norm += x * x
	}
	v.norm = math.Sqrt(v.norm)
	return v
}

// cosine is the cosine similarity of two vectors; 0 when either is empty.
func cosine(a, b vector) float64 {
	if a.norm == 0 || b.norm == 0 {
		return 0
	}
	if len(a.w) > len(b.w) {
		a, b = b, a
	}
	dot := 0.0
	for t, x := range a.w {
		dot += x * b.w[t]
	}
	return dot / (a.norm * b.norm)
}

// bagOf returns the stems of text's span, counted.
func bagOf(s string, sp parallax.Span, lang string) map[string]float64 {
	toks := text.Tokenize(s, sp, nil)
	bag := map[string]float64{}
	for _, t := range termBuilder().Vector(s, toks, lang) {
		bag[t.Term] = t.Weight
	}
	return bag
}
