package main

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"time"

	"github.com/parallax-news/parallax/analyze/timex"
	"github.com/parallax-news/parallax/eval/timeml"
)

func init() {
	evalTasks["dates"] = evalTask{
		about: "time expressions found and normalised, on TempEval-3 TimeML files: --data DIR",
		run:   func(ctx context.Context, m *Main) error { return evalDates(ctx, m, false) },
	}
	evalTasks["dates-baseline"] = evalTask{
		about: "the dates task's baseline (explicit full dates and years only): --data DIR",
		run:   func(ctx context.Context, m *Main) error { return evalDates(ctx, m, true) },
	}
}

// evalDates tags the TEXT of every .tml file under --data with the gold
// creation time as the DCT and prints the TempEval-3 scores (README.md in
// eval/timeml defines them). With baseline it scores the baseline instead:
// explicit full dates and years only, which need no DCT.
func evalDates(ctx context.Context, m *Main, baseline bool) error {
	if m.Config.Data == "" {
		return usagef("eval dates: --data DIR is required (a folder of TimeML .tml files)")
	}
	find := baselineDates
	if !baseline {
		tg, err := timex.New()
		if err != nil {
			return fmt.Errorf("loading the time-expression tagger: %w", err)
		}
		find = func(text string, dct time.Time) []timeml.Timex {
			var out []timeml.Timex
			for _, x := range tg.Find(text, dct) {
				out = append(out, timeml.Timex{Start: x.Start, End: x.End, Type: string(x.Type), Value: x.Value})
			}
			return out
		}
	}
	docs, err := timeml.ReadFS(os.DirFS(m.Config.Data))
	if err != nil {
		return fmt.Errorf("reading %s: %w", m.Config.Data, err)
	}
	var c timeml.Counts
	for _, d := range docs {
		if err := ctx.Err(); err != nil {
			return err
		}
		c.Add(timeml.Score(d.Timexes, find(d.Text, d.DCT)))
	}
	return writeJSON(m.Stdout, c.Report())
}

// baselineRE finds what needs no DCT: "March 13, 2016", "13 March 2016",
// "March 2016" and a four-digit year between 1900 and 2099.
var baselineRE = regexp.MustCompile(`\b(?:(?:(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? (\d{1,2}),? ((?:19|20)\d\d))|(?:(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* ((?:19|20)\d\d))|(?:(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? ((?:19|20)\d\d))|((?:19|20)\d\d))\b`)

var baselineMonths = map[string]int{"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9, "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12}

func baselineDates(text string, _ time.Time) []timeml.Timex {
	var out []timeml.Timex
	for _, g := range baselineRE.FindAllStringSubmatchIndex(text, -1) {
		sub := func(k int) string {
			if g[2*k] < 0 {
				return ""
			}
			return text[g[2*k]:g[2*k+1]]
		}
		var v string
		switch {
		case sub(1) != "":
			d, _ := strconv.Atoi(sub(2))
			v = fmt.Sprintf("%s-%02d-%02d", sub(3), baselineMonths[sub(1)], d)
		case sub(5) != "":
			d, _ := strconv.Atoi(sub(4))
			v = fmt.Sprintf("%s-%02d-%02d", sub(6), baselineMonths[sub(5)], d)
		case sub(7) != "":
			v = fmt.Sprintf("%s-%02d", sub(8), baselineMonths[sub(7)])
		default:
			v = sub(9)
		}
		out = append(out, timeml.Timex{Start: g[0], End: g[1], Type: "DATE", Value: v})
	}
	return out
}
