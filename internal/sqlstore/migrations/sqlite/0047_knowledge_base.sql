-- The knowledge base (资料库, 政策法规库, 资料汇编): collections of entries
-- with files, read by staff, or by members too; and the text extracted
-- from attachments (txt, csv, docx, xlsx) for full-text search.
CREATE TABLE kb_collections (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    audience    TEXT NOT NULL,
    created_by  BIGINT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE TABLE kb_items (
    id            INTEGER PRIMARY KEY,
    collection_id BIGINT NOT NULL REFERENCES kb_collections(id),
    title         TEXT NOT NULL,
    body          TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    document_id   BIGINT NOT NULL DEFAULT 0,
    created_by    BIGINT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX kb_items_collection ON kb_items(collection_id, id);

CREATE TABLE attachment_texts (
    attachment_id BIGINT PRIMARY KEY REFERENCES attachments(id),
    text          TEXT NOT NULL
);

CREATE VIRTUAL TABLE kb_search USING fts5(tokens, content='', contentless_delete=1, tokenize='ascii', detail='none');
CREATE VIRTUAL TABLE attachment_search USING fts5(tokens, content='', contentless_delete=1, tokenize='ascii', detail='none');
