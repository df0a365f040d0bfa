package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hostileSite is a loopback server of invented feeds and pages, most of
// them broken in one of the ways the web breaks.
func hostileSite(t *testing.T) *httptest.Server {
	t.Helper()
	var srv *httptest.Server
	stop := make(chan struct{})
	page := func(title, body string) string {
		return "<html><head><title>" + title + "</title></head><body><article><h1>" + title + "</h1><p>" + body + "</p></article></body></html>"
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/good.xml", func(w http.ResponseWriter, r *http.Request) {
		var items strings.Builder
		for _, p := range []string{"ok", "slow", "hang", "loop", "big", "bomb", "404", "500"} {
			fmt.Fprintf(&items, "<item><guid>%[1]s</guid><link>%[2]s/page-%[1]s.html</link><title>Page %[1]s</title><description>Teaser.</description></item>\n", p, srv.URL)
		}
		full := strings.Repeat("The Kestrel Bay lifeboat crew rescued two sailors off the northern cape on Sunday night, the coastguard said. ", 20)
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Kestrel Bay Gazette</title><link>%s/</link>
<item><guid>full</guid><link>%s/lifeboat.html</link><title>Lifeboat rescue</title><description>%s</description></item>
%s</channel></rss>`, srv.URL, srv.URL, full, items.String())
	})
	mux.HandleFunc("/page-ok.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, page("Harbour wall repaired", "Workers finished repairing the Kestrel Bay harbour wall on Friday, two weeks ahead of the winter storms, the port authority said."))
	})
	mux.HandleFunc("/page-slow.html", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("<html><head><title>Ferry timetable</title></head><body><article><h1>Ferry timetable</h1>"))
		w.(http.Flusher).Flush()
		time.Sleep(300 * time.Millisecond) // slow, but within the timeout
		fmt.Fprint(w, "<p>The winter ferry timetable for Kestrel Bay starts on Monday with four crossings a day instead of six.</p></article></body></html>")
	})
	hang := func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-stop:
		}
	}
	mux.HandleFunc("/page-hang.html", hang)
	mux.HandleFunc("/hang.xml", hang)
	loop := func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, r.URL.Path+"?again", http.StatusFound)
	}
	mux.HandleFunc("/page-loop.html", loop)
	mux.HandleFunc("/loop.xml", loop)
	big := func(w http.ResponseWriter, r *http.Request) {
		chunk := bytes.Repeat([]byte("<p>filler text for a very large page</p>\n"), 1<<14)
		for sent := 0; sent < 50<<20; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}
	mux.HandleFunc("/page-big.html", big)
	mux.HandleFunc("/big.xml", big)
	var bomb bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&bomb, gzip.BestCompression)
	zw.Write(bytes.Repeat([]byte{'a'}, 64<<20))
	zw.Close()
	mux.HandleFunc("/page-bomb.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "text/html")
		w.Write(bomb.Bytes())
	})
	mux.HandleFunc("/page-404.html", http.NotFound)
	mux.HandleFunc("/missing.xml", http.NotFound)
	fail := func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", http.StatusInternalServerError) }
	mux.HandleFunc("/page-500.html", fail)
	mux.HandleFunc("/error.xml", fail)
	mux.HandleFunc("/malformed.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Broken<item><title>x</channel>`)
	})
	mux.HandleFunc("/entities.xml", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<rss version="2.0"><channel><title>&c;</title></channel></rss>`)
	})
	srv = httptest.NewServer(mux)
	t.Cleanup(func() { close(stop); srv.Close() })
	return srv
}

// TestWatchHostile: `parallax watch` meets slow, hanging, looping, huge,
// compressed-bomb, malformed, entity-bomb, missing and failing feeds and
// pages; it stores everything valid, reports each failure on its source or
// entry, and the store stays usable.
func TestWatchHostile(t *testing.T) {
	srv := hostileSite(t)
	db := filepath.Join(t.TempDir(), "p.db")
	feeds := []string{"good", "hang", "loop", "big", "missing", "error", "malformed", "entities"}
	var urls []string
	for _, f := range feeds {
		urls = append(urls, srv.URL+"/"+f+".xml")
	}
	if r := cli(t, nil, "", append([]string{"--db", db, "sources", "add"}, urls...)...); r.code != 0 {
		t.Fatalf("sources add: %d %s", r.code, r.stderr)
	}
	start := time.Now()
	r := cli(t, nil, "", "--db", db, "watch", "--once", "--allow-private", "--fetch-timeout", "1s", "--host-delay", "0")
	t.Logf("watch took %v: %s", time.Since(start).Round(time.Millisecond), strings.TrimSpace(r.stdout))
	want := "8 sources polled (0 not modified, 7 failed); 9 entries: 3 stored, 6 failed"
	if r.code != 1 || !strings.Contains(r.stdout, want) {
		t.Fatalf("watch: code %d, %q, want %q\n%s", r.code, r.stdout, want, r.stderr)
	}

	t.Logf("sources:\n%s\nerrors:\n%s", cli(t, nil, "", "--db", db, "sources").stdout, cli(t, nil, "", "--db", db, "sources", "errors").stdout)
	// Each failing feed says why on its source.
	sources := decode[[]struct {
		URL       string
		LastError string `json:"last_error"`
		Failures  int
	}](t, cli(t, nil, "", "--db", db, "sources", "--json").stdout)
	why := map[string]string{
		"hang": "timed out", "loop": "redirects", "big": "too large", "missing": "404", "error": "500",
		"malformed": "malformed", "entities": "entit",
	}
	for _, s := range sources {
		name := strings.TrimSuffix(s.URL[strings.LastIndex(s.URL, "/")+1:], ".xml")
		if name == "good" {
			if s.LastError != "" || s.Failures != 0 {
				t.Errorf("the good feed: %+v", s)
			}
			continue
		}
		if !strings.Contains(s.LastError, why[name]) || s.Failures != 1 {
			t.Errorf("%s: failures %d, last error %q, want it to mention %q", name, s.Failures, s.LastError, why[name])
		}
	}
	// Each failing page says why on its entry.
	errs := cli(t, nil, "", "--db", db, "sources", "errors").stdout
	for page, reason := range map[string]string{"hang": "timed out", "loop": "redirects", "big": "too large", "bomb": "too large", "404": "404", "500": "500"} {
		line := ""
		for _, l := range strings.Split(errs, "\n") {
			if strings.Contains(l, "/page-"+page+".html") {
				line = l
			}
		}
		if !strings.Contains(line, reason) {
			t.Errorf("entry %s: %q, want it to mention %q", page, line, reason)
		}
	}
	// The valid articles are stored and searchable.
	for q, want := range map[string]int{"lifeboat": 1, "harbour wall": 1, "ferry timetable": 1, "filler": 0} {
		res := decode[struct{ Total int }](t, cli(t, nil, "", "--db", db, "search", q, "--json").stdout)
		if res.Total != want {
			t.Errorf("search %q: %d results, want %d", q, res.Total, want)
		}
	}
}
