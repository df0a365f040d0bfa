package bench

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/extract"
)

// Extractor returns the main text of a page, "" when it finds none. An
// error stops the evaluation: it means the run is broken, not the page.
type Extractor func(p Page) (string, error)

// Result is one system's scores, with its speed when it ran here.
type Result struct {
	Scores
	// PagesPerSecond is measured over one pass on one goroutine, parsing
	// included; 0 for reference outputs, which were computed elsewhere.
	PagesPerSecond float64 `json:"pages_per_second,omitempty"`
}

// Report is what an evaluation run prints: parallax's scores at the top
// level, the other systems' under Peers, all computed by the same scorer on
// the same pages.
type Report struct {
	Result
	Peers map[string]Result `json:"peers"`
}

// PeerTrafilatura is the name go-trafilatura's live run has in Report.Peers.
const PeerTrafilatura = "go-trafilatura"

// Run scores parallax's extractor, go-trafilatura and every non-empty
// reference output of the benchmark in dir.
func Run(ctx context.Context, dir string) (Report, error) {
	pages, err := Load(dir)
	if err != nil {
		return Report{}, err
	}
	outputs, err := LoadOutputs(dir)
	if err != nil {
		return Report{}, err
	}
	ours, _, err := Evaluate(ctx, pages, Parallax)
	if err != nil {
		return Report{}, fmt.Errorf("parallax: %w", err)
	}
	r := Report{Result: ours, Peers: make(map[string]Result, len(outputs)+1)}
	if r.Peers[PeerTrafilatura], _, err = Evaluate(ctx, pages, Trafilatura); err != nil {
		return Report{}, fmt.Errorf("%s: %w", PeerTrafilatura, err)
	}
	for name, bodies := range outputs {
		counts := make([]Counts, len(pages))
		for i, p := range pages {
			counts[i] = Match(p.Truth, bodies[p.ID]) // a page the system skipped scores as empty
		}
		r.Peers[name] = Result{Scores: Aggregate(counts)}
	}
	return r, nil
}

// Evaluate runs ex on every page, timing the pass, and scores what it found.
// It returns the Counts of each page too, in the order of pages.
func Evaluate(ctx context.Context, pages []Page, ex Extractor) (Result, []Counts, error) {
	preds := make([]string, len(pages))
	start := time.Now()
	for i, p := range pages {
		if err := ctx.Err(); err != nil {
			return Result{}, nil, err
		}
		text, err := ex(p)
		if err != nil {
			return Result{}, nil, fmt.Errorf("page %s: %w", p.ID, err)
		}
		preds[i] = text
	}
	secs := time.Since(start).Seconds()
	counts := make([]Counts, len(pages))
	for i, p := range pages {
		counts[i] = Match(p.Truth, preds[i])
	}
	r := Result{Scores: Aggregate(counts)}
	if secs > 0 {
		r.PagesPerSecond = float64(len(pages)) / secs
	}
	return r, counts, nil
}

// Parallax is parallax's extractor as ingest calls it on an HTML file. The
// page's URL is not passed: the benchmark's extractors see the HTML alone.
func Parallax(p Page) (string, error) {
	doc, err := extract.Extract(&parallax.Article{ContentType: parallax.ContentHTML, Body: p.HTML})
	if parallax.ErrorCode(err) == parallax.EInvalid {
		return "", nil // no main text found
	}
	return doc.Text, err
}

// Trafilatura is go-trafilatura called as the benchmark's own runner calls it
// (extractors/go_trafilatura/cli.go): fallback extractors enabled, the text
// of the result. A page it fails on, or panics on, scores as empty.
func Trafilatura(p Page) (text string, err error) {
	defer func() {
		if recover() != nil {
			text, err = "", nil
		}
	}()
	doc, err := html.Parse(bytes.NewReader(p.HTML))
	if err != nil {
		return "", nil
	}
	res, err := trafilatura.ExtractDocument(doc, trafilatura.Options{EnableFallback: true})
	if err != nil || res == nil {
		return "", nil
	}
	return res.ContentText, nil
}
