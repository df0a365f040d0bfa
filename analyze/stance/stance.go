// Package stance tells how a text stands towards a claim: it agrees, it
// disagrees (says the claim is false), it discusses it without taking a side,
// or it is about something else. It is a two-stage linear model of our own,
// trained by `parallax train stance` on FNC-1 headline–body pairs and
// embedded as model.json.gz: first related or unrelated, from word overlap
// (tf-idf cosine, n-gram and name overlap); then, for related pairs, the
// stance, from refuting, hedging and confirming cues in the body and near the
// claim's words, and hashed words of the sentences that speak of the claim.
package stance

import (
	"bytes"
	"compress/gzip"
	"embed"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"sync"
)

//go:embed model.json.gz
var embedded embed.FS

// ModelFile is the name of the model inside the package's embedded files.
const ModelFile = "model.json.gz"

// stanceLabels are the stage-two classes, as indexes into Labels.
var stanceLabels = [3]int{1, 2, 3}

// Model is a trained stance classifier. It is read-only once loaded and safe
// for concurrent use.
type Model struct {
	idf     IDF
	rel     *linear    // classes: unrelated, related
	st      *linear    // classes: discuss, agree, disagree
	offsets [3]float64 // added to the stances' log-probabilities; zero as trained, room to bias by hand
	// Info records how the model was trained and how it scored then.
	Info Info
}

// Info describes a trained model.
type Info struct {
	Pairs    int    `json:"pairs"`    // labelled pairs it was trained on
	Bodies   int    `json:"bodies"`   // bodies its idf was learned from
	Training Scores `json:"training"` // its scores on its own training pairs: not held out
}

var (
	defaultModel struct {
		once sync.Once
		m    *Model
		err  error
	}
)

// New returns the embedded model, loaded once.
func New() (*Model, error) {
	defaultModel.once.Do(func() { defaultModel.m, defaultModel.err = Load(embedded, ModelFile) })
	return defaultModel.m, defaultModel.err
}

// Predict returns the stance of text towards claim — "unrelated",
// "discuss", "agree" or "disagree" — and each label's probability. The
// label is decided in two stages, as the model was trained: unrelated when
// the probability of unrelated is at least one half, else the most probable
// stance; so it is not always the label with the highest probability.
func (m *Model) Predict(claim, text string) (label string, probs map[string]float64) {
	p, l := m.predict(parse(claim, nil), prepareBody(parse(text, nil), &m.idf))
	probs = make(map[string]float64, len(Labels))
	for i, name := range Labels {
		probs[name] = p[i]
	}
	return Labels[l], probs
}

// predict returns the four probabilities in Labels order and the label.
func (m *Model) predict(h *doc, b *body) ([4]float64, int) {
	f := features(h, b, &m.idf, true)
	return m.decide(&f)
}

func (m *Model) decide(f *pairFeatures) ([4]float64, int) {
	var pr [2]float64
	var ps [3]float64
	m.rel.probs(f, pr[:])
	m.st.probs(f, ps[:])
	out := [4]float64{pr[0], pr[1] * ps[0], pr[1] * ps[1], pr[1] * ps[2]}
	if pr[0] >= 0.5 {
		return out, unrelated
	}
	best := 0
	for c := range ps {
		if math.Log(ps[c])+m.offsets[c] > math.Log(ps[best])+m.offsets[best] {
			best = c
		}
	}
	return out, stanceLabels[best]
}

// modelFile is the stored form of a Model.
type modelFile struct {
	Relatedness []string   `json:"relatedness_features"`
	Stance      []string   `json:"stance_features"`
	HashBits    int        `json:"hash_bits"`
	IDF         IDF        `json:"idf"`
	Rel         linearFile `json:"relatedness"`
	St          linearFile `json:"stance"`
	Offsets     [3]float64 `json:"stance_offsets"`
	Info        Info       `json:"info"`
}

type linearFile struct {
	Classes int       `json:"classes"`
	Mean    []float64 `json:"mean"`
	Scale   []float64 `json:"scale"`
	Bias    []float64 `json:"bias"`
	Dense   []float64 `json:"dense_weights"` // feature-major: feature j, class k at j*classes+k
	// Hashed weights, sparse: the buckets with a non-zero weight for any
	// class, as gaps from the previous one, and their weights in thousandths.
	Gaps   []int `json:"hashed_gaps,omitempty"`
	Milli  []int `json:"hashed_milli,omitempty"`
	Hashed bool  `json:"hashed"`
}

// quantum is the step hashed weights are rounded to after training, so the
// model measured is the model stored: thousandths keep the file small and
// move no prediction that matters.
const quantum = 1e-3

func (m *linear) quantise() {
	for j := m.dense * m.classes; j < len(m.w); j++ {
		m.w[j] = math.Round(m.w[j]/quantum) * quantum
	}
}

func (m *linear) file() linearFile {
	f := linearFile{Classes: m.classes, Mean: m.mean, Scale: m.scale, Bias: m.bias, Hashed: m.hashed,
		Dense: m.w[:m.dense*m.classes]}
	if m.hashed {
		last := 0
		for b := range 1 << hashBits {
			row := m.w[(m.dense+b)*m.classes : (m.dense+b+1)*m.classes]
			if !slices.ContainsFunc(row, func(v float64) bool { return v != 0 }) {
				continue
			}
			f.Gaps = append(f.Gaps, b-last)
			last = b
			for _, v := range row {
				f.Milli = append(f.Milli, int(math.Round(v/quantum)))
			}
		}
	}
	return f
}

func (f *linearFile) linear(dense int) (*linear, error) {
	if f.Classes < 2 || len(f.Mean) != dense || len(f.Scale) != dense || len(f.Bias) != f.Classes || len(f.Dense) != dense*f.Classes {
		return nil, fmt.Errorf("want %d dense features and %d classes", dense, f.Classes)
	}
	for _, s := range f.Scale {
		if !(s > 0) {
			return nil, fmt.Errorf("feature scale %v is not positive", s)
		}
	}
	m := &linear{classes: f.Classes, dense: dense, hashed: f.Hashed, mean: f.Mean, scale: f.Scale, bias: f.Bias}
	m.w = make([]float64, m.width()*m.classes)
	copy(m.w, f.Dense)
	if len(f.Milli) != len(f.Gaps)*f.Classes || (!f.Hashed && len(f.Gaps) > 0) {
		return nil, fmt.Errorf("%d hashed buckets with %d weights", len(f.Gaps), len(f.Milli))
	}
	b := 0
	for i, g := range f.Gaps {
		b += g
		if g < 0 || (i > 0 && g == 0) || b >= 1<<hashBits {
			return nil, fmt.Errorf("hashed bucket %d out of order or range", b)
		}
		for c := range f.Classes {
			m.w[(dense+b)*f.Classes+c] = float64(f.Milli[i*f.Classes+c]) * quantum
		}
	}
	return m, nil
}

// Write writes the model as gzipped JSON. The output is deterministic.
func (m *Model) Write(w io.Writer) error {
	mf := modelFile{
		Relatedness: relNames, Stance: stanceNames, HashBits: hashBits, IDF: m.idf,
		Rel: m.rel.file(), St: m.st.file(), Offsets: m.offsets, Info: m.Info,
	}
	var raw bytes.Buffer
	if err := json.NewEncoder(&raw).Encode(&mf); err != nil {
		return fmt.Errorf("stance: encoding model: %w", err)
	}
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(raw.Bytes()); err != nil {
		return fmt.Errorf("stance: writing model: %w", err)
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("stance: writing model: %w", err)
	}
	return nil
}

// Load reads a model from name in fsys and checks that it was trained with
// the features this code computes.
func Load(fsys fs.FS, name string) (*Model, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("stance: reading model: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("stance: reading model %s: %w", name, err)
	}
	var mf modelFile
	if err := json.NewDecoder(zr).Decode(&mf); err != nil {
		return nil, fmt.Errorf("stance: decoding model %s: %w", name, err)
	}
	if !slices.Equal(mf.Relatedness, relNames) || !slices.Equal(mf.Stance, stanceNames) || mf.HashBits != hashBits {
		return nil, fmt.Errorf("stance: model %s was trained with other features than this code computes; retrain it", name)
	}
	if !(mf.IDF.Rest > 0) {
		return nil, fmt.Errorf("stance: model %s: idf rest weight %v is not positive", name, mf.IDF.Rest)
	}
	m := &Model{idf: mf.IDF, offsets: mf.Offsets, Info: mf.Info}
	if m.rel, err = mf.Rel.linear(len(relNames)); err != nil || m.rel.classes != 2 {
		return nil, fmt.Errorf("stance: model %s: relatedness stage: %v", name, err)
	}
	if m.st, err = mf.St.linear(len(relNames) + len(stanceNames)); err != nil || m.st.classes != 3 {
		return nil, fmt.Errorf("stance: model %s: stance stage: %v", name, err)
	}
	return m, nil
}
