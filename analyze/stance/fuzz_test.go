package stance

import (
	"encoding/csv"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// FuzzReadStances checks that the reader never panics, that every problem
// has a line, and that the rows it accepts survive being written back as CSV
// and read again.
func FuzzReadStances(f *testing.F) {
	f.Add("\uFEFFHeadline,Body ID,Stance\r\n\"Mayor, 54, resigns\",12,Agree\r\nPier,3,unrelated\r\n")
	f.Add("Headline,Body ID,Stance\nA,1,agree\nB,x,agree\nC,2,maybe\nD,3\n,4,agree\n")
	f.Add("Stance,Headline,Body ID\ndiscuss,\"multi\nline\",7\n")
	f.Add("Headline,Body ID,Stance\n\"B,2,agree\n")
	f.Fuzz(func(t *testing.T, in string) {
		rows, probs, err := ReadStances(strings.NewReader(in))
		for _, p := range probs {
			if p.Line < 1 {
				t.Fatalf("problem without a line: %+v", p)
			}
		}
		if err != nil {
			return
		}
		var b strings.Builder
		w := csv.NewWriter(&b)
		w.Write([]string{"Headline", "Body ID", "Stance"})
		for _, r := range rows {
			w.Write([]string{r.Headline, strconv.Itoa(r.BodyID), r.Stance})
		}
		w.Flush()
		again, probs, err := ReadStances(strings.NewReader(b.String()))
		if err != nil || len(probs) > 0 {
			t.Fatalf("written back, the rows do not read: %v %v\n%q", err, probs, b.String())
		}
		for i := range again {
			again[i].Line = rows[i].Line
		}
		// csv.Writer writes \r\n inside fields as is; the reader reads \r\n as \n.
		for i := range rows {
			rows[i].Headline = strings.ReplaceAll(rows[i].Headline, "\r\n", "\n")
			again[i].Headline = strings.ReplaceAll(again[i].Headline, "\r\n", "\n")
		}
		if len(rows) != len(again) || (len(rows) > 0 && !reflect.DeepEqual(rows, again)) {
			t.Fatalf("round trip changed the rows:\n%+v\n%+v", rows, again)
		}
	})
}

// FuzzReadBodies checks that the bodies reader never panics and reports
// problems with lines.
func FuzzReadBodies(f *testing.F) {
	f.Add("Body ID,articleBody\n1,\"First line.\n\nSecond, with \"\"quotes\"\".\"\n2,Plain\n1,again\n")
	f.Add("articleBody,Body ID\n\"x\",-1\n")
	f.Fuzz(func(t *testing.T, in string) {
		bodies, probs, err := ReadBodies(strings.NewReader(in))
		for _, p := range probs {
			if p.Line < 1 {
				t.Fatalf("problem without a line: %+v", p)
			}
		}
		if err == nil && bodies == nil {
			t.Fatal("no error and no map")
		}
	})
}

// FuzzPredict checks that any claim and text get a label and probabilities
// that sum to one.
func FuzzPredict(f *testing.F) {
	f.Add(claim, "The claim is false.")
	f.Add("", "?")
	f.Add("n't n't ?", "U.S. 4.31% 1,000. not? no!")
	m, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, c, x string) {
		label, probs := m.Predict(c, x)
		if labelIndex(label) < 0 {
			t.Fatalf("label %q", label)
		}
		checkProbs(t, probs)
	})
}
