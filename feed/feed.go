package feed

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html/charset"
)

// DefaultMaxBytes is the largest feed or OPML document read when the Parser's
// MaxBytes is 0.
const DefaultMaxBytes = 10 << 20

// DefaultFullTextWords is the number of words from which an entry's content is
// taken for the whole article when the Parser's FullTextWords is 0.
const DefaultFullTextWords = 200

// Errors returned (wrapped) by Parse and ParseOPML.
var (
	ErrTooLarge      = errors.New("feed: document too large")
	ErrEntities      = errors.New("feed: XML declares entities (DOCTYPE with <!ENTITY>), refused")
	ErrMalformed     = errors.New("feed: malformed document")
	ErrUnknownFormat = errors.New("feed: not an RSS, Atom or JSON feed")
)

// Feed is a parsed feed.
type Feed struct {
	Format      string    // "rss" (0.9x, 1.0 and 2.0), "atom" or "json"
	Version     string    // the format's version as the document states it ("2.0", "1.0", "1.1"), "" if unknown
	Title       string    // plain text
	SiteURL     string    // the site's home page (RSS <link>, Atom rel=alternate, JSON home_page_url), absolute
	FeedURL     string    // the feed's own URL as the document states it (rel=self, feed_url), absolute; "" if none
	Description string    // as given (may hold HTML)
	Language    string    // as given ("en-us"), "" if none
	Updated     time.Time // UTC; zero if none
	Entries     []Entry   // in document order, IDs unique
}

// Entry is one item of a feed. See the package comment for what each field
// guarantees.
type Entry struct {
	ID         string    // GUID / Atom id / JSON id, else URL, else "sha256:…" of title+summary+content
	URL        string    // absolute http(s) link to the article, "" if none
	Title      string    // plain text
	Summary    string    // HTML as given
	Content    string    // HTML as given, "" when the feed has no full content field
	Published  time.Time // UTC; zero if none
	Updated    time.Time // UTC; zero if none
	Authors    []string  // names (or e-mail addresses when no name is given)
	Categories []string  // as given
	FullText   bool      // the feed seems to carry the whole article (in Content, or in Summary when Content is empty)
}

// Body returns the entry's fullest HTML: Content, or Summary when the feed has
// no content field.
func (e *Entry) Body() string {
	if strings.TrimSpace(e.Content) != "" {
		return e.Content
	}
	return e.Summary
}

// Parser holds parsing limits. The zero value uses the defaults; a Parser is
// safe for concurrent use.
type Parser struct {
	// MaxBytes is the largest document accepted; 0 means DefaultMaxBytes.
	MaxBytes int64
	// FullTextWords is the word count from which an entry's body counts as the
	// whole article; 0 means DefaultFullTextWords. A shorter content still
	// counts when it is at least three times as long as the summary (and 100
	// words or more). A body ending in "…", "[…]", "Read more" and the like
	// never counts.
	FullTextWords int
}

func (p *Parser) maxBytes() int64 {
	if p == nil || p.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return p.MaxBytes
}

func (p *Parser) fullTextWords() int {
	if p == nil || p.FullTextWords <= 0 {
		return DefaultFullTextWords
	}
	return p.FullTextWords
}

// Parse reads a feed with the default limits; see Parser.Parse.
func Parse(r io.Reader, feedURL string) (*Feed, error) {
	return (&Parser{}).Parse(r, feedURL)
}

// Parse reads one feed from r. feedURL is the address the feed was fetched
// from, used to resolve relative links; it may be "" (relative links are then
// kept only when the feed states an absolute site or self URL to resolve them
// against, else dropped). Errors wrap ErrTooLarge, ErrEntities, ErrMalformed or
// ErrUnknownFormat, or are the reader's own error.
func (p *Parser) Parse(r io.Reader, feedURL string) (*Feed, error) {
	data, err := readCapped(r, p.maxBytes())
	if err != nil {
		return nil, err
	}
	if err := checkXML(data); err != nil {
		return nil, err
	}
	gf, err := decode(data)
	if err != nil {
		return nil, err
	}
	return p.adapt(gf, feedURL), nil
}

// readCapped reads r whole, refusing more than max bytes without reading
// further than max+1.
func readCapped(r io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("feed: reading: %w", err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: over the limit of %d bytes", ErrTooLarge, max)
	}
	return data, nil
}

// checkXML refuses XML documents whose prolog declares entities, and UTF-16
// documents. It tokenizes only the prolog, up to the root element, with the
// same decoder settings gofeed uses. JSON input passes unchecked.
func checkXML(data []byte) error {
	body := bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(body, []byte("\xfe\xff")) || bytes.HasPrefix(body, []byte("\xff\xfe")) ||
		bytes.HasPrefix(body, []byte("<\x00")) || bytes.HasPrefix(body, []byte("\x00<")) {
		return fmt.Errorf("%w: UTF-16 documents are not supported", ErrMalformed)
	}
	body = bytes.TrimLeft(body, " \t\r\n")
	if len(body) == 0 || body[0] != '<' {
		return nil // JSON, or not a feed at all: the format detection says so
	}
	d := xml.NewDecoder(bytes.NewReader(body))
	d.Strict = false
	d.CharsetReader = charset.NewReaderLabel
	for {
		tok, err := d.RawToken()
		if err != nil {
			return nil // the parser proper reports syntax errors with context
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return nil
		case xml.Directive:
			if containsFold(t, "<!ENTITY") {
				return fmt.Errorf("%w: %q", ErrEntities, snippet(t, 60))
			}
		}
	}
}

func containsFold(b []byte, sub string) bool {
	return bytes.Contains(bytes.ToUpper(b), []byte(sub))
}

// snippet returns the first n bytes of b, for error messages.
func snippet(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

// decode runs gofeed over data, turning its errors (and, defensively, its
// panics) into ours.
func decode(data []byte) (gf *gofeed.Feed, err error) {
	defer func() {
		if r := recover(); r != nil {
			gf, err = nil, fmt.Errorf("%w: decoder failed: %v", ErrMalformed, r)
		}
	}()
	fp := gofeed.NewParser()
	fp.RSSTranslator = &gofeed.DefaultRSSTranslator{DisableContentImageScan: true}
	gf, err = fp.Parse(bytes.NewReader(data))
	if err == nil {
		return gf, nil
	}
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		start := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
		if len(start) == 0 {
			return nil, fmt.Errorf("%w: the document is empty", ErrUnknownFormat)
		}
		return nil, fmt.Errorf("%w: it starts with %q", ErrUnknownFormat, snippet(start, 40))
	}
	kind := "XML"
	switch gofeed.DetectFeedType(bytes.NewReader(data)) {
	case gofeed.FeedTypeRSS:
		kind = "RSS"
	case gofeed.FeedTypeAtom:
		kind = "Atom"
	case gofeed.FeedTypeJSON:
		kind = "JSON Feed"
	}
	return nil, fmt.Errorf("%w: %s: %v", ErrMalformed, kind, err)
}

// adapt turns gofeed's result into a Feed: links resolved, times in UTC, titles
// as text, IDs present and unique.
func (p *Parser) adapt(gf *gofeed.Feed, feedURL string) *Feed {
	base, _ := url.Parse(feedURL)
	if base != nil && !base.IsAbs() {
		base = nil
	}
	f := &Feed{
		Format:      gf.FeedType,
		Version:     gf.FeedVersion,
		Title:       plainText(gf.Title),
		Description: gf.Description,
		Language:    gf.Language,
		Updated:     utc(gf.UpdatedParsed),
	}
	f.FeedURL = resolve(base, gf.FeedLink)
	if base == nil && f.FeedURL != "" {
		base, _ = url.Parse(f.FeedURL)
	}
	f.SiteURL = resolve(base, gf.Link)
	if base == nil && f.SiteURL != "" {
		base, _ = url.Parse(f.SiteURL)
	}
	seen := make(map[string]bool, len(gf.Items))
	for _, it := range gf.Items {
		if it == nil {
			continue
		}
		e := Entry{
			URL:        resolve(base, it.Link),
			Title:      plainText(it.Title),
			Summary:    it.Description,
			Content:    it.Content,
			Published:  utc(it.PublishedParsed),
			Updated:    utc(it.UpdatedParsed),
			Categories: it.Categories,
		}
		if e.URL == "" {
			for _, l := range it.Links {
				if e.URL = resolve(base, l); e.URL != "" {
					break
				}
			}
		}
		for _, a := range it.Authors {
			if a == nil {
				continue
			}
			if name := strings.TrimSpace(a.Name); name != "" {
				e.Authors = append(e.Authors, name)
			} else if mail := strings.TrimSpace(a.Email); mail != "" {
				e.Authors = append(e.Authors, mail)
			}
		}
		e.ID = strings.TrimSpace(it.GUID)
		if e.ID == "" {
			e.ID = e.URL
		}
		if e.ID == "" {
			h := sha256.Sum256([]byte(e.Title + "\x00" + e.Summary + "\x00" + e.Content))
			e.ID = "sha256:" + hex.EncodeToString(h[:12])
		}
		if seen[e.ID] {
			continue
		}
		seen[e.ID] = true
		e.FullText = p.isFullText(e.Content, e.Summary)
		f.Entries = append(f.Entries, e)
	}
	return f
}

func utc(t *time.Time) time.Time {
	if t == nil || t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

// resolve makes ref absolute against base and returns it when it is an http
// or https URL with a host, else "".
func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}
