package ingest

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strings"
	"time"
	"unicode"

	"github.com/parallax-news/parallax"
)

// MaxIDBytes is the longest article id a record may give.
const MaxIDBytes = 200

// knownFields are the record fields of the contract; others go to Article.Extra.
var knownFields = map[string]bool{
	"id": true, "url": true, "outlet": true, "language": true,
	"published": true, "title": true, "text": true, "html": true,
}

// parseRecord turns one JSON record into an Article, or an *InputError saying
// what is wrong with it.
func parseRecord(raw []byte, origin string, opt Options) (parallax.Article, error) {
	a, err := recordArticle(raw, opt)
	if err != nil {
		return parallax.Article{}, &InputError{Origin: origin, Err: err}
	}
	a.Origin = origin
	return a, nil
}

func recordArticle(raw []byte, opt Options) (parallax.Article, error) {
	raw = bytes.TrimSpace(raw)
	if off, ok := invalidUTF8(raw); ok {
		return parallax.Article{}, parallax.Errorf(parallax.EInvalid, "invalid UTF-8 at byte %d of the record", off)
	}
	if len(raw) == 0 || raw[0] != '{' {
		return parallax.Article{}, parallax.Errorf(parallax.EInvalid, "invalid JSON: a record must be an object")
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return parallax.Article{}, parallax.Errorf(parallax.EInvalid, "invalid JSON: %v", err)
	}
	a := parallax.Article{Fetched: opt.now(), ContentType: parallax.ContentText}
	r := fieldReader{fields: fields}
	text, page, title := r.str("text"), r.str("html"), r.str("title")
	rawURL, outlet, lang, published := r.str("url"), r.str("outlet"), r.str("language"), r.str("published")
	id := r.id()
	if r.err != nil {
		return parallax.Article{}, r.err
	}

	var extra map[string]json.RawMessage
	keep := func(k string) {
		if extra == nil {
			extra = map[string]json.RawMessage{}
		}
		extra[k] = fields[k]
	}
	switch {
	case strings.TrimSpace(text) != "":
		a.Body = []byte(text)
		if page != "" {
			keep("html") // the text is the body; the page is kept for exports
		}
	case strings.TrimSpace(page) != "":
		a.Body, a.ContentType = []byte(page), parallax.ContentHTML
	default:
		return parallax.Article{}, parallax.Errorf(parallax.EInvalid, `missing text: a record needs a non-empty "text" or "html" field`)
	}
	if limit := opt.maxBytes(); int64(len(a.Body)) > limit {
		return parallax.Article{}, parallax.Errorf(parallax.EInvalid, "record too large: body is %d bytes, over the limit of %d", len(a.Body), limit)
	}
	if err := checkText(a.Body, false); err != nil {
		return parallax.Article{}, err
	}

	var err error
	if a.ID, err = checkID(id); err != nil {
		return parallax.Article{}, err
	}
	if a.URL, a.Outlet, err = parseURL(rawURL); err != nil {
		return parallax.Article{}, err
	}
	if a.Outlet == "" {
		a.Outlet = normalizeOutlet(outlet)
	}
	a.Title = strings.Join(strings.Fields(title), " ")
	if a.Language, err = parseLanguage(lang); err != nil {
		return parallax.Article{}, err
	}
	if a.Published, err = ParseDate(published); err != nil {
		return parallax.Article{}, err
	}
	for k := range fields {
		if !knownFields[k] {
			keep(k)
		}
	}
	a.Extra = extra
	return a, nil
}

// fieldReader reads a record's fields; the first type error sticks in err so
// the caller checks once.
type fieldReader struct {
	fields map[string]json.RawMessage
	err    error
}

// str returns a string field, "" when absent or null.
func (r *fieldReader) str(name string) string {
	raw, ok := r.fields[name]
	if r.err != nil || !ok || string(raw) == "null" {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		r.err = parallax.Errorf(parallax.EInvalid, "field %q must be a string", name)
	}
	return s
}

// id returns the id field; exports from databases often give it as a number.
func (r *fieldReader) id() string {
	raw := r.fields["id"]
	if len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9') {
		var n json.Number
		if err := json.Unmarshal(raw, &n); err == nil {
			return n.String()
		}
	}
	return r.str("id")
}

// checkID trims an id and rejects the ones that cannot name an article in a
// URL path or a file name.
func checkID(id string) (string, error) {
	id = strings.TrimSpace(id)
	if len(id) > MaxIDBytes {
		return "", parallax.Errorf(parallax.EInvalid, "invalid id: %d bytes, over the limit of %d", len(id), MaxIDBytes)
	}
	if id == "." || id == ".." {
		return "", parallax.Errorf(parallax.EInvalid, "invalid id %q", id)
	}
	for _, r := range id {
		switch {
		case r == '/' || r == '\\' || r == '?' || r == '#':
			return "", parallax.Errorf(parallax.EInvalid, "invalid id %q: it may not contain %q", id, r)
		case unicode.IsSpace(r) || !unicode.IsPrint(r):
			return "", parallax.Errorf(parallax.EInvalid, "invalid id %q: it may not contain spaces or control characters", id)
		}
	}
	return id, nil
}

// parseURL checks a record's url and returns it trimmed with the outlet it names.
func parseURL(raw string) (canonical, outlet string, err error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" {
		return "", "", parallax.Errorf(parallax.EInvalid, "invalid url %q: want an absolute http or https URL", raw)
	}
	return raw, parallax.OutletOf(raw), nil
}

// normalizeOutlet trims, lower-cases and collapses the spaces of an outlet name,
// so "Valley  Courier " and "valley courier" are one outlet.
func normalizeOutlet(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// parseLanguage reads a language tag as its ISO 639 primary subtag: "en-GB" → "en".
func parseLanguage(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	primary, _, _ := strings.Cut(strings.ReplaceAll(s, "_", "-"), "-")
	if len(primary) < 2 || len(primary) > 3 || strings.IndexFunc(primary, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
		return "", parallax.Errorf(parallax.EInvalid, "invalid language %q: want an ISO 639-1 code such as \"en\"", s)
	}
	return primary, nil
}

// dateLayouts are the forms of "published" accepted, most common first.
// Layouts without a zone are read as UTC.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
}

// ParseDate parses a record's published date: RFC 3339, RFC 3339 without a
// zone (read as UTC) or YYYY-MM-DD. It returns the zero time for "".
func ParseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, parallax.Errorf(parallax.EInvalid, "invalid published date %q: want RFC 3339 (2024-05-02T18:30:00Z) or YYYY-MM-DD", s)
}
