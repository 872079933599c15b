-- 典型事例: a resolved request marked for disclosure, with the draft
-- announcement it became (published only through the approval).
CREATE TABLE typical_cases (
    id              INTEGER PRIMARY KEY,
    ticket_id       BIGINT NOT NULL UNIQUE REFERENCES tickets(id),
    announcement_id BIGINT NOT NULL REFERENCES announcements(id),
    title           TEXT NOT NULL,
    anonymised      BOOLEAN NOT NULL DEFAULT FALSE,
    created_by      BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL
);
CREATE INDEX typical_cases_announcement ON typical_cases(announcement_id);
