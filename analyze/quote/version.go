package quote

import (
	"sync"

	"github.com/parallax-news/parallax/analyze/text"
)

// rules is the revision of this package's code. Bump it when a code change
// alters which quotations are found or whom they are attributed to; edits
// to the embedded cue lists need no bump, since Version hashes them. The
// word classes (package wordclass) need none either: the model records
// their fingerprint and is retrained with them.
const rules = "4"

var version = sync.OnceValue(func() string { return text.DataVersion(rules, data) })

// Version identifies the rules and embedded cue lists that quotations and
// their speakers are found with: the code's revision and a short hash of the data.
func Version() string { return version() }
