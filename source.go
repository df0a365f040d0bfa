package parallax

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"
	"time"
)

// Source is a feed parallax follows, with the state of fetching it, which
// survives restarts: conditional-GET validators, the last error, the number
// of consecutive failures and when to try next.
type Source struct {
	ID     string    `json:"id"`    // SourceID(URL)
	URL    string    `json:"url"`   // the feed's address
	Title  string    `json:"title"` // the feed's own title, or what the user named it
	Paused bool      `json:"paused"`
	Added  time.Time `json:"added"`

	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastFetch    time.Time `json:"last_fetch,omitzero"` // last attempt
	LastOK       time.Time `json:"last_ok,omitzero"`    // last successful fetch
	LastError    string    `json:"last_error,omitempty"`
	Failures     int       `json:"failures"` // consecutive failed fetches
	NextFetch    time.Time `json:"next_fetch,omitzero"`
	Entries      int       `json:"entries"` // entries seen in all
	Failed       int       `json:"failed"`  // entries whose article could not be stored yet
}

// SourceID returns the id of the source at url: "f" and 12 hex digits of
// its SHA-256, so adding the same address twice finds the same source.
func SourceID(url string) string {
	sum := sha256.Sum256([]byte(url))
	return "f" + hex.EncodeToString(sum[:6])
}

// SourceURL checks that s is an absolute http or https URL and returns it
// without its fragment, the form sources are kept and compared in; anything
// else is EInvalid, naming what was wrong.
func SourceURL(s string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return "", Errorf(EInvalid, "%q is not a URL: %v", s, err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", Errorf(EInvalid, "%q is not an http or https URL", s)
	}
	u.Fragment = ""
	return u.String(), nil
}

// OutletOf returns the outlet an article URL names: its host, lower-cased,
// without a trailing dot or a leading "www."; "" when rawURL has no host.
// Every reader of URLs (ingest records, fetched pages, feed entries, the add
// form) names outlets this one way, so one site is one outlet.
func OutletOf(rawURL string) string {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.TrimSuffix(strings.ToLower(u.Hostname()), "."), "www.")
}

// Entry is one item of a source's feed as parallax handled it: the article
// stored from it, or the error that kept it out and when to try again.
// Entries are what makes a re-polled feed cheap and a failure visible:
// nothing a feed offered is silently dropped.
type Entry struct {
	Source   string    `json:"source"`
	Key      string    `json:"key"` // the entry's GUID, else its URL
	URL      string    `json:"url"`
	Title    string    `json:"title"`
	Seen     time.Time `json:"seen"`              // first seen
	Article  string    `json:"article,omitempty"` // id of the stored article, "" while failing
	Error    string    `json:"error,omitempty"`   // why the last attempt failed
	Attempts int       `json:"attempts"`
	NextTry  time.Time `json:"next_try,omitzero"` // when a failed entry is tried again
}

// SourceStore keeps sources and their entries. Every real store implements
// it; it is apart from Store so that test doubles of Store need not.
type SourceStore interface {
	// AddSource stores a new source, or returns the existing one with the
	// same URL unchanged (created is false then).
	AddSource(ctx context.Context, s Source) (stored Source, created bool, err error)
	// Sources lists the sources, oldest first.
	Sources(ctx context.Context) ([]Source, error)
	// Source returns one source; an unknown id is ENotFound.
	Source(ctx context.Context, id string) (Source, error)
	// UpdateSource stores the source's title, paused flag and fetch state.
	UpdateSource(ctx context.Context, s Source) error
	// DeleteSource removes a source and its entries (not the articles
	// stored from them).
	DeleteSource(ctx context.Context, id string) error
	// Entry returns the entry with the key in the source, or ok false.
	Entry(ctx context.Context, source, key string) (e Entry, ok bool, err error)
	// PutEntry stores or replaces an entry.
	PutEntry(ctx context.Context, e Entry) error
	// FailedEntries lists the entries without an article whose NextTry is
	// at or before now (all failed entries for a zero now), oldest first;
	// source "" means every source.
	FailedEntries(ctx context.Context, source string, now time.Time) ([]Entry, error)
}
