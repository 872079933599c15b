-- Search plans by how common each query term is (search.go puts the terms
-- in the query's text): the planner reads a term's frequency from the
-- tokens' most common elements, which ANALYZE keeps for the column's
-- statistics target times ten. At the default (100: a thousand tokens, at
-- 100,000 benchmark documents none rarer than 17%) every term outside the
-- list was guessed at some 8%: a term in a twelfth of the documents as one
-- in a few, a term in none as one in thousands. A thousand keeps ten
-- thousand tokens, down to about 1%. ANALYZE of 100,000 documents' tokens
-- then takes a minute or so (Reindex runs it; autovacuum after that).
ALTER TABLE document_search ALTER COLUMN tokens SET STATISTICS 1000;
ALTER TABLE attachment_search ALTER COLUMN tokens SET STATISTICS 1000;
ALTER TABLE kb_search ALTER COLUMN tokens SET STATISTICS 1000;
ALTER TABLE announcement_search ALTER COLUMN tokens SET STATISTICS 1000;
ALTER TABLE minutes_search ALTER COLUMN tokens SET STATISTICS 1000;
ALTER TABLE archive_search ALTER COLUMN tokens SET STATISTICS 1000;
