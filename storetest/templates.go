package storetest

import (
	"context"
	"testing"

	"github.com/parallax-news/parallax"
)

// testTemplates: line counts add up per outlet across calls, and a line is a
// template only past both the article floor and the share.
func testTemplates(t *testing.T, s parallax.Store) {
	ts, ok := s.(parallax.TemplateStore)
	if !ok {
		t.Skipf("%T learns no site templates", s)
	}
	ctx := context.Background()
	if err := ts.LearnTemplates(ctx, map[string][][]uint64{
		"north.example": {{1, 2}, {1, 2}, {1}, {1, 3}},
		"south.example": {{1}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := ts.LearnTemplates(ctx, map[string][][]uint64{"north.example": {{1}, {4}}}); err != nil {
		t.Fatal(err)
	}
	// north: 6 articles; key 1 in 5, key 2 in 2, keys 3 and 4 in 1.
	for _, tc := range []struct {
		min   int
		share float64
		want  []uint64
	}{
		{5, 0.3, []uint64{1}},
		{2, 0.3, []uint64{1, 2}},
		{2, 0.5, []uint64{1}},
		{6, 0.1, nil},
		{1, 0, []uint64{1, 2, 3, 4}},
	} {
		got, err := ts.TemplateLines(ctx, "north.example", tc.min, tc.share)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(tc.want) {
			t.Errorf("min %d share %v: %v, want %v", tc.min, tc.share, got, tc.want)
		}
		for _, k := range tc.want {
			if !got[k] {
				t.Errorf("min %d share %v: %v lacks %d", tc.min, tc.share, got, k)
			}
		}
	}
	if got, _ := ts.TemplateLines(ctx, "unknown.example", 1, 0); len(got) != 0 {
		t.Errorf("an unknown outlet has templates %v", got)
	}
	// Key values above 2⁶³ survive the store.
	big := uint64(1<<63 + 5)
	ts.LearnTemplates(ctx, map[string][][]uint64{"east.example": {{big}}})
	if got, _ := ts.TemplateLines(ctx, "east.example", 1, 0); !got[big] {
		t.Errorf("a large key did not round-trip: %v", got)
	}
}
