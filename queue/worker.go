package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/pipeline"
)

// Preparer runs the parallel stages on one article (pipeline.Pipeline).
type Preparer interface {
	Prepare(ctx context.Context, a parallax.Article) pipeline.Prepared
}

// maxAttempts is how many deliveries of one article a worker makes before
// it publishes the article as rejected instead of preparing it again: an
// article that crashes every worker must not stop the queue (the placer
// waits for every earlier article).
const maxAttempts = 5

// Work pulls articles from ARTICLES and prepares them, concurrency at a
// time, until ctx is done (then it returns nil, leaving the articles in
// hand unacknowledged, to be delivered to another worker). Each prepared
// record is published to ANALYSED before its article is acknowledged.
func (q *Queue) Work(ctx context.Context, p Preparer, concurrency int) error {
	if concurrency <= 0 {
		concurrency = 1
	}
	var cons jetstream.Consumer
	for {
		var err error
		cons, err = q.js.CreateOrUpdateConsumer(ctx, ArticlesStream, jetstream.ConsumerConfig{
			Durable:     workersConsumer,
			Description: "parallax workers: extract and analyse",
			AckPolicy:   jetstream.AckExplicitPolicy,
			AckWait:     q.opt.AckWait,
			MaxDeliver:  -1, // maxAttempts is counted by the worker, which publishes a rejection
		})
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return nil
		}
		q.log.Warn("worker: creating consumer; retrying", "error", err)
		sleep(ctx, time.Second)
	}
	slots := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	defer wg.Wait()
	for ctx.Err() == nil {
		// Ask for as many articles as there are free slots, so that an idle
		// worker elsewhere gets the rest.
		slots <- struct{}{}
		free := 1
	fill:
		for free < concurrency {
			select {
			case slots <- struct{}{}:
				free++
			default:
				break fill
			}
		}
		_, err := fetch(ctx, cons, free, time.Second, func(m jetstream.Msg) {
			free--
			wg.Go(func() {
				defer func() { <-slots }()
				q.handle(ctx, p, m)
			})
		})
		for range free {
			<-slots
		}
		if err != nil && ctx.Err() == nil {
			q.log.Warn("worker: fetching articles", "error", err)
			sleep(ctx, 250*time.Millisecond)
		}
	}
	return nil
}

// fetch asks cons for up to n messages, waiting at most wait, and calls f
// with each. It returns how many came. The wait is the server's (the pull
// request's expiry), not a client deadline: a client deadline can fall
// while messages the server counts as delivered are still on the wire, and
// those would be dropped, to come back only after the ack wait.
func fetch(ctx context.Context, cons jetstream.Consumer, n int, wait time.Duration, f func(jetstream.Msg)) (int, error) {
	if ctx.Err() != nil {
		return 0, nil
	}
	batch, err := cons.Fetch(n, jetstream.FetchMaxWait(wait))
	if err != nil {
		return 0, err
	}
	got := 0
	for msgs := batch.Messages(); ; {
		var m jetstream.Msg
		var ok bool
		select {
		case m, ok = <-msgs:
		case <-ctx.Done():
			// Stopping: what is still on its way is left unacknowledged,
			// as a killed process would leave it, and delivered again.
			return got, nil
		}
		if !ok {
			break
		}
		got++
		f(m)
	}
	err = batch.Error()
	if errors.Is(err, nats.ErrTimeout) || errors.Is(err, jetstream.ErrNoMessages) {
		err = nil // waited and nothing (more) came
	}
	return got, err
}

// handle prepares one article and hands it on. Killed (ctx done) before it
// has published, it neither publishes nor acknowledges.
func (q *Queue) handle(ctx context.Context, p Preparer, m jetstream.Msg) {
	md, err := m.Metadata()
	if err != nil {
		q.log.Error("worker: message without metadata; dropped", "error", err)
		_ = m.Term()
		return
	}
	var pr pipeline.Prepared
	var a parallax.Article
	switch err := json.Unmarshal(m.Data(), &a); {
	case err != nil:
		pr.Result = parallax.IngestResult{Status: parallax.StatusRejected, Error: fmt.Sprintf("unreadable queue message: %v", err)}
	case md.NumDelivered > maxAttempts:
		pr.Result = parallax.IngestResult{Origin: a.Origin, ID: a.ID, Status: parallax.StatusRejected,
			Error: fmt.Sprintf("given up after %d attempts to analyse it", maxAttempts)}
	default:
		pr = prepare(ctx, p, a)
	}
	if ctx.Err() != nil {
		return // killed mid-message: JetStream delivers it again after AckWait
	}
	out := nats.NewMsg(AnalysedSubject)
	out.Header.Set(jetstream.MsgIDHeader, m.Headers().Get(jetstream.MsgIDHeader))
	out.Header.Set(seqHeader, strconv.FormatUint(md.Sequence.Stream, 10))
	if out.Data, err = json.Marshal(pr); err != nil {
		pr = pipeline.Prepared{Result: parallax.IngestResult{Origin: a.Origin, ID: a.ID, Status: parallax.StatusRejected, Error: fmt.Sprintf("encoding the analysis: %v", err)}}
		out.Data, _ = json.Marshal(pr)
	}
	if _, err = q.publish(ctx, out); errors.Is(err, nats.ErrMaxPayload) {
		pr = pipeline.Prepared{Result: parallax.IngestResult{Origin: a.Origin, ID: a.ID, Status: parallax.StatusRejected,
			Error: fmt.Sprintf("the analysed record (%d bytes) is too large for the queue server's max_payload (%d)", len(out.Data), q.nc.MaxPayload())}}
		out.Data, _ = json.Marshal(pr)
		_, err = q.publish(ctx, out)
	}
	if err != nil {
		if ctx.Err() == nil {
			q.log.Error("worker: publishing the analysed record; left for another delivery", "origin", a.Origin, "error", err)
		}
		return
	}
	// Acknowledged and confirmed, so that the placer, seeing the article
	// gone from ARTICLES, may rely on its record being in ANALYSED.
	if err := m.DoubleAck(ctx); err != nil && ctx.Err() == nil {
		q.log.Warn("worker: acknowledging; the article will be delivered again (and dropped as a duplicate)", "origin", a.Origin, "error", err)
	}
}

// prepare runs p, turning a panic into a rejection of that one article.
func prepare(ctx context.Context, p Preparer, a parallax.Article) (pr pipeline.Prepared) {
	defer func() {
		if v := recover(); v != nil {
			pr = pipeline.Prepared{Result: parallax.IngestResult{Origin: a.Origin, ID: a.ID, Status: parallax.StatusRejected,
				Error: fmt.Sprintf("internal error while analysing: %v", v)}}
		}
	}()
	return p.Prepare(ctx, a)
}
