package entity

import (
	"sync"

	"github.com/parallax-news/parallax/analyze/ner"
	"github.com/parallax-news/parallax/analyze/text"
)

// rules is the revision of this package's code. Bump it when a code change
// alters which mentions are found or how they are named; edits to the
// embedded word lists need no bump, since Version hashes them, nor does
// retraining the tagger, whose model version Version names.
const rules = "3"

var version = sync.OnceValue(func() string {
	v := text.DataVersion(rules, data)
	if m, err := ner.Default(); err == nil {
		v += "+ner." + m.Version()
	}
	return v
})

// Version identifies the rules, embedded word lists and tagger model that
// mentions are found with: the code's revision, a short hash of the data
// and the model's version.
func Version() string { return version() }
