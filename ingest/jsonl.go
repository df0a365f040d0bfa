package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/parallax-news/parallax"
)

// lineLimit is the longest JSON line or record read: the text limit, room for
// escapes (a non-ASCII text may double), and metadata.
func lineLimit(maxBytes int64) int64 { return 2*maxBytes + 64<<10 }

// decodeJSON reads JSON Lines, or a JSON array or sequence of multi-line
// objects, picked by how the stream starts (see the package comment).
func decodeJSON(ctx context.Context, br *bufio.Reader, name string, opt Options, yield func(parallax.Article, error) bool) bool {
	if head, _ := br.Peek(len(bom)); bytes.Equal(head, bom) {
		br.Discard(len(bom))
	}
	// Read up to the end of the first line that holds something: enough to
	// tell an array, a pretty-printed object and JSON Lines apart.
	head, err := peekUntil(br, func(b []byte) bool {
		b = bytes.TrimLeft(b, " \t\r\n\f")
		return len(b) > 0 && (b[0] != '{' || bytes.IndexByte(b, '\n') >= 0)
	})
	if err != nil {
		return yield(parallax.Article{}, invalid(name, "cannot read: %w", err))
	}
	rest := bytes.TrimLeft(head, " \t\r\n\f")
	switch {
	case len(head) < bufSize && len(rest) == 0:
		return yield(parallax.Article{}, invalid(name, "empty file"))
	case len(rest) > 0 && rest[0] == '[':
		return decodeStream(ctx, br, name, true, opt, yield)
	case len(rest) > 0 && rest[0] == '{' && opensMultiLine(rest):
		return decodeStream(ctx, br, name, false, opt, yield)
	}
	return decodeLines(ctx, br, name, opt, yield)
}

// opensMultiLine reports whether s starts with a pretty-printed object: its
// first line is not a whole JSON value and stops where a value continues
// ("{", "[", ",", ":"), unlike a truncated JSON line, which stops anywhere.
func opensMultiLine(s []byte) bool {
	i := bytes.IndexByte(s, '\n')
	if i < 0 {
		return false // one line only, or longer than the look-ahead: JSON Lines
	}
	first := bytes.TrimSpace(s[:i])
	if json.Valid(first) || len(first) == 0 {
		return false
	}
	switch first[len(first)-1] {
	case '{', '[', ',', ':':
		return true
	}
	return false
}

// decodeLines reads JSON Lines: one record per line, blank lines skipped, and
// a bad line reported with its number before going on with the next.
func decodeLines(ctx context.Context, br *bufio.Reader, name string, opt Options, yield func(parallax.Article, error) bool) bool {
	limit := lineLimit(opt.maxBytes())
	records := 0
	for lineNo := 1; ; lineNo++ {
		if err := ctx.Err(); err != nil {
			yield(parallax.Article{}, &InputError{Origin: fmt.Sprintf("%s:%d", name, lineNo), Err: err})
			return false
		}
		line, tooLong, err := readLine(br, limit)
		origin := fmt.Sprintf("%s:%d", name, lineNo)
		switch {
		case tooLong:
			records++
			if !yield(parallax.Article{}, invalid(origin, "record too large: line is over %d bytes, skipped", limit)) {
				return false
			}
		case len(bytes.TrimSpace(line)) > 0:
			records++
			if !yield(parseRecord(line, origin, opt)) {
				return false
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return yield(parallax.Article{}, invalid(origin, "cannot read: %w", err))
		}
	}
	if records == 0 {
		return yield(parallax.Article{}, invalid(name, "empty file"))
	}
	return true
}

// readLine returns the next line of br, at most limit bytes of it. A longer
// line is read through to its end in buffer-sized pieces and dropped, so its
// size never costs memory; tooLong reports it. The returned slice is valid
// until the next read.
func readLine(br *bufio.Reader, limit int64) (line []byte, tooLong bool, err error) {
	chunk, err := br.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		if int64(len(chunk)) > limit {
			return nil, true, err
		}
		return chunk, false, err // the common case: no copy
	}
	buf := append([]byte(nil), chunk...)
	for err == bufio.ErrBufferFull {
		chunk, err = br.ReadSlice('\n')
		if !tooLong && int64(len(buf)+len(chunk)) > limit {
			tooLong, buf = true, nil
		}
		if !tooLong {
			if len(buf)+len(chunk) > cap(buf) {
				// Double the buffer: append's gentler growth for large slices
				// would allocate several times the line's size on the way.
				grown := make([]byte, len(buf), min(max(2*cap(buf), len(buf)+len(chunk)), int(limit)))
				copy(grown, buf)
				buf = grown
			}
			buf = append(buf, chunk...)
		}
	}
	return buf, tooLong, err
}

// errRecordTooLarge stops a JSON decoder that has read too far into one value.
var errRecordTooLarge = errors.New("record too large")

// decodeStream reads a JSON array of records (array) or a sequence of JSON
// objects (pretty-printed, concatenated). A syntax error ends the stream: a
// JSON decoder cannot find the start of the next value after one.
func decodeStream(ctx context.Context, br *bufio.Reader, name string, array bool, opt Options, yield func(parallax.Article, error) bool) bool {
	cr := &countingReader{r: br, limit: lineLimit(opt.maxBytes())}
	dec := json.NewDecoder(cr)
	// fail reports a decoder error at the line where the decoder stopped.
	fail := func(err error) bool {
		off := dec.InputOffset()
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off = se.Offset
		}
		origin := fmt.Sprintf("%s:%d", name, cr.line(off))
		switch {
		case errors.Is(err, errRecordTooLarge):
			return yield(parallax.Article{}, invalid(origin, "record too large: over %d bytes; rest of the stream skipped", cr.limit))
		case se != nil:
			return yield(parallax.Article{}, invalid(origin, "invalid JSON: %v; rest of the stream skipped", err))
		case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
			return yield(parallax.Article{}, invalid(origin, "invalid JSON: unexpected end of input"))
		}
		return yield(parallax.Article{}, invalid(origin, "cannot read: %w", err))
	}
	if array {
		if _, err := dec.Token(); err != nil { // the '[' sniffing saw
			return fail(err)
		}
	}
	for !array || dec.More() {
		if err := ctx.Err(); err != nil {
			yield(parallax.Article{}, &InputError{Origin: name, Err: err})
			return false
		}
		cr.start = dec.InputOffset()
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if !array && err == io.EOF {
			return true
		}
		if err != nil {
			return fail(err)
		}
		origin := fmt.Sprintf("%s:%d", name, cr.line(dec.InputOffset()-int64(len(raw))))
		if !yield(parseRecord(raw, origin, opt)) {
			return false
		}
	}
	if _, err := dec.Token(); err != nil { // the closing ']'
		return fail(err)
	}
	return true
}

// countingReader tracks newline offsets so a JSON decoder's byte offsets can be
// told as line numbers, and stops a decoder reading past limit bytes into one
// value (from start), so one huge value is never buffered whole.
type countingReader struct {
	r      io.Reader
	pos    int64   // bytes read so far
	start  int64   // offset where the current value starts
	limit  int64   // longest value allowed
	before int     // newlines before nl[0]
	nl     []int64 // offsets of newlines not yet passed by line
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.pos-c.start > c.limit {
		return 0, errRecordTooLarge
	}
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b == '\n' {
			c.nl = append(c.nl, c.pos+int64(i))
		}
	}
	c.pos += int64(n)
	return n, err
}

// line returns the 1-based line of byte offset off. Offsets asked for never go
// backwards much, so newlines before off are forgotten and memory stays small.
func (c *countingReader) line(off int64) int {
	i := 0
	for i < len(c.nl) && c.nl[i] < off {
		i++
	}
	c.before += i
	c.nl = c.nl[i:]
	return c.before + 1
}
