package analyze

import (
	"strings"
	"testing"

	"github.com/parallax-news/parallax"
)

// The sentences below are invented for these tests.

func TestQuoteSpeakers(t *testing.T) {
	p := newPipeline(t)
	tests := []struct {
		name, text   string
		content      string // a prefix of the quotation's content
		speaker, cue string
		direct       bool
	}{
		{"name said after", "“We will rebuild the bridge by spring,” Olga Petrenko said on Monday.", "We will rebuild", "Olga Petrenko", "said", true},
		{"said name after", "“The budget is balanced for the first time,” said Thomas Whitfield.", "The budget is", "Thomas Whitfield", "said", true},
		{"name said colon", "Mayor Lucia Ferraro said: “Nobody will lose their home this winter.”", "Nobody will lose", "Lucia Ferraro", "said", true},
		{"name said that quote", "Carlos Mendez said that “the talks collapsed over fishing rights.”", "the talks collapsed", "Carlos Mendez", "said", true},
		{"told outlet", "Jonathan Pryce told Reuters, “We expect an answer within days.”", "We expect", "Jonathan Pryce", "told", true},
		{"appositive telling", "Nadia Karimova, a spokeswoman for Brennan’s office, rejected the report, telling the BBC, “This never happened.”", "This never happened", "Nadia Karimova", "telling", true},
		{"em dash", "“The harbour will stay closed until Friday” — said Pavel Orlov.", "The harbour will", "Pavel Orlov", "said", true},
		{"as saying", "The agency quoted Foreign Minister Ivan Sokolov as saying, “Our position has not changed at all.”", "Our position", "Ivan Sokolov", "saying", true},
		{"guillemets", "«Les négociations continuent sans relâche», a déclaré Jean Moreau. Ivan Petrov said «the deal is almost finished now».", "the deal is", "Ivan Petrov", "said", true},
		{"german quotes", "Klaus Berger said „the factory will reopen next year“ in Hamburg.", "the factory will", "Klaus Berger", "said", true},
		{"straight quotes", `"We have no comment on the matter," said Helen Brandt.`, "We have no comment", "Helen Brandt", "said", true},
		{"pronoun she", "Energy Minister Maria Kovacs spoke in Vienna on Tuesday. “Prices will fall before the winter begins,” she added.", "Prices will fall", "Maria Kovacs", "added", true},
		{"pronoun he across paragraphs", "Defence spokesman Dmitry Lebedev said the drills were planned.\n“Nothing about this exercise is unusual,” he told reporters.", "Nothing about this", "Dmitry Lebedev", "told", true},
		{"pronoun fullest name", "Anna Keller opened the session. Later Keller spoke again. “We are not finished with this law,” she said.", "We are not finished", "Anna Keller", "said", true},
		{"pronoun without person", "The company posted its results. “Sales doubled in the second quarter,” he said.", "Sales doubled", "", "said", true},
		{"pronoun skips preposition object", "Paul Brenner met with Sophie Lang in Bonn. “The meeting was useful for both sides,” he said.", "The meeting was", "Paul Brenner", "said", true},
		{"surname takes fullest name", "Interior Minister Stefan Horvath visited the border. Later, Horvath said, “The fence will be finished next year.”", "The fence will", "Stefan Horvath", "said", true},
		{"according to", "According to Martin Scholz, “the vote will be held in June as planned.”", "the vote will be", "Martin Scholz", "According to", true},
		{"across sentences", "“We are ready. The documents are signed. Now we wait,” said Elena Vasquez.", "We are ready. The documents are signed", "Elena Vasquez", "said", true},
		{"indirect that", "Senator Robert Hale said that the committee would vote on the bill next week.", "the committee would vote", "Robert Hale", "said", false},
		{"indirect pronoun", "Judge Karen Holt opened the hearing. She said the trial would resume in March.", "the trial would resume", "Karen Holt", "said", false},
		{"unknown speaker", "“The price of bread has doubled since spring,” a shopkeeper said.", "The price of bread", "", "said", true},
		{"continued in paragraph", "“The pumps are running again,” said Ines Dalby, the plant manager. “We expect full output by Friday.”", "We expect full", "Ines Dalby", "", true},
		{"continuation stops at another name", "“The pumps are running again,” said Ines Dalby. Her deputy Tomas Reyes disagreed. “We expect full output by Friday.”", "We expect full", "", "", true},
		{"continuation stays in its paragraph", "“The pumps are running again,” said Ines Dalby.\n“We expect full output by Friday, whatever the weather does.”", "We expect full", "", "", true},
		{"possessive not speaker", "Laura Finch, an aide to Senator Baxter’s campaign, declined to comment but later told the Post, “We will respond in court.”", "We will respond", "Laura Finch", "told", true},
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
			if c := got.Cue.In(tt.text); c != tt.cue {
				t.Errorf("cue %q, want %q", c, tt.cue)
			}
			if tt.speaker != "" && got.SpeakerSpan.IsZero() {
				t.Errorf("speaker span empty")
			}
		})
	}
}

func dumpQuotes(s string, qs []parallax.Quote) string {
	var b strings.Builder
	for _, q := range qs {
		b.WriteString("[" + q.Speaker + "|" + q.Cue.In(s) + "|" + q.Content.In(s) + "] ")
	}
	return b.String()
}

func TestScareQuotesDropped(t *testing.T) {
	p := newPipeline(t)
	s := "The so-called “reform package” arrived late. Critics described the plan as a “fiasco” at the time."
	a := p.Analyze(&parallax.Document{Text: s})
	for _, q := range a.Quotes {
		if q.Content.In(s) == "reform package" {
			t.Errorf("scare quote kept: %+v", q)
		}
	}
	found := false
	for _, q := range a.Quotes {
		if q.Content.In(s) == "fiasco" && q.Cue.In(s) == "described" {
			found = true
		}
	}
	if !found {
		t.Errorf("short quote with a cue dropped: %s", dumpQuotes(s, a.Quotes))
	}
}

func TestMentions(t *testing.T) {
	p := newPipeline(t)
	tests := []struct {
		name, text string
		want       []string // "kind:name" that must be present
		absent     []string // names that must not be mentions
	}{
		{"title stripped", "Ukrainian Deputy Prime Minister Olena Bondar arrived in Kyiv.", []string{"person:Olena Bondar", "place:Kyiv"}, []string{"Ukrainian Deputy Prime Minister Olena Bondar"}},
		{"lower-case role before name", "The talks were led by spokeswoman Ingrid Dahl and adviser Tomas Novak.", []string{"person:Ingrid Dahl", "person:Tomas Novak"}, nil},
		{"lower-case surname", "Officials met supporters of Donald trump on Monday. Later trump spoke to them.", []string{"person:Donald trump", "person:trump"}, nil},
		{"given name lower case", "A spokesman for the party hope Hicks declined to comment.", []string{"person:hope Hicks"}, nil},
		{"possessive", "Ortega’s team and Ortega's lawyers met. Felipe Ortega said nothing.", []string{"person:Ortega", "person:Felipe Ortega"}, []string{"Ortega’s", "Ortega's"}},
		{"org head-word", "The Ministry of Agriculture and the Federal Reserve Bank issued statements, the Daily Courier News reported.", []string{"org:Ministry of Agriculture", "org:Federal Reserve Bank", "org:Daily Courier News"}, nil},
		{"place after in", "The company opened an office in Zlatograd last year.", []string{"place:Zlatograd"}, nil},
		{"sentence start not a name", "Officials said the road was closed. Yesterday the road opened.", nil, []string{"Officials", "Yesterday"}},
		{"cue makes person", "The report was confirmed when Abernathy said the figures were final.", []string{"person:Abernathy"}, nil},
		{"particle", "The court heard Omar bin Rashid and Ursula von Hagen.", []string{"person:Omar bin Rashid", "person:Ursula von Hagen"}, nil},
		{"outlet and agency", "Interfax and The New York Times reported it first.", []string{"org:Interfax", "org:New York Times"}, nil},
		{"russian given names", "Sergey Volkov and Dmitry Belov met Yevgeny Orlov.", []string{"person:Sergey Volkov", "person:Dmitry Belov", "person:Yevgeny Orlov"}, nil},
		{"long name with cue is not a person", "Brookhill Water Services said the pipes would be replaced. The services resume on Monday.", nil, []string{"services", "Services"}},
		{"acronym place", "Trade between the U.S. and the EU grew.", []string{"place:U.S.", "org:EU"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := p.Analyze(&parallax.Document{Text: tt.text, Language: "en"})
			checkInvariants(t, tt.text, a)
			got := map[string]bool{}
			names := map[string]bool{}
			for _, m := range a.Mentions {
				got[string(m.Kind)+":"+m.Name] = true
				names[m.Name] = true
				if m.Span.In(tt.text) != m.Name {
					t.Errorf("mention name %q differs from its span %q", m.Name, m.Span.In(tt.text))
				}
			}
			for _, w := range tt.want {
				if !got[w] {
					t.Errorf("missing %s; got %v", w, got)
				}
			}
			for _, n := range tt.absent {
				if names[n] {
					t.Errorf("unexpected mention %q", n)
				}
			}
		})
	}
}

func TestSentences(t *testing.T) {
	p := newPipeline(t)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"titles and initials", "Mr. Hale met Dr. J. R. Okafor at noon. They spoke briefly.", []string{"Mr. Hale met Dr. J. R. Okafor at noon.", "They spoke briefly."}},
		{"abbreviations", "The U.S. economy grew at 3 p.m. Eastern time. The U.S. It was a surprise.", []string{"The U.S. economy grew at 3 p.m. Eastern time.", "The U.S.", "It was a surprise."}},
		{"quote ends sentence", "She called it “a fair deal.” Then she left.", []string{"She called it “a fair deal.”", "Then she left."}},
		{"quote continues", "“We are done,” he said. “Go home.” — said the guard.", []string{"“We are done,” he said.", "“Go home.” — said the guard."}},
		{"no space after quote", "It was “quite normal.”However, nobody agreed.", []string{"It was “quite normal.”", "However, nobody agreed."}},
		{"headline not glued", "Storm Hits Coast\nThe storm hit the coast on Monday.", []string{"Storm Hits Coast", "The storm hit the coast on Monday."}},
		{"question and exclamation", "Is it over? Yes! It is.", []string{"Is it over?", "Yes!", "It is."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := p.Analyze(&parallax.Document{Text: tt.text})
			checkInvariants(t, tt.text, a)
			var got []string
			for _, s := range a.Sentences {
				got = append(got, s.In(tt.text))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestLanguageTermsMinHash(t *testing.T) {
	p := newPipeline(t)
	en := "The council voted on Tuesday to expand the city library and to open two new reading rooms for children."
	a := p.Analyze(&parallax.Document{Text: en})
	if a.Language != "en" {
		t.Errorf("language %q, want en", a.Language)
	}
	terms := map[string]float64{}
	for _, tm := range a.Terms {
		terms[tm.Term] = tm.Weight
	}
	if terms["room"] != 1 || terms["librari"] != 1 || terms["the"] != 0 || terms["vote"] != 1 {
		t.Errorf("terms %v", a.Terms)
	}
	if len(a.MinHash) != 128 {
		t.Errorf("minhash length %d", len(a.MinHash))
	}
	if short := p.Analyze(&parallax.Document{Text: "Four words only here"}); short.MinHash != nil || short.Language != "" {
		t.Errorf("short text: minhash %v language %q", short.MinHash, short.Language)
	}
	ru := "Министр иностранных дел заявил, что переговоры продолжатся на следующей неделе в столице. Делегации обсудят торговлю, энергетику и безопасность границ."
	if r := p.Analyze(&parallax.Document{Text: ru}); r.Language != "ru" || len(r.Terms) == 0 {
		t.Errorf("russian: language %q terms %v", r.Language, r.Terms)
	}
	if g := p.Analyze(&parallax.Document{Text: "short", Language: "de"}); g.Language != "de" {
		t.Errorf("given language not kept: %q", g.Language)
	}
}
