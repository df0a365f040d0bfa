package queue

import (
	"context"

	"encoding/json"
	"errors"
	"fmt"
	"github.com/parallax-news/parallax/internal/metrics"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/pipeline"
)

// Placer runs the sequential stages on prepared records (pipeline.Pipeline).
type Placer interface {
	Place(ctx context.Context, in <-chan pipeline.Prepared, done func(seq int, r parallax.IngestResult)) error
}

// ErrOtherPlacer means another placer is consuming ANALYSED.
var ErrOtherPlacer = errors.New("another placer is consuming the queue: run one placer per store")

// Place runs the placer until ctx is done (then it returns nil): it takes
// the analysed records from ANALYSED and places them through p in the
// order their articles were published (see the package comment),
// acknowledging each after its batch commits. report, if not nil, is
// called with each final result. A store or queue failure restarts it
// after a pause, and the records not yet acknowledged are delivered again.
func (q *Queue) Place(ctx context.Context, p Placer, report func(parallax.IngestResult)) error {
	go q.reportLag(ctx)
	pause := 500 * time.Millisecond
	for {
		began := time.Now()
		err := q.placeOnce(ctx, p, report)
		switch {
		case ctx.Err() != nil:
			return nil
		case errors.Is(err, ErrOtherPlacer):
			return err
		}
		if time.Since(began) > time.Minute {
			pause = 500 * time.Millisecond // it had been working: this is a new failure
		}
		q.log.Warn("placer: restarting; unacknowledged records will be delivered again", "error", err, "pause", pause)
		sleep(ctx, pause)
		pause = min(2*pause, 30*time.Second)
	}
}

// held is an analysed record waiting for its turn.
type held struct {
	seq uint64 // its article's ARTICLES sequence
	msg jetstream.Msg
	rec pipeline.Prepared
}

// placeOnce runs one placer session on a fresh consumer.
func (q *Queue) placeOnce(ctx context.Context, p Placer, report func(parallax.IngestResult)) error {
	cons, err := q.resetPlacer(ctx)
	if err != nil {
		return err
	}
	articles, err := q.js.Stream(ctx, ArticlesStream)
	if err != nil {
		return err
	}

	pctx, cancel := context.WithCancel(ctx)
	in := make(chan pipeline.Prepared)
	var (
		mu       sync.Mutex
		inFlight = map[int]jetstream.Msg{} // by position in in
		next     int
	)
	placed := make(chan error, 1)
	go func() {
		placed <- p.Place(pctx, in, func(seq int, r parallax.IngestResult) {
			mu.Lock()
			m := inFlight[seq]
			mu.Unlock()
			if m != nil {
				// Confirmed before the record leaves inFlight, so that the
				// consumer's count of unacknowledged records never exceeds
				// the placer's own (see lost below). A failed ack only
				// means one more delivery, which de-duplication absorbs.
				_ = m.DoubleAck(pctx)
				mu.Lock()
				delete(inFlight, seq)
				mu.Unlock()
			}
			if report != nil {
				report(r)
			}
		})
	}()
	placeDone := false
	placeFailed := func(err error) error {
		placeDone = true
		if err == nil {
			err = errors.New("placement stopped")
		}
		return fmt.Errorf("placing: %w", err)
	}
	defer func() {
		cancel()
		if !placeDone {
			<-placed
		}
	}()

	waiting := map[uint64]held{} // by ANALYSED sequence: a redelivery of a held record is ignored
	add := func(m jetstream.Msg) {
		md, err := m.Metadata()
		if err != nil {
			_ = m.Term()
			return
		}
		if _, ok := waiting[md.Sequence.Stream]; ok {
			return
		}
		h := held{msg: m}
		h.seq, err = strconv.ParseUint(m.Headers().Get(seqHeader), 10, 64)
		if err == nil {
			err = json.Unmarshal(m.Data(), &h.rec)
		}
		if err != nil {
			// Not a record a parallax worker wrote: it can never be placed.
			q.log.Error("placer: unreadable record; discarded", "sequence", md.Sequence.Stream, "error", err)
			_ = m.Term()
			return
		}
		waiting[md.Sequence.Stream] = h
	}
	for {
		select {
		case err := <-placed:
			return placeFailed(err)
		default:
		}
		wait := time.Second
		if len(waiting) > 0 {
			wait = 50 * time.Millisecond // a record waits for an earlier article: look again soon
		}
		if _, err := fetch(ctx, cons, 256, wait, add); err != nil {
			return err
		}
		if len(waiting) == 0 {
			continue
		}
		// Every article published before floor has been acknowledged by a
		// worker, so its record is in ANALYSED: fetch all ANALYSED holds now,
		// and each waiting record before floor may go.
		floor, err := firstUnhandled(ctx, articles)
		if err != nil {
			return err
		}
		for {
			ci, err := cons.Info(ctx)
			if err != nil {
				return err
			}
			if ci.NumPending == 0 {
				mu.Lock()
				held := len(waiting) + len(inFlight)
				mu.Unlock()
				if ci.NumAckPending > held {
					// Records were delivered that never reached this
					// placer (a connection broke mid-fetch): they would
					// come back only after the ack wait, out of order.
					// Start over, so they are delivered again now, in order.
					return fmt.Errorf("%d records delivered but not received", ci.NumAckPending-held)
				}
				break
			}
			if _, err := fetch(ctx, cons, 256, 200*time.Millisecond, add); err != nil {
				return err
			}
		}
		var ready []held
		for k, h := range waiting {
			if h.seq < floor {
				ready = append(ready, h)
				delete(waiting, k)
			}
		}
		slices.SortFunc(ready, func(a, b held) int { return compareSeq(a.seq, b.seq) })
		for _, h := range ready {
			mu.Lock()
			inFlight[next] = h.msg
			next++
			mu.Unlock()
			select {
			case in <- h.rec:
			case err := <-placed:
				return placeFailed(err)
			case <-ctx.Done():
				return nil
			}
		}
	}
}

func compareSeq(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// firstUnhandled returns the ARTICLES sequence of the oldest article no
// worker has acknowledged yet, or the next sequence when there is none.
func firstUnhandled(ctx context.Context, s jetstream.Stream) (uint64, error) {
	info, err := s.Info(ctx)
	if err != nil {
		return 0, err
	}
	if info.State.Msgs == 0 {
		return info.State.LastSeq + 1, nil
	}
	return info.State.FirstSeq, nil
}

// resetPlacer drops the placer's consumer and creates it again, so that
// every record not yet acknowledged is delivered anew, in stream order,
// before anything else: whatever a previous session had in hand is placed
// again (as a no-op when its batch had committed).
func (q *Queue) resetPlacer(ctx context.Context) (jetstream.Consumer, error) {
	st, err := q.js.Stream(ctx, AnalysedStream)
	if err != nil {
		return nil, err
	}
	// A live placer always has a pull request waiting or about to be: a
	// consumer with one after a few looks belongs to another process.
	for i := 0; ; i++ {
		c, err := st.Consumer(ctx, placerConsumer)
		if errors.Is(err, jetstream.ErrConsumerNotFound) {
			break
		}
		if err != nil {
			return nil, err
		}
		ci, err := c.Info(ctx)
		if err != nil {
			return nil, err
		}
		if ci.NumWaiting == 0 {
			break
		}
		if i == 3 {
			return nil, ErrOtherPlacer
		}
		sleep(ctx, 1500*time.Millisecond)
	}
	if err := st.DeleteConsumer(ctx, placerConsumer); err != nil && !errors.Is(err, jetstream.ErrConsumerNotFound) {
		return nil, err
	}
	return st.CreateConsumer(ctx, jetstream.ConsumerConfig{
		Durable:       placerConsumer,
		Description:   "parallax placer: cluster and store, in publication order",
		AckPolicy:     jetstream.AckExplicitPolicy,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		// Records wait in the placer for earlier articles and then for their
		// batch to commit; a redelivery meanwhile would only be ignored.
		AckWait:       10 * time.Minute,
		MaxAckPending: -1, // every pending record must be fetchable for the order rule
		MaxDeliver:    -1,
	})
}

// lagEvery is how often the placer publishes the queue's lag as metrics.
const lagEvery = 5 * time.Second

// reportLag sets the queue-lag gauges (articles waiting for a worker,
// records waiting for the placer) until ctx is done; /metrics serves them.
func (q *Queue) reportLag(ctx context.Context) {
	t := time.NewTicker(lagEvery)
	defer t.Stop()
	for {
		if articles, analysed, err := q.Pending(ctx); err == nil {
			metrics.Default.Set("parallax_queue_pending", "Messages waiting in the queue: articles for a worker, analysed records for the placer.",
				[]string{"stream"}, []string{"articles"}, float64(articles))
			metrics.Default.Set("parallax_queue_pending", "Messages waiting in the queue: articles for a worker, analysed records for the placer.",
				[]string{"stream"}, []string{"analysed"}, float64(analysed))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
