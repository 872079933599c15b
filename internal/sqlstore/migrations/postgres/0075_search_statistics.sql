-- Search plans by how common each query term is (search.go puts the terms
-- in the query's text): the planner reads a term's frequency from the
-- tokens' most common elements, which ANALYZE keeps for the column's
-- statistics target times ten. At the default (100: a thousand tokens) a
-- term outside the list is guessed at half the rarest one's frequency, a
-- few percent when the list holds only bigrams of common words, and a rare
-- term was walked to newest first through every row instead of read from
-- the GIN index. A thousand keeps ten thousand tokens, down to a fraction
-- of a percent.
ALTER TABLE document_search ALTER COLUMN tokens SET STATISTICS 1000;
ALTER TABLE attachment_search ALTER COLUMN tokens SET STATISTICS 1000;
ALTER TABLE kb_search ALTER COLUMN tokens SET STATISTICS 1000;
ALTER TABLE announcement_search ALTER COLUMN tokens SET STATISTICS 1000;
ALTER TABLE minutes_search ALTER COLUMN tokens SET STATISTICS 1000;
ALTER TABLE archive_search ALTER COLUMN tokens SET STATISTICS 1000;
