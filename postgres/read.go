package postgres

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"github.com/parallax-news/parallax/internal/storekit"
	"iter"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/parallax-news/parallax"
)

// articleCols are the columns scanArticle reads, from articles a joined with analyses an.
const articleCols = `a.seq, a.id, a.url, a.outlet, a.title, a.published, a.language,
	coalesce(a.duplicate_of, ''), a.byline, a.text, a.story_id, a.fetched, a.extra, a.minhash, an.body,
	a.updated, a.canonical_url, a.partial, a.score, a.key_names, a.key_weights`

// articleFrom is the FROM clause that goes with articleCols.
const articleFrom = ` FROM articles a LEFT JOIN analyses an ON an.article = a.seq `

// articleOrder orders a story's articles oldest first: by publication time,
// else fetch time, articles with neither last, ties in ingest order.
const articleOrder = ` coalesce(a.published, a.fetched) ASC NULLS LAST, a.seq `

// scanArticle reads one row of articleCols, returning the article and its seq.
func scanArticle(row pgx.Row) (*parallax.StoredArticle, int64, error) {
	var (
		s        parallax.StoredArticle
		seq      int64
		pub, fet *int64
		upd      *int64
		extra    *string
		mh       []byte
		an       *string
		names    []string
		weights  []float64
	)
	err := row.Scan(&seq, &s.ID, &s.URL, &s.Outlet, &s.Title, &pub, &s.Language,
		&s.DuplicateOf, &s.Byline, &s.Text, &s.Story, &fet, &extra, &mh, &an, &upd, &s.CanonicalURL, &s.Partial,
		&s.Score, &names, &weights)
	if err != nil {
		return nil, 0, err
	}
	s.Keys = placementKeys(names, weights)
	s.Published, s.Fetched, s.Updated = fromNanos(pub), fromNanos(fet), fromNanos(upd)
	if extra != nil {
		if err := json.Unmarshal([]byte(*extra), &s.Extra); err != nil {
			return nil, 0, fmt.Errorf("decoding extra fields of %q: %w", s.ID, err)
		}
	}
	if an != nil {
		if err := json.Unmarshal([]byte(*an), &s.Analysis); err != nil {
			return nil, 0, fmt.Errorf("decoding analysis of %q: %w", s.ID, err)
		}
	}
	s.Analysis.MinHash = storekit.DecodeMinHash(mh)
	return &s, seq, nil
}

// Article returns one stored article with its analysis.
func (db *DB) Article(ctx context.Context, id string) (*parallax.StoredArticle, error) {
	if !storable(id) {
		return nil, parallax.Errorf(parallax.ENotFound, "article %q not found", id)
	}
	a, _, err := scanArticle(db.pool.QueryRow(ctx, `SELECT `+articleCols+articleFrom+`WHERE a.id = $1`, id))
	switch {
	case isNoRows(err):
		return nil, parallax.Errorf(parallax.ENotFound, "article %q not found", id)
	case err != nil:
		return nil, fmt.Errorf("reading article %q: %w", id, err)
	}
	return a, nil
}

// Story returns one story's summary and its articles, oldest first.
func (db *DB) Story(ctx context.Context, id string) (parallax.StorySummary, []*parallax.StoredArticle, error) {
	var (
		sum          parallax.StorySummary
		upd, started *int64
	)
	if !storable(id) {
		return sum, nil, parallax.Errorf(parallax.ENotFound, "story %q not found", id)
	}
	// One snapshot, so the summary and the articles agree even while a
	// writer commits in between.
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return sum, nil, fmt.Errorf("reading story %q: %w", id, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	err = tx.QueryRow(ctx, `SELECT id, title, updated, started, storyline FROM stories WHERE id = $1`, id).Scan(
		&sum.ID, &sum.Title, &upd, &started, &sum.Storyline)
	switch {
	case isNoRows(err):
		return sum, nil, parallax.Errorf(parallax.ENotFound, "story %q not found", id)
	case err != nil:
		return sum, nil, fmt.Errorf("reading story %q: %w", id, err)
	}
	sum.Updated, sum.Started = fromNanos(upd), fromNanos(started)
	rows, err := tx.Query(ctx, `SELECT `+articleCols+articleFrom+`WHERE a.story_id = $1 ORDER BY`+articleOrder, id)
	if err != nil {
		return sum, nil, fmt.Errorf("reading story %q: %w", id, err)
	}
	defer rows.Close()
	var arts []*parallax.StoredArticle
	outlets := map[string]bool{}
	sum.Articles = []parallax.ArticleMeta{}
	for rows.Next() {
		a, _, err := scanArticle(rows)
		if err != nil {
			return sum, nil, fmt.Errorf("reading story %q: %w", id, err)
		}
		arts = append(arts, a)
		sum.Articles = append(sum.Articles, a.ArticleMeta)
		if a.Outlet != "" {
			outlets[a.Outlet] = true
		}
	}
	if err := rows.Err(); err != nil {
		return sum, nil, fmt.Errorf("reading story %q: %w", id, err)
	}
	sum.Outlets = len(outlets)
	return sum, arts, nil
}

// defaultStories is the page size when StoryFilter.Limit is 0.
const defaultStories = 50

// Stories lists stories, most recent activity first, each with its articles
// oldest first. One query reads the page of stories and their articles.
func (db *DB) Stories(ctx context.Context, f parallax.StoryFilter) ([]parallax.StorySummary, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = defaultStories
	}
	out, err := storySummaries(ctx, db.pool, `
		SELECT id, title, updated, started, storyline,
			row_number() OVER (ORDER BY updated DESC NULLS LAST, id) AS rank
		FROM stories ORDER BY rank LIMIT $1 OFFSET $2`, limit, max(f.Offset, 0))
	if err != nil {
		return nil, fmt.Errorf("listing stories: %w", err)
	}
	return out, nil
}

// queryer is what storySummaries reads through: the pool or a transaction.
type queryer interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// storySummaries reads the stories page selects (columns id, title, updated,
// started, storyline, rank) in rank order, each with its articles oldest
// first, in one query.
func storySummaries(ctx context.Context, q queryer, page string, args ...any) ([]parallax.StorySummary, error) {
	rows, err := q.Query(ctx, `
		WITH page AS MATERIALIZED (`+page+`)
		SELECT p.id, p.title, p.updated, p.started, p.storyline, a.id, a.url, a.outlet, a.title, a.published,
			a.language, coalesce(a.duplicate_of, ''), coalesce(a.partial, '')
		FROM page p LEFT JOIN articles a ON a.story_id = p.id
		ORDER BY p.rank,`+articleOrder, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var (
		out     []parallax.StorySummary
		outlets map[string]bool
	)
	for rows.Next() {
		var (
			sid, title, line  string
			upd, started, pub *int64
			aid, url, outlet  *string
			atitle, lang      *string
			dup, partial      string
		)
		if err := rows.Scan(&sid, &title, &upd, &started, &line, &aid, &url, &outlet, &atitle, &pub, &lang, &dup, &partial); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != sid {
			out = append(out, parallax.StorySummary{ID: sid, Title: title, Storyline: line,
				Started: fromNanos(started), Updated: fromNanos(upd), Articles: []parallax.ArticleMeta{}})
			outlets = map[string]bool{}
		}
		s := &out[len(out)-1]
		if aid == nil {
			continue
		}
		s.Articles = append(s.Articles, parallax.ArticleMeta{
			ID: *aid, URL: *url, Outlet: *outlet, Title: *atitle,
			Published: fromNanos(pub), Language: *lang, DuplicateOf: dup, Partial: partial,
		})
		if *outlet != "" && !outlets[*outlet] {
			outlets[*outlet] = true
			s.Outlets++
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if out == nil {
		out = []parallax.StorySummary{}
	}
	return out, nil
}

// articlesPage is how many articles Articles and Outdated read per query.
// Reading in pages by seq, rather than through one long-lived cursor, holds
// no transaction (and no pooled connection) open while the caller works on
// an article, so the caller may use the store inside the loop.
const articlesPage = 256

// Articles iterates over stored articles in ingest order, streaming them a
// page at a time. Articles stored during the iteration may or may not appear.
func (db *DB) Articles(ctx context.Context) iter.Seq2[*parallax.StoredArticle, error] {
	return db.articlePages(ctx, "reading articles",
		`SELECT `+articleCols+articleFrom+`WHERE a.seq > $1 ORDER BY a.seq LIMIT $2`)
}

// articlePages iterates over the articles query selects, a page at a time.
// query returns articleCols in seq order; its $1 is the seq to start after,
// $2 the page size, and args fill $3 on. what prefixes errors.
func (db *DB) articlePages(ctx context.Context, what, query string, args ...any) iter.Seq2[*parallax.StoredArticle, error] {
	return func(yield func(*parallax.StoredArticle, error) bool) {
		var after int64
		for {
			page, last, err := db.articlePage(ctx, query, append([]any{after, articlesPage}, args...))
			if err != nil {
				yield(nil, fmt.Errorf("%s: %w", what, err))
				return
			}
			for _, a := range page {
				if !yield(a, nil) {
					return
				}
			}
			if len(page) < articlesPage {
				return
			}
			after = last
		}
	}
}

// articlePage reads one page of articlePages, returning the last seq read.
func (db *DB) articlePage(ctx context.Context, query string, args []any) ([]*parallax.StoredArticle, int64, error) {
	rows, err := db.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var page []*parallax.StoredArticle
	var last int64
	for rows.Next() {
		a, seq, err := scanArticle(rows)
		if err != nil {
			return nil, 0, err
		}
		page = append(page, a)
		last = seq
	}
	return page, last, rows.Err()
}

// placementKeys pairs the stored key names and weights, heaviest first,
// ties by key, as the SQLite store returns them.
func placementKeys(names []string, weights []float64) []parallax.Key {
	if len(names) == 0 || len(names) != len(weights) {
		return nil
	}
	out := make([]parallax.Key, len(names))
	for i := range names {
		out[i] = parallax.Key{Key: names[i], Weight: weights[i]}
	}
	slices.SortFunc(out, func(a, b parallax.Key) int {
		return cmp.Or(cmp.Compare(b.Weight, a.Weight), strings.Compare(a.Key, b.Key))
	})
	return out
}
