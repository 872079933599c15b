-- Publicity (对外宣传): the 会刊 as numbered issues (articles as JSON, the
-- PDF and cover as attachments), the public site's editable pages in
-- Markdown, and each press release's media distribution.
CREATE TABLE journal_issues (
    id           INTEGER PRIMARY KEY,
    number       INTEGER NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    issued_on    TEXT NOT NULL,
    cover        TEXT NOT NULL DEFAULT '',
    articles     TEXT NOT NULL DEFAULT '[]',
    status       TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    published_at BIGINT,
    created_by   BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX journal_issues_status ON journal_issues(status, number);

CREATE TABLE site_pages (
    slug       TEXT PRIMARY KEY,
    title_zh   TEXT NOT NULL,
    title_en   TEXT NOT NULL DEFAULT '',
    body_zh    TEXT NOT NULL,
    body_en    TEXT NOT NULL DEFAULT '',
    position   INTEGER NOT NULL DEFAULT 0,
    updated_by BIGINT NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL
);

CREATE TABLE press_media (
    announcement_id BIGINT NOT NULL REFERENCES announcements(id),
    contact_id      BIGINT NOT NULL REFERENCES contacts(id),
    PRIMARY KEY (announcement_id, contact_id)
);
