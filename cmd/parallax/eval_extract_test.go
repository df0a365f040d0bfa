package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// extractionFixture writes a two-page benchmark folder in the layout of the
// article-extraction benchmark, with invented pages, one reference output
// and one empty output.
func extractionFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"html", "output"} {
		if err := os.Mkdir(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	bodies := map[string]string{
		"p1": "The harbour board voted on Thursday to buy two electric ferries, ending a debate that has run for three years.\n\nThe first ferry will sail in the spring, the board's chair said.",
		"p2": "Millbrook's council approved a footbridge over the Tarn on Tuesday night, five votes to two.\n\nWork on the bridge will start in June and should end before the autumn fair.",
	}
	truth := map[string]map[string]string{}
	ref := map[string]map[string]string{}
	for id, body := range bodies {
		var page strings.Builder
		page.WriteString(`<html><head><title>Page</title></head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article>`)
		for _, p := range strings.Split(body, "\n\n") {
			page.WriteString("<p>" + p + "</p>")
		}
		page.WriteString(`</article><footer>© Example</footer></body></html>`)
		var gz bytes.Buffer
		zw := gzip.NewWriter(&gz)
		zw.Write([]byte(page.String()))
		zw.Close()
		if err := os.WriteFile(filepath.Join(dir, "html", id+".html.gz"), gz.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		truth[id] = map[string]string{"articleBody": body, "url": "https://example.org/" + id}
		ref[id] = map[string]string{"articleBody": "Home News " + body}
	}
	write := func(name string, v any) {
		b, _ := json.Marshal(v)
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("ground-truth.json", truth)
	write("output/reference.json", ref)
	write("output/empty.json", map[string]any{})
	return dir
}

func TestEvalExtract(t *testing.T) {
	r := cli(t, nil, "", "eval", "extract", "--data", extractionFixture(t))
	if r.code != 0 {
		t.Fatalf("eval extract: exit %d: %s", r.code, r.stderr)
	}
	type scores struct {
		Precision, Recall, F1 float64
		Documents             int
	}
	got := decode[struct {
		scores
		Peers map[string]scores `json:"peers"`
	}](t, r.stdout)
	if got.Documents != 2 || got.F1 < 0.99 {
		t.Errorf("parallax: %+v, want 2 documents and F1 ≈ 1 on clean pages", got.scores)
	}
	if _, ok := got.Peers["go-trafilatura"]; !ok {
		t.Errorf("go-trafilatura not scored in the same run: %v", got.Peers)
	}
	if ref, ok := got.Peers["reference"]; !ok || ref.Recall != 1 || ref.Precision >= 1 {
		t.Errorf("reference output: %+v, want recall 1 and precision below 1 (it kept the menu)", ref)
	}
	if _, ok := got.Peers["empty"]; ok {
		t.Error("an empty reference output was scored")
	}

	r = cli(t, nil, "", "eval", "extract", "--data", t.TempDir())
	if r.code != 1 || !strings.Contains(r.stderr, "ground-truth.json") {
		t.Errorf("missing data: exit %d, stderr %q", r.code, r.stderr)
	}
	if r = cli(t, nil, "", "eval", "extract"); r.code != 2 || !strings.Contains(r.stderr, "--data") {
		t.Errorf("no --data: exit %d, stderr %q", r.code, r.stderr)
	}
}
