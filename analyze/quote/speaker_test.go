package quote

import (
	"strings"
	"testing"

	"github.com/parallax-news/parallax"
)

// testLexicon knows a few role words and given names, as the entity
// tagger's lists do.
type testLexicon struct{}

func (testLexicon) Gender(name string) byte {
	switch strings.ToLower(strings.Fields(name + " x")[0]) {
	case "ivan", "carter":
		return 'm'
	case "nadia":
		return 'f'
	}
	return 0
}

func (testLexicon) IsRole(w string) bool {
	switch w {
	case "spokesman", "spokeswoman", "minister", "deputy", "secretary", "president", "official", "director":
		return true
	}
	return false
}

// TestSpeakerRules pins how sources are resolved to speakers in news
// grammar the attribution model leaves to rules. Sentences invented.
func TestSpeakerRules(t *testing.T) {
	f, err := New(testLexicon{})
	if err != nil {
		t.Fatal(err)
	}
	const (
		person = parallax.Person
		org    = parallax.Organization
		place  = parallax.Place
	)
	tests := []struct {
		name, text string
		known      map[string]parallax.EntityKind
		content    string // a prefix of the quotation's content
		speaker    string
		source     string // the speaker span's words; "-" to skip the check
	}{
		{"a title's organisation is not the speaker",
			"Press Secretary of the President of Norland recalled that the envoy had met the delegates. " +
				"The press secretary of the president Ivan Drozdov said the talks were routine.",
			map[string]parallax.EntityKind{"Norland": place, "Ivan Drozdov": person},
			"the envoy had met", "Ivan Drozdov", "-"},
		{"an adverb goes with the cue",
			"Norland categorically denies any part in the vote.",
			map[string]parallax.EntityKind{"Norland": place},
			"any part in the vote", "Norland", "Norland"},
		{"a lead names the role before the person",
			"The deputy foreign minister said on Monday that talks with the islands had resumed.\n" +
				"Deputy Foreign Minister Ivan Sokolov told Radio Meridian that the talks were useful.",
			map[string]parallax.EntityKind{"Ivan Sokolov": person, "Radio Meridian": org},
			"talks with the islands", "Ivan Sokolov", "The deputy foreign minister"},
		{"a role word before a cue is not the next name's role",
			"The official said the pier had been sold to a firm owned by Nadia Karimova.",
			map[string]parallax.EntityKind{"Nadia Karimova": person},
			"the pier had been sold", "", "The official"},
		{"a surname whose full name the tagger mistyped",
			"The report named Carter Quill, an adviser to the mayor. Last month, Quill described the report as nonsense.",
			map[string]parallax.EntityKind{"Carter Quill": parallax.Misc},
			"the report as nonsense", "Carter Quill", "Quill"},
		{"an indefinite spokesman speaks for the organisation",
			"Harbour spokesman Ivan Sokolov said the ferry was late. A spokesman for the Harbour Authority said the pier was safe.",
			map[string]parallax.EntityKind{"Ivan Sokolov": person, "Harbour Authority": org},
			"the pier was safe", "Harbour Authority", "A spokesman for the Harbour Authority"},
		{"a document takes the author the text gave it",
			"The mayor thanked the crews, according to a statement issued by the Harbour Authority. The statement added that the pier would reopen in May.",
			map[string]parallax.EntityKind{"Harbour Authority": org},
			"the pier would reopen", "Harbour Authority", "The statement"},
		{"a collective source named in the text",
			"The vote was delayed after Greens repeatedly accused the mayor of stalling the harbour plan.",
			map[string]parallax.EntityKind{},
			"the mayor of stalling", "Greens", "Greens"},
		{"a government by its adjective",
			"The Norlandic government said on Friday that it had kept in touch with both campaigns.",
			map[string]parallax.EntityKind{},
			"it had kept in touch", "Norlandic government", "The Norlandic government"},
		{"a capital at a sentence start names no group",
			"Officials said the pier was safe for the ferries.",
			map[string]parallax.EntityKind{},
			"the pier was safe", "", "Officials"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paras, sents, toks, ms := input(t, tt.text, tt.known)
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
			if tt.source != "-" && got.SpeakerSpan.In(tt.text) != tt.source {
				t.Errorf("speaker span %q, want %q", got.SpeakerSpan.In(tt.text), tt.source)
			}
		})
	}
}

// TestPassiveCueHasNoSourceBefore: the one accused is not the accuser.
func TestPassiveCueHasNoSourceBefore(t *testing.T) {
	f, err := New(testLexicon{})
	if err != nil {
		t.Fatal(err)
	}
	s := "Ivan Sokolov has also been accused of hiding the harbour accounts. Nadia Karimova said the accounts were open."
	paras, sents, toks, ms := input(t, s, map[string]parallax.EntityKind{"Ivan Sokolov": parallax.Person, "Nadia Karimova": parallax.Person})
	qs := f.Find(s, paras, sents, toks, ms)
	accused := false
	for _, q := range qs {
		if strings.Contains(q.Cue.In(s), "accused") {
			accused = true
			if q.Speaker != "" || q.SpeakerSpan != (parallax.Span{}) {
				t.Errorf("the accused is given as the source: %s", dump(s, []parallax.Quote{q}))
			}
		}
	}
	if !accused {
		t.Errorf("no attribution with the cue \"accused\": %s", dump(s, qs))
	}
}
