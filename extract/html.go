package extract

import (
	"bytes"
	"regexp"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/parallax-news/parallax"
)

// extractHTML finds a page's main text (content.go, select.go, emit.go) and its
// metadata (meta.go), then cleans the text like plain text.
func extractHTML(a *parallax.Article) (Page, error) {
	root, err := html.Parse(bytes.NewReader(a.Body))
	if err != nil {
		return Page{}, parallax.Errorf(parallax.EInvalid, "parsing html: %w", err)
	}
	m := readMeta(root)
	known := a.Title
	if known == "" {
		known = m.pageTitle()
	}
	raw := normalize(mainText(root))
	text, foundTitle, textByline := clean(raw, known, trimFurniture)
	p := Page{URL: m.canonicalURL(a.URL), Site: m.site}
	p.CanonicalURL = p.URL
	p.Partial = partialReason(m, lastLines(raw, 4), text)
	if p.Partial == PartialPaywall {
		text = dropPaywallLines(text)
	}
	p.Text = text
	p.Title = known
	if p.Title == "" {
		p.Title = foundTitle
	}
	// Structured metadata names people more reliably than a line of text,
	// which may be a desk or a dateline.
	for _, b := range []string{m.ldAuthor, m.author, textByline, m.bylineText} {
		if b = cleanByline(b); b != "" {
			p.Byline = b
			break
		}
	}
	p.Published = m.published
	if p.Published.IsZero() {
		p.Published = urlDate(p.URL, a.URL)
	}
	p.Language = m.language()
	// An update before publication is a page's template talking, not news.
	if !m.updated.IsZero() && !m.updated.Before(p.Published) {
		p.Updated = m.updated
	}
	return p, nil
}

// lastLines returns the last n non-empty lines of text.
func lastLines(text string, n int) []string {
	var out []string
	lines := strings.Split(text, "\n")
	for i := len(lines) - 1; i >= 0 && len(out) < n; i-- {
		if strings.TrimSpace(lines[i]) != "" {
			out = append(out, lines[i])
		}
	}
	return out
}

// urlPathDate finds /YYYY/MM/DD/ or /YYYY-MM-DD in a URL path.
var urlPathDate = regexp.MustCompile(`/((?:19|20)\d\d)[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?:/|-|$)`)

// urlDate is the publication day many sites write into their article URLs,
// the last resort when the page has no date tags; the zero time if neither
// URL has one.
func urlDate(urls ...string) time.Time {
	for _, u := range urls {
		if m := urlPathDate.FindStringSubmatch(u); m != nil {
			if t, err := time.Parse("2006-01-02", m[1]+"-"+m[2]+"-"+m[3]); err == nil {
				return t
			}
		}
	}
	return time.Time{}
}
