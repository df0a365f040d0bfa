package ingest

import (
	"bufio"
	"bytes"
	"io"
	"unicode/utf8"

	"golang.org/x/net/html/charset"

	"github.com/parallax-news/parallax"
)

// decodeFile reads a whole plain-text or HTML stream as one article.
func decodeFile(br *bufio.Reader, name, contentType string, opt Options, yield func(parallax.Article, error) bool) bool {
	limit := opt.maxBytes()
	// Read one byte past the limit, never more: a 50 MB file costs MaxBytes of memory.
	body, err := io.ReadAll(io.LimitReader(br, limit+1))
	if err != nil {
		return yield(parallax.Article{}, invalid(name, "cannot read: %w", err))
	}
	if int64(len(body)) > limit {
		return yield(parallax.Article{}, invalid(name, "file too large: over the limit of %d bytes", limit))
	}
	if contentType == parallax.ContentHTML {
		body = toUTF8(body)
	}
	if err := checkText(body, true); err != nil {
		return yield(parallax.Article{}, &InputError{Origin: name, Err: err})
	}
	return yield(parallax.Article{
		Origin:      name,
		ContentType: contentType,
		Body:        body,
		Fetched:     opt.now(),
	}, nil)
}

// toUTF8 converts an HTML page that is not UTF-8 but declares another charset
// (windows-1251 is common on Russian sites) to UTF-8. Pages that are valid
// UTF-8 are returned as they are, whatever they declare.
func toUTF8(page []byte) []byte {
	if utf8.Valid(page) {
		return page
	}
	enc, name, _ := charset.DetermineEncoding(page, "text/html")
	if enc == nil || name == "utf-8" {
		return page
	}
	out, err := enc.NewDecoder().Bytes(page)
	if err != nil {
		return page
	}
	return out
}

// checkText reports why b cannot be an article body: empty, binary or not
// UTF-8. It returns an EInvalid *parallax.Error, or nil. whole says whether b
// is a whole file (for the wording of the messages).
func checkText(b []byte, whole bool) error {
	what := "text"
	if whole {
		what = "file"
	}
	if len(bytes.TrimSpace(bytes.TrimPrefix(b, bom))) == 0 {
		return parallax.Errorf(parallax.EInvalid, "empty %s", what)
	}
	if i := bytes.IndexByte(b, 0); i >= 0 {
		return parallax.Errorf(parallax.EInvalid, "binary %s: NUL byte at offset %d", what, i)
	}
	if mostlyNonText(b) {
		return parallax.Errorf(parallax.EInvalid, "binary %s: mostly non-text bytes", what)
	}
	if off, ok := invalidUTF8(b); ok {
		line := 1 + bytes.Count(b[:off], []byte{'\n'})
		return parallax.Errorf(parallax.EInvalid, "invalid UTF-8 at byte offset %d (line %d)", off, line)
	}
	return nil
}

// mostlyNonText reports whether more than a tenth of the first 64 KiB are
// control characters or bytes outside UTF-8 — an image or archive, say, as
// opposed to a text in a legacy encoding, which has a few stray bytes.
func mostlyNonText(b []byte) bool {
	if len(b) > 64<<10 {
		b = b[:64<<10]
	}
	bad := 0
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			// A rune cut by the 64 KiB window is not evidence of binary data.
			if len(b)-i >= utf8.UTFMax {
				bad++
			}
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\v', r == 0x7f:
			bad++
		}
		i += size
	}
	return bad*10 > len(b)
}

// invalidUTF8 returns the byte offset of the first invalid UTF-8 sequence in b.
func invalidUTF8(b []byte) (int, bool) {
	if utf8.Valid(b) {
		return 0, false
	}
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return i, true
		}
		i += size
	}
	return 0, false // unreachable: utf8.Valid said there is one
}
