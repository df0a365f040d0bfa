// Package analyze turns a Document into an Analysis: the annotators and the
// one Pipeline that orders them. Every annotation is a byte span into
// Document.Text.
package analyze

import (
	"fmt"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/entity"
	"github.com/parallax-news/parallax/analyze/fingerprint"
	"github.com/parallax-news/parallax/analyze/lang"
	"github.com/parallax-news/parallax/analyze/quote"
	"github.com/parallax-news/parallax/analyze/terms"
	"github.com/parallax-news/parallax/analyze/text"
)

// Version identifies the rule and word-list set; it is stored with analyses
// so that a later version can tell which ones to redo. "ner-1": entity
// mentions come from the trained tagger of analyze/ner (model 74e74e9ecdfc,
// which entity.Version also names), refined by the word lists.
const Version = "ner-1"

// Pipeline runs the annotators in a fixed order over a Document:
//
//  1. text: paragraphs (non-blank lines), then sentences inside each
//     paragraph, then tokens. Sentences never cross a paragraph; tokens never
//     cross a sentence boundary.
//  2. lang: the Document's language if set, else detected ("" if unsure).
//  3. entity: mentions, from the tokens and sentences. Non-overlapping.
//  4. quote: quotations with their relay chains, from the tokens, sentences
//     and mentions (speakers and outlets are named by mentions, so entities
//     come first).
//  5. terms: the term vector, from the tokens and the language.
//  6. fingerprint: the MinHash of the whole text.
//
// All spans in the result are within Document.Text, start on rune
// boundaries and are sorted by Start. A Pipeline is built once (it parses its
// embedded word lists in New), is read-only afterwards and is safe for
// concurrent use.
type Pipeline struct {
	seg    *text.Segmenter
	tagger *entity.Tagger
	quotes *quote.Finder
	terms  *terms.Builder
	hasher *fingerprint.Hasher
}

// New builds a Pipeline from the embedded data files.
func New() (*Pipeline, error) {
	seg, err := text.New()
	if err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	tagger, err := entity.New()
	if err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	quotes, err := quote.New(tagger)
	if err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	tb, err := terms.New()
	if err != nil {
		return nil, fmt.Errorf("analyze: %w", err)
	}
	return &Pipeline{seg: seg, tagger: tagger, quotes: quotes, terms: tb, hasher: fingerprint.New()}, nil
}

// Analyze returns the analysis of doc; all spans are byte offsets into
// doc.Text. It never panics on any input; a nil doc gives an empty Analysis.
func (p *Pipeline) Analyze(doc *parallax.Document) parallax.Analysis {
	var a parallax.Analysis
	if doc == nil {
		return a
	}
	s := doc.Text
	a.Paragraphs = text.Paragraphs(s)
	toks := make([]text.Token, 0, len(s)/5+1)
	for _, para := range a.Paragraphs {
		start := len(toks)
		toks = text.Tokenize(s, para, toks)
		a.Sentences = append(a.Sentences, p.seg.Sentences(s, para, toks[start:])...)
	}
	a.Language = doc.Language
	if a.Language == "" {
		a.Language = lang.Detect(s)
	}
	a.Mentions = p.tagger.Tag(s, a.Paragraphs, a.Sentences, toks)
	a.Quotes = p.quotes.Find(s, a.Paragraphs, a.Sentences, toks, a.Mentions)
	a.Terms = p.terms.Vector(s, toks, a.Language)
	a.MinHash = p.hasher.Sign(s)
	a.Versions = p.Versions()
	return a
}
