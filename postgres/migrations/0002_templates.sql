-- 0002: the short lines each outlet's pages repeat, learned so that site
-- furniture the extractor let through can be taken out of later articles
-- (parallax.TemplateStore; sqlite's 0005). hash is parallax.TemplateKey as
-- an int64 bit pattern; n counts the articles holding the line.
CREATE TABLE host_articles (
	outlet text COLLATE "C" PRIMARY KEY,
	n      integer NOT NULL
);
CREATE TABLE host_lines (
	outlet text COLLATE "C" NOT NULL,
	hash   bigint NOT NULL,
	n      integer NOT NULL,
	PRIMARY KEY (outlet, hash)
);
