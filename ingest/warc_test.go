package ingest

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax"
)

// The archives below are written by the tests from invented pages, the way
// crawlers write them: one record after another, each "WARC/1.1", header
// fields, a blank line, Content-Length bytes of block, then CRLF CRLF.

// warcRecord returns one record with the given header fields ("Name: value")
// and block. A Content-Length field is added unless one is given.
func warcRecord(block string, fields ...string) string {
	var b strings.Builder
	b.WriteString("WARC/1.1\r\n")
	hasLength := false
	for _, f := range fields {
		hasLength = hasLength || strings.HasPrefix(strings.ToLower(f), "content-length:")
		b.WriteString(f + "\r\n")
	}
	if !hasLength {
		fmt.Fprintf(&b, "Content-Length: %d\r\n", len(block))
	}
	b.WriteString("\r\n" + block + "\r\n\r\n")
	return b.String()
}

// warcResponse returns a response record for uri holding an HTTP response.
func warcResponse(uri, date, http string, fields ...string) string {
	return warcRecord(http, append([]string{
		"WARC-Type: response",
		"WARC-Target-URI: " + uri,
		"WARC-Date: " + date,
		"WARC-Record-ID: <urn:uuid:" + fmt.Sprintf("%08x", len(uri)+len(http)) + "-0000-4000-8000-000000000000>",
		"Content-Type: application/http;msgtype=response",
	}, fields...)...)
}

// httpResponse returns an HTTP/1.1 response as a crawler stores it.
func httpResponse(status int, payload string, headers ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "HTTP/1.1 %d Whatever\r\n", status)
	for _, h := range headers {
		b.WriteString(h + "\r\n")
	}
	return b.String() + "\r\n" + payload
}

// chunked encodes s in chunks of n bytes, with a chunk extension on the first.
func chunked(s string, n int) string {
	var b strings.Builder
	for first := true; len(s) > 0; first = false {
		c := s[:min(n, len(s))]
		s = s[len(c):]
		if first {
			fmt.Fprintf(&b, "%x;note=first\r\n%s\r\n", len(c), c)
		} else {
			fmt.Fprintf(&b, "%X\r\n%s\r\n", len(c), c)
		}
	}
	return b.String() + "0\r\n\r\n"
}

func gz(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

// deflated compresses s for "Content-Encoding: deflate": zlib-wrapped as the
// standard says, or raw as some servers send it.
func deflated(s string, wrapped bool) string {
	var b bytes.Buffer
	var w io.WriteCloser
	if wrapped {
		w = zlib.NewWriter(&b)
	} else {
		w, _ = flate.NewWriter(&b, flate.BestSpeed)
	}
	w.Write([]byte(s))
	w.Close()
	return b.String()
}

// gzMembers compresses each record as its own gzip member, as crawlers do.
func gzMembers(records ...string) string {
	var b strings.Builder
	for _, r := range records {
		b.WriteString(gz(r))
	}
	return b.String()
}

// Invented pages.
const (
	ferryPage  = "<!doctype html><html><head><title>Harbour ferry resumes after storm</title></head><body><article><p>The Tidewater ferry sailed again on Monday after three days in port, harbour master Anneke Vos said.</p></article></body></html>"
	marketPage = "<html><head><title>Fish market moves to the old quay</title></head><body><p>The Saturday fish market will move to the old quay in June, the town council decided.</p></body></html>"
	resPage    = "<html><body><p>Lighthouse keepers' log, saved as a resource.</p></body></html>"
	latinPage  = "<html><body><p>Le caf\xe9 du port rouvre ses portes.</p></body></html>" // ISO-8859-1
)

// crawl is a small archive holding every kind of record, and what it yields.
func crawl() (records []string, want []parallax.Article, stats WARCStats) {
	records = []string{
		warcRecord("software: invented-crawler/0.1\r\nformat: WARC File Format 1.1\r\n",
			"WARC-Type: warcinfo", "WARC-Date: 2024-05-06T07:00:00Z", "Content-Type: application/warc-fields"),
		warcRecord("GET /2024/05/ferry HTTP/1.1\r\nHost: www.tidewater-gazette.example\r\n\r\n",
			"WARC-Type: request", "WARC-Target-URI: https://www.tidewater-gazette.example/2024/05/ferry",
			"WARC-Date: 2024-05-06T07:00:01Z", "Content-Type: application/http;msgtype=request"),
		// Lower-case field names and a folded Content-Type line.
		strings.Replace(warcResponse("https://www.tidewater-gazette.example/2024/05/ferry", "2024-05-06T07:00:01Z",
			httpResponse(200, chunked(ferryPage, 40), "Content-Type: text/html; charset=utf-8", "Transfer-Encoding: chunked")),
			"WARC-Target-URI:", "warc-target-uri:", 1),
		warcRecord("via: https://www.tidewater-gazette.example/\r\n",
			"WARC-Type: metadata", "WARC-Target-URI: https://www.tidewater-gazette.example/2024/05/ferry",
			"WARC-Date: 2024-05-06T07:00:01Z", "Content-Type: application/warc-fields"),
		warcResponse("http://market.example:8080/quay?lang=en", "2024-05-06T07:00:02.123456Z",
			httpResponse(200, gz(marketPage), "Content-Type: application/xhtml+xml", "Content-Encoding: gzip", "Vary: Accept-Encoding")),
		warcRecord("", "WARC-Type: revisit", "WARC-Target-URI: https://www.tidewater-gazette.example/2024/05/ferry",
			"WARC-Date: 2024-05-07T07:00:00Z", "WARC-Profile: http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"),
		warcResponse("https://www.tidewater-gazette.example/logo.png", "2024-05-06T07:00:03Z",
			httpResponse(200, "\x89PNG\r\n\x1a\n\x00\x00", "Content-Type: image/png")),
		warcResponse("https://www.tidewater-gazette.example/missing", "2024-05-06T07:00:04Z",
			httpResponse(404, "<html><body>Not found</body></html>", "Content-Type: text/html")),
		warcRecord(resPage, "WARC-Type: resource", "WARC-Target-URI: https://keepers.example/log",
			"WARC-Date: 2024-05-06", "Content-Type: text/html"),
		// A Latin-1 page whose charset only the (folded) Content-Type names.
		warcResponse("https://port.example/cafe", "2024-05-06T07:00:05Z",
			httpResponse(200, latinPage, "Content-Type: text/html;\r\n charset=ISO-8859-1")),
		warcRecord("example.org.\t300\tIN\tA\t192.0.2.1\n", "WARC-Type: response", "WARC-Target-URI: dns:example.org",
			"WARC-Date: 2024-05-06T07:00:06Z", "Content-Type: text/dns"),
		// No Content-Type in the HTTP header: told by the payload's bytes.
		warcResponse("https://port.example/tides", "2024-05-06T07:00:07Z", httpResponse(200, marketPage)),
		warcResponse("https://port.example/robots.txt", "2024-05-06T07:00:08Z", httpResponse(200, "User-agent: *\nDisallow:\n")),
	}
	want = []parallax.Article{
		{URL: "https://www.tidewater-gazette.example/2024/05/ferry", Outlet: "tidewater-gazette.example",
			Fetched: time.Date(2024, 5, 6, 7, 0, 1, 0, time.UTC), Body: []byte(ferryPage), Origin: "#record 3"},
		{URL: "http://market.example:8080/quay?lang=en", Outlet: "market.example",
			Fetched: time.Date(2024, 5, 6, 7, 0, 2, 123456000, time.UTC), Body: []byte(marketPage), Origin: "#record 5"},
		{URL: "https://keepers.example/log", Outlet: "keepers.example",
			Fetched: time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC), Body: []byte(resPage), Origin: "#record 9"},
		{URL: "https://port.example/cafe", Outlet: "port.example",
			Fetched: time.Date(2024, 5, 6, 7, 0, 5, 0, time.UTC), Body: []byte("<html><body><p>Le café du port rouvre ses portes.</p></body></html>"), Origin: "#record 10"},
		{URL: "https://port.example/tides", Outlet: "port.example",
			Fetched: time.Date(2024, 5, 6, 7, 0, 7, 0, time.UTC), Body: []byte(marketPage), Origin: "#record 12"},
	}
	for i := range want {
		want[i].ContentType = parallax.ContentHTML
	}
	stats = WARCStats{Records: 13, Articles: 5, Skipped: map[string]int{
		"warcinfo": 1, "request": 1, "metadata": 1, "revisit": 1, "not html": 2, "status 404": 1, "not http": 1,
	}}
	return records, want, stats
}

func TestWARCRecords(t *testing.T) {
	records, want, wantStats := crawl()
	plain := strings.Join(records, "")
	for _, tc := range []struct{ name, data string }{
		{"plain", plain},
		{"gzip per record", gzMembers(records...)},
		{"one gzip stream", gz(plain)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stats WARCStats
			var got []parallax.Article
			for a, err := range DecodeWARC(context.Background(), strings.NewReader(tc.data), "crawl.warc.gz", opts(), &stats) {
				if err != nil {
					t.Errorf("unexpected error: %v", err)
					continue
				}
				got = append(got, a)
			}
			if len(got) != len(want) {
				t.Fatalf("got %d articles, want %d: %+v", len(got), len(want), got)
			}
			for i, a := range got {
				w := want[i]
				w.Origin = "crawl.warc.gz" + w.Origin
				if !reflect.DeepEqual(a, w) {
					t.Errorf("article %d:\n got %+v\n %q\nwant %+v\n %q", i, a, a.Body, w, w.Body)
				}
			}
			if !reflect.DeepEqual(stats, wantStats) {
				t.Errorf("stats = %+v, want %+v", stats, wantStats)
			}
		})
	}
}

// warcErrCase is an archive with something wrong in it, and what must come out.
type warcErrCase struct {
	name string
	data string
	max  int64    // MaxBytes; 0 for the default
	want []string // in order: "article ORIGIN" or "error ORIGIN: message part"
}

func TestWARCErrors(t *testing.T) {
	ok1 := warcResponse("https://a.example/one", "2024-05-06T07:00:00Z", httpResponse(200, ferryPage, "Content-Type: text/html"))
	ok2 := warcResponse("https://b.example/two", "2024-05-06T07:00:00Z", httpResponse(200, marketPage, "Content-Type: text/html"))
	ok3 := warcResponse("https://c.example/three", "2024-05-06T07:00:00Z", httpResponse(200, resPage, "Content-Type: text/html"))
	// withLength replaces the Content-Length of a record.
	withLength := func(rec string, delta int) string {
		i := strings.Index(rec, "Content-Length: ")
		j := i + strings.Index(rec[i:], "\r\n")
		var n int
		fmt.Sscanf(rec[i+len("Content-Length: "):j], "%d", &n)
		return rec[:i] + fmt.Sprintf("Content-Length: %d", n+delta) + rec[j:]
	}
	at := func(recs ...string) int { return len(strings.Join(recs, "")) } // offset after recs
	big := strings.Repeat("<p>The harbour wall is being rebuilt.</p>", 100)

	tests := []warcErrCase{
		{
			name: "Content-Length too short",
			data: ok1 + withLength(ok2, -30) + ok3,
			want: []string{
				"article #record 1",
				fmt.Sprintf("error #record 2: the block does not end where Content-Length %d says (no CRLF CRLF after it); record skipped (record at byte %d)", len(httpResponse(200, marketPage, "Content-Type: text/html"))-30, at(ok1)),
				"article #record 3",
			},
		},
		{
			name: "Content-Length too long swallows the next record",
			data: ok1 + withLength(ok2, 300) + ok3 + ok1,
			want: []string{
				"article #record 1",
				"error #record 2: the block does not end where Content-Length",
				"article #record 3", // read again from inside the bad block
				"article #record 4",
			},
		},
		{
			name: "Content-Length past the end of the file",
			data: ok1 + withLength(ok2, 5000),
			want: []string{
				"article #record 1",
				fmt.Sprintf("error #record 2: Content-Length %d runs past the end of the file (%d bytes left) (record at byte %d)",
					len(httpResponse(200, marketPage, "Content-Type: text/html"))+5000, len(httpResponse(200, marketPage, "Content-Type: text/html"))+4, at(ok1)),
			},
		},
		{
			name: "Content-Length over the cap and past the end, with records inside",
			max:  2048,
			data: ok1 + strings.Replace(ok2, "Content-Length: ", "Content-Length: 9", 1) + ok3,
			want: []string{
				"article #record 1",
				fmt.Sprintf("error #record 2: Content-Length 9%d runs past the end of the file; read again from the next record inside it (record at byte %d)",
					len(httpResponse(200, marketPage, "Content-Type: text/html")), at(ok1)),
				"article #record 3",
			},
		},
		{
			name: "Content-Length past the end, with records inside",
			data: withLength(ok1, 5000) + ok2 + ok3,
			want: []string{
				"error #record 1: Content-Length",
				"article #record 2",
				"article #record 3",
			},
		},
		{
			name: "garbage between records",
			data: ok1 + "these bytes\r\nare not a record\r\n" + ok2 + "\r\n\r\n" + ok3, // extra blank lines are fine
			want: []string{
				"article #record 1",
				fmt.Sprintf(`error #record 2: not a WARC record: 31 bytes ("these bytes\r\nare not a r"…) before this record skipped (garbage at byte %d)`, at(ok1)),
				"article #record 2",
				"article #record 3",
			},
		},
		{
			name: "garbage at the end",
			data: ok1 + "\x00\x01tail",
			want: []string{
				"article #record 1",
				fmt.Sprintf(`error #record 1: not a WARC record: 6 bytes ("\x00\x01tail"…) after this record, to the end of the file, skipped (garbage at byte %d)`, at(ok1)),
			},
		},
		{
			name: "bad header line",
			data: ok1 + strings.Replace(ok2, "WARC-Date:", "WARC-Date", 1) + ok3,
			want: []string{
				"article #record 1",
				fmt.Sprintf(`error #record 2: bad header: line "WARC-Date 2024-05-06T07:00:00Z" is not a header field (record at byte %d)`, at(ok1)),
				"article #record 3",
			},
		},
		{
			name: "no Content-Length",
			data: strings.Replace(ok1, "Content-Length", "X-Length", 1) + ok2,
			want: []string{"error #record 1: bad header: no Content-Length (record at byte 0)", "article #record 2"},
		},
		{
			name: "invalid Content-Length",
			data: strings.Replace(ok1, "Content-Length: ", "Content-Length: -", 1) + ok2,
			want: []string{`error #record 1: bad header: invalid Content-Length "-`, "article #record 2"},
		},
		{
			name: "header without its blank line",
			data: strings.SplitAfter(ok1, "Content-Type: application/http;msgtype=response\r\n")[0] + ok2,
			want: []string{"error #record 1: bad header: the header does not end with a blank line", "article #record 2"},
		},
		{
			name: "unknown version",
			data: strings.Replace(ok1, "WARC/1.1", "WARC/2.0", 1) + ok2,
			want: []string{`error #record 1: bad header: version line "WARC/2.0" is not WARC/1.0 or WARC/1.1`, "article #record 2"},
		},
		{
			name: "file ends inside a header",
			data: ok1 + "WARC/1.0\r\nWARC-Type: response\r\nContent-Le",
			want: []string{"article #record 1", fmt.Sprintf("error #record 2: truncated record: the file ends inside its header (record at byte %d)", at(ok1))},
		},
		{
			name: "record over the size cap",
			max:  2048,
			data: ok1 +
				warcResponse("https://a.example/long", "2024-05-06T07:00:00Z", httpResponse(200, big, "Content-Type: text/html")) +
				warcResponse("https://a.example/video.mp4", "2024-05-06T07:00:00Z", httpResponse(200, big, "Content-Type: video/mp4")) +
				warcRecord(big, "WARC-Type: metadata") +
				ok2,
			want: []string{
				"article #record 1",
				fmt.Sprintf("error #record 2: record too large: Content-Length %d is over the limit of 2048 bytes; skipped (record at byte %d)",
					len(httpResponse(200, big, "Content-Type: text/html")), at(ok1)),
				"article #record 5", // the video and the metadata are skipped quietly
			},
		},
		{
			name: "gzip bomb in the payload",
			max:  4096,
			data: warcResponse("https://a.example/bomb", "2024-05-06T07:00:00Z",
				httpResponse(200, gz(strings.Repeat("<p>", 1<<20)), "Content-Type: text/html", "Content-Encoding: gzip")) + ok2,
			want: []string{"error #record 1: bad gzip payload: over the limit of 4096 bytes once decoded", "article #record 2"},
		},
		{
			name: "unsupported content encoding",
			data: warcResponse("https://a.example/br", "2024-05-06T07:00:00Z",
				httpResponse(200, "\x1b\x00\x00", "Content-Type: text/html", "Content-Encoding: br")) + ok2,
			want: []string{`error #record 1: unsupported Content-Encoding "br"`, "article #record 2"},
		},
		{
			name: "truncated chunked payload",
			data: warcResponse("https://a.example/cut", "2024-05-06T07:00:00Z",
				httpResponse(200, strings.TrimSuffix(chunked(ferryPage, 50), "0\r\n\r\n")[:120], "Content-Type: text/html", "Transfer-Encoding: chunked")) + ok2,
			want: []string{"error #record 1: bad chunked payload: unexpected EOF", "article #record 2"},
		},
		{
			name: "deflate, as zlib and raw",
			data: warcResponse("https://a.example/z", "2024-05-06T07:00:00Z", httpResponse(200, deflated(ferryPage, true), "Content-Type: text/html", "Content-Encoding: deflate")) +
				warcResponse("https://a.example/raw", "2024-05-06T07:00:00Z", httpResponse(200, deflated(ferryPage, false), "Content-Type: text/html", "Content-Encoding: deflate")),
			want: []string{"article #record 1", "article #record 2"},
		},
		{
			name: "payload stored decoded despite its headers",
			data: warcResponse("https://a.example/plain", "2024-05-06T07:00:00Z",
				httpResponse(200, ferryPage, "Content-Type: text/html", "Transfer-Encoding: chunked", "Content-Encoding: gzip")),
			want: []string{"article #record 1"},
		},
		{
			name: "not an HTTP response",
			data: warcResponse("https://a.example/x", "2024-05-06T07:00:00Z", "<html>no status line</html>") + ok2,
			want: []string{"error #record 1: bad HTTP response: no status line", "article #record 2"},
		},
		{
			name: "binary page",
			data: warcResponse("https://a.example/bin", "2024-05-06T07:00:00Z", httpResponse(200, "<html>\x00\x00</html>", "Content-Type: text/html")),
			want: []string{"error #record 1: binary text: NUL byte at offset 6"},
		},
		{
			name: "target that is not http",
			data: warcRecord(resPage, "WARC-Type: resource", "WARC-Target-URI: file:///tmp/log.html", "Content-Type: text/html"),
			want: []string{`error #record 1: invalid url "file:///tmp/log.html"`},
		},
		{
			name: "page without a target URI",
			data: warcRecord(resPage, "WARC-Type: resource", "Content-Type: text/html") + ok2,
			want: []string{"error #record 1: bad header: no WARC-Target-URI", "article #record 2"},
		},
		{
			name: "short garbage",
			data: ok1 + "junk\r\n" + ok2,
			want: []string{"article #record 1", `error #record 2: not a WARC record: 6 bytes ("junk\r\n"…)`, "article #record 2"},
		},
		{
			name: "not a WARC file",
			data: "Just some notes.\nNothing archived here.\n",
			want: []string{`error : not a WARC file: no record found (it starts "Just some notes.\nNothing")`},
		},
		{
			name: "empty",
			data: "",
			want: []string{"error : empty file: no WARC record"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkWARC(t, tc, tc.data, "")
			// The same in a gzip stream: the same results, offsets uncompressed.
			if tc.data != "" {
				checkWARC(t, tc, gz(tc.data), " of the uncompressed stream")
			}
		})
	}
}

var recordAt = regexp.MustCompile(`\((record|garbage) at byte (\d+)\)`)

func checkWARC(t *testing.T, tc warcErrCase, data, gzNote string) {
	t.Helper()
	const name = "crawl.warc"
	o := opts()
	o.MaxBytes = tc.max
	var got []string
	var stats WARCStats
	articles, errs := 0, 0
	for a, err := range DecodeWARC(context.Background(), strings.NewReader(data), name, o, &stats) {
		if err != nil {
			errs++
			var ie *InputError
			if !errors.As(err, &ie) || parallax.ErrorCode(err) != parallax.EInvalid || strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q (%T): want a one-line *InputError with code %q", err, err, parallax.EInvalid)
			}
			got = append(got, "error "+strings.TrimPrefix(err.Error(), name))
			continue
		}
		articles++
		if a.ContentType != parallax.ContentHTML || len(a.Body) == 0 || a.URL == "" {
			t.Errorf("article %+v: want an HTML page with a URL", a)
		}
		got = append(got, "article "+strings.TrimPrefix(a.Origin, name))
	}
	if len(got) != len(tc.want) {
		t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
	}
	for i, w := range tc.want {
		if gzNote != "" {
			w = recordAt.ReplaceAllString(w, "($1 at byte $2"+gzNote+")")
		}
		if !strings.HasPrefix(got[i], w) {
			t.Errorf("result %d = %q, want it to start with %q", i, got[i], w)
		}
	}
	if stats.Articles != articles || stats.Errors != errs {
		t.Errorf("stats count %d articles and %d errors, the reader yielded %d and %d", stats.Articles, stats.Errors, articles, errs)
	}
}

// A file named .warc or .warc.gz is read as WARC, and so is a stream that
// starts like one, plain or gzipped; --format warc forces it.
func TestReadWARC(t *testing.T) {
	records, want, _ := crawl()
	plain := strings.Join(records, "")
	dir := t.TempDir()
	write(t, dir, map[string][]byte{
		"a/crawl.warc":      []byte(plain),
		"a/crawl.warc.gz":   []byte(gzMembers(records...)),
		"a/CRAWL2.WARC.GZ":  []byte(gz(plain)),
		"a/crawl.gz":        []byte(gz("not read: not a WARC name")),
		"b/archive.bin":     []byte(gzMembers(records...)),
		"b/no-extension":    []byte(plain),
		"b/page.html.saved": []byte(plain),
	})
	count := func(paths []string, o Options) (origins map[string]int, errs []string) {
		origins = map[string]int{}
		for a, err := range Read(context.Background(), paths, o) {
			if err != nil {
				errs = append(errs, err.Error())
				continue
			}
			rel := a.Origin
			if !strings.HasPrefix(rel, "stdin#") {
				rel, _ = filepath.Rel(dir, a.Origin)
			}
			origins[filepath.ToSlash(rel)]++
		}
		return origins, errs
	}

	got, errs := count([]string{filepath.Join(dir, "a")}, opts())
	wantGot := map[string]int{}
	for _, f := range []string{"a/crawl.warc", "a/crawl.warc.gz", "a/CRAWL2.WARC.GZ"} {
		for _, w := range want {
			wantGot[f+w.Origin]++
		}
	}
	if !reflect.DeepEqual(got, wantGot) || len(errs) > 0 {
		t.Errorf("folder: got %v, errors %v; want %v", got, errs, wantGot)
	}

	// Named explicitly, a file is sniffed; a forced format wins.
	o := opts()
	got, errs = count([]string{filepath.Join(dir, "b/archive.bin"), filepath.Join(dir, "b/no-extension")}, o)
	if len(got) != 2*len(want) || len(errs) > 0 {
		t.Errorf("sniffed files: got %v, errors %v", got, errs)
	}
	o.Format = "WARC"
	if got, errs = count([]string{filepath.Join(dir, "b/page.html.saved")}, o); len(got) != len(want) || len(errs) > 0 {
		t.Errorf("--format warc: got %v, errors %v", got, errs)
	}

	// Standard input, plain and gzipped.
	for _, in := range []string{plain, gzMembers(records...)} {
		o := opts()
		o.Stdin = strings.NewReader(in)
		got, errs := count([]string{"-"}, o)
		if got["stdin#record 3"] != 1 || len(got) != len(want) || len(errs) > 0 {
			t.Errorf("stdin: got %v, errors %v", got, errs)
		}
	}
}

func TestSniffWARC(t *testing.T) {
	for in, want := range map[string]string{
		"WARC/1.1\r\nWARC-Type: warcinfo\r\n": FormatWARC,
		"WARC/1.0\r\n":                        FormatWARC,
		gz("WARC/1.0\r\n"):                    FormatWARC,
		gz("{\"text\":\"a gzipped record\"}"): FormatText, // read as text, then refused as binary
		"WARCS are archives.":                 FormatText,
	} {
		if got := sniff([]byte(in)); got != want {
			t.Errorf("sniff(%q) = %q, want %q", in, got, want)
		}
	}
	// A slow pipe: sniffing waits for enough of the stream to tell.
	for _, in := range []string{"WARC/1.1\r\n", gzMembers(warcRecord("x", "WARC-Type: metadata"))} {
		for n := 1; n < len(in); n++ {
			if p := []byte(in[:n]); !warcUndecided(p) && !looksLikeWARC(p) {
				t.Errorf("prefix %q: decided, but not as WARC", p)
			}
		}
	}
}

// A record piped in comes out as soon as it is in, not when the next one
// starts arriving: "parallax ingest -" may read from a crawler as it works.
func TestWARCStreamingPipe(t *testing.T) {
	first := warcResponse("https://a.example/one", "2024-05-06T07:00:00Z", httpResponse(200, ferryPage, "Content-Type: text/html"))
	for _, in := range []string{first, gz(first)} {
		pr, pw := io.Pipe()
		got := make(chan string, 1)
		go func() {
			for a, err := range Decode(context.Background(), pr, "stdin", opts()) {
				if err != nil {
					got <- err.Error()
				} else {
					got <- a.Origin + " " + a.URL
				}
				break
			}
			pr.Close()
		}()
		pw.Write([]byte(in))
		select {
		case s := <-got:
			if s != "stdin#record 1 https://a.example/one" {
				t.Errorf("got %q", s)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("the first record was not yielded until more input came")
		}
		pw.Close()
	}
}

// A corrupt gzip stream cannot be resumed: the records before it are read,
// then one error says what is wrong.
func TestWARCCorruptGzip(t *testing.T) {
	records, _, _ := crawl()
	data := []byte(gzMembers(records...))
	second := len(gz(records[0])) + len(gz(records[1])) + len(gz(records[2]))
	data[second+20] ^= 0xff // inside the compressed data of record 4
	var errs []string
	n := 0
	for _, err := range DecodeWARC(context.Background(), bytes.NewReader(data), "c.warc.gz", opts(), nil) {
		if err != nil {
			errs = append(errs, err.Error())
			continue
		}
		n++
	}
	if n != 1 || len(errs) != 1 || !strings.HasPrefix(errs[0], "c.warc.gz#record 4: cannot read: flate: corrupt input") {
		t.Errorf("got %d articles and errors %q; want the first article, then one read error at record 4", n, errs)
	}
	// Bytes after the last member that are not gzip are reported too.
	trailing := gzMembers(records[2]) + "junk after the members"
	errs, n = nil, 0
	for _, err := range DecodeWARC(context.Background(), strings.NewReader(trailing), "t.warc.gz", opts(), nil) {
		if err != nil {
			errs = append(errs, err.Error())
		} else {
			n++
		}
	}
	if n != 1 || len(errs) != 1 || !strings.Contains(errs[0], "gzip: invalid header") {
		t.Errorf("trailing junk: %d articles, errors %q", n, errs)
	}
}

func TestWARCContextCancel(t *testing.T) {
	records, _, _ := crawl()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var errs []error
	n := 0
	for _, err := range DecodeWARC(ctx, strings.NewReader(strings.Join(records, "")), "c.warc", opts(), nil) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
		cancel()
	}
	if n != 1 || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("after cancel: %d articles, errors %v", n, errs)
	}
}

func FuzzWARC(f *testing.F) {
	records, _, _ := crawl()
	f.Add([]byte(strings.Join(records, "")), false)
	f.Add([]byte(gzMembers(records[2], records[4])), false)
	f.Add([]byte(records[2]+"junk\r\n"+records[8]), true)
	f.Add([]byte(strings.Replace(records[4], "Content-Length: ", "Content-Length: 9", 1)+records[8]), false)
	f.Add([]byte(warcResponse("https://a.example/", "2024", httpResponse(200, chunked("<p>x</p>", 3), "Transfer-Encoding: chunked", "Content-Encoding: deflate"))), true)
	f.Fuzz(func(t *testing.T, in []byte, zip bool) {
		if zip {
			in = []byte(gz(string(in)))
		}
		o := opts()
		o.MaxBytes = 1 << 12 // small, so the fuzzer reaches the size checks
		var stats WARCStats
		articles, errs := 0, 0
		for a, err := range DecodeWARC(context.Background(), bytes.NewReader(in), "fuzz.warc", o, &stats) {
			if err != nil {
				errs++
				var ie *InputError
				if !errors.As(err, &ie) {
					t.Fatalf("error %v is %T, want *InputError", err, err)
				}
				if parallax.ErrorCode(err) != parallax.EInvalid || strings.Contains(err.Error(), "\n") {
					t.Fatalf("error %q: code %q, want one line with code %q", err, parallax.ErrorCode(err), parallax.EInvalid)
				}
				if !strings.HasPrefix(ie.Origin, "fuzz.warc") {
					t.Fatalf("error origin %q does not name the file", ie.Origin)
				}
				continue
			}
			articles++
			if !strings.HasPrefix(a.Origin, "fuzz.warc#record ") {
				t.Fatalf("article origin %q", a.Origin)
			}
			if checkText(a.Body, false) != nil || int64(len(a.Body)) > o.MaxBytes {
				t.Fatalf("article %s: body of %d bytes that is not a valid page", a.Origin, len(a.Body))
			}
			if a.ContentType != parallax.ContentHTML || a.URL == "" || a.Outlet == "" || a.Fetched.IsZero() {
				t.Fatalf("article %s without its metadata: %+v", a.Origin, a)
			}
		}
		if stats.Articles != articles || stats.Errors != errs {
			t.Fatalf("stats %+v; yielded %d articles and %d errors", stats, articles, errs)
		}
		skipped := 0
		for _, n := range stats.Skipped {
			skipped += n
		}
		if articles+skipped > stats.Records {
			t.Fatalf("%d articles and %d skipped out of %d records", articles, skipped, stats.Records)
		}
	})
}
