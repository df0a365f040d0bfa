package attribution

import (
	"sort"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax"
)

// FromQuotes turns a document's quotations into attributions. Quotations
// with the same source words and cue are one attribution with several
// content fragments (“…,” she said, “…”), and a quotation without a cue of
// its own joins the last attribution of its source words (“…,” she said.
// “…”), as the annotators mark them: each source word belongs to one
// attribution. Quotations with neither source words nor cue stand alone.
func FromQuotes(qs []parallax.Quote) []Attribution {
	type key struct{ source, cue parallax.Span }
	var out []Attribution
	byKey := map[key]int{}
	lastOfSource := map[parallax.Span]int{}
	for _, q := range qs {
		k := key{q.SpeakerSpan, q.Cue}
		i, ok := byKey[k]
		if !ok && q.Cue.IsZero() && !q.SpeakerSpan.IsZero() {
			i, ok = lastOfSource[q.SpeakerSpan]
		}
		if !ok || k == (key{}) {
			i = len(out)
			var a Attribution
			if !q.SpeakerSpan.IsZero() {
				a.Source = []parallax.Span{q.SpeakerSpan}
			}
			out = append(out, a)
			if k != (key{}) {
				byKey[k] = i
			}
		}
		if !q.SpeakerSpan.IsZero() {
			lastOfSource[q.SpeakerSpan] = i
		}
		a := &out[i]
		if !q.Cue.IsZero() && !containsSpan(a.Cue, q.Cue) {
			a.Cue = append(a.Cue, q.Cue)
		}
		if !q.Content.IsZero() {
			a.Content = append(a.Content, q.Content)
		}
	}
	for i := range out {
		out[i].Cue, out[i].Content = union(out[i].Cue), union(out[i].Content)
	}
	return out
}

func containsSpan(list []parallax.Span, s parallax.Span) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// union sorts fragments and merges those that overlap, so that a quotation
// inside the indirect one that holds it adds no bytes twice.
func union(s []parallax.Span) []parallax.Span {
	s = sortSpans(s)
	out := s[:0]
	for _, x := range s {
		if n := len(out); n > 0 && x.Start < out[n-1].End {
			out[n-1].End = max(out[n-1].End, x.End)
			continue
		}
		out = append(out, x)
	}
	return out
}

// Counts are the tallies of one or more scored documents; Report turns them
// into precision, recall and F1.
type Counts struct {
	Documents int `json:"documents"`
	// Attributions, and those with a source, a cue, a content.
	Gold          int `json:"gold"`
	Predicted     int `json:"predicted"`
	GoldSource    int `json:"gold_source"`
	PredSource    int `json:"predicted_source"`
	GoldCue       int `json:"gold_cue"`
	PredCue       int `json:"predicted_cue"`
	GoldContent   int `json:"gold_content"`
	PredContent   int `json:"predicted_content"`
	Aligned       int `json:"aligned"` // gold–predicted pairs the alignment made
	Correct       int `json:"correct"` // aligned pairs with overlapping contents and the same source
	SourceExact   int `json:"source_exact"`
	SourceOverlap int `json:"source_overlap"`
	CueExact      int `json:"cue_exact"`
	ContentExact  int `json:"content_exact"`
	// ContentOverlap counts aligned pairs whose contents overlap; the
	// Bytes fields add up the overlapping and the total content bytes.
	ContentOverlap   int `json:"content_overlap"`
	OverlapBytes     int `json:"content_overlap_bytes"`
	GoldContentBytes int `json:"gold_content_bytes"`
	PredContentBytes int `json:"predicted_content_bytes"`
}

// Add adds the tallies of o to c.
func (c *Counts) Add(o Counts) {
	c.Documents += o.Documents
	c.Gold += o.Gold
	c.Predicted += o.Predicted
	c.GoldSource += o.GoldSource
	c.PredSource += o.PredSource
	c.GoldCue += o.GoldCue
	c.PredCue += o.PredCue
	c.GoldContent += o.GoldContent
	c.PredContent += o.PredContent
	c.Aligned += o.Aligned
	c.Correct += o.Correct
	c.SourceExact += o.SourceExact
	c.SourceOverlap += o.SourceOverlap
	c.CueExact += o.CueExact
	c.ContentExact += o.ContentExact
	c.ContentOverlap += o.ContentOverlap
	c.OverlapBytes += o.OverlapBytes
	c.GoldContentBytes += o.GoldContentBytes
	c.PredContentBytes += o.PredContentBytes
}

// Report is the scores of Counts, each in [0, 1]; README.md defines them.
type Report struct {
	Precision        float64 `json:"precision"`
	Recall           float64 `json:"recall"`
	F1               float64 `json:"f1"`
	SourceF1         float64 `json:"source_f1"`
	SourceOverlapF1  float64 `json:"source_overlap_f1"`
	CueF1            float64 `json:"cue_f1"`
	ContentF1        float64 `json:"content_f1"`
	ContentOverlapF1 float64 `json:"content_overlap_f1"`
	// ContentBytesF1 is the proportional measure of BBC Citron: overlapping
	// content bytes over predicted (precision) and gold (recall) bytes.
	ContentBytesF1 float64 `json:"content_bytes_f1"`
	SourceP        float64 `json:"source_precision"`
	SourceR        float64 `json:"source_recall"`
	ContentP       float64 `json:"content_overlap_precision"`
	ContentR       float64 `json:"content_overlap_recall"`
	Counts
}

// Report computes the scores.
func (c Counts) Report() Report {
	r := Report{Counts: c}
	r.Precision, r.Recall, r.F1 = prf(c.Correct, c.Predicted, c.Gold)
	r.SourceP, r.SourceR, r.SourceF1 = prf(c.SourceExact, c.PredSource, c.GoldSource)
	_, _, r.SourceOverlapF1 = prf(c.SourceOverlap, c.PredSource, c.GoldSource)
	_, _, r.CueF1 = prf(c.CueExact, c.PredCue, c.GoldCue)
	_, _, r.ContentF1 = prf(c.ContentExact, c.PredContent, c.GoldContent)
	r.ContentP, r.ContentR, r.ContentOverlapF1 = prf(c.ContentOverlap, c.PredContent, c.GoldContent)
	_, _, r.ContentBytesF1 = prf(c.OverlapBytes, c.PredContentBytes, c.GoldContentBytes)
	return r
}

// prf returns precision, recall and F1 for tp true positives among pred
// predictions and gold labels; an empty denominator scores 0.
func prf(tp, pred, gold int) (p, r, f float64) {
	if pred > 0 {
		p = float64(tp) / float64(pred)
	}
	if gold > 0 {
		r = float64(tp) / float64(gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// Score compares the predicted attributions of text with the gold ones.
//
// Every fragment is first trimmed of spaces, punctuation and quotation marks
// at both ends, so that “…,” and … are the same words. Then each gold
// attribution is paired with at most one predicted attribution and the other
// way round: candidate pairs are those whose contents or cues overlap, taken
// greedily by the bytes they share in all three roles (most first; ties by
// position). A role matches exactly when both sides have the same fragments,
// and overlaps when some fragment of one shares a byte with some fragment
// of the other.
func Score(text string, gold, pred []Attribution) Counts {
	g := make([]Attribution, len(gold))
	for i, a := range gold {
		g[i] = trimAll(text, a)
	}
	p := make([]Attribution, len(pred))
	for i, a := range pred {
		p[i] = trimAll(text, a)
	}
	c := Counts{Documents: 1, Gold: len(g), Predicted: len(p)}
	for _, a := range g {
		c.GoldSource += b2i(len(a.Source) > 0)
		c.GoldCue += b2i(len(a.Cue) > 0)
		c.GoldContent += b2i(len(a.Content) > 0)
		c.GoldContentBytes += length(a.Content)
	}
	for _, a := range p {
		c.PredSource += b2i(len(a.Source) > 0)
		c.PredCue += b2i(len(a.Cue) > 0)
		c.PredContent += b2i(len(a.Content) > 0)
		c.PredContentBytes += length(a.Content)
	}
	type cand struct{ gi, pi, weight int }
	var cands []cand
	for gi, ga := range g {
		for pi, pa := range p {
			content, cue := overlap(ga.Content, pa.Content), overlap(ga.Cue, pa.Cue)
			if content == 0 && cue == 0 {
				continue
			}
			cands = append(cands, cand{gi, pi, content + cue + overlap(ga.Source, pa.Source)})
		}
	}
	sort.Slice(cands, func(i, j int) bool {
		a, b := cands[i], cands[j]
		if a.weight != b.weight {
			return a.weight > b.weight
		}
		if a.gi != b.gi {
			return a.gi < b.gi
		}
		return a.pi < b.pi
	})
	gUsed, pUsed := make([]bool, len(g)), make([]bool, len(p))
	for _, cd := range cands {
		if gUsed[cd.gi] || pUsed[cd.pi] {
			continue
		}
		gUsed[cd.gi], pUsed[cd.pi] = true, true
		ga, pa := g[cd.gi], p[cd.pi]
		c.Aligned++
		sourceExact := len(ga.Source) > 0 && equal(ga.Source, pa.Source)
		c.SourceExact += b2i(sourceExact)
		c.SourceOverlap += b2i(overlap(ga.Source, pa.Source) > 0)
		c.CueExact += b2i(len(ga.Cue) > 0 && equal(ga.Cue, pa.Cue))
		c.ContentExact += b2i(len(ga.Content) > 0 && equal(ga.Content, pa.Content))
		o := overlap(ga.Content, pa.Content)
		c.OverlapBytes += o
		c.ContentOverlap += b2i(o > 0)
		sameSource := sourceExact || len(ga.Source) == 0 && len(pa.Source) == 0
		c.Correct += b2i(o > 0 && sameSource)
	}
	return c
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func trimAll(text string, a Attribution) Attribution {
	return Attribution{Source: trim(text, a.Source), Cue: trim(text, a.Cue), Content: trim(text, a.Content)}
}

// trim cuts spaces, punctuation and quotation marks from both ends of each
// fragment and drops fragments left empty.
func trim(text string, spans []parallax.Span) []parallax.Span {
	var out []parallax.Span
	for _, s := range spans {
		if s.Start < 0 || s.End > len(text) || s.Start >= s.End {
			continue
		}
		for s.Start < s.End {
			r, n := utf8.DecodeRuneInString(text[s.Start:s.End])
			if !edge(r) {
				break
			}
			s.Start += n
		}
		for s.End > s.Start {
			r, n := utf8.DecodeLastRuneInString(text[s.Start:s.End])
			if !edge(r) {
				break
			}
			s.End -= n
		}
		if s.End > s.Start {
			out = append(out, s)
		}
	}
	return union(out)
}

func edge(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsPunct(r) || r == utf8.RuneError
}

// equal reports whether two sorted fragment lists are the same.
func equal(a, b []parallax.Span) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// overlap returns the number of bytes two fragment lists share.
func overlap(a, b []parallax.Span) int {
	n := 0
	for _, x := range a {
		for _, y := range b {
			if lo, hi := max(x.Start, y.Start), min(x.End, y.End); hi > lo {
				n += hi - lo
			}
		}
	}
	return n
}

func length(spans []parallax.Span) int {
	n := 0
	for _, s := range spans {
		n += s.Len()
	}
	return n
}
