package postgres

import (
	"context"
	"errors"
	"fmt"
	"github.com/parallax-news/parallax/internal/storekit"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/jackc/pgx/v5"

	"github.com/parallax-news/parallax"
)

// Search page sizes, as in sqlite.
const (
	defaultHits = 20
	maxHits     = 1000
)

// headlineOptions make ts_headline mark matches with the bytes \x02 and
// \x03 (which searchable text never holds) and return one fragment of about
// the 24 tokens sqlite's snippets have.
const headlineOptions = "StartSel=\x02, StopSel=\x03, MaxFragments=1, MaxWords=24, MinWords=12, ShortWord=0"

// Search runs a full-text query over titles and texts with filters, best
// matches first (ts_rank, title matches weigh double). An empty query lists
// the articles matching the filters, newest first. A query with no
// searchable words is an EInvalid error.
//
// The query syntax is sqlite's, so both stores answer the same queries:
// words (all must match, any order), "quoted phrases", and a trailing * for
// a prefix (sanc* or "foreign minis"*); everything else is literal text.
// That is why the tsquery is built here rather than by websearch_to_tsquery,
// which reads "-word" as NOT and "or" as OR and has no prefixes.
func (db *DB) Search(ctx context.Context, f parallax.SearchFilter) (parallax.SearchResult, error) {
	res := parallax.SearchResult{Hits: []parallax.SearchHit{}}
	limit := f.Limit
	if limit <= 0 {
		limit = defaultHits
	}
	limit = min(limit, maxHits)
	offset := max(f.Offset, 0)

	var match, headline string
	if strings.TrimSpace(f.Query) != "" {
		var err error
		match, headline, err = tsQuery(f.Query)
		if errors.Is(err, errUnmatchable) {
			return res, nil
		}
		if err != nil {
			return res, err
		}
	}

	var (
		where []string
		args  []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.Outlet != "" {
		if !storable(f.Outlet) {
			return res, nil // no stored outlet holds a NUL or invalid UTF-8
		}
		where = append(where, "a.outlet = "+arg(f.Outlet))
	}
	if e := storekit.NormName(f.Entity); e != "" {
		if !storable(e) {
			return res, nil
		}
		// A single word matches a name's last word ("ryabkov" finds "Sergei
		// Ryabkov", and "Ryabkov" alone); several words match the whole name.
		col := "norm"
		if !strings.Contains(e, " ") {
			col = "last"
		}
		where = append(where, "a.seq IN (SELECT article FROM mentions WHERE "+col+" = "+arg(e)+")")
	}
	if !f.From.IsZero() {
		where = append(where, "a.published >= "+arg(clampNanos(f.From)))
	}
	if !f.To.IsZero() {
		where = append(where, "a.published < "+arg(clampNanos(f.To)))
	}

	// One snapshot: the page, the total and the snippets agree.
	tx, err := db.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return res, fmt.Errorf("searching: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if match == "" {
		err = listArticles(ctx, tx, where, args, limit, offset, &res)
	} else {
		err = searchArticles(ctx, tx, match, headline, where, args, limit, offset, &res)
	}
	if err != nil {
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

// next returns the placeholder for the argument after args.
func next(args []any, k int) string { return "$" + strconv.Itoa(len(args)+k) }

// listArticles fills res with the articles matching the filters, newest first.
func listArticles(ctx context.Context, tx pgx.Tx, where []string, args []any, limit, offset int, res *parallax.SearchResult) error {
	from := ` FROM articles a WHERE true` + and(where)
	q := `SELECT a.id, a.url, a.outlet, a.title, a.published, a.language, coalesce(a.duplicate_of, ''), a.story_id,
			substr(a.text, 1, 400), count(*) OVER ()` + from + `
		ORDER BY a.published DESC NULLS LAST, a.seq DESC LIMIT ` + next(args, 1) + ` OFFSET ` + next(args, 2)
	rows, err := tx.Query(ctx, q, append(args, limit, offset)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			h    parallax.SearchHit
			pub  *int64
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
		return tx.QueryRow(ctx, `SELECT count(*)`+from, args...).Scan(&res.Total)
	}
	return nil
}

// searchArticles fills res with the articles matching the tsquery match and
// the filters. The page is chosen in a materialised step, so ts_headline,
// which re-parses each text, runs for the page's articles only.
func searchArticles(ctx context.Context, tx pgx.Tx, match, headline string, where []string, args []any, limit, offset int, res *parallax.SearchResult) error {
	// ts_rank's weights are {D, C, B, A}: text is B, titles A, worth double.
	qm, qh := next(args, 1), next(args, 2)
	from := ` FROM articles a WHERE a.search @@ to_tsquery('parallax', ` + qm + `)` + and(where)
	rows, err := tx.Query(ctx, `
		WITH m AS MATERIALIZED (
			SELECT a.seq, ts_rank('{0.1, 0.2, 0.5, 1.0}', a.search, to_tsquery('parallax', `+qm+`)) AS score`+from+`),
		page AS MATERIALIZED (
			SELECT seq, score, count(*) OVER () AS total FROM m
			ORDER BY score DESC, seq LIMIT `+next(args, 3)+` OFFSET `+next(args, 4)+`)
		SELECT p.total, p.score, a.id, a.url, a.outlet, a.title, a.published, a.language, coalesce(a.duplicate_of, ''),
			a.story_id, a.text,
			ts_headline('parallax_headline', translate(a.text, E'\x02\x03', '  '), h.q, `+next(args, 5)+`),
			ts_headline('parallax_headline', translate(a.title, E'\x02\x03', '  '), h.q, `+next(args, 5)+`)
		FROM page p JOIN articles a ON a.seq = p.seq,
			(SELECT to_tsquery('parallax_headline', `+qh+`) AS q) h
		ORDER BY p.score DESC, p.seq`,
		append(args, match, headline, limit, offset, headlineOptions)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			h              parallax.SearchHit
			pub            *int64
			score          float32
			text, hlText   string
			hlTitle, title string
		)
		if err := rows.Scan(&res.Total, &score, &h.ID, &h.URL, &h.Outlet, &title, &pub, &h.Language, &h.DuplicateOf,
			&h.Story, &text, &hlText, &hlTitle); err != nil {
			return err
		}
		h.Title = title
		h.Published = fromNanos(pub)
		h.Score = float64(score)
		// The snippet comes from the text, like sqlite's, unless only the
		// title holds a match.
		sn, src := hlText, text
		if !strings.Contains(hlText, "\x02") && strings.Contains(hlTitle, "\x02") {
			sn, src = hlTitle, title
		}
		h.Snippet, h.Marks = snippet(sn, src)
		res.Hits = append(res.Hits, h)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(res.Hits) == 0 {
		return tx.QueryRow(ctx, `SELECT count(*)`+from, append(args, match)...).Scan(&res.Total)
	}
	return nil
}

// snippet turns a ts_headline of src into plain text with the byte spans
// of its marks, with an ellipsis at each end where src goes on, as sqlite's
// snippet() has.
func snippet(headline, src string) (string, []parallax.Span) {
	s, marks := storekit.ParseSnippet(headline)
	if s == "" {
		return s, marks
	}
	whole := strings.Join(strings.Fields(searchable(src)), " ")
	if !strings.HasPrefix(whole, s) {
		const ell = "…"
		s = ell + s
		for i := range marks {
			marks[i].Start += len(ell)
			marks[i].End += len(ell)
		}
	}
	if !strings.HasSuffix(whole, strings.TrimPrefix(s, "…")) {
		s += "…"
	}
	return s, marks
}

// storable reports whether s can be a PostgreSQL text value: valid UTF-8
// without NUL. Values that are not cannot be stored, so looking them up
// finds nothing, where passing them would be an SQL error.
func storable(s string) bool {
	return utf8.ValidString(s) && !strings.Contains(s, "\x00")
}

// The search text. sqlite's FTS5 unicode61 tokenizer (remove_diacritics 2)
// splits text into runs of letters, digits and private-use characters,
// removes diacritics from Latin letters and folds case, and then its porter
// stemmer stems. PostgreSQL's default parser would split differently (it
// keeps "example.com" or "3.5" as one token, and hyphenated words both whole
// and in parts) and unaccent would fold more (full-width letters, Greek
// accents), so Go does what unicode61 does, for the index and the query
// alike, and leaves PostgreSQL only the stemming (Snowball English, a
// refinement of the Porter stemmer sqlite uses).

// searchWords returns the words of s as the search index holds them.
func searchWords(s string) []string {
	var (
		words []string
		b     strings.Builder
	)
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				b.WriteByte(byte(r) + 'a' - 'A')
			} else if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
				b.WriteByte(byte(r))
			} else {
				flush()
			}
		case unicode.Is(unicode.Latin, r):
			// Latin letters lose their diacritics: é → e, Ō → O.
			for _, d := range norm.NFD.String(string(r)) {
				if !unicode.Is(unicode.Mn, d) {
					b.WriteRune(unicode.ToLower(d))
				}
			}
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r) || unicode.Is(unicode.M, r):
			b.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return words
}

// maxWordBytes is the longest word PostgreSQL indexes; to_tsvector and
// to_tsquery drop longer ones (with a notice).
const maxWordBytes = 2047

// maxSearchText is how much of a title or text (as search words) is
// indexed. A tsvector holds at most 1 MB, and one costs up to about four
// bytes per byte of text (a short distinct word, its entry and position),
// so a longer text would make Put fail where SQLite indexes it whole. 240 KB
// is some 40,000 words; positions beyond 16,383 are not kept anyway, so
// phrases that far into a text could not be matched even under the cap.
const maxSearchText = 240 << 10

// searchText returns s as the words the index holds, separated by spaces,
// for to_tsvector('parallax', …), cut at a word boundary to maxSearchText.
func searchText(s string) string {
	var b strings.Builder
	for _, w := range searchWords(s) {
		if b.Len()+1+len(w) > maxSearchText {
			break
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return b.String()
}

// searchable returns s with the bytes used as snippet markers made spaces.
func searchable(s string) string {
	if !strings.ContainsAny(s, "\x02\x03") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\x02' || r == '\x03' {
			return ' '
		}
		return r
	}, s)
}

// tsQuery parses a user's query with sqlite's grammar (see Search) into two
// to_tsquery expressions in which every operand is a quoted word of letters
// and digits, so no operator or punctuation in the input means anything to
// PostgreSQL: match, for the parallax configuration, and headline, for
// marking the same words in the original text. It returns an EInvalid error
// when the query has no words at all.
//
// A phrase must lie within the title or within the text, as in FTS5: match
// requires all of its words to carry the same weight (A, title; B, text),
// since the tsvector runs the text on right after the title.
func tsQuery(q string) (match, headline string, err error) {
	q = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) {
			return ' '
		}
		return r
	}, strings.ToValidUTF8(q, " "))

	var (
		matches, headlines []string
		seen               = map[string]bool{}
		unmatchable        bool
	)
	add := func(text string, prefix bool) {
		words := searchWords(text)
		if len(words) == 0 {
			return // "--", "'" or "*" alone: nothing the index holds
		}
		for _, w := range words {
			if len(w) > maxWordBytes {
				// PostgreSQL would drop the word and match the rest; no
				// indexed article holds it, so the query matches nothing.
				unmatchable = true
			}
		}
		operand := func(i int, weight string) string {
			s := "'" + strings.ReplaceAll(words[i], "'", "''") + "'"
			if prefix && i == len(words)-1 {
				return s + ":*" + weight
			}
			if weight != "" {
				s += ":" + weight
			}
			return s
		}
		phrase := func(weight string) string {
			ops := make([]string, len(words))
			for i := range words {
				ops[i] = operand(i, weight)
			}
			return strings.Join(ops, " <-> ")
		}
		h := phrase("")
		if seen[h] {
			return // "ferry ferry": once is enough, and a long repetition stays cheap
		}
		seen[h] = true
		headlines = append(headlines, h)
		if len(words) == 1 {
			matches = append(matches, h)
		} else {
			matches = append(matches, "("+phrase("A")+" | "+phrase("B")+")")
		}
	}
	for _, t := range storekit.QueryTerms(q) {
		add(t.Text, t.Prefix)
	}
	if len(matches) == 0 {
		return "", "", parallax.Errorf(parallax.EInvalid, "search query %q has no words to search for", q)
	}
	if unmatchable {
		return "", "", errUnmatchable
	}
	return strings.Join(matches, " & "), strings.Join(headlines, " & "), nil
}

// errUnmatchable is tsQuery's answer for a query no article can match.
var errUnmatchable = errors.New("query holds a word too long to be indexed")
