// Package clustering reads labelled story-clustering data and scores a
// clustering against it (`parallax eval cluster`; README.md says how each
// number is computed and what parallax scores).
//
// Three formats are read, each into Docs in the order they are to be
// streamed: ECB+ (CROMER XML, one event per topic and file suffix), JSON
// Lines records of parallax's ingest format with a story_id field, and the
// UCI News Aggregator CSV (headlines with Google News story ids). The readers
// only read: running the documents through parallax is the caller's job.
package clustering

import (
	"math/rand/v2"

	parallax "github.com/parallax-news/parallax"
)

// Doc is one labelled document: the article as ingest would hand it to the
// pipeline, and the gold cluster it belongs to.
type Doc struct {
	Article parallax.Article
	// Gold names the document's gold cluster: for ECB+ the event
	// (topic + "ecb" or "ecbplus"), for JSON Lines the story_id, for UCI the
	// STORY column.
	Gold string
	// Topic is the ECB+ topic ("1" … "45"); "" for the other formats. It
	// is the coarser gold used for the topic-level score.
	Topic string
}

// Shuffle puts docs in a random order fixed by seed, the same on every
// machine and Go version: it draws from PCG (whose output the standard
// library specifies) with its own Fisher–Yates loop rather than
// rand.Shuffle, whose use of the source is not promised to stay the same.
// ECB+ has no dates, so its documents have no natural order; scoring a few
// fixed orders keeps the figure from resting on one lucky or unlucky order.
func Shuffle(docs []Doc, seed uint64) {
	src := rand.NewPCG(seed, 0x9e3779b97f4a7c15)
	for i := len(docs) - 1; i > 0; i-- {
		// The modulo bias is below 2⁻⁴⁰ for any corpus that fits in memory.
		j := int(src.Uint64() % uint64(i+1))
		docs[i], docs[j] = docs[j], docs[i]
	}
}
