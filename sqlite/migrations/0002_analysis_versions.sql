-- 0002: the component versions of each article's analysis, so reanalysis
-- can find the analyses made by older rules and word lists.
--
-- versions is Analysis.Versions as JSON with sorted keys (one spelling per
-- set of versions, compared as text), '' when none were recorded. It lives
-- in a narrow table of its own rather than in analyses: checking every
-- article then reads a few bytes a row, not each analysis's JSON.
CREATE TABLE analysis_versions (
	article  INTEGER PRIMARY KEY REFERENCES articles(seq) ON DELETE CASCADE,
	versions TEXT NOT NULL
);

-- Analyses stored before this migration recorded no versions: all outdated.
INSERT INTO analysis_versions(article, versions) SELECT seq, '' FROM articles;
