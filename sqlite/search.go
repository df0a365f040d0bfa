package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"github.com/parallax-news/parallax/internal/storekit"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallax-news/parallax"
)

// Search page sizes.
const (
	defaultHits = 20
	maxHits     = 1000
)

// snippetTokens is how many tokens snippet() returns around the best match.
const snippetTokens = 24

// Search runs a full-text query over titles and texts with filters, best
// matches first (BM25, title matches weigh double). An empty query lists the
// articles matching the filters, newest first. A query with no searchable
// words is an EInvalid error.
//
// Query syntax, kept small so no input can reach FTS5's own grammar: words
// (all must match, any order), "quoted phrases", and a trailing * for a
// prefix (sanc* or "foreign minis"*). Everything else is literal text.
func (db *DB) Search(ctx context.Context, f parallax.SearchFilter) (parallax.SearchResult, error) {
	res := parallax.SearchResult{Hits: []parallax.SearchHit{}}
	limit := f.Limit
	if limit <= 0 {
		limit = defaultHits
	}
	limit = min(limit, maxHits)
	offset := max(f.Offset, 0)

	var where []string
	var args []any
	if f.Outlet != "" {
		where = append(where, "a.outlet = ?")
		args = append(args, f.Outlet)
	}
	if e := storekit.NormName(f.Entity); e != "" {
		// A single word matches a name's last word ("ryabkov" finds "Sergei
		// Ryabkov", and "Ryabkov" alone); several words match the whole name.
		col := "norm"
		if !strings.Contains(e, " ") {
			col = "last"
		}
		where = append(where, "a.seq IN (SELECT article FROM mentions WHERE "+col+" = ?)")
		args = append(args, e)
	}
	if !f.From.IsZero() {
		where = append(where, "a.published >= ?")
		args = append(args, clampNanos(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "a.published < ?")
		args = append(args, clampNanos(f.To))
	}

	// One read transaction: the page, the total and the snippets agree.
	tx, err := db.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return res, fmt.Errorf("searching: %w", err)
	}
	defer tx.Rollback()

	if strings.TrimSpace(f.Query) == "" {
		err = listArticles(ctx, tx, where, args, limit, offset, &res)
	} else {
		var match string
		if match, err = ftsQuery(f.Query); err != nil {
			return res, err
		}
		err = searchArticles(ctx, tx, match, where, args, limit, offset, &res)
	}
	if err != nil {
		if strings.Contains(err.Error(), "fts5:") {
			// ftsQuery quotes every term, so this should not happen; if it
			// does, it is still the query's fault, not the server's.
			return res, parallax.Errorf(parallax.EInvalid, "cannot parse search query %q", f.Query)
		}
		return res, fmt.Errorf("searching: %w", err)
	}
	return res, nil
}

// and joins filter clauses into a WHERE continuation.
func and(where []string) string {
	if len(where) == 0 {
		return ""
	}
	return " AND " + strings.Join(where, " AND ")
}

// listArticles fills res with the articles matching the filters, newest first.
func listArticles(ctx context.Context, tx *sql.Tx, where []string, args []any, limit, offset int, res *parallax.SearchResult) error {
	from := ` FROM articles a WHERE true` + and(where)
	q := `SELECT a.id, a.url, a.outlet, a.title, a.published, a.language, coalesce(a.duplicate_of, ''), a.story_id,
			substr(a.text, 1, 400), count(*) OVER ()` + from + `
		ORDER BY a.published IS NULL, a.published DESC, a.seq DESC LIMIT ? OFFSET ?`
	rows, err := tx.QueryContext(ctx, q, append(args, limit, offset)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			h    parallax.SearchHit
			pub  sql.NullInt64
			text string
		)
		if err := rows.Scan(&h.ID, &h.URL, &h.Outlet, &h.Title, &pub, &h.Language, &h.DuplicateOf, &h.Story, &text, &res.Total); err != nil {
			return err
		}
		h.Published = fromNanos(pub)
		h.Snippet = storekit.LeadSnippet(text, 200)
		h.Marks = []parallax.Span{}
		res.Hits = append(res.Hits, h)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(res.Hits) == 0 {
		return tx.QueryRowContext(ctx, `SELECT count(*)`+from, args...).Scan(&res.Total)
	}
	return nil
}

// searchArticles fills res with the articles matching the FTS5 expression
// match and the filters. Ranking and snippets are two queries: SQLite
// computes every result column before sorting, so asking for snippets in the
// ranking query would build one for every match rather than for the page.
func searchArticles(ctx context.Context, tx *sql.Tx, match string, where []string, args []any, limit, offset int, res *parallax.SearchResult) error {
	from := ` FROM search JOIN articles a ON a.seq = search.rowid WHERE search MATCH ?` + and(where)
	fargs := append([]any{match}, args...)
	// bm25() cannot be called under a window function, hence the
	// materialised step before count(*) OVER ().
	rows, err := tx.QueryContext(ctx, `
		WITH m AS MATERIALIZED (SELECT a.seq, -bm25(search, 2.0, 1.0) AS score`+from+`)
		SELECT seq, score, count(*) OVER () FROM m
		ORDER BY score DESC, seq LIMIT ? OFFSET ?`, append(fargs, limit, offset)...)
	if err != nil {
		return err
	}
	var (
		seqs  []int64
		score = map[int64]float64{}
	)
	for rows.Next() {
		var seq int64
		var s float64
		if err := rows.Scan(&seq, &s, &res.Total); err != nil {
			rows.Close()
			return err
		}
		seqs = append(seqs, seq)
		score[seq] = s
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if len(seqs) == 0 {
		return tx.QueryRowContext(ctx, `SELECT count(*)`+from, fargs...).Scan(&res.Total)
	}

	page, err := json.Marshal(seqs)
	if err != nil {
		return err
	}
	rows, err = tx.QueryContext(ctx, `
		SELECT a.seq, a.id, a.url, a.outlet, a.title, a.published, a.language, coalesce(a.duplicate_of, ''), a.story_id,
			snippet(search, -1, char(2), char(3), '…', ?)
		FROM search JOIN articles a ON a.seq = search.rowid
		WHERE search MATCH ? AND search.rowid IN (SELECT value FROM json_each(?))`,
		snippetTokens, match, string(page))
	if err != nil {
		return err
	}
	defer rows.Close()
	hits := make(map[int64]parallax.SearchHit, len(seqs))
	for rows.Next() {
		var (
			h   parallax.SearchHit
			seq int64
			pub sql.NullInt64
			sn  sql.NullString
		)
		if err := rows.Scan(&seq, &h.ID, &h.URL, &h.Outlet, &h.Title, &pub, &h.Language, &h.DuplicateOf, &h.Story, &sn); err != nil {
			return err
		}
		h.Published = fromNanos(pub)
		h.Snippet, h.Marks = storekit.ParseSnippet(sn.String)
		h.Score = score[seq]
		hits[seq] = h
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, seq := range seqs {
		if h, ok := hits[seq]; ok {
			res.Hits = append(res.Hits, h)
		}
	}
	return nil
}

// ftsQuery turns a user's query into an FTS5 expression in which every word
// and phrase is a quoted string, so no operator, column filter or stray
// punctuation in the input means anything to FTS5. It returns an EInvalid
// error when the query has no words at all.
func ftsQuery(q string) (string, error) {
	q = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(q, " "))

	var terms []string
	add := func(text string, prefix bool) {
		if !hasWord(text) {
			return // "--", "'" or "*" alone: nothing FTS5 could match
		}
		t := `"` + strings.ReplaceAll(text, `"`, `""`) + `"`
		if prefix {
			t += "*"
		}
		terms = append(terms, t)
	}
	for _, t := range storekit.QueryTerms(q) {
		add(t.Text, t.Prefix)
	}
	if len(terms) == 0 {
		return "", parallax.Errorf(parallax.EInvalid, "search query %q has no words to search for", q)
	}
	return strings.Join(terms, " "), nil
}

// hasWord reports whether s holds a letter or digit, the only characters
// the FTS5 tokenizer indexes.
func hasWord(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Co, r) {
			return true
		}
	}
	return false
}
