package cluster

import (
	"context"
	"errors"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/fingerprint"
)

// Features returns the clustering keys and LSH band hashes of rec as Place
// computes them, without placing it. It is for an article already stored
// whose analysis was redone: the store swaps its old keys and bands for
// these (parallax.Tx.Reanalyze) while it stays in its story.
//
// The keys' idf comes from the document frequencies idx holds now, which
// count the article itself (under its old keys); Place saw the store without
// it. Both are estimates of one corpus statistic, and neither is redone for
// the other articles, whose keys keep the idf of their own placement.
func (c *Clusterer) Features(ctx context.Context, idx parallax.ClusterIndex, rec *parallax.Record) ([]parallax.Key, []uint64, error) {
	if rec == nil {
		return nil, nil, errors.New("cluster: nil record")
	}
	if idx == nil {
		return nil, nil, errors.New("cluster: nil index")
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	keys, err := c.keys(ctx, idx, rec)
	if err != nil {
		return nil, nil, err
	}
	return keys, fingerprint.Bands(rec.Analysis.MinHash, lshBands), nil
}
