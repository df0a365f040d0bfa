package main

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/demo"
)

// startDemo runs `parallax demo` through Main.Run on a temporary database and
// port :0, and returns its URL; the server stops when the test ends.
func startDemo(t *testing.T, cfg Config) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	urls := make(chan string, 1)
	done := make(chan error, 1)
	cfg.Command = "demo"
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:0"
	}
	if cfg.DB == "" {
		cfg.DB, cfg.dbSet = filepath.Join(t.TempDir(), "demo.db"), true
	}
	cfg.MaxBytes = 4 << 20
	var stdout, stderr bytes.Buffer
	m := &Main{Config: cfg, Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
		Listening: func(u string) { urls <- u }}
	go func() { done <- m.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Main.Run after shutdown: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Error("server did not shut down")
		}
	})
	select {
	case u := <-urls:
		if !strings.Contains(stdout.String(), u) {
			t.Errorf("the URL %s was not printed: %q", u, stdout.String())
		}
		return u
	case err := <-done:
		t.Fatalf("Main.Run ended early: %v\n%s", err, stderr.String())
	case <-time.After(60 * time.Second):
		t.Fatal("server did not start")
	}
	return ""
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestDemoEndToEnd runs the demo through Main.Run and reads it through the API
// and the UI: the stories the corpus was written to have, quotes, a folded copy.
func TestDemoEndToEnd(t *testing.T) {
	base := startDemo(t, Config{})
	if code, _ := get(t, base+"/healthz"); code != 200 {
		t.Fatalf("healthz: %d", code)
	}
	code, body := get(t, base+"/api/stories")
	if code != 200 {
		t.Fatalf("/api/stories: %d %s", code, body)
	}
	stories := decode[[]storyJSON](t, body)
	// Every expected story of the demo corpus is one story, and no two are merged.
	for i, want := range demo.Stories() {
		got := storyOf(stories, want[0])
		for _, id := range want[1:] {
			if s := storyOf(stories, id); s != got {
				t.Errorf("demo story %d: %s is in %q but %s in %q", i, want[0], got, id, s)
			}
		}
		for j, other := range demo.Stories() {
			if j != i && storyOf(stories, other[0]) == got {
				t.Errorf("demo stories %d and %d were merged", i, j)
			}
		}
	}
	// Events of one storyline share it; those of different storylines do not.
	line := map[string]string{}
	for _, s := range stories {
		for _, a := range s.Articles {
			line[a.ID] = s.Storyline
		}
	}
	for i, want := range demo.Storylines() {
		for _, id := range want {
			if line[id] == "" || line[id] != line[want[0]] {
				t.Errorf("demo storyline %d: %s is in %q but %s in %q", i, want[0], line[want[0]], id, line[id])
			}
		}
		for j, other := range demo.Storylines() {
			if j != i && line[other[0]] == line[want[0]] {
				t.Errorf("demo storylines %d and %d were merged", i, j)
			}
		}
	}
	copies, quotes := 0, 0
	for _, s := range stories {
		code, body := get(t, base+"/api/stories/"+s.ID)
		if code != 200 {
			t.Fatalf("story %s: %d", s.ID, code)
		}
		v := decode[storyJSON](t, body)
		quotes += len(v.Quotes)
		for _, a := range v.Articles {
			if a.DuplicateOf != "" {
				copies++
			}
		}
		code, page := get(t, base+"/stories/"+s.ID)
		if code != 200 || !strings.Contains(page, "<html") {
			t.Fatalf("story page %s: %d", s.ID, code)
		}
	}
	if copies == 0 {
		t.Error("the demo's near-copy was not linked to its original")
	}
	if quotes == 0 {
		t.Error("the demo's stories have no quotes")
	}
	code, page := get(t, base+"/")
	if code != 200 || !strings.Contains(page, stories[0].ID) {
		t.Errorf("story list page: %d", code)
	}
}

// TestServeWrites posts and deletes an article through the API of a running server.
func TestServeWrites(t *testing.T) {
	base := startDemo(t, Config{})
	rec := `{"id":"api-1","outlet":"Test Wire","published":"2026-05-01","title":"Lighthouse sold","text":"The old lighthouse at Kestrel Point was sold at auction on Friday, the county said."}`
	resp, err := http.Post(base+"/api/articles", "application/json", strings.NewReader(rec))
	if err != nil {
		t.Fatal(err)
	}
	var out struct {
		Results []map[string]string `json:"results"`
	}
	json.NewDecoder(resp.Body).Decode(&out)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(out.Results) != 1 || out.Results[0]["status"] != "stored" {
		t.Fatalf("POST: %d %v", resp.StatusCode, out)
	}
	if code, body := get(t, base+"/api/articles/api-1"); code != 200 || !strings.Contains(body, "Kestrel Point") {
		t.Fatalf("GET after POST: %d %s", code, body)
	}
	req, _ := http.NewRequest(http.MethodDelete, base+"/api/articles/api-1", nil)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("DELETE: %d", resp.StatusCode)
	}
	if code, _ := get(t, base+"/api/articles/api-1"); code != 404 {
		t.Fatalf("GET after DELETE: %d, want 404", code)
	}
}

// TestPublicNeedsToken: listening beyond loopback without a token is refused.
func TestPublicNeedsToken(t *testing.T) {
	r := cli(t, nil, "", "--db", filepath.Join(t.TempDir(), "p.db"), "serve", "--addr", "0.0.0.0:0")
	if r.code != 2 || !strings.Contains(strings.ToLower(r.stderr), "token") {
		t.Fatalf("code %d, stderr %q", r.code, r.stderr)
	}
}

// TestEntityAcrossStories follows a person from a story to their entity
// view: the same id in every story that names them, with what they said.
func TestEntityAcrossStories(t *testing.T) {
	base := startDemo(t, Config{})
	var list []storyJSON
	_, body := get(t, base+"/api/stories")
	if err := json.Unmarshal([]byte(body), &list); err != nil {
		t.Fatal(err)
	}
	type entity struct {
		ID, Name, Kind string
		Mentions       int
	}
	type view struct {
		entity
		Stories []struct {
			ID       string
			Mentions int
		}
		Statements []struct {
			EntityID string `json:"entity_id"`
			Text     string
		}
	}
	checked := 0
	for _, s := range list {
		var sv struct {
			Entities   []entity
			Statements []struct {
				EntityID string `json:"entity_id"`
				Speaker  string
			}
		}
		_, body := get(t, base+"/api/stories/"+s.ID)
		if err := json.Unmarshal([]byte(body), &sv); err != nil {
			t.Fatal(err)
		}
		for _, st := range sv.Statements {
			if st.EntityID == "" {
				continue
			}
			var e entity
			for _, x := range sv.Entities {
				if x.ID == st.EntityID {
					e = x
				}
			}
			if e.ID == "" {
				t.Errorf("statement of %q names entity %s, which the story does not list", st.Speaker, st.EntityID)
				continue
			}
			code, body := get(t, base+"/api/entities/"+e.ID+"?name="+url.QueryEscape(e.Name))
			if code != 200 {
				t.Fatalf("entity %s: %d %s", e.Name, code, body)
			}
			var v view
			if err := json.Unmarshal([]byte(body), &v); err != nil {
				t.Fatal(err)
			}
			inStory := false
			for _, vs := range v.Stories {
				inStory = inStory || vs.ID == s.ID && vs.Mentions == e.Mentions
			}
			if v.ID != e.ID || !inStory || v.Mentions < e.Mentions || len(v.Statements) == 0 {
				t.Errorf("entity view of %s: %+v", e.Name, v)
			}
			for _, vst := range v.Statements {
				if vst.EntityID != e.ID {
					t.Errorf("entity view of %s lists another speaker's statement %+v", e.Name, vst)
				}
			}
			if code, page := get(t, base+"/entities/"+e.ID+"?name="+url.QueryEscape(e.Name)); code != 200 || !strings.Contains(page, html.EscapeString(e.Name)) {
				t.Errorf("entity page of %s: %d", e.Name, code)
			}
			checked++
			break
		}
	}
	if checked < 2 {
		t.Errorf("checked %d entities; the demo has named speakers in every story", checked)
	}
	if code, _ := get(t, base+"/api/entities/e000000000000?name=Nobody+Here"); code != 404 {
		t.Errorf("unknown entity: %d, want 404", code)
	}
	if code, _ := get(t, base+"/api/entities/e000000000000"); code != 400 {
		t.Errorf("entity without a name: %d, want 400", code)
	}
}
