// Package queue spreads parallax's pipeline over several processes through
// NATS JetStream: ingest publishes raw articles, stateless workers extract
// and analyse them in parallel, and one placer per store clusters and
// writes them, in the order they were published.
//
//	ingest / POST /api/articles ──► stream ARTICLES ──► workers (any number):
//	                                                     pipeline.Prepare
//	                                ┌────────────────────────────┘
//	                                ▼
//	                          stream ANALYSED ──► placer (one per store):
//	                                               pipeline.Place → store
//
// Both streams use work-queue retention and file storage: a message stays
// until it is acknowledged, across restarts of nats-server and of every
// parallax process.
//
// # Identity and de-duplication
//
// Each article is published with Nats-Msg-Id set to its id, or, when the
// record has none, to the content id of its body, so a re-publish within the
// streams' duplicate window is dropped by JetStream. A worker publishes the
// analysed record to ANALYSED under the same message id, so a worker that
// dies after publishing but before acknowledging causes no second record.
// Past the window, the store's own de-duplication (same id, same text:
// "unchanged") makes any repeat harmless: every stage may run twice,
// nothing is stored twice.
//
// # The consistency rule: one placer, in publication order
//
// Clustering is online and depends on order: an article is compared with
// every article placed before it. The single binary places in input order.
// Here placement happens in one consumer only, the placer, and it places
// records in the order their articles were published to ARTICLES (their
// stream sequence, carried in the Parallax-Article-Seq header), not in the
// order workers happen to finish. The placer holds a finished record back
// until every article published before it has been handled: a worker
// acknowledges an article only after JetStream has stored its analysed
// record, so once ARTICLES holds no message older than s, and the placer
// has fetched everything ANALYSED held at that moment, every record before
// s is in the placer's hands. It then places them sorted by s. The result
// is the same story membership as the single binary on the same input,
// whatever the number of workers (the sameness test checks it).
//
// The placer acknowledges a record after the batch that stored it commits.
// When the store or the queue fails, or the placer is restarted, it drops
// its consumer and creates it again: JetStream then delivers every
// unacknowledged record anew, in order, and the store's de-duplication
// turns the ones that had been stored into no-ops. Workers likewise
// acknowledge only after publishing; a worker killed mid-message leaves its
// article to be delivered to another after the ack wait.
//
// The placer is the serial point; one per store (a second would interleave
// with the first). Writers of the same PostgreSQL store still queue on its
// advisory lock, so a serve process polling feeds beside the placer writes
// consistent batches too.
package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/ingest"
)

// Stream and subject names.
const (
	ArticlesStream  = "ARTICLES"
	ArticlesSubject = "parallax.articles"
	AnalysedStream  = "ANALYSED"
	AnalysedSubject = "parallax.analysed"

	workersConsumer = "workers"
	placerConsumer  = "placer"
	// seqHeader carries an analysed record's ARTICLES sequence: the order
	// the placer places in.
	seqHeader = "Parallax-Article-Seq"
)

// Statuses of a published article, beside those of parallax.IngestResult.
const (
	StatusQueued    = "queued"    // published: a worker and the placer will process it
	StatusDuplicate = "duplicate" // the same message id was published within the duplicate window: dropped
)

// Options tunes a Queue; zero values get the defaults.
type Options struct {
	// Duplicates is the streams' de-duplication window (default 1h).
	Duplicates time.Duration
	// AckWait is how long a worker may hold an article before it is given to
	// another (default 1m): the time a killed worker's article waits.
	AckWait time.Duration
	// Retry is how long publishing retries while nats-server is unreachable
	// (default 2m); message ids make the retries safe.
	Retry  time.Duration
	Logger *slog.Logger
}

// Queue is a connection to JetStream with parallax's streams in place.
type Queue struct {
	nc       *nats.Conn
	js       jetstream.JetStream
	opt      Options
	embedded *Embedded // started by Connect for "embedded"; nil otherwise
	log      *slog.Logger
}

// Connect connects to the nats-server at url (nats://user:pass@host:4222;
// several comma-separated URLs are a cluster) and creates or updates the
// streams. The connection reconnects forever: a restart of nats-server is
// waited out, not fatal.
func Connect(ctx context.Context, url string, opt Options) (*Queue, error) {
	if opt.Duplicates <= 0 {
		opt.Duplicates = time.Hour
	}
	if opt.AckWait <= 0 {
		opt.AckWait = time.Minute
	}
	if opt.Retry <= 0 {
		opt.Retry = 2 * time.Minute
	}
	if opt.Logger == nil {
		opt.Logger = slog.New(slog.DiscardHandler)
	}
	nc, err := nats.Connect(url, nats.Name("parallax"), nats.MaxReconnects(-1),
		nats.ReconnectWait(250*time.Millisecond), nats.RetryOnFailedConnect(false))
	if err != nil {
		return nil, fmt.Errorf("connecting to nats-server %s: %w", Redact(url), err)
	}
	js, err := jetstream.New(nc)
	if err != nil {
		nc.Close()
		return nil, err
	}
	q := &Queue{nc: nc, js: js, opt: opt, log: opt.Logger}
	if err := q.ensureStreams(ctx); err != nil {
		nc.Close()
		return nil, err
	}
	return q, nil
}

// Redact hides the passwords in a (comma-separated list of) URL(s), for messages.
func Redact(url string) string {
	parts := strings.Split(url, ",")
	for i, u := range parts {
		scheme, rest, ok := strings.Cut(u, "://")
		if !ok {
			continue
		}
		userinfo, host, ok := strings.Cut(rest, "@")
		if !ok {
			continue
		}
		user, _, _ := strings.Cut(userinfo, ":")
		parts[i] = scheme + "://" + user + ":***@" + host
	}
	return strings.Join(parts, ",")
}

// Close closes the connection, and the embedded server Connect started.
func (q *Queue) Close() {
	q.nc.Close()
	if q.embedded != nil {
		q.embedded.Shutdown()
	}
}

// ensureStreams creates the two streams, and updates one only when its
// configuration differs: every process connecting would otherwise rewrite
// the streams' configuration while others create consumers on them, which
// nats-server's file store does not guard (its race detector says so).
func (q *Queue) ensureStreams(ctx context.Context) error {
	for _, c := range []jetstream.StreamConfig{
		{Name: ArticlesStream, Subjects: []string{ArticlesSubject}, Description: "parallax: raw articles for the workers"},
		{Name: AnalysedStream, Subjects: []string{AnalysedSubject}, Description: "parallax: analysed records for the placer"},
	} {
		c.Retention = jetstream.WorkQueuePolicy
		c.Storage = jetstream.FileStorage
		c.Duplicates = q.opt.Duplicates
		_, err := q.js.CreateStream(ctx, c)
		if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
			var s jetstream.Stream
			if s, err = q.js.Stream(ctx, c.Name); err == nil {
				if have := s.CachedInfo().Config; have.Duplicates != c.Duplicates || !slices.Equal(have.Subjects, c.Subjects) {
					_, err = q.js.UpdateStream(ctx, c)
				}
			}
		}
		if err != nil {
			return fmt.Errorf("creating stream %s: %w", c.Name, err)
		}
	}
	return nil
}

// publish publishes one message, retrying while the server is away.
func (q *Queue) publish(ctx context.Context, m *nats.Msg) (*jetstream.PubAck, error) {
	deadline := time.Now().Add(q.opt.Retry)
	wait := 50 * time.Millisecond
	for {
		ack, err := q.js.PublishMsg(ctx, m)
		if err == nil || errors.Is(err, nats.ErrMaxPayload) || ctx.Err() != nil || time.Now().After(deadline) {
			return ack, err
		}
		q.log.Warn("publishing to the queue; retrying", "subject", m.Subject, "error", err)
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		wait = min(2*wait, 2*time.Second)
	}
}

// MsgID is the message id an article is published under: its id, or the
// content id of its body when it has none.
func MsgID(a *parallax.Article) string {
	if a.ID != "" {
		return a.ID
	}
	return parallax.ContentID(string(a.Body))
}

// Ingest publishes articles to ARTICLES, one at a time so that their order
// is the order of the input, which is the order they will be placed in. It
// implements parallax.Ingester: each result is queued, duplicate (dropped
// by JetStream) or rejected (unreadable, or too large for the server's
// max_payload). It fails when the server stays unreachable beyond
// Options.Retry.
func (q *Queue) Ingest(ctx context.Context, articles iter.Seq2[parallax.Article, error], progress func(parallax.IngestResult)) ([]parallax.IngestResult, error) {
	var results []parallax.IngestResult
	for a, err := range articles {
		var r parallax.IngestResult
		if err != nil {
			r = rejected(err)
		} else {
			r, err = q.publishArticle(ctx, &a)
			if err != nil {
				return results, err
			}
		}
		results = append(results, r)
		if progress != nil {
			progress(r)
		}
	}
	return results, ctx.Err()
}

func (q *Queue) publishArticle(ctx context.Context, a *parallax.Article) (parallax.IngestResult, error) {
	r := parallax.IngestResult{Origin: a.Origin, ID: a.ID}
	data, err := json.Marshal(a)
	if err != nil {
		r.Status, r.Error = parallax.StatusRejected, fmt.Sprintf("encoding for the queue: %v", err)
		return r, nil
	}
	m := nats.NewMsg(ArticlesSubject)
	m.Data = data
	m.Header.Set(jetstream.MsgIDHeader, MsgID(a))
	ack, err := q.publish(ctx, m)
	switch {
	case errors.Is(err, nats.ErrMaxPayload):
		r.Status, r.Error = parallax.StatusRejected, fmt.Sprintf("%d bytes are too many for the queue server's max_payload (%d)", len(data), q.nc.MaxPayload())
		return r, nil
	case err != nil:
		return r, fmt.Errorf("publishing %s: %w", a.Origin, err)
	case ack.Duplicate:
		r.Status = StatusDuplicate
	default:
		r.Status = StatusQueued
	}
	return r, nil
}

// rejected turns a read error into a result, keeping the input's location
// (as the pipeline does).
func rejected(err error) parallax.IngestResult {
	r := parallax.IngestResult{Status: parallax.StatusRejected, Error: err.Error()}
	var ie *ingest.InputError
	if errors.As(err, &ie) {
		r.Origin = ie.Origin
		r.Error = strings.TrimPrefix(r.Error, ie.Origin+": ")
	}
	return r
}

// Pending reports how many messages wait in each stream: articles not yet
// analysed and records not yet placed (for tests, progress and metrics).
func (q *Queue) Pending(ctx context.Context) (articles, analysed uint64, err error) {
	for _, s := range []struct {
		name string
		n    *uint64
	}{{ArticlesStream, &articles}, {AnalysedStream, &analysed}} {
		st, err := q.js.Stream(ctx, s.name)
		if err != nil {
			return 0, 0, err
		}
		info, err := st.Info(ctx)
		if err != nil {
			return 0, 0, err
		}
		*s.n = info.State.Msgs
	}
	return articles, analysed, nil
}

// sleep waits d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
