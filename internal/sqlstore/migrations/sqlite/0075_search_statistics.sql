-- PostgreSQL only (statistics of the search tokens); FTS5 needs none.
SELECT 1;
