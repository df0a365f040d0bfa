package quote

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/text"
)

// BenchmarkFind measures the finder alone on the reference articles, or on
// an invented paragraph when they are absent.
func BenchmarkFind(b *testing.B) {
	f, err := New(stubLexicon{})
	if err != nil {
		b.Fatal(err)
	}
	seg, err := text.New()
	if err != nil {
		b.Fatal(err)
	}
	texts := []string{"“We have no plans,” Deputy Minister Ivan Sokolov told Radio Meridian, according to the Harbour Times. The ministry later said it would review the decision."}
	if files, _ := filepath.Glob("../../../shared/corpus/seeds/*.txt"); len(files) > 0 {
		texts = texts[:0]
		for _, name := range files {
			raw, err := os.ReadFile(name)
			if err != nil {
				b.Fatal(err)
			}
			texts = append(texts, string(raw))
		}
	}
	type input struct {
		s            string
		paras, sents []parallax.Span
		toks         []text.Token
	}
	var in []input
	bytes := 0
	for _, s := range texts {
		x := input{s: s, paras: text.Paragraphs(s)}
		for _, p := range x.paras {
			a := len(x.toks)
			x.toks = text.Tokenize(s, p, x.toks)
			x.sents = append(x.sents, seg.Sentences(s, p, x.toks[a:])...)
		}
		in = append(in, x)
		bytes += len(s)
	}
	b.SetBytes(int64(bytes / len(in)))
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		x := in[n%len(in)]
		f.Find(x.s, x.paras, x.sents, x.toks, nil)
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
}

type stubLexicon struct{}

func (stubLexicon) Gender(string) byte   { return 0 }
func (stubLexicon) IsRole(w string) bool { return w == "spokeswoman" || w == "minister" }
