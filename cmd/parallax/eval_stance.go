package main

import (
	"context"
	"time"

	"github.com/parallax-news/parallax/analyze/stance"
)

// Cross-validation settings of `parallax eval stance`: fixed, so that every
// run reports the same folds.
const (
	stanceFolds = 5
	stanceSeed  = 1
)

func init() {
	evalTasks["stance"] = evalTask{
		about: "stance of a text towards a claim on an FNC-1 folder (--data DIR): FNC score, accuracy, macro-F1, 5-fold CV by body",
		run:   evalStance,
	}
}

// stanceReport is what `parallax eval stance` prints. The top-level figures
// are the cross-validated ones; the embedded model's are not held out.
type stanceReport struct {
	Data    string           `json:"data"`
	Pairs   int              `json:"pairs"`
	Skipped []stance.Problem `json:"skipped_rows"`
	stance.Scores
	CV       stanceCV      `json:"cross_validation"`
	Baseline stance.Scores `json:"baseline"`
	// ByStory is the same cross-validation with folds by story (bodies
	// joined through related headlines): claims and bodies of unseen stories,
	// as a new claim in the app is. Stricter than the folds by body.
	ByStory stance.Scores `json:"cross_validation_by_story"`
	// Embedded is the shipped model, trained on every pair, scored on the
	// same pairs: an upper bound, not a held-out figure.
	Embedded stance.Scores `json:"embedded_model_not_held_out"`
}

type stanceCV struct {
	Folds     int     `json:"folds"`
	Seed      uint64  `json:"seed"`
	GroupedBy string  `json:"grouped_by"`
	Seconds   float64 `json:"seconds"` // both cross-validations
}

func evalStance(ctx context.Context, m *Main) error {
	if m.Config.Data == "" {
		return usagef("eval stance: --data DIR is required (an FNC-1 folder, e.g. ../shared/data/fnc1)")
	}
	pairs, unlabelled, skipped, err := readFNC(m)
	if err != nil {
		return err
	}
	model, err := stance.New()
	if err != nil {
		return err
	}
	start := time.Now()
	cv, err := stance.CrossValidate(pairs, unlabelled, stanceFolds, 0, stanceSeed)
	if err != nil {
		return err
	}
	byStory, err := stance.CrossValidate(stance.StoryGroups(pairs), unlabelled, stanceFolds, 0, stanceSeed)
	if err != nil {
		return err
	}
	rep := stanceReport{
		Data: m.Config.Data, Pairs: len(pairs), Skipped: skipped, Scores: cv.Model,
		CV:       stanceCV{Folds: cv.Folds, Seed: cv.Seed, GroupedBy: "body id", Seconds: time.Since(start).Round(time.Millisecond).Seconds()},
		Baseline: cv.Baseline,
		ByStory:  byStory.Model,
		Embedded: stance.Evaluate(model, pairs),
	}
	if rep.Skipped == nil {
		rep.Skipped = []stance.Problem{}
	}
	return writeJSON(m.Stdout, rep)
}
