package postgres

import (
	"encoding/json"
	"github.com/parallax-news/parallax/internal/storekit"
	"math"
	"time"

	"github.com/parallax-news/parallax"
)

// The helpers in this file encode a record exactly as the sqlite store does
// (keys summed, mentions folded, versions spelt one way), so that both
// stores derive the same indexes from the same records.

// analysisVersion is the version of the JSON shape in analyses.body.
const analysisVersion = 1

// Record is parallax.Record, named here to keep signatures short.
type Record = parallax.Record

// articleValues are a record's column values, computed before any write.
type articleValues struct {
	title, language          string
	published, fetched, time any // nanoseconds or nil
	updated                  any
	keyNames                 []string
	keyWeights               []float64
	bands                    []int64
	minhash                  []byte
	extra                    any
	analysis                 string
	versions                 string // storekit.VersionsKey(Analysis.Versions)
	mentionNorm, mentionKind []string
	mentionLast              []string
}

func newArticleValues(r *Record) (*articleValues, error) {
	a, d := &r.Article, &r.Document
	v := &articleValues{title: d.Title, language: d.Language}
	if v.title == "" {
		v.title = a.Title
	}
	if v.language == "" {
		v.language = r.Analysis.Language
	}
	if v.language == "" {
		v.language = a.Language
	}
	pub := d.Published
	if pub.IsZero() {
		pub = a.Published
	}
	var err error
	if v.published, err = nanos(pub); err != nil {
		return nil, err
	}
	if v.fetched, err = nanos(a.Fetched); err != nil {
		return nil, err
	}
	if v.updated, err = nanos(d.Updated); err != nil {
		return nil, err
	}
	v.time = v.published
	if v.time == nil {
		v.time = v.fetched
	}

	// Keys are summed per key: a key listed twice counts once for the
	// document frequency and with its total weight for the profile.
	index := make(map[string]int, len(r.Placement.Keys))
	v.keyNames, v.keyWeights = []string{}, []float64{}
	for _, k := range r.Placement.Keys {
		if math.IsNaN(k.Weight) || math.IsInf(k.Weight, 0) {
			return nil, parallax.Errorf(parallax.EInvalid, "article %q: key %q has weight %v", a.ID, k.Key, k.Weight)
		}
		i, ok := index[k.Key]
		if !ok {
			i = len(v.keyNames)
			index[k.Key] = i
			v.keyNames = append(v.keyNames, k.Key)
			v.keyWeights = append(v.keyWeights, 0)
		}
		v.keyWeights[i] += k.Weight
	}

	// Band hashes are uint64; PostgreSQL's bigint is int64, so the bit
	// pattern is stored and CopyCandidates converts the same way.
	v.bands = make([]int64, len(r.Placement.Bands))
	for i, h := range r.Placement.Bands {
		v.bands[i] = int64(h)
	}
	v.minhash = storekit.EncodeMinHash(r.Analysis.MinHash)

	if len(a.Extra) > 0 {
		b, err := json.Marshal(a.Extra)
		if err != nil {
			return nil, parallax.Errorf(parallax.EInvalid, "article %q: extra fields: %w", a.ID, err)
		}
		v.extra = string(b)
	}

	an := r.Analysis
	an.MinHash = nil // kept in articles.minhash, where CopyCandidates reads it without decoding JSON
	b, err := json.Marshal(&an)
	if err != nil {
		return nil, err
	}
	v.analysis = string(b)
	v.versions = storekit.VersionsKey(r.Analysis.Versions)

	type mention struct{ norm, kind string }
	seen := map[mention]bool{}
	for _, m := range r.Analysis.Mentions {
		norm := storekit.NormName(m.Name)
		if norm == "" || seen[mention{norm, string(m.Kind)}] {
			continue
		}
		seen[mention{norm, string(m.Kind)}] = true
		v.mentionNorm = append(v.mentionNorm, norm)
		v.mentionKind = append(v.mentionKind, string(m.Kind))
		v.mentionLast = append(v.mentionLast, storekit.LastWord(norm))
	}
	return v, nil
}

// clampNanos returns t in Unix nanoseconds, saturated at the int64 range so
// far-away window bounds still compare correctly.
func clampNanos(t time.Time) int64 {
	switch y := t.Year(); {
	case y < 1678:
		return math.MinInt64
	case y > 2261:
		return math.MaxInt64
	}
	return t.UnixNano()
}
