package cluster

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	parallax "github.com/parallax-news/parallax"
)

// eventArticle returns the keys of article i of an invented event: the
// words of its kind, which the other event of that kind shares (common),
// the event's own names and figures (own, one left out per article so no
// two are alike), and words of its own (noise keys of its own).
func eventArticle(id string, i int, common, own []string, noise int) []parallax.Key {
	var keys []parallax.Key
	for _, k := range common {
		keys = append(keys, parallax.Key{Key: k, Weight: 1})
	}
	for j, k := range own {
		if j != i%len(own) {
			keys = append(keys, parallax.Key{Key: k, Weight: 1.2})
		}
	}
	for j := range noise {
		keys = append(keys, parallax.Key{Key: fmt.Sprintf("t:%s-word%d", id, j), Weight: 0.8})
	}
	scale(keys, 1)
	return keys
}

func names(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s%d", prefix, i)
	}
	return out
}

// Two factory fires: five shared words of their kind, eleven names and
// figures of each event's own, eight words of each article's own: about 23
// keys an article, as a short news report has.
var (
	fireWords = names("t:fire", 5)
	fireA     = names("e:osk", 11)
	fireB     = names("e:brill", 11)
)

// putStory stores articles (id → keys) in story, in order, as placed.
func putStory(idx *fakeIndex, story string, ids []string, keys map[string][]parallax.Key) {
	for i, id := range ids {
		idx.put(&parallax.Record{
			Article:   parallax.Article{ID: id, Published: day0},
			Placement: parallax.Placement{Story: story, NewStory: i == 0, Keys: keys[id]},
		})
	}
}

// twoEvents returns n articles of each fire, the first fire's first, keyed
// with nKeys of each article's own words.
func twoEvents(n, noise int, common, a, b []string) ([]string, map[string][]parallax.Key) {
	var ids []string
	keys := map[string][]parallax.Key{}
	for i := range n {
		id := fmt.Sprintf("a%d", i)
		ids, keys[id] = append(ids, id), eventArticle(id, i, common, a, noise)
	}
	for i := range n {
		id := fmt.Sprintf("b%d", i)
		ids, keys[id] = append(ids, id), eventArticle(id, i, common, b, noise)
	}
	return ids, keys
}

func TestRegroupSplitsTwoEvents(t *testing.T) {
	ctx := context.Background()
	c, idx := New(Config{}), newFakeIndex()
	ids, keys := twoEvents(5, 8, fireWords, fireA, fireB)
	// Interleaved, as a stream would bring them, and one second-fire
	// article copied verbatim: the copy must follow its source.
	order := []string{"a0", "b0", "a1", "a2", "b1", "b2", "a3", "b3", "a4", "b4"}
	if len(order) != len(ids) {
		t.Fatal("order lists every article")
	}
	putStory(idx, "s1", order, keys)
	idx.put(&parallax.Record{Article: parallax.Article{ID: "b0-copy", Published: day0},
		Placement: parallax.Placement{Story: "s1", DuplicateOf: "b0", Keys: keys["b0"]}})
	a := idx.arts["b0-copy"]
	a.DuplicateOf = "b0"
	idx.arts["b0-copy"] = a

	ch, err := c.Regroup(ctx, idx, "s1")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"b0", "b1", "b2", "b3", "b4", "b0-copy"}
	if ch.Story != "s1" || ch.MergeFrom != "" || !sameSet(ch.Split, want) {
		t.Fatalf("Regroup = %+v, want the second fire %v split off", ch, want)
	}
	if ch.Score <= 0 || ch.Score >= splitRatio {
		t.Errorf("split ratio %v, want in (0, %v)", ch.Score, splitRatio)
	}
	idx.apply(ch)
	// Each fire is now one event: nothing to split, and the other fire is
	// similar enough to join (its words) but the union would split again.
	for _, s := range []string{"s1", "split-s1"} {
		if ch, err := c.Regroup(ctx, idx, s); err != nil || !ch.IsZero() {
			t.Errorf("Regroup(%s) after the split = %+v, %v; want no change", s, ch, err)
		}
	}
}

func TestRegroupKeepsOneEvent(t *testing.T) {
	c, idx := New(Config{}), newFakeIndex()
	// Ten reports of one fire, each with words of its own.
	ids, keys := twoEvents(5, 8, fireWords, fireA, fireA)
	putStory(idx, "s1", ids, keys)
	if ch, err := c.Regroup(context.Background(), idx, "s1"); err != nil || !ch.IsZero() {
		t.Errorf("one event: Regroup = %+v, %v; want no change", ch, err)
	}
}

func TestRegroupNeedsEvidence(t *testing.T) {
	for name, tc := range map[string]struct {
		n, noise     int
		common, a, b []string
		pin          string
	}{
		// Headlines: six keys each, too few for their groups to mean events.
		"headlines": {n: 5, noise: 1, common: fireWords[:2], a: fireA[:4], b: fireB[:4]},
		// Three articles of the second fire: below minGroup.
		"small group": {n: 3, noise: 8, common: fireWords, a: fireA, b: fireB},
		// A user's decision holds the story together.
		"pinned": {n: 5, noise: 8, common: fireWords, a: fireA, b: fireB, pin: "a3"},
		// The groups differ (ratio 0.38), but are as alike across (0.34) as
		// one event's reports usually are.
		"close": {n: 5, noise: 2, common: names("t:fire", 8), a: fireA, b: fireB},
	} {
		t.Run(name, func(t *testing.T) {
			c, idx := New(Config{}), newFakeIndex()
			ids, keys := twoEvents(tc.n, tc.noise, tc.common, tc.a, tc.b)
			putStory(idx, "s1", ids, keys)
			if tc.pin != "" {
				idx.pinned[tc.pin] = true
			}
			if ch, err := c.Regroup(context.Background(), idx, "s1"); err != nil || !ch.IsZero() {
				t.Errorf("Regroup = %+v, %v; want no change", ch, err)
			}
		})
	}
}

func TestRegroupMerges(t *testing.T) {
	ctx := context.Background()
	c, idx := New(Config{}), newFakeIndex()
	// One fire's reports started two stories (the second one's first
	// report read differently); the other fire has its own.
	ids, keys := twoEvents(5, 8, fireWords, fireA, fireB)
	putStory(idx, "fire-a", ids[:3], keys)
	putStory(idx, "fire-a-too", ids[3:5], keys)
	putStory(idx, "fire-b", ids[5:], keys)

	ch, err := c.Regroup(ctx, idx, "fire-a-too")
	if err != nil {
		t.Fatal(err)
	}
	if ch.MergeFrom != "fire-a-too" || ch.MergeInto != "fire-a" || len(ch.Split) != 0 || ch.Score < c.threshold {
		t.Fatalf("Regroup(fire-a-too) = %+v, want it merged into fire-a", ch)
	}
	idx.apply(ch)
	// The second fire's story shares the fire words with the first one
	// (score above the threshold) but the union is two events.
	if ch, err := c.Regroup(ctx, idx, "fire-b"); err != nil || !ch.IsZero() {
		t.Errorf("Regroup(fire-b) = %+v, %v; want no change", ch, err)
	}
	// The larger story takes in the smaller whichever is rechecked.
	c, idx = New(Config{}), newFakeIndex()
	putStory(idx, "big", ids[:4], keys)
	putStory(idx, "small", ids[4:5], keys)
	if ch, err := c.Regroup(ctx, idx, "big"); err != nil || ch.MergeFrom != "small" || ch.MergeInto != "big" {
		t.Errorf("Regroup(big) = %+v, %v; want small merged into big", ch, err)
	}
}

func TestRegroupErrors(t *testing.T) {
	c, idx := New(Config{}), newFakeIndex()
	idx.err = errors.New("disk on fire")
	if _, err := c.Regroup(context.Background(), idx, "s1"); !errors.Is(err, idx.err) {
		t.Errorf("index error: got %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Regroup(ctx, newFakeIndex(), "s1"); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: got %v", err)
	}
	// An unknown or empty story proposes nothing.
	if ch, err := c.Regroup(context.Background(), newFakeIndex(), "absent"); err != nil || !ch.IsZero() {
		t.Errorf("absent story: %+v, %v", ch, err)
	}
}

func TestCoreGroupsSetsOutliersAside(t *testing.T) {
	// Two tight groups of four and one article unlike both: the top
	// split of the tree is the lone article, the core split the two groups.
	n := 9
	sim := make([][]float64, n)
	for i := range sim {
		sim[i] = make([]float64, n)
		for j := range sim[i] {
			switch {
			case i == 8 || j == 8:
				sim[i][j] = 0.05
			case (i < 4) == (j < 4):
				sim[i][j] = 0.6
			default:
				sim[i][j] = 0.2
			}
		}
	}
	a, b := coreGroups(sim, 4)
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, []int{0, 1, 2, 3}) || !slices.Equal(b, []int{4, 5, 6, 7}) {
		t.Errorf("coreGroups = %v, %v", a, b)
	}
	if a, b := coreGroups(sim, 5); a != nil || b != nil {
		t.Errorf("no two groups of 5: got %v, %v", a, b)
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// BenchmarkRegroup looks again at a story of regroupMembers articles of two
// events (a split is found), the most Regroup reads for one article.
func BenchmarkRegroup(b *testing.B) {
	c, idx := New(Config{}), newFakeIndex()
	ids, keys := twoEvents(regroupMembers/2, 30, fireWords, names("e:osk", 40), names("e:brill", 40))
	putStory(idx, "s1", ids, keys)
	ctx := context.Background()
	b.ResetTimer()
	for b.Loop() {
		if ch, err := c.Regroup(ctx, idx, "s1"); err != nil || len(ch.Split) == 0 {
			b.Fatalf("Regroup = %+v, %v", ch, err)
		}
	}
}
