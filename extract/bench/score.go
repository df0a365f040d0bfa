// Package bench scores HTML main-text extractors on the article-extraction
// benchmark (github.com/scrapinghub/article-extraction-benchmark): pages as
// gzip-compressed HTML, a ground-truth article body for each, and the bodies
// other extractors found. It scores parallax's extractor, go-trafilatura (run
// here as a library) and every reference output with one scorer, so that all
// figures come from the same run. README.md says how each number is computed.
//
// The package is only for evaluation: nothing on the analysis path imports
// it, which keeps go-trafilatura out of the extractor's dependencies.
package bench

import (
	"slices"
	"strings"
	"unicode"
)

// ShingleSize is the number of consecutive tokens in a shingle, as in the
// benchmark's evaluate.py.
const ShingleSize = 4

// Tokenize splits text into the benchmark's tokens: maximal runs of word
// characters, as Python's re `\w+` finds them in Unicode mode — letters,
// numbers and the underscore. Everything else, punctuation included, only
// separates tokens ("don't" is "don", "t"), and case is kept: the benchmark
// does not lower-case, so "Trump" and "TRUMP" are different tokens.
func Tokenize(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return !isWordRune(r) })
}

// isWordRune is Python's str.isalnum() or "_", which is what `\w` matches.
// Combining marks (categories Mn, Mc) are not word characters there either.
func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// shingles counts the text's shingles: every run of ShingleSize consecutive
// tokens, with multiplicity. A text of 1 to ShingleSize-1 tokens is one
// shingle of all of them; a text without tokens has none.
func shingles(text string) map[string]int {
	toks := Tokenize(text)
	counts := make(map[string]int, len(toks))
	if len(toks) == 0 {
		return counts
	}
	// Tokens never hold a space, so joining with one keys a shingle exactly.
	for i := 0; i < max(1, len(toks)-ShingleSize+1); i++ {
		counts[strings.Join(toks[i:min(i+ShingleSize, len(toks))], " ")]++
	}
	return counts
}

// Counts are one page's shingle matches between the truth and a prediction:
// shingles in both (TP, counting each occurrence at most as often as it is in
// both), only in the prediction (FP), only in the truth (FN).
type Counts struct {
	TP, FP, FN int
	Exact      bool // the two token sequences are identical
}

// Match compares a predicted article body with the true one.
func Match(truth, pred string) Counts {
	t, p := shingles(truth), shingles(pred)
	var c Counts
	for k, tn := range t {
		pn := p[k]
		c.TP += min(tn, pn)
		c.FN += max(0, tn-pn)
	}
	for k, pn := range p {
		c.FP += max(0, pn-t[k])
	}
	c.Exact = slices.Equal(Tokenize(truth), Tokenize(pred))
	return c
}

// Precision is the share of the prediction's shingles found in the truth: 1
// when the two have the same shingles, 0 when nothing was predicted. The
// benchmark divides TP, FP and FN by their sum first so that long pages
// weigh no more than short ones in its bootstrap; a ratio is unchanged by it.
func (c Counts) Precision() float64 {
	switch {
	case c.FP == 0 && c.FN == 0:
		return 1
	case c.TP == 0 && c.FP == 0:
		return 0
	}
	return float64(c.TP) / float64(c.TP+c.FP)
}

// Recall is the share of the truth's shingles found in the prediction: 1 when
// the two have the same shingles, 0 when nothing true was found.
func (c Counts) Recall() float64 {
	switch {
	case c.FP == 0 && c.FN == 0:
		return 1
	case c.TP == 0 && c.FN == 0:
		return 0
	}
	return float64(c.TP) / float64(c.TP+c.FN)
}

// Scores are a system's figures over a set of pages.
type Scores struct {
	Precision float64 `json:"precision"` // mean over pages with a non-empty prediction
	Recall    float64 `json:"recall"`    // mean over pages with a non-empty truth
	F1        float64 `json:"f1"`        // harmonic mean of the two means, not a mean of per-page F1
	Accuracy  float64 `json:"accuracy"`  // share of pages whose token sequences are identical
	Documents int     `json:"documents"` // pages scored
}

// Aggregate computes Scores from each page's Counts the way evaluate.py
// does: precision is averaged over the pages where something was predicted
// (an empty prediction costs recall only), recall over the pages whose truth
// has tokens, and F1 is computed from the two averages.
func Aggregate(pages []Counts) Scores {
	var (
		s            = Scores{Documents: len(pages)}
		nP, nR, nAcc int
	)
	for _, c := range pages {
		if c.TP+c.FP > 0 {
			s.Precision += c.Precision()
			nP++
		}
		if c.TP+c.FN > 0 {
			s.Recall += c.Recall()
			nR++
		}
		if c.Exact {
			nAcc++
		}
	}
	if nP > 0 {
		s.Precision /= float64(nP)
	}
	if nR > 0 {
		s.Recall /= float64(nR)
	}
	if s.Precision+s.Recall > 0 {
		s.F1 = 2 * s.Precision * s.Recall / (s.Precision + s.Recall)
	}
	if len(pages) > 0 {
		s.Accuracy = float64(nAcc) / float64(len(pages))
	}
	return s
}
