package pipeline

import (
	"context"
	"strings"
	"sync"

	"github.com/parallax-news/parallax"
)

// Site templates: a line an outlet prints on most of its pages ("Sign up for
// our morning briefing", "The agency contributed to this report") is
// furniture the extractor could not tell from the text on one page alone.
// The store counts, per outlet, the short lines of the articles stored; a
// line found in at least templateMinArticles of an outlet's articles and in
// templateShare of them is taken out of its later articles.
//
// Counts are learned at the end of an ingest run and read once per outlet
// per run, so what a run strips depends only on the store as the run found
// it, not on how its parallel workers were scheduled: the same input gives
// the same store. A crash loses the counts of the run in flight, never an
// article.
const (
	templateMinArticles = 5
	templateShare       = 0.3
)

// templateCache holds the template lines of the outlets met in one run.
type templateCache struct {
	store parallax.TemplateStore
	mu    sync.Mutex
	lines map[string]*outletLines
}

type outletLines struct {
	once  sync.Once
	lines map[uint64]bool
}

func newTemplateCache(s parallax.TemplateStore) *templateCache {
	return &templateCache{store: s, lines: map[string]*outletLines{}}
}

// get returns the template lines of an outlet, reading them from the store
// the first time; a store error means none (an article is never refused
// for want of furniture counts).
func (c *templateCache) get(ctx context.Context, outlet string) map[uint64]bool {
	c.mu.Lock()
	ol := c.lines[outlet]
	if ol == nil {
		ol = &outletLines{}
		c.lines[outlet] = ol
	}
	c.mu.Unlock()
	ol.once.Do(func() {
		ol.lines, _ = c.store.TemplateLines(ctx, outlet, templateMinArticles, templateShare)
	})
	return ol.lines
}

// strip removes the outlet's template lines from text; it keeps the text as
// it is when that would remove half of it or more, which is an article
// about the furniture (or a wrong count), not furniture.
func (c *templateCache) strip(ctx context.Context, outlet, text string) string {
	if c == nil || c.store == nil || outlet == "" {
		return text
	}
	lines := c.get(ctx, outlet)
	if len(lines) == 0 {
		return text
	}
	paras := strings.Split(text, "\n")
	kept := make([]string, 0, len(paras))
	for _, p := range paras {
		if k, ok := parallax.TemplateKey(p); ok && lines[k] {
			continue
		}
		kept = append(kept, p)
	}
	out := strings.TrimSpace(strings.Join(kept, "\n"))
	if len(kept) == len(paras) || 2*len(out) <= len(strings.TrimSpace(text)) {
		return text
	}
	return out
}

// learn records the template-line keys of the run's stored articles.
func (p *Pipeline) learn(ctx context.Context, learned map[string][][]uint64) error {
	if p.cfg.Templates == nil || len(learned) == 0 {
		return nil
	}
	return p.cfg.Templates.LearnTemplates(context.WithoutCancel(ctx), learned)
}
