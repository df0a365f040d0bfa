-- 0003: the feeds parallax follows and what became of each of their entries.
--
-- Times are Unix nanoseconds, NULL for none, as everywhere in this schema.
CREATE TABLE sources (
	seq           INTEGER PRIMARY KEY,
	id            TEXT NOT NULL UNIQUE,
	url           TEXT NOT NULL UNIQUE,
	title         TEXT NOT NULL DEFAULT '',
	paused        INTEGER NOT NULL DEFAULT 0,
	added         INTEGER,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	last_fetch    INTEGER,
	last_ok       INTEGER,
	last_error    TEXT NOT NULL DEFAULT '',
	failures      INTEGER NOT NULL DEFAULT 0,
	next_fetch    INTEGER
);

-- An entry is keyed by its source and its GUID (else URL). article is ''
-- while the entry fails; next_try then says when to try again.
CREATE TABLE entries (
	source   INTEGER NOT NULL REFERENCES sources(seq) ON DELETE CASCADE,
	key      TEXT NOT NULL,
	url      TEXT NOT NULL DEFAULT '',
	title    TEXT NOT NULL DEFAULT '',
	seen     INTEGER,
	article  TEXT NOT NULL DEFAULT '',
	error    TEXT NOT NULL DEFAULT '',
	attempts INTEGER NOT NULL DEFAULT 0,
	next_try INTEGER,
	PRIMARY KEY (source, key)
);

-- Failed entries are looked up by when they are due.
CREATE INDEX entries_failed ON entries(next_try) WHERE article = '';
