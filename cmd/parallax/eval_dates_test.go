package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestEvalDates runs `parallax eval dates` on an invented TimeML file in a
// nested folder (as TempEval-3 nests TimeBank and AQUAINT) and checks the
// report, then the baseline task on the same file.
func TestEvalDates(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "Training", "TimeBank")
	if err := os.MkdirAll(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	const tml = `<?xml version="1.0" ?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2016-11-10" functionInDocument="CREATION_TIME">November 10, 2016</TIMEX3></DCT>
<TEXT>
The harbour board <EVENT eid="e1">met</EVENT> <TIMEX3 tid="t1" type="DATE" value="2016-11-09">yesterday</TIMEX3> and will vote <TIMEX3 tid="t2" type="DATE" value="2016-11-11">Friday</TIMEX3> on a plan first drafted in <TIMEX3 tid="t3" type="DATE" value="2014">2014</TIMEX3>.
</TEXT>
</TimeML>
`
	if err := os.WriteFile(filepath.Join(sub, "harbour.tml"), []byte(tml), 0o644); err != nil {
		t.Fatal(err)
	}
	r := cli(t, nil, "", "eval", "dates", "--data", dir)
	if r.code != 0 {
		t.Fatalf("code %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	got := decode[map[string]float64](t, r.stdout)
	if got["documents"] != 1 || got["gold"] != 3 || got["predicted"] != 3 || got["strict_f1"] != 1 || got["value_f1"] != 1 || got["type_accuracy"] != 1 {
		t.Errorf("report %v", got)
	}
	r = cli(t, nil, "", "eval", "dates-baseline", "--data", dir)
	if r.code != 0 {
		t.Fatalf("baseline: code %d\nstderr %s", r.code, r.stderr)
	}
	// The baseline finds the year only.
	if got := decode[map[string]float64](t, r.stdout); got["predicted"] != 1 || got["value_matches"] != 1 {
		t.Errorf("baseline report %v", got)
	}
	if r := cli(t, nil, "", "eval", "dates"); r.code != 2 {
		t.Errorf("no --data: code %d, want 2", r.code)
	}
}

// TestEvalDatesTempEval3 is the accuracy floor of the time-expression
// tagger on the TempEval-3 training data (TimeBank and AQUAINT): the
// figures of eval/timeml/README.md less 0.01.
func TestEvalDatesTempEval3(t *testing.T) {
	dir := filepath.Join(sharedDir(t), "data", "tempeval3")
	r := cli(t, nil, "", "eval", "dates", "--data", dir)
	if r.code != 0 {
		t.Fatalf("code %d\nstderr %s", r.code, r.stderr)
	}
	got := decode[map[string]float64](t, r.stdout)
	t.Logf("TempEval-3 training: %v", got)
	floors := map[string]float64{"value_f1": 0.772, "relaxed_f1": 0.912, "strict_f1": 0.838, "type_accuracy": 0.952}
	for k, floor := range floors {
		if got[k] < floor {
			t.Errorf("%s = %.4f, below its floor %.3f", k, got[k], floor)
		}
	}
	if got["documents"] != 257 || got["gold"] != 1855 {
		t.Errorf("read %v documents and %v gold timexes, want 257 and 1855", got["documents"], got["gold"])
	}
}
