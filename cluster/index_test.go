package cluster

import (
	"cmp"
	"context"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/fingerprint"
)

// fakeIndex is an in-memory parallax.ClusterIndex with the contract the
// store promises: inverted-index look-ups over story profiles (sums of
// member keys), document frequencies, and an LSH band index. It isolates the
// clusterer from SQL so that its decisions can be tested on their own.
type fakeIndex struct {
	stories  map[string]*fakeStory
	postings map[string]map[string]struct{} // key → story ids holding it
	df       map[string]int
	total    int
	arts     map[string]parallax.CopyCandidate
	bandIdx  map[uint64][]string // band hash → article ids, in insertion order
	err      error               // returned by every method when set
	windows  [][2]time.Time      // windows of the StoryCandidates calls, in order
	// members and keys are what StoryMembers reads: each story's articles
	// in placement order, and each article's keys.
	members map[string][]string
	keys    map[string][]parallax.Key
	pinned  map[string]bool
}

type fakeStory struct {
	id        string
	storyline string
	started   time.Time
	updated   time.Time
	profile   map[string]float64
	norm      float64
}

func newFakeIndex() *fakeIndex {
	return &fakeIndex{
		stories:  map[string]*fakeStory{},
		postings: map[string]map[string]struct{}{},
		df:       map[string]int{},
		arts:     map[string]parallax.CopyCandidate{},
		bandIdx:  map[uint64][]string{},
		members:  map[string][]string{},
		keys:     map[string][]parallax.Key{},
		pinned:   map[string]bool{},
	}
}

// StoryMembers makes fakeIndex a MemberIndex.
func (f *fakeIndex) StoryMembers(_ context.Context, story string, limit int) ([]Member, error) {
	if f.err != nil {
		return nil, f.err
	}
	ids := f.members[story]
	if limit > 0 && len(ids) > limit {
		ids = ids[len(ids)-limit:]
	}
	out := make([]Member, len(ids))
	for i, id := range ids {
		a := f.arts[id]
		out[i] = Member{ID: id, Time: a.Published, Keys: f.keys[id], DuplicateOf: a.DuplicateOf, Pinned: f.pinned[id]}
	}
	return out, nil
}

// apply carries out a Change as a store would: articles move, the stories
// they leave and enter get their profiles rebuilt, an emptied story goes.
func (f *fakeIndex) apply(ch Change) {
	move, from, to := ch.Split, ch.Story, "split-"+ch.Story
	if ch.MergeFrom != "" {
		move, from, to = slices.Clone(f.members[ch.MergeFrom]), ch.MergeFrom, ch.MergeInto
	}
	if f.stories[to] == nil {
		old := f.stories[from]
		f.stories[to] = &fakeStory{id: to, storyline: old.storyline, started: old.started, updated: old.updated}
	}
	for _, id := range move {
		f.members[from] = slices.DeleteFunc(f.members[from], func(x string) bool { return x == id })
		f.members[to] = append(f.members[to], id)
		a := f.arts[id]
		a.Story = to
		f.arts[id] = a
		for _, k := range f.keys[id] {
			if f.postings[k.Key] == nil {
				f.postings[k.Key] = map[string]struct{}{}
			}
			f.postings[k.Key][to] = struct{}{}
		}
	}
	for _, s := range []string{from, to} {
		if len(f.members[s]) == 0 {
			delete(f.stories, s)
			delete(f.members, s)
			continue
		}
		st := f.stories[s]
		st.profile = map[string]float64{}
		for _, id := range f.members[s] {
			for _, k := range f.keys[id] {
				st.profile[k.Key] += k.Weight
			}
		}
		n := 0.0
		for _, k := range slices.Sorted(maps.Keys(st.profile)) {
			n += st.profile[k] * st.profile[k]
		}
		st.norm = math.Sqrt(n)
	}
}

func (f *fakeIndex) StoryCandidates(_ context.Context, keys []string, from, to time.Time, limit int) ([]parallax.StoryCandidate, error) {
	if f.err != nil {
		return nil, f.err
	}
	f.windows = append(f.windows, [2]time.Time{from, to})
	seen := map[string]struct{}{}
	var out []parallax.StoryCandidate
	shared := map[string]float64{}
	for _, k := range keys {
		for id := range f.postings[k] {
			if _, ok := seen[id]; ok {
				continue
			}
			seen[id] = struct{}{}
			s := f.stories[id]
			if s == nil || s.updated.Before(from) || s.updated.After(to) {
				continue
			}
			w := map[string]float64{}
			for _, k2 := range keys {
				if v, ok := s.profile[k2]; ok {
					w[k2] = v
					shared[id] += v
				}
			}
			out = append(out, parallax.StoryCandidate{ID: id, Storyline: s.storyline, Started: s.started, Updated: s.updated, Norm: s.norm, Weights: w})
		}
	}
	slices.SortFunc(out, func(a, b parallax.StoryCandidate) int {
		return cmp.Or(cmp.Compare(shared[b.ID], shared[a.ID]), strings.Compare(a.ID, b.ID))
	})
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func (f *fakeIndex) DocFreq(_ context.Context, keys []string) (map[string]int, int, error) {
	if f.err != nil {
		return nil, 0, f.err
	}
	df := make(map[string]int, len(keys))
	for _, k := range keys {
		if n := f.df[k]; n > 0 {
			df[k] = n
		}
	}
	return df, f.total, nil
}

func (f *fakeIndex) CopyCandidates(_ context.Context, bands []uint64, limit int) ([]parallax.CopyCandidate, error) {
	if f.err != nil {
		return nil, f.err
	}
	seen := map[string]struct{}{}
	var out []parallax.CopyCandidate
	for _, b := range bands {
		for _, id := range f.bandIdx[b] {
			if _, ok := seen[id]; ok || len(out) >= limit {
				continue
			}
			seen[id] = struct{}{}
			out = append(out, f.arts[id])
		}
	}
	return out, nil
}

// put stores a placed record the way the store's Tx.Put does.
func (f *fakeIndex) put(rec *parallax.Record) {
	p := rec.Placement
	t := rec.Article.Published
	if t.IsZero() {
		t = rec.Article.Fetched
	}
	s := f.stories[p.Story]
	if s == nil {
		s = &fakeStory{id: p.Story, storyline: p.Storyline, profile: map[string]float64{}}
		f.stories[p.Story] = s
	}
	if t.After(s.updated) {
		s.updated = t
	}
	if s.started.IsZero() || t.Before(s.started) {
		s.started = t
	}
	for _, k := range p.Keys {
		s.profile[k.Key] += k.Weight
		f.df[k.Key]++
		if f.postings[k.Key] == nil {
			f.postings[k.Key] = map[string]struct{}{}
		}
		f.postings[k.Key][p.Story] = struct{}{}
	}
	// Sum in key order: map order would make the norm's last bit, and so
	// the placements, differ between runs.
	n := 0.0
	for _, k := range slices.Sorted(maps.Keys(s.profile)) {
		n += s.profile[k] * s.profile[k]
	}
	s.norm = math.Sqrt(n)
	f.total++
	id := rec.Article.ID
	f.arts[id] = parallax.CopyCandidate{
		ID: id, Story: p.Story, Published: rec.Article.Published, Fetched: rec.Article.Fetched,
		DuplicateOf: p.DuplicateOf, MinHash: rec.Analysis.MinHash,
	}
	for _, b := range p.Bands {
		f.bandIdx[b] = append(f.bandIdx[b], id)
	}
	f.members[p.Story] = append(f.members[p.Story], id)
	f.keys[id] = p.Keys
}

// doc is an invented article for tests: a title, a body whose words become
// the term vector, and entity mentions written by hand.
type doc struct {
	id       string
	at       time.Time
	title    string
	body     string
	mentions []parallax.Mention
	minhash  []uint64 // nil: none
}

func person(name string) parallax.Mention { return parallax.Mention{Kind: parallax.Person, Name: name} }
func org(name string) parallax.Mention {
	return parallax.Mention{Kind: parallax.Organization, Name: name}
}
func place(name string) parallax.Mention { return parallax.Mention{Kind: parallax.Place, Name: name} }

// record builds a Record from an invented doc. Terms are the body's words,
// lower-cased, without a few function words and with a crude plural strip;
// that is all the clusterer needs from analyze/ to be exercised.
func (d doc) record() *parallax.Record {
	counts := map[string]float64{}
	for _, w := range words(d.title + " " + d.body) {
		if len(w) < 3 || stopword(w) {
			continue
		}
		if len(w) > 4 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") {
			w = w[:len(w)-1]
		}
		counts[w]++
	}
	var terms []parallax.Term
	for w, n := range counts {
		terms = append(terms, parallax.Term{Term: w, Weight: n})
	}
	sort.Slice(terms, func(i, j int) bool { return terms[i].Term < terms[j].Term })
	return &parallax.Record{
		Article:  parallax.Article{ID: d.id, Title: d.title, Published: d.at, Fetched: d.at.Add(time.Hour)},
		Document: parallax.Document{Title: d.title, Text: d.body, Published: d.at},
		Analysis: parallax.Analysis{Terms: terms, Mentions: d.mentions, MinHash: d.minhash},
	}
}

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !('a' <= r && r <= 'z') && !('0' <= r && r <= '9')
	})
}

func stopword(w string) bool {
	switch w {
	case "the", "and", "that", "with", "for", "from", "had", "has", "have", "was", "were", "his",
		"her", "its", "this", "not", "but", "are", "said", "they", "their", "been", "will", "would",
		"who", "which", "about", "into", "after", "over", "than", "also", "our", "all", "one":
		return true
	}
	return false
}

// minhash is the real fingerprint of text, as analyze/ computes it.
func minhash(text string) []uint64 { return fingerprint.New().Sign(text) }
