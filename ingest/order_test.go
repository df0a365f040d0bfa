package ingest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax"
)

func TestInTimeOrder(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2031, 3, d, 9, 0, 0, 0, time.UTC) }
	type rec struct {
		id  string
		at  time.Time
		err bool
	}
	in := []rec{{"c", day(3), false}, {"x", time.Time{}, true}, {"a", day(1), false}, {"u", time.Time{}, false},
		{"b", day(2), false}, {"b2", day(2), false}, // window of 5 articles ends here
		{"e", day(5), false}, {"d", day(4), false}}
	src := func(yield func(parallax.Article, error) bool) {
		for _, r := range in {
			var err error
			if r.err {
				err = errors.New("bad record " + r.id)
			}
			if !yield(parallax.Article{ID: r.id, Published: r.at}, err) {
				return
			}
		}
	}
	var got []string
	for a, err := range InTimeOrder(src, 5) {
		if err != nil {
			got = append(got, "err")
			continue
		}
		got = append(got, a.ID)
	}
	// Within the first window the articles are by time, the unknown one last,
	// ties in input order, and the error keeps its place; the second window
	// is sorted on its own.
	if g := strings.Join(got, " "); g != "a err b b2 c u d e" {
		t.Errorf("order = %s, want a err b b2 c u d e", g)
	}
	// Stopping early stops the source.
	n := 0
	for range InTimeOrder(src, 2) {
		n++
		break
	}
	if n != 1 {
		t.Errorf("yielded %d after break", n)
	}
}
