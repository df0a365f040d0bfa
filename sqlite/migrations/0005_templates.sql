-- 0005: the short lines each outlet's pages repeat, learned so that site
-- furniture the extractor let through can be taken out of later articles
-- (parallax.TemplateStore). hash is parallax.TemplateKey as an int64 bit
-- pattern; n counts the articles holding the line.
CREATE TABLE host_articles (
	outlet TEXT PRIMARY KEY,
	n      INTEGER NOT NULL
);
CREATE TABLE host_lines (
	outlet TEXT NOT NULL,
	hash   INTEGER NOT NULL,
	n      INTEGER NOT NULL,
	PRIMARY KEY (outlet, hash)
) WITHOUT ROWID;
