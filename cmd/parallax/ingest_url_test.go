package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIngestURL: `parallax ingest` fetches http(s) arguments beside paths;
// a feed, a missing page and a loopback address without --allow-private
// are each named with their reason, and the rest is stored.
func TestIngestURL(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/story.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><head><title>Orrin mill to close</title></head><body><article><h1>Orrin mill to close</h1>
<p>The last paper mill in Orrin will close in August, its owners told workers on Thursday, ending two centuries of papermaking in the valley.</p>
<p>"It is a sad day for the town," mayor Ada Brenn said.</p></article></body></html>`)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/story.html", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<rss version="2.0"><channel><title>x</title></channel></rss>`)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	dir := t.TempDir()
	db, local := filepath.Join(dir, "p.db"), filepath.Join(dir, "note.txt")
	os.WriteFile(local, []byte("The Orrin ferry resumes on Monday after the floods, the harbour office said in a notice to residents."), 0o644)

	r := cli(t, nil, "", "--db", db, "ingest", srv.URL+"/story.html")
	if r.code != 1 || !strings.Contains(r.stderr, "127.0.0.1") || !strings.Contains(r.stderr, "AllowPrivate") && !strings.Contains(r.stderr, "private") {
		t.Fatalf("a loopback URL without --allow-private: code %d, %q", r.code, r.stderr)
	}
	r = cli(t, nil, "", "--db", db, "ingest", "--allow-private", "--host-delay", "0", srv.URL+"/moved", local, srv.URL+"/feed.xml", srv.URL+"/gone.html")
	if r.code != 1 || !strings.HasPrefix(r.stdout, "2 stored") {
		t.Fatalf("ingest: code %d, %q\n%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, srv.URL+"/feed.xml: this is application/rss+xml, a feed rather than a page: follow it with 'parallax sources add") ||
		!strings.Contains(r.stderr, srv.URL+"/gone.html: fetch: "+srv.URL+"/gone.html: HTTP 404") {
		t.Errorf("errors: %q", r.stderr)
	}
	res := decode[struct {
		Total int
		Hits  []struct{ URL, Outlet string }
	}](t, cli(t, nil, "", "--db", db, "search", "mill", "--json").stdout)
	if res.Total != 1 || res.Hits[0].URL != srv.URL+"/story.html" || res.Hits[0].Outlet != "127.0.0.1" {
		t.Errorf("the fetched page: %+v (want the URL after the redirect)", res)
	}
}
