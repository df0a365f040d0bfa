package quote

import (
	"strings"
	"testing"

	"github.com/parallax-news/parallax"
)

// TestLayout pins the two layouts read by rule (layout.go): a speaker label
// opening a paragraph and a name after a quotation and a dash. Names,
// places and events are invented.
func TestLayout(t *testing.T) {
	f, err := New(testLexicon{})
	if err != nil {
		t.Fatal(err)
	}
	const person = parallax.Person
	tests := []struct {
		name, text string
		known      map[string]parallax.EntityKind
		content    string // a prefix of the quotation's content
		source     string // the speaker span's words
		cue        string
		speaker    string
	}{
		{"a label in capitals takes the person the text names",
			"Senator Mara Quist spoke to Harbour Hour on Sunday.\nHOLLIS: Will you accept the result of the vote?\nQUIST: We will accept it, whatever the count says.",
			map[string]parallax.EntityKind{"Mara Quist": person},
			"We will accept it, whatever the count says", "QUIST", ":", "Mara Quist"},
		{"a label in capitals the text names no one by is title-cased",
			"Senator Mara Quist spoke to Harbour Hour on Sunday.\nHOLLIS: Will you accept the result of the vote?\nQUIST: We will accept it.",
			map[string]parallax.EntityKind{"Mara Quist": person},
			"Will you accept the result", "HOLLIS", ":", "Hollis"},
		{"two people share the surname: no guess",
			"Mara Quist and her brother Tomas Quist both ran for the harbour board.\nQUIST: We will accept it, whatever the count says.",
			map[string]parallax.EntityKind{"Mara Quist": person, "Tomas Quist": person},
			"We will accept it", "QUIST", ":", "Quist"},
		{"a name with a title",
			"Dana Ortiz chairs the ferry board.\nMs. Ortiz: The ferries will run again from the first of May.",
			map[string]parallax.EntityKind{"Dana Ortiz": person},
			"The ferries will run again", "Ms. Ortiz", ":", "Dana Ortiz"},
		{"a quoted transcript",
			"The station published the exchange.\n\"BRENNER: Do you regret the vote on the pier?\nLOWE: Not for a moment, and I would vote the same way again.",
			map[string]parallax.EntityKind{},
			"Do you regret the vote on the pier?", "BRENNER", ":", "Brenner"},
		{"an interview question",
			"The harbour master answered our questions.\nQ: What will the new fees pay for next year?\nA: Mostly the dredging of the north channel.",
			map[string]parallax.EntityKind{},
			"What will the new fees pay for next year?", "Q", ":", ""},
		{"a name after a quotation and a horizontal bar",
			"Nurses from the clinic spoke to us.\n“We are staying until the end of the strike.” ― Dana Ortiz",
			map[string]parallax.EntityKind{"Dana Ortiz": person},
			"We are staying until the end of the strike", "Dana Ortiz", "―", "Dana Ortiz"},
		{"an appositive after the name is not the source",
			"Nurses from the clinic spoke to us.\n\"We will not move from the gate.\" — Dana Ortiz, a nurse from Vell",
			map[string]parallax.EntityKind{},
			"We will not move from the gate", "Dana Ortiz", "—", "Dana Ortiz"},
		{"a surname after a hyphen takes the person the text names",
			"Dana Ortiz leads the nurses.\n\"The gate stays shut until Friday.\" - Ortiz.",
			map[string]parallax.EntityKind{"Dana Ortiz": person},
			"The gate stays shut until Friday", "Ortiz", "-", "Dana Ortiz"},
		{"two hyphens",
			"Nurses from the clinic spoke to us.\n“Nobody asked us about the rota.” -- Lev Marsh",
			map[string]parallax.EntityKind{},
			"Nobody asked us about the rota", "Lev Marsh", "--", "Lev Marsh"},
		{"the dash and name as the next paragraph",
			"Voices from the harbour rally:\n\"The ferry has to run every day of the week.\"\n\n- Lev Marsh, a fisherman.",
			map[string]parallax.EntityKind{},
			"The ferry has to run every day of the week", "Lev Marsh", "-", "Lev Marsh"},
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
			if s := got.SpeakerSpan.In(tt.text); s != tt.source {
				t.Errorf("speaker span %q, want %q: %s", s, tt.source, dump(tt.text, qs))
			}
			if c := got.Cue.In(tt.text); c != tt.cue {
				t.Errorf("cue %q, want %q: %s", c, tt.cue, dump(tt.text, qs))
			}
			if got.Speaker != tt.speaker {
				t.Errorf("speaker %q, want %q: %s", got.Speaker, tt.speaker, dump(tt.text, qs))
			}
			// One attribution per label or name: the model's is replaced, not doubled.
			n := 0
			for _, q := range qs {
				if q.SpeakerSpan == got.SpeakerSpan {
					n++
				}
			}
			if n != 1 {
				t.Errorf("%d quotations with the source %q: %s", n, tt.source, dump(tt.text, qs))
			}
		})
	}
}

// TestLayoutNegatives: headings, times, colons and dashes inside sentences
// are no attributions by layout. Sentences invented.
func TestLayoutNegatives(t *testing.T) {
	f, err := New(testLexicon{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text string
		known      map[string]parallax.EntityKind
	}{
		{"headings", "Related: Harbour fees rise again this spring\nPhoto: Crowds at the pier on Monday morning\n" +
			"Updated: The vote was moved to Friday evening\nEditor's note: An earlier version misspelled the name of the pier.\n" +
			"UPDATE: The ferry left the harbour at noon with forty people.\nThe Latest: Ferry strike enters its third week", nil},
		{"a time", "The board meets at 10:30 in the town hall and the vote follows at noon.", nil},
		{"a colon inside a sentence", "He had one demand: the pier must reopen before May.\nThe mayor had one demand: a new ferry for the islands.", nil},
		{"a place heads a list", "Vell: Dana Ortiz, Lev Marsh, Mara Quist and Tomas Quist.", map[string]parallax.EntityKind{"Vell": parallax.Place}},
		{"a number after the label", "Quist: 4,120 votes in the first count.", nil},
		{"too little after the colon", "Ortiz: Yes.", nil},
		{"a dash inside a sentence", "The plan to close the pier — Ortiz called it a mistake — was dropped on Monday.", nil},
		{"a dash before lower-case words", "“We tried everything we could,” — and the board voted anyway.", nil},
		{"a name that opens a clause", "“The gate stays shut.” — Ortiz smiled at the crowd and walked away.", nil},
		{"a dash after a paragraph that is no quotation", "The board met for three hours on Monday.\n\n- Lev Marsh.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			paras, sents, toks, ms := input(t, tt.text, tt.known)
			for _, q := range f.Find(tt.text, paras, sents, toks, ms) {
				switch q.Cue.In(tt.text) {
				case ":", "―", "—", "–", "-", "--":
					t.Errorf("an attribution by layout: %s", dump(tt.text, []parallax.Quote{q}))
				}
			}
		})
	}
}

func TestAsWritten(t *testing.T) {
	for in, want := range map[string]string{"PENCE": "Pence", "JAKE TAPPER": "Jake Tapper", "O'NEIL": "O'Neil",
		"SEITZ-WALD": "Seitz-Wald", "Dana Ortiz": "Dana Ortiz", "Q": "Q"} {
		if got := asWritten(in); got != want {
			t.Errorf("asWritten(%q) = %q, want %q", in, got, want)
		}
	}
}
