package stance

import (
	"math"
	"math/rand/v2"
)

// linear is a multinomial logistic regression (softmax) over standardised
// dense features and, optionally, hashed binary features.
type linear struct {
	classes int
	dense   int
	hashed  bool      // reads the hashed features
	mean    []float64 // per dense feature
	scale   []float64 // per dense feature, 1 where constant
	bias    []float64 // per class
	w       []float64 // w[j*classes+k]: feature j (dense, then hash buckets), class k
}

func (m *linear) width() int {
	if m.hashed {
		return m.dense + 1<<hashBits
	}
	return m.dense
}

// probs returns the class probabilities of f into p.
func (m *linear) probs(f *pairFeatures, p []float64) {
	k := m.classes
	copy(p, m.bias)
	for j := 0; j < m.dense; j++ {
		v := (f.dense[j] - m.mean[j]) / m.scale[j]
		for c := range k {
			p[c] += m.w[j*k+c] * v
		}
	}
	if m.hashed && len(f.hashed) > 0 {
		v := 1 / math.Sqrt(float64(len(f.hashed)))
		for _, h := range f.hashed {
			j := m.dense + int(h)
			for c := range k {
				p[c] += m.w[j*k+c] * v
			}
		}
	}
	softmax(p)
}

func softmax(p []float64) {
	mx := math.Inf(-1)
	for _, v := range p {
		mx = max(mx, v)
	}
	var s float64
	for i, v := range p {
		p[i] = math.Exp(v - mx)
		s += p[i]
	}
	for i := range p {
		p[i] /= s
	}
}

// fitConfig sets the optimiser: Adagrad steps over the examples in a shuffled
// order fixed by the seed, so the same data give the same model.
type fitConfig struct {
	epochs int
	rate   float64 // Adagrad learning rate
	l2     float64 // penalty per update on the weights an example touches
	seed   uint64
}

// fitLinear trains a softmax model. classWeight scales each class's loss: the
// rare classes (disagree is 3% of the pairs) would otherwise be drowned out,
// and macro-F1 values them as much as the common ones.
func fitLinear(xs []pairFeatures, ys []int, classes int, classWeight []float64, hashed bool, cfg fitConfig) *linear {
	dense := len(xs[0].dense)
	m := &linear{classes: classes, dense: dense, hashed: hashed}
	m.mean, m.scale = standardise(xs, dense)
	m.bias = make([]float64, classes)
	m.w = make([]float64, m.width()*classes)
	g2 := make([]float64, len(m.w))
	gb := make([]float64, classes)
	order := make([]int, len(xs))
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(cfg.seed, 0x5741_4e43_45))
	p := make([]float64, classes)
	z := make([]float64, dense)
	const eps = 1e-8
	step := func(j int, g []float64, v float64) {
		for c := range classes {
			i := j*classes + c
			gr := g[c]*v + cfg.l2*m.w[i]
			g2[i] += gr * gr
			m.w[i] -= cfg.rate * gr / (math.Sqrt(g2[i]) + eps)
		}
	}
	g := make([]float64, classes)
	for range cfg.epochs {
		rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
		for _, i := range order {
			f := &xs[i]
			m.probs(f, p)
			wt := classWeight[ys[i]]
			for c := range classes {
				g[c] = p[c] * wt
			}
			g[ys[i]] -= wt
			for c := range classes {
				gb[c] += g[c] * g[c]
				m.bias[c] -= cfg.rate * g[c] / (math.Sqrt(gb[c]) + eps)
			}
			for j := range dense {
				z[j] = (f.dense[j] - m.mean[j]) / m.scale[j]
				step(j, g, z[j])
			}
			if hashed && len(f.hashed) > 0 {
				v := 1 / math.Sqrt(float64(len(f.hashed)))
				for _, h := range f.hashed {
					step(dense+int(h), g, v)
				}
			}
		}
	}
	return m
}

// standardise returns each dense feature's mean and standard deviation (1
// for a constant feature, so scaling never divides by zero).
func standardise(xs []pairFeatures, d int) (mean, scale []float64) {
	mean, scale = make([]float64, d), make([]float64, d)
	n := float64(len(xs))
	for _, x := range xs {
		for j := range d {
			mean[j] += x.dense[j] / n
		}
	}
	for _, x := range xs {
		for j := range d {
			scale[j] += (x.dense[j] - mean[j]) * (x.dense[j] - mean[j]) / n
		}
	}
	for j := range scale {
		scale[j] = math.Sqrt(scale[j])
		if scale[j] < 1e-9 {
			scale[j] = 1
		}
	}
	return mean, scale
}
