package http

import (
	"cmp"
	"slices"
	"strconv"
	"unicode/utf8"

	parallax "github.com/parallax-news/parallax"
)

// The article page shows the text as paragraphs with entity mentions and
// quotes marked. Spans come from the analysis and may overlap, nest, cross
// paragraphs or even fall inside a UTF-8 sequence, so the text is cut at
// every span edge into pieces, each piece is given at most one quote and one
// mention (the innermost), and pieces are regrouped: paragraph → quote run →
// part. The text itself is only ever cut, never changed, so concatenating all
// pieces and separators gives back the article text exactly; html/template
// escapes each piece.

// articleText is an article's text laid out for the page.
type articleText struct {
	Lead       string // whitespace before the first paragraph
	Paragraphs []paragraph
}

// paragraph is one paragraph and the whitespace that separates it from the
// next; the separator is kept so the page text equals the article text.
type paragraph struct {
	Runs  []run
	After string
}

// run is a stretch of a paragraph inside one quote, or outside any quote.
type run struct {
	Quote *quoteMark // nil outside quotes
	Parts []part
	quote int // index in Analysis.Quotes, -1 outside quotes
}

// part is a stretch of text inside one entity mention, or outside any.
type part struct {
	Text    string
	Entity  *entityMark // nil outside mentions
	mention int         // index in Analysis.Mentions, -1 outside mentions
}

// quoteMark describes a highlighted quote. ID ("q-3", the quote's index in
// Analysis.Quotes) is set on the first piece of each quote only, so the
// story page can link to it and ids stay unique.
type quoteMark struct {
	ID      string
	Speaker string
}

// entityMark describes a highlighted mention.
type entityMark struct {
	Name string
	Kind string
}

// hlSpan is a normalised span to highlight.
type hlSpan struct {
	start, end int
	idx        int // index in Mentions or Quotes
}

// quoteAnchor returns the page anchor of quote i of an article.
func quoteAnchor(i int) string { return "q-" + strconv.Itoa(i) }

// layoutText lays out text with the mentions and quotes of an analysis.
func layoutText(text string, an parallax.Analysis) articleText {
	n := len(text)
	var ments, quotes []hlSpan
	for i, m := range an.Mentions {
		if s, e, ok := alignSpan(text, m.Start, m.End); ok {
			ments = append(ments, hlSpan{s, e, i})
		}
	}
	for i, q := range an.Quotes {
		if s, e, ok := alignSpan(text, q.Content.Start, q.Content.End); ok {
			quotes = append(quotes, hlSpan{s, e, i})
		}
	}

	lead, paras := splitParagraphs(text)
	cuts := []int{0, n}
	for _, p := range paras {
		cuts = append(cuts, p.start, p.end)
	}
	for _, sp := range append(slices.Clone(ments), quotes...) {
		cuts = append(cuts, sp.start, sp.end)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)

	out := articleText{Lead: text[:lead]}
	mentSweep := newSweep(ments)
	quoteSweep := newSweep(quotes)
	anchored := map[int]bool{}
	pi := 0 // current paragraph
	var cur paragraph
	for k := 0; k+1 < len(cuts); k++ {
		a, b := cuts[k], cuts[k+1]
		if a < lead {
			continue
		}
		for pi < len(paras) && a >= paras[pi].after {
			out.Paragraphs = append(out.Paragraphs, cur)
			cur = paragraph{}
			pi++
		}
		if pi == len(paras) {
			break
		}
		mi := mentSweep.at(a)
		qi := quoteSweep.at(a)
		if a >= paras[pi].end { // in the separator after the paragraph: no marks
			cur.After += text[a:b]
			continue
		}
		var qm *quoteMark
		if qi >= 0 {
			q := an.Quotes[qi]
			qm = &quoteMark{Speaker: q.Speaker}
			if !anchored[qi] {
				anchored[qi] = true
				qm.ID = quoteAnchor(qi)
			}
		}
		var em *entityMark
		if mi >= 0 {
			m := an.Mentions[mi]
			em = &entityMark{Name: m.Name, Kind: string(m.Kind)}
		}
		cur.add(qi, qm, mi, em, text[a:b])
	}
	if pi < len(paras) {
		out.Paragraphs = append(out.Paragraphs, cur)
	}
	return out
}

// add appends a piece to the paragraph, extending the last run and part
// when the piece has the same quote and mention, so a quote with a name in
// it becomes one run of three parts rather than three runs. qi and mi are
// the quote and mention indexes, -1 for none.
func (p *paragraph) add(qi int, qm *quoteMark, mi int, em *entityMark, s string) {
	if len(p.Runs) == 0 || p.Runs[len(p.Runs)-1].quote != qi {
		p.Runs = append(p.Runs, run{Quote: qm, quote: qi})
	}
	r := &p.Runs[len(p.Runs)-1]
	if len(r.Parts) > 0 && r.Parts[len(r.Parts)-1].mention == mi {
		r.Parts[len(r.Parts)-1].Text += s
		return
	}
	r.Parts = append(r.Parts, part{Text: s, Entity: em, mention: mi})
}

// splitParagraphs finds paragraphs: text between runs of ASCII whitespace
// that hold a newline (Document.Text separates paragraphs by newlines). It
// returns the length of the leading whitespace and the paragraphs; each
// paragraph's separator runs from end to after.
func splitParagraphs(text string) (lead int, paras []para) {
	n := len(text)
	i := 0
	for i < n && isSpace(text[i]) {
		i++
	}
	lead = i
	for i < n {
		start := i
		j := start
		for j < n && text[j] != '\n' {
			j++
		}
		end := j
		for end > start && isSpace(text[end-1]) {
			end--
		}
		for j < n && isSpace(text[j]) {
			j++
		}
		paras = append(paras, para{start: start, end: end, after: j})
		i = j
	}
	return lead, paras
}

// para is a paragraph's byte range [start, end) and the end of its separator.
type para struct{ start, end, after int }

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v'
}

// alignSpan clamps a span to text and widens it to whole UTF-8 characters,
// so a bad offset can neither panic nor split a character. ok is false for
// spans that end up empty.
func alignSpan(text string, start, end int) (s, e int, ok bool) {
	n := len(text)
	s = min(max(start, 0), n)
	e = min(max(end, 0), n)
	for s > 0 && s < n && !utf8.RuneStart(text[s]) {
		s--
	}
	for e < n && e > 0 && !utf8.RuneStart(text[e]) {
		e++
	}
	return s, e, s < e
}

// sweep answers "which span covers offset a" for increasing a, choosing the
// innermost (shortest, then first) of the spans that cover it.
type sweep struct {
	spans  []hlSpan // sorted by start
	next   int
	active []hlSpan
}

func newSweep(spans []hlSpan) *sweep {
	spans = slices.Clone(spans)
	slices.SortStableFunc(spans, func(x, y hlSpan) int { return cmp.Compare(x.start, y.start) })
	return &sweep{spans: spans}
}

// at returns the index of the innermost span covering a, or -1. Calls must
// come with non-decreasing a.
func (w *sweep) at(a int) int {
	for w.next < len(w.spans) && w.spans[w.next].start <= a {
		w.active = append(w.active, w.spans[w.next])
		w.next++
	}
	w.active = slices.DeleteFunc(w.active, func(s hlSpan) bool { return s.end <= a })
	best := -1
	bestLen := 0
	for _, s := range w.active {
		l := s.end - s.start
		if best < 0 || l < bestLen || (l == bestLen && s.idx < best) {
			best, bestLen = s.idx, l
		}
	}
	return best
}

// snippetPiece is a piece of a search snippet, marked when it matched.
type snippetPiece struct {
	Text string
	Mark bool
}

// snippetPieces cuts a snippet at its marks. Overlapping marks merge; bad
// offsets are clamped and widened to whole characters.
func snippetPieces(snippet string, marks []parallax.Span) []snippetPiece {
	var spans []hlSpan
	for _, m := range marks {
		if s, e, ok := alignSpan(snippet, m.Start, m.End); ok {
			spans = append(spans, hlSpan{start: s, end: e})
		}
	}
	slices.SortFunc(spans, func(x, y hlSpan) int { return cmp.Compare(x.start, y.start) })
	var out []snippetPiece
	pos := 0
	for _, sp := range spans {
		if sp.end <= pos {
			continue
		}
		if sp.start < pos { // overlaps the previous mark: extend it
			out[len(out)-1].Text += snippet[pos:sp.end]
			pos = sp.end
			continue
		}
		if sp.start > pos {
			out = append(out, snippetPiece{Text: snippet[pos:sp.start]})
		}
		out = append(out, snippetPiece{Text: snippet[sp.start:sp.end], Mark: true})
		pos = sp.end
	}
	if pos < len(snippet) {
		out = append(out, snippetPiece{Text: snippet[pos:]})
	}
	return out
}
