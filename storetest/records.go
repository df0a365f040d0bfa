package storetest

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/parallax-news/parallax"
)

// base is the time every test record is published relative to.
var base = time.Date(2031, 4, 7, 9, 0, 0, 0, time.UTC)

// at returns base plus h hours.
func at(h float64) time.Time { return base.Add(time.Duration(h * float64(time.Hour))) }

// Opt changes a record under construction.
type Opt func(*parallax.Record)

// Rec builds a record with the given id and text, published at base, that
// starts a story named "s-"+id. The analysis has paragraph and sentence
// spans computed from the text, so spans always point into it.
func Rec(id, text string, opts ...Opt) *parallax.Record {
	r := &parallax.Record{
		Article: parallax.Article{
			ID:          id,
			URL:         "https://example.test/" + id,
			Outlet:      "example.test",
			Language:    "en",
			ContentType: parallax.ContentText,
			Body:        []byte(text),
			Origin:      "test:" + id,
			Published:   base,
			Fetched:     base.Add(time.Hour),
		},
		Document: parallax.Document{Text: text, Language: "en", Published: base},
		Analysis: parallax.Analysis{Language: "en"},
		Placement: parallax.Placement{
			Story:    "s-" + id,
			NewStory: true,
		},
		TextHash: parallax.ContentID(text),
	}
	r.Analysis.Paragraphs, r.Analysis.Sentences = splitSpans(text)
	for _, o := range opts {
		o(r)
	}
	return r
}

// splitSpans returns the paragraph (newline-separated) and sentence ('.'-ended) spans of text.
func splitSpans(text string) (paras, sents []parallax.Span) {
	start := 0
	for i := 0; i <= len(text); i++ {
		if i == len(text) || text[i] == '\n' {
			if i > start {
				paras = append(paras, parallax.Span{Start: start, End: i})
			}
			start = i + 1
		}
	}
	start = 0
	for i := 0; i < len(text); i++ {
		if text[i] == ' ' || text[i] == '\n' {
			if i == start {
				start = i + 1
			}
			continue
		}
		if text[i] == '.' {
			sents = append(sents, parallax.Span{Start: start, End: i + 1})
			start = i + 1
		}
	}
	return paras, sents
}

// Title sets the document title.
func Title(s string) Opt { return func(r *parallax.Record) { r.Document.Title = s } }

// Outlet sets the outlet.
func Outlet(s string) Opt { return func(r *parallax.Record) { r.Article.Outlet = s } }

// Published sets the publication time (zero: unknown).
func Published(t time.Time) Opt {
	return func(r *parallax.Record) { r.Document.Published, r.Article.Published = t, t }
}

// Fetched sets the fetch time.
func Fetched(t time.Time) Opt { return func(r *parallax.Record) { r.Article.Fetched = t } }

// Joins places the record in an existing story.
func Joins(story string, score float64) Opt {
	return func(r *parallax.Record) {
		r.Placement.Story, r.Placement.NewStory, r.Placement.Score = story, false, score
	}
}

// Starts places the record as the first article of a new story.
func Starts(story string) Opt {
	return func(r *parallax.Record) { r.Placement.Story, r.Placement.NewStory, r.Placement.Score = story, true, 0 }
}

// Keys sets the placement keys from alternating key, weight pairs.
func Keys(kv ...any) Opt {
	return func(r *parallax.Record) {
		r.Placement.Keys = nil
		for i := 0; i+1 < len(kv); i += 2 {
			r.Placement.Keys = append(r.Placement.Keys, parallax.Key{Key: kv[i].(string), Weight: kv[i+1].(float64)})
		}
	}
}

// Bands sets the LSH band hashes.
func Bands(b ...uint64) Opt { return func(r *parallax.Record) { r.Placement.Bands = b } }

// MinHash sets the MinHash signature.
func MinHash(h ...uint64) Opt { return func(r *parallax.Record) { r.Analysis.MinHash = h } }

// Versions sets the analysis's component versions from alternating name, version pairs.
func Versions(kv ...string) Opt {
	return func(r *parallax.Record) {
		r.Analysis.Versions = map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			r.Analysis.Versions[kv[i]] = kv[i+1]
		}
	}
}

// DuplicateOf marks the record as a copy of id.
func DuplicateOf(id string) Opt { return func(r *parallax.Record) { r.Placement.DuplicateOf = id } }

// Mentions adds a mention for the first occurrence in the text of each name.
func Mentions(kind parallax.EntityKind, names ...string) Opt {
	return func(r *parallax.Record) {
		for _, n := range names {
			i := strings.Index(r.Document.Text, n)
			if i < 0 {
				panic("storetest: mention " + n + " not in text")
			}
			r.Analysis.Mentions = append(r.Analysis.Mentions, parallax.Mention{
				Span: parallax.Span{Start: i, End: i + len(n)}, Kind: kind, Name: n,
			})
		}
	}
}

// Extra sets the record fields parallax does not know.
func Extra(fields map[string]string) Opt {
	return func(r *parallax.Record) {
		r.Article.Extra = map[string]json.RawMessage{}
		for k, v := range fields {
			r.Article.Extra[k] = json.RawMessage(v)
		}
	}
}
