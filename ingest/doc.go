// Package ingest turns sources into parallax.Article values: files, folders and
// standard input holding JSON Lines records, plain-text files or HTML pages.
//
// It detects the format of each stream (by the file's extension, then by
// sniffing its first bytes), decodes it and checks it. It does not extract or
// analyse anything: an Article carries the bytes as the source gave them, plus
// whatever metadata the source stated. Every problem comes back as an
// *InputError naming the file (and line), and reading goes on with the next
// record or file, so one bad line never loses a whole batch.
//
// # JSON Lines record contract
//
// One JSON object per line (blank lines are skipped). This contract is stable:
//
//	{"id":        "council-0042",                  optional; ≤ 200 bytes, printable, no spaces, '/', '\', '?', '#'
//	 "url":       "https://www.example.org/a/42",  optional; absolute http or https
//	 "outlet":    "Valley Courier",                optional; used only when url is absent
//	 "language":  "en",                            optional; ISO 639-1 ("en-GB" is read as "en")
//	 "published": "2024-05-02T18:30:00+02:00",     optional; RFC 3339, RFC 3339 without zone (UTC) or YYYY-MM-DD
//	 "title":     "Council Votes on Bridge",       optional
//	 "text":      "The council voted ..."}         required: "text" (plain text) or "html" (a whole page)
//
// Fields parallax does not know are kept in Article.Extra, never rejected.
// When both "text" and "html" are present, "text" is the body and "html" is
// kept in Extra. Null values count as absent; "id" may also be a JSON number.
//
// Article.Outlet is the URL's host (lower-case, without "www." and port) when a
// URL is given, else the "outlet" field trimmed, lower-cased, with its spaces
// collapsed. Article.ID is the record's id trimmed, or "" when absent (the
// pipeline then derives one with parallax.ContentID).
//
// A stream whose first non-space byte is '[' is read as a JSON array of such
// records, and a stream starting with a JSON object that does not end on its
// first line is read as a sequence of (pretty-printed) objects; both forms are
// meant for HTTP request bodies. Unlike JSON Lines, a syntax error there ends
// the stream, since there is no line to resume at.
//
// # WARC archives
//
// Files named .warc or .warc.gz, streams that start with "WARC/" (or whose
// first gzip member does), and any stream when the format is "warc" are read
// as WARC/1.0 or WARC/1.1 records, one at a time (see DecodeWARC). A
// "response" record holding a 2xx HTTP response with an HTML payload, and a
// "resource" record of type text/html, is an Article: URL and Outlet from
// WARC-Target-URI, Fetched from WARC-Date, Body the payload with its chunked
// transfer coding and gzip or deflate content coding undone, Origin
// "file.warc.gz#record N". Other records are skipped without an error. A bad
// record is an error naming its number and byte offset (in the uncompressed
// stream), and reading resumes at the next line that starts "WARC/".
//
// # Limits
//
// Options.MaxBytes bounds the text or HTML of one record or file, and the
// block of one WARC record (and its payload once decoded). A JSON line
// may be up to twice that plus 64 KiB (escapes and metadata) before it is
// skipped unread; oversized files are never read into memory whole.
package ingest
