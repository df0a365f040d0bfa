package attribution

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/parallax-news/parallax"
)

// The texts and annotations below are invented for these tests, in the
// layout PolNeAR uses.

// text has two-byte and three-byte characters before the spans, so that
// code-point offsets and byte offsets differ.
const text = "Café “news”: Mayor Anna Ruiz said the bridge would reopen. “It is safe,” she added, and the works ended, officials said."

// at returns the code-point offsets of the first occurrence of s in text.
func at(t *testing.T, s string) (int, int) {
	t.Helper()
	i := strings.Index(text, s)
	if i < 0 {
		t.Fatalf("%q not in the text", s)
	}
	a := len([]rune(text[:i]))
	return a, a + len([]rune(s))
}

// byteSpan returns the byte span of the first occurrence of s in text.
func byteSpan(s string) parallax.Span {
	i := strings.Index(text, s)
	return parallax.Span{Start: i, End: i + len(s)}
}

func TestParseAnn(t *testing.T) {
	line := func(id, kind, s string) string {
		a, b := at(t, s)
		return id + "\t" + kind + " " + strconv.Itoa(a) + " " + strconv.Itoa(b) + "\t" + s
	}
	q1a, q1b := at(t, "“It is safe,”")
	q2a, q2b := at(t, "the works ended")
	ann := strings.Join([]string{
		line("T1", "Source", "Mayor Anna Ruiz"),
		line("T2", "Cue", "said"),
		line("T3", "Content", "the bridge would reopen"),
		line("T4", "Attribution", "said"),
		"E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
		// A split content: two fragments in one span annotation.
		"T5\tContent " + strconv.Itoa(q1a) + " " + strconv.Itoa(q1b) + ";" + strconv.Itoa(q2a) + " " + strconv.Itoa(q2b) + "\t“It is safe,” the works ended",
		line("T6", "Source", "she"),
		line("T7", "Cue", "added"),
		"E2\tAttribution:T7 Source:T6 Cue:T7 Content2:T5",
		line("T8", "Cue", "officials said"),
		"E3\tAttribution-no-source:T8 Cue:T8",
		"E4\tAttribution-no-source:T8", // no cue, no content: dropped
		"#1\tAnnotatorNotes T1\ta note",
		"a continuation line of words that held a newline",
		"",
	}, "\n")
	got, mism, err := ParseAnn(text, ann)
	if err != nil {
		t.Fatal(err)
	}
	if mism != 0 {
		t.Errorf("%d mismatches", mism)
	}
	want := []Attribution{
		{Source: []parallax.Span{byteSpan("Mayor Anna Ruiz")}, Cue: []parallax.Span{byteSpan("said")}, Content: []parallax.Span{byteSpan("the bridge would reopen")}},
		{Source: []parallax.Span{byteSpan("she")}, Cue: []parallax.Span{byteSpan("added")}, Content: []parallax.Span{byteSpan("“It is safe,”"), byteSpan("the works ended")}},
		{Cue: []parallax.Span{byteSpan("officials said")}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	for _, a := range got {
		for _, sp := range append(append(a.Source, a.Cue...), a.Content...) {
			if sp.In(text) == "" {
				t.Errorf("span %v is not text", sp)
			}
		}
	}
}

func TestParseAnnMismatchAndErrors(t *testing.T) {
	// Byte offsets where code points were meant: the words do not match.
	i := strings.Index(text, "Mayor")
	bad := "T1\tSource " + strconv.Itoa(i) + " " + strconv.Itoa(i+5) + "\tMayor"
	if _, mism, err := ParseAnn(text, bad); err != nil || mism != 1 {
		t.Errorf("byte offsets: %d mismatches, %v; want 1", mism, err)
	}
	for name, ann := range map[string]string{
		"beyond the text": "T1\tCue 5 9999\tx",
		"reversed":        "T1\tCue 9 5\tx",
		"not a number":    "T1\tCue a b\tx",
		"no offsets":      "T1\tCue\tx",
		"unknown span":    "E1\tAttribution:T9 Cue:T9",
		"bad argument":    "E1\tAttribution:T1 Cue",
	} {
		if _, _, err := ParseAnn(text, ann); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func TestReadFS(t *testing.T) {
	a, b := at(t, "said")
	one := "T1\tCue " + strconv.Itoa(a) + " " + strconv.Itoa(b) + "\tsaid\nE1\tAttribution-no-source:T1 Cue:T1\n"
	fsys := fstest.MapFS{
		"text/story.txt":                    {Data: []byte(text)},
		"text/unannotated.txt":              {Data: []byte("No annotation.")},
		"text/story_two.txt":                {Data: []byte(text)},
		"attributions/story_ef2d.ann":       {Data: []byte("")},
		"attributions/story_4b22.ann":       {Data: []byte(one)}, // first by name: the one read
		"attributions/story_two_4b22.ann":   {Data: []byte("")},
		"attributions/story_notanid_1.ann":  {Data: []byte("junk")},
		"attributions/readme-not-text.ann":  {Data: []byte("")},
		"attributions/story_two_zzzz_1.ann": {Data: []byte("")},
	}
	docs, err := ReadFS(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 2 || docs[0].Name != "story" || docs[1].Name != "story_two" {
		t.Fatalf("documents %+v", docs)
	}
	if len(docs[0].Attributions) != 1 || len(docs[1].Attributions) != 0 {
		t.Errorf("attributions %+v / %+v", docs[0].Attributions, docs[1].Attributions)
	}
	if _, err := ReadFS(fstest.MapFS{}); err == nil {
		t.Error("an empty folder read without error")
	}
	broken := fstest.MapFS{"text/x.txt": {Data: []byte("abc")}, "attributions/x_4b22.ann": {Data: []byte("T1\tCue 0 99\tx")}}
	if _, err := ReadFS(broken); err == nil || !strings.Contains(err.Error(), "x_4b22.ann") {
		t.Errorf("broken file: %v", err)
	}
}

func FuzzParseAnn(f *testing.F) {
	f.Add("abc “déf” ghi", "T1\tCue 4 9\t“déf”\nE1\tAttribution:T1 Cue:T1 Content2:T1")
	f.Add("x", "T1\tSource 0 1;0 1\tx x\nE1\tA:T1 Source:T1\n#1\tnote\n\nT2\tCue")
	f.Add("", "E1\tAttribution:T1")
	f.Fuzz(func(t *testing.T, text, ann string) {
		attrs, _, err := ParseAnn(text, ann)
		if err != nil {
			return
		}
		for _, a := range attrs {
			if len(a.Cue) == 0 && len(a.Content) == 0 {
				t.Fatalf("attribution without cue or content: %+v", a)
			}
			for _, sp := range append(append(a.Source, a.Cue...), a.Content...) {
				if sp.Start < 0 || sp.End > len(text) || sp.Start >= sp.End {
					t.Fatalf("span %v outside a text of %d bytes", sp, len(text))
				}
			}
		}
	})
}
