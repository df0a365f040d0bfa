package quote

import (
	"strings"
	"testing"

	"github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze/text"
)

// The sentences below are invented for these tests. The entity mentions are
// given, not tagged, so that the tests pin the finder's rules whatever the
// entity tagger makes of the names.

// input splits s as the analyze pipeline does and marks the names as
// mentions of their kind.
func input(t *testing.T, s string, names map[string]parallax.EntityKind) ([]parallax.Span, []parallax.Span, []text.Token, []parallax.Mention) {
	t.Helper()
	seg, err := text.New()
	if err != nil {
		t.Fatal(err)
	}
	paras := text.Paragraphs(s)
	var toks []text.Token
	var sents []parallax.Span
	for _, p := range paras {
		a := len(toks)
		toks = text.Tokenize(s, p, toks)
		sents = append(sents, seg.Sentences(s, p, toks[a:])...)
	}
	var ms []parallax.Mention
	for name, kind := range names {
		for i := 0; ; {
			j := strings.Index(s[i:], name)
			if j < 0 {
				break
			}
			ms = append(ms, parallax.Mention{Span: parallax.Span{Start: i + j, End: i + j + len(name)}, Kind: kind, Name: name})
			i += j + len(name)
		}
	}
	sortMentions(ms)
	return paras, sents, toks, ms
}

func sortMentions(ms []parallax.Mention) {
	for i := 1; i < len(ms); i++ {
		for j := i; j > 0 && ms[j].Start < ms[j-1].Start; j-- {
			ms[j], ms[j-1] = ms[j-1], ms[j]
		}
	}
}

func names(s string, refs []parallax.OutletRef) string {
	var out []string
	for _, r := range refs {
		if r.In(s) == "" {
			out = append(out, "<bad span>")
		}
		out = append(out, r.Name)
	}
	return strings.Join(out, ", ")
}

func TestRelay(t *testing.T) {
	f, err := New(stubLexicon{})
	if err != nil {
		t.Fatal(err)
	}
	const (
		person = parallax.Person
		org    = parallax.Organization
	)
	known := map[string]parallax.EntityKind{
		"Ivan Sokolov": person, "Nadia Karimova": person, "Radio Meridian": org, "Harbour Times": org,
		"Tellus": org, "Harbour Authority": org,
	}
	tests := []struct {
		name, text  string
		content     string // a prefix of the quotation's content
		speaker     string
		toldTo, via string // outlet names, comma-separated
	}{
		{"told, according to", "“We have no plans,” Deputy Minister Ivan Sokolov told Radio Meridian, according to the Harbour Times.",
			"We have no plans", "Ivan Sokolov", "Radio Meridian", "Harbour Times"},
		{"telling", "Nadia Karimova rejected the report, telling Radio Meridian, “This never happened.”",
			"This never happened", "Nadia Karimova", "Radio Meridian", ""},
		{"interview with", "Nadia Karimova said in an interview with Radio Meridian that the talks had stalled.",
			"the talks had stalled", "Nadia Karimova", "Radio Meridian", ""},
		{"statement to", "Ivan Sokolov said in a statement to Radio Meridian that the plant would close.",
			"the plant would close", "Ivan Sokolov", "Radio Meridian", ""},
		{"quoted as saying", "The agency Tellus quoted Ivan Sokolov as saying, “Our position has not changed at all.”",
			"Our position has not changed", "Ivan Sokolov", "Tellus", ""},
		{"told after the statement", "The plant will close in March, Ivan Sokolov told the Harbour Times.",
			"The plant will close in March", "Ivan Sokolov", "Harbour Times", ""},
		{"reported", "Ivan Sokolov told reporters that the plant would close, the Harbour Times reported.",
			"the plant would close", "Ivan Sokolov", "", "Harbour Times"},
		{"told an agency, reported", "Nadia Karimova told the state news agency Tellus that talks had stalled, the Harbour Times reported.",
			"talks had stalled", "Nadia Karimova", "Tellus", "Harbour Times"},
		{"according to first", "According to the Harbour Times, Ivan Sokolov said the plant would close in March.",
			"the plant would close", "Ivan Sokolov", "", "Harbour Times"},
		{"as cited by", "Ivan Sokolov said the plant would close next year, as cited by the agency Tellus.",
			"the plant would close next year", "Ivan Sokolov", "", "Tellus"},
		{"reporters are no outlet", "“The plant will close,” Ivan Sokolov told reporters at the Harbour Authority.",
			"The plant will close", "Ivan Sokolov", "", ""},
		{"an outlet as the source", "Tellus reported that Ivan Sokolov had resigned from the ministry.",
			"Ivan Sokolov had resigned", "Tellus", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paras, sents, toks, ms := input(t, tt.text, known)
			qs := f.Find(tt.text, paras, sents, toks, ms)
			var got *parallax.Quote
			for i, q := range qs {
				if strings.HasPrefix(q.Content.In(tt.text), tt.content) {
					got = &qs[i]
				}
			}
			if got == nil {
				t.Fatalf("no quote starting %q: %s", tt.content, dump(tt.text, qs))
			}
			if got.Speaker != tt.speaker {
				t.Errorf("speaker %q, want %q: %s", got.Speaker, tt.speaker, dump(tt.text, qs))
			}
			if n := names(tt.text, got.ToldTo); n != tt.toldTo {
				t.Errorf("told to %q, want %q: %s", n, tt.toldTo, dump(tt.text, qs))
			}
			if n := names(tt.text, got.Via); n != tt.via {
				t.Errorf("via %q, want %q: %s", n, tt.via, dump(tt.text, qs))
			}
		})
	}
}

func dump(s string, qs []parallax.Quote) string {
	var b strings.Builder
	for _, q := range qs {
		b.WriteString("[" + q.Speaker + "|" + q.SpeakerSpan.In(s) + "|" + q.Cue.In(s) + "|" + q.Content.In(s) +
			"|told " + names(s, q.ToldTo) + "|via " + names(s, q.Via) + "] ")
	}
	return b.String()
}
