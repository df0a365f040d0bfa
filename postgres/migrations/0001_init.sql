-- 0001: the initial schema, the same as sqlite's migrations 0001-0004.
-- Times are Unix nanoseconds (UTC) in bigint columns, NULL when unknown: the
-- store gives back exactly the nanoseconds it was given, which timestamptz
-- (microseconds) would not. Ids and keys are COLLATE "C" so they sort by
-- bytes, as in SQLite, whatever the database's locale.

-- Search. Matching uses the configuration parallax on text that Go has
-- already split into words, accent-folded (Latin letters only) and
-- lower-cased, as SQLite's unicode61 tokenizer does (see search.go), so only
-- English stemming is left to PostgreSQL. The stemmer has no stop words:
-- every word of a query must be in the article, as in SQLite.
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE TEXT SEARCH DICTIONARY parallax_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION parallax (PARSER = default);
ALTER TEXT SEARCH CONFIGURATION parallax ADD MAPPING
	FOR asciiword, word, numword, hword_asciipart, hword_part, hword_numpart, int, uint, float, sfloat, version
	WITH parallax_stem;
-- parallax_headline finds the matched words in the original text for
-- snippets: the text is not folded there, so unaccent does it. Hyphenated
-- compounds are marked by their parts, as they are matched.
CREATE TEXT SEARCH CONFIGURATION parallax_headline (PARSER = default);
ALTER TEXT SEARCH CONFIGURATION parallax_headline ADD MAPPING
	FOR asciiword, word, numword, hword_asciipart, hword_part, hword_numpart
	WITH unaccent, parallax_stem;
ALTER TEXT SEARCH CONFIGURATION parallax_headline ADD MAPPING
	FOR int, uint, float, sfloat, version
	WITH parallax_stem;

-- stories are the clusters. norm2 is the sum of squared profile weights, kept
-- up to date on every write so StoryCandidates never has to read a profile.
CREATE TABLE stories (
	id       text COLLATE "C" PRIMARY KEY,
	title    text NOT NULL DEFAULT '',
	updated  bigint,
	norm2    double precision NOT NULL DEFAULT 0,
	articles integer NOT NULL DEFAULT 0
);
CREATE INDEX stories_updated ON stories (updated DESC NULLS LAST, id);

-- articles: seq gives ingest order. key_names/key_weights and bands keep the
-- record's placement so Delete and Reanalyze can undo it exactly; minhash is
-- the signature as little-endian uint64s for CopyCandidates. search holds the
-- title (weight A) and text (weight B) as indexed words.
CREATE TABLE articles (
	seq          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id           text COLLATE "C" NOT NULL UNIQUE,
	url          text NOT NULL DEFAULT '',
	outlet       text COLLATE "C" NOT NULL DEFAULT '',
	title        text NOT NULL DEFAULT '',
	byline       text NOT NULL DEFAULT '',
	published    bigint,
	language     text NOT NULL DEFAULT '',
	content_type text NOT NULL DEFAULT '',
	origin       text NOT NULL DEFAULT '',
	raw          bytea,
	text         text NOT NULL DEFAULT '',
	text_hash    text NOT NULL DEFAULT '',
	fetched      bigint,
	extra        text,
	story_id     text COLLATE "C" NOT NULL REFERENCES stories(id),
	duplicate_of text COLLATE "C",
	score        double precision NOT NULL DEFAULT 0,
	key_names    text[] COLLATE "C" NOT NULL DEFAULT '{}',
	key_weights  double precision[] NOT NULL DEFAULT '{}',
	bands        bigint[] NOT NULL DEFAULT '{}',
	minhash      bytea,
	-- What the extractor learns of a page beside its text (sqlite's 0004).
	updated       bigint,
	canonical_url text NOT NULL DEFAULT '',
	partial       text NOT NULL DEFAULT '',
	search       tsvector NOT NULL
);
CREATE INDEX articles_story ON articles (story_id, seq);
CREATE INDEX articles_published ON articles (published DESC NULLS LAST, seq DESC);
CREATE INDEX articles_outlet ON articles (outlet, published DESC);
CREATE INDEX articles_duplicate_of ON articles (duplicate_of) WHERE duplicate_of IS NOT NULL;
CREATE INDEX articles_search ON articles USING gin (search);

-- analyses hold parallax.Analysis as JSON text (without the MinHash, which
-- lives in articles.minhash): text, not jsonb, so it comes back byte for
-- byte. version is the JSON shape's version, for upgrades.
CREATE TABLE analyses (
	article bigint PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
	version integer NOT NULL,
	body    text NOT NULL
);

-- The component versions of each analysis as JSON with sorted keys ('' for
-- none), in a narrow table so finding outdated analyses reads little.
CREATE TABLE analysis_versions (
	article  bigint PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
	versions text NOT NULL
);

-- mentions: the distinct entity names of each article, lower-cased, with the
-- last word separately so a surname finds full names.
CREATE TABLE mentions (
	article bigint NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
	norm    text NOT NULL,
	kind    text NOT NULL,
	last    text NOT NULL,
	PRIMARY KEY (article, norm, kind)
);
CREATE INDEX mentions_norm ON mentions (norm);
CREATE INDEX mentions_last ON mentions (last);

-- story_keys is the inverted index of story profiles: key -> stories.
CREATE TABLE story_keys (
	key      text COLLATE "C" NOT NULL,
	story_id text COLLATE "C" NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
	weight   double precision NOT NULL,
	PRIMARY KEY (key, story_id)
);
CREATE INDEX story_keys_story ON story_keys (story_id);

-- key_df: document frequency of each key; counters holds the article total.
CREATE TABLE key_df (
	key text COLLATE "C" PRIMARY KEY,
	n   integer NOT NULL
);
CREATE TABLE counters (
	name text PRIMARY KEY,
	n    bigint NOT NULL
);
INSERT INTO counters(name, n) VALUES ('articles', 0);

-- bands: LSH band hashes (uint64 stored as their int64 bit pattern) ->
-- articles. No foreign key and no index by article: Delete removes an
-- article's rows through articles.bands, which spares every Put a second
-- index write per band.
CREATE TABLE bands (
	band    bigint NOT NULL,
	article bigint NOT NULL,
	PRIMARY KEY (band, article)
);

-- The feeds parallax follows and what became of each of their entries.
CREATE TABLE sources (
	seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	id            text COLLATE "C" NOT NULL UNIQUE,
	url           text NOT NULL UNIQUE,
	title         text NOT NULL DEFAULT '',
	paused        boolean NOT NULL DEFAULT false,
	added         bigint,
	etag          text NOT NULL DEFAULT '',
	last_modified text NOT NULL DEFAULT '',
	last_fetch    bigint,
	last_ok       bigint,
	last_error    text NOT NULL DEFAULT '',
	failures      integer NOT NULL DEFAULT 0,
	next_fetch    bigint
);

-- An entry is keyed by its source and its GUID (else URL). article is ''
-- while the entry fails; next_try then says when to try again.
CREATE TABLE entries (
	source   bigint NOT NULL REFERENCES sources(seq) ON DELETE CASCADE,
	key      text COLLATE "C" NOT NULL,
	url      text NOT NULL DEFAULT '',
	title    text NOT NULL DEFAULT '',
	seen     bigint,
	article  text NOT NULL DEFAULT '',
	error    text NOT NULL DEFAULT '',
	attempts integer NOT NULL DEFAULT 0,
	next_try bigint,
	PRIMARY KEY (source, key)
);
CREATE INDEX entries_failed ON entries (next_try) WHERE article = '';
