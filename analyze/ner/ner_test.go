package ner

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/binary"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/parallax-news/parallax/internal/shared"
)

func loadDefault(tb testing.TB) *Model {
	tb.Helper()
	m, err := Default()
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// entities returns "KIND:words" for each entity the model finds in a
// document given as sentences separated by " | ".
func entities(m *Model, doc string) []string {
	var sents [][]string
	for _, s := range strings.Split(doc, " | ") {
		sents = append(sents, strings.Fields(s))
	}
	var out []string
	for i, ls := range m.TagDocument(sents) {
		for _, sp := range Spans(ls) {
			out = append(out, sp.Kind.String()+":"+strings.Join(sents[i][sp.Start:sp.End], " "))
		}
	}
	return out
}

// The sentences below are invented for these tests (the names of real
// people and places in the lower-case ones are the machine-translation case
// the tagger must handle).
func TestInventedSentences(t *testing.T) {
	m := loadDefault(t)
	tests := []struct {
		name, doc string
		want      []string
	}{
		{"person, organisation, place", "Olga Petrenko met officials of Brannock Steel in Vardova .",
			[]string{"PER:Olga Petrenko", "ORG:Brannock Steel", "LOC:Vardova"}},
		{"title is not part of the name", "Prime Minister Tomas Vintner of Estland flew to Geneva on Tuesday for talks with the United Nations .",
			[]string{"PER:Tomas Vintner", "LOC:Estland", "LOC:Geneva", "ORG:United Nations"}},
		{"company and executive", "Halvorsen Marine said on Friday its chief executive Dieter Vollrath would step down after talks in Oslo .",
			[]string{"ORG:Halvorsen Marine", "PER:Dieter Vollrath", "LOC:Oslo"}},
		{"party and agency", "The Kestrel Party won 40 seats in the regional assembly , party leader Anja Sorensen told Reuters .",
			[]string{"ORG:Kestrel Party", "PER:Anja Sorensen", "ORG:Reuters"}},
		{"capitals headline and dateline", "FERRY STRIKE HALTS TRAFFIC IN PORT ELSPETH | PORT ELSPETH 1996-08-30 | A strike by ferry workers halted traffic in Port Elspeth on Friday , the Elspeth Harbour Authority said .",
			[]string{"LOC:PORT ELSPETH", "LOC:PORT ELSPETH", "LOC:Port Elspeth", "ORG:Elspeth Harbour Authority"}},
		{"lower case", "olga petrenko met officials of the european commission in vardova .",
			[]string{"PER:olga petrenko", "ORG:european commission", "LOC:vardova"}},
		// A lone unknown surname in lower case is too little to go on; the
		// place is found, and the document's first sentence names the people.
		{"lower case, one sentence", "officials said trump met putin in moscow",
			[]string{"LOC:moscow"}},
		{"lower case, names known from the document", "donald trump met vladimir putin in moscow on friday . | officials said trump met putin in moscow .",
			[]string{"PER:donald trump", "PER:vladimir putin", "LOC:moscow", "PER:trump", "PER:putin", "LOC:moscow"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := entities(m, tt.doc)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestTagEdgeCases(t *testing.T) {
	m := loadDefault(t)
	if got := m.TagDocument(nil); len(got) != 0 {
		t.Errorf("no sentences: %v", got)
	}
	got := m.TagDocument([][]string{{}, {"Vardova"}, {}})
	if len(got) != 3 || len(got[0]) != 0 || len(got[1]) != 1 || len(got[2]) != 0 {
		t.Errorf("empty sentences: %v", got)
	}
	// Words of any form are tagged, never rejected.
	odd := []string{"", "\xff\xfe", "ÄÖÜ", "12,5%", strings.Repeat("x", 5000), "日本", "-"}
	if got := m.Tag(odd); len(got) != len(odd) {
		t.Errorf("odd words: %v", got)
	}
	long := make([]string, 20000)
	for i := range long {
		long[i] = "Vardova"
	}
	if got := m.Tag(long); len(got) != len(long) {
		t.Errorf("long sentence: %d labels", len(got))
	}
}

func TestTagDeterministicAndConcurrent(t *testing.T) {
	m := loadDefault(t)
	doc := [][]string{
		strings.Fields("Olga Petrenko met officials of Brannock Steel in Vardova ."),
		strings.Fields("Petrenko said Brannock would build a plant near Vardova ."),
	}
	want := m.TagDocument(doc)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				got := m.TagDocument(doc)
				for i := range got {
					for j := range got[i] {
						if got[i][j] != want[i][j] {
							t.Errorf("sentence %d word %d: %v, then %v", i, j, want[i][j], got[i][j])
							return
						}
					}
				}
			}
		}()
	}
	wg.Wait()
}

// TestFeatureBound keeps maxStatic honest: the packed weights of a token's
// features are summed in 21-bit lanes that hold maxFeatures rows at most.
func TestFeatureBound(t *testing.T) {
	m := loadDefault(t)
	var d document
	sents := [][]string{strings.Fields("Vardovaland Steelworks told Brannock Industries in Elspethburg ."), strings.Fields("Vardovaland again .")}
	d.prepare(sents, &m.gaz)
	d.record(d.toks[:len(sents[0])], make([]uint8, len(sents[0])))
	most := 0
	toks := d.toks[len(sents[0]):]
	for i := range toks {
		f := staticFeatures(nil, &d, toks, i, int(d.modes[1]))
		if len(f) > maxStatic {
			t.Fatalf("%d static features, more than maxStatic %d", len(f), maxStatic)
		}
		most = max(most, len(f))
		if h := historyFeatures(nil, &d, toks, i, int(d.modes[1])); len(h) > maxFeatures-maxStatic {
			t.Fatalf("%d history features", len(h))
		}
	}
	if most != maxStatic {
		t.Errorf("at most %d static features, but maxStatic is %d: keep it exact", most, maxStatic)
	}
}

// smallCorpus is an invented training set in CoNLL-2003 columns.
const smallCorpus = `-DOCSTART- O

Olga B-PER
Petrenko I-PER
met O
officials O
of O
Brannock B-ORG
Steel I-ORG
in O
Vardova B-LOC
. O

Petrenko B-PER
said O
the O
Elspeth B-MISC
deal O
was O
done O
. O

-DOCSTART- O

Tomas B-PER
Vintner I-PER
flew O
to O
Estland B-LOC
. O

Vintner B-PER
met O
the O
Kestrel B-ORG
Party I-ORG
. O
`

func TestTrain(t *testing.T) {
	docs, err := ReadCoNLL(strings.NewReader(smallCorpus))
	if err != nil {
		t.Fatal(err)
	}
	opt := TrainOptions{Epochs: 5}
	a, err := Train(context.Background(), docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Train(context.Background(), docs, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatal("two trainings on the same data gave different files")
	}
	m, err := Parse(a)
	if err != nil {
		t.Fatal(err)
	}
	if m.Version() != fileVersion(a) || m.Features() == 0 {
		t.Errorf("version %q, %d features", m.Version(), m.Features())
	}
	s, err := Evaluate(m, docs, false)
	if err != nil {
		t.Fatal(err)
	}
	if s.F1 != 1 || s.Documents != 2 || s.Sentences != 4 || s.Entities != 9 {
		t.Errorf("on its own training data: %+v", s)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Train(ctx, docs, opt); err == nil {
		t.Error("training went on after its context was cancelled")
	}
	if _, err := Train(context.Background(), nil, opt); err == nil {
		t.Error("no error for no training data")
	}
	bad := []Document{{Sentences: []Sentence{{Words: []string{"x"}, Tags: []string{"B-DATE"}}}}}
	if _, err := Train(context.Background(), bad, opt); err == nil {
		t.Error("no error for an unknown entity type")
	}
}

func gzipped(tb testing.TB, raw []byte) []byte {
	tb.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(raw)
	if err := zw.Close(); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

func TestParseRejects(t *testing.T) {
	docs, err := ReadCoNLL(strings.NewReader(smallCorpus))
	if err != nil {
		t.Fatal(err)
	}
	file, err := Train(context.Background(), docs, TrainOptions{Epochs: 1})
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	header := append([]byte(magic), formatVersion)
	tests := []struct {
		name string
		file []byte
		want string
	}{
		{"not gzip", []byte("PXNER"), "not a parallax NER model"},
		{"empty", gzipped(t, nil), "not a parallax NER model"},
		{"other magic", gzipped(t, []byte("NOTNER\x01")), "not a parallax NER model"},
		{"other format", gzipped(t, []byte(magic+"\x07")), "format version 7"},
		{"other features", gzipped(t, binary.AppendUvarint(header, featureSet+1)), "retrain"},
		{"truncated", gzipped(t, raw[:len(raw)/2]), "not a parallax NER model"},
		{"trailing bytes", gzipped(t, append(raw[:len(raw):len(raw)], 0)), "after the gazetteer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Parse(tt.file); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want %q", err, tt.want)
			}
		})
	}
	if _, err := Parse(gzipped(t, raw)); err != nil {
		t.Errorf("the untouched file: %v", err)
	}
}

// conllDir returns ../shared/data/conll2003 beside the repository: the test
// skips when it is absent, except under CI=true, where it must be present.
func conllDir(t *testing.T) string {
	t.Helper()
	return shared.Path(t, "data", "conll2003")
}

// The embedded model scored F1 0.9295 on eng.testa and 0.8958 lower-cased
// (README.md); a change that costs more than a point fails.
const (
	testaFloor      = 0.9295 - 0.01
	testaLowerFloor = 0.8958 - 0.01
)

func TestTestaFloor(t *testing.T) {
	f, err := os.Open(filepath.Join(conllDir(t), "eng.testa"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	docs, err := ReadCoNLL(f)
	if err != nil {
		t.Fatal(err)
	}
	m := loadDefault(t)
	for _, c := range []struct {
		lower bool
		floor float64
	}{{false, testaFloor}, {true, testaLowerFloor}} {
		s, err := Evaluate(m, docs, c.lower)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("lowercase=%v: F1 %.4f (P %.4f, R %.4f) on %d documents, %d entities", c.lower, s.F1, s.Precision, s.Recall, s.Documents, s.Entities)
		if s.F1 < c.floor {
			t.Errorf("lowercase=%v: F1 %.4f below the floor %.4f", c.lower, s.F1, c.floor)
		}
	}
}
