package postgres

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/jackc/pgx/v5"

	"github.com/parallax-news/parallax"
)

var _ parallax.TemplateStore = (*DB)(nil)

// LearnTemplates adds the articles' template-line keys to the per-outlet
// counts, in one transaction. It queues behind other writers, as sqlite's
// does on its single writer, so counts from several processes add up
// without upserts racing.
func (db *DB) LearnTemplates(ctx context.Context, articles map[string][][]uint64) error {
	if len(articles) == 0 {
		return nil
	}
	tx, err := db.beginWrite(ctx)
	if err != nil {
		return fmt.Errorf("learning templates: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	outlets := make([]string, 0, len(articles))
	for o := range articles {
		outlets = append(outlets, o)
	}
	sort.Strings(outlets)
	b := &pgx.Batch{}
	for _, o := range outlets {
		if o == "" || !storable(o) {
			continue
		}
		arts := articles[o]
		b.Queue(`INSERT INTO host_articles(outlet, n) VALUES ($1, $2)
			ON CONFLICT (outlet) DO UPDATE SET n = host_articles.n + excluded.n`, o, len(arts))
		counts := map[uint64]int{}
		for _, keys := range arts {
			for _, k := range keys {
				counts[k]++
			}
		}
		hashes, ns := make([]int64, 0, len(counts)), make([]int32, 0, len(counts))
		for k, n := range counts {
			hashes, ns = append(hashes, int64(k)), append(ns, int32(n))
		}
		b.Queue(`INSERT INTO host_lines(outlet, hash, n) SELECT $1, h.hash, h.n FROM unnest($2::bigint[], $3::int[]) AS h(hash, n)
			ON CONFLICT (outlet, hash) DO UPDATE SET n = host_lines.n + excluded.n`, o, hashes, ns)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("learning templates: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("learning templates: %w", err)
	}
	return nil
}

// TemplateLines returns the outlet's lines seen in at least minArticles of
// its articles and in at least share of them.
func (db *DB) TemplateLines(ctx context.Context, outlet string, minArticles int, share float64) (map[uint64]bool, error) {
	out := map[uint64]bool{}
	if !storable(outlet) {
		return out, nil
	}
	var total int
	err := db.pool.QueryRow(ctx, `SELECT coalesce((SELECT n FROM host_articles WHERE outlet = $1), 0)`, outlet).Scan(&total)
	if err != nil {
		return nil, fmt.Errorf("reading templates of %s: %w", outlet, err)
	}
	least := max(minArticles, int(math.Ceil(share*float64(total))))
	if total < least {
		return out, nil
	}
	rows, err := db.pool.Query(ctx, `SELECT hash FROM host_lines WHERE outlet = $1 AND n >= $2`, outlet, least)
	if err != nil {
		return nil, fmt.Errorf("reading templates of %s: %w", outlet, err)
	}
	defer rows.Close()
	for rows.Next() {
		var h int64
		if err := rows.Scan(&h); err != nil {
			return nil, fmt.Errorf("reading templates of %s: %w", outlet, err)
		}
		out[uint64(h)] = true
	}
	return out, rows.Err()
}
