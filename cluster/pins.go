package cluster

import parallax "github.com/parallax-news/parallax"

// Pins keeps the users' decisions while articles are placed again
// (parallax.Reclusterer): articles a user merged share a pin, and articles
// a user split apart have different pins. Whatever the clusterer now
// proposes, the articles of one pin go to one story, and no story takes
// articles of two pins; unpinned articles are placed freely.
type Pins struct {
	story map[string]string // pin → its story in this run
	pin   map[string]string // story → the pin it holds
}

// NewPins returns an empty book of pins for one run.
func NewPins() *Pins {
	return &Pins{story: map[string]string{}, pin: map[string]string{}}
}

// Apply corrects rec.Placement, which Place has just filled, for the
// article's pin ("" for none), and records where the pin went.
func (ps *Pins) Apply(rec *parallax.Record, pin string) {
	if pin == "" {
		return
	}
	p := &rec.Placement
	if s, ok := ps.story[pin]; ok {
		if p.Story != s {
			// The score measured another story; the user's decision has none.
			p.Story, p.NewStory, p.Storyline, p.NewStoryline, p.Score = s, false, "", false, 0
		}
		return
	}
	if other, ok := ps.pin[p.Story]; ok && other != pin {
		// The first article of this pin would join another pin's story:
		// it starts one of its own, in a storyline of its own.
		p.Story, p.NewStory, p.Storyline, p.NewStoryline, p.Score = StoryID(rec.Article.ID), true, "", false, 0
	}
	ps.story[pin] = p.Story
	ps.pin[p.Story] = pin
}
