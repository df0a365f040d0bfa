package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/parallax-news/parallax"
)

// DefaultMaxBytes is the size limit of one record's or file's text when
// Options.MaxBytes is 0.
const DefaultMaxBytes = 4 << 20

// Formats Options.Format accepts besides "" and "auto".
const (
	FormatJSONL = "jsonl"
	FormatText  = "text"
	FormatHTML  = "html"
	FormatWARC  = "warc" // web archives, plain or gzip-compressed (see DecodeWARC)
)

// Options controls how sources are read. The zero value detects formats, uses
// DefaultMaxBytes and the wall clock, and has no standard input.
type Options struct {
	Format   string           // "", "auto", "jsonl", "text", "html", "warc": force a format; ""/"auto" detect
	MaxBytes int64            // per-record size limit (bytes of text/html); 0 means DefaultMaxBytes (4 MiB)
	Stdin    io.Reader        // used for the path "-"
	Now      func() time.Time // clock for Article.Fetched; nil means time.Now
}

func (o Options) maxBytes() int64 {
	if o.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return o.MaxBytes
}

func (o Options) now() time.Time {
	if o.Now == nil {
		return time.Now()
	}
	return o.Now()
}

// InputError is a problem with one input: a file, or one record of it. It
// names where the problem is, so a user can find and fix it.
type InputError struct {
	Origin string // "path:line" or "path"
	Err    error  // a *parallax.Error with code EInvalid, or the context's error on cancellation
}

// Error returns one line: the origin, then what is wrong.
func (e *InputError) Error() string { return e.Origin + ": " + e.Err.Error() }

// Unwrap returns the cause, a *parallax.Error with code EInvalid.
func (e *InputError) Unwrap() error { return e.Err }

// invalid builds the usual InputError: origin plus an EInvalid message.
func invalid(origin, format string, args ...any) *InputError {
	return &InputError{Origin: origin, Err: parallax.Errorf(parallax.EInvalid, format, args...)}
}

// Read yields the articles found in paths (files, folders read recursively in
// lexical order, "-" for stdin). Every problem is yielded as an error of type
// *InputError, and reading goes on with the next record/file.
//
// In folders, hidden files and dot-directories are skipped, and so are files
// whose extension is not one ingest reads (.jsonl, .ndjson, .json, .html, .htm,
// .txt, .md, .warc, .warc.gz, or none), so a folder of images yields nothing rather than a
// stream of errors. A path named explicitly is always read.
//
// When ctx is done, Read yields one *InputError wrapping ctx.Err() and stops.
func Read(ctx context.Context, paths []string, opt Options) iter.Seq2[parallax.Article, error] {
	return func(yield func(parallax.Article, error) bool) {
		for _, p := range paths {
			if !readPath(ctx, p, opt, yield) {
				return
			}
		}
	}
}

// readPath reads one command-line path; it returns false when iteration must stop.
func readPath(ctx context.Context, p string, opt Options, yield func(parallax.Article, error) bool) bool {
	if err := ctx.Err(); err != nil {
		yield(parallax.Article{}, &InputError{Origin: p, Err: err})
		return false
	}
	if p == "-" {
		if opt.Stdin == nil {
			return yield(parallax.Article{}, invalid("stdin", "no standard input to read"))
		}
		return decode(ctx, opt.Stdin, "stdin", opt, yield)
	}
	info, err := os.Stat(p)
	if err != nil {
		return yield(parallax.Article{}, invalid(p, "cannot read: %s", pathErrText(err)))
	}
	if !info.IsDir() {
		return readFile(ctx, p, opt, yield)
	}
	stopped := false
	// The walk function reports every error itself and never returns one.
	_ = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if !yield(parallax.Article{}, invalid(path, "cannot read: %s", pathErrText(err))) {
				stopped = true
				return filepath.SkipAll
			}
			return nil // WalkDir skips an unreadable folder by itself
		}
		if path != p && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() || !readableExt(path) {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// Follow links to files but never to folders, which could loop.
			if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
				return nil
			}
		} else if !d.Type().IsRegular() {
			return nil
		}
		if !readFile(ctx, path, opt, yield) {
			stopped = true
			return filepath.SkipAll
		}
		return nil
	})
	return !stopped
}

// pathErrText drops the path an *fs.PathError repeats, since the origin names it already.
func pathErrText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func readableExt(path string) bool {
	if isWARCName(path) {
		return true
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case "", ".jsonl", ".ndjson", ".json", ".html", ".htm", ".txt", ".md":
		return true
	}
	return false
}

func readFile(ctx context.Context, path string, opt Options, yield func(parallax.Article, error) bool) bool {
	f, err := os.Open(path)
	if err != nil {
		return yield(parallax.Article{}, invalid(path, "cannot read: %s", pathErrText(err)))
	}
	defer f.Close()
	return decode(ctx, f, path, opt, yield)
}

// Decode reads one stream (used by the HTTP API for POST bodies and by Read for
// each file): name is used in origins, and its extension, if any, picks the
// format when opt.Format does not force one. Errors are *InputError values, as
// for Read.
func Decode(ctx context.Context, r io.Reader, name string, opt Options) iter.Seq2[parallax.Article, error] {
	return func(yield func(parallax.Article, error) bool) {
		decode(ctx, r, name, opt, yield)
	}
}

// bufSize is the read buffer of a stream: sniffing looks at most this far ahead.
const bufSize = 64 << 10

func decode(ctx context.Context, r io.Reader, name string, opt Options, yield func(parallax.Article, error) bool) bool {
	if err := ctx.Err(); err != nil {
		yield(parallax.Article{}, &InputError{Origin: name, Err: err})
		return false
	}
	br := bufio.NewReaderSize(r, bufSize)
	format, err := pickFormat(opt.Format, name, br)
	if err != nil {
		var ie *InputError
		if errors.As(err, &ie) {
			return yield(parallax.Article{}, ie)
		}
		return yield(parallax.Article{}, invalid(name, "cannot read: %w", err))
	}
	switch format {
	case FormatJSONL:
		return decodeJSON(ctx, br, name, opt, yield)
	case FormatHTML:
		return decodeFile(br, name, parallax.ContentHTML, opt, yield)
	case FormatWARC:
		return decodeWARC(ctx, br, name, opt, nil, yield)
	default:
		return decodeFile(br, name, parallax.ContentText, opt, yield)
	}
}

// pickFormat returns the forced format, else the one the name's extension
// says, else the one the content looks like.
func pickFormat(forced, name string, br *bufio.Reader) (string, error) {
	switch strings.ToLower(strings.TrimSpace(forced)) {
	case "", "auto":
	case FormatJSONL, "ndjson", "json":
		return FormatJSONL, nil
	case FormatText, "txt":
		return FormatText, nil
	case FormatHTML, "htm":
		return FormatHTML, nil
	case FormatWARC:
		return FormatWARC, nil
	default:
		return "", invalid(name, "unknown format %q: want auto, jsonl, text, html or warc", forced)
	}
	if isWARCName(name) {
		return FormatWARC, nil
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jsonl", ".ndjson", ".json":
		return FormatJSONL, nil
	case ".html", ".htm":
		return FormatHTML, nil
	}
	// Enough to see the first non-space byte and a tag name after it, or
	// whether the stream (or its first gzip member) starts with "WARC/".
	head, err := peekUntil(br, func(b []byte) bool {
		if warcUndecided(b) {
			return false
		}
		b = bytes.TrimLeft(bytes.TrimPrefix(b, bom), " \t\r\n\f")
		return len(b) >= len("<!doctype html") || len(b) > 0 && b[0] != '<'
	})
	if err != nil {
		return "", err
	}
	return sniff(head), nil
}

// peekUntil returns the buffered start of br, reading more only until enough
// says it is enough, the buffer is full or the stream ends. Unlike one large
// Peek, it does not wait for a slow pipe to fill the whole buffer before the
// first record can be read.
func peekUntil(br *bufio.Reader, enough func([]byte) bool) ([]byte, error) {
	for n := 1; ; {
		b, err := br.Peek(n)
		switch {
		case err == io.EOF || err == bufio.ErrBufferFull:
			return b, nil
		case err != nil:
			return b, err
		case enough(b):
			return b, nil
		}
		n = max(n+1, br.Buffered()) // look at all that is buffered before reading more
		if n == len(b) {
			n++
		}
	}
}

// sniff guesses a format from the first bytes of a stream.
func sniff(head []byte) string {
	if looksLikeWARC(head) {
		return FormatWARC
	}
	head = bytes.TrimPrefix(head, bom)
	head = bytes.TrimLeft(head, " \t\r\n\f")
	if len(head) == 0 {
		return FormatText
	}
	switch head[0] {
	case '{', '[':
		return FormatJSONL
	case '<':
		if looksLikeHTML(head) {
			return FormatHTML
		}
	}
	return FormatText
}

var bom = []byte("\xef\xbb\xbf")

// htmlStarts are the openings of an HTML page, or of a fragment of one.
var htmlStarts = []string{
	"<!doctype html", "<html", "<head", "<body", "<!--", "<meta", "<title", "<article",
	"<main", "<section", "<div", "<p", "<h1", "<h2", "<h3", "<script", "<style", "<link", "<?xml",
}

func looksLikeHTML(head []byte) bool {
	for _, s := range htmlStarts {
		if len(head) < len(s) || !bytes.EqualFold(head[:len(s)], []byte(s)) {
			continue
		}
		if s == "<!--" || s == "<?xml" || s == "<!doctype html" {
			return true
		}
		// A tag name must end here: "<p>" and "<p class" are HTML, "<pending>" is not.
		if len(head) == len(s) {
			return true
		}
		switch head[len(s)] {
		case '>', ' ', '\t', '\r', '\n', '/':
			return true
		}
	}
	return false
}
