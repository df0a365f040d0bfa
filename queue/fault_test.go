package queue_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/pipeline"
	"github.com/parallax-news/parallax/queue"
)

// want runs arts through the single-process pipeline: what the faults
// must not change.
func want(t *testing.T, arts []parallax.Article) map[string]placed {
	t.Helper()
	p, db := newPipeline(t)
	if _, err := p.Ingest(context.Background(), seq(arts), nil); err != nil {
		t.Fatal(err)
	}
	return snapshot(t, db)
}

// storedOnce checks that every article was stored exactly once: any other
// result for it is a harmless repeat ("unchanged").
func storedOnce(t *testing.T, got *results, arts []parallax.Article) {
	t.Helper()
	got.mu.Lock()
	defer got.mu.Unlock()
	for _, a := range arts {
		stored := 0
		for _, s := range got.by[a.ID] {
			switch s {
			case parallax.StatusStored:
				stored++
			case parallax.StatusUnchanged:
			default:
				t.Errorf("%s: result %s", a.ID, s)
			}
		}
		if stored != 1 {
			t.Errorf("%s stored %d times (results %v)", a.ID, stored, got.by[a.ID])
		}
	}
}

// stuck is a worker that hangs on one article until it is killed.
type stuck struct {
	p       *pipeline.Pipeline
	id      string
	started chan struct{}
	once    sync.Once
}

func (s *stuck) Prepare(ctx context.Context, a parallax.Article) pipeline.Prepared {
	if a.ID == s.id {
		s.once.Do(func() { close(s.started) })
		<-ctx.Done()
	}
	return s.p.Prepare(ctx, a)
}

// counting counts the articles a worker prepared, by id.
type counting struct {
	p  *pipeline.Pipeline
	mu sync.Mutex
	n  map[string]int
}

func (c *counting) Prepare(ctx context.Context, a parallax.Article) pipeline.Prepared {
	c.mu.Lock()
	c.n[a.ID]++
	c.mu.Unlock()
	return c.p.Prepare(ctx, a)
}

// TestWorkerKilledMidMessage: a worker dies (its consumer stops and its
// connection closes) while it holds an article, without acknowledging it.
// JetStream gives the article to another worker after the ack wait; it is
// stored once, and the stories are those of the single binary, because
// the placer waited for it before placing the articles after it.
func TestWorkerKilledMidMessage(t *testing.T) {
	arts := corpus(15)
	wantSnap := want(t, arts)
	srv := startServer(t, t.TempDir())
	opt := queue.Options{AckWait: time.Second}
	p, db := newPipeline(t)
	var got results
	placer := connect(t, srv.URL(), opt)
	run(t, func(ctx context.Context) error { return placer.Place(ctx, p, got.add) })

	victim := &stuck{p: p, id: "a004", started: make(chan struct{})}
	vq, err := queue.Connect(context.Background(), srv.URL(), opt)
	if err != nil {
		t.Fatal(err)
	}
	vctx, kill := context.WithCancel(context.Background())
	vdone := make(chan error, 1)
	go func() { vdone <- vq.Work(vctx, victim, 1) }()

	pub := connect(t, srv.URL(), opt)
	if _, err := pub.Ingest(context.Background(), seq(arts), nil); err != nil {
		t.Fatal(err)
	}
	select {
	case <-victim.started:
	case <-time.After(20 * time.Second):
		t.Fatal("the victim never got a004")
	}
	kill()
	vq.Close()
	if err := <-vdone; err != nil {
		t.Fatal(err)
	}
	// Nothing after a004 may have been placed while a004 was in the dead
	// worker's hands.
	if n := got.stored(); n > 4 {
		t.Errorf("%d articles stored before a004 was analysed", n)
	}

	rescuer := &counting{p: p, n: map[string]int{}}
	wq := connect(t, srv.URL(), opt)
	run(t, func(ctx context.Context) error { return wq.Work(ctx, rescuer, 2) })
	waitFor(t, "the articles to be stored", 30*time.Second, func() bool { return got.stored() >= len(arts) && drained(t, pub) })
	time.Sleep(100 * time.Millisecond) // any late duplicate would show now
	if rescuer.n["a004"] != 1 {
		t.Errorf("the rescuer prepared a004 %d times, want 1 (redelivered)", rescuer.n["a004"])
	}
	storedOnce(t, &got, arts)
	compare(t, wantSnap, snapshot(t, db))
}

// TestServerRestart: nats-server stops and starts again (same port, same
// JetStream directory) while articles are being published, analysed and
// placed. File storage keeps every message, clients reconnect, and each
// article is stored once, with the stories of the single binary.
func TestServerRestart(t *testing.T) {
	arts := corpus(30)
	wantSnap := want(t, arts)
	dir := t.TempDir()
	srv, err := queue.StartEmbedded(dir, "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var cur atomic.Pointer[queue.Embedded]
	cur.Store(srv)
	t.Cleanup(func() { cur.Load().Shutdown() })
	url := srv.URL()

	p, db := newPipeline(t)
	var got results
	placer := connect(t, url, queue.Options{})
	run(t, func(ctx context.Context) error { return placer.Place(ctx, p, got.add) })
	// Slow workers, so that the restart falls in the middle of the run.
	for range 2 {
		w := connect(t, url, queue.Options{})
		run(t, func(ctx context.Context) error { return w.Work(ctx, slowAll{p}, 2) })
	}
	pub := connect(t, url, queue.Options{})
	if _, err := pub.Ingest(context.Background(), seq(arts[:20]), nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "some articles to be stored", 30*time.Second, func() bool { return got.stored() >= 3 })

	cur.Load().Shutdown()
	published := make(chan error, 1)
	go func() { // published while the server is down: retried until it is back
		_, err := pub.Ingest(context.Background(), seq(arts[20:]), nil)
		published <- err
	}()
	time.Sleep(300 * time.Millisecond)
	if got.stored() == len(arts) {
		t.Fatal("everything was stored before the restart: the test proves nothing")
	}
	again, err := queue.StartEmbedded(dir, srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	cur.Store(again)
	if err := <-published; err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the articles to be stored", 45*time.Second, func() bool { return got.stored() >= len(arts) && drained(t, pub) })
	time.Sleep(100 * time.Millisecond)
	storedOnce(t, &got, arts)
	compare(t, wantSnap, snapshot(t, db))
}

// slowAll makes every article take a while to analyse.
type slowAll struct{ p *pipeline.Pipeline }

func (s slowAll) Prepare(ctx context.Context, a parallax.Article) pipeline.Prepared {
	time.Sleep(30 * time.Millisecond)
	return s.p.Prepare(ctx, a)
}
