package quote

import (
	"bytes"
	"compress/gzip"
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/parallax-news/parallax"
)

// labelled returns an Example of s with one attribution, its parts given by
// their words in s ("" for none).
func labelled(s, source, cue, content string) Example {
	span := func(w string) []parallax.Span {
		if w == "" {
			return nil
		}
		i := strings.Index(s, w)
		return []parallax.Span{{Start: i, End: i + len(w)}}
	}
	return Example{Text: s, Attributions: []Labelled{{Source: span(source), Cue: span(cue), Content: span(content)}}}
}

// The training sentences are invented.
var examples = []Example{
	labelled("Mayor Lucia Ferraro said the harbour would reopen in spring.", "Mayor Lucia Ferraro", "said", "the harbour would reopen in spring"),
	labelled("“The talks failed,” the envoy said on Monday.", "the envoy", "said", "“The talks failed,”"),
	labelled("The minister warned that prices would rise.", "The minister", "warned", "that prices would rise"),
	labelled("Prices rose again in March, officials said.", "officials", "said", "Prices rose again in March"),
	labelled("The ferry left at noon and arrived late.", "", "", ""),
	labelled("Engineers said the tunnel was safe.", "Engineers", "said", "the tunnel was safe"),
}

func trainTiny(t *testing.T) []byte {
	t.Helper()
	var ex []Example
	for i := 0; i < 4; i++ {
		ex = append(ex, examples...)
	}
	file, err := Train(context.Background(), ex, TrainOptions{Bits: 10, Epochs: 4})
	if err != nil {
		t.Fatal(err)
	}
	return file
}

func TestTrain(t *testing.T) {
	file := trainTiny(t)
	if again := trainTiny(t); !bytes.Equal(file, again) {
		t.Error("training twice gave two models")
	}
	cues, err := fs.ReadFile(data, "data/cues.txt")
	if err != nil {
		t.Fatal(err)
	}
	f, err := Load(fstest.MapFS{"data/cues.txt": {Data: cues}, ModelFile: {Data: file}}, stubLexicon{})
	if err != nil {
		t.Fatal(err)
	}
	s := "Engineers said the tunnel was safe."
	paras, sents, toks, ms := input(t, s, nil)
	qs := f.Find(s, paras, sents, toks, ms)
	if len(qs) != 1 || qs[0].Content.In(s) != "the tunnel was safe" || qs[0].SpeakerSpan.In(s) != "Engineers" || qs[0].Cue.In(s) != "said" {
		t.Errorf("the model does not find what it was trained on: %s", dump(s, qs))
	}
	if _, err := Train(context.Background(), examples, TrainOptions{Bits: 40}); err == nil {
		t.Error("40 hash bits accepted")
	}
}

func TestParseModelRefuses(t *testing.T) {
	file := trainTiny(t)
	if _, err := parseModel(file); err != nil {
		t.Fatal(err)
	}
	raw := gunzip(t, file)
	for name, b := range map[string][]byte{
		"not gzip":     []byte("PXQUOTE"),
		"empty":        gz(nil),
		"magic":        gz([]byte("PXQUOTX\x02\x0a")),
		"version":      gz([]byte("PXQUOTE\x09\x0a")),
		"bits":         gz([]byte("PXQUOTE\x02\x30")),
		"truncated":    gz(raw[:len(raw)/2]),
		"huge count":   gz(append([]byte("PXQUOTE\x02\x0a"), 0xff, 0xff, 0xff, 0xff, 0x0f)),
		"no structure": gz(append([]byte("PXQUOTE\x02\x0a"), bytes.Repeat([]byte{0x80}, 20)...)),
	} {
		if _, err := parseModel(b); err == nil {
			t.Errorf("%s: parsed", name)
		}
	}
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func gunzip(t testing.TB, b []byte) []byte {
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if _, err := out.ReadFrom(r); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// FuzzParseModel feeds the model reader damaged model files: it must refuse
// them with an error, never panic or allocate without bound.
func FuzzParseModel(f *testing.F) {
	var ex []Example
	for i := 0; i < 2; i++ {
		ex = append(ex, examples...)
	}
	file, err := Train(context.Background(), ex, TrainOptions{Bits: 8, Epochs: 1})
	if err != nil {
		f.Fatal(err)
	}
	raw := gunzip(f, file)
	f.Add(raw)
	f.Add(raw[:len(raw)/3])
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := decode(raw)
		if err != nil {
			return
		}
		if len(m.rows) != rows(m.bits) || len(m.cue.trans) != (cueTags+1)*cueTags || len(m.arg.trans) != (argTags+1)*argTags {
			t.Fatalf("inconsistent model: %d rows for %d bits", len(m.rows), m.bits)
		}
	})
}
