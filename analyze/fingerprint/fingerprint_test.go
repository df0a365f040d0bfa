package fingerprint

import (
	"strings"
	"testing"
)

func TestSignBandsJaccard(t *testing.T) {
	h := New()
	a := "The river flooded the lower town overnight and hundreds of families left their homes before dawn on Sunday."
	b := strings.Replace(a, "Sunday", "Monday", 1)
	c := "A completely different text about a football match that ended in a draw after extra time in the rain."
	sa, sb, sc := h.Sign(a), h.Sign(b), h.Sign(c)
	if len(sa) != Size || h.Sign("one two three four") != nil {
		t.Fatalf("signature sizes wrong")
	}
	if got := New().Sign(a); Jaccard(sa, got) != 1 {
		t.Error("signatures are not deterministic")
	}
	if h.Sign(strings.ToUpper(a)+"!!") == nil || Jaccard(sa, h.Sign(strings.ToUpper(a))) != 1 {
		t.Error("case should not change the signature")
	}
	if j := Jaccard(sa, sb); j < 0.6 || j >= 1 {
		t.Errorf("near copy Jaccard %.2f", j)
	}
	if j := Jaccard(sa, sc); j > 0.1 {
		t.Errorf("unrelated Jaccard %.2f", j)
	}
	ba, bb, bc := Bands(sa, 16), Bands(sb, 16), Bands(sc, 16)
	if len(ba) != 16 {
		t.Fatalf("%d bands", len(ba))
	}
	shared := func(x, y []uint64) int {
		n := 0
		for i := range x {
			if x[i] == y[i] {
				n++
			}
		}
		return n
	}
	if shared(ba, bb) == 0 || shared(ba, bc) != 0 {
		t.Errorf("bands shared: copy %d, unrelated %d", shared(ba, bb), shared(ba, bc))
	}
	if Bands(nil, 16) != nil || Bands(sa, 0) != nil || Jaccard(nil, nil) != 0 || Jaccard(sa, sa[:64]) != 0 {
		t.Error("degenerate inputs")
	}
}
