-- 0003: two levels of stories (sqlite's 0006). A story is one event;
-- storylines group the events of one developing topic. stories.started (the
-- earliest article time) lets the clusterer weigh how far an article is from
-- an event's beginning. A storyline's title is its lead story's (the one
-- with most articles), kept as a reference so a title change needs no second
-- write. pins hold the users' manual merges and splits: articles of one
-- group stay in one story, articles of different groups never share one.
ALTER TABLE stories ADD COLUMN started bigint;
ALTER TABLE stories ADD COLUMN storyline text COLLATE "C";

-- Each story stored so far starts a storyline of its own, named as
-- parallax.OwnStoryline names it: "l" for the story id's leading "s".
UPDATE stories s SET
	started = t.started,
	storyline = 'l' || CASE WHEN s.id LIKE 's%' THEN substr(s.id, 2) ELSE s.id END
FROM (SELECT st.id, min(coalesce(a.published, a.fetched)) AS started
	FROM stories st LEFT JOIN articles a ON a.story_id = st.id
	GROUP BY st.id) t
WHERE t.id = s.id;
ALTER TABLE stories ALTER COLUMN storyline SET NOT NULL;

-- lead has no foreign key: it is refreshed with the storyline's stories, and
-- a story starts (and references) its storyline before it may lead it.
CREATE TABLE storylines (
	id       text COLLATE "C" PRIMARY KEY,
	lead     text COLLATE "C" NOT NULL,
	started  bigint,
	updated  bigint,
	events   integer NOT NULL DEFAULT 0,
	articles integer NOT NULL DEFAULT 0
);
CREATE INDEX storylines_updated ON storylines (updated DESC NULLS LAST, id);

INSERT INTO storylines(id, lead, started, updated, events, articles)
	SELECT storyline, id, started, updated, 1, articles FROM stories;

-- Put names this constraint when a new story joins a storyline that does
-- not exist (see putError).
ALTER TABLE stories ADD CONSTRAINT stories_storyline_fkey FOREIGN KEY (storyline) REFERENCES storylines(id);
CREATE INDEX stories_storyline ON stories (storyline, started);

CREATE TABLE pins (
	article text COLLATE "C" PRIMARY KEY,
	grp     text COLLATE "C" NOT NULL
);
CREATE INDEX pins_grp ON pins (grp);
