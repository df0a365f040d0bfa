package analyze

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/internal/shared"
)

// seedDocs reads the reference articles from <root>/../shared/corpus/seeds at
// run time (they are never copied into the repository). Without them the
// test is skipped, except in CI where their absence is a failure.
func seedDocs(tb testing.TB) map[string]*parallax.Document {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(shared.Path(tb, "corpus", "seeds"), "*.txt"))
	if len(files) == 0 {
		tb.Fatal("no seed articles in ../shared/corpus/seeds")
	}
	docs := map[string]*parallax.Document{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		docs[filepath.Base(f)] = &parallax.Document{Text: string(b)}
	}
	return docs
}

func TestSeeds(t *testing.T) {
	docs := seedDocs(t)
	p := newPipeline(t)
	names := make([]string, 0, len(docs))
	for n := range docs {
		names = append(names, n)
	}
	sort.Strings(names)
	speakers := map[string]int{}
	ryabkov := false
	for _, n := range names {
		doc := docs[n]
		a := p.Analyze(doc)
		checkInvariants(t, doc.Text, a)
		if a.Language != "en" {
			t.Errorf("%s: language %q, want en", n, a.Language)
		}
		for _, m := range a.Mentions {
			if m.Kind == parallax.Person && m.Name == "Sergei Ryabkov" && strings.HasSuffix(doc.Text[:m.End], "Deputy Foreign Minister Sergei Ryabkov") {
				ryabkov = true
			}
		}
		t.Logf("== %s: %d paragraphs, %d sentences, %d mentions, %d quotes, %d terms", n, len(a.Paragraphs), len(a.Sentences), len(a.Mentions), len(a.Quotes), len(a.Terms))
		for _, q := range a.Quotes {
			kind := "direct"
			if !q.Direct {
				kind = "indirect"
			}
			t.Logf("   %-8s speaker=%-18q via=%-16q cue=%-10q %q", kind, q.Speaker, q.SpeakerSpan.In(doc.Text), q.Cue.In(doc.Text), clip(q.Content.In(doc.Text), 70))
			if q.Speaker != "" {
				speakers[q.Speaker]++
			}
		}
		if strings.HasPrefix(n, "000") {
			checkLowerTrump(t, doc.Text, a)
		}
	}
	t.Logf("speakers: %v", speakers)
	for _, want := range []string{"Sergei Ryabkov", "Maria Zakharova", "Hope Hicks"} {
		if speakers[want] == 0 {
			t.Errorf("speaker %q not found in the seeds", want)
		}
	}
	if len(speakers) < 6 {
		t.Errorf("%d distinct speakers, want at least 6", len(speakers))
	}
	if !ryabkov {
		t.Error(`"Russian Deputy Foreign Minister Sergei Ryabkov" did not yield a person mention "Sergei Ryabkov"`)
	}
}

// checkLowerTrump requires every lower-case "trump" token to be inside a person mention.
func checkLowerTrump(t *testing.T, s string, a parallax.Analysis) {
	t.Helper()
	n := 0
	for i := 0; ; {
		j := strings.Index(s[i:], "trump")
		if j < 0 {
			break
		}
		at := i + j
		i = at + len("trump")
		n++
		found := false
		for _, m := range a.Mentions {
			if m.Start <= at && at+len("trump") <= m.End && m.Kind == parallax.Person {
				found = true
			}
		}
		if !found {
			t.Errorf("000: lower-case trump at %d is not a person mention", at)
		}
	}
	if n == 0 {
		t.Error("000: no lower-case trump found; has the seed changed?")
	}
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}
