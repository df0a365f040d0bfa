package ingest

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httputil"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"

	"github.com/parallax-news/parallax"
)

// WARC archives (ISO 28500, versions 1.0 and 1.1) are what web crawlers
// write: a sequence of records, each a version line, header fields, a blank
// line, a block of Content-Length bytes and two CRLFs. A .warc.gz is usually
// one gzip member per record, so that an index can point into it; it reads
// the same as one gzip stream.
//
// The reader streams: it holds one record's block at most (up to
// Options.MaxBytes), never the file.

// warcMaxHeader bounds the header of one record. Real headers are a few hundred
// bytes; a longer one is garbage that would otherwise be buffered.
const warcMaxHeader = 64 << 10

// warcHeadPeek is how much of an oversized block is read to tell an oversized
// page (an error) from an oversized image or video (skipped quietly).
const warcHeadPeek = 64 << 10

// WARCStats counts what a WARC reader did with the records of one stream.
type WARCStats struct {
	Records  int            // version lines found: every record, well-formed or not
	Articles int            // records that became articles
	Errors   int            // errors reported: bad records, garbage between records, read failures
	Skipped  map[string]int // records passed over, by reason: their WARC-Type ("request", "revisit", …), "not html", "status 404", "not http", "segmented"
}

func (s *WARCStats) skip(reason string) {
	if s.Skipped == nil {
		s.Skipped = map[string]int{}
	}
	s.Skipped[reason]++
}

// DecodeWARC reads a WARC stream, plain or gzip-compressed, like Decode with
// the format "warc", and counts in stats (when not nil) what it read and
// skipped. Skipped records are not errors and are not yielded.
func DecodeWARC(ctx context.Context, r io.Reader, name string, opt Options, stats *WARCStats) iter.Seq2[parallax.Article, error] {
	return func(yield func(parallax.Article, error) bool) {
		decodeWARC(ctx, bufio.NewReaderSize(r, bufSize), name, opt, stats, yield)
	}
}

// isWARCName reports whether a file name says WARC.
func isWARCName(name string) bool {
	name = strings.ToLower(name)
	return strings.HasSuffix(name, ".warc") || strings.HasSuffix(name, ".warc.gz")
}

var (
	warcMagic = []byte("WARC/")
	gzipMagic = []byte{0x1f, 0x8b}
)

// gunzipHead returns up to n bytes from the start of the gzip stream b holds
// the beginning of. err is io.ErrUnexpectedEOF when b is too short to tell.
func gunzipHead(b []byte, n int) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	out := make([]byte, n)
	k, err := io.ReadFull(zr, out)
	if err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return out[:k], err
}

// warcUndecided reports whether head, the first bytes of a stream, may be
// the start of a WARC file but is too short to tell, so sniffing must wait
// for more of a slow pipe.
func warcUndecided(head []byte) bool {
	if len(head) < len(warcMagic) && bytes.HasPrefix(warcMagic, head) {
		return true
	}
	if len(head) == 1 && head[0] == gzipMagic[0] {
		return true
	}
	if !bytes.HasPrefix(head, gzipMagic) {
		return false
	}
	got, err := gunzipHead(head, len(warcMagic))
	return len(got) < len(warcMagic) && errors.Is(err, io.ErrUnexpectedEOF) && bytes.HasPrefix(warcMagic, got)
}

// looksLikeWARC reports whether head starts a WARC file, plain or gzipped.
func looksLikeWARC(head []byte) bool {
	if bytes.HasPrefix(head, gzipMagic) {
		head, _ = gunzipHead(head, len(warcMagic))
	}
	return bytes.HasPrefix(head, warcMagic)
}

// replayReader reads pending bytes before r. When a record's Content-Length
// turns out too long, the records its block swallowed are put back here and
// read again. It also keeps the first read error that is not io.EOF, so the
// decoder can tell a truncated file from a failing one.
type replayReader struct {
	pending []byte
	r       io.Reader
	err     error
}

func (p *replayReader) Read(b []byte) (int, error) {
	if len(p.pending) > 0 {
		n := copy(b, p.pending)
		p.pending = p.pending[n:]
		return n, nil
	}
	n, err := p.r.Read(b)
	if err != nil && err != io.EOF && p.err == nil {
		p.err = err
	}
	return n, err
}

// gzipMembers reads concatenated gzip members as one stream, so a file of one
// member per record and a file of one member read the same. Unlike gzip's
// own multistream mode it returns the end of a member before looking for
// the next one, so a record piped in is read as soon as its member is in,
// not when the next record starts arriving.
type gzipMembers struct {
	z  *gzip.Reader
	br *bufio.Reader
}

func (m *gzipMembers) Read(p []byte) (int, error) {
	for {
		n, err := m.z.Read(p)
		if err != io.EOF {
			return n, err
		}
		if n > 0 {
			return n, nil // the next call finds the member's end again
		}
		if _, err := m.br.Peek(1); err != nil {
			return 0, err // io.EOF: no more members
		}
		if err := m.z.Reset(m.br); err != nil {
			return 0, err
		}
		m.z.Multistream(false)
	}
}

// warcDecoder reads the records of one stream.
type warcDecoder struct {
	ctx   context.Context
	name  string
	opt   Options
	gz    bool // offsets are in the uncompressed stream
	src   replayReader
	br    *bufio.Reader
	off   int64 // offset of the next byte br returns
	rec   int   // number of the current record, from 1
	stats *WARCStats
	yield func(parallax.Article, error) bool
	// readErrTold says the read error in src.err has been reported.
	readErrTold bool
}

func decodeWARC(ctx context.Context, br *bufio.Reader, name string, opt Options, stats *WARCStats, yield func(parallax.Article, error) bool) bool {
	if stats == nil {
		stats = &WARCStats{}
	}
	d := &warcDecoder{ctx: ctx, name: name, opt: opt, stats: stats, yield: yield}
	d.src.r = br
	if head, _ := br.Peek(len(gzipMagic)); bytes.Equal(head, gzipMagic) {
		// br is an io.ByteReader, so gzip does not read past what it needs.
		zr, err := gzip.NewReader(br)
		if err != nil {
			stats.Errors++
			return yield(parallax.Article{}, invalid(name, "cannot read: %v", err))
		}
		defer zr.Close()
		zr.Multistream(false)
		d.src.r, d.gz = &gzipMembers{z: zr, br: br}, true
	}
	d.br = bufio.NewReaderSize(&d.src, bufSize)
	return d.run()
}

// origin names record n for messages and Article.Origin.
func (d *warcDecoder) origin(n int) string { return d.name + "#record " + strconv.Itoa(n) }

// byteAt names an offset, to find it with a byte-offset tool (after zcat
// for a gzipped file).
func (d *warcDecoder) byteAt(off int64) string {
	if d.gz {
		return fmt.Sprintf("byte %d of the uncompressed stream", off)
	}
	return fmt.Sprintf("byte %d", off)
}

// fail reports a problem with record n, which starts at off. Once a read
// failed, what the reader saw on the way is a symptom: the read error is
// what is reported.
func (d *warcDecoder) fail(n int, off int64, format string, args ...any) bool {
	if d.src.err != nil && !d.readErrTold {
		d.readErrTold = true
		format, args = "cannot read: %v", []any{d.src.err}
	}
	d.stats.Errors++
	return d.yield(parallax.Article{}, invalid(d.origin(n), format+" (record at %s)", append(args, d.byteAt(off))...))
}

func (d *warcDecoder) run() bool {
	for {
		if err := d.ctx.Err(); err != nil {
			d.yield(parallax.Article{}, &InputError{Origin: d.origin(d.rec + 1), Err: err})
			return false
		}
		if d.src.err != nil {
			break // a corrupt gzip stream cannot be resumed
		}
		if !d.skipBlankLines() {
			break
		}
		start := d.off
		if !d.atVersionLine() {
			if !d.garbage(start) {
				return false
			}
			continue
		}
		d.rec++
		d.stats.Records++
		if !d.record(start) {
			return false
		}
	}
	if d.src.err != nil {
		if d.readErrTold {
			return true
		}
		return d.fail(d.rec+1, d.off, "cannot read: %v", d.src.err)
	}
	if d.rec == 0 && d.stats.Errors == 0 {
		d.stats.Errors++
		return d.yield(parallax.Article{}, invalid(d.name, "empty file: no WARC record"))
	}
	return true
}

// skipBlankLines passes over line ends before a record: writers sometimes
// put more than the two CRLFs after a block. It returns false at the end.
func (d *warcDecoder) skipBlankLines() bool {
	for {
		b, _ := d.br.Peek(2)
		switch {
		case len(b) == 0:
			return false
		case b[0] == '\n':
			d.discard(1)
		case len(b) == 2 && b[0] == '\r' && b[1] == '\n':
			d.discard(2)
		default:
			return true
		}
	}
}

// atVersionLine reports whether the next bytes start a record: "WARC/" and a digit.
func (d *warcDecoder) atVersionLine() bool {
	b, _ := d.br.Peek(len(warcMagic) + 1)
	return len(b) == len(warcMagic)+1 && bytes.HasPrefix(b, warcMagic) && b[len(warcMagic)] >= '0' && b[len(warcMagic)] <= '9'
}

// garbage reports the bytes at start, which are not a record, and skips to
// the next record. It returns false when iteration must stop.
func (d *warcDecoder) garbage(start int64) bool {
	b, _ := d.br.Peek(24)
	preview := string(b)
	found := d.resync()
	if d.src.err != nil {
		return d.fail(d.rec+1, start, "cannot read: %v", d.src.err) // garbage decoded from a corrupt stream
	}
	skipped := d.off - start
	if int64(len(preview)) > skipped {
		preview = preview[:skipped]
	}
	d.stats.Errors++
	if found {
		return d.yield(parallax.Article{}, invalid(d.origin(d.rec+1),
			"not a WARC record: %d bytes (%q…) before this record skipped (garbage at %s)", skipped, preview, d.byteAt(start)))
	}
	if d.rec == 0 {
		return d.yield(parallax.Article{}, invalid(d.name, "not a WARC file: no record found (it starts %q)", preview))
	}
	return d.yield(parallax.Article{}, invalid(d.origin(d.rec),
		"not a WARC record: %d bytes (%q…) after this record, to the end of the file, skipped (garbage at %s)", skipped, preview, d.byteAt(start)))
}

// resync skips to the next line that starts a record and reports whether
// there is one. The current position counts as a line start: after a block
// whose Content-Length was short it often is one, and a false match there
// only costs a "bad header" error.
func (d *warcDecoder) resync() bool {
	for {
		if d.atVersionLine() {
			return true
		}
		for { // through the end of the line, a buffer at a time
			chunk, err := d.br.ReadSlice('\n')
			d.off += int64(len(chunk))
			if err == nil {
				break
			}
			if err != bufio.ErrBufferFull {
				return false
			}
		}
	}
}

func (d *warcDecoder) discard(n int64) int64 {
	done := int64(0)
	for done < n {
		k, err := d.br.Discard(int(min(n-done, 1<<30)))
		done += int64(k)
		if err != nil {
			break
		}
	}
	d.off += done
	return done
}

// readLine reads one line (through '\n' or to the end), keeping at most
// limit bytes of it; long says it was cut.
func (d *warcDecoder) readLine(limit int) (line []byte, long bool, err error) {
	for {
		chunk, err := d.br.ReadSlice('\n')
		d.off += int64(len(chunk))
		if !long {
			if len(line)+len(chunk) > limit {
				long = true
				line = append(line, chunk[:limit-len(line)]...)
			} else {
				line = append(line, chunk...)
			}
		}
		if err != bufio.ErrBufferFull {
			return line, long, err
		}
	}
}

// replay puts back the part of a bad block from its first line that starts a
// record, so records a too-long Content-Length swallowed are read, and
// reports whether there was one. blockOff is the block's offset.
func (d *warcDecoder) replay(block []byte, blockOff int64) bool {
	for i := 0; ; {
		j := bytes.Index(block[i:], []byte("\nWARC/"))
		if j < 0 {
			return false
		}
		i += j + 1
		if i+len(warcMagic) < len(block) && block[i+len(warcMagic)] >= '0' && block[i+len(warcMagic)] <= '9' {
			buffered, _ := d.br.Peek(d.br.Buffered())
			pending := make([]byte, 0, len(block)-i+len(buffered)+len(d.src.pending))
			pending = append(append(append(pending, block[i:]...), buffered...), d.src.pending...)
			d.src.pending = pending
			d.br.Reset(&d.src)
			d.off = blockOff + int64(i)
			return true
		}
	}
}

// trailer consumes the two line ends after a block and reports whether they
// are there. CRLF is the standard; bare LFs are accepted since some writers
// use them, and so is a file that ends right after the block. On false
// nothing is consumed.
func (d *warcDecoder) trailer() bool {
	b, _ := d.br.Peek(4)
	n := 0
	for ends := 0; ends < 2; ends++ {
		switch {
		case n == len(b):
			d.discard(int64(n))
			return true // the end of the file
		case b[n] == '\n':
			n++
		case b[n] == '\r' && n+1 < len(b) && b[n+1] == '\n':
			n += 2
		case b[n] == '\r' && n+1 == len(b):
			n++ // a final CR, then the end of the file
		default:
			return false
		}
	}
	d.discard(int64(n))
	return true
}

// fields holds header fields by lower-case name. Folded (continuation) lines
// are joined with a space; of repeated fields the first is kept, since none
// the reader uses may repeat.
type fields struct {
	m       map[string]string
	last    string // the field a continuation line continues; "" for a dropped repeat
	inField bool   // a field was read, so a continuation line may follow
}

// add reads one non-empty header line, without its line end. It returns
// false for a line that is not a field.
func (f *fields) add(line string) bool {
	if line[0] == ' ' || line[0] == '\t' {
		if !f.inField {
			return false
		}
		if f.last != "" {
			f.m[f.last] += " " + strings.TrimSpace(line)
		}
		return true
	}
	name, value, ok := strings.Cut(line, ":")
	if !ok || name == "" || strings.ContainsAny(name, " \t\x00\x7f") {
		f.inField = false
		return false
	}
	name = strings.ToLower(name)
	f.inField, f.last = true, name
	if _, dup := f.m[name]; dup {
		f.last = ""
		return true
	}
	f.m[name] = strings.TrimSpace(value)
	return true
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// errTruncated says the file ended inside a header.
var errTruncated = errors.New("truncated")

// readHeader reads the version line and header fields of a record, up to the
// blank line that ends them.
func (d *warcDecoder) readHeader() (map[string]string, error) {
	line, long, err := d.readLine(64)
	version := string(trimEOL(line))
	switch {
	case err != nil:
		return nil, errTruncated
	case long:
		return nil, fmt.Errorf("version line %q… is not WARC/1.0 or WARC/1.1", version)
	}
	switch version {
	case "WARC/1.0", "WARC/1.1", "WARC/0.17", "WARC/0.18":
	default:
		return nil, fmt.Errorf("version line %q is not WARC/1.0 or WARC/1.1", version)
	}
	f := fields{m: map[string]string{}}
	for total := 0; ; {
		if d.atVersionLine() {
			// The blank line is missing; stop here so the next record is read.
			return nil, errors.New("the header does not end with a blank line")
		}
		line, long, err := d.readLine(warcMaxHeader - total)
		total += len(line)
		switch {
		case long:
			return nil, fmt.Errorf("the header is over %d bytes", warcMaxHeader)
		case err != nil && (len(line) == 0 || line[len(line)-1] != '\n'):
			return nil, errTruncated
		}
		line = trimEOL(line)
		if len(line) == 0 {
			return f.m, nil
		}
		if !f.add(string(line)) {
			return nil, fmt.Errorf("line %q is not a header field", clip(line, 40))
		}
	}
}

// clip shortens b for a message.
func clip(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	return string(b[:n]) + "…"
}

// record reads one record, whose version line starts at start, and yields
// its article or error. It returns false when iteration must stop.
func (d *warcDecoder) record(start int64) bool {
	n := d.rec
	h, err := d.readHeader()
	if err == errTruncated {
		return d.fail(n, start, "truncated record: the file ends inside its header")
	}
	if err != nil {
		d.resync()
		return d.fail(n, start, "bad header: %v", err)
	}
	length, err := strconv.ParseInt(h["content-length"], 10, 64)
	if err != nil || length < 0 {
		d.resync()
		if _, ok := h["content-length"]; !ok {
			return d.fail(n, start, "bad header: no Content-Length")
		}
		return d.fail(n, start, "bad header: invalid Content-Length %q", h["content-length"])
	}
	typ := strings.ToLower(h["warc-type"])
	if typ == "" {
		typ = "no type"
	}
	// Every record but a response or a resource is skipped, and so are
	// segments of a record split across several (rare, and never whole).
	reason := ""
	switch {
	case typ != "response" && typ != "resource":
		reason = typ
	case h["warc-segment-number"] != "":
		reason = "segmented"
	}
	if reason != "" {
		return d.skipBlock(n, start, length, length, reason)
	}
	if limit := d.opt.maxBytes(); length > limit {
		return d.oversized(n, start, typ, h, length, limit)
	}

	blockOff := d.off
	var buf bytes.Buffer
	// Grown as bytes arrive, so a false Content-Length costs no memory.
	got, _ := io.CopyN(&buf, d.br, length)
	d.off += got
	block := buf.Bytes()
	if got < length {
		if d.src.err == nil && d.replay(block, blockOff) {
			return d.fail(n, start, "Content-Length %d runs past the end of the file; read again from the next record inside it", length)
		}
		return d.fail(n, start, "Content-Length %d runs past the end of the file (%d bytes left)", length, got)
	}
	if !d.trailer() {
		if !d.replay(block, blockOff) {
			d.resync()
		}
		return d.fail(n, start, "the block does not end where Content-Length %d says (no CRLF CRLF after it); record skipped", length)
	}
	body, ctype, reason, err := warcPage(typ, h, block, d.opt.maxBytes())
	switch {
	case err != nil:
		return d.fail(n, start, "%v", err)
	case reason != "":
		d.stats.skip(reason)
		return true
	}
	a, err := d.article(h, body, ctype)
	if err != nil {
		return d.fail(n, start, "%v", err)
	}
	a.Origin = d.origin(n)
	d.stats.Articles++
	return d.yield(a, nil)
}

// skipBlock passes over the rest of a block that cannot hold an article,
// without buffering it, and counts why.
func (d *warcDecoder) skipBlock(n int, start, length, rest int64, reason string) bool {
	if got := d.discard(rest); got < rest {
		return d.fail(n, start, "Content-Length %d runs past the end of the file (%d bytes left)", length, length-rest+got)
	}
	if !d.trailer() {
		d.resync()
		return d.fail(n, start, "the block does not end where Content-Length %d says (no CRLF CRLF after it)", length)
	}
	d.stats.skip(reason)
	return true
}

// oversized handles a record whose block is over the limit: one that would
// be a page is refused with an error, others (images, videos) are skipped
// as usual. Either way the block is read through, not kept.
func (d *warcDecoder) oversized(n int, start int64, typ string, h map[string]string, length, limit int64) bool {
	blockOff := d.off
	head := make([]byte, min(length, warcHeadPeek))
	got, _ := io.ReadFull(d.br, head)
	d.off += int64(got)
	if got < len(head) {
		if d.src.err == nil && d.replay(head[:got], blockOff) {
			return d.fail(n, start, "Content-Length %d runs past the end of the file; read again from the next record inside it", length)
		}
		return d.fail(n, start, "Content-Length %d runs past the end of the file (%d bytes left)", length, got)
	}
	_, _, reason, _ := warcPage(typ, h, head, -1)
	if reason != "" {
		return d.skipBlock(n, start, length, length-int64(got), reason)
	}
	if rest := length - int64(got); d.discard(rest) < rest {
		return d.fail(n, start, "record too large and truncated: Content-Length %d is over the limit of %d bytes and runs past the end of the file", length, limit)
	}
	if !d.trailer() {
		d.resync()
	}
	return d.fail(n, start, "record too large: Content-Length %d is over the limit of %d bytes; skipped", length, limit)
}

// warcPage returns the HTML page a response or resource block holds, with
// its Content-Type, or why it holds none (a skip reason), or an error. With
// limit < 0, block is only the start of a block and warcPage only decides
// whether to skip it (reason) or not ("").
func warcPage(typ string, h map[string]string, block []byte, limit int64) (body []byte, ctype, reason string, err error) {
	if typ == "resource" {
		// A resource block is the document itself, typed by the record.
		ctype = h["content-type"]
		if !isHTMLType(mediaType(ctype)) {
			return nil, "", "not html", nil
		}
		return block, ctype, "", nil
	}
	if mt := mediaType(h["content-type"]); mt != "" && mt != "application/http" {
		return nil, "", "not http", nil // DNS lookups and the like
	}
	status, hdr, payload, ok := parseHTTPHead(block)
	if !ok {
		if limit < 0 {
			return nil, "", "", nil // cannot tell: treated as a page, so the size is reported
		}
		return nil, "", "", errors.New("bad HTTP response: no status line")
	}
	switch {
	case status < 200 || status > 299:
		return nil, "", "status " + strconv.Itoa(status), nil
	case status == 204 || status == 205 || status == 206:
		// No content, or part of one: never a whole page.
		return nil, "", "status " + strconv.Itoa(status), nil
	}
	ctype = hdr["content-type"]
	mt := mediaType(ctype)
	if mt != "" && !isHTMLType(mt) {
		return nil, "", "not html", nil
	}
	if limit < 0 {
		return nil, "", "", nil
	}
	if strings.Contains(strings.ToLower(hdr["transfer-encoding"]), "chunked") {
		if payload, err = dechunk(payload, limit); err != nil {
			return nil, "", "", err
		}
	}
	if payload, err = decodeContent(hdr["content-encoding"], payload, limit); err != nil {
		return nil, "", "", err
	}
	if mt == "" && !strings.HasPrefix(http.DetectContentType(payload), "text/html") {
		return nil, "", "not html", nil // no Content-Type and not HTML by its bytes
	}
	return payload, ctype, "", nil
}

// parseHTTPHead reads the status line and header fields of an HTTP response
// and returns its payload. It is lenient, as archived responses are what
// servers sent: header lines that are not fields are ignored.
func parseHTTPHead(block []byte) (status int, hdr map[string]string, payload []byte, ok bool) {
	line, rest, _ := bytes.Cut(block, []byte("\n"))
	parts := strings.Fields(string(trimEOL(line)))
	if len(parts) < 2 || !strings.HasPrefix(parts[0], "HTTP/") || len(parts[1]) != 3 {
		return 0, nil, nil, false
	}
	status, err := strconv.Atoi(parts[1])
	if err != nil || status < 100 {
		return 0, nil, nil, false
	}
	f := fields{m: map[string]string{}}
	for len(rest) > 0 {
		line, after, found := bytes.Cut(rest, []byte("\n"))
		if !found {
			return status, f.m, nil, true // no blank line: headers only, no payload
		}
		rest = after
		line = trimEOL(line)
		if len(line) == 0 {
			break
		}
		f.add(string(line))
	}
	return status, f.m, rest, true
}

// mediaType returns the lower-case media type of a Content-Type value.
func mediaType(ctype string) string {
	mt, _, _ := strings.Cut(ctype, ";")
	return strings.ToLower(strings.TrimSpace(mt))
}

func isHTMLType(mt string) bool { return mt == "text/html" || mt == "application/xhtml+xml" }

// dechunk decodes a chunked payload. A payload whose first line is not a
// chunk size was stored already decoded (some crawlers do so but keep the
// header), and is returned as it is.
func dechunk(p []byte, limit int64) ([]byte, error) {
	first, _, _ := bytes.Cut(p, []byte("\n"))
	size, _, _ := bytes.Cut(trimEOL(first), []byte(";"))
	size = bytes.TrimSpace(size)
	if len(size) == 0 || bytes.IndexFunc(size, func(r rune) bool {
		return !('0' <= r && r <= '9' || 'a' <= r && r <= 'f' || 'A' <= r && r <= 'F')
	}) >= 0 {
		return p, nil
	}
	out, err := readCapped(httputil.NewChunkedReader(bytes.NewReader(p)), limit)
	if err != nil {
		return nil, fmt.Errorf("bad chunked payload: %v", err)
	}
	return out, nil
}

// decodeContent undoes a Content-Encoding, last applied first. Crawlers
// store payloads as sent, so a page is usually still compressed; one that
// does not start as the encoding would was stored decoded, and is kept.
func decodeContent(enc string, p []byte, limit int64) ([]byte, error) {
	codings := strings.Split(strings.ToLower(enc), ",")
	for i := len(codings) - 1; i >= 0; i-- {
		var r io.Reader
		switch c := strings.TrimSpace(codings[i]); c {
		case "", "identity":
			continue
		case "gzip", "x-gzip":
			if !bytes.HasPrefix(p, gzipMagic) {
				continue
			}
			zr, err := gzip.NewReader(bytes.NewReader(p))
			if err != nil {
				return nil, fmt.Errorf("bad gzip payload: %v", err)
			}
			r = zr
		case "deflate":
			// "deflate" is zlib by the standard, raw deflate by some servers.
			if zr, err := zlib.NewReader(bytes.NewReader(p)); err == nil {
				r = zr
			} else {
				r = flate.NewReader(bytes.NewReader(p))
			}
		default:
			return nil, fmt.Errorf("unsupported Content-Encoding %q", c)
		}
		out, err := readCapped(r, limit)
		if err != nil {
			return nil, fmt.Errorf("bad %s payload: %v", strings.TrimSpace(codings[i]), err)
		}
		p = out
	}
	return p, nil
}

// readCapped reads r to its end, refusing more than limit bytes: a small
// compressed payload may expand to gigabytes.
func readCapped(r io.Reader, limit int64) ([]byte, error) {
	out, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(out)) > limit {
		return nil, fmt.Errorf("over the limit of %d bytes once decoded", limit)
	}
	return out, nil
}

// article builds the article of a page: the target URI names it and its
// outlet, and WARC-Date is when it was fetched.
func (d *warcDecoder) article(h map[string]string, body []byte, ctype string) (parallax.Article, error) {
	body = htmlToUTF8(body, ctype)
	if err := checkText(body, false); err != nil {
		return parallax.Article{}, err
	}
	// WARC/1.0 showed the URI in angle brackets, and some writers kept them.
	target := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(h["warc-target-uri"]), "<"), ">")
	if target == "" {
		// The standard requires one, and without it the page has no outlet.
		return parallax.Article{}, parallax.Errorf(parallax.EInvalid, "bad header: no WARC-Target-URI")
	}
	u, outlet, err := parseURL(target)
	if err != nil {
		return parallax.Article{}, err
	}
	fetched, ok := parseWARCDate(h["warc-date"])
	if !ok {
		fetched = d.opt.now()
	}
	return parallax.Article{
		URL:         u,
		Outlet:      outlet,
		ContentType: parallax.ContentHTML,
		Body:        body,
		Fetched:     fetched,
	}, nil
}

// htmlToUTF8 converts a page that is not UTF-8 using the charset its
// Content-Type or its own meta tags declare; toUTF8 knows only the latter.
func htmlToUTF8(page []byte, ctype string) []byte {
	if utf8.Valid(page) {
		return page
	}
	if ctype == "" {
		ctype = "text/html"
	}
	enc, name, _ := charset.DetermineEncoding(page, ctype)
	if enc == nil || name == "utf-8" {
		return page
	}
	out, err := enc.NewDecoder().Bytes(page)
	if err != nil {
		return page
	}
	return out
}

// warcDateLayouts are the forms of WARC-Date: W3C date-times, to the second
// in WARC/1.0 and to any precision in WARC/1.1.
var warcDateLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02", "2006-01", "2006"}

func parseWARCDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range warcDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
