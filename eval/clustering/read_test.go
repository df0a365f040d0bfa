package clustering

import (
	"bytes"
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// ecbXML builds an invented CROMER document: sentences of tokens, with a
// relation block after them as the real files have.
func ecbXML(sentences ...[]string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<Document doc_name="x" doc_id="DOC1">` + "\n")
	id := 1
	for s, toks := range sentences {
		for n, tok := range toks {
			b.WriteString(`<token t_id="` + itoa(id) + `" sentence="` + itoa(s) + `" number="` + itoa(n) + `">` + tok + "</token>\n")
			id++
		}
	}
	b.WriteString("<Markables>\n<ACTION_OCCURRENCE m_id=\"1\"><token_anchor t_id=\"2\"/></ACTION_OCCURRENCE>\n</Markables>\n")
	b.WriteString("<Relations>\n<CROSS_DOC_COREF r_id=\"9\" note=\"ACT1\"><source m_id=\"1\"/><target m_id=\"2\"/></CROSS_DOC_COREF>\n</Relations>\n</Document>\n")
	return b.String()
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestParseECB(t *testing.T) {
	x := ecbXML(
		[]string{"Glassblowers", "strike", "in", "Vetrolia"},
		[]string{"The", "union", "(", "GWU", ")", "said", "``", "enough", "''", ",", "and", "Mara", "Osk", "'s", "team", "did", "n't", "object", "."},
		[]string{"Profits", "fell", "12", "%", "&amp;", "more", "..."},
	)
	d, err := ParseECB(strings.NewReader(x), "ECB+/7/7_3ecbplus.xml")
	if err != nil {
		t.Fatal(err)
	}
	want := "Glassblowers strike in Vetrolia\n" +
		"The union (GWU) said “enough”, and Mara Osk's team didn't object.\n" +
		"Profits fell 12% & more..."
	if got := string(d.Article.Body); got != want {
		t.Errorf("text\n%q\nwant\n%q", got, want)
	}
	if d.Gold != "7ecbplus" || d.Topic != "7" || d.Article.ID != "7_3ecbplus" || d.Article.Language != "en" || !d.Article.Published.IsZero() {
		t.Errorf("doc %+v", d)
	}
	if _, err := ParseECB(strings.NewReader(x), "7_3.xml"); err == nil {
		t.Error("a name without ecb/ecbplus was accepted")
	}
	if _, err := ParseECB(strings.NewReader("<Document></Document>"), "7_3ecb.xml"); err == nil {
		t.Error("a document without tokens was accepted")
	}
	if _, err := ParseECB(strings.NewReader("<Document><token sentence=\"0\">a"), "7_3ecb.xml"); err == nil {
		t.Error("truncated XML was accepted")
	}
}

func TestReadECB(t *testing.T) {
	doc := ecbXML([]string{"Kiln", "fire", "in", "Vetrolia", "."})
	fsys := fstest.MapFS{
		"ECB+/10/10_2ecb.xml":     {Data: []byte(doc)},
		"ECB+/10/10_1ecbplus.xml": {Data: []byte(doc)},
		"ECB+/2/2_11ecb.xml":      {Data: []byte(doc)},
		"ECB+/2/2_9ecb.xml":       {Data: []byte(doc)},
		"ECB+/2/2_9ecbplus.xml":   {Data: []byte(doc)},
		"ECB+/2/notes.txt":        {Data: []byte("not a document")},
		"README.md":               {Data: []byte("# corpus")},
	}
	docs, err := ReadECB(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var ids, gold []string
	for _, d := range docs {
		ids, gold = append(ids, d.Article.ID), append(gold, d.Gold)
	}
	// Numeric order of topic and document, not the file system's.
	if want := []string{"2_9ecb", "2_9ecbplus", "2_11ecb", "10_1ecbplus", "10_2ecb"}; !slices.Equal(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
	if want := []string{"2ecb", "2ecbplus", "2ecb", "10ecbplus", "10ecb"}; !slices.Equal(gold, want) {
		t.Errorf("gold %v, want %v", gold, want)
	}

	if _, err := ReadECB(fstest.MapFS{"a.txt": {Data: []byte("x")}}); err == nil {
		t.Error("a folder without ECB+ files gave no error")
	}
	fsys["other/2/2_9ecb.xml"] = &fstest.MapFile{Data: []byte(doc)}
	if _, err := ReadECB(fsys); err == nil || !strings.Contains(err.Error(), "second copy") {
		t.Errorf("a document twice: %v", err)
	}
	delete(fsys, "other/2/2_9ecb.xml")
	fsys["ECB+/3/3_1ecb.xml"] = &fstest.MapFile{Data: []byte("<Document><token>")}
	if _, err := ReadECB(fsys); err == nil || !strings.Contains(err.Error(), "3_1ecb.xml") {
		t.Errorf("a broken file: %v", err)
	}
}

func TestReadJSONL(t *testing.T) {
	in := `{"id":"b","text":"Second report on the kiln fire.","published":"2031-05-02T10:00:00Z","story_id":"kiln"}
{"id":"a","text":"First report on the kiln fire.","published":"2031-05-01","story_id":"kiln","outlet":"Vetrolia Post"}
{"id":"c","text":"No date on this one.","story_id":7}
{"id":"d","text":"No gold story here."}
not json
{"id":"e","text":"The strike goes on.","published":"2031-05-02T10:00:00Z","story_id":"strike"}
`
	docs, skipped, err := ReadJSONL(context.Background(), strings.NewReader(in), "gold.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var ids, gold []string
	for _, d := range docs {
		ids, gold = append(ids, d.Article.ID), append(gold, d.Gold)
	}
	// Publication order; b and e tie and keep the file's order; c, undated, last.
	if want := []string{"a", "b", "e", "c"}; !slices.Equal(ids, want) {
		t.Errorf("ids %v, want %v", ids, want)
	}
	if want := []string{"kiln", "kiln", "strike", "7"}; !slices.Equal(gold, want) {
		t.Errorf("gold %v, want %v", gold, want)
	}
	if docs[0].Article.Outlet != "vetrolia post" || string(docs[0].Article.Body) != "First report on the kiln fire." ||
		!docs[0].Article.Published.Equal(time.Date(2031, 5, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("first article %+v", docs[0].Article)
	}
	if len(skipped) != 2 || !strings.Contains(skipped[0].Error(), "gold.jsonl:4") || !strings.Contains(skipped[0].Error(), "story_id") ||
		!strings.Contains(skipped[1].Error(), "gold.jsonl:5") {
		t.Errorf("skipped %v", skipped)
	}
	if _, _, err := ReadJSONL(context.Background(), strings.NewReader(`{"text":"no gold"}`), "x.jsonl"); err == nil {
		t.Error("a file without story_id gave no error")
	}
}

func TestReadUCI(t *testing.T) {
	in := "ID,TITLE,URL,PUBLISHER,CATEGORY,STORY,HOSTNAME,TIMESTAMP\n" +
		`1,"Kiln fire closes Vetrolia glassworks, owners say",http://www.vpost.example/a,Vetrolia Post,b,S1,www.vpost.example,1900000000500` + "\n" +
		`2,Glassworks fire: owners count the cost,http://glass.example/b,Glass Daily,b,S1,glass.example,1900000000100` + "\n" +
		`3,Union calls strike at Vetrolia docks,http://vpost.example/c,Vetrolia Post,b,S2,vpost.example,not-a-time` + "\n" +
		`4,Dock strike enters second day,http://vpost.example/d,Vetrolia Post,b,,vpost.example,1900000000900` + "\n" +
		`5,Dock strike ends,http://vpost.example/e,Vetrolia Post,b,S2,vpost.example,1900000000900` + "\n" +
		`6,Dockworkers return,http://www.vpost.example/tr`
	docs, skipped, err := ReadUCI(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, d := range docs {
		ids = append(ids, d.Article.ID)
	}
	if want := []string{"2", "1", "5"}; !slices.Equal(ids, want) {
		t.Errorf("ids %v, want %v (timestamp order)", ids, want)
	}
	d := docs[1]
	if string(d.Article.Body) != "Kiln fire closes Vetrolia glassworks, owners say" || d.Article.Title != "" || d.Gold != "S1" ||
		d.Article.Outlet != "vpost.example" || d.Article.URL != "http://www.vpost.example/a" ||
		!d.Article.Published.Equal(time.UnixMilli(1900000000500)) {
		t.Errorf("row 1 %+v", d)
	}
	// Rows 3 (timestamp), 4 (no story) and the truncated 6.
	if len(skipped) != 3 || !strings.Contains(skipped[2].Error(), "line 7") {
		t.Errorf("skipped %v", skipped)
	}
	if _, _, err := ReadUCI(strings.NewReader("ID,TITLE,STORY\n1,a,b\n")); err == nil || !strings.Contains(err.Error(), "TIMESTAMP") {
		t.Errorf("no TIMESTAMP column: %v", err)
	}
	// A quoted field cut off at the end of the file is skipped too.
	_, skipped, err = ReadUCI(strings.NewReader("TITLE,STORY,TIMESTAMP\na,S,1\n\"b cut"))
	if err != nil || len(skipped) != 1 {
		t.Errorf("cut quoted field: %v %v", skipped, err)
	}
}

func TestShuffle(t *testing.T) {
	mk := func() []Doc {
		docs := make([]Doc, 8)
		for i := range docs {
			docs[i].Gold = string(rune('a' + i))
		}
		return docs
	}
	order := func(docs []Doc) string {
		var b bytes.Buffer
		for _, d := range docs {
			b.WriteString(d.Gold)
		}
		return b.String()
	}
	a, b, c := mk(), mk(), mk()
	Shuffle(a, 1)
	Shuffle(b, 1)
	Shuffle(c, 2)
	if order(a) != order(b) {
		t.Errorf("seed 1 gave %s and %s", order(a), order(b))
	}
	if order(a) == order(c) || order(a) == "abcdefgh" {
		t.Errorf("seeds 1 and 2 gave %s and %s", order(a), order(c))
	}
	got := []rune(order(a))
	slices.Sort(got)
	if string(got) != "abcdefgh" {
		t.Errorf("not a permutation: %s", order(a))
	}
	// Pinned: the ECB+ figures in README.md were measured with these orders.
	if order(a) != pinnedSeed1 {
		t.Errorf("seed 1 now gives %s, was %s: the published figures are no longer reproducible", order(a), pinnedSeed1)
	}
}

const pinnedSeed1 = "gcehfbad"
