package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze"
	"github.com/parallax-news/parallax/analyze/text"
	"github.com/parallax-news/parallax/extract"
	"github.com/parallax-news/parallax/ingest"
)

// benchReport is what `parallax bench` prints: the figure, the machine it
// was measured on, and a baseline measured in the same run so that the
// figure can be compared across machines.
type benchReport struct {
	Task        string  `json:"task"`
	Articles    int     `json:"articles"`
	Bytes       int64   `json:"bytes"`
	Seconds     float64 `json:"seconds"`
	PerSecond   float64 `json:"articles_per_second"`
	PerCore     float64 `json:"articles_per_second_per_core"`
	MBPerSecond float64 `json:"mb_per_second"`
	Baseline    string  `json:"baseline"`
	BaselineAPS float64 `json:"baseline_articles_per_second"`
	Ratio       float64 `json:"ratio_to_baseline"`
	Machine     machine `json:"machine"`
}

type machine struct {
	CPU        string `json:"cpu"`
	NumCPU     int    `json:"num_cpu"`
	GOMAXPROCS int    `json:"gomaxprocs"`
	GOOS       string `json:"goos"`
	GOARCH     string `json:"goarch"`
	Go         string `json:"go"`
}

func thisMachine() machine {
	m := machine{NumCPU: runtime.NumCPU(), GOMAXPROCS: runtime.GOMAXPROCS(0), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, Go: runtime.Version()}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	return m
}

var benchTasks = map[string]func(ctx context.Context, m *Main) (benchReport, error){
	"analyze": benchAnalyze,
}

func runBench(ctx context.Context, m *Main) error {
	task := "analyze"
	if len(m.Config.Args) > 0 {
		task = m.Config.Args[0]
	}
	run, ok := benchTasks[task]
	if !ok {
		return usagef("unknown benchmark %q; known: analyze", task)
	}
	r, err := run(ctx, m)
	if err != nil {
		return err
	}
	if m.Config.JSON {
		return writeJSON(m.Stdout, r)
	}
	fmt.Fprintf(m.Stdout, "%s: %d articles (%.1f MB) in %.2fs: %.0f articles/s, %.0f per core, %.2f MB/s\n",
		r.Task, r.Articles, float64(r.Bytes)/1e6, r.Seconds, r.PerSecond, r.PerCore, r.MBPerSecond)
	fmt.Fprintf(m.Stdout, "baseline (%s): %.0f articles/s; ratio %.3f\n", r.Baseline, r.BaselineAPS, r.Ratio)
	fmt.Fprintf(m.Stdout, "machine: %s, %d CPUs, GOMAXPROCS=%d, %s %s/%s\n",
		r.Machine.CPU, r.Machine.NumCPU, r.Machine.GOMAXPROCS, r.Machine.Go, r.Machine.GOOS, r.Machine.GOARCH)
	return nil
}

// benchAnalyze extracts and analyses the articles of --data (default: the
// reference story, ../shared/corpus/seeds.jsonl) repeated until --repeat
// copies have been analysed, on GOMAXPROCS workers. Its baseline is the
// tokenizer alone over the same texts: the cheapest pass any analysis makes.
func benchAnalyze(ctx context.Context, m *Main) (benchReport, error) {
	path := m.Config.Data
	if path == "" {
		path = "../shared/corpus/seeds.jsonl"
	}
	var docs []parallax.Document
	for a, err := range ingest.Read(ctx, []string{path}, ingest.Options{MaxBytes: m.Config.MaxBytes}) {
		if err != nil {
			return benchReport{}, err
		}
		d, err := extract.Extract(&a)
		if err != nil {
			return benchReport{}, fmt.Errorf("%s: %w", a.Origin, err)
		}
		d.Language = "" // detection is part of the work measured
		docs = append(docs, d)
	}
	if len(docs) == 0 {
		return benchReport{}, fmt.Errorf("bench: no articles in %s", path)
	}
	an, err := analyze.New()
	if err != nil {
		return benchReport{}, err
	}
	n := max(m.Config.Repeat, len(docs))
	var bytes int64
	for i := range n {
		bytes += int64(len(docs[i%len(docs)].Text))
	}
	workers := runtime.GOMAXPROCS(0)
	timeIt := func(work func(d *parallax.Document)) float64 {
		start := time.Now()
		next := make(chan int)
		done := make(chan struct{})
		for range workers {
			go func() {
				for i := range next {
					work(&docs[i%len(docs)])
				}
				done <- struct{}{}
			}()
		}
		for i := range n {
			next <- i
		}
		close(next)
		for range workers {
			<-done
		}
		return time.Since(start).Seconds()
	}
	timeIt(func(d *parallax.Document) { an.Analyze(d) }) // warm caches and the heap
	secs := timeIt(func(d *parallax.Document) { an.Analyze(d) })
	base := timeIt(func(d *parallax.Document) {
		var toks []text.Token
		for _, p := range text.Paragraphs(d.Text) {
			toks = text.Tokenize(d.Text, p, toks[:0])
		}
	})
	r := benchReport{
		Task: "analyze", Articles: n, Bytes: bytes, Seconds: secs,
		PerSecond: float64(n) / secs, MBPerSecond: float64(bytes) / 1e6 / secs,
		Baseline: "tokenizer only", BaselineAPS: float64(n) / base,
		Machine: thisMachine(),
	}
	r.PerCore = r.PerSecond / float64(workers)
	r.Ratio = r.PerSecond / r.BaselineAPS
	return r, nil
}
