-- 0004: what the extractor learns of a page beside its text: when it was
-- last updated, the address it gives as its own, and whether the stored
-- text is only part of the article (paywall, truncated), '' when whole.
ALTER TABLE articles ADD COLUMN updated INTEGER;
ALTER TABLE articles ADD COLUMN canonical_url TEXT NOT NULL DEFAULT '';
ALTER TABLE articles ADD COLUMN partial TEXT NOT NULL DEFAULT '';
