package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/parallax-news/parallax/analyze/text"
	"github.com/parallax-news/parallax/analyze/wordclass"
)

func init() {
	trainTasks["wordclass"] = trainTask{
		about:  "word classes from unlabelled news text, from the shared data folder: --data ../shared/data",
		output: "analyze/wordclass/" + wordclass.DefaultFile,
		run:    trainWordClass,
	}
}

// trainWordClass learns word classes from the text, and only the text, of
// the shared data sets that are for building (never a dev or test split):
// PolNeAR train articles, the words of CoNLL-2003 eng.train, the UCI News
// headlines and the article bodies of the extraction benchmark. It writes
// the class file, which holds word hashes and class ids only, and prints
// what it wrote as JSON; progress goes to standard error.
func trainWordClass(ctx context.Context, m *Main) error {
	dir := m.Config.Data
	if _, err := os.Stat(filepath.Join(dir, "data", "polnear")); err == nil {
		dir = filepath.Join(dir, "data") // given ../shared
	}
	var corpus [][]string
	tokens := map[string]int{}
	for _, src := range []struct {
		name string
		read func(string) ([][]string, error)
	}{
		{"polnear/data/train/text", readTextDir},
		{"conll2003/eng.train", readCoNLLWords},
		{"uci-news", readHeadlines},
		{"extraction/ground-truth.json", readArticleBodies},
	} {
		seqs, err := src.read(filepath.Join(dir, src.name))
		if err != nil {
			return fmt.Errorf("reading %s: %w", src.name, err)
		}
		for _, s := range seqs {
			tokens[src.name] += len(s)
		}
		corpus = append(corpus, seqs...)
	}
	start := time.Now()
	c, err := wordclass.Train(ctx, corpus, wordclass.TrainOptions{Log: m.Stderr})
	if err != nil {
		return err
	}
	file, err := c.Encode()
	if err != nil {
		return err
	}
	if err := os.WriteFile(m.Config.Output, file, 0o644); err != nil {
		return fmt.Errorf("writing classes: %w", err)
	}
	coarse, fine := c.Sizes()
	return writeJSON(m.Stdout, map[string]any{
		"model": m.Config.Output, "bytes": len(file), "words": len(c.Entries()), "coarse": coarse, "fine": fine,
		"tokens": tokens, "seconds": time.Since(start).Seconds(),
	})
}

// words returns the tokens of the paragraphs of s as the analysis splits
// them, a sequence per paragraph.
func words(s string) [][]string {
	var out [][]string
	var toks []text.Token
	for _, p := range text.Paragraphs(s) {
		toks = text.Tokenize(s, p, toks[:0])
		seq := make([]string, len(toks))
		for i, t := range toks {
			seq[i] = t.In(s)
		}
		if len(seq) > 0 {
			out = append(out, seq)
		}
	}
	return out
}

// readTextDir reads every .txt file of a folder, in name order.
func readTextDir(dir string) ([][]string, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no .txt files in %s", dir)
	}
	sort.Strings(names)
	var out [][]string
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		out = append(out, words(string(b))...)
	}
	return out, nil
}

// readCoNLLWords reads the first column of a CoNLL-2003 file, a sequence
// per sentence; the labels are not read.
func readCoNLLWords(path string) ([][]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out [][]string
	var seq []string
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 0 || f[0] == "-DOCSTART-" {
			if len(seq) > 0 {
				out = append(out, seq)
			}
			seq = nil
			continue
		}
		seq = append(seq, f[0])
	}
	if len(seq) > 0 {
		out = append(out, seq)
	}
	return out, nil
}

// readHeadlines reads the TITLE column of the UCI News Aggregator CSV files
// of a folder. The shared file is the head of a larger one, so its last
// row may be cut: a malformed row ends the file.
func readHeadlines(dir string) ([][]string, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("no .csv files in %s", dir)
	}
	sort.Strings(names)
	var out [][]string
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		r := csv.NewReader(f)
		r.FieldsPerRecord = -1
		col := -1
		for {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			var perr *csv.ParseError
			if errors.As(err, &perr) {
				break // the cut last row
			}
			if err != nil {
				f.Close()
				return nil, err
			}
			if col < 0 {
				col = max(0, indexOf(rec, "TITLE"))
				continue
			}
			if col < len(rec) {
				out = append(out, words(rec[col])...)
			}
		}
		f.Close()
	}
	return out, nil
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// readArticleBodies reads the articleBody of every page of the extraction
// benchmark's ground truth, in key order.
func readArticleBodies(path string) ([][]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var pages map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	if err := json.Unmarshal(b, &pages); err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(pages))
	for k := range pages {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out [][]string
	for _, k := range keys {
		out = append(out, words(pages[k].ArticleBody)...)
	}
	return out, nil
}
