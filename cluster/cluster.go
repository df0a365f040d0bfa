// Package cluster places articles into stories online: each article joins the
// most similar recent story or starts a new one, and near-verbatim copies are
// linked to the earliest article they copy. Regroup then looks again at a
// story as its articles accumulate, and proposes to split it or merge it
// (regroup.go).
//
// It reads stored state only through parallax.ClusterIndex (inverted-index
// look-ups, never scans), so placing an article costs about the same whether
// the store holds a hundred stories or a million. It writes nothing: the
// caller stores the Placement, which carries the article's keys and LSH bands
// so the store can update story profiles, document frequencies and the copy index.
package cluster

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"

	parallax "github.com/parallax-news/parallax"
)

// Defaults for Config fields left zero.
const (
	// DefaultWindow is how far apart in time an article and a story's last
	// update may be: news about one event is mostly written within three days.
	DefaultWindow = 72 * time.Hour
	// DefaultThreshold is the minimum score to join a story. The score is
	// 0.6·(entity overlap) + 0.4·(term overlap), both cosines of tf·idf
	// vectors. Invented reports of one event scored 0.33–0.66; the four 2016
	// seed articles, with only a crude capitalised-word tagger, 0.18–0.25;
	// unrelated stories sharing one famous name up to 0.16, and those are
	// also stopped by the one-name rule in bestStory. 0.15 leans towards
	// joining because the one-name rule guards the other side.
	DefaultThreshold = 0.15
	// DefaultCopyThreshold is the MinHash Jaccard estimate from which an
	// article is a near-verbatim copy: wire copies with a changed headline or
	// footer stay above it, rewrites fall well below.
	DefaultCopyThreshold = 0.9
	// DefaultStorylineWindow is how far apart in time two events of one
	// storyline may be: a developing topic runs for months (the reference
	// story from November to March).
	DefaultStorylineWindow = 180 * 24 * time.Hour
	// DefaultStorylineThreshold is the minimum score, without time decay,
	// for a new event to join the storyline of an earlier one.
	DefaultStorylineThreshold = 0.10
)

// Tuning constants. They are not in Config because they shape the key space
// shared with the store: changing them changes what stored profiles mean.
const (
	maxTermKeys   = 40 // terms kept per article, by weight
	maxEntityKeys = 25 // entity keys kept per article, by weight
	maxNumberKeys = 10 // numbers kept per article, by weight
	queryKeys     = 30 // heaviest keys sent to StoryCandidates
	maxCandidates = 50 // stories scored per article
	maxCopies     = 20 // copy candidates checked per article
	// Shares of the vector's squared norm given to each block of keys. Two
	// events of one kind (two earthquakes, two shootings) share their words
	// and often a name or a place; what tells them apart is mostly their own
	// names and their figures: magnitudes, tolls, ages, scores, sums, dates.
	// Numbers get a block of their own so that a few matching (or differing)
	// figures count as much as the forty words around them. On ECB+ (two
	// events per topic) the number block took event-level BCubed F1 from
	// 0.849 to 0.854 at the same threshold (eval/clustering/README.md).
	entityShare = 0.5
	termShare   = 0.3
	numberShare = 0.2
	titleBoost  = 1.5 // terms in the title say what the article is about
	// decayFree and decayScale shape decay: no loss within a day and a
	// half of an event's first article, then a factor e per decayScale.
	decayFree  = 36 * time.Hour
	decayScale = 36 * time.Hour
	// lshBands: 16 bands of 8 rows over a 128-hash signature. Signatures
	// with Jaccard s share a band with probability 1-(1-s^8)^16: ≈ 1 at
	// 0.9, ≈ 0.06 at 0.5, so true copies are found and few others checked.
	lshBands     = 16
	termPrefix   = "t:"
	entityPrefix = "e:"
	numberPrefix = "n:"
)

// Version is the revision of the clustering keys an article contributes
// (entities, terms, numbers, their shares). Analyses record it, so that
// 'parallax reanalyze' recomputes the keys of articles placed by older rules.
// 2: numbers in the text became keys of their own.
// 3: names folded across scripts and case endings (names.go), numbers read
// by their language's separators, dates in the text as keys (figures.go).
const Version = "3"

// Config configures a Clusterer. Zero fields take the defaults above.
type Config struct {
	// Window: stories updated within ±Window of the article time are candidates.
	Window time.Duration
	// Threshold is the minimum similarity (cosine of the article vector to
	// the story profile) to join a story; DefaultThreshold when zero.
	Threshold float64
	// CopyThreshold is the MinHash Jaccard estimate at or above which an
	// article is a near-verbatim copy; DefaultCopyThreshold when zero.
	CopyThreshold float64
	// StorylineWindow and StorylineThreshold are Window and Threshold for
	// linking a new event into an earlier event's storyline.
	StorylineWindow    time.Duration
	StorylineThreshold float64
	// Now is the clock, used when an article has neither a published nor a
	// fetched time; time.Now when nil.
	Now func() time.Time
}

// Clusterer places articles into stories. It holds only its configuration,
// so one Clusterer is safe for concurrent use; the index passed to Place is
// not required to be.
type Clusterer struct {
	window             time.Duration
	threshold          float64
	copyThreshold      float64
	storylineWindow    time.Duration
	storylineThreshold float64
	now                func() time.Time
}

// New returns a Clusterer with cfg's zero fields set to their defaults.
func New(cfg Config) *Clusterer {
	c := &Clusterer{
		window:        cfg.Window,
		threshold:     cfg.Threshold,
		copyThreshold: cfg.CopyThreshold,
		now:           cfg.Now,

		storylineWindow:    cfg.StorylineWindow,
		storylineThreshold: cfg.StorylineThreshold,
	}
	if c.storylineWindow <= 0 {
		c.storylineWindow = DefaultStorylineWindow
	}
	if c.storylineThreshold <= 0 {
		c.storylineThreshold = DefaultStorylineThreshold
	}
	if c.window <= 0 {
		c.window = DefaultWindow
	}
	if c.threshold <= 0 {
		c.threshold = DefaultThreshold
	}
	if c.copyThreshold <= 0 {
		c.copyThreshold = DefaultCopyThreshold
	}
	if c.now == nil {
		c.now = time.Now
	}
	return c
}

// Place decides where rec goes and fills rec.Placement: the story it joins or
// starts, whether it is a copy and of which article, the score that decided
// it, and the keys and bands the store must index. It only reads through idx
// (the store's write transaction, which sees earlier articles of the same
// batch). Errors come from idx or ctx; rec.Placement is left unchanged then.
func (c *Clusterer) Place(ctx context.Context, idx parallax.ClusterIndex, rec *parallax.Record) error {
	keys, bands, err := c.Features(ctx, idx, rec)
	if err != nil {
		return err
	}
	p := parallax.Placement{Keys: keys, Bands: bands}

	// A copy follows its source whatever its keys say: a reworded headline or
	// a masthead must not split a wire story from its reprints.
	if dup, err := c.findCopy(ctx, idx, rec, p.Bands); err != nil {
		return err
	} else if dup != nil {
		p.Story, p.DuplicateOf, p.Score = dup.story, dup.root, dup.jaccard
		rec.Placement = p
		return nil
	}

	t := articleTime(rec, c.now)
	best, err := c.bestStory(ctx, idx, t, keys, t.Add(-c.window), t.Add(c.window), true, "")
	if err != nil {
		return err
	}
	if best.id != "" && best.score >= c.threshold {
		p.Story, p.Score = best.id, best.score
		rec.Placement = p
		return nil
	}
	p.Story, p.NewStory = StoryID(rec.Article.ID), true
	// A new event joins the storyline of the most similar story of the
	// storyline window, scored without the time decay: a follow-up three
	// days or three months later is another event of the same topic.
	line, err := c.bestStory(ctx, idx, t, keys, t.Add(-c.storylineWindow), t.Add(c.storylineWindow), false, "")
	if err != nil {
		return err
	}
	if line.id != "" && line.score >= c.storylineThreshold && line.storyline != "" {
		p.Storyline = line.storyline
	} else {
		p.Storyline, p.NewStoryline = parallax.OwnStoryline(p.Story), true
	}
	rec.Placement = p
	return nil
}

// decay is the factor an event's score is multiplied by when the article is
// gap away from the event's first article. One happening is reported within
// a day or two; what comes later (a ministry's second statement three days
// on) is mostly a new event of the same storyline, so the factor falls from
// 1 at 36 hours to 1/e at 72 hours. Undated articles (gap 0) are unaffected.
func decay(gap time.Duration) float64 {
	gap = max(gap, -gap)
	if gap <= decayFree {
		return 1
	}
	return math.Exp(-float64(gap-decayFree) / float64(decayScale))
}

// StoryID returns the id of the story first started by article articleID.
// It is derived from the article id so that re-running a batch gives the
// same story ids.
func StoryID(articleID string) string {
	sum := sha256.Sum256([]byte(articleID))
	return "s" + hex.EncodeToString(sum[:6])
}

// articleTime is when the article happened for windowing purposes: the
// publication time if known, else when it was fetched, else now.
func articleTime(rec *parallax.Record, now func() time.Time) time.Time {
	switch {
	case !rec.Article.Published.IsZero():
		return rec.Article.Published
	case !rec.Document.Published.IsZero():
		return rec.Document.Published
	case !rec.Article.Fetched.IsZero():
		return rec.Article.Fetched
	}
	return now()
}

type scored struct {
	id, storyline string
	score         float64
}

// bestStory scores the candidate stories sharing keys with the article and
// returns the best one other than skip that is supported by more than one
// name. Ties go to the most recently updated story, then the smallest id, so
// the choice never depends on map or index order.
//
// A story whose score rests on one name (its term and entity keys counted
// together) is passed over unless the other shared names still bring a
// third of the threshold: one famous name in common is what unrelated
// stories have, and early on, when few articles are stored, idf cannot yet
// tell a famous name from a rare one.
func (c *Clusterer) bestStory(ctx context.Context, idx parallax.ClusterIndex, t time.Time, keys []parallax.Key, from, to time.Time, decays bool, skip string) (scored, error) {
	if len(keys) == 0 {
		return scored{}, nil
	}
	q := queryMix(keys, queryKeys)
	names := make([]string, len(q))
	for i, k := range q {
		names[i] = k.Key
	}
	cands, err := idx.StoryCandidates(ctx, names, from, to, maxCandidates)
	if err != nil {
		return scored{}, fmt.Errorf("cluster: story candidates: %w", err)
	}
	var best scored
	var bestUpdated time.Time
	type share struct {
		name string
		dot  float64
	}
	shares := make([]share, 0, len(q))
	bases := make([]string, len(q))
	for i, k := range q {
		bases[i] = baseName(k.Key)
	}
	for _, cand := range cands {
		if cand.Norm <= 0 || cand.ID == "" || cand.ID == skip || math.IsNaN(cand.Norm) || math.IsInf(cand.Norm, 0) {
			continue
		}
		// Only the queried keys' weights are known, so this is the cosine
		// restricted to the article's heaviest keys: the lighter ones add
		// little and would need a wider look-up.
		shares = shares[:0]
		for qi, k := range q {
			w := cand.Weights[k.Key]
			if w <= 0 || math.IsNaN(w) || math.IsInf(w, 0) {
				continue
			}
			b := bases[qi]
			i := slices.IndexFunc(shares, func(s share) bool { return s.name == b })
			if i < 0 {
				shares = append(shares, share{name: b})
				i = len(shares) - 1
			}
			shares[i].dot += k.Weight * w
		}
		dot, top := 0.0, 0.0
		for _, s := range shares {
			dot += s.dot
			top = max(top, s.dot)
		}
		s := dot / cand.Norm
		if (dot-top)/cand.Norm < c.threshold/3 {
			continue
		}
		if decays && !cand.Started.IsZero() && !t.IsZero() {
			s *= decay(t.Sub(cand.Started))
		}
		better := s > best.score ||
			(s == best.score && (cand.Updated.After(bestUpdated) ||
				(cand.Updated.Equal(bestUpdated) && cand.ID < best.id)))
		if best.id == "" || better {
			best, bestUpdated = scored{cand.ID, cand.Storyline, s}, cand.Updated
		}
	}
	return best, nil
}

// keys builds the article's L2-normalised feature vector: tf·idf weighted
// terms (extra weight for title words) and tf·idf weighted entity keys, the
// entities holding entityShare of the whole. Keys come back heaviest first,
// ties by name.
func (c *Clusterer) keys(ctx context.Context, idx parallax.ClusterIndex, rec *parallax.Record) ([]parallax.Key, error) {
	raw := map[string]float64{} // key → boosted log-tf, before idf
	title := titleWords(rec)
	for _, t := range rec.Analysis.Terms {
		term := strings.TrimSpace(t.Term)
		if term == "" || t.Weight <= 0 || math.IsNaN(t.Weight) || math.IsInf(t.Weight, 0) {
			continue
		}
		w := 1 + math.Log(math.Max(t.Weight, 1))
		if inTitle(term, title) {
			w *= titleBoost
		}
		raw[termPrefix+term] += w
	}
	for k, n := range entityKeys(rec) {
		raw[k] += 1 + math.Log(float64(n))
	}
	lang := rec.Analysis.Language
	for k, n := range numberKeys(rec.Document.Text, lang) {
		raw[k] += 1 + math.Log(float64(n))
	}
	for k, n := range dateKeys(rec.Document.Text, articleTime(rec, c.now)) {
		raw[k] += 1 + math.Log(float64(n))
	}

	if len(raw) == 0 {
		return nil, nil
	}

	names := make([]string, 0, len(raw))
	for k := range raw {
		names = append(names, k)
	}
	slices.Sort(names)
	df, total, err := idx.DocFreq(ctx, names)
	if err != nil {
		return nil, fmt.Errorf("cluster: document frequencies: %w", err)
	}
	if total < 0 {
		total = 0
	}
	var terms, ents, nums []parallax.Key
	for _, k := range names {
		d := max(df[k], 0)
		idf := math.Log(float64(total+1)/float64(d+1)) + 1
		key := parallax.Key{Key: k, Weight: raw[k] * math.Max(idf, 0.01)}
		switch {
		case strings.HasPrefix(k, entityPrefix):
			ents = append(ents, key)
		case strings.HasPrefix(k, numberPrefix), strings.HasPrefix(k, datePrefix):
			nums = append(nums, key)
		default:
			terms = append(terms, key)
		}
	}
	byWeight := func(a, b parallax.Key) int {
		return cmp.Or(cmp.Compare(b.Weight, a.Weight), strings.Compare(a.Key, b.Key))
	}
	slices.SortFunc(terms, byWeight)
	slices.SortFunc(ents, byWeight)
	if len(terms) > maxTermKeys {
		terms = terms[:maxTermKeys]
	}
	if len(ents) > maxEntityKeys {
		ents = ents[:maxEntityKeys]
	}
	// idf is what keeps the numbers every text has ("1", "2", a year) light.
	slices.SortFunc(nums, byWeight)
	if len(nums) > maxNumberKeys {
		nums = nums[:maxNumberKeys]
	}
	// Each block is normalised on its own and then given a fixed share of
	// the vector, so that cosine = entityShare·(entity overlap) +
	// termShare·(term overlap) + numberShare·(number overlap) whatever the
	// size of each block: forty terms must not drown five shared names. A
	// block the article lacks gives its share to the others in proportion,
	// so the vector keeps unit norm.
	es, ts, ns := entityShare, termShare, numberShare
	if len(ents) == 0 {
		es = 0
	}
	if len(terms) == 0 {
		ts = 0
	}
	if len(nums) == 0 {
		ns = 0
	}
	if sum := es + ts + ns; sum > 0 {
		es, ts, ns = es/sum, ts/sum, ns/sum
	}
	scale(ents, math.Sqrt(es))
	scale(terms, math.Sqrt(ts))
	scale(nums, math.Sqrt(ns))
	out := append(append(ents, terms...), nums...)
	if len(out) == 0 {
		return nil, nil
	}
	slices.SortFunc(out, byWeight)
	return out, nil
}

// titleWords returns the lower-cased words of the article's title.
func titleWords(rec *parallax.Record) []string {
	title := rec.Document.Title
	if title == "" {
		title = rec.Article.Title
	}
	return strings.FieldsFunc(strings.ToLower(title), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// inTitle reports whether stemmed term matches a title word. Terms are stems
// and the title is not, so a word matches when it starts with the stem and
// adds at most a short ending ("contact" ~ "contacts", "russia" ~ "russian").
func inTitle(term string, title []string) bool {
	for _, w := range title {
		if w == term || (len(term) >= 3 && strings.HasPrefix(w, term) && len(w)-len(term) <= 3) {
			return true
		}
	}
	return false
}

// scale sets keys to unit Euclidean norm times f; all-zero keys stay zero.
func scale(keys []parallax.Key, f float64) {
	n := 0.0
	for _, k := range keys {
		n += k.Weight * k.Weight
	}
	if n == 0 {
		return
	}
	f /= math.Sqrt(n)
	for i := range keys {
		keys[i].Weight *= f
	}
}

// baseName strips the key's kind prefix, so that "t:trump" and "e:trump" are
// one piece of evidence. A term is spelt as a name key would spell it
// ("t:keller" is "keler", as "e:keler" is), since entity keys are folded.
func baseName(key string) string {
	kind, name, ok := strings.Cut(key, ":")
	if !ok {
		return key
	}
	if kind+":" == termPrefix {
		return foldName(name)
	}
	return name
}

// queryMix picks the n keys to look stories up by: the heaviest entities and
// the heaviest terms in equal parts, the rest of the n from whichever block
// has more. Taking the n heaviest overall would send entities only (each
// weighs more than any term), and a story is found by its words as well as
// its names. keys must be sorted heaviest first; so is the result.
func queryMix(keys []parallax.Key, n int) []parallax.Key {
	if len(keys) <= n {
		return keys
	}
	var ents, terms []parallax.Key
	for _, k := range keys {
		if strings.HasPrefix(k.Key, entityPrefix) {
			ents = append(ents, k)
		} else {
			terms = append(terms, k)
		}
	}
	ne := min(len(ents), max(n/2, n-len(terms)))
	nt := min(len(terms), n-ne)
	out := append(ents[:ne:ne], terms[:nt]...)
	slices.SortFunc(out, func(a, b parallax.Key) int {
		return cmp.Or(cmp.Compare(b.Weight, a.Weight), strings.Compare(a.Key, b.Key))
	})
	return out
}
