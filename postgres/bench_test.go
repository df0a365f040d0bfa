package postgres_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/storetest"
)

// benchRecord, zipf and benchVocab are sqlite's (sqlite/bench_test.go),
// copied so both stores are measured on the same records.

// benchRecord returns a record shaped like a real one: ~3 KB of text, 40
// keys drawn from a Zipf-like vocabulary, 16 bands, a 128-hash MinHash,
// 10 mentions and 30 sentences. Every 8th article starts a story; the others
// join one of the recent stories.
func benchRecord(rng *rand.Rand, i int, vocab []string) *parallax.Record {
	words := make([]string, 0, 500)
	for range 500 {
		words = append(words, vocab[zipf(rng, len(vocab))])
	}
	text := strings.Join(words, " ") + "."
	var opts []storetest.Opt
	if i%8 == 0 {
		opts = append(opts, storetest.Starts(fmt.Sprintf("story-%d", i/8)))
	} else {
		opts = append(opts, storetest.Joins(fmt.Sprintf("story-%d", max(0, i/8-rng.IntN(4))), 0.5))
	}
	opts = append(opts,
		storetest.Title(strings.Join(words[:8], " ")),
		storetest.Published(time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i)*time.Minute)),
	)
	r := storetest.Rec(fmt.Sprintf("bench-%d", i), text, opts...)
	for k := range 40 {
		r.Placement.Keys = append(r.Placement.Keys, parallax.Key{Key: "t:" + vocab[zipf(rng, len(vocab))], Weight: 1 + float64(k%3)})
	}
	for range 16 {
		r.Placement.Bands = append(r.Placement.Bands, rng.Uint64())
	}
	for range 128 {
		r.Analysis.MinHash = append(r.Analysis.MinHash, rng.Uint64())
	}
	for k := range 10 {
		w := words[k*7]
		i := strings.Index(text, w)
		r.Analysis.Mentions = append(r.Analysis.Mentions, parallax.Mention{Span: parallax.Span{Start: i, End: i + len(w)}, Kind: parallax.Person, Name: "Person " + w})
	}
	for k := range 30 {
		r.Analysis.Sentences = append(r.Analysis.Sentences, parallax.Span{Start: k * 100, End: k*100 + 90})
	}
	for k := range 150 {
		r.Analysis.Terms = append(r.Analysis.Terms, parallax.Term{Term: vocab[k], Weight: 1})
	}
	return r
}

// zipf draws an index in [0, n) with a long-tailed distribution, like words.
func zipf(rng *rand.Rand, n int) int {
	return min(n-1, int(float64(n)*rng.Float64()*rng.Float64()*rng.Float64()))
}

func benchVocab(n int) []string {
	rng := rand.New(rand.NewPCG(1, 2))
	v := make([]string, n)
	for i := range v {
		var b strings.Builder
		for range 4 + rng.IntN(6) {
			b.WriteByte(byte('a' + rng.IntN(26)))
		}
		v[i] = b.String()
	}
	return v
}

// BenchmarkPut stores records in batches of 500, one transaction per
// batch, as sqlite's BenchmarkPut does, against the test server (fsync off:
// this measures the store's statements and round trips, not the disk).
func BenchmarkPut(b *testing.B) {
	ctx := context.Background()
	db := open(b, newDSN(b))
	defer db.Close()
	vocab := benchVocab(5000)
	rng := rand.New(rand.NewPCG(3, 4))
	const batch = 500
	recs := make([]*parallax.Record, 0, b.N)
	for i := range b.N {
		recs = append(recs, benchRecord(rng, i, vocab))
	}
	b.ResetTimer()
	start := time.Now()
	for lo := 0; lo < len(recs); lo += batch {
		tx, err := db.Begin(ctx)
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range recs[lo:min(lo+batch, len(recs))] {
			if err := tx.Put(ctx, r); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "records/s")
}

// BenchmarkStoryCandidates queries 40 keys of a new article against a store
// of 10,000 articles in 1,250 stories, within a one-week window.
func BenchmarkStoryCandidates(b *testing.B) {
	ctx := context.Background()
	db := open(b, newDSN(b))
	defer db.Close()
	vocab := benchVocab(5000)
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 10000
	for lo := 0; lo < n; lo += 500 {
		var recs []*parallax.Record
		for i := lo; i < lo+500; i++ {
			recs = append(recs, benchRecord(rng, i, vocab))
		}
		put(b, db, recs...)
	}
	// Fresh statistics, as autovacuum would have gathered on a live store.
	if _, err := db.Pool().Exec(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	queries := make([][]string, 64)
	for i := range queries {
		for range 40 {
			queries[i] = append(queries[i], "t:"+vocab[zipf(rng, len(vocab))])
		}
	}
	to := time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC).Add(n * time.Minute)
	from := to.Add(-7 * 24 * time.Hour)
	tx, err := db.Begin(ctx)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	b.ResetTimer()
	found := 0
	for i := range b.N {
		c, err := tx.StoryCandidates(ctx, queries[i%len(queries)], from, to, 50)
		if err != nil {
			b.Fatal(err)
		}
		found += len(c)
	}
	b.ReportMetric(float64(found)/float64(b.N), "stories/op")
}

// BenchmarkSearch runs a two-word query with snippets over 2,000 articles.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	db := open(b, newDSN(b))
	defer db.Close()
	vocab := benchVocab(5000)
	rng := rand.New(rand.NewPCG(7, 8))
	for lo := 0; lo < 2000; lo += 500 {
		var recs []*parallax.Record
		for i := lo; i < lo+500; i++ {
			recs = append(recs, benchRecord(rng, i, vocab))
		}
		put(b, db, recs...)
	}
	if _, err := db.Pool().Exec(ctx, "ANALYZE"); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	hits := 0
	for i := range b.N {
		res, err := db.Search(ctx, parallax.SearchFilter{Query: vocab[i%50] + " " + vocab[50+i%50]})
		if err != nil {
			b.Fatal(err)
		}
		hits += res.Total
	}
	b.ReportMetric(float64(hits)/float64(b.N), "matches/op")
}
