package stance

import (
	"testing"

	"github.com/parallax-news/parallax/internal/shared"
)

// Two-fold cross-validation figures on the even half of the FNC-1
// competition set, folds by body id, seed 1, as measured when the model was
// last tuned. `parallax eval stance` reports five folds (README.md); two
// keep this test near 15 s on two cores. The floors allow 0.01 below.
const (
	twoFoldFNC      = 0.8590
	twoFoldMacroF1  = 0.7185
	twoFoldDisagree = 0.4613
	twoFoldBaseline = 0.7641 // the baseline's FNC score in the same folds
)

func TestCrossValidateFloors(t *testing.T) {
	dir := shared.Path(t, "data", "fnc1")
	pairs, unlabelled, probs, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) > 0 {
		t.Errorf("the FNC-1 files have malformed rows: %v", probs)
	}
	cv, err := CrossValidate(pairs, unlabelled, 2, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	m, b := cv.Model, cv.Baseline
	t.Logf("model: FNC %.4f, accuracy %.4f, macro-F1 %.4f, disagree F1 %.4f; baseline: FNC %.4f, macro-F1 %.4f",
		m.FNCScore, m.Accuracy, m.MacroF1, m.PerClass["disagree"].F1, b.FNCScore, b.MacroF1)
	if m.Pairs != len(pairs) {
		t.Errorf("scored %d pairs of %d", m.Pairs, len(pairs))
	}
	for _, f := range []struct {
		name       string
		got, floor float64
	}{
		{"FNC score", m.FNCScore, twoFoldFNC - 0.01},
		{"macro-F1", m.MacroF1, twoFoldMacroF1 - 0.01},
		{"disagree F1", m.PerClass["disagree"].F1, twoFoldDisagree - 0.01},
		{"baseline FNC score", b.FNCScore, twoFoldBaseline - 0.01},
	} {
		if f.got < f.floor {
			t.Errorf("%s %.4f fell below the floor %.4f", f.name, f.got, f.floor)
		}
	}
	if m.FNCScore <= b.FNCScore || m.MacroF1 <= b.MacroF1 {
		t.Errorf("the model (FNC %.4f, macro-F1 %.4f) does not beat the baseline (%.4f, %.4f)", m.FNCScore, m.MacroF1, b.FNCScore, b.MacroF1)
	}
}
