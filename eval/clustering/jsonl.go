package clustering

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/parallax-news/parallax/ingest"
)

// ReadJSONL reads JSON Lines records in parallax's ingest format (ingest
// itself parses them, so the articles are exactly what `parallax ingest`
// would store) with one more field, story_id (a string or a number), the
// gold story. name is used in messages. Records ingest rejects or without a
// story_id are skipped, each reported in skipped with its line; the rest
// come back in publication order (stable, so records with the same time keep
// the file's order). Records without a published time go last: the pipeline
// places them at the time they are read, after every dated one.
func ReadJSONL(ctx context.Context, r io.Reader, name string) (docs []Doc, skipped []error, err error) {
	opt := ingest.Options{Format: ingest.FormatJSONL}
	for a, err := range ingest.Decode(ctx, r, name, opt) {
		if err != nil {
			if ctx.Err() != nil {
				return nil, skipped, ctx.Err()
			}
			skipped = append(skipped, err)
			continue
		}
		gold, err := storyID(a.Extra["story_id"])
		if err != nil {
			skipped = append(skipped, fmt.Errorf("%s: %w", a.Origin, err))
			continue
		}
		docs = append(docs, Doc{Article: a, Gold: gold})
	}
	if len(docs) == 0 {
		return nil, skipped, errors.New("no record with a story_id")
	}
	slices.SortStableFunc(docs, func(a, b Doc) int { return ingest.CompareTime(a.Article.Published, b.Article.Published) })
	return docs, skipped, nil
}

// storyID reads the story_id field: a non-empty string or a number
// (database exports write ids as either).
func storyID(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", errors.New(`missing "story_id": every record needs its gold story`)
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		if s = strings.TrimSpace(s); s != "" {
			return s, nil
		}
		return "", errors.New(`empty "story_id"`)
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		return n.String(), nil
	}
	return "", errors.New(`"story_id" must be a string or a number`)
}
