-- Full-text search over announcements, meeting minutes (the meeting's
-- title and its latest minutes, keyed by the meeting) and archive records;
-- tokens from internal/search, written with every change.
CREATE VIRTUAL TABLE announcement_search USING fts5(tokens, content='', contentless_delete=1, tokenize='ascii', detail='none');
CREATE VIRTUAL TABLE minutes_search USING fts5(tokens, content='', contentless_delete=1, tokenize='ascii', detail='none');
CREATE VIRTUAL TABLE archive_search USING fts5(tokens, content='', contentless_delete=1, tokenize='ascii', detail='none');
