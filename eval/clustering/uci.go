package clustering

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	parallax "github.com/parallax-news/parallax"
)

// ReadUCI reads the UCI News Aggregator CSV: a header naming at least
// TITLE, STORY and TIMESTAMP (milliseconds since 1970), then one headline a
// row. ID, URL and HOSTNAME are used when present. A row that cannot be
// used — a CSV error, the wrong number of fields (the file here ends in a
// row cut off mid-URL), an empty title or story, a bad timestamp — is
// skipped and reported in skipped with its line. The headlines come back in
// timestamp order (stable).
//
// Each headline is the article's text and it has no title: a record whose
// only text repeats its title has no body left after extraction, and a
// headline is what a reader of this set has.
func ReadUCI(r io.Reader) (docs []Doc, skipped []error, err error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1 // checked here, so that a bad row is skipped, not fatal
	head, err := cr.Read()
	if err != nil {
		return nil, nil, fmt.Errorf("reading the header: %w", err)
	}
	col := map[string]int{}
	for i, h := range head {
		h = strings.ToUpper(strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF")))
		if _, dup := col[h]; !dup {
			col[h] = i
		}
	}
	for _, need := range []string{"TITLE", "STORY", "TIMESTAMP"} {
		if _, ok := col[need]; !ok {
			return nil, nil, fmt.Errorf("the header has no %s column (want TITLE, STORY and TIMESTAMP, as the UCI News Aggregator CSV has)", need)
		}
	}
	get := func(rec []string, name string) string {
		if i, ok := col[name]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	seen := map[string]bool{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, skipped, err
			}
			// The csv reader goes on after the bad record; so do we.
			skipped = append(skipped, fmt.Errorf("line %d: %w", pe.StartLine, pe.Err))
			continue
		}
		line, _ := cr.FieldPos(0)
		if len(rec) != len(head) {
			skipped = append(skipped, fmt.Errorf("line %d: %d fields, the header has %d", line, len(rec), len(head)))
			continue
		}
		title, story := get(rec, "TITLE"), get(rec, "STORY")
		if title == "" || story == "" {
			skipped = append(skipped, fmt.Errorf("line %d: empty TITLE or STORY", line))
			continue
		}
		ms, err := strconv.ParseInt(get(rec, "TIMESTAMP"), 10, 64)
		// Bounded so that the time is one the store can write and read back
		// (years 1970–9999); the set's are 2014.
		if err != nil || ms < 0 || ms > 253402300799999 {
			skipped = append(skipped, fmt.Errorf("line %d: TIMESTAMP %q is not milliseconds since 1970", line, get(rec, "TIMESTAMP")))
			continue
		}
		// The row's ID is the article id when it can be one (ingest's rules:
		// no slashes, spaces, ? or #), else the line number.
		id := get(rec, "ID")
		if id == "" || strings.ContainsAny(id, "/\\?# \t") || len(id) > 200 {
			id = "line" + strconv.Itoa(line)
		}
		if seen[id] {
			// The store would take a second article with one id as the
			// same article (or refuse it), so it could not be scored.
			skipped = append(skipped, fmt.Errorf("line %d: ID %s again", line, id))
			continue
		}
		seen[id] = true
		docs = append(docs, Doc{
			Article: parallax.Article{
				ID:          id,
				URL:         get(rec, "URL"),
				Outlet:      strings.TrimPrefix(strings.ToLower(get(rec, "HOSTNAME")), "www."),
				Published:   time.UnixMilli(ms).UTC(),
				Language:    "en",
				ContentType: parallax.ContentText,
				Body:        []byte(title),
				Origin:      fmt.Sprintf("line %d", line),
			},
			Gold: story,
		})
	}
	if len(docs) == 0 {
		return nil, skipped, errors.New("no usable row")
	}
	slices.SortStableFunc(docs, func(a, b Doc) int { return a.Article.Published.Compare(b.Article.Published) })
	return docs, skipped, nil
}
