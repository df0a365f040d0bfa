// Package demo holds the demo corpus embedded in the binary: invented outlets and events, written by us.
//
// Every outlet, person, place and event in the corpus is fictional; the
// outlets use .example domains. The corpus is four storylines (five events) told by
// three or four outlets each, written to exercise quotation and speaker attribution
// (including relayed quotes and a denial), near-duplicate detection,
// lower-case names from a poor machine translation, missing headlines, and
// clustering of two stories that share a place but are different events.
package demo

import (
	"bytes"
	_ "embed"
	"io"
)

//go:embed corpus.jsonl
var corpus []byte

// storylines is the expected grouping of the corpus: per storyline, its
// events, each the ids of its articles.
var storylines = [][][]string{
	// Port Almsby dock strike: direct, indirect and relayed quotes; a denial.
	// Talks resuming four days after the walk-out is a new event of the strike.
	{{"demo-harbor-001", "demo-valley-001", "demo-nordic-001"}, {"demo-eastbridge-001"}},
	// Dunmore Valley rail landslide: demo-eastbridge-002 is a near-copy of demo-valley-002;
	// demo-nordic-002 has its headline as the first line of the text.
	{{"demo-valley-002", "demo-eastbridge-002", "demo-nordic-002", "demo-harbor-002"}},
	// Sorrel Islands ferry fare cut: demo-tidings-001 writes names in lower case;
	// demo-valley-003 has no headline.
	{{"demo-nordic-003", "demo-tidings-001", "demo-harbor-003", "demo-valley-003"}},
	// Northgate warehouse fire in Port Almsby: same city as the dock strike, a different event.
	{{"demo-eastbridge-003", "demo-harbor-004", "demo-valley-004"}},
}

// Corpus returns a reader over the demo corpus in JSON Lines form, the format `parallax ingest` reads.
// Each line is one article with the fields id, url, outlet, language, published (RFC 3339), title and text.
func Corpus() io.Reader {
	return bytes.NewReader(corpus)
}

// Stories is the expected grouping into events (stories): for each, the
// ids of its articles (used by tests to check the clusterer on the demo).
// The result is a fresh copy; callers may modify it.
func Stories() [][]string {
	var out [][]string
	for _, l := range storylines {
		for _, e := range l {
			out = append(out, append([]string(nil), e...))
		}
	}
	return out
}

// Storylines is the expected grouping into storylines: for each, the ids of
// the articles of all its events. The result is a fresh copy.
func Storylines() [][]string {
	out := make([][]string, len(storylines))
	for i, l := range storylines {
		for _, e := range l {
			out[i] = append(out[i], e...)
		}
	}
	return out
}
