package ingest

import (
	"iter"
	"slices"
	"time"

	"github.com/parallax-news/parallax"
)

// InTimeOrder yields in's items in windows of n: within a window, the
// articles in the order of their publication times (unknown times last,
// input order for ties), each error at its own place. Online clustering
// decides on arrival, so an archive read out of order (a follow-up before
// the report it follows) would start its stories from the wrong end; read
// through InTimeOrder it is placed as a stream would have been. The order
// depends on the input alone, so a file gives the same stories however it
// is ingested (here or through the queue). n bounds the articles held.
func InTimeOrder(in iter.Seq2[parallax.Article, error], n int) iter.Seq2[parallax.Article, error] {
	n = max(n, 1)
	return func(yield func(parallax.Article, error) bool) {
		type item struct {
			a   parallax.Article
			err error
		}
		var buf []item
		var slots []int // positions in buf that hold articles
		flush := func() bool {
			arts := make([]parallax.Article, len(slots))
			for i, s := range slots {
				arts[i] = buf[s].a
			}
			slices.SortStableFunc(arts, func(x, y parallax.Article) int { return CompareTime(x.Published, y.Published) })
			for i, s := range slots {
				buf[s].a = arts[i]
			}
			for _, it := range buf {
				if !yield(it.a, it.err) {
					return false
				}
			}
			buf, slots = buf[:0], slots[:0]
			return true
		}
		for a, err := range in {
			if err == nil {
				slots = append(slots, len(buf))
			}
			buf = append(buf, item{a, err})
			if len(slots) >= n && !flush() {
				return
			}
		}
		flush()
	}
}

// CompareTime orders publication times earliest first, unknown (zero)
// times last: the order articles are placed in.
func CompareTime(a, b time.Time) int {
	switch {
	case a.IsZero() && b.IsZero():
		return 0
	case a.IsZero():
		return 1
	case b.IsZero():
		return -1
	}
	return a.Compare(b)
}
