package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/parallax-news/parallax"
)

// extractHTML finds a page's main text with go-trafilatura, then cleans it
// like plain text.
func extractHTML(a *parallax.Article) (doc parallax.Document, err error) {
	page, err := html.Parse(bytes.NewReader(a.Body))
	if err != nil {
		return doc, parallax.Errorf(parallax.EInvalid, "parsing html: %w", err)
	}
	opts := trafilatura.Options{
		ExcludeComments: true,
		// Fast skips go-dateparser's many regular expressions; the page's own
		// date tags, read below, are what keep the time of day anyway.
		HtmlDateMode: trafilatura.Fast,
	}
	if u, err := url.Parse(a.URL); err == nil && a.URL != "" {
		opts.OriginalURL = u
	}
	res, err := runTrafilatura(page, opts)
	if err != nil || res == nil || res.ContentNode == nil {
		return doc, parallax.Errorf(parallax.EInvalid, "no main text found")
	}
	meta := res.Metadata
	known := a.Title
	if known == "" {
		known = strings.Join(strings.Fields(meta.Title), " ")
	}
	text, foundTitle, byline := clean(normalize(nodeText(res.ContentNode)), known)
	doc.Text = text
	doc.Title = known
	if doc.Title == "" {
		doc.Title = foundTitle
	}
	doc.Byline = byline
	if doc.Byline == "" {
		doc.Byline = strings.Join(strings.Fields(meta.Author), " ")
	}
	doc.Published = publishedTime(page)
	if doc.Published.IsZero() && !meta.Date.IsZero() {
		doc.Published = meta.Date
	}
	doc.Language = pageLanguage(page, meta.Language)
	return doc, nil
}

// runTrafilatura calls the extractor, turning a panic on a malformed page
// into an error: input must never crash the pipeline.
func runTrafilatura(page *html.Node, opts trafilatura.Options) (res *trafilatura.ExtractResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("html extractor failed: %v", r)
		}
	}()
	return trafilatura.ExtractDocument(page, opts)
}

// blockTags start a new paragraph of extracted text.
var blockTags = set("p", "div", "section", "article", "main", "header", "footer", "aside", "nav",
	"h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd",
	"table", "thead", "tbody", "tfoot", "tr", "figure", "figcaption", "hr", "address", "details", "summary",
	"head", "list", "item", "quote", "body", "html")

// nodeText renders extracted HTML as paragraphs separated by blank lines, with
// <br> as a line break and runs of spaces collapsed.
func nodeText(n *html.Node) string {
	var (
		paras []string
		cur   strings.Builder
	)
	flush := func() {
		lines := strings.Split(cur.String(), "\n")
		var kept []string
		for _, l := range lines {
			if l = strings.Join(strings.Fields(l), " "); l != "" {
				kept = append(kept, l)
			}
		}
		if len(kept) > 0 {
			paras = append(paras, strings.Join(kept, "\n"))
		}
		cur.Reset()
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			switch tag := n.Data; {
			case tag == "script" || tag == "style" || tag == "noscript" || tag == "template":
				return
			case tag == "br" || tag == "lb":
				cur.WriteByte('\n')
				return
			case tag == "td" || tag == "th":
				cur.WriteByte(' ')
			case blockTags[tag]:
				flush()
				defer flush()
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	flush()
	return strings.Join(paras, "\n\n")
}

// publishedTime reads a page's publication time from its own tags, which keep
// the time of day that go-htmldate rounds away: <meta property=
// "article:published_time">, Open Graph and similar meta names,
// <time itemprop="datePublished"> and JSON-LD datePublished. It returns the
// zero time when none parses.
func publishedTime(page *html.Node) time.Time {
	best, bestRank := time.Time{}, len(metaDateNames)+2
	consider := func(value string, rank int) {
		if rank >= bestRank {
			return
		}
		if t, ok := parseTime(value); ok {
			best, bestRank = t, rank
		}
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "meta":
				key := strings.ToLower(attr(n, "property") + attr(n, "name") + attr(n, "itemprop"))
				if rank, ok := metaDateRank[key]; ok {
					consider(attr(n, "content"), rank)
				}
			case "time":
				if strings.EqualFold(attr(n, "itemprop"), "datePublished") {
					consider(attr(n, "datetime"), len(metaDateNames))
				}
			case "script":
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil {
					if v, ok := jsonLDDate(n.FirstChild.Data); ok {
						consider(v, len(metaDateNames)+1)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(page)
	return best
}

// metaDateNames are meta property/name/itemprop values holding the
// publication time, most trusted first.
var metaDateNames = []string{
	"article:published_time", "og:published_time", "og:article:published_time",
	"article:published", "datepublished", "published_time", "pubdate", "publishdate",
	"parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.created", "date",
}

var metaDateRank = func() map[string]int {
	m := make(map[string]int, len(metaDateNames))
	for i, n := range metaDateNames {
		m[n] = i
	}
	return m
}()

// jsonLDDate finds the first datePublished in a JSON-LD block, searching
// objects, arrays and @graph lists breadth first so the page's own object
// wins over nested ones.
func jsonLDDate(src string) (string, bool) {
	var v any
	if err := json.Unmarshal([]byte(src), &v); err != nil {
		return "", false
	}
	queue := []any{v}
	for steps := 0; len(queue) > 0 && steps < 1000; steps++ {
		cur := queue[0]
		queue = queue[1:]
		switch x := cur.(type) {
		case map[string]any:
			if s, ok := x["datePublished"].(string); ok && s != "" {
				return s, true
			}
			// Sorted so a page with two dates always gives the same one.
			for _, k := range slices.Sorted(maps.Keys(x)) {
				queue = append(queue, x[k])
			}
		case []any:
			queue = append(queue, x...)
		}
	}
	return "", false
}

// timeLayouts are the forms publication times take in page metadata.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
}

// parseTime parses a metadata time; times without a zone are read as UTC.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil && t.Year() > 1900 {
			return t, true
		}
	}
	return time.Time{}, false
}

// pageLanguage is the language a page declares (<html lang>), else the one the
// extractor guessed, as an ISO 639-1 code. Extract prefers a detection on the
// text itself; this is the fallback for texts too short to detect.
func pageLanguage(page *html.Node, guessed string) string {
	var lang string
	var find func(*html.Node)
	find = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "html" {
			lang = attr(n, "lang")
			return
		}
		for c := n.FirstChild; c != nil && lang == ""; c = c.NextSibling {
			find(c)
		}
	}
	find(page)
	if lang == "" {
		lang = guessed
	}
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(lang)), "-")
	if len(primary) != 2 {
		return ""
	}
	return primary
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}
