package cluster

import (
	"cmp"
	"context"
	"fmt"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/fingerprint"
)

// copyMatch is the source an article copies.
type copyMatch struct {
	root    string  // earliest article of the copy chain
	story   string  // story of the matched candidate
	jaccard float64 // MinHash Jaccard estimate against the matched candidate
}

// findCopy looks the article's bands up in the copy index and returns the
// source it copies, or nil. Among candidates at or above the copy threshold
// it takes the earliest (then the most similar, then the smallest id), and
// follows its DuplicateOf so that chains of copies all point at the first
// article rather than at each other.
func (c *Clusterer) findCopy(ctx context.Context, idx parallax.ClusterIndex, rec *parallax.Record, bs []uint64) (*copyMatch, error) {
	if len(bs) == 0 {
		return nil, nil
	}
	cands, err := idx.CopyCandidates(ctx, bs, maxCopies)
	if err != nil {
		return nil, fmt.Errorf("cluster: copy candidates: %w", err)
	}
	var best *parallax.CopyCandidate
	var bestJ float64
	for i := range cands {
		cand := &cands[i]
		if cand.ID == "" || cand.ID == rec.Article.ID || cand.Story == "" {
			continue
		}
		j := fingerprint.Jaccard(rec.Analysis.MinHash, cand.MinHash)
		if j < c.copyThreshold {
			continue
		}
		if best == nil || earlier(cand, best, j, bestJ) {
			best, bestJ = cand, j
		}
	}
	if best == nil {
		return nil, nil
	}
	root := best.DuplicateOf
	if root == "" {
		root = best.ID
	}
	return &copyMatch{root: root, story: best.Story, jaccard: bestJ}, nil
}

// earlier reports whether copy candidate a (estimate ja) is a better source
// than b (estimate jb): earlier in time, then more similar, then smaller id.
func earlier(a, b *parallax.CopyCandidate, ja, jb float64) bool {
	ta, tb := copyTime(a), copyTime(b)
	switch {
	case ta.IsZero() != tb.IsZero():
		return !ta.IsZero() // a known time beats an unknown one
	case !ta.Equal(tb):
		return ta.Before(tb)
	case ja != jb:
		return ja > jb
	}
	return cmp.Less(a.ID, b.ID)
}

func copyTime(c *parallax.CopyCandidate) time.Time {
	if !c.Published.IsZero() {
		return c.Published
	}
	return c.Fetched
}
