package main

import (
	"context"
	"fmt"
	"sort"
)

// trainTask is one `parallax train` model: it reads labelled data from
// Config.Data and writes the model file to Config.Output (a path inside the
// repository, embedded at the next build).
type trainTask struct {
	about  string
	output string // default model path, relative to the repository root
	run    func(ctx context.Context, m *Main) error
}

// trainTasks lists the trainable models; each registers itself from its own
// file (train_<model>.go).
var trainTasks = map[string]trainTask{}

func runTrain(ctx context.Context, m *Main) error {
	if len(m.Config.Args) == 0 {
		names := make([]string, 0, len(trainTasks))
		for n := range trainTasks {
			names = append(names, n)
		}
		sort.Strings(names)
		if len(names) == 0 {
			fmt.Fprintln(m.Stdout, "No trainable models yet.")
			return nil
		}
		fmt.Fprintln(m.Stdout, "Models:")
		for _, n := range names {
			fmt.Fprintf(m.Stdout, "  %-12s %s (writes %s)\n", n, trainTasks[n].about, trainTasks[n].output)
		}
		return nil
	}
	t, ok := trainTasks[m.Config.Args[0]]
	if !ok {
		return usagef("unknown model %q; run 'parallax train' for the list", m.Config.Args[0])
	}
	if m.Config.Data == "" {
		return usagef("train %s: --data is required", m.Config.Args[0])
	}
	if m.Config.Output == "" {
		m.Config.Output = t.output
	}
	return t.run(ctx, m)
}
