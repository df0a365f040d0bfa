-- 0001: the initial schema. Times are Unix nanoseconds (UTC) in INTEGER
-- columns, NULL when unknown, so they compare and sort as numbers.

-- stories are the clusters. norm2 is the sum of squared profile weights, kept
-- up to date on every write so StoryCandidates never has to read a profile.
CREATE TABLE stories (
	id       TEXT PRIMARY KEY,
	title    TEXT NOT NULL DEFAULT '',
	updated  INTEGER,
	norm2    REAL NOT NULL DEFAULT 0,
	articles INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX stories_updated ON stories(updated DESC, id);

-- articles: seq is the rowid, which gives ingest order and the FTS rowid.
-- keys and bands keep the record's placement so Delete can undo it exactly;
-- minhash is the signature as little-endian uint64s for CopyCandidates.
CREATE TABLE articles (
	seq          INTEGER PRIMARY KEY AUTOINCREMENT,
	id           TEXT NOT NULL UNIQUE,
	url          TEXT NOT NULL DEFAULT '',
	outlet       TEXT NOT NULL DEFAULT '',
	title        TEXT NOT NULL DEFAULT '',
	byline       TEXT NOT NULL DEFAULT '',
	published    INTEGER,
	language     TEXT NOT NULL DEFAULT '',
	content_type TEXT NOT NULL DEFAULT '',
	origin       TEXT NOT NULL DEFAULT '',
	raw          BLOB,
	text         TEXT NOT NULL DEFAULT '',
	text_hash    TEXT NOT NULL DEFAULT '',
	fetched      INTEGER,
	extra        TEXT,
	story_id     TEXT NOT NULL REFERENCES stories(id),
	duplicate_of TEXT,
	score        REAL NOT NULL DEFAULT 0,
	keys         TEXT NOT NULL DEFAULT '{}',
	bands        TEXT NOT NULL DEFAULT '[]',
	minhash      BLOB
);
CREATE INDEX articles_story ON articles(story_id, seq);
CREATE INDEX articles_published ON articles(published DESC, seq DESC);
CREATE INDEX articles_outlet ON articles(outlet, published DESC);
CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;

-- analyses hold parallax.Analysis as JSON (without the MinHash, which lives
-- in articles.minhash). version is the JSON shape's version, for upgrades.
CREATE TABLE analyses (
	article INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
	version INTEGER NOT NULL,
	json    TEXT NOT NULL
);

-- mentions: the distinct entity names of each article, lower-cased, with the
-- last word separately so a surname finds full names.
CREATE TABLE mentions (
	article INTEGER NOT NULL REFERENCES articles(seq) ON DELETE CASCADE,
	norm    TEXT NOT NULL,
	kind    TEXT NOT NULL,
	last    TEXT NOT NULL,
	PRIMARY KEY (article, norm, kind)
) WITHOUT ROWID;
CREATE INDEX mentions_norm ON mentions(norm);
CREATE INDEX mentions_last ON mentions(last);

-- story_keys is the inverted index of story profiles: key -> stories.
CREATE TABLE story_keys (
	key      TEXT NOT NULL,
	story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
	weight   REAL NOT NULL,
	PRIMARY KEY (key, story_id)
) WITHOUT ROWID;
CREATE INDEX story_keys_story ON story_keys(story_id);

-- key_df: document frequency of each key; counters holds the article total.
CREATE TABLE key_df (
	key TEXT PRIMARY KEY,
	n   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE counters (
	name TEXT PRIMARY KEY,
	n    INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO counters(name, n) VALUES ('articles', 0);

-- bands: LSH band hashes (uint64 stored as int64) -> articles. No foreign
-- key and no index by article: Delete removes an article's rows through the
-- list in articles.bands, which spares every Put a second index write per band.
CREATE TABLE bands (
	band    INTEGER NOT NULL,
	article INTEGER NOT NULL,
	PRIMARY KEY (band, article)
) WITHOUT ROWID;

-- search indexes titles and texts. Its content is a view over articles in
-- which the bytes 0x02 and 0x03 become spaces: snippet() marks matches with
-- them, so they must never come from the text itself. The tokenizer treats
-- them as separators anyway, so the index is the same either way.
CREATE VIEW search_src AS
	SELECT seq,
		replace(replace(title, char(2), ' '), char(3), ' ') AS title,
		replace(replace(text, char(2), ' '), char(3), ' ') AS text
	FROM articles;
CREATE VIRTUAL TABLE search USING fts5(
	title, text,
	content = 'search_src', content_rowid = 'seq',
	tokenize = 'porter unicode61 remove_diacritics 2'
);
