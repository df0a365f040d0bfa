package story

import (
	"context"
	"slices"

	parallax "github.com/parallax-news/parallax"
)

// MaxStorylineArticles bounds the articles a storyline view is composed
// from: the events are read latest first until this many articles are in
// hand, so a storyline that has run for a year costs what a large story
// costs. The events list itself is always complete.
const MaxStorylineArticles = 400

// Reader is what Storyline reads a storyline through (a parallax.Store).
type Reader interface {
	Storyline(ctx context.Context, id string) (parallax.StorylineSummary, []parallax.StorySummary, error)
	Story(ctx context.Context, id string) (parallax.StorySummary, []*parallax.StoredArticle, error)
}

// Storyline reads storyline id and its events through r and composes the
// view over their articles: claims and contradictions across events, one
// timeline, and one cited summary. Errors are r's (ENotFound for an unknown
// id); an event deleted between the reads is skipped.
func Storyline(ctx context.Context, r Reader, id string, opts ...Option) (parallax.StorylineView, error) {
	sum, events, err := r.Storyline(ctx, id)
	if err != nil {
		return parallax.StorylineView{}, err
	}
	var arts []*parallax.StoredArticle
	for i := len(events) - 1; i >= 0 && len(arts) < MaxStorylineArticles; i-- {
		_, as, err := r.Story(ctx, events[i].ID)
		if parallax.ErrorCode(err) == parallax.ENotFound {
			continue
		}
		if err != nil {
			return parallax.StorylineView{}, err
		}
		arts = append(arts, as...)
	}
	return ComposeStoryline(sum, events, arts, opts...), nil
}

// ComposeStoryline builds a storyline's view from its summary, its events
// and their stored articles. Like Compose it does no I/O and never fails.
func ComposeStoryline(sum parallax.StorylineSummary, events []parallax.StorySummary, arts []*parallax.StoredArticle, opts ...Option) parallax.StorylineView {
	arts = slices.DeleteFunc(slices.Clone(arts), func(a *parallax.StoredArticle) bool { return a == nil })
	if events == nil {
		events = []parallax.StorySummary{}
	}
	// What Compose does, less what only a story shows (why each article is
	// in it, lineage): a storyline's articles are in different stories.
	ents := resolve(arts)
	v := parallax.StoryView{Entities: ents.list(), Quotes: quotes(arts, ents)}
	v.Statements = statements(arts, v.Quotes)
	v.Speakers = speakers(arts, ents, v.Statements)
	faces(&v, arts, ents, opts)
	return parallax.StorylineView{
		StorylineSummary: sum,
		Stories:          events,
		Entities:         v.Entities,
		Statements:       v.Statements,
		Speakers:         v.Speakers,
		Claims:           v.Claims,
		Contradictions:   v.Contradictions,
		Timeline:         v.Timeline,
		Summary:          v.Summary,
	}
}
