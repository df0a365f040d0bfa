package timeml

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// doc is an invented TimeML file: a DCT outside TEXT, EVENT and SIGNAL
// tags to drop, an entity, and a multi-byte character before a timex.
const doc = `<?xml version="1.0" ?>
<TimeML>
<DOCID>INVENTED-1</DOCID>
<DCT><TIMEX3 tid="t0" type="TIME" value="2016-11-10T14:30" temporalFunction="false" functionInDocument="CREATION_TIME">2016-11-10 14:30</TIMEX3></DCT>
<TEXT>
Zürich &amp; Co. <EVENT eid="e1" class="OCCURRENCE">said</EVENT> <TIMEX3 tid="t1" type="DATE" value="2016-11-09" functionInDocument="NONE">yesterday</TIMEX3> that sales <SIGNAL sid="s1">for</SIGNAL> <TIMEX3 tid="t2" type="DURATION" value="P3W">three weeks</TIMEX3> fell.
</TEXT>
<MAKEINSTANCE eventID="e1" eiid="ei1" tense="PAST"/>
</TimeML>
`

func TestParse(t *testing.T) {
	d, err := Parse(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	if d.DCTValue != "2016-11-10T14:30" || !d.DCT.Equal(time.Date(2016, 11, 10, 14, 30, 0, 0, time.UTC)) {
		t.Errorf("DCT %q %v", d.DCTValue, d.DCT)
	}
	if !strings.HasPrefix(d.Text, "\nZürich & Co. said yesterday that") || strings.Contains(d.Text, "<") {
		t.Errorf("text %q", d.Text)
	}
	if len(d.Timexes) != 2 {
		t.Fatalf("timexes %+v", d.Timexes)
	}
	want := []struct{ text, id, typ, val string }{{"yesterday", "t1", "DATE", "2016-11-09"}, {"three weeks", "t2", "DURATION", "P3W"}}
	for i, w := range want {
		x := d.Timexes[i]
		if got := d.Text[x.Start:x.End]; got != w.text || x.ID != w.id || x.Type != w.typ || x.Value != w.val {
			t.Errorf("timex %d: %q %+v, want %+v", i, got, x, w)
		}
	}
}

func TestReadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"a/TimeBank/one.tml": {Data: []byte(doc)},
		"b/AQUAINT/two.tml":  {Data: []byte(doc)},
		"b/notes.txt":        {Data: []byte("not TimeML")},
	}
	docs, err := ReadFS(fsys)
	if err != nil || len(docs) != 2 || docs[0].Name != "a/TimeBank/one.tml" {
		t.Fatalf("%v %d", err, len(docs))
	}
	if _, err := ReadFS(fstest.MapFS{"x.tml": {Data: []byte("<TimeML></TimeML>")}}); err == nil {
		t.Error("a file without TEXT read without error")
	}
}

// TestScore checks each count on a small case: one exact match, one
// overlap with the wrong value, one miss, one false alarm.
func TestScore(t *testing.T) {
	gold := []Timex{
		{Start: 0, End: 6, Type: "DATE", Value: "2016-11-11"},
		{Start: 10, End: 25, Type: "DATE", Value: "2016-11"},
		{Start: 40, End: 45, Type: "DURATION", Value: "P1D"},
	}
	pred := []Timex{
		{Start: 0, End: 6, Type: "DATE", Value: "2016-11-11"},
		{Start: 15, End: 25, Type: "DATE", Value: "2016-10"},
		{Start: 30, End: 35, Type: "SET", Value: "P1W"},
	}
	c := Score(gold, pred)
	if c.Gold != 3 || c.Predicted != 3 || c.Strict != 1 || c.Relaxed != 2 || c.Type != 2 || c.Value != 1 {
		t.Fatalf("counts %+v", c)
	}
	r := c.Report()
	if r.RelaxedF1 != 2.0/3 || r.ValueAccuracy != 0.5 || r.ValueF1 != r.RelaxedF1*0.5 || r.StrictF1 != 1.0/3 {
		t.Errorf("report %+v", r)
	}
	// One predicted span over two gold ones pairs with one of them only.
	if m := Align(gold[:2], []Timex{{Start: 0, End: 30}}); m[0] < 0 == (m[1] < 0) {
		t.Errorf("align %v", m)
	}
}

func FuzzParse(f *testing.F) {
	f.Add(doc)
	f.Add(`<TimeML><TEXT><TIMEX3 tid="t1"><TIMEX3 tid="t2">a</TIMEX3></TIMEX3></TEXT></TimeML>`)
	f.Add(`<TEXT>&bogus; <TIMEX3 functionInDocument="CREATION_TIME" value="x">y</TIMEX3></TEXT>`)
	f.Fuzz(func(t *testing.T, s string) {
		d, err := Parse(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, x := range d.Timexes {
			if x.Start < 0 || x.End < x.Start || x.End > len(d.Text) {
				t.Fatalf("span %+v outside a text of %d bytes", x, len(d.Text))
			}
		}
	})
}
