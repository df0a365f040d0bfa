package ingest

import (
	"context"
	"iter"
	"mime"
	"strings"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/fetch"
)

// IsURL reports whether a command-line argument is an http or https URL to
// fetch rather than a path to read.
func IsURL(arg string) bool {
	l := strings.ToLower(arg)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// Fetch yields the pages at urls as articles, fetched one after another with
// f (which applies its own caps, timeouts, robots.txt and address rules).
// A URL that cannot be fetched, or that is not a page, is yielded as an
// *InputError naming it; the rest go on.
func Fetch(ctx context.Context, f *fetch.Fetcher, urls []string, opt Options) iter.Seq2[parallax.Article, error] {
	return func(yield func(parallax.Article, error) bool) {
		for _, u := range urls {
			if err := ctx.Err(); err != nil {
				yield(parallax.Article{}, &InputError{Origin: u, Err: err})
				return
			}
			a, err := fetchPage(ctx, f, u, opt)
			if err != nil {
				if !yield(parallax.Article{}, err) {
					return
				}
				continue
			}
			if !yield(a, nil) {
				return
			}
		}
	}
}

func fetchPage(ctx context.Context, f *fetch.Fetcher, raw string, opt Options) (parallax.Article, error) {
	resp, err := f.Fetch(ctx, fetch.Request{URL: raw, Accept: "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5"})
	if err != nil {
		return parallax.Article{}, invalid(raw, "%v", err)
	}
	mt, _, _ := mime.ParseMediaType(resp.ContentType)
	ct := parallax.ContentHTML
	switch {
	case mt == "" || mt == "text/html" || mt == "application/xhtml+xml":
	case mt == "text/plain":
		ct = parallax.ContentText
	case strings.Contains(mt, "rss") || strings.Contains(mt, "atom") || strings.HasSuffix(mt, "/xml") || mt == "application/feed+json":
		return parallax.Article{}, invalid(raw, "this is %s, a feed rather than a page: follow it with 'parallax sources add %s'", mt, raw)
	default:
		return parallax.Article{}, invalid(raw, "this is %s, not a page parallax can read", mt)
	}
	final := resp.URL
	if final == "" {
		final = raw
	}
	a := parallax.Article{URL: final, ContentType: ct, Body: resp.Body, Origin: raw, Fetched: opt.now()}
	a.Outlet = parallax.OutletOf(final)
	return a, nil
}
