// Package paraphrase decides whether two sentences say the same thing: the
// same quotation verbatim, trimmed, or translated in other words. It scores a
// pair with a logistic regression over cheap lexical features (stem, content
// word, n-gram and character overlap, common subsequence, numbers, names,
// containment, negation), trained by `parallax train paraphrase` on the
// Microsoft Research Paraphrase Corpus and embedded as model.json.
package paraphrase

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"math"
	"slices"
	"sync"
)

//go:embed model.json
var embedded embed.FS

// ModelFile is the name of the model inside the package's embedded files.
const ModelFile = "model.json"

// Model is a trained pair classifier. It is read-only after Load and safe for
// concurrent use.
type Model struct {
	Features  []string  `json:"features"` // feature names, in the order the weights use
	Mean      []float64 `json:"mean"`     // per-feature mean on the training data
	Scale     []float64 `json:"scale"`    // per-feature standard deviation (1 where constant)
	Weights   []float64 `json:"weights"`  // logistic weights of the standardised features
	IDF       IDF       `json:"idf"`
	Bias      float64   `json:"bias"`
	Threshold float64   `json:"threshold"` // Same holds when Score ≥ Threshold
	// Train and Dev record how the model scored when it was written: on its
	// training data and on the data its threshold was tuned on.
	Train Metrics `json:"train"`
	Dev   Metrics `json:"dev"`
}

// Load reads a model from name in fsys and checks that it was trained with
// the features this code computes.
func Load(fsys fs.FS, name string) (*Model, error) {
	raw, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("paraphrase: reading model: %w", err)
	}
	var m Model
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("paraphrase: decoding model %s: %w", name, err)
	}
	if !slices.Equal(m.Features, featureNames[:]) {
		return nil, fmt.Errorf("paraphrase: model %s was trained with features %v, this code computes %v; retrain it", name, m.Features, featureNames)
	}
	if len(m.Mean) != nFeatures || len(m.Scale) != nFeatures || len(m.Weights) != nFeatures {
		return nil, fmt.Errorf("paraphrase: model %s: want %d means, scales and weights", name, nFeatures)
	}
	if !(m.IDF.Rest > 0) {
		return nil, fmt.Errorf("paraphrase: model %s: idf rest weight %v is not positive", name, m.IDF.Rest)
	}
	for _, s := range m.Scale {
		if !(s > 0) {
			return nil, fmt.Errorf("paraphrase: model %s: feature scale %v is not positive", name, s)
		}
	}
	return &m, nil
}

// defaultModel loads the embedded model once. A model that fails to load is
// a build defect (the package tests load it), not an input error.
var defaultModel = sync.OnceValue(func() *Model {
	m, err := Load(embedded, ModelFile)
	if err != nil {
		panic(err)
	}
	return m
})

// Default returns the embedded model.
func Default() *Model { return defaultModel() }

// Score returns the embedded model's probability that a and b say the same thing.
func Score(a, b string) float64 { return Default().Score(a, b) }

// Same reports whether the embedded model judges that a and b say the same thing.
func Same(a, b string) bool { return Default().Same(a, b) }

// Score returns the probability that a and b say the same thing.
func (m *Model) Score(a, b string) float64 { return m.ScoreParsed(Parse(a), Parse(b)) }

// Same reports whether a and b say the same thing: Score at or above the threshold.
func (m *Model) Same(a, b string) bool { return m.Score(a, b) >= m.Threshold }

// SameParsed is Same for prepared sentences.
func (m *Model) SameParsed(a, b *Sentence) bool { return m.ScoreParsed(a, b) >= m.Threshold }

// ScoreParsed is Score for prepared sentences. A sentence without words says
// nothing, so it is the same as nothing: the score is 0.
func (m *Model) ScoreParsed(a, b *Sentence) float64 {
	if a.Len() == 0 || b.Len() == 0 {
		return 0
	}
	var x [nFeatures]float64
	features(&m.IDF, a, b, &x)
	return m.prob(&x)
}

// prob applies the logistic model to a raw feature vector.
func (m *Model) prob(x *[nFeatures]float64) float64 {
	z := m.Bias
	for i, v := range x {
		z += m.Weights[i] * (v - m.Mean[i]) / m.Scale[i]
	}
	return 1 / (1 + math.Exp(-z))
}
