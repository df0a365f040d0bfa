package story

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	parallax "github.com/parallax-news/parallax"
)

// quoteIn returns a story quote of words in a, which must hold them.
func quoteIn(a *parallax.StoredArticle, words, speaker, entity string) parallax.StoryQuote {
	i := strings.Index(a.Text, words)
	if i < 0 {
		panic("fixture: " + words + " not in " + a.ID)
	}
	return parallax.StoryQuote{Speaker: speaker, EntityID: entity, Text: words, Article: a.ID, Start: i, End: i + len(words)}
}

func storedArticle(id, outlet string, at time.Time, text string) *parallax.StoredArticle {
	return &parallax.StoredArticle{ArticleMeta: parallax.ArticleMeta{ID: id, Outlet: outlet, Published: at}, Text: text}
}

// occurrences lists a statement's occurrences as "article@start".
func occurrences(st parallax.Statement) []string {
	var out []string
	for _, o := range st.Occurrences {
		out = append(out, o.Article+"@"+strings.Fields(o.Text)[0])
	}
	return out
}

func TestStatements(t *testing.T) {
	t0 := time.Date(2031, 3, 2, 8, 0, 0, 0, time.UTC)
	a := storedArticle("a", "north.example", t0,
		`Anna Keller said: "We will not raise the harbour fees this year, whatever the shipping lines say." `+
			`She added: "The new terminal will open in the spring of 2031." A statement said: "No comment."`)
	b := storedArticle("b", "south.example", t0.Add(2*time.Hour),
		`"We are not going to raise harbour fees this year, whatever shipping companies say," Keller told reporters. `+
			`"The new terminal opens in spring 2031," she said. Tomas Berg echoed her: `+
			`"We will not raise the harbour fees this year, whatever the shipping lines say." `+
			`"Ferries first," said Lena Ode.`)
	c := storedArticle("c", "east.example", t0.Add(time.Hour),
		`Keller said the board would hold firm, "whatever the shipping lines say". "Ferries first," Ode said.`)
	// b0 appeared with b, and its id sorts first.
	b0 := storedArticle("b0", "west.example", t0.Add(2*time.Hour),
		`Keller was quoted as saying: "We will raise the harbour fees this year, whatever the shipping lines say."`)
	const keller, berg = "e-keller", "e-berg"
	quotes := []parallax.StoryQuote{
		quoteIn(a, "We will not raise the harbour fees this year, whatever the shipping lines say.", "Anna Keller", keller),
		quoteIn(a, "harbour fees", "Anna Keller", keller), // a fragment inside the quote above
		quoteIn(a, "The new terminal will open in the spring of 2031.", "Anna Keller", keller),
		quoteIn(a, "No comment.", "", ""), // nobody's statement
		quoteIn(b, "We are not going to raise harbour fees this year, whatever shipping companies say,", "Anna Keller", keller),
		quoteIn(b, "The new terminal opens in spring 2031,", "Anna Keller", keller),
		quoteIn(b, "We will not raise the harbour fees this year, whatever the shipping lines say.", "Tomas Berg", berg),
		quoteIn(b, "Ferries first,", "Lena Ode", ""), // a speaker the tagger missed
		quoteIn(c, "whatever the shipping lines say", "Anna Keller", keller),
		quoteIn(c, "Ferries first,", "Lena Ode", ""),
		quoteIn(b0, "We will raise the harbour fees this year, whatever the shipping lines say.", "Anna Keller", keller),
		{Speaker: "Anna Keller", EntityID: keller, Text: "gone", Article: "deleted", Start: 0, End: 4},
	}
	got := statements([]*parallax.StoredArticle{a, b, c, b0}, quotes)

	type want struct {
		speaker, entity, text string
		occ                   []string
	}
	wants := []want{
		{"Anna Keller", keller, "We will not raise the harbour fees this year, whatever the shipping lines say.",
			[]string{"a@We", "a@harbour", "c@whatever", "b@We"}},
		{"Anna Keller", keller, "The new terminal will open in the spring of 2031.", []string{"a@The", "b@The"}},
		// The same words without the "not" say the opposite: another statement.
		{"Anna Keller", keller, "We will raise the harbour fees this year, whatever the shipping lines say.", []string{"b0@We"}},
		{"Lena Ode", "", "Ferries first,", []string{"c@Ferries", "b@Ferries"}},
		// The same words from another speaker are that speaker's statement.
		{"Tomas Berg", berg, "We will not raise the harbour fees this year, whatever the shipping lines say.", []string{"b@We"}},
	}
	if len(got) != len(wants) {
		for _, st := range got {
			t.Logf("%s: %q %v", st.Speaker, st.Text, occurrences(st))
		}
		t.Fatalf("%d statements, want %d", len(got), len(wants))
	}
	for i, w := range wants {
		st := got[i]
		if st.Speaker != w.speaker || st.EntityID != w.entity || st.Text != w.text || !slices.Equal(occurrences(st), w.occ) {
			t.Errorf("statement %d = %s %q %q %v\nwant %s %q %q %v", i, st.Speaker, st.EntityID, st.Text, occurrences(st),
				w.speaker, w.entity, w.text, w.occ)
		}
	}
	first := got[0].Occurrences[0]
	if first.Outlet != "north.example" || !first.Published.Equal(t0) || a.Text[first.Start:first.End] != first.Text {
		t.Errorf("occurrence does not describe its article: %+v", first)
	}

	// The grouping does not depend on the order of articles or quotes.
	rev := slices.Clone(quotes)
	slices.Reverse(rev)
	if again := statements([]*parallax.StoredArticle{b0, c, b, a}, rev); !reflect.DeepEqual(again, got) {
		t.Error("another input order gave other statements")
	}
}

func TestComposeStatements(t *testing.T) {
	t0 := time.Date(2031, 3, 2, 8, 0, 0, 0, time.UTC)
	mk := func(id string, at time.Time, text, quote string) *parallax.StoredArticle {
		a := storedArticle(id, id+".example", at, text)
		q := strings.Index(text, quote)
		n := strings.Index(text, "Anna Keller")
		a.Analysis.Mentions = []parallax.Mention{{Span: parallax.Span{Start: n, End: n + len("Anna Keller")}, Kind: parallax.Person, Name: "Anna Keller"}}
		a.Analysis.Quotes = []parallax.Quote{{Content: parallax.Span{Start: q, End: q + len(quote)}, Speaker: "Anna Keller", Direct: true}}
		return a
	}
	arts := []*parallax.StoredArticle{
		mk("x", t0.Add(time.Hour), `"The ferry will run all winter," said Anna Keller.`, "The ferry will run all winter,"),
		mk("y", t0, `Anna Keller said: "the ferry will run all winter".`, "the ferry will run all winter"),
	}
	v := Compose(parallax.StorySummary{ID: "s"}, arts)
	if len(v.Statements) != 1 || len(v.Statements[0].Occurrences) != 2 {
		t.Fatalf("statements = %+v, want one with two occurrences", v.Statements)
	}
	st := v.Statements[0]
	if st.Speaker != "Anna Keller" || st.EntityID == "" || st.Text != "the ferry will run all winter" || st.Occurrences[0].Article != "y" {
		t.Errorf("statement = %+v", st)
	}

	// A story without quotes has an empty list, never null, in its JSON.
	raw, err := json.Marshal(Compose(parallax.StorySummary{ID: "s"}, nil))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), `"statements":[]`) {
		t.Errorf("JSON without quotes: %s", raw)
	}
}
