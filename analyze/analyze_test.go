package analyze

import (
	"testing"
	"unicode/utf8"

	"github.com/parallax-news/parallax"
)

func newPipeline(tb testing.TB) *Pipeline {
	tb.Helper()
	p, err := New()
	if err != nil {
		tb.Fatal(err)
	}
	return p
}

// boundaries returns the rune start offsets of s as Go's range loop sees them
// (an invalid byte counts as one rune), plus len(s).
func boundaries(s string) map[int]bool {
	b := make(map[int]bool, len(s)+1)
	for i := range s {
		b[i] = true
	}
	b[len(s)] = true
	return b
}

// checkInvariants checks what the Pipeline promises about every span.
func checkInvariants(tb testing.TB, s string, a parallax.Analysis) {
	tb.Helper()
	bounds := boundaries(s)
	span := func(what string, sp parallax.Span) {
		tb.Helper()
		if sp.Start < 0 || sp.End > len(s) || sp.Start > sp.End {
			tb.Fatalf("%s span %v out of bounds (len %d)", what, sp, len(s))
		}
		if !bounds[sp.Start] || !bounds[sp.End] {
			tb.Fatalf("%s span %v not on rune boundaries", what, sp)
		}
	}
	sorted := func(what string, spans []parallax.Span) {
		tb.Helper()
		for i, sp := range spans {
			span(what, sp)
			if sp.Len() == 0 {
				tb.Fatalf("%s span %v empty", what, sp)
			}
			if i > 0 && spans[i-1].End > sp.Start {
				tb.Fatalf("%s spans %v and %v overlap or are unsorted", what, spans[i-1], sp)
			}
		}
	}
	sorted("paragraph", a.Paragraphs)
	sorted("sentence", a.Sentences)
	p := 0
	for _, sn := range a.Sentences {
		for p < len(a.Paragraphs) && a.Paragraphs[p].End < sn.End {
			p++
		}
		if p >= len(a.Paragraphs) || sn.Start < a.Paragraphs[p].Start || sn.End > a.Paragraphs[p].End {
			tb.Fatalf("sentence %v is not inside a paragraph", sn)
		}
	}
	ms := make([]parallax.Span, len(a.Mentions))
	for i, m := range a.Mentions {
		ms[i] = m.Span
		if m.Name == "" || m.Kind == "" {
			tb.Fatalf("mention %+v without name or kind", m)
		}
	}
	sorted("mention", ms)
	for i, q := range a.Quotes {
		span("quote content", q.Content)
		span("quote speaker", q.SpeakerSpan)
		span("quote cue", q.Cue)
		for _, r := range append(q.ToldTo[:len(q.ToldTo):len(q.ToldTo)], q.Via...) {
			span("quote relay", r.Span)
			if r.Name == "" {
				tb.Fatalf("quote relay %+v without a name", r)
			}
		}
		if q.Content.Len() == 0 {
			tb.Fatalf("quote %+v has empty content", q)
		}
		if i > 0 && a.Quotes[i-1].Content.Start > q.Content.Start {
			tb.Fatalf("quotes unsorted at %d", i)
		}
	}
	for i, t := range a.Terms {
		if t.Term == "" || t.Weight <= 0 || !utf8.ValidString(t.Term) && utf8.ValidString(s) {
			tb.Fatalf("bad term %+v", t)
		}
		if i > 0 && a.Terms[i-1].Term >= t.Term {
			tb.Fatalf("terms unsorted or repeated at %q", t.Term)
		}
	}
	if a.MinHash != nil && len(a.MinHash) != 128 {
		tb.Fatalf("minhash has %d values", len(a.MinHash))
	}
}
