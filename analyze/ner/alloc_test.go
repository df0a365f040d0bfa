// The race detector makes sync.Pool drop items on purpose, so allocations
// are only counted without it.

//go:build !race

package ner

import "testing"

func TestTagAllocations(t *testing.T) {
	m := loadDefault(t)
	m.TagDocument(benchArticle) // warms the scratch pool
	// The result (the labels and the slice of sentences) is all that is allocated.
	if n := testing.AllocsPerRun(20, func() { m.TagDocument(benchArticle) }); n > 2 {
		t.Errorf("%v allocations per document, want at most 2", n)
	}
}
