package bench

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Page is one page of the benchmark.
type Page struct {
	ID    string // the file's hash, the key of ground-truth.json
	URL   string // where the page was fetched from
	HTML  []byte // the page, decompressed (UTF-8)
	Truth string // the annotated article body
}

// Load reads a benchmark folder: ground-truth.json and, for each of its
// keys, html/<key>.html.gz. Pages come sorted by ID so that every run sees
// them in the same order.
func Load(dir string) ([]Page, error) {
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
		URL         string `json:"url"`
	}
	if err := readJSON(filepath.Join(dir, "ground-truth.json"), &truth); err != nil {
		return nil, err
	}
	if len(truth) == 0 {
		return nil, fmt.Errorf("%s: no pages in ground-truth.json", dir)
	}
	pages := make([]Page, 0, len(truth))
	for id, t := range truth {
		html, err := readGzip(filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			return nil, err
		}
		pages = append(pages, Page{ID: id, URL: t.URL, HTML: html, Truth: t.ArticleBody})
	}
	slices.SortFunc(pages, func(a, b Page) int { return strings.Compare(a.ID, b.ID) })
	return pages, nil
}

// LoadOutputs reads the reference outputs in dir/output: for each
// <system>.json, the article body it found for each page ID. A file may wrap
// its bodies as {"version": …, "output": {…}}. Files without a single body
// (the benchmark ships some as "{}") are left out.
func LoadOutputs(dir string) (map[string]map[string]string, error) {
	files, err := filepath.Glob(filepath.Join(dir, "output", "*.json"))
	if err != nil {
		return nil, err
	}
	type body struct {
		ArticleBody string `json:"articleBody"`
	}
	outputs := make(map[string]map[string]string)
	for _, f := range files {
		var raw map[string]json.RawMessage
		if err := readJSON(f, &raw); err != nil {
			return nil, err
		}
		if wrapped, ok := raw["output"]; ok {
			raw = nil
			if err := json.Unmarshal(wrapped, &raw); err != nil {
				return nil, fmt.Errorf("%s: output: %w", f, err)
			}
		}
		bodies := make(map[string]string, len(raw))
		for id, v := range raw {
			var b body
			if err := json.Unmarshal(v, &b); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", f, id, err)
			}
			bodies[id] = b.ArticleBody
		}
		if len(bodies) > 0 {
			outputs[strings.TrimSuffix(filepath.Base(f), ".json")] = bodies
		}
	}
	return outputs, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

func readGzip(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}
