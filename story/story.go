// Package story composes the view of one story from its stored articles:
// canonical entities across the story's articles, the quotations by speaker,
// and the statements they carry across articles.
package story

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	parallax "github.com/parallax-news/parallax"
)

// maxTitle is the length, in bytes, beyond which a title taken from an
// article's first sentence is cut at a word boundary.
const maxTitle = 120

// Compose builds the view of a story from its summary and its stored articles
// (with analyses). It does no I/O and never fails: odd analyses yield fewer entities.
func Compose(sum parallax.StorySummary, arts []*parallax.StoredArticle, opts ...Option) parallax.StoryView {
	arts = slices.DeleteFunc(slices.Clone(arts), func(a *parallax.StoredArticle) bool { return a == nil })
	ents := resolve(arts)
	view := parallax.StoryView{
		StorySummary: sum,
		Entities:     ents.list(),
		Quotes:       quotes(arts, ents),
	}
	view.Statements = statements(arts, view.Quotes)
	view.Speakers = speakers(arts, ents, view.Statements)
	view.Why = why(arts, view.Statements, view.Entities)
	view.Lineage, view.IndependentSources = lineage(arts, view.Statements)
	faces(&view, arts, ents, opts)
	if view.Title == "" {
		view.Title = fallbackTitle(arts)
	}
	if view.Articles == nil {
		view.Articles = []parallax.ArticleMeta{}
	}
	return view
}

// articleTime is when an article appeared: published, else fetched.
func articleTime(a *parallax.StoredArticle) time.Time {
	if !a.Published.IsZero() {
		return a.Published
	}
	return a.Fetched
}

// byTime orders articles oldest first; an article without any time sorts
// last, and ties keep the id order so views are stable.
func byTime(a, b *parallax.StoredArticle) int {
	ta, tb := articleTime(a), articleTime(b)
	if ta.IsZero() != tb.IsZero() {
		if ta.IsZero() {
			return 1
		}
		return -1
	}
	return cmp.Or(ta.Compare(tb), strings.Compare(a.ID, b.ID))
}

// quotes lists every quotation of the story's articles with its speaker
// mapped to the story's canonical entity. Quotes whose span does not lie in
// the article's text are dropped rather than shown wrong.
func quotes(arts []*parallax.StoredArticle, ents *entities) []parallax.StoryQuote {
	out := []parallax.StoryQuote{}
	when := map[string]*parallax.StoredArticle{}
	for _, a := range arts {
		when[a.ID] = a
		for _, q := range a.Analysis.Quotes {
			text := q.Content.In(a.Text)
			if strings.TrimSpace(text) == "" {
				continue
			}
			sq := parallax.StoryQuote{Text: text, Article: a.ID, Start: q.Content.Start, End: q.Content.End, Direct: q.Direct,
				ToldTo: ents.outletNames(q.ToldTo), Via: ents.outletNames(q.Via)}
			if e := ents.speaker(q.Speaker); e != nil {
				sq.Speaker, sq.EntityID = e.Name, e.ID
			} else {
				// A speaker the entity tagger missed keeps its own name:
				// dropping it would lose an attribution the quote finder made.
				sq.Speaker = displayName(q.Speaker)
			}
			out = append(out, sq)
		}
	}
	// Named speakers first, alphabetically; unknown speakers last. Within a
	// speaker, the order in which the words appeared.
	slices.SortStableFunc(out, func(x, y parallax.StoryQuote) int {
		if (x.Speaker == "") != (y.Speaker == "") {
			if x.Speaker == "" {
				return 1
			}
			return -1
		}
		return cmp.Or(
			strings.Compare(x.Speaker, y.Speaker),
			byTime(when[x.Article], when[y.Article]),
			cmp.Compare(x.Start, y.Start),
		)
	})
	return out
}

// fallbackTitle names a story that has no title: the earliest article's
// title, else its first sentence, shortened to about maxTitle bytes.
func fallbackTitle(arts []*parallax.StoredArticle) string {
	if len(arts) == 0 {
		return ""
	}
	first := slices.MinFunc(arts, byTime)
	if t := strings.Join(strings.Fields(first.Title), " "); t != "" {
		return truncate(t, maxTitle)
	}
	return truncate(firstSentence(first), maxTitle)
}

// firstSentence returns the first sentence of the article: the analysis's
// first sentence span if it is usable, else the text up to the first line
// break or sentence end.
func firstSentence(a *parallax.StoredArticle) string {
	for _, s := range a.Analysis.Sentences {
		if t := strings.TrimSpace(s.In(a.Text)); t != "" {
			return strings.Join(strings.Fields(t), " ")
		}
	}
	text := strings.TrimSpace(a.Text)
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = text[:i]
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if (c == '.' || c == '?' || c == '!') && i+1 < len(text) && text[i+1] == ' ' && !initial(text[:i]) {
			text = text[:i+1]
			break
		}
	}
	return strings.Join(strings.Fields(text), " ")
}

// initial reports whether s ends in a one-letter word ("J", "U.S"): a
// full stop after it is an abbreviation, not a sentence end.
func initial(s string) bool {
	i := strings.LastIndexAny(s, " .")
	r, n := utf8.DecodeRuneInString(s[i+1:])
	return n > 0 && i+1+n == len(s) && unicode.IsUpper(r)
}

// truncate shortens s to at most n bytes plus an ellipsis, cutting at the
// last space so no word is split; a single overlong word is cut at a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if i := strings.LastIndexByte(s[:cut], ' '); i > n/2 {
		cut = i
	}
	return strings.TrimRightFunc(s[:cut], func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…"
}
