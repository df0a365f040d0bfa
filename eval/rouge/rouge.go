// Package rouge computes ROUGE-N (Lin 2004) as ROUGE-1.5.5 computes it, so
// that parallax's summaries are scored on the same scale as published
// results. With DUC2004Options it reproduces every per-document figure of
// the official DUC 2004 task 2 run (`parallax eval rouge`; README.md says
// how every number is computed and how it was determined).
package rouge

import (
	"strings"
)

// Options are the ROUGE-1.5.5 settings that ROUGE-N depends on.
type Options struct {
	// MaxN is the highest n-gram order scored: ROUGE-1 … ROUGE-MaxN.
	MaxN int
	// Words keeps only the first Words words of every summary, peer and
	// model alike, a word being what whitespace separates in the text as
	// written ("long-elusive," is one word) — ROUGE's -l. 0 keeps all.
	Words int
	// Bytes keeps only the first Bytes bytes of every summary after Words
	// is applied, the text's runs of whitespace (newlines between sentences
	// included) counting as one space — ROUGE's -b. 0 keeps all. The DUC
	// 2004 figures were not made with it (README.md).
	Bytes int
	// Stem counts words by their stems (ROUGE's -m; see Stem).
	Stem bool
	// Alpha weighs precision against recall in F (ROUGE's -p):
	// F = P·R / ((1−α)·P + α·R); 0.5 is their harmonic mean.
	Alpha float64
}

// DUC2004Options are the settings the official DUC 2004 task 2 figures
// were computed with, as the per-document figures show: ROUGE-1 to 4,
// summaries cut at 100 words, Porter stemming, stop words kept, models
// pooled (ROUGE-1.5.5.pl -n 4 -l 100 -m -f A -p 0.5).
func DUC2004Options() Options {
	return Options{MaxN: 4, Words: 100, Stem: true, Alpha: 0.5}
}

// PRF is one ROUGE-N score.
type PRF struct {
	Recall    float64 `json:"recall"`
	Precision float64 `json:"precision"`
	F         float64 `json:"f"`
}

// Scores holds ROUGE-1 … ROUGE-MaxN: Scores[0] is ROUGE-1.
type Scores []PRF

// Score scores a peer (system) summary against model (reference)
// summaries. A summary is plain text; sentences may be on lines of their
// own or not, which changes nothing. With no models every score is zero.
func Score(peer string, models []string, opt Options) Scores {
	ms := make([][]string, len(models))
	for i, m := range models {
		ms[i] = Tokens(m, opt)
	}
	return ScoreTokens(Tokens(peer, opt), ms, opt)
}

// ScoreTokens is Score on summaries already turned into tokens by Tokens
// (so that models scored against many peers are tokenised once).
//
// For each n, the peer's n-grams are matched against each model's with
// clipped counts (an n-gram counts as often as it occurs in both, at
// most), and the models are pooled ("model average", ROUGE's -f A):
//
//	recall    = Σ_models hits / Σ_models model n-grams
//	precision = Σ_models hits / (number of models · peer n-grams)
//
// There is no jackknifing over the models: the official DUC 2004
// per-document figures are these pooled ones (README.md).
func ScoreTokens(peer []string, models [][]string, opt Options) Scores {
	out := make(Scores, max(opt.MaxN, 0))
	for n := 1; n <= opt.MaxN; n++ {
		pg, pTotal := ngrams(peer, n)
		var hits, mTotal, pAll int
		for _, m := range models {
			mg, total := ngrams(m, n)
			hits += overlap(pg, mg)
			mTotal += total
			pAll += pTotal
		}
		var s PRF
		if mTotal > 0 {
			s.Recall = float64(hits) / float64(mTotal)
		}
		if pAll > 0 {
			s.Precision = float64(hits) / float64(pAll)
		}
		s.F = fScore(s.Precision, s.Recall, opt.Alpha)
		out[n-1] = s
	}
	return out
}

// fScore is ROUGE's weighted harmonic mean; zero when either part is.
func fScore(p, r, alpha float64) float64 {
	if p <= 0 || r <= 0 {
		return 0
	}
	return p * r / ((1-alpha)*p + alpha*r)
}

// ngrams counts the n-grams of tokens and returns them with their total.
// Sentence boundaries are ignored: an n-gram may span two sentences, as in
// ROUGE.
func ngrams(tokens []string, n int) (map[string]int, int) {
	g := map[string]int{}
	total := 0
	for i := 0; i+n <= len(tokens); i++ {
		g[strings.Join(tokens[i:i+n], " ")]++
		total++
	}
	return g, total
}

// overlap is the clipped count of n-grams the peer shares with the model.
func overlap(peer, model map[string]int) int {
	hits := 0
	for g, m := range model {
		hits += min(m, peer[g])
	}
	return hits
}

// Tokens turns a summary into the tokens ROUGE counts: the text is cut to
// opt.Words words and then opt.Bytes bytes, lower-cased, every byte other
// than an ASCII letter or digit becomes a space (so "Hun Sen's" is "hun",
// "sen", "s", "U.S." is "u", "s" and "&AMP;" is "amp"), and with opt.Stem
// each token is replaced by Stem(token). A word cut by the limit is kept
// as cut, as ROUGE keeps it.
func Tokens(text string, opt Options) []string {
	words := strings.Fields(text)
	if opt.Words > 0 && len(words) > opt.Words {
		words = words[:opt.Words]
	}
	text = strings.Join(words, " ")
	if opt.Bytes > 0 && len(text) > opt.Bytes {
		text = text[:opt.Bytes]
	}
	b := []byte(text)
	for i, c := range b {
		switch {
		case c >= 'A' && c <= 'Z':
			b[i] = c + 'a' - 'A'
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		default:
			b[i] = ' '
		}
	}
	toks := strings.Fields(string(b))
	if opt.Stem {
		for i, t := range toks {
			toks[i] = Stem(t)
		}
	}
	return toks
}
