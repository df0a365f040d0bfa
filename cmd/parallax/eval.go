package main

import (
	"context"
	"fmt"
	"sort"
)

// evalTask is one `parallax eval` task: it scores a stage on labelled data.
type evalTask struct {
	about string
	run   func(ctx context.Context, m *Main) error
}

// evalTasks lists the evaluation tasks. Each analysis stage registers its
// task here when it gains labelled data to be scored on.
var evalTasks = map[string]evalTask{}

func runEval(ctx context.Context, m *Main) error {
	if len(m.Config.Args) == 0 {
		names := make([]string, 0, len(evalTasks))
		for n := range evalTasks {
			names = append(names, n)
		}
		sort.Strings(names)
		if m.Config.JSON {
			list := make([]map[string]string, 0, len(names))
			for _, n := range names {
				list = append(list, map[string]string{"task": n, "about": evalTasks[n].about})
			}
			return writeJSON(m.Stdout, list)
		}
		if len(names) == 0 {
			fmt.Fprintln(m.Stdout, "No evaluation tasks yet. Each analysis stage adds its own (ner, quotes, cluster, extract, …).")
			return nil
		}
		fmt.Fprintln(m.Stdout, "Evaluation tasks:")
		for _, n := range names {
			fmt.Fprintf(m.Stdout, "  %-12s %s\n", n, evalTasks[n].about)
		}
		return nil
	}
	t, ok := evalTasks[m.Config.Args[0]]
	if !ok {
		return usagef("unknown evaluation task %q; run 'parallax eval' for the list", m.Config.Args[0])
	}
	return t.run(ctx, m)
}
