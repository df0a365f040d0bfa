package terms

import (
	"sync"

	"github.com/parallax-news/parallax/analyze/text"
)

// rules is the revision of this package's code. Bump it when a code change
// alters the terms of a text (which words are kept, how they are stemmed or
// counted); edits to the embedded stop lists need no bump, since Version
// hashes them.
const rules = "1"

var version = sync.OnceValue(func() string { return text.DataVersion(rules, data) })

// Version identifies the rules and embedded stop lists that term vectors are
// built with: the code's revision and a short hash of the data.
func Version() string { return version() }
