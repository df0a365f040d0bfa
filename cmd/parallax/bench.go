package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze"
	"github.com/parallax-news/parallax/analyze/text"
	"github.com/parallax-news/parallax/eval/clustering"
	"github.com/parallax-news/parallax/extract"
	"github.com/parallax-news/parallax/ingest"
	"github.com/parallax-news/parallax/internal/metrics"
	"github.com/parallax-news/parallax/pipeline"
	"github.com/parallax-news/parallax/synth"
)

// benchReport is what `parallax bench` prints: the figure, the machine it
// was measured on, and a baseline measured in the same run so that the
// figure can be compared across machines. The scale benchmarks (ingest,
// cluster) have no baseline; they report how the figures move as the store
// grows instead: checkpoints, memory and the clustering's quality.
type benchReport struct {
	Task        string  `json:"task"`
	Articles    int     `json:"articles"`
	Bytes       int64   `json:"bytes"`
	Seconds     float64 `json:"seconds"`
	PerSecond   float64 `json:"articles_per_second"`
	PerCore     float64 `json:"articles_per_second_per_core"`
	MBPerSecond float64 `json:"mb_per_second"`
	Baseline    string  `json:"baseline,omitempty"`
	BaselineAPS float64 `json:"baseline_articles_per_second,omitempty"`
	Ratio       float64 `json:"ratio_to_baseline,omitempty"`
	Machine     machine `json:"machine"`

	Seed     uint64  `json:"seed,omitempty"`             // of the synthetic stream
	Store    string  `json:"store,omitempty"`            // the SQLite file, "temporary" when removed afterwards
	Rejected int     `json:"rejected,omitempty"`         // articles not stored (nor scored)
	Generate float64 `json:"generate_seconds,omitempty"` // writing the JSON Lines, not counted in Seconds
	// Checkpoints show the figures as the store grows (10k, 100k, 1M
	// articles); each rate is over the interval since the one before.
	Checkpoints []benchCheckpoint `json:"checkpoints,omitempty"`
	// ClusterRatio is the clustering time per article at the last
	// checkpoint over that at the first: flat is 1, the target ≤ 2.
	ClusterRatio float64 `json:"cluster_ratio,omitempty"`
	PeakRSS      int64   `json:"peak_rss_bytes,omitempty"`
	// Stories and Scores compare the stories the articles were placed in
	// with the synthetic gold events (BCubed and pairwise, eval/clustering);
	// StorylineScores compares the same stories with the gold storylines,
	// so a story that joins two events of one storyline costs precision
	// there less than one joining unrelated events.
	Stories         int                `json:"stories,omitempty"`
	Scores          *clustering.Scores `json:"scores,omitempty"`
	StorylineScores *clustering.Scores `json:"storyline_scores,omitempty"`
	Queue           *queueBench        `json:"queue,omitempty"` // bench queue: its runs (bench_queue.go)
}

// benchCheckpoint is the state of a scale benchmark once Articles articles
// are stored.
type benchCheckpoint struct {
	Articles  int     `json:"articles"`
	Seconds   float64 `json:"seconds"`             // since the run started
	PerSecond float64 `json:"articles_per_second"` // over the interval since the previous checkpoint
	// ClusterUS is the mean time per article, in µs over the interval, of
	// the pipeline's sequential stages as it times them: PlaceUS (copy and
	// story look-ups, the decision, the write of the article and its
	// placement) plus CommitUS (each batch's commit, shared out).
	ClusterUS float64 `json:"cluster_us_per_article,omitempty"`
	PlaceUS   float64 `json:"place_us_per_article,omitempty"`
	CommitUS  float64 `json:"commit_us_per_article,omitempty"`
	HeapBytes uint64  `json:"heap_bytes"`     // Go heap in use after a collection
	RSSBytes  int64   `json:"rss_bytes"`      // resident set now
	PeakRSS   int64   `json:"peak_rss_bytes"` // highest resident set so far (VmHWM)
	// StoreBytes is the size of the SQLite files: the state that is on
	// disk rather than in memory. 0 for PostgreSQL.
	StoreBytes int64 `json:"store_bytes"`
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
	"ingest":  benchIngest,
	"cluster": benchCluster,
}

func runBench(ctx context.Context, m *Main) error {
	task := "analyze"
	if len(m.Config.Args) > 0 {
		task = m.Config.Args[0]
	}
	run, ok := benchTasks[task]
	if !ok {
		return usagef("unknown benchmark %q; known: analyze, cluster, ingest, queue", task)
	}
	r, err := run(ctx, m)
	if err != nil {
		return err
	}
	if m.Config.JSON {
		return writeJSON(m.Stdout, r)
	}
	if r.Checkpoints != nil {
		writeScaleReport(m.Stdout, r)
		return nil
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

// The scale benchmarks run a synthetic news stream (package synth: many
// overlapping events, storylines sharing names, one article in ten a copy)
// through the real pipeline into a real store, and report how the figures
// move as the store grows. --repeat is the number of articles; the store is
// a SQLite file in a temporary folder unless --db names one.

// benchSeed is the synthetic stream's seed: one stream everywhere, so that
// figures from two machines are of the same articles.
const benchSeed = 1

// scaleSize returns how many synthetic articles a scale benchmark runs
// (--repeat) and the stream's seed.
func scaleSize(m *Main) (n int, seed uint64) { return m.Config.Repeat, benchSeed }

// benchChunk is how many articles bench cluster analyses before it places
// them: a multiple of the pipeline's batch (256), so that a chunk ends with
// a commit and not with a batch left waiting for its delay.
const benchChunk = 1024

// benchIngest writes the synthetic articles as a JSON Lines file, then
// times `parallax ingest FILE` on it: reading, extraction, analysis,
// clustering and storing, end to end, on GOMAXPROCS workers.
func benchIngest(ctx context.Context, m *Main) (benchReport, error) {
	n, seed := scaleSize(m)
	dir, err := os.MkdirTemp("", "parallax-bench-")
	if err != nil {
		return benchReport{}, fmt.Errorf("bench ingest: %w", err)
	}
	defer os.RemoveAll(dir)
	run := newScaleRun(m, "ingest", n, seed)
	path := filepath.Join(dir, "synth.jsonl")
	start := time.Now()
	size, err := writeSynth(path, run)
	if err != nil {
		return benchReport{}, fmt.Errorf("bench ingest: writing the articles: %w", err)
	}
	gen := time.Since(start).Seconds()
	fmt.Fprintf(m.Stderr, "bench ingest: %d synthetic articles written as JSON Lines (%.0f MB) in %.1f s\n", n, float64(size)/1e6, gen)

	store, err := run.open(ctx, dir)
	if err != nil {
		return benchReport{}, err
	}
	defer store.Close()
	p, err := m.newPipeline(store)
	if err != nil {
		return benchReport{}, err
	}
	run.begin()
	_, err = p.Ingest(ctx, ingest.Read(ctx, []string{path}, m.ingestOptions()), func(r parallax.IngestResult) {
		// The origin is "FILE:LINE", and line i holds article i.
		line, _ := strconv.Atoi(r.Origin[strings.LastIndexByte(r.Origin, ':')+1:])
		run.result(line-1, r)
		run.tick(run.results, 1)
	})
	if err != nil {
		return benchReport{}, fmt.Errorf("bench ingest: %w", err)
	}
	r, err := run.report()
	if err != nil {
		return r, err
	}
	r.Bytes, r.Generate = size, gen
	r.Seconds = time.Since(run.start).Seconds()
	r.PerSecond = float64(n) / r.Seconds
	r.MBPerSecond = float64(size) / 1e6 / r.Seconds
	r.PerCore = r.PerSecond / float64(runtime.GOMAXPROCS(0))
	return r, nil
}

// benchCluster times the sequential half of the pipeline alone: copy and
// story look-ups, the placement decision, writing the article with its
// placement, and the commits. It takes the articles a chunk at a time,
// extracts and analyses a chunk on GOMAXPROCS workers (not timed), then
// hands it to the placer and waits until it is committed, so that the
// clustering never competes with the analysis for the CPU. The times are
// the ones the pipeline records for its stages (parallax_stage_seconds).
func benchCluster(ctx context.Context, m *Main) (benchReport, error) {
	n, seed := scaleSize(m)
	dir, err := os.MkdirTemp("", "parallax-bench-")
	if err != nil {
		return benchReport{}, fmt.Errorf("bench cluster: %w", err)
	}
	defer os.RemoveAll(dir)
	run := newScaleRun(m, "cluster", n, seed)
	store, err := run.open(ctx, dir)
	if err != nil {
		return benchReport{}, err
	}
	defer store.Close()
	p, err := m.newPipeline(store)
	if err != nil {
		return benchReport{}, err
	}

	ctx, cancel := context.WithCancel(ctx)
	in := make(chan pipeline.Prepared)
	acks := make(chan struct{}, benchChunk)
	placed := make(chan error, 1)
	go func() {
		placed <- p.Place(ctx, in, func(seq int, r parallax.IngestResult) {
			run.result(seq, r)
			acks <- struct{}{}
		})
	}()
	// On an early return the placer is stopped and waited for, so that
	// the store is not closed under it.
	placerDone := false
	defer func() {
		cancel()
		if !placerDone {
			<-placed
		}
	}()
	// stopped turns the placer's end, before its input was closed, into an error.
	stopped := func(err error) error {
		placerDone = true
		if err == nil {
			err = errors.New("the placer stopped early")
		}
		return fmt.Errorf("bench cluster: placing: %w", err)
	}

	gen := synth.New(synth.Config{Seed: seed})
	articles := make([]parallax.Article, 0, benchChunk)
	prepared := make([]pipeline.Prepared, benchChunk)
	run.begin()
	for done := 0; done < n; {
		// A chunk ends at each checkpoint, so that it measures only the
		// articles before it.
		size := min(benchChunk, run.nextMark(done)-done)
		articles = articles[:0]
		for i := range size {
			a := gen.Next()
			run.gold[done+i], run.line[done+i] = label(a.Event), label(a.Storyline)
			articles = append(articles, a.Article)
		}
		prepareAll(ctx, p, articles, prepared[:size])
		for i := range size {
			select {
			case in <- prepared[i]:
			case err := <-placed:
				return benchReport{}, stopped(err)
			case <-ctx.Done():
				return benchReport{}, ctx.Err()
			}
			prepared[i] = pipeline.Prepared{} // let the analysis go once placed
		}
		for range size {
			select {
			case <-acks:
			case err := <-placed:
				return benchReport{}, stopped(err)
			case <-ctx.Done():
				return benchReport{}, ctx.Err()
			}
		}
		done += size
		run.tick(done, size)
	}
	close(in)
	placerDone = true
	if err := <-placed; err != nil {
		return benchReport{}, fmt.Errorf("bench cluster: placing: %w", err)
	}
	r, err := run.report()
	if err != nil {
		return r, err
	}
	// Seconds is the time of the stages measured, summed over the
	// intervals; the rate is what the sequential half alone could take.
	prev, secs := 0, 0.0
	for _, c := range r.Checkpoints {
		secs += c.ClusterUS * float64(c.Articles-prev) / 1e6
		prev = c.Articles
	}
	r.Seconds = secs
	if secs > 0 {
		r.PerSecond = float64(n) / secs
	}
	r.PerCore = r.PerSecond // one goroutine places
	first, last := r.Checkpoints[0].ClusterUS, r.Checkpoints[len(r.Checkpoints)-1].ClusterUS
	if first > 0 {
		r.ClusterRatio = last / first
	}
	return r, nil
}

// prepareAll extracts and analyses in[i] into out[i] on GOMAXPROCS workers.
func prepareAll(ctx context.Context, p *pipeline.Pipeline, in []parallax.Article, out []pipeline.Prepared) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= len(in) {
					return
				}
				out[i] = p.Prepare(ctx, in[i])
			}
		})
	}
	wg.Wait()
}

// writeSynth writes the run's synthetic articles to path as JSON Lines,
// keeping the gold event and storyline of each in run.
func writeSynth(path string, run *scaleRun) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	var buf []byte
	var size int64
	i := 0
	for a := range synth.Articles(synth.Config{Seed: run.seed}, run.n) {
		buf = synth.AppendJSONL(buf[:0], &a)
		if _, err := w.Write(buf); err != nil {
			f.Close()
			return size, err
		}
		size += int64(len(buf))
		run.gold[i], run.line[i] = label(a.Event), label(a.Storyline)
		i++
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return size, err
	}
	return size, f.Close()
}

// scaleRun follows a scale benchmark: it counts the results, takes the
// checkpoints and keeps, per article, the story it was placed in and its
// gold event and storyline. Labels are kept as 64-bit hashes, 24 bytes an
// article, so that the benchmark's own memory stays small next to what it
// measures.
type scaleRun struct {
	m                *Main
	task             string
	n                int
	seed             uint64
	marks            []int // article counts to take checkpoints at, ascending; the last is n
	dbPath           string
	store            string
	start            time.Time
	pred, gold, line []uint64 // by input position; pred 0: not placed
	results          int
	rejected         int
	points           []benchCheckpoint
	// lastMark and lastLine are where the current interval between
	// checkpoints and between progress lines started.
	lastMark, lastLine interval
}

func newScaleRun(m *Main, task string, n int, seed uint64) *scaleRun {
	return &scaleRun{m: m, task: task, n: n, seed: seed, marks: benchMarks(n),
		pred: make([]uint64, n), gold: make([]uint64, n), line: make([]uint64, n)}
}

// benchMarks returns where to take checkpoints in a run of n articles:
// 10k, 100k, 1M … below n, then n; half-way and n when n ≤ 10k.
func benchMarks(n int) []int {
	var marks []int
	for c := 10000; c < n; c *= 10 {
		marks = append(marks, c)
	}
	if len(marks) == 0 && n >= 2 {
		marks = append(marks, n/2)
	}
	return append(marks, n)
}

// open opens the store: --db when given, else bench.db in dir.
func (s *scaleRun) open(ctx context.Context, dir string) (parallax.Store, error) {
	s.dbPath, s.store = filepath.Join(dir, "bench.db"), "temporary"
	if s.m.Config.dbSet {
		s.dbPath, s.store = s.m.Config.DB, s.m.Config.DB
	}
	return openStore(ctx, s.dbPath)
}

func (s *scaleRun) begin() {
	s.start = time.Now()
	s.lastMark = interval{0, s.start, stageSeconds()}
	s.lastLine = s.lastMark
}

// nextMark returns the first checkpoint after done articles.
func (s *scaleRun) nextMark(done int) int {
	for _, c := range s.marks {
		if c > done {
			return c
		}
	}
	return s.n
}

// result records the outcome for the article at input position i.
func (s *scaleRun) result(i int, r parallax.IngestResult) {
	s.results++
	if i < 0 || i >= s.n {
		return
	}
	if r.Story != "" {
		s.pred[i] = label(r.Story)
		return
	}
	if r.Status != parallax.StatusUnchanged {
		if s.rejected++; s.rejected <= 10 {
			fmt.Fprintf(s.m.Stderr, "bench %s: %s: %s: %s\n", s.task, r.Origin, r.Status, r.Error)
		}
	}
}

// tick is called as articles are done, step at a time. Every 10,000
// articles it reports on stderr the rate over them (and for bench cluster
// the clustering time), so a long run shows its trend as it goes; at each
// checkpoint it also takes the memory and keeps the figures since the
// checkpoint before.
func (s *scaleRun) tick(done, step int) {
	const every = 10000
	mark := slices.Contains(s.marks, done)
	if !mark && done/every == (done-step)/every {
		return
	}
	now := time.Now()
	stages := stageSeconds()
	line := s.lastLine.to(done, now, stages)
	s.lastLine = interval{done, now, stages}
	fmt.Fprintf(s.m.Stderr, "bench %s: %d/%d articles in %.0f s: %.0f articles/s", s.task, done, s.n, now.Sub(s.start).Seconds(), line.PerSecond)
	if s.task == "cluster" {
		fmt.Fprintf(s.m.Stderr, ", clustering %.0f µs/article (place %.0f, commit %.0f)", line.ClusterUS, line.PlaceUS, line.CommitUS)
	}
	fmt.Fprintf(s.m.Stderr, " over the last %d", done-line.from)
	if !mark {
		fmt.Fprintln(s.m.Stderr)
		return
	}
	c := s.lastMark.to(done, now, stages)
	c.Seconds = now.Sub(s.start).Seconds()
	c.HeapBytes, c.RSSBytes, c.PeakRSS = memory()
	c.StoreBytes = storeSize(s.dbPath)
	if s.task != "cluster" {
		// In bench ingest these stages share the CPU with the analysis
		// running beside them, so their times say little.
		c.ClusterUS, c.PlaceUS, c.CommitUS = 0, 0, 0
	}
	s.points = append(s.points, c.benchCheckpoint)
	fmt.Fprintf(s.m.Stderr, "; heap %.0f MB, RSS %.0f MB, store %.0f MB\n",
		float64(c.HeapBytes)/1e6, float64(c.RSSBytes)/1e6, float64(c.StoreBytes)/1e6)
	// The collection and the reads above are not part of the next interval.
	now, stages = time.Now(), stageSeconds()
	s.lastMark, s.lastLine = interval{done, now, stages}, interval{done, now, stages}
}

// interval is where a measured stretch of a run starts: the articles done,
// the time and the pipeline's stage totals then.
type interval struct {
	n      int
	at     time.Time
	stages map[string]float64
}

// span is the figures over an interval.
type span struct {
	benchCheckpoint
	from int
}

// to returns the figures from i to done articles at now.
func (i interval) to(done int, now time.Time, stages map[string]float64) span {
	d := float64(done - i.n)
	c := benchCheckpoint{Articles: done, PerSecond: d / now.Sub(i.at).Seconds()}
	c.PlaceUS = (stages["place"] - i.stages["place"]) / d * 1e6
	c.CommitUS = (stages["commit"] - i.stages["commit"]) / d * 1e6
	c.ClusterUS = c.PlaceUS + c.CommitUS
	return span{c, i.n}
}

// report scores the placements against the gold events and fills what
// both scale benchmarks report.
func (s *scaleRun) report() (benchReport, error) {
	r := benchReport{
		Task: s.task, Articles: s.n, Seed: s.seed, Store: s.store, Rejected: s.rejected,
		Checkpoints: s.points, Machine: thisMachine(),
	}
	if len(s.points) == 0 {
		return r, fmt.Errorf("bench %s: no checkpoint reached (%d results for %d articles)", s.task, s.results, s.n)
	}
	r.PeakRSS = s.points[len(s.points)-1].PeakRSS
	var pred, gold, line []string
	for i, p := range s.pred {
		if p != 0 {
			pred = append(pred, strconv.FormatUint(p, 36))
			gold = append(gold, strconv.FormatUint(s.gold[i], 36))
			line = append(line, strconv.FormatUint(s.line[i], 36))
		}
	}
	ev, err := clustering.Score(pred, gold)
	if err != nil {
		return r, fmt.Errorf("bench %s: scoring: %w", s.task, err)
	}
	sl, err := clustering.Score(pred, line)
	if err != nil {
		return r, fmt.Errorf("bench %s: scoring: %w", s.task, err)
	}
	r.Scores, r.StorylineScores, r.Stories = &ev, &sl, ev.Clusters
	return r, nil
}

// label hashes a story or event id (FNV-1a, 64 bits): a million ids cost
// 8 MB, and two of them collide with odds of about 10⁻⁸.
func label(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// stageSeconds returns the time the pipeline has spent so far in each of
// its stages, from the histograms it keeps for /metrics.
func stageSeconds() map[string]float64 {
	var b strings.Builder
	metrics.Default.WriteText(&b)
	out := map[string]float64{}
	for _, line := range strings.Split(b.String(), "\n") {
		rest, ok := strings.CutPrefix(line, `parallax_stage_seconds_sum{stage="`)
		if !ok {
			continue
		}
		if stage, v, ok := strings.Cut(rest, `"} `); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				out[stage] = f
			}
		}
	}
	return out
}

// memory returns the Go heap in use after a collection (so that garbage
// not yet collected does not count) and the process's resident set, now
// and at its highest (Linux; 0 elsewhere).
func memory() (heap uint64, rss, peak int64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || (k != "VmRSS" && k != "VmHWM") {
			continue
		}
		kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
		if k == "VmRSS" {
			rss = kb << 10
		} else {
			peak = kb << 10
		}
	}
	return ms.HeapInuse, rss, peak
}

// storeSize returns the size of a SQLite store's files (0 for a URL).
func storeSize(path string) int64 {
	if strings.Contains(path, "://") {
		return 0
	}
	var n int64
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if fi, err := os.Stat(path + suffix); err == nil {
			n += fi.Size()
		}
	}
	return n
}

// writeScaleReport prints a scale benchmark's report as text.
func writeScaleReport(w io.Writer, r benchReport) {
	switch r.Task {
	case "ingest":
		fmt.Fprintf(w, "ingest: %d synthetic articles (seed %d, %.0f MB of JSON Lines) into stored stories in %.1f s: %.0f articles/s end to end, %.0f per core\n",
			r.Articles, r.Seed, float64(r.Bytes)/1e6, r.Seconds, r.PerSecond, r.PerCore)
		fmt.Fprintf(w, "(writing the JSON Lines took %.1f s more, not counted)\n", r.Generate)
	default:
		fmt.Fprintf(w, "%s: %d synthetic articles (seed %d) placed and stored in %.1f s of the pipeline's sequential stages: %.0f µs an article; last/first checkpoint %.2f\n",
			r.Task, r.Articles, r.Seed, r.Seconds, 1e6*r.Seconds/float64(r.Articles), r.ClusterRatio)
	}
	fmt.Fprintf(w, "%10s %9s %11s %11s %9s %9s %9s %9s %9s\n",
		"articles", "seconds", "articles/s", "µs/article", "(place", "commit)", "heap MB", "RSS MB", "store MB")
	for _, c := range r.Checkpoints {
		us, place, commit := "-", "", ""
		if c.ClusterUS > 0 {
			us, place, commit = fmt.Sprintf("%.0f", c.ClusterUS), fmt.Sprintf("%.0f", c.PlaceUS), fmt.Sprintf("%.0f", c.CommitUS)
		}
		fmt.Fprintf(w, "%10d %9.1f %11.0f %11s %9s %9s %9.0f %9.0f %9.0f\n", c.Articles, c.Seconds, c.PerSecond, us, place, commit,
			float64(c.HeapBytes)/1e6, float64(c.RSSBytes)/1e6, float64(c.StoreBytes)/1e6)
	}
	fmt.Fprintf(w, "peak RSS %.0f MB; store %s", float64(r.PeakRSS)/1e6, r.Store)
	if r.Rejected > 0 {
		fmt.Fprintf(w, "; %d articles not stored", r.Rejected)
	}
	fmt.Fprintln(w)
	if s := r.Scores; s != nil {
		fmt.Fprintf(w, "stories: %d for %d gold events: BCubed F1 %.3f (P %.3f, R %.3f), pairwise F1 %.3f\n",
			s.Clusters, s.GoldClusters, s.BCubedF1, s.BCubedPrecision, s.BCubedRecall, s.PairwiseF1)
	}
	if s := r.StorylineScores; s != nil {
		fmt.Fprintf(w, "against the %d gold storylines: BCubed F1 %.3f (P %.3f, R %.3f)\n",
			s.GoldClusters, s.BCubedF1, s.BCubedPrecision, s.BCubedRecall)
	}
	fmt.Fprintf(w, "machine: %s, %d CPUs, GOMAXPROCS=%d, %s %s/%s\n",
		r.Machine.CPU, r.Machine.NumCPU, r.Machine.GOMAXPROCS, r.Machine.Go, r.Machine.GOOS, r.Machine.GOARCH)
}
