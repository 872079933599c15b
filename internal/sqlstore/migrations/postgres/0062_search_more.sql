-- Full-text search over announcements, meeting minutes (the meeting's
-- title and its latest minutes, keyed by the meeting) and archive records;
-- tokens from internal/search, written with every change.
CREATE TABLE announcement_search (
    announcement_id BIGINT PRIMARY KEY REFERENCES announcements(id),
    tokens          tsvector NOT NULL
);
CREATE INDEX announcement_search_tokens ON announcement_search USING GIN (tokens);

CREATE TABLE minutes_search (
    meeting_id BIGINT PRIMARY KEY REFERENCES meetings(id),
    tokens     tsvector NOT NULL
);
CREATE INDEX minutes_search_tokens ON minutes_search USING GIN (tokens);

CREATE TABLE archive_search (
    archive_id BIGINT PRIMARY KEY REFERENCES archive_records(id),
    tokens     tsvector NOT NULL
);
CREATE INDEX archive_search_tokens ON archive_search USING GIN (tokens);
