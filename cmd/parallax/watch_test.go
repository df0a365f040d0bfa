package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWatchOnce follows an invented feed on a loopback server through the
// real pipeline: the feed's full-text entry and a summary entry's page are
// stored, a second poll is not due, and a loopback feed is refused without
// --allow-private.
func TestWatchOnce(t *testing.T) {
	var srv *httptest.Server
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/atom+xml")
		fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Arlow Valley Courier</title><id>urn:arlow</id>
<updated>2031-05-02T08:00:00Z</updated>
<entry><id>urn:arlow:1</id><title>Arlow dam inspection finds cracks</title><link href="%[1]s/dam.html"/>
<updated>2031-05-02T08:00:00Z</updated><summary>Cracks in the dam.</summary>
<content type="html">%[2]s</content></entry>
<entry><id>urn:arlow:2</id><title>Bridge vote delayed</title><link href="%[1]s/bridge.html"/>
<updated>2031-05-02T09:00:00Z</updated><summary>The council delayed its vote.</summary></entry>
</feed>`, srv.URL, strings.Repeat("&lt;p&gt;Engineers who inspected the Arlow dam on Monday found cracks in its northern wall, the water board said. Mayor Lena Ode said the reservoir would be lowered as a precaution while repairs are planned.&lt;/p&gt;", 3))
	})
	mux.HandleFunc("/bridge.html", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, `<html><head><title>Bridge vote delayed</title></head><body><nav>Home | News</nav><article><h1>Bridge vote delayed</h1>
<p>The Arlow council delayed its vote on the new footbridge until June, after residents asked for a second survey of the riverbank.</p>
<p>"We want to get this right," councillor Tomas Berg said after the meeting on Tuesday evening.</p></article><footer>© Courier</footer></body></html>`)
	})
	srv = httptest.NewServer(mux)
	defer srv.Close()

	db := filepath.Join(t.TempDir(), "p.db")
	if r := cli(t, nil, "", "--db", db, "sources", "add", srv.URL+"/feed.xml"); r.code != 0 {
		t.Fatalf("sources add: %d %s", r.code, r.stderr)
	}
	// Without --allow-private the loopback feed is refused, and said so.
	r := cli(t, nil, "", "--db", db, "watch", "--once")
	if r.code != 1 || !strings.Contains(r.stdout, "1 failed") {
		t.Fatalf("watch without --allow-private: code %d, %q", r.code, r.stdout)
	}
	if r := cli(t, nil, "", "--db", db, "sources"); !strings.Contains(r.stdout, "127.0.0.1") || !strings.Contains(r.stdout, "failing") {
		t.Errorf("the refusal is not shown on the source: %q", r.stdout)
	}
	cli(t, nil, "", "--db", db, "sources", "resume", sourceIDOf(t, db)) // clear the backoff

	r = cli(t, nil, "", "--db", db, "watch", "--once", "--allow-private", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"stored": 2`) {
		t.Fatalf("watch: code %d, %s\n%s", r.code, r.stdout, r.stderr)
	}
	found := map[string]bool{}
	for _, st := range decode[[]storyJSON](t, cli(t, nil, "", "--db", db, "stories", "--json").stdout) {
		for _, a := range st.Articles {
			found[a.Outlet] = true
		}
	}
	if !found["127.0.0.1"] || len(found) != 1 {
		t.Errorf("stored outlets %v", found)
	}
	res := decode[struct{ Total int }](t, cli(t, nil, "", "--db", db, "search", "footbridge", "--json").stdout)
	if res.Total != 1 {
		t.Errorf("the summary entry's page was not stored: search found %d", res.Total)
	}
	if r := cli(t, nil, "", "--db", db, "watch", "--once", "--allow-private"); r.code != 0 || !strings.HasPrefix(r.stdout, "0 sources polled") {
		t.Errorf("second watch: code %d, %q", r.code, r.stdout)
	}
}

func sourceIDOf(t *testing.T, db string) string {
	t.Helper()
	list := decode[[]struct{ ID string }](t, cli(t, nil, "", "--db", db, "sources", "--json").stdout)
	if len(list) != 1 {
		t.Fatalf("sources: %v", list)
	}
	return list[0].ID
}

// TestServeWatchesSources: `parallax serve` polls the sources in the
// background, and what it stores shows through the API.
func TestServeWatchesSources(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed.json" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/feed+json")
		fmt.Fprintf(w, `{"version":"https://jsonfeed.org/version/1.1","title":"Selby Notes","items":[
{"id":"n1","url":"%s/n1","title":"Selby library reopens","date_published":"2031-06-01T10:00:00Z",
"content_html":%q}]}`, srv.URL, strings.Repeat("<p>The Selby library reopened on Saturday after a year of repairs to its roof, and three hundred readers queued at the door before nine.</p>", 10))
	}))
	defer srv.Close()
	db := filepath.Join(t.TempDir(), "p.db")
	if r := cli(t, nil, "", "--db", db, "sources", "add", srv.URL+"/feed.json"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	ctx, cancel := context.WithCancel(context.Background())
	urls, done := make(chan string, 1), make(chan error, 1)
	var out bytes.Buffer
	m := &Main{Config: Config{Command: "serve", DB: db, Addr: "127.0.0.1:0", AllowPrivate: true, MaxBytes: 4 << 20},
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Listening: func(u string) { urls <- u }}
	go func() { done <- m.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	}()
	base := <-urls
	deadline := time.Now().Add(30 * time.Second)
	for {
		code, body := get(t, base+"/api/stories")
		if code == 200 && strings.Contains(body, "Selby library reopens") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the feed's entry never showed: %d %s\n%s", code, body, out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
