package wordclass

import (
	"bytes"
	"compress/gzip"
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

// corpus is an invented text in which "said" and "stated" share every
// context, as do "minister" and "spokesman", and the two pairs share none.
func corpus() [][]string {
	var out [][]string
	for _, s := range []string{
		"the minister said that the plan would work .",
		"the spokesman stated that the plan would fail .",
		"the minister stated that the deal would work .",
		"the spokesman said that the deal would fail .",
		"a minister said on Monday that taxes would rise .",
		"a spokesman stated on Monday that taxes would fall .",
		"the spokesman said that the talks would resume .",
		"the minister stated that the talks would stall .",
	} {
		for range 3 {
			out = append(out, strings.Fields(s))
		}
	}
	return out
}

func TestTrainGroupsSharedContexts(t *testing.T) {
	c, err := Train(context.Background(), corpus(), TrainOptions{Coarse: 4, Fine: 6, MinCount: 2})
	if err != nil {
		t.Fatal(err)
	}
	get := func(w string) Entry {
		e, ok := c.Lookup(Hash(w))
		if !ok {
			t.Fatalf("%q has no class", w)
		}
		return e
	}
	said, stated, minister, spokesman := get("said"), get("Stated"), get("minister"), get("spokesman")
	if said.Fine != stated.Fine || said.Coarse != stated.Coarse {
		t.Errorf("said %+v and stated %+v differ", said, stated)
	}
	if minister.Fine != spokesman.Fine {
		t.Errorf("minister %+v and spokesman %+v differ", minister, spokesman)
	}
	if said.Fine == minister.Fine {
		t.Errorf("said and minister share fine class %d", said.Fine)
	}
	if _, ok := c.Lookup(Hash("Monday")); !ok {
		t.Error("Monday (6 occurrences) has no class")
	}
	if _, ok := c.Lookup(Hash("nowhere")); ok {
		t.Error("a word absent from the text has a class")
	}
	coarse, fine := c.Sizes()
	for _, e := range c.Entries() {
		if int(e.Coarse) >= coarse || int(e.Fine) >= fine {
			t.Errorf("class out of range: %+v", e)
		}
	}
	// Deterministic: the same text gives the same file.
	again, err := Train(context.Background(), corpus(), TrainOptions{Coarse: 4, Fine: 6, MinCount: 2})
	if err != nil {
		t.Fatal(err)
	}
	a, _ := c.Encode()
	b, _ := again.Encode()
	if !bytes.Equal(a, b) {
		t.Error("two trainings on the same text differ")
	}
}

func TestTrainRefusesNoWords(t *testing.T) {
	if _, err := Train(context.Background(), [][]string{{"once"}}, TrainOptions{}); err == nil {
		t.Error("no word occurs three times, yet Train succeeded")
	}
}

func TestHash(t *testing.T) {
	for _, same := range [][]string{
		{"Said", "said", "SAID"},
		{"don’t", "don't", "DON‘T"},
		{"1,200", "7", "3rd", "0"},
		{"Élysée", "élysée"},
		{"—", "–", "-"},
	} {
		for _, w := range same[1:] {
			if Hash(w) != Hash(same[0]) {
				t.Errorf("Hash(%q) != Hash(%q)", w, same[0])
			}
		}
	}
	if Hash("said") == Hash("says") || Hash("a1") == Hash("0") {
		t.Error("distinct words hash alike")
	}
}

func TestRoundTrip(t *testing.T) {
	c, err := Train(context.Background(), corpus(), TrainOptions{Coarse: 3, Fine: 5, MinCount: 2})
	if err != nil {
		t.Fatal(err)
	}
	file, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	got, err := Read(fstest.MapFS{"x/c.classes": {Data: file}}, "x/c.classes")
	if err != nil {
		t.Fatal(err)
	}
	if gc, gf := got.Sizes(); gc != 3 || gf != 5 {
		t.Errorf("sizes %d, %d; want 3, 5", gc, gf)
	}
	if len(got.Entries()) != len(c.Entries()) || len(got.Entries()) == 0 {
		t.Fatalf("%d entries read, %d written", len(got.Entries()), len(c.Entries()))
	}
	for i, e := range c.Entries() {
		if got.Entries()[i] != e {
			t.Errorf("entry %d: %+v, want %+v", i, got.Entries()[i], e)
		}
	}
	if got.Fingerprint() != c.Fingerprint() {
		t.Error("fingerprint changed in the round trip")
	}
	other, _ := Train(context.Background(), corpus(), TrainOptions{Coarse: 2, Fine: 5, MinCount: 2})
	if other.Fingerprint() == c.Fingerprint() {
		t.Error("other classes have the same fingerprint")
	}
	if _, err := Read(fstest.MapFS{}, "missing"); err == nil {
		t.Error("a missing file read")
	}
}

func TestParseRejects(t *testing.T) {
	gz := func(raw []byte) []byte {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write(raw)
		w.Close()
		return b.Bytes()
	}
	good := encodeRaw(2, 3, []Entry{{Hash: 5, Coarse: 1, Fine: 2}, {Hash: 9, Coarse: 0, Fine: 0}})
	if _, err := Parse(gz(good)); err != nil {
		t.Fatalf("valid file: %v", err)
	}
	for name, raw := range map[string][]byte{
		"magic":          append([]byte("PXCLASZ"), good[7:]...),
		"truncated":      good[:len(good)-1],
		"trailing":       append(append([]byte{}, good...), 0),
		"class range":    encodeRaw(2, 3, []Entry{{Hash: 5, Coarse: 2, Fine: 0}}),
		"repeated hash":  encodeRaw(2, 3, []Entry{{Hash: 5}, {Hash: 5}}),
		"no classes":     encodeRaw(0, 3, nil),
		"too many words": append([]byte(magic+"\x01\x02\x03"), 0xff, 0xff, 0x03, 5, 1, 1),
	} {
		if _, err := Parse(gz(raw)); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
	if _, err := Parse([]byte("not gzip")); err == nil {
		t.Error("not gzip: parsed")
	}
}

func TestDefault(t *testing.T) {
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Entries()) < 10000 {
		t.Errorf("%d words", len(c.Entries()))
	}
	// Words that report speech share a coarse class in news text.
	said, _ := c.Lookup(Hash("said"))
	for _, w := range []string{"told", "stated", "warned", "argued"} {
		if e, ok := c.Lookup(Hash(w)); !ok || e.Coarse != said.Coarse {
			t.Errorf("%s: %+v, %v; said is in coarse class %d", w, e, ok, said.Coarse)
		}
	}
}

// FuzzRead checks that Parse never panics and that what it accepts
// encodes to a file it reads back the same.
func FuzzRead(f *testing.F) {
	c, err := Train(context.Background(), corpus(), TrainOptions{Coarse: 3, Fine: 5, MinCount: 2})
	if err != nil {
		f.Fatal(err)
	}
	file, _ := c.Encode()
	f.Add(file)
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Parse(b)
		if err != nil {
			return
		}
		file, err := c.Encode()
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse(file)
		if err != nil {
			t.Fatalf("re-encoded file: %v", err)
		}
		if again.Fingerprint() != c.Fingerprint() || len(again.Entries()) != len(c.Entries()) {
			t.Error("round trip changed the classes")
		}
	})
}
