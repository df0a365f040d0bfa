package main

// bench queue: the single binary against the distributed path (package
// queue) on this machine, in one run, on the same articles.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/ingest"
	"github.com/parallax-news/parallax/pipeline"
	"github.com/parallax-news/parallax/postgres"
	"github.com/parallax-news/parallax/queue"
	"github.com/parallax-news/parallax/synth"
)

func init() { benchTasks["queue"] = benchQueue }

// queueMaxWorkers is the most workers bench queue runs the queue with,
// from 1 up: two cores cannot show more.
const queueMaxWorkers = 2

// queueBench is what bench queue adds to its report: one run per setup and
// store, and what the queue's encodings cost.
type queueBench struct {
	// Workers says what a worker is here: a `parallax worker` process of
	// its own, started by the benchmark, as one runs them on other machines.
	Workers string     `json:"workers"`
	Runs    []queueRun `json:"runs"`
	Codec   queueCodec `json:"codec"`
}

// queueRun is one setup on one store. Seconds runs from the first article
// handed in (to the pipeline, or published to the queue) to the last
// record stored (its batch committed).
type queueRun struct {
	Setup     string  `json:"setup"`             // "single binary" or "queue"
	Store     string  `json:"store"`             // sqlite or postgres, new for the run
	Workers   int     `json:"workers,omitempty"` // worker processes
	Stored    int     `json:"stored"`            // articles in the store afterwards
	Stories   int     `json:"stories"`           // stories the articles were placed in
	Seconds   float64 `json:"seconds"`
	PerSecond float64 `json:"articles_per_second"`
	// Overhead is Seconds over the single binary's on the same store: 1.5
	// means the queue took half as long again.
	Overhead float64 `json:"overhead"`
	// CPUSeconds is the CPU time the run used (Linux; 0 elsewhere): this
	// process (the single binary; or nats-server, the publisher and the
	// placer) plus WorkerCPU, the worker processes'.
	CPUSeconds float64 `json:"cpu_seconds"`
	WorkerCPU  float64 `json:"worker_cpu_seconds,omitempty"`
	// PublishSeconds is how long publishing every article took: one at a
	// time, each acknowledged by JetStream, as `parallax ingest --queue`.
	PublishSeconds float64 `json:"publish_seconds,omitempty"`
	// PlaceSeconds is the time the sequential stages took (placing and
	// writing, commits), summed: the serial point.
	PlaceSeconds float64 `json:"place_seconds"`
	// Load is the 1-minute load average as the run ended (Linux; 0
	// elsewhere), this run's own work included: above the number of CPUs,
	// other work was competing for them.
	Load float64 `json:"load_average,omitempty"`
}

// queueCodec is what JSON costs each article in the queue, measured on a
// sample outside the timed runs: the article is encoded for ARTICLES and
// decoded by a worker, its analysed record encoded for ANALYSED and
// decoded by the placer.
type queueCodec struct {
	Sample        int     `json:"sample"`
	ArticleBytes  float64 `json:"article_bytes"`          // mean, as published
	RecordBytes   float64 `json:"analysed_bytes"`         // mean analysed record
	MicrosPerItem float64 `json:"us_per_article"`         // the four encodings, one core
	AnalyseMicros float64 `json:"analyse_us_per_article"` // extraction and analysis, one core, for scale
}

// benchQueue ingests the same articles through the single binary and
// through the queue with an embedded nats-server and 1 and 2 worker
// processes, each into a new SQLite store, and into PostgreSQL as well
// when --db is a postgres:// URL (a new schema per run, dropped after).
// The articles are the synthetic stream of bench ingest, or the articles
// of --data repeated; --repeat is how many.
func benchQueue(ctx context.Context, m *Main) (benchReport, error) {
	n := m.Config.Repeat
	arts, seed, err := queueArticles(ctx, m, n)
	if err != nil {
		return benchReport{}, fmt.Errorf("bench queue: %w", err)
	}
	exe, err := os.Executable()
	if err != nil {
		return benchReport{}, fmt.Errorf("bench queue: finding this program, to start workers: %w", err)
	}
	dir, err := os.MkdirTemp("", "parallax-bench-queue-")
	if err != nil {
		return benchReport{}, fmt.Errorf("bench queue: %w", err)
	}
	defer os.RemoveAll(dir)
	stores := []string{"sqlite"}
	switch db := m.Config.DB; {
	case strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://"):
		stores = append(stores, "postgres")
	case m.Config.dbSet:
		fmt.Fprintf(m.Stderr, "bench queue: --db %s ignored: the SQLite stores are new for each run (a postgres:// --db adds runs on PostgreSQL)\n", db)
	}
	b := &queueBencher{m: m, dir: dir, exe: exe, articles: arts}
	var runs []queueRun
	var codec queueCodec
	for _, st := range stores {
		single, err := b.single(ctx, st, &codec)
		if err != nil {
			return benchReport{}, err
		}
		runs = append(runs, single)
		for w := 1; w <= queueMaxWorkers; w++ {
			r, err := b.distributed(ctx, st, w)
			if err != nil {
				return benchReport{}, err
			}
			r.Overhead = r.Seconds / single.Seconds
			runs = append(runs, r)
		}
	}

	var size int64
	for i := range arts {
		size += int64(len(arts[i].Body))
	}
	single, last := runs[0], runs[queueMaxWorkers] // on SQLite
	r := benchReport{
		Task: "queue", Articles: n, Bytes: size, Seconds: last.Seconds, PerSecond: last.PerSecond,
		PerCore: last.PerSecond / float64(runtime.GOMAXPROCS(0)), MBPerSecond: float64(size) / 1e6 / last.Seconds,
		Baseline: "single binary", BaselineAPS: single.PerSecond, Ratio: last.PerSecond / single.PerSecond,
		Machine: thisMachine(), Seed: seed, Store: "temporary",
		Queue: &queueBench{Workers: "processes (parallax worker)", Runs: runs, Codec: codec},
	}
	if !m.Config.JSON {
		writeQueueReport(m.Stdout, r)
	}
	return r, nil
}

// queueArticles returns the n articles every setup ingests, held in memory
// so that reading them costs no setup anything: the synthetic stream of
// bench ingest (package synth, seed benchSeed) or, with --data, the
// articles of that file repeated to n, each copy under an id of its own.
func queueArticles(ctx context.Context, m *Main, n int) ([]parallax.Article, uint64, error) {
	out := make([]parallax.Article, 0, n)
	if m.Config.Data == "" {
		for a := range synth.Articles(synth.Config{Seed: benchSeed}, n) {
			out = append(out, a.Article)
		}
		return out, benchSeed, nil
	}
	var seeds []parallax.Article
	for a, err := range ingest.Read(ctx, []string{m.Config.Data}, m.ingestOptions()) {
		if err != nil {
			return nil, 0, err
		}
		seeds = append(seeds, a)
	}
	if len(seeds) == 0 {
		return nil, 0, fmt.Errorf("no articles in %s", m.Config.Data)
	}
	for i := range n {
		a := seeds[i%len(seeds)]
		if k := i / len(seeds); k > 0 {
			a.ID = queue.MsgID(&a) + "-" + strconv.Itoa(k)
		}
		out = append(out, a)
	}
	return out, 0, nil
}

// queueBencher runs the setups of bench queue.
type queueBencher struct {
	m        *Main
	dir      string // temporary: the SQLite stores and JetStream's files
	exe      string // this program, run as the workers
	articles []parallax.Article
}

// source returns the articles as `parallax ingest` hands them on, here or
// to the queue alike: in time order within windows.
func (b *queueBencher) source() iter.Seq2[parallax.Article, error] {
	return ingest.InTimeOrder(func(yield func(parallax.Article, error) bool) {
		for _, a := range b.articles {
			if !yield(a, nil) {
				return
			}
		}
	}, ingestWindow)
}

// newStore returns a new, empty store for one run and a function that
// closes it and removes what it holds.
func (b *queueBencher) newStore(ctx context.Context, kind, name string) (string, parallax.Store, func(), error) {
	dsn := filepath.Join(b.dir, name+".db")
	drop := func() {}
	if kind == "postgres" {
		var err error
		if dsn, drop, err = newPostgresSchema(ctx, b.m.Config.DB, name); err != nil {
			return "", nil, nil, fmt.Errorf("bench queue: %w", err)
		}
	}
	store, err := openStore(ctx, dsn)
	if err != nil {
		drop()
		return "", nil, nil, fmt.Errorf("bench queue: %w", err)
	}
	return dsn, store, func() { store.Close(); drop() }, nil
}

// newPostgresSchema creates a schema of its own for one run in the
// database at dsn and returns the address of a store in it (search_path
// puts the store's tables there, public after it for the extensions) and a
// function that drops it.
func newPostgresSchema(ctx context.Context, dsn, name string) (string, func(), error) {
	schema := fmt.Sprintf("parallax_bench_%d_%s", os.Getpid(), strings.ReplaceAll(name, "-", "_"))
	run := func(sql string) error {
		conn, err := pgx.Connect(ctx, dsn)
		if err != nil {
			return err
		}
		defer conn.Close(context.Background())
		_, err = conn.Exec(ctx, sql)
		return err
	}
	// The name is made here from digits, letters and underscores: no
	// quoting needed, and CREATE SCHEMA takes no parameters.
	if err := run("CREATE SCHEMA " + schema); err != nil {
		return "", nil, fmt.Errorf("creating schema %s in %s: %w", schema, postgres.Redacted(dsn), err)
	}
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	drop := func() {
		if err := run("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			fmt.Fprintf(os.Stderr, "bench queue: dropping schema %s: %v\n", schema, err)
		}
	}
	return dsn + sep + "search_path=" + schema + ",public", drop, nil
}

// single runs the single binary: the pipeline of `parallax ingest`, in
// this process. On the first store it also measures the queue's codec on
// a sample, with the pipeline and store of the run.
func (b *queueBencher) single(ctx context.Context, kind string, codec *queueCodec) (queueRun, error) {
	r := queueRun{Setup: "single binary", Store: kind}
	_, store, closeStore, err := b.newStore(ctx, kind, "single-"+kind)
	if err != nil {
		return r, err
	}
	defer closeStore()
	p, err := b.m.newPipeline(store)
	if err != nil {
		return r, err
	}
	runtime.GC() // each run starts without the garbage of the one before
	stages, cpu, start := stageSeconds(), procCPU(0), time.Now()
	results, err := p.Ingest(ctx, b.source(), nil)
	if err != nil {
		return r, fmt.Errorf("bench queue: single binary: %w", err)
	}
	r.Seconds = time.Since(start).Seconds()
	r.CPUSeconds = procCPU(0) - cpu
	r.PlaceSeconds = placeSeconds(stages)
	stories := map[string]bool{}
	for _, res := range results {
		if res.Story != "" {
			stories[res.Story] = true
		}
	}
	if err := b.finish(ctx, &r, store, len(stories)); err != nil {
		return r, err
	}
	r.Overhead = 1
	if codec.Sample == 0 {
		*codec = measureCodec(ctx, p, b.articles)
	}
	return r, nil
}

// finish counts what the store holds after a run and fills the rates.
func (b *queueBencher) finish(ctx context.Context, r *queueRun, store parallax.Store, stories int) error {
	for _, err := range store.Articles(ctx) {
		if err != nil {
			return fmt.Errorf("bench queue: counting the stored articles: %w", err)
		}
		r.Stored++
	}
	r.Stories = stories
	r.PerSecond = float64(len(b.articles)) / r.Seconds
	r.Load = loadAverage()
	name := r.Setup
	if r.Workers > 0 {
		name = "queue, " + plural(r.Workers, "worker", "workers")
	}
	fmt.Fprintf(b.m.Stderr, "bench queue: %s on %s: %d of %d articles stored in %.1f s: %.0f articles/s\n",
		name, r.Store, r.Stored, len(b.articles), r.Seconds, r.PerSecond)
	if r.Stored != len(b.articles) {
		return fmt.Errorf("bench queue: %s on %s stored %d of %d articles", name, r.Store, r.Stored, len(b.articles))
	}
	return nil
}

// distributed runs the queue: an embedded nats-server (as `serve --queue
// embedded` starts), the placer in this process (as in serve), workers
// processes of their own (`parallax worker`), and the articles published
// from this process (as `ingest --queue` publishes them). The workers are
// started and connected before the clock starts; the clock stops when the
// placer reports the last record stored.
func (b *queueBencher) distributed(ctx context.Context, kind string, workers int) (queueRun, error) {
	r := queueRun{Setup: "queue", Store: kind, Workers: workers}
	name := fmt.Sprintf("queue%d-%s", workers, kind)
	dsn, store, closeStore, err := b.newStore(ctx, kind, name)
	if err != nil {
		return r, err
	}
	defer closeStore()
	p, err := b.m.newPipeline(store)
	if err != nil {
		return r, err
	}
	srv, err := queue.StartEmbedded(filepath.Join(b.dir, name+".jetstream"), "127.0.0.1:0")
	if err != nil {
		return r, fmt.Errorf("bench queue: %w", err)
	}
	defer srv.Shutdown()
	opt := queue.Options{Logger: b.m.Logger}
	qp, err := queue.Connect(ctx, srv.URL(), opt)
	if err != nil {
		return r, fmt.Errorf("bench queue: %w", err)
	}
	defer qp.Close()
	qpub, err := queue.Connect(ctx, srv.URL(), opt)
	if err != nil {
		return r, fmt.Errorf("bench queue: %w", err)
	}
	defer qpub.Close()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The placer, as serve runs it.
	results := make(chan parallax.IngestResult, 256)
	placerDone := make(chan error, 1)
	go func() {
		placerDone <- qp.Place(ctx, p, func(res parallax.IngestResult) {
			select {
			case results <- res:
			case <-ctx.Done():
			}
		})
	}()
	defer func() {
		cancel()
		<-placerDone
	}()
	// The workers, each a process; stopped (interrupted) before the
	// placer and the server, which the deferred calls stop after them.
	exited := make(chan error, workers)
	var procs []*benchWorker
	defer func() {
		for _, w := range procs {
			w.stop()
		}
	}()
	for range workers {
		w, err := startBenchWorker(b.exe, srv.URL(), dsn, exited)
		if err != nil {
			return r, err
		}
		procs = append(procs, w)
	}
	for _, w := range procs {
		if err := w.waitReady(ctx, exited); err != nil {
			return r, err
		}
	}

	type published struct {
		queued int
		secs   float64
		err    error
	}
	pubDone := make(chan published, 1)
	runtime.GC()
	stages, cpu, start := stageSeconds(), procCPU(0), time.Now()
	workerCPU := 0.0
	for _, w := range procs {
		workerCPU -= procCPU(w.cmd.Process.Pid)
	}
	go func() {
		res, err := qpub.Ingest(ctx, b.source(), nil)
		pub := published{secs: time.Since(start).Seconds(), err: err}
		for _, x := range res {
			if x.Status == queue.StatusQueued {
				pub.queued++
			} else {
				fmt.Fprintf(b.m.Stderr, "bench queue: %s: %s %s\n", x.Origin, x.Status, x.Error)
			}
		}
		pubDone <- pub
	}()
	stories := map[string]bool{}
	for got, want := 0, -1; want < 0 || got < want; {
		select {
		case res := <-results:
			got++
			if res.Story != "" {
				stories[res.Story] = true
			}
		case pub := <-pubDone:
			if pub.err != nil {
				return r, fmt.Errorf("bench queue: publishing: %w", pub.err)
			}
			want, r.PublishSeconds = pub.queued, pub.secs
		case err := <-placerDone:
			placerDone <- err // for the deferred wait
			return r, fmt.Errorf("bench queue: the placer stopped: %v", err)
		case err := <-exited:
			return r, fmt.Errorf("bench queue: a worker stopped: %v", err)
		case <-ctx.Done():
			return r, ctx.Err()
		}
	}
	r.Seconds = time.Since(start).Seconds()
	r.CPUSeconds = procCPU(0) - cpu
	for _, w := range procs {
		workerCPU += procCPU(w.cmd.Process.Pid)
	}
	r.WorkerCPU = workerCPU
	r.CPUSeconds += workerCPU
	r.PlaceSeconds = placeSeconds(stages)
	return r, b.finish(ctx, &r, store, len(stories))
}

// benchWorker is a `parallax worker` process started by bench queue.
type benchWorker struct {
	cmd    *exec.Cmd
	ready  chan struct{} // closed at its first line of output: it has connected
	done   chan struct{} // closed when it has ended
	stderr *lockedBuffer
}

// startBenchWorker starts this program as `parallax worker`, with the
// store address in PARALLAX_DB (where a password stays out of the process
// list) and none of this process's other PARALLAX_* settings. The test
// binary runs as parallax when PARALLAX_RUN_MAIN=1 (see TestMain), which
// parallax itself ignores. A worker that ends before it is stopped is
// reported on exited.
func startBenchWorker(exe, url, dsn string, exited chan<- error) (*benchWorker, error) {
	cmd := exec.Command(exe, "worker", "--queue", url)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PARALLAX_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "PARALLAX_DB="+dsn, "PARALLAX_RUN_MAIN=1")
	w := &benchWorker{cmd: cmd, ready: make(chan struct{}), done: make(chan struct{}), stderr: &lockedBuffer{}}
	cmd.Stdout = &firstLine{signal: w.ready}
	cmd.Stderr = w.stderr
	dieWithParent(cmd)
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("bench queue: starting a worker: %w", err)
	}
	go func() {
		err := cmd.Wait()
		close(w.done)
		if err == nil {
			err = errors.New("exited")
		}
		exited <- fmt.Errorf("%w\n%s", err, w.stderr.String())
	}()
	return w, nil
}

// waitReady waits until the worker says it is consuming.
func (w *benchWorker) waitReady(ctx context.Context, exited <-chan error) error {
	select {
	case <-w.ready:
		return nil
	case err := <-exited:
		return fmt.Errorf("bench queue: a worker did not start: %v", err)
	case <-time.After(time.Minute):
		return errors.New("bench queue: a worker did not connect within a minute")
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stop interrupts the worker, as Ctrl-C does, and kills it if it has not
// ended within 10 s. Its end is reported on exited, where nobody listens
// any more.
func (w *benchWorker) stop() {
	select {
	case <-w.done:
		return
	default:
	}
	if err := w.cmd.Process.Signal(os.Interrupt); err != nil {
		_ = w.cmd.Process.Kill()
	}
	select {
	case <-w.done:
	case <-time.After(10 * time.Second):
		_ = w.cmd.Process.Kill()
		<-w.done
	}
}

// firstLine closes signal when the first line has been written to it.
type firstLine struct {
	once   sync.Once
	signal chan struct{}
}

func (f *firstLine) Write(p []byte) (int, error) {
	if bytes.IndexByte(p, '\n') >= 0 {
		f.once.Do(func() { close(f.signal) })
	}
	return len(p), nil
}

// lockedBuffer keeps what a worker writes on stderr, for the error report.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.b.Len() < 64<<10 {
		l.b.Write(p)
	}
	return len(p), nil
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// placeSeconds returns the time the pipeline's sequential stages (place,
// commit) took in this process since before was taken.
func placeSeconds(before map[string]float64) float64 {
	now := stageSeconds()
	return now["place"] - before["place"] + now["commit"] - before["commit"]
}

// procCPU returns the CPU time, user and system, process pid has used so
// far (0: this process), from /proc (Linux; 0 elsewhere).
func procCPU(pid int) float64 {
	p := "self"
	if pid != 0 {
		p = strconv.Itoa(pid)
	}
	b, err := os.ReadFile("/proc/" + p + "/stat")
	if err != nil {
		return 0
	}
	// The command name, the second field, may hold spaces: count from the
	// parenthesis that closes it. utime and stime are fields 14 and 15.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseFloat(f[11], 64)
	stime, _ := strconv.ParseFloat(f[12], 64)
	return (utime + stime) / 100 // in clock ticks, USER_HZ: 100 on Linux
}

// loadAverage returns the 1-minute load average (Linux; 0 elsewhere).
func loadAverage() float64 {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	l, _ := strconv.ParseFloat(f[0], 64)
	return l
}

// codecSample is how many articles measureCodec encodes.
const codecSample = 200

// measureCodec times, on one core, the JSON the queue adds to an article:
// encoding and decoding it, and its analysed record. p prepares the
// records (untimed, but timed apart for scale).
func measureCodec(ctx context.Context, p *pipeline.Pipeline, arts []parallax.Article) queueCodec {
	c := queueCodec{Sample: min(codecSample, len(arts))}
	var analyse, codec time.Duration
	for i := range c.Sample {
		start := time.Now()
		pr := p.Prepare(ctx, arts[i])
		analyse += time.Since(start)

		start = time.Now()
		data, _ := json.Marshal(&arts[i])
		var a parallax.Article
		_ = json.Unmarshal(data, &a)
		rec, _ := json.Marshal(&pr)
		var back pipeline.Prepared
		_ = json.Unmarshal(rec, &back)
		codec += time.Since(start)
		c.ArticleBytes += float64(len(data))
		c.RecordBytes += float64(len(rec))
	}
	if c.Sample > 0 {
		k := float64(c.Sample)
		c.ArticleBytes /= k
		c.RecordBytes /= k
		c.MicrosPerItem = float64(codec.Microseconds()) / k
		c.AnalyseMicros = float64(analyse.Microseconds()) / k
	}
	return c
}

// writeQueueReport prints bench queue's runs as a table; runBench follows
// it with the summary every benchmark prints (the queue with the most
// workers against the single binary, on SQLite) and the machine.
func writeQueueReport(w io.Writer, r benchReport) {
	q := r.Queue
	what := fmt.Sprintf("%d synthetic articles (seed %d", r.Articles, r.Seed)
	if r.Seed == 0 {
		what = fmt.Sprintf("%d articles (--data repeated", r.Articles)
	}
	fmt.Fprintf(w, "queue: %s, %.1f MB of text), each setup timed from the first article in to the last stored;\n", what, float64(r.Bytes)/1e6)
	fmt.Fprintf(w, "the queue: an embedded nats-server, the placer and the publisher in this process, workers as %s\n", q.Workers)
	fmt.Fprintf(w, "%-18s %-8s %7s %7s %8s %11s %8s %8s %9s %9s %8s %5s\n",
		"setup", "store", "stored", "stories", "seconds", "articles/s", "overhead", "CPU s", "(workers)", "publish s", "place s", "load")
	for _, x := range q.Runs {
		name, workerCPU, publish := x.Setup, "-", "-"
		if x.Workers > 0 {
			name = "queue, " + plural(x.Workers, "worker", "workers")
			workerCPU, publish = fmt.Sprintf("%.1f", x.WorkerCPU), fmt.Sprintf("%.1f", x.PublishSeconds)
		}
		fmt.Fprintf(w, "%-18s %-8s %7d %7d %8.1f %11.0f %8.2f %8.1f %9s %9s %8.1f %5.1f\n",
			name, x.Store, x.Stored, x.Stories, x.Seconds, x.PerSecond, x.Overhead, x.CPUSeconds, workerCPU, publish, x.PlaceSeconds, x.Load)
	}
	c := q.Codec
	fmt.Fprintf(w, "queue JSON per article (sample of %d): article %.1f kB, analysed record %.1f kB, encoding and decoding both %.0f µs on one core (extraction and analysis: %.0f µs)\n",
		c.Sample, c.ArticleBytes/1e3, c.RecordBytes/1e3, c.MicrosPerItem, c.AnalyseMicros)
	fmt.Fprintf(w, "summary: the queue with %d workers against the single binary, on SQLite:\n", queueMaxWorkers)
}
