package cluster

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	parallax "github.com/parallax-news/parallax"
)

// Deciding later. Place decides once, on arrival, against story profiles:
// when two events of one kind share their words and a name (two earthquakes,
// two rehab check-ins), the first report of the second event often clears
// the threshold against the first event's story (ECB+: scores 0.15–0.32
// where reports of one event score around 0.47), and once it is in, the
// story's profile holds both events and the rest follow. Regroup looks again
// at a story once its articles are in, through their own keys: a story whose
// articles form two groups much less alike than each group is within is
// split, and a story that an article would join (same threshold, same time
// decay) is merged into it unless the union would be split again. Splits and
// merges use one test, so they do not undo each other.

// Regrouping constants, measured on ECB+ topics 1–35 (eval/clustering/README.md).
const (
	// regroupMembers is how many articles of a story Regroup reads: the
	// work per article is bounded whatever the story's size.
	regroupMembers = 64
	// minGroup is the fewest articles (copies not counted) each side of a
	// split must hold: a lone article that reads differently is an outlier
	// of its event, not another event.
	minGroup = 4
	// splitRatio: a story is split when the mean similarity between its
	// two groups is below splitRatio times the mean similarity within them
	// (each group weighted by its size). Two events of one kind are about
	// half as alike across as within (in the splits made on ECB+, 0.09–0.27
	// between and 0.26–0.72 within).
	splitRatio = 0.65
	// maxBetween: two groups whose articles are on average this alike are
	// as close as reports of one event usually are, and stay together
	// whatever their ratio (tight wire rewrites inflate the within side).
	maxBetween = 0.3
	// minSplitKeys is the mean number of keys per article below which a
	// story is never split: the similarity of two headlines (5–15 keys)
	// rests on a word or two, so their groups show wording, not events
	// (on UCI headlines 100 of 112 such splits parted one story).
	minSplitKeys = 20
)

// Member is one article of a story as Regroup reads it.
type Member struct {
	ID          string
	Time        time.Time      // published, else fetched; zero if unknown
	Keys        []parallax.Key // the article's keys as placed
	DuplicateOf string         // near-verbatim copy of this article; "" if none
	// Pinned is set when a user's split or merge holds the article where it
	// is: Regroup never moves a pinned article's story.
	Pinned bool
}

// MemberIndex is what Regroup needs from the store beyond ClusterIndex: the
// articles of one story with their keys. It is a proposal: no store
// implements it yet (eval/clustering/README.md).
type MemberIndex interface {
	parallax.ClusterIndex
	// StoryMembers returns at most limit articles of story, the most
	// recent ones, oldest first (ties in ingest order).
	StoryMembers(ctx context.Context, story string, limit int) ([]Member, error)
}

// Change is a regrouping Regroup proposes for the caller to apply; the zero
// Change proposes nothing.
type Change struct {
	// Story is the story Regroup looked at.
	Story string
	// Split lists articles of Story to move into a new story of the same
	// storyline: one of two groups, the one without the story's first
	// article. Copies go with their source.
	Split []string
	// MergeFrom's articles all move into MergeInto (the smaller story into
	// the larger; ties into the older).
	MergeFrom, MergeInto string
	// Score is the evidence: for a split, the ratio of the similarity
	// between the groups to the similarity within them; for a merge, the
	// similarity of the two stories as Place scores an article.
	Score float64
}

// IsZero reports whether ch proposes nothing.
func (ch Change) IsZero() bool { return len(ch.Split) == 0 && ch.MergeFrom == "" }

// Regroup looks again at story, after an article joined or started it: it
// proposes to split it in two if its articles form two distinct groups,
// else to merge it with the most similar story of the window if that one
// clears the join threshold and the union would not be split. It reads only
// through idx and writes nothing; the caller applies the Change and may call
// Regroup again on the article's new story. Stories holding pinned articles
// are left as they are.
func (c *Clusterer) Regroup(ctx context.Context, idx MemberIndex, story string) (Change, error) {
	if err := ctx.Err(); err != nil {
		return Change{}, err
	}
	members, err := idx.StoryMembers(ctx, story, regroupMembers)
	if err != nil {
		return Change{}, fmt.Errorf("cluster: story members: %w", err)
	}
	if len(members) == 0 || slices.ContainsFunc(members, func(m Member) bool { return m.Pinned }) {
		return Change{}, nil
	}
	if move, ratio := splitOf(members); len(move) > 0 {
		return Change{Story: story, Split: move, Score: ratio}, nil
	}
	return c.mergeOf(ctx, idx, story, members)
}

// mergeOf proposes to merge story (whose articles are members) with the
// most similar story of the window, scored as Place scores an article: the
// story's summed keys against the others' profiles, with the time decay
// from the two stories' first articles and the one-name rule.
func (c *Clusterer) mergeOf(ctx context.Context, idx MemberIndex, story string, members []Member) (Change, error) {
	profile := map[string]float64{}
	var first, last time.Time
	for _, m := range members {
		for _, k := range m.Keys {
			if k.Weight > 0 && !math.IsNaN(k.Weight) && !math.IsInf(k.Weight, 0) {
				profile[k.Key] += k.Weight
			}
		}
		if !m.Time.IsZero() {
			if first.IsZero() || m.Time.Before(first) {
				first = m.Time
			}
			if m.Time.After(last) {
				last = m.Time
			}
		}
	}
	if first.IsZero() {
		first = c.now()
		last = first
	}
	keys := make([]parallax.Key, 0, len(profile))
	for k, w := range profile {
		keys = append(keys, parallax.Key{Key: k, Weight: w})
	}
	slices.SortFunc(keys, func(a, b parallax.Key) int {
		return cmp.Or(cmp.Compare(b.Weight, a.Weight), strings.Compare(a.Key, b.Key))
	})
	scale(keys, 1)
	best, err := c.bestStory(ctx, idx, first, keys, first.Add(-c.window), last.Add(c.window), true, story)
	if err != nil || best.id == "" || best.score < c.threshold {
		return Change{}, err
	}
	other, err := idx.StoryMembers(ctx, best.id, regroupMembers)
	if err != nil {
		return Change{}, fmt.Errorf("cluster: story members: %w", err)
	}
	if len(other) == 0 || slices.ContainsFunc(other, func(m Member) bool { return m.Pinned }) {
		return Change{}, nil
	}
	union := append(slices.Clip(other), members...)
	slices.SortStableFunc(union, func(a, b Member) int { return a.Time.Compare(b.Time) })
	if move, _ := splitOf(union); len(move) > 0 {
		return Change{}, nil
	}
	from, into := story, best.id
	if len(members) > len(other) || (len(members) == len(other) && first.Before(other[0].Time)) {
		from, into = into, from
	}
	return Change{Story: story, MergeFrom: from, MergeInto: into, Score: best.score}, nil
}

// splitOf finds the two groups of members (oldest first) that are most
// apart, and returns the ids of the group without the first article when
// the two are apart enough to be two events (see the constants above), with
// the ratio of the similarity between them to that within. Copies of
// members are left out of the comparison and follow their source.
func splitOf(members []Member) (move []string, ratio float64) {
	ids := make(map[string]int, len(members))
	for i, m := range members {
		ids[m.ID] = i
	}
	var orig []int // members compared: all but copies of other members
	nkeys := 0
	for i, m := range members {
		if _, ok := ids[m.DuplicateOf]; ok && m.DuplicateOf != m.ID {
			continue
		}
		orig = append(orig, i)
		nkeys += len(m.Keys)
	}
	n := len(orig)
	if n < 2*minGroup || float64(nkeys) < minSplitKeys*float64(n) {
		return nil, 0
	}
	sim := similarities(members, orig)
	a, b := coreGroups(sim, minGroup)
	if a == nil {
		return nil, 0
	}
	between := meanBetween(sim, a, b)
	within := (meanWithin(sim, a)*float64(len(a)) + meanWithin(sim, b)*float64(len(b))) / float64(len(a)+len(b))
	if within <= 0 || between >= maxBetween || between >= splitRatio*within {
		return nil, 0
	}
	ratio = between / within
	// The articles outside both cores (outliers, merged into the tree
	// after them) join the core they are more alike on average.
	side := make([]int8, n) // 1: a, 2: b
	for _, i := range a {
		side[i] = 1
	}
	for _, i := range b {
		side[i] = 2
	}
	for i := range n {
		if side[i] == 0 {
			side[i] = 1
			if meanBetween(sim, []int{i}, b) > meanBetween(sim, []int{i}, a) {
				side[i] = 2
			}
		}
	}
	// The group with the story's first article keeps the story.
	keep := side[0]
	moved := map[string]bool{}
	for i, o := range orig {
		if side[i] != keep {
			moved[members[o].ID] = true
		}
	}
	for _, m := range members {
		if moved[m.ID] || moved[root(members, ids, m)] {
			move = append(move, m.ID)
		}
	}
	return move, ratio
}

// similarities returns the matrix of dot products (cosines: keys have unit
// norm) between the keys of members[orig[i]] and members[orig[j]]. It adds
// up, key by key, the products of the articles holding the key, which
// costs the sum of each key's squared article count rather than a look-up
// per key and pair; the order of the sums is fixed (keys in order of first
// appearance), so the last bits, and the choices, are the same every run.
func similarities(members []Member, orig []int) [][]float64 {
	n := len(orig)
	type posting struct {
		i int
		w float64
	}
	index := map[string]int{}
	var postings [][]posting
	for i, o := range orig {
		for _, k := range members[o].Keys {
			if k.Weight == 0 || math.IsNaN(k.Weight) || math.IsInf(k.Weight, 0) {
				continue
			}
			x, ok := index[k.Key]
			if !ok {
				x = len(postings)
				index[k.Key] = x
				postings = append(postings, nil)
			}
			if p := postings[x]; len(p) > 0 && p[len(p)-1].i == i {
				p[len(p)-1].w += k.Weight // a key listed twice counts once, summed
				continue
			}
			postings[x] = append(postings[x], posting{i, k.Weight})
		}
	}
	sim := make([][]float64, n)
	for i := range sim {
		sim[i] = make([]float64, n)
	}
	for _, p := range postings {
		for x, a := range p {
			for _, b := range p[x+1:] {
				sim[a.i][b.i] += a.w * b.w
			}
		}
	}
	for i := range n {
		for j := i + 1; j < n; j++ {
			sim[j][i] = sim[i][j]
		}
	}
	return sim
}

// root returns the id of the member m copies (following chains), or m's own.
func root(members []Member, ids map[string]int, m Member) string {
	for range len(members) {
		i, ok := ids[m.DuplicateOf]
		if !ok || m.DuplicateOf == m.ID {
			break
		}
		m = members[i]
	}
	return m.ID
}

// coreGroups runs average-link agglomeration over the similarity matrix
// and returns the two groups joined by the last merge of two groups of at
// least min members each: the top split of the tree once outliers (which
// join last, one by one) are set aside. Ties go to the lowest indices. nil
// when no merge joins two such groups.
func coreGroups(sim [][]float64, min int) (a, b []int) {
	n := len(sim)
	groups := make([][]int, n)
	sums := make([][]float64, n) // sums[i][j]: total similarity between groups i and j
	for i := range n {
		groups[i] = []int{i}
		sums[i] = slices.Clone(sim[i])
	}
	alive := make([]bool, n)
	for i := range alive {
		alive[i] = true
	}
	for range n - 1 {
		bi, bj, best := -1, -1, math.Inf(-1)
		for i := range n {
			if !alive[i] {
				continue
			}
			for j := i + 1; j < n; j++ {
				if !alive[j] {
					continue
				}
				if v := sums[i][j] / float64(len(groups[i])*len(groups[j])); v > best {
					bi, bj, best = i, j, v
				}
			}
		}
		if len(groups[bi]) >= min && len(groups[bj]) >= min {
			a, b = slices.Clone(groups[bi]), slices.Clone(groups[bj])
		}
		for k := range n {
			sums[bi][k] += sums[bj][k]
			sums[k][bi] = sums[bi][k]
		}
		groups[bi] = append(groups[bi], groups[bj]...)
		alive[bj] = false
	}
	return a, b
}

// meanWithin is the mean similarity of the pairs within g (0 for fewer than two).
func meanWithin(sim [][]float64, g []int) float64 {
	s, n := 0.0, 0
	for x, i := range g {
		for _, j := range g[x+1:] {
			s += sim[i][j]
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return s / float64(n)
}

// meanBetween is the mean similarity of the pairs across a and b.
func meanBetween(sim [][]float64, a, b []int) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	s := 0.0
	for _, i := range a {
		for _, j := range b {
			s += sim[i][j]
		}
	}
	return s / float64(len(a)*len(b))
}
