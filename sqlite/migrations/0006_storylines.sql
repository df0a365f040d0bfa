-- 0006: two levels of stories. A story is one event; storylines group the
-- events of one developing topic. stories.started (the earliest article
-- time) lets the clusterer weigh how far an article is from an event's
-- beginning. A storyline's title is its lead story's (the one with most
-- articles), kept as a reference so a title change needs no second write.
-- pins hold the users' manual merges and splits: articles of one group stay
-- in one story, articles of different groups never share one.
ALTER TABLE stories ADD COLUMN started INTEGER;
ALTER TABLE stories ADD COLUMN storyline TEXT NOT NULL DEFAULT '';

UPDATE stories SET
	started = (SELECT min(coalesce(published, fetched)) FROM articles WHERE story_id = stories.id),
	storyline = 'l' || CASE WHEN id LIKE 's%' THEN substr(id, 2) ELSE id END;

CREATE INDEX stories_storyline ON stories(storyline, started);

CREATE TABLE storylines (
	id       TEXT PRIMARY KEY,
	lead     TEXT NOT NULL,
	started  INTEGER,
	updated  INTEGER,
	events   INTEGER NOT NULL DEFAULT 0,
	articles INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX storylines_updated ON storylines(updated DESC, id);

INSERT INTO storylines(id, lead, started, updated, events, articles)
	SELECT storyline, id, started, updated, 1, articles FROM stories;

CREATE TABLE pins (
	article TEXT PRIMARY KEY,
	grp     TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX pins_grp ON pins(grp);
