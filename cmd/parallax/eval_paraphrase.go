package main

import (
	"context"

	"github.com/parallax-news/parallax/analyze/paraphrase"
)

func init() {
	evalTasks["paraphrase"] = evalTask{
		about: "same-statement matcher on one MSRP file (--data FILE): precision, recall, F1, accuracy",
		run:   evalParaphrase,
	}
}

func evalParaphrase(ctx context.Context, m *Main) error {
	if m.Config.Data == "" {
		return usagef("eval paraphrase: --data FILE is required (an MSRP file, e.g. ../shared/data/msrp/msr_paraphrase_dev400.txt)")
	}
	pairs, err := readMSRP(m.Config.Data)
	if err != nil {
		return err
	}
	return writeJSON(m.Stdout, paraphrase.Evaluate(paraphrase.Default(), pairs))
}
