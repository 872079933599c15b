-- Official documents: outgoing (发文) with sign-off steps and 文号,
-- incoming (收文) with routing; distribution lists, the access log of
-- confidential reads, and the per-year number sequences.

CREATE TABLE documents (
    id             INTEGER PRIMARY KEY,
    direction      TEXT NOT NULL,
    doc_type       TEXT NOT NULL DEFAULT '',
    title          TEXT NOT NULL,
    body           TEXT NOT NULL DEFAULT '',
    classification TEXT NOT NULL,
    status         TEXT NOT NULL,
    author_id      BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL,
    doc_no         TEXT UNIQUE,
    issued_at      BIGINT,
    supersedes     BIGINT NOT NULL DEFAULT 0,
    sender         TEXT NOT NULL DEFAULT '',
    sender_doc_no  TEXT NOT NULL DEFAULT '',
    received_on    TEXT NOT NULL DEFAULT '',
    receipt_no     TEXT UNIQUE,
    done_note      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX documents_direction ON documents(direction, id);

CREATE TABLE document_steps (
    document_id BIGINT NOT NULL REFERENCES documents(id),
    seq         INTEGER NOT NULL,
    position_id BIGINT NOT NULL,
    user_id     BIGINT NOT NULL,
    acting      BOOLEAN NOT NULL DEFAULT FALSE,
    decision    TEXT NOT NULL DEFAULT 'pending',
    comment     TEXT NOT NULL DEFAULT '',
    decided_at  BIGINT,
    round       INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (document_id, round, seq)
);

CREATE TABLE document_readers (
    document_id BIGINT NOT NULL REFERENCES documents(id),
    user_id     BIGINT NOT NULL,
    PRIMARY KEY (document_id, user_id)
);

CREATE TABLE document_routes (
    id          INTEGER PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES documents(id),
    position_id BIGINT NOT NULL,
    instruction TEXT NOT NULL DEFAULT '',
    by_user_id  BIGINT NOT NULL DEFAULT 0,
    at          BIGINT NOT NULL
);
CREATE INDEX document_routes_doc ON document_routes(document_id, id);

CREATE TABLE document_access (
    id          INTEGER PRIMARY KEY,
    document_id BIGINT NOT NULL REFERENCES documents(id),
    user_id     BIGINT NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX document_access_doc ON document_access(document_id, id);

CREATE TABLE doc_sequences (
    prefix TEXT NOT NULL,
    year   INTEGER NOT NULL,
    last   INTEGER NOT NULL,
    PRIMARY KEY (prefix, year)
);

-- The archive (归档): records that never change once filed.
CREATE TABLE archive_records (
    id          INTEGER PRIMARY KEY,
    archive_no  TEXT NOT NULL UNIQUE,
    source_kind TEXT NOT NULL,
    source_id   BIGINT NOT NULL,
    title       TEXT NOT NULL,
    category    TEXT NOT NULL,
    retention   TEXT NOT NULL,
    year        INTEGER NOT NULL,
    filed_by    BIGINT NOT NULL DEFAULT 0,
    filed_at    BIGINT NOT NULL,
    UNIQUE (source_kind, source_id)
);
CREATE TRIGGER archive_records_no_update BEFORE UPDATE ON archive_records
BEGIN SELECT RAISE(ABORT, 'archive_records never change'); END;
CREATE TRIGGER archive_records_no_delete BEFORE DELETE ON archive_records
BEGIN SELECT RAISE(ABORT, 'archive_records never change'); END;

-- Search tokens of documents (see internal/search).
CREATE VIRTUAL TABLE document_search USING fts5(tokens, content='', contentless_delete=1, tokenize='ascii', detail='none');
