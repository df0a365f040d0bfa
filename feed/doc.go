// Package feed reads syndication feeds and OPML subscription lists into one
// normalised shape, and refuses hostile ones.
//
// # Feeds
//
// Parse reads RSS 0.9x/2.0, RSS 1.0 (RDF), Atom 0.3/1.0 and JSON Feed 1.x
// (decoding is done by github.com/mmcdole/gofeed) and returns a *Feed with
// its Entries in document order:
//
//	f, err := feed.Parse(resp.Body, "https://example.org/feed.xml")
//	for _, e := range f.Entries {
//		if !e.FullText {
//			// the feed carries only a summary: fetch e.URL for the article
//		}
//	}
//
// What Parse guarantees about every Entry:
//   - ID is never empty: the entry's GUID / Atom id / JSON id, else its URL,
//     else "sha256:" and a hash of its title, summary and content. Entries
//     repeating an ID already seen in the same document are dropped (the first
//     one wins), so one parse never yields two entries with one ID.
//   - URL is absolute when the feed gave one: relative links are resolved
//     against the feed's own URL (the feedURL argument). Only http and https
//     links are kept; anything else ("javascript:", "data:") becomes "".
//   - Title is plain text: tags are removed, entities decoded, white space
//     collapsed. Summary and Content are HTML, kept exactly as the feed gave
//     them (Content is content:encoded, Atom <content>, JSON content_html or
//     content_text; Summary is description, Atom <summary>, JSON summary).
//     They are not sanitized: escape or sanitize before showing them.
//   - Published and Updated are in UTC, zero when the feed gave none or gave
//     one that cannot be read. As in gofeed, an Atom entry without <published>
//     takes its <updated> time.
//   - FullText reports whether the entry seems to carry the whole article
//     (see Parser.FullTextWords); when false, the caller should fetch URL.
//
// The input is first read whole, up to Parser.MaxBytes (DefaultMaxBytes):
// a larger feed is refused with ErrTooLarge rather than parsed in part. An
// XML document whose DOCTYPE declares entities is refused with ErrEntities
// before any parsing (the "billion laughs" attack), whatever the decoder would
// do with them. Anything that cannot be read as a feed is ErrMalformed (or
// ErrUnknownFormat when it is not recognisably RSS, Atom or JSON Feed), with
// the decoder's own complaint appended. Every error is wrapped, so test with
// errors.Is.
//
// Character sets: XML feeds that declare another encoding in their prolog
// (windows-1251, ISO-8859-x, KOI8-R, Shift_JIS, …) are converted to UTF-8 by
// golang.org/x/net/html/charset. UTF-16 feeds are not supported.
//
// # OPML
//
// ParseOPML reads a subscription list into a flat []Outline: nested folders
// become each feed's Category ("News/World" for a feed two folders deep);
// outlines without an xmlUrl are folders or links, not feeds, and are skipped.
// WriteOPML writes the same list back, one folder per Category, so that
// ParseOPML(WriteOPML(x)) == x for outlines with an XMLURL.
//
// The package does no I/O beyond the reader it is given, and its functions are
// safe for concurrent use.
package feed
