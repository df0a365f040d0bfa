package sqlite

import (
	"context"
	"fmt"
	"math"
	"sort"

	"github.com/parallax-news/parallax"
)

var _ parallax.TemplateStore = (*DB)(nil)

// LearnTemplates adds the articles' template-line keys to the per-outlet
// counts, in one transaction.
func (db *DB) LearnTemplates(ctx context.Context, articles map[string][][]uint64) error {
	if len(articles) == 0 {
		return nil
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("learning templates: %w", err)
	}
	defer tx.Rollback()
	outlets := make([]string, 0, len(articles))
	for o := range articles {
		outlets = append(outlets, o)
	}
	sort.Strings(outlets)
	for _, o := range outlets {
		if o == "" {
			continue
		}
		arts := articles[o]
		if _, err := tx.ExecContext(ctx, `INSERT INTO host_articles(outlet, n) VALUES (?, ?)
			ON CONFLICT(outlet) DO UPDATE SET n = n + excluded.n`, o, len(arts)); err != nil {
			return fmt.Errorf("learning templates of %s: %w", o, err)
		}
		counts := map[uint64]int{}
		for _, keys := range arts {
			for _, k := range keys {
				counts[k]++
			}
		}
		for k, n := range counts {
			if _, err := tx.ExecContext(ctx, `INSERT INTO host_lines(outlet, hash, n) VALUES (?, ?, ?)
				ON CONFLICT(outlet, hash) DO UPDATE SET n = n + excluded.n`, o, int64(k), n); err != nil {
				return fmt.Errorf("learning templates of %s: %w", o, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("learning templates: %w", err)
	}
	return nil
}

// TemplateLines returns the outlet's lines seen in at least minArticles of
// its articles and in at least share of them.
func (db *DB) TemplateLines(ctx context.Context, outlet string, minArticles int, share float64) (map[uint64]bool, error) {
	var total int
	err := db.r.QueryRowContext(ctx, `SELECT coalesce((SELECT n FROM host_articles WHERE outlet = ?), 0)`, outlet).Scan(&total)
	if err != nil {
		return nil, fmt.Errorf("reading templates of %s: %w", outlet, err)
	}
	least := max(minArticles, int(math.Ceil(share*float64(total))))
	out := map[uint64]bool{}
	if total < least {
		return out, nil
	}
	rows, err := db.r.QueryContext(ctx, `SELECT hash FROM host_lines WHERE outlet = ? AND n >= ?`, outlet, least)
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
