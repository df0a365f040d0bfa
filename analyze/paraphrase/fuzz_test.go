package paraphrase

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// FuzzReadMSRP checks that the reader never panics and that whatever it
// accepts survives being written back and read again unchanged.
func FuzzReadMSRP(f *testing.F) {
	f.Add("\uFEFFQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n1\t11\t12\tThe pier \"reopened\".\tThe pier opened again.\r\n")
	f.Add("1\t1\t2\tThe ferry left late.\tThe ferry was late.0\t3\t4\tThe mayor resigned.\tThe mayor stayed.\n")
	f.Add("0\t1\t2\ta\tb\t\t\t\t\n")
	f.Add("1\t1\t2\ta\tb€\t3\t4\tc\td")
	f.Fuzz(func(t *testing.T, in string) {
		pairs, err := ReadMSRP(strings.NewReader(in))
		if err != nil {
			return
		}
		var b strings.Builder
		for _, p := range pairs {
			fmt.Fprintf(&b, "%d\t%s\t%s\t%s\t%s\n", boolNum(p.Same), p.ID1, p.ID2, p.A, p.B)
		}
		again, err := ReadMSRP(strings.NewReader(b.String()))
		if err != nil {
			t.Fatalf("written back, the pairs do not read: %v\n%q", err, b.String())
		}
		if !reflect.DeepEqual(pairs, again) {
			t.Fatalf("round trip changed the pairs:\n%+v\n%+v", pairs, again)
		}
	})
}

// FuzzScore checks that any two strings score in [0, 1], symmetrically.
func FuzzScore(f *testing.F) {
	f.Add("We don’t know.", "we do n't know")
	f.Add("U.S. 4.31% 1,000", "")
	f.Add("'s n't 're", "cannot'")
	f.Fuzz(func(t *testing.T, a, b string) {
		ab, ba := Score(a, b), Score(b, a)
		if !(ab >= 0 && ab <= 1) || ab != ba {
			t.Fatalf("Score(%q, %q) = %v, reversed %v", a, b, ab, ba)
		}
	})
}
