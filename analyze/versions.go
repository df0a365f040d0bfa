package analyze

import (
	"github.com/parallax-news/parallax/analyze/entity"
	"github.com/parallax-news/parallax/analyze/fingerprint"
	"github.com/parallax-news/parallax/analyze/quote"
	"github.com/parallax-news/parallax/analyze/terms"
	"github.com/parallax-news/parallax/analyze/text"
	"github.com/parallax-news/parallax/cluster"
)

// Versions returns the version of the pipeline ("analyze": Version), of
// each annotator's rules and data by package name, and of the clustering
// keys derived from them. Analyze records it in
// every Analysis; an analysis whose Versions differ from it in any entry was
// made by other rules and is redone by reanalysis. The map is the caller's.
func (p *Pipeline) Versions() map[string]string {
	return map[string]string{
		"analyze":     Version,
		"text":        text.Version(),
		"entity":      entity.Version(),
		"quote":       quote.Version(),
		"terms":       terms.Version(),
		"fingerprint": fingerprint.Version,
		// The clustering keys are stored with the analysis and redone with it.
		"cluster": cluster.Version,
	}
}
