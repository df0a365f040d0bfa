// Package parallax holds the domain types of the news-intelligence engine and the
// small interfaces between its stages:
//
//	source ──► Article ──► Document ──► Analysis ──► Placement ──► Store ──► views
//	          (ingest)    (extract)    (analyze)    (cluster)
//
// It imports only the standard library. Every annotation is a byte span into
// Document.Text, which is the single source of truth for an article's words.
package parallax

import (
	"encoding/json"
	"strings"
	"time"
)

// Content types an Article body can have.
const (
	ContentText = "text/plain"
	ContentHTML = "text/html"
)

// Article is one piece of input as a source gave it, before extraction.
// Ingest fills what the source said; the pipeline assigns ID when the source gave none.
type Article struct {
	ID          string    // the source's id; "" means "derive from the text" (see ContentID)
	URL         string    // canonical or given URL, "" if none
	Outlet      string    // URL host without "www.", else the normalised outlet field
	Title       string    // title given by the source, "" if none
	Published   time.Time // publication time given by the source; zero if unknown
	Language    string    // language given by the source (ISO 639-1); "" if unknown
	ContentType string    // ContentText or ContentHTML
	Body        []byte    // the text or HTML as given
	Origin      string    // where it came from, for messages: "path/file.jsonl:12", "stdin:3"
	Fetched     time.Time // when parallax read it
	// Extra holds record fields parallax does not know, kept so exports lose nothing.
	Extra map[string]json.RawMessage
}

// Document is an article's main text and metadata after extraction.
// Text paragraphs are separated by one or more newlines; nothing else in the
// pipeline changes Text after this point.
type Document struct {
	Title     string
	Byline    string
	Published time.Time
	Updated   time.Time // when the page says it was last changed; zero if it does not
	Language  string
	Text      string
	// CanonicalURL is the address the page gives as its own (rel=canonical,
	// og:url), resolved; "" when it gives none.
	CanonicalURL string
	// Partial says why Text is not the whole article ("paywall",
	// "truncated"), "" when it is: later stages must not read an absence in
	// a partial text as evidence.
	Partial string
}

// Span is a half-open range [Start, End) of UTF-8 byte offsets into Document.Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len returns the number of bytes the span covers.
func (s Span) Len() int { return s.End - s.Start }

// IsZero reports whether the span is empty (used for "no span").
func (s Span) IsZero() bool { return s.Start == 0 && s.End == 0 }

// In returns the text the span covers, or "" when it lies outside text.
func (s Span) In(text string) string {
	if s.Start < 0 || s.End > len(text) || s.Start > s.End {
		return ""
	}
	return text[s.Start:s.End]
}

// EntityKind is the type of a named entity.
type EntityKind string

// Entity kinds. Mentions carry the first four; Outlet is decided when a story
// is composed, from how its articles cite an organisation.
const (
	Person       EntityKind = "person"
	Organization EntityKind = "org"
	Place        EntityKind = "place"
	Misc         EntityKind = "misc"
	Outlet       EntityKind = "outlet" // a news outlet or agency cited as a source
)

// Mention is one occurrence of a named entity in a document.
type Mention struct {
	Span
	Kind EntityKind `json:"kind"`
	// Name is the mention's name as matched: titles and roles stripped,
	// whitespace collapsed, case as written ("Sergei Ryabkov", "trump").
	Name string `json:"name"`
}

// Quote is one attributed statement in a document.
type Quote struct {
	Content Span `json:"content"` // the quoted words, without quotation marks
	// Speaker is the speaker's fullest name known in this document ("Maria Zakharova"
	// for "she added" after "Maria Zakharova said"); "" when unknown — never guessed.
	Speaker     string `json:"speaker"`
	SpeakerSpan Span   `json:"speaker_span"` // the words that named the speaker (name or pronoun); zero if none
	Cue         Span   `json:"cue"`          // the reporting verb ("said", "told"); zero if none
	Direct      bool   `json:"direct"`       // true for words inside quotation marks
	// ToldTo names the outlets the statement was given to ("told Interfax",
	// "in an interview with CNN"); Via the outlets it came through
	// ("according to the Washington Post", "Bloomberg reported"), in text order.
	ToldTo []OutletRef `json:"told_to,omitempty"`
	Via    []OutletRef `json:"via,omitempty"`
}

// OutletRef is an organisation named in a quote's relay chain: the words
// that name it in the text and its fullest name there ("Washington Post"
// for "the Post" after "the Washington Post").
type OutletRef struct {
	Span
	Name string `json:"name"`
}

// Term is one entry of a document's term vector.
type Term struct {
	Term   string  `json:"term"`   // stemmed, lower-case content word
	Weight float64 `json:"weight"` // raw count in the document (idf is the clusterer's job)
}

// Analysis holds everything the analyzers found in a Document, as spans into its Text.
type Analysis struct {
	Language   string    `json:"language"`
	Paragraphs []Span    `json:"paragraphs"`
	Sentences  []Span    `json:"sentences"`
	Mentions   []Mention `json:"mentions"`
	Quotes     []Quote   `json:"quotes"`
	Terms      []Term    `json:"terms"`   // sorted by Term
	MinHash    []uint64  `json:"minhash"` // MinHash signature of word 5-shingles; nil for texts too short
	// Versions names each component that made the analysis ("analyze",
	// "entity", …) with its version, so that analyses made by older rules
	// or word lists can be found and redone; nil when unknown.
	Versions map[string]string `json:"versions,omitempty"`
}

// Key is a weighted clustering feature ("t:contact", "e:ryabkov").
type Key struct {
	Key    string  `json:"key"`
	Weight float64 `json:"weight"`
}

// Placement is the clusterer's decision for one article, with its evidence.
type Placement struct {
	Story    string // story the article joins or starts
	NewStory bool   // true when the article started Story
	// Storyline is the storyline a new story joins or starts; for an article
	// joining an existing story it is ignored (the story keeps its own). A
	// new story without one starts its own, OwnStoryline(Story).
	Storyline    string
	NewStoryline bool     // true when the new story starts Storyline
	DuplicateOf  string   // earliest article this one is a near-verbatim copy of; "" if none
	Score        float64  // similarity to the story it joined; 0 for a new story
	Keys         []Key    // the article's keys, added to the story profile and document frequencies
	Bands        []uint64 // LSH band hashes of the article's MinHash, indexed for later copies
}

// OwnStoryline is the id of the storyline that story starts: derived from
// the story id, so re-running a batch gives the same ids.
func OwnStoryline(story string) string { return "l" + strings.TrimPrefix(story, "s") }

// Record is everything the store keeps for one article.
type Record struct {
	Article   Article
	Document  Document
	Analysis  Analysis
	Placement Placement
	TextHash  string // ContentID(Document.Text): detects same id with different text
}

// ArticleMeta is an article as listed in a story. Its JSON is a stable contract.
type ArticleMeta struct {
	ID          string    `json:"id"`
	URL         string    `json:"url"`
	Outlet      string    `json:"outlet"`
	Title       string    `json:"title"`
	Published   time.Time `json:"published,omitzero"`
	Language    string    `json:"language"`
	DuplicateOf string    `json:"duplicate_of"`
	// Partial is Document.Partial: "paywall" or "truncated" when the stored
	// text is not the whole article, else absent.
	Partial string `json:"partial,omitempty"`
}

// StoredArticle is an article read back from the store with its analysis.
type StoredArticle struct {
	ArticleMeta
	Byline       string    `json:"byline,omitempty"`
	Updated      time.Time `json:"updated,omitzero"`
	CanonicalURL string    `json:"canonical_url,omitempty"`
	Text         string    `json:"text"`
	Story        string    `json:"story"`
	Fetched      time.Time `json:"fetched,omitzero"`
	Analysis     Analysis  `json:"-"`
	// Score and Keys are the clustering evidence kept with the article: its
	// similarity to the story when it joined (0 when it started one) and its
	// weighted keys ("e:ryabkov", "t:contact", "n:2016"), heaviest first.
	Score float64 `json:"-"`
	Keys  []Key   `json:"-"`
	// Extra is Article.Extra as stored: the record fields parallax does not
	// know, so an export loses nothing. Not part of the JSON contract.
	Extra map[string]json.RawMessage `json:"-"`
}

// ArticleView is an article as the API and `parallax article --json` show
// it: the stored article with the entity mentions and quotations found in
// its text (spans are UTF-8 byte offsets into Text).
type ArticleView struct {
	*StoredArticle
	Mentions []Mention `json:"mentions"`
	Quotes   []Quote   `json:"quotes"`
}

// View returns the article with what its analysis found; empty lists, never nil.
func (a *StoredArticle) View() ArticleView {
	v := ArticleView{StoredArticle: a, Mentions: a.Analysis.Mentions, Quotes: a.Analysis.Quotes}
	if v.Mentions == nil {
		v.Mentions = []Mention{}
	}
	if v.Quotes == nil {
		v.Quotes = []Quote{}
	}
	return v
}

// Record rebuilds, from a stored article, the record its placement was
// decided from (article, document and analysis; no placement), so it can be
// placed again.
func (a *StoredArticle) Record() *Record {
	return &Record{
		Article: Article{ID: a.ID, URL: a.URL, Outlet: a.Outlet, Title: a.Title, Language: a.Language,
			Published: a.Published, Fetched: a.Fetched, Extra: a.Extra},
		Document: Document{Title: a.Title, Byline: a.Byline, Published: a.Published, Updated: a.Updated,
			Language: a.Language, Text: a.Text, CanonicalURL: a.CanonicalURL, Partial: a.Partial},
		Analysis: a.Analysis,
	}
}

// StorySummary is a story as listed. Its JSON is a stable contract.
type StorySummary struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Storyline is the developing topic the story (one event) belongs to.
	Storyline string        `json:"storyline"`
	Started   time.Time     `json:"started,omitzero"` // earliest article time
	Updated   time.Time     `json:"updated,omitzero"` // latest article time (published, else fetched)
	Articles  []ArticleMeta `json:"articles"`         // oldest first
	Outlets   int           `json:"outlets"`          // distinct outlets
}

// StorylineSummary is a storyline as listed: a developing topic (Russia's
// contacts with a campaign, from November to March) made of events, each of
// which is a story. Its JSON is a stable contract.
type StorylineSummary struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"` // the headline of its largest event
	Started  time.Time `json:"started,omitzero"`
	Updated  time.Time `json:"updated,omitzero"`
	Events   int       `json:"event_count"`   // stories in the storyline
	Articles int       `json:"article_count"` // articles over all its stories
}

// StorylineView is one storyline with its events, oldest first, and what is
// composed over all their articles: entities, statements and speakers
// (who said what, through whom, across the events), claims,
// contradictions, timeline and summary.
type StorylineView struct {
	StorylineSummary
	Stories        []StorySummary    `json:"events"`
	Entities       []Entity          `json:"entities"`
	Statements     []Statement       `json:"statements"`
	Speakers       []Speaker         `json:"speakers"`
	Claims         []Claim           `json:"claims"`
	Contradictions []Contradiction   `json:"contradictions"`
	Timeline       []TimelineEntry   `json:"timeline"`
	Summary        []SummarySentence `json:"summary"`
}

// Entity is a canonical entity of a story: one person, organisation, outlet
// or place under one name, with the other names it was written as.
type Entity struct {
	ID       string     `json:"id"`
	Name     string     `json:"name"`
	Kind     EntityKind `json:"kind"`
	Aliases  []string   `json:"aliases"`
	Mentions int        `json:"mentions"`
	Roles    []Role     `json:"roles"`  // titles and roles the articles give a person
	Merges   []Merge    `json:"merges"` // why each alias was joined to Name
}

// Role is a title or role written with a person's name ("deputy foreign
// minister"), lower-case, with the span of its words (UTF-8 byte offsets) in
// one article's text as evidence.
type Role struct {
	Role    string `json:"role"`
	Article string `json:"article"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
}

// Merge confidences: a certain merge follows from the names alone; a
// probable one (a lone surname two people share, a misspelling, a gendered
// surname form) is a judgement the UI should show as one.
const (
	Certain  = "certain"
	Probable = "probable"
)

// Merge says why an alias of an entity was joined to its name: Reason names
// the rule ("surname", "spelling variant", "gendered surname", …) and
// Confidence is Certain or Probable.
type Merge struct {
	Alias      string `json:"alias"`
	Reason     string `json:"reason"`
	Confidence string `json:"confidence"`
}

// StoryQuote is a quotation in a story, pointing into one article's text.
type StoryQuote struct {
	Speaker  string `json:"speaker"`   // canonical entity name, "" if unknown
	EntityID string `json:"entity_id"` // canonical entity id, "" if unknown
	Text     string `json:"text"`
	Article  string `json:"article"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Direct   bool   `json:"direct"` // the words are in quotation marks (else reported speech)
	// ToldTo and Via are the canonical names of the outlets the words were
	// given to and came through, as this article tells it (Quote.ToldTo, Quote.Via).
	ToldTo []string `json:"told_to,omitempty"`
	Via    []string `json:"via,omitempty"`
}

// StoryView is one story composed from its stored articles. Later stages add
// fields; the ones here are never renamed.
type StoryView struct {
	StorySummary
	Entities []Entity     `json:"entities"`
	Quotes   []StoryQuote `json:"quotes"`
	// Statements groups Quotes by speaker and statement: the same words,
	// trimmed or translated differently, across articles.
	Statements []Statement `json:"statements"`
	// Speakers gathers, per named speaker, their roles, their statements and
	// the paths by which their words reached the story's articles.
	Speakers []Speaker `json:"speakers"`
	// Why gives, for each article (earliest first), the evidence that put it
	// in the story.
	Why []ArticleWhy `json:"why"`
	// Lineage links each article that reuses an earlier article of the
	// story (a copy, a rewrite, a translation) to its source, earliest
	// first; IndependentSources counts the articles that reuse none.
	Lineage            []ArticleLineage `json:"lineage"`
	IndependentSources int              `json:"independent_sources"`
	// Timeline lists the story's dated happenings, earliest first.
	Timeline []TimelineEntry `json:"timeline"`
	// Claims are the story's attributed claims with the stance of their
	// source; Contradictions the groups of claims whose sources disagree.
	Claims         []Claim         `json:"claims"`
	Contradictions []Contradiction `json:"contradictions"`
	// Summary is an extractive summary of the story, every sentence cited.
	Summary []SummarySentence `json:"summary"`
}

// Timeline precisions: a TimelineEntry's Date is "2016-11-10" for a day and
// "2016-11" for a month.
const (
	PrecisionDay   = "day"
	PrecisionMonth = "month"
)

// TimelineEntry is one dated happening of a story: a sentence with the date
// it reports, or a statement with the date it was made, as far as the text
// says. Start/End are UTF-8 byte offsets of the sentence in Article's text.
type TimelineEntry struct {
	Date      string `json:"date"`      // "2016-11-10" or "2016-11"
	Precision string `json:"precision"` // PrecisionDay or PrecisionMonth
	Text      string `json:"text"`
	Article   string `json:"article"` // the earliest article telling it
	Start     int    `json:"start"`
	End       int    `json:"end"`
	Speaker   string `json:"speaker,omitempty"`   // for a statement: who made it
	EntityID  string `json:"entity_id,omitempty"` // the speaker's canonical entity id
	// Basis says where the date comes from: "text" (the sentence itself),
	// "context" (the sentence before it), "speaker" (the same speaker's
	// dated remark earlier in the article) or "published" (a statement in
	// the article's lead, dated by its publication).
	Basis    string   `json:"basis"`
	Articles []string `json:"articles"` // every article telling it, earliest first
}

// Claim stances: how a claim's source stands towards what it is about.
const (
	Asserts   = "asserts"
	Denies    = "denies"
	Declines  = "declines" // declines to comment
	WalksBack = "walks_back"
)

// Claim is one attributed claim of a story: a quotation or a sentence with a
// cue, its source and that source's stance. Group numbers the claims that
// are about the same thing across the story's articles.
type Claim struct {
	Speaker  string `json:"speaker"`   // canonical name, "" if unknown
	EntityID string `json:"entity_id"` // canonical entity id, "" if unknown
	Stance   string `json:"stance"`    // Asserts, Denies, Declines or WalksBack
	Cue      string `json:"cue"`       // the words that carry the stance or report it ("denied", "said")
	Text     string `json:"text"`
	Article  string `json:"article"`
	Outlet   string `json:"outlet"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Topic    string `json:"topic"` // what the claim's group is about
	Group    int    `json:"group"`
	// CorroboratedBy lists the independent articles (another outlet, not a
	// copy) whose claims in the same group take the same stance.
	CorroboratedBy []string `json:"corroborated_by"`
}

// Contradiction kinds.
const (
	KindOpposed    = "opposed"     // one source asserts what another denies
	KindWalkedBack = "walked_back" // a source asserts, then walks it back
	KindFigures    = "figures"     // different figures for the same thing
	KindDates      = "dates"       // different dates for the same thing
)

// Contradiction is a group of claims about one thing whose sources disagree,
// each side with its evidence; Confidence is in [0, 1].
type Contradiction struct {
	Topic      string  `json:"topic"`
	Kind       string  `json:"kind"`
	Confidence float64 `json:"confidence"`
	Sides      []Side  `json:"sides"`
}

// Side is one source's account in a contradiction: a span of an article.
type Side struct {
	Stance  string `json:"stance"`
	Speaker string `json:"speaker"`
	Text    string `json:"text"`
	Article string `json:"article"`
	Outlet  string `json:"outlet"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
}

// SummarySentence is one sentence of a story's summary with every article
// span that says it (near-duplicates in other articles included).
type SummarySentence struct {
	Text      string     `json:"text"`
	Citations []Citation `json:"citations"`
}

// Citation points at a span (UTF-8 byte offsets) of an article's text.
type Citation struct {
	Article string `json:"article"`
	Outlet  string `json:"outlet"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
}

// ArticleLineage says that Article reuses Source, an earlier article of
// the same story: as a near-verbatim copy, a rewrite in the same language
// or a translation. Score (0–1) is how closely it follows its source.
type ArticleLineage struct {
	Article string  `json:"article"`
	Source  string  `json:"source"`
	Kind    string  `json:"kind"` // "copy", "rewrite" or "translation"
	Score   float64 `json:"score"`
}

// ArticleWhy is the evidence that put one article in its story: what it
// shares with the story's earlier articles, and the similarity the clusterer
// measured when it arrived.
type ArticleWhy struct {
	Article    string   `json:"article"`
	Started    bool     `json:"started"`           // the story's first article
	CopyOf     string   `json:"copy_of,omitempty"` // a near-verbatim copy of that article
	Score      float64  `json:"score"`             // similarity when it joined; 0 when it started the story
	Entities   []string `json:"entities"`          // shared names, heaviest first
	Terms      []string `json:"terms"`             // shared words (stems), heaviest first
	Numbers    []string `json:"numbers"`           // shared figures
	Statements []string `json:"statements"`        // statements it carries that an earlier article carried too
}

// Speaker is one named speaker of a story: who they are, everything they
// said in it, and how their words travelled.
type Speaker struct {
	EntityID   string      `json:"entity_id"` // "" if the tagger missed the speaker's name
	Name       string      `json:"name"`
	Kind       EntityKind  `json:"kind,omitempty"`
	Roles      []Role      `json:"roles"`      // as the story's articles give them
	Statements []Statement `json:"statements"` // in order of first appearance
	Relays     []RelayPath `json:"relays"`
}

// RelayPath is one way a speaker's words reached articles of the story: the
// outlets they were given to, the outlets they came through, and the
// articles that printed them that way. A path with neither is an article
// that carried the words first-hand, as far as its text says.
type RelayPath struct {
	ToldTo   []string `json:"told_to"`
	Via      []string `json:"via"`
	Articles []string `json:"articles"` // article ids, earliest first
	Outlets  []string `json:"outlets"`  // the outlets of Articles, each once
}

// Statement is one thing one speaker said, with every article that carried
// it. Every named speaker's quote of the story belongs to exactly one statement.
type Statement struct {
	Speaker     string                `json:"speaker"`     // canonical entity name, else the quote's speaker as found
	EntityID    string                `json:"entity_id"`   // canonical entity id, "" if the tagger missed the speaker
	Text        string                `json:"text"`        // the earliest wording
	Occurrences []StatementOccurrence `json:"occurrences"` // earliest first
}

// StatementOccurrence is one article's wording of a statement, as a span of
// the article's text.
type StatementOccurrence struct {
	Article   string    `json:"article"`
	Outlet    string    `json:"outlet"`
	Published time.Time `json:"published,omitzero"`
	Text      string    `json:"text"`
	Start     int       `json:"start"`
	End       int       `json:"end"`
	ToldTo    []string  `json:"told_to,omitempty"` // see StoryQuote
	Via       []string  `json:"via,omitempty"`
}
