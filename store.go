package parallax

import (
	"context"
	"iter"
	"time"
)

// Store keeps articles, their analyses and their stories. Implementations
// (sqlite, later postgres) are safe for concurrent use by multiple goroutines.
// Read methods return errors with code ENotFound for unknown ids.
type Store interface {
	// Begin starts a write transaction. Only one is open at a time per store;
	// callers batch many records into one transaction and Commit.
	Begin(ctx context.Context) (Tx, error)

	// Article returns one stored article with its analysis.
	Article(ctx context.Context, id string) (*StoredArticle, error)
	// Stories lists stories, most recent activity first.
	Stories(ctx context.Context, f StoryFilter) ([]StorySummary, error)
	// Story returns one story's summary and its articles (oldest first) with their analyses.
	Story(ctx context.Context, id string) (StorySummary, []*StoredArticle, error)
	// Storylines lists storylines, most recent activity first.
	Storylines(ctx context.Context, f StoryFilter) ([]StorylineSummary, error)
	// Storyline returns one storyline and its stories (events), oldest
	// first, each with its articles listed.
	Storyline(ctx context.Context, id string) (StorylineSummary, []StorySummary, error)
	// MergeStories moves the articles of the stories from into story into,
	// by a user's decision: the articles of all of them are pinned together
	// (Pins), so later automatic changes never part them. from stories are
	// removed. Unknown ids are ENotFound; into among from is EInvalid.
	MergeStories(ctx context.Context, into string, from []string) error
	// SplitStory moves articles of story out into a new story of the same
	// storyline and returns its id, by a user's decision: the moved articles
	// are pinned together and the ones left are pinned together, apart from
	// them. Articles not in story are EInvalid, as is moving all of them.
	SplitStory(ctx context.Context, story string, articles []string) (string, error)
	// Search runs a full-text query over titles and texts with filters.
	Search(ctx context.Context, f SearchFilter) (SearchResult, error)
	// Articles iterates over stored articles in ingest order (for export).
	// The iteration stops at the first error, which it yields.
	Articles(ctx context.Context) iter.Seq2[*StoredArticle, error]
	// Delete removes an article and everything derived from it (mentions,
	// quotes, search entries, story profile contributions, copy links); a story
	// left without articles is removed. Deleting an unknown id is ENotFound.
	Delete(ctx context.Context, id string) error
	// Close releases the store.
	Close() error
}

// Tx is a write transaction. Reads through Tx see the writes made in it,
// so a batch of articles can be clustered against each other before Commit.
// A Tx is not safe for concurrent use.
type Tx interface {
	ClusterIndex
	// TextHash returns the stored text hash of article id, or "" when absent.
	TextHash(ctx context.Context, id string) (string, error)
	// Put stores a record: article, document, analysis and placement; it
	// creates or updates the story, adds Placement.Keys to the story profile
	// and the document frequencies, and indexes Placement.Bands.
	Put(ctx context.Context, r *Record) error
	// Reanalyze replaces the analysis of stored article id with a, made from
	// the same text by newer analyzers, and its clustering keys and LSH bands
	// with keys and bands computed from a. What is derived from them follows:
	// entity search entries, the story profile (recomputed, as by Delete),
	// the document frequencies and the copy index. The article stays in its
	// story and keeps its copy link, and the story keeps its title and time:
	// membership may be a user's decision and is never redone here. An
	// unknown id is ENotFound; a failure changes nothing and leaves the
	// transaction usable, as with Put.
	Reanalyze(ctx context.Context, id string, a Analysis, keys []Key, bands []uint64) error
	Commit() error
	Rollback() error
}

// Reclusterer places every stored article again, from nothing, as if the
// store were fed its articles anew: after the clustering rules changed, or
// to let later evidence redo early decisions. Every real store implements
// it; it is apart from Store only so that test doubles of Store need not.
type Reclusterer interface {
	// Recluster forgets every placement (stories, storylines, profiles,
	// document frequencies, copy links and the copy index), then calls place
	// for each stored article, earliest published first (then fetched, then
	// ingest order), with a record rebuilt from what is stored, the store's
	// index as it stands (holding the articles placed so far) and the
	// article's pin ("" when no user's merge or split holds it). place fills
	// rec.Placement as Tx.Put expects it. It all runs in one write
	// transaction: on any error, or if ctx ends, nothing changes. Texts,
	// analyses, search entries and pins are untouched. progress, if not
	// nil, is called after each article with the count done and the total.
	Recluster(ctx context.Context, place func(ctx context.Context, idx ClusterIndex, rec *Record, pin string) error,
		progress func(done, total int)) error
}

// AnalysisIndex finds stored analyses made by other component versions
// than the current ones (Analysis.Versions), so they can be redone through
// Tx.Reanalyze. Every real store implements it; it is apart from Store only
// so that test doubles of Store need not.
type AnalysisIndex interface {
	// CountOutdated returns how many stored articles have an analysis whose
	// Versions differ from versions in any entry (missing ones included), and
	// how many articles are stored.
	CountOutdated(ctx context.Context, versions map[string]string) (outdated, total int, err error)
	// Outdated iterates, in ingest order, over the articles CountOutdated
	// counts. Like Articles it reads a page at a time and holds nothing open
	// between pages, so the caller may reanalyse inside the loop; articles
	// stored or reanalysed meanwhile may or may not appear. The iteration
	// stops at the first error, which it yields.
	Outdated(ctx context.Context, versions map[string]string) iter.Seq2[*StoredArticle, error]
}

// ClusterIndex is what the clusterer may ask of stored state: inverted-index
// look-ups, never scans of all stories.
type ClusterIndex interface {
	// StoryCandidates returns stories updated within [from, to] whose profiles
	// hold any of keys, with the profile weights of those keys, at most limit,
	// those sharing most weight first.
	StoryCandidates(ctx context.Context, keys []string, from, to time.Time, limit int) ([]StoryCandidate, error)
	// DocFreq returns how many stored articles have each key, and how many articles there are.
	DocFreq(ctx context.Context, keys []string) (df map[string]int, total int, err error)
	// CopyCandidates returns stored articles sharing at least one LSH band hash, at most limit.
	CopyCandidates(ctx context.Context, bands []uint64, limit int) ([]CopyCandidate, error)
}

// StoryCandidate is a story that shares keys with an article being placed.
type StoryCandidate struct {
	ID        string
	Storyline string
	Started   time.Time          // earliest article time
	Updated   time.Time          // latest article time
	Norm      float64            // Euclidean norm of the whole story profile
	Weights   map[string]float64 // profile weights of the queried keys this story has
}

// CopyCandidate is a stored article that may be a copy source.
type CopyCandidate struct {
	ID          string
	Story       string
	Published   time.Time // zero if unknown
	Fetched     time.Time
	DuplicateOf string
	MinHash     []uint64
}

// StoryFilter selects stories to list.
type StoryFilter struct {
	Limit  int // 0 means a default (50)
	Offset int
}

// SearchFilter selects articles by a full-text query and filters.
type SearchFilter struct {
	Query  string    // full-text query; "" matches every article (filters only)
	Outlet string    // exact outlet, "" for any
	Entity string    // entity name mentioned in the article (case-insensitive; a surname matches full names), "" for any
	From   time.Time // published on or after; zero for no bound
	To     time.Time // published before; zero for no bound
	Limit  int       // 0 means a default (20)
	Offset int
}

// SearchHit is one article found by Search.
type SearchHit struct {
	ArticleMeta
	Story   string  `json:"story"`
	Snippet string  `json:"snippet"` // plain text around the best match
	Marks   []Span  `json:"marks"`   // byte spans of matched words within Snippet
	Score   float64 `json:"score"`   // higher is better
}

// SearchResult is a page of hits and the total number of matches.
type SearchResult struct {
	Hits  []SearchHit `json:"hits"`
	Total int         `json:"total"`
}

// Ingest statuses reported per input.
const (
	StatusStored    = "stored"    // new article, analysed, placed and stored
	StatusUnchanged = "unchanged" // same id and text already stored: nothing changed
	StatusConflict  = "conflict"  // same id already stored with different text: not overwritten
	StatusRejected  = "rejected"  // bad input: nothing stored for it
)

// IngestResult reports what happened to one input record.
type IngestResult struct {
	Origin string `json:"origin"` // "file.jsonl:12"
	ID     string `json:"id,omitempty"`
	Story  string `json:"story,omitempty"`
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
}

// Ingester runs articles through extraction, analysis and clustering into the
// store. Bad items are reported in their IngestResult and the rest go on; the
// error return is for failures of the whole run (store unavailable, ctx done).
type Ingester interface {
	Ingest(ctx context.Context, articles iter.Seq2[Article, error], progress func(IngestResult)) ([]IngestResult, error)
}
