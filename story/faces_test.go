package story

import (
	"sync"
	"testing"
	"time"

	parallax "github.com/parallax-news/parallax"
	"github.com/parallax-news/parallax/analyze"
)

// pipeline is the real analysis pipeline: the timeline, claims and summary
// read what the annotators find, so their tests run on analysed text.
var pipeline = sync.OnceValue(func() *analyze.Pipeline {
	p, err := analyze.New()
	if err != nil {
		panic(err)
	}
	return p
})

// analysed returns an invented article with its analysis, published at day.
func analysed(id, outlet, day, text string) *parallax.StoredArticle {
	at, err := time.Parse(time.DateOnly, day)
	if err != nil {
		panic(err)
	}
	doc := &parallax.Document{Text: text, Published: at, Language: "en"}
	return &parallax.StoredArticle{ArticleMeta: parallax.ArticleMeta{ID: id, Outlet: outlet, Published: at, Language: "en"},
		Text: text, Analysis: pipeline().Analyze(doc)}
}

// ferryStory is an invented story: a ferry company says its ship passed an
// inspection, the transport minister denies there was one, a wire copy
// repeats the first report, and a later article recounts the spokesman's
// statement with its own date.
func ferryStory() []*parallax.StoredArticle {
	a := analysed("f1", "harbour.example", "2031-04-10", // a Thursday
		"Ferry operator says Aurora passed inspection\n\n"+
			"Northwind Ferries said on Tuesday that its ship Aurora had passed a full safety inspection in March.\n\n"+
			"\"The Aurora was inspected from bow to stern and nothing was found,\" company spokesman Tomas Berg told the Harbour Gazette.\n\n"+
			"Transport minister Elin Dahl flatly denied that any inspection had taken place, saying: \"No inspector has boarded the Aurora this year.\"\n\n"+
			"The union did not respond to a request for comment.\n\n"+
			"The Aurora carried 412 passengers on its last crossing, the company said.")
	b := analysed("f2", "coast.example", "2031-04-11",
		"Minister disputes ferry inspection\n\n"+
			"Elin Dahl, the transport minister, said on Wednesday that the ministry had no record of an inspection of the Aurora.\n\n"+
			"\"No inspector has boarded the Aurora this year,\" Dahl said.\n\n"+
			"Tomas Berg, a spokesman for Northwind Ferries, said on Tuesday that \"the Aurora was inspected from bow to stern\".\n\n"+
			"The Aurora carried 385 passengers on its last crossing, according to port records.")
	c := analysed("f3", "wire.example", "2031-04-10",
		"Ferry operator says Aurora passed inspection\n\n"+
			"Northwind Ferries said on Tuesday that its ship Aurora had passed a full safety inspection in March.\n\n"+
			"\"The Aurora was inspected from bow to stern and nothing was found,\" company spokesman Tomas Berg told the Harbour Gazette.")
	c.DuplicateOf = "f1"
	d := analysed("f4", "weekly.example", "2031-04-20",
		"A week of questions for Northwind\n\n"+
			"Earlier, company spokesman Tomas Berg had said: \"The Aurora was inspected from bow to stern and nothing was found.\"\n\n"+
			"On Friday the ministry published its own inspection calendar.")
	return []*parallax.StoredArticle{a, b, c, d}
}

func composeFerry(t *testing.T, opts ...Option) parallax.StoryView {
	t.Helper()
	return Compose(parallax.StorySummary{ID: "s"}, ferryStory(), opts...)
}

func entryOf(v parallax.StoryView, speaker string) *parallax.TimelineEntry {
	for i, e := range v.Timeline {
		if e.Speaker == speaker {
			return &v.Timeline[i]
		}
	}
	return nil
}
