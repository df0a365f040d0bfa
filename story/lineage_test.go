package story

import (
	"reflect"
	"strings"
	"testing"
	"time"

	parallax "github.com/parallax-news/parallax"
)

// lineageArticle makes a stored article of text in lang published at hour
// h of one invented day; sentences are split at ". " so the test needs no
// analyzer.
func lineageArticle(id, lang string, h int, text string) *parallax.StoredArticle {
	a := &parallax.StoredArticle{
		ArticleMeta: parallax.ArticleMeta{ID: id, Language: lang, Published: time.Date(2031, 6, 2, h, 0, 0, 0, time.UTC)},
		Text:        text,
	}
	a.Analysis.Language = lang
	start := 0
	for i := 0; i < len(text); i++ {
		if (text[i] == '.' || text[i] == '!') && (i+1 == len(text) || text[i+1] == ' ' || text[i+1] == '\n') {
			a.Analysis.Sentences = append(a.Analysis.Sentences, parallax.Span{Start: start, End: i + 1})
			start = i + 2
		}
	}
	return a
}

const (
	// An invented report and what outlets made of it.
	ferryEN = "The ferry Marisol ran aground off Quillon on Sunday with 212 passengers aboard. " +
		"Coastguard commander Edda Varn said all 212 were taken off by 9 p.m. " +
		"The ship hit a sandbank 3.5 km from the harbour at 4.40 p.m. " +
		"Divers found a 14-metre gash in the hull. " +
		"The operator Brisk Lines said the route would stay closed until 20 June."
	// ferryRewrite says the same in other words, sentence for sentence.
	ferryRewrite = "With 212 passengers on board, the ferry Marisol ran aground off Quillon on Sunday. " +
		"All 212 had been taken off by 9 p.m., coastguard commander Edda Varn said. " +
		"At 4.40 that afternoon the ship struck a sandbank 3.5 km out from the harbour. " +
		"A 14-metre gash in the hull was found by divers. " +
		"Brisk Lines, the operator, said the route would stay closed until 20 June."
	// ferryDE is its German translation.
	ferryDE = "Die Fähre Marisol ist am Sonntag vor Quillon mit 212 Passagieren an Bord auf Grund gelaufen. " +
		"Alle 212 seien bis 21 Uhr von Bord gebracht worden, sagte Küstenwachen-Kommandantin Edda Varn. " +
		"Das Schiff lief um 16.40 Uhr 3,5 km vor dem Hafen auf eine Sandbank. " +
		"Taucher fanden ein 14 Meter langes Leck im Rumpf. " +
		"Der Betreiber Brisk Lines teilte mit, die Strecke bleibe bis zum 20. Juni gesperrt."
	// ferryOwn is an independent report of the same event: its own
	// facts, its own order, its own build.
	ferryOwn = "Passengers described panic as the Marisol shuddered to a halt. " +
		"Edda Varn of the coastguard praised the crew. " +
		"Brisk Lines has run the Quillon route since 2019 and carried 40,000 people last year. " +
		"Insurers will send assessors on Tuesday."
)

func TestLineageKinds(t *testing.T) {
	src := lineageArticle("src", "en", 8, ferryEN)
	copied := lineageArticle("copy", "en", 9, ferryEN+"\n\nRead more on Harbour Daily. © 2031 Harbour Daily. All rights reserved.")
	linked := lineageArticle("linked", "en", 10, ferryEN)
	linked.DuplicateOf = "src"
	rewrite := lineageArticle("rewrite", "en", 11, ferryRewrite)
	de := lineageArticle("de", "de", 12, ferryDE)
	own := lineageArticle("own", "en", 13, ferryOwn)
	got, independent := lineage([]*parallax.StoredArticle{own, de, rewrite, linked, copied, src}, nil)
	want := map[string][2]string{
		"copy":    {"src", LineageCopy},
		"linked":  {"src", LineageCopy},
		"rewrite": {"src", LineageRewrite},
		"de":      {"src", LineageTranslation},
	}
	gotMap := map[string][2]string{}
	for _, l := range got {
		gotMap[l.Article] = [2]string{l.Source, l.Kind}
		if l.Score <= 0 || l.Score > 1 {
			t.Errorf("%s: score %v", l.Article, l.Score)
		}
	}
	if !reflect.DeepEqual(gotMap, want) {
		t.Errorf("lineage = %+v, want %v", got, want)
	}
	// The source and the independent report are the story's two sources.
	if independent != 2 {
		t.Errorf("%d independent sources, want 2", independent)
	}
	// Earliest first, whatever order the articles came in.
	for i := 1; i < len(got); i++ {
		if !strings.Contains("copy linked rewrite de", got[i-1].Article) {
			t.Errorf("unexpected article %s", got[i-1].Article)
		}
	}
	if len(got) == 4 && (got[0].Article != "copy" || got[3].Article != "de") {
		t.Errorf("not in time order: %+v", got)
	}
}

// TestLineageNotReuse checks that a source never comes later than its
// reuse and that reports sharing names and figures in their own build are
// independent.
func TestLineageNotReuse(t *testing.T) {
	// The same text, published earlier under the later id: the earlier
	// one is the source.
	a := lineageArticle("zz-first", "en", 7, ferryEN)
	b := lineageArticle("aa-second", "en", 9, ferryEN)
	got, n := lineage([]*parallax.StoredArticle{b, a}, nil)
	if len(got) != 1 || got[0].Article != "aa-second" || got[0].Source != "zz-first" || n != 1 {
		t.Errorf("lineage = %+v, %d independent", got, n)
	}
	// Independent reports, in one language and in two.
	own := lineageArticle("own", "en", 10, ferryOwn)
	ownDE := lineageArticle("own-de", "de", 11, "Die Reederei Brisk Lines will die Strecke nach Quillon bald wieder öffnen. "+
		"Die Küstenwache lobte unter Kommandantin Edda Varn die Besatzung der Marisol.")
	got, n = lineage([]*parallax.StoredArticle{a, own, ownDE}, nil)
	if len(got) != 0 || n != 3 {
		t.Errorf("independent reports linked: %+v (%d independent)", got, n)
	}
	// Nothing to compare: no lineage, never nil.
	if got, n := lineage(nil, nil); got == nil || len(got) != 0 || n != 0 {
		t.Errorf("empty story: %v, %d", got, n)
	}
}

// TestLineageStatement: a same-language report that follows its source
// sentence by sentence but rewords it is a rewrite only with a wording or
// statement in common; the statement list supplies the latter.
func TestLineageStatement(t *testing.T) {
	src := lineageArticle("src", "en", 8, "Mayor Ines Rahl opened the Korvo bridge on 3 May. It cost 41 million. It took 6 years.")
	re := lineageArticle("re", "en", 9, "On 3 May the Korvo bridge was declared open by Ines Rahl. Its price was 41 million. Building lasted 6 years.")
	if got, _ := lineage([]*parallax.StoredArticle{src, re}, nil); len(got) != 0 {
		t.Errorf("no wording or statement in common, yet %+v", got)
	}
	st := []parallax.Statement{{Speaker: "Ines Rahl", Occurrences: []parallax.StatementOccurrence{{Article: "src"}, {Article: "re"}}}}
	got, _ := lineage([]*parallax.StoredArticle{src, re}, st)
	if len(got) != 1 || got[0].Kind != LineageRewrite || got[0].Source != "src" {
		t.Errorf("with a shared statement: %+v", got)
	}
}

func TestTextFigures(t *testing.T) {
	got := textFigures("Magnitude 6,1 (6.1), 27 000 and 27.000 and 27,000 homes; at 04:12, 2026–2029. On 11 March 2031.")
	want := []string{"61", "61", "27000", "27000", "27000", "04", "12", "2026", "2029", "11", "2031"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("textFigures = %v, want %v", got, want)
	}
}
