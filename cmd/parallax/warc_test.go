package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// warcGzip writes records as a crawler does: one gzip member per record.
func warcGzip(t *testing.T, records ...string) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, r := range records {
		w := gzip.NewWriter(&b)
		if _, err := w.Write([]byte(r)); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

// warcRec returns one WARC/1.1 record of the given type and block.
func warcRec(typ, uri, block string, fields ...string) string {
	head := fmt.Sprintf("WARC/1.1\r\nWARC-Type: %s\r\nWARC-Target-URI: %s\r\nWARC-Date: 2026-04-10T09:00:00Z\r\n", typ, uri)
	for _, f := range fields {
		head += f + "\r\n"
	}
	return head + fmt.Sprintf("Content-Length: %d\r\n\r\n", len(block)) + block + "\r\n\r\n"
}

// A crawl of two invented articles: each is stored with its URL and outlet,
// and the request and image records beside them are skipped.
func TestIngestWARC(t *testing.T) {
	page := func(title, text string) string {
		return "<!doctype html><html><head><title>" + title + "</title></head><body><article><h1>" + title +
			"</h1><p>" + text + "</p></article></body></html>"
	}
	http := func(ctype, payload string) string {
		return "HTTP/1.1 200 OK\r\nContent-Type: " + ctype + "\r\n\r\n" + payload
	}
	ferry := page("Harbour ferry resumes after storm",
		"The Tidewater ferry sailed again on Monday after three days in port, harbour master Anneke Vos said. "+
			"Crews checked the landing stages overnight and found no damage, she added.")
	market := page("Fish market moves to the old quay",
		"The Saturday fish market in Lindmoor will move to the old quay in June, the town council decided on Tuesday. "+
			"Traders had asked for more space and a roof against the rain.")
	archive := warcGzip(t,
		warcRec("request", "https://www.tidewater-gazette.example/ferry", "GET /ferry HTTP/1.1\r\nHost: www.tidewater-gazette.example\r\n\r\n"),
		warcRec("response", "https://www.tidewater-gazette.example/ferry", http("text/html; charset=utf-8", ferry),
			"Content-Type: application/http; msgtype=response"),
		warcRec("response", "https://www.tidewater-gazette.example/logo.png", http("image/png", "\x89PNG\r\n\x1a\n")),
		warcRec("response", "https://lindmoor-herald.example/market", http("text/html", market)),
	)
	dir := t.TempDir()
	in := filepath.Join(dir, "crawl.warc.gz")
	if err := os.WriteFile(in, archive, 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "p.db")
	if r := cli(t, nil, "", "--db", db, "ingest", in); r.code != 0 {
		t.Fatalf("ingest: exit %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	type story struct {
		Articles []struct {
			URL    string `json:"url"`
			Outlet string `json:"outlet"`
			Title  string `json:"title"`
		} `json:"articles"`
	}
	got := map[string]string{}
	for _, s := range decode[[]story](t, cli(t, nil, "", "--db", db, "stories", "--json").stdout) {
		for _, a := range s.Articles {
			got[a.URL] = a.Outlet + " | " + a.Title
		}
	}
	want := map[string]string{
		"https://www.tidewater-gazette.example/ferry": "tidewater-gazette.example | Harbour ferry resumes after storm",
		"https://lindmoor-herald.example/market":      "lindmoor-herald.example | Fish market moves to the old quay",
	}
	if len(got) != len(want) {
		t.Errorf("stories hold %v, want %v", got, want)
	}
	for url, w := range want {
		if got[url] != w {
			t.Errorf("%s: got %q, want %q", url, got[url], w)
		}
	}

	// The same archive from standard input, forced: nothing new, nothing rejected.
	if r := cli(t, nil, string(archive), "--db", db, "ingest", "--format", "warc", "-"); r.code != 0 {
		t.Errorf("ingest from stdin again: exit %d %s", r.code, r.stderr)
	}
	// A bad record names the file and the record, and the rest is stored.
	bad := warcGzip(t,
		strings.Replace(warcRec("response", "https://lindmoor-herald.example/x", http("text/html", market)), "Content-Length: ", "Content-Length: x", 1),
		warcRec("response", "https://lindmoor-herald.example/market", http("text/html", market)),
	)
	badPath := filepath.Join(dir, "bad.warc.gz")
	if err := os.WriteFile(badPath, bad, 0o644); err != nil {
		t.Fatal(err)
	}
	r := cli(t, nil, "", "--db", db, "ingest", badPath)
	if r.code != 1 || !strings.Contains(r.stderr, badPath+"#record 1: bad header: invalid Content-Length") || strings.Contains(r.stderr, "#record 2") {
		t.Errorf("bad record: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := cli(t, nil, "", "--db", db, "ingest", "--format", "arc", in); r.code != 2 || !strings.Contains(r.stderr, "html or warc") {
		t.Errorf("unknown format: exit %d, stderr %q", r.code, r.stderr)
	}
}
