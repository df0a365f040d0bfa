package main

import (
	"context"
	"fmt"

	"github.com/parallax-news/parallax/analyze/ner"
)

func init() {
	evalTasks["ner"] = evalTask{
		about: "named-entity tagger, entity-level precision/recall/F1 as conlleval scores them: --data FILE (CoNLL-2003) [--lowercase]",
		run:   evalNER,
	}
}

// evalNER tags a CoNLL-2003 file with the embedded model, documents whole,
// and prints one JSON object of scores, overall and per entity type.
func evalNER(ctx context.Context, m *Main) error {
	if m.Config.Data == "" {
		return usagef("eval ner: --data FILE is required (CoNLL-2003 columns, e.g. eng.testa)")
	}
	docs, err := readCoNLL(m.Config.Data)
	if err != nil {
		return err
	}
	model, err := ner.Default()
	if err != nil {
		return fmt.Errorf("loading the tagger: %w", err)
	}
	s, err := ner.Evaluate(model, docs, m.Config.Lowercase)
	if err != nil {
		return err
	}
	return writeJSON(m.Stdout, struct {
		ner.Scores
		Model     string `json:"model"`
		Lowercase bool   `json:"lowercase"`
	}{s, model.Version(), m.Config.Lowercase})
}
