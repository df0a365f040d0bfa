package entity

import (
	"strings"
	"testing"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/text"
)

// tag runs the tagger on s as the analyze pipeline does and returns
// "kind:name" for each mention.
func tag(t *testing.T, tg *Tagger, s string) []string {
	t.Helper()
	seg, err := text.New()
	if err != nil {
		t.Fatal(err)
	}
	paras := text.Paragraphs(s)
	var toks []text.Token
	var sents []parallax.Span
	for _, p := range paras {
		start := len(toks)
		toks = text.Tokenize(s, p, toks)
		sents = append(sents, seg.Sentences(s, p, toks[start:])...)
	}
	var out []string
	for _, m := range tg.Tag(s, paras, sents, toks) {
		if m.Span.In(s) != m.Name {
			t.Errorf("mention %q named %q", m.Span.In(s), m.Name)
		}
		out = append(out, string(m.Kind)+":"+m.Name)
	}
	return out
}

// The sentences below are invented for these tests.
func TestModelRefinements(t *testing.T) {
	tg, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		want       []string // present, in this order among the mentions
		absent     []string // "kind:name" that must not be mentions
	}{
		{"typographic quotes", "“We will rebuild the bridge by spring,” Olga Petrenko said.",
			[]string{"person:Olga Petrenko"}, nil},
		{"nationality joins its ministry", "Russian Foreign Ministry spokeswoman Olga Petrenko said talks would resume.",
			[]string{"org:Russian Foreign Ministry", "person:Olga Petrenko"}, []string{"misc:Russian"}},
		{"title stripped, name after it a person", "Estland’s Deputy Foreign Minister Tomas Vintner arrived in Vardova.",
			[]string{"person:Tomas Vintner", "place:Vardova"}, []string{"person:Deputy Foreign Minister Tomas Vintner"}},
		{"compound of places is misc", "The summit may reset US-Russia relations.",
			[]string{"misc:US-Russia"}, []string{"place:US-Russia"}},
		{"listed outlet over the model's span", "By Times of Israel Staff, Times of Israel\nThe deal was signed in Vardova.",
			[]string{"org:Times of Israel", "org:Times of Israel", "place:Vardova"}, nil},
		{"abbreviation keeps its period", "Exports from the U.S. to Estland rose.",
			[]string{"place:U.S.", "place:Estland"}, nil},
		{"title-case headline", "Harbour Workers Strike In Port Elspeth\nDock workers in Port Elspeth stopped work on Monday.",
			[]string{"place:Port Elspeth", "place:Port Elspeth"}, []string{"org:Harbour Workers Strike In Port Elspeth"}},
		{"lower-case surname found again", "Officials met Olga Petrenko on Monday. Later petrenko said the plant would open.",
			[]string{"person:Olga Petrenko", "person:petrenko"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tag(t, tg, tt.text)
			i := 0
			for _, m := range got {
				if i < len(tt.want) && m == tt.want[i] {
					i++
				}
			}
			if i < len(tt.want) {
				t.Errorf("got %q, want %q in order", got, tt.want)
			}
			for _, a := range tt.absent {
				for _, m := range got {
					if m == a {
						t.Errorf("unexpected %s in %q", a, got)
					}
				}
			}
		})
	}
}

func TestModelInput(t *testing.T) {
	tg, err := New()
	if err != nil {
		t.Fatal(err)
	}
	s := "Storm Hits Port Elspeth\n“It’s over,” said Petrenko’s aide — in the U.S. too…"
	seg, _ := text.New()
	paras := text.Paragraphs(s)
	var toks []text.Token
	var sents []parallax.Span
	for _, p := range paras {
		start := len(toks)
		toks = text.Tokenize(s, p, toks)
		sents = append(sents, seg.Sentences(s, p, toks[start:])...)
	}
	d := &doc{t: tg, s: s, toks: toks, lower: make([]string, len(toks)), caps: make([]bool, len(toks)),
		headline: make([]bool, len(toks)), initial: make([]bool, len(toks)), sentEnd: make([]int, len(toks)), covered: make([]bool, len(toks))}
	for i, tk := range toks {
		if tk.Word {
			d.lower[i] = strings.ToLower(tk.In(s))
			d.caps[i] = tg.capLike(tk.In(s))
		}
	}
	d.markParagraphs(paras)
	d.markSentences(sents)
	words, index := d.modelInput()
	var got []string
	for _, w := range words {
		got = append(got, strings.Join(w, " "))
	}
	// "It’s" is "It 's", as the tokenizer splits it and as CoNLL wrote it.
	want := []string{`STORM HITS PORT ELSPETH`, `" It 's over , " said Petrenko 's aide - in the U.S. too ...`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	for n := range words {
		if len(index[n]) != len(words[n]) {
			t.Fatalf("sentence %d: %d words, %d token indexes", n, len(words[n]), len(index[n]))
		}
	}
}
