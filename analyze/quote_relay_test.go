package analyze

import (
	"strings"
	"testing"

	"github.com/parallax-news/parallax"
)

// The sentences below are invented for these tests. Each pins one
// construction of attribution through the whole pipeline: who the source
// is, which words name it, the cue, and the content.

func TestAttributions(t *testing.T) {
	p := newPipeline(t)
	tests := []struct {
		name, text string
		content    string // a prefix of the quotation's content
		speaker    string // resolved name, "" for none
		source     string // the words naming the source
		cue        string
		direct     bool
	}{
		{"trailing group source", "The bridge will reopen in May, transport officials said.",
			"The bridge will reopen in May", "", "transport officials", "said", false},
		{"according to an organisation", "According to the Harbour Authority, the port handled two million containers last year.",
			"the port handled two million", "Harbour Authority", "the Harbour Authority", "According to", false},
		{"organisation says", "The Kremlin said the talks would continue next week.",
			"the talks would continue", "Kremlin", "The Kremlin", "said", false},
		{"description names nobody", "A spokesman for the campaign said the rally would go ahead as planned.",
			"the rally would go ahead", "", "A spokesman for the campaign", "said", false},
		{"role to the person given it", "Ministry spokeswoman Elena Varga spoke on Tuesday. The spokeswoman said the border would stay open.",
			"the border would stay open", "Elena Varga", "The spokeswoman", "said", false},
		{"relative pronoun", "The mayor thanked Tom Reyes, who said the repairs were finished.",
			"the repairs were finished", "Tom Reyes", "who", "said", false},
		{"warned that", "Finance Minister Anna Berg warned that inflation would rise before the summer.",
			"inflation would rise", "Anna Berg", "Finance Minister Anna Berg", "warned", false},
		{"denied that", "Carlos Mendez denied that he had met the envoy in Vienna.",
			"he had met the envoy", "Carlos Mendez", "Carlos Mendez", "denied", false},
		{"argued that", "Opposition leader Marta Quist argued that the new tax was unfair to farmers.",
			"the new tax was unfair", "Marta Quist", "Opposition leader Marta Quist", "argued", false},
		{"acknowledged that", "Interior Minister Stefan Horvath acknowledged that the fence had not been finished.",
			"the fence had not been finished", "Stefan Horvath", "Interior Minister Stefan Horvath", "acknowledged", false},
		{"mixed quotation", "Olga Petrenko said the agreement was “a step forward” for both countries.",
			"the agreement was “a step forward”", "Olga Petrenko", "Olga Petrenko", "said", false},
		{"quoted words inside a mixed quotation", "Olga Petrenko said the agreement was “a step forward” for both countries.",
			"a step forward", "Olga Petrenko", "Olga Petrenko", "said", true},
		{"called", "Union leader Pavel Orlov called the offer “an insult to every worker.”",
			"an insult to every worker", "Pavel Orlov", "Union leader Pavel Orlov", "called", true},
		{"she added", "“The factory stays open,” said Ines Dalby. “Nobody will lose their job,” she added.",
			"Nobody will lose their job", "Ines Dalby", "she", "added", true},
		{"insisted, pronoun across sentences", "Stefan Horvath spoke in Vienna. “We will not sign this treaty,” he insisted on Friday.",
			"We will not sign this treaty", "Stefan Horvath", "he", "insisted", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := p.Analyze(&parallax.Document{Text: tt.text, Language: "en"})
			checkInvariants(t, tt.text, a)
			var got *parallax.Quote
			for i, q := range a.Quotes {
				if strings.HasPrefix(q.Content.In(tt.text), tt.content) && q.Direct == tt.direct {
					got = &a.Quotes[i]
				}
			}
			if got == nil {
				t.Fatalf("no quote starting %q (direct=%v); quotes: %s", tt.content, tt.direct, dumpQuotes(tt.text, a.Quotes))
			}
			if got.Speaker != tt.speaker {
				t.Errorf("speaker %q, want %q; mentions %v", got.Speaker, tt.speaker, a.Mentions)
			}
			if s := got.SpeakerSpan.In(tt.text); s != tt.source {
				t.Errorf("source words %q, want %q", s, tt.source)
			}
			if c := got.Cue.In(tt.text); c != tt.cue {
				t.Errorf("cue %q, want %q", c, tt.cue)
			}
		})
	}
}

// TestSeedRelays checks the relay chain on the reference story's article
// 004: Ryabkov's statements were given to Interfax and reached the article
// through the Washington Post and Bloomberg.
func TestSeedRelays(t *testing.T) {
	var doc *parallax.Document
	for name, d := range seedDocs(t) {
		if strings.HasPrefix(name, "004") {
			doc = d
		}
	}
	if doc == nil {
		t.Fatal("seed 004 missing")
	}
	a := newPipeline(t).Analyze(doc)
	checkInvariants(t, doc.Text, a)
	told, via := map[string]bool{}, map[string]bool{}
	for _, q := range a.Quotes {
		if q.Speaker != "Sergei Ryabkov" {
			continue
		}
		for _, r := range q.ToldTo {
			told[r.Name] = true
		}
		for _, r := range q.Via {
			via[r.Name] = true
		}
		t.Logf("Ryabkov %q told %v via %v", clip(q.Content.In(doc.Text), 50), q.ToldTo, q.Via)
	}
	if !told["Interfax"] {
		t.Errorf("no Ryabkov quote told to Interfax: %v", told)
	}
	if !via["Washington Post"] || !via["Bloomberg"] && !via["Bloomberg News"] {
		t.Errorf("Ryabkov's quotes came via %v, want the Washington Post and Bloomberg", via)
	}
}
