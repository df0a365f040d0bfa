package extract

import (
	"encoding/json"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what a page says about itself in its head, its JSON-LD and a
// few marked-up elements of its body.
type pageMeta struct {
	title      string // <title>
	ogTitle    string // og:title or twitter:title
	headline   string // JSON-LD headline
	h1         string // the first <h1>
	site       string // og:site_name or application-name
	author     string // <meta name=author> and its kin, when a name and not a URL
	ldAuthor   string // JSON-LD author names
	bylineText string // the first element marked as a byline or author
	published  time.Time
	pubRank    int
	updated    time.Time // the latest modification time the page gives
	notFree    bool      // JSON-LD isAccessibleForFree is false: the text is behind a paywall
	lang       string    // <html lang>, else Content-Language, else og:locale
	canonical  string    // <link rel=canonical>
	ogURL      string
}

// readMeta walks the page once for its metadata.
func readMeta(root *html.Node) pageMeta {
	m := pageMeta{pubRank: rankNone}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				m.lang = attr(n, "lang")
			case atom.Title:
				if m.title == "" {
					m.title = squash(textOf(n))
				}
				return
			case atom.Meta:
				m.readMetaTag(n)
			case atom.Link:
				if strings.EqualFold(attr(n, "rel"), "canonical") && m.canonical == "" {
					m.canonical = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Time:
				rank := rankTime
				switch {
				case strings.EqualFold(attr(n, "itemprop"), "datePublished"):
					rank = rankTimeItemprop
				case strings.EqualFold(attr(n, "itemprop"), "dateModified"):
					m.considerUpdated(attr(n, "datetime"))
					rank = rankNone // not a publication time
				}
				m.considerDate(attr(n, "datetime"), rank)
			case atom.Script:
				if strings.EqualFold(strings.TrimSpace(attr(n, "type")), "application/ld+json") && n.FirstChild != nil {
					m.readJSONLD(n.FirstChild.Data)
				}
				return
			case atom.Style, atom.Noscript, atom.Template, atom.Svg:
				return
			case atom.H1:
				if m.h1 == "" {
					m.h1 = squash(textOf(n))
				}
			}
			if m.bylineText == "" && isBylineElement(n) {
				if t := squash(textOf(n)); t != "" && len(strings.Fields(t)) <= 12 {
					m.bylineText = t
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return m
}

func (m *pageMeta) readMetaTag(n *html.Node) {
	key := strings.ToLower(attr(n, "property") + attr(n, "name") + attr(n, "itemprop"))
	content := strings.TrimSpace(attr(n, "content"))
	if content == "" {
		return
	}
	if rank, ok := metaDateRank[key]; ok {
		m.considerDate(content, rank)
		return
	}
	if updatedNames[key] {
		m.considerUpdated(content)
		return
	}
	switch key {
	case "og:title", "twitter:title":
		if m.ogTitle == "" {
			m.ogTitle = squash(content)
		}
	case "og:site_name", "application-name":
		if m.site == "" {
			m.site = squash(content)
		}
	case "author", "article:author", "byl", "parsely-author", "sailthru.author", "dc.creator", "dcterms.creator":
		if m.author == "" && isName(content) {
			m.author = squash(content)
		}
	case "og:url":
		if m.ogURL == "" {
			m.ogURL = content
		}
	case "og:locale":
		if m.lang == "" {
			m.lang = content
		}
	}
	if strings.EqualFold(attr(n, "http-equiv"), "content-language") && m.lang == "" {
		m.lang = content
	}
}

func (m *pageMeta) considerDate(value string, rank int) {
	if rank >= m.pubRank {
		return
	}
	if t, ok := parseTime(value); ok {
		m.published, m.pubRank = t, rank
	}
}

// updatedNames are the meta property/name/itemprop values holding the time
// a page was last modified.
var updatedNames = map[string]bool{
	"article:modified_time": true, "og:updated_time": true, "modified_time": true, "datemodified": true,
	"lastmod": true, "last-modified": true, "dcterms.modified": true, "dc.date.modified": true,
}

// considerUpdated keeps the latest modification time the page gives.
func (m *pageMeta) considerUpdated(value string) {
	if t, ok := parseTime(value); ok && t.After(m.updated) {
		m.updated = t
	}
}

// isName reports whether a meta author value names someone rather than
// linking to a profile.
func isName(s string) bool {
	return !strings.Contains(s, "://") && !strings.HasPrefix(s, "www.") && !strings.Contains(s, "@") &&
		len(strings.Fields(s)) <= 12
}

// isBylineElement reports elements marked as the article's credit.
func isBylineElement(n *html.Node) bool {
	if strings.EqualFold(attr(n, "rel"), "author") || strings.EqualFold(attr(n, "itemprop"), "author") {
		return true
	}
	c := strings.ToLower(attr(n, "class"))
	return strings.Contains(c, "byline") || strings.Contains(c, "author-name")
}

// metaDateNames are meta property/name/itemprop values holding the
// publication time, most trusted first.
var metaDateNames = []string{
	"article:published_time", "og:published_time", "og:article:published_time",
	"article:published", "datepublished", "published_time", "pubdate", "publishdate",
	"parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.created", "date",
}

// Ranks of the other places a publication time is read from, after the meta
// names: <time itemprop=datePublished>, JSON-LD, then any <time datetime>,
// which may be a comment's or a related story's.
var (
	rankTimeItemprop = len(metaDateNames)
	rankJSONLD       = len(metaDateNames) + 1
	rankTime         = len(metaDateNames) + 2
	rankNone         = len(metaDateNames) + 3
)

var metaDateRank = func() map[string]int {
	m := make(map[string]int, len(metaDateNames))
	for i, n := range metaDateNames {
		m[n] = i
	}
	return m
}()

// readJSONLD takes the publication time, headline and authors from a JSON-LD
// block, searching objects, arrays and @graph lists breadth first so that
// the page's own object wins over nested ones.
func (m *pageMeta) readJSONLD(src string) {
	var v any
	if err := json.Unmarshal([]byte(src), &v); err != nil {
		return
	}
	queue := []any{v}
	for steps := 0; len(queue) > 0 && steps < 1000; steps++ {
		cur := queue[0]
		queue = queue[1:]
		switch x := cur.(type) {
		case map[string]any:
			if s, ok := x["datePublished"].(string); ok {
				m.considerDate(s, rankJSONLD)
			}
			if s, ok := x["dateModified"].(string); ok {
				m.considerUpdated(s)
			}
			switch free := x["isAccessibleForFree"].(type) {
			case bool:
				m.notFree = m.notFree || !free
			case string:
				m.notFree = m.notFree || strings.EqualFold(strings.TrimSpace(free), "false")
			}
			if s, ok := x["headline"].(string); ok && m.headline == "" {
				m.headline = squash(s)
			}
			if m.ldAuthor == "" {
				m.ldAuthor = ldNames(x["author"])
			}
			// Sorted so that a page with two of a kind always gives the same one.
			for _, k := range slices.Sorted(maps.Keys(x)) {
				if k != "author" {
					queue = append(queue, x[k])
				}
			}
		case []any:
			queue = append(queue, x...)
		}
	}
}

// ldNames reads a JSON-LD author: a name, an object with a name, or a list
// of either.
func ldNames(v any) string {
	switch x := v.(type) {
	case string:
		if isName(x) {
			return squash(x)
		}
	case map[string]any:
		if s, ok := x["name"].(string); ok && isName(s) {
			return squash(s)
		}
	case []any:
		var names []string
		for _, a := range x {
			if s := ldNames(a); s != "" && !slices.Contains(names, s) {
				names = append(names, s)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
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

// language is the page's declared language as an ISO 639-1 code, or "".
// Extract prefers a detection on the text itself; this is the fallback for
// texts too short to detect.
func (m pageMeta) language() string {
	primary, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(m.lang)), "-")
	primary, _, _ = strings.Cut(primary, "_") // og:locale writes en_US
	if len(primary) != 2 {
		return ""
	}
	return primary
}

// pageTitle is the article's headline: the page's own title for sharing,
// else its JSON-LD headline, else <title>, else the first <h1>, without a
// site name appended or prepended.
func (m pageMeta) pageTitle() string {
	for _, t := range []string{m.ogTitle, m.headline, m.title, m.h1} {
		if t = stripSite(t, m.site); t != "" {
			return t
		}
	}
	return ""
}

// titleSeparators part a headline from a site name in page titles.
var titleSeparators = []string{" | ", " - ", " — ", " – ", " :: ", " · ", " » "}

// stripSite removes a site name from either end of a page title: the one
// the page names, or a short capitalised credit after the last separator.
func stripSite(title, site string) string {
	for _, sep := range titleSeparators {
		if site != "" {
			if s, ok := strings.CutSuffix(title, sep+site); ok {
				return strings.TrimSpace(s)
			}
			if s, ok := strings.CutPrefix(title, site+sep); ok {
				return strings.TrimSpace(s)
			}
		}
	}
	if hasCredit(title) {
		for _, sep := range titleSeparators {
			if i := strings.LastIndex(title, sep); i > 0 {
				return strings.TrimSpace(title[:i])
			}
		}
	}
	return title
}

// canonicalURL is the page's own address: <link rel=canonical>, else
// og:url, resolved against base (the URL it was fetched from, if known).
// Only absolute http(s) URLs are returned.
func (m pageMeta) canonicalURL(base string) string {
	b, _ := url.Parse(base)
	for _, raw := range []string{m.canonical, m.ogURL} {
		if raw == "" {
			continue
		}
		u, err := url.Parse(raw)
		if err != nil {
			continue
		}
		if b != nil {
			u = b.ResolveReference(u)
		}
		if (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			return u.String()
		}
	}
	return ""
}

// textOf is the text under n, as written.
func textOf(n *html.Node) string {
	var sb strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			sb.WriteString(n.Data)
			return
		}
		if n.Type == html.ElementNode && skipTags[n.DataAtom] && n.DataAtom != atom.Title {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return sb.String()
}

// squash collapses runs of white space into single spaces.
func squash(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}
