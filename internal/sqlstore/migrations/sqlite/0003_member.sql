-- Members: registry, tiers, search index, status log, admission, portal changes, reviews.
CREATE TABLE member_tiers (
    code    TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    rank    INTEGER NOT NULL
);
INSERT INTO member_tiers(code, name_zh, name_en, rank) VALUES
    ('president', '会长单位', 'President unit', 10),
    ('vice_president', '副会长单位', 'Vice-president unit', 20),
    ('standing_council', '常务理事单位', 'Standing council unit', 30),
    ('council', '理事单位', 'Council unit', 40),
    ('member', '会员单位', 'Member unit', 50);

CREATE TABLE member_counters (
    name  TEXT PRIMARY KEY,
    value BIGINT NOT NULL
);
INSERT INTO member_counters(name, value) VALUES ('member_no', 0);

CREATE TABLE members (
    id             INTEGER PRIMARY KEY,
    member_no      TEXT NOT NULL UNIQUE,
    kind           TEXT NOT NULL,
    name           TEXT NOT NULL,
    tier           TEXT NOT NULL REFERENCES member_tiers(code),
    industry       TEXT NOT NULL DEFAULT '',
    region         TEXT NOT NULL DEFAULT '',
    credit_code    TEXT UNIQUE,
    legal_rep      TEXT NOT NULL DEFAULT '',
    address        TEXT NOT NULL DEFAULT '',
    size           TEXT NOT NULL DEFAULT '',
    website        TEXT NOT NULL DEFAULT '',
    company        TEXT NOT NULL DEFAULT '',
    contact_name   TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    joined_on      TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    lapsed         BOOLEAN NOT NULL DEFAULT FALSE,
    tags           TEXT NOT NULL DEFAULT '',
    public_listing BOOLEAN NOT NULL DEFAULT FALSE,
    cert_code      TEXT NOT NULL UNIQUE,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX members_status ON members(status, id);
CREATE INDEX members_tier ON members(tier, id);
CREATE INDEX members_industry ON members(industry, id);
CREATE INDEX members_region ON members(region, id);
CREATE INDEX members_name ON members(name, id);

CREATE TABLE member_tags (
    member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    tag       TEXT NOT NULL,
    PRIMARY KEY (member_id, tag)
);
CREATE INDEX member_tags_tag ON member_tags(tag, member_id);

CREATE TABLE member_representatives (
    id        INTEGER PRIMARY KEY,
    member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    name      TEXT NOT NULL,
    title     TEXT NOT NULL DEFAULT '',
    phone     TEXT NOT NULL DEFAULT '',
    email     TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX member_representatives_member ON member_representatives(member_id, id);

-- Every status change: append-only.
CREATE TABLE member_status_log (
    id           INTEGER PRIMARY KEY,
    member_id    BIGINT NOT NULL REFERENCES members(id),
    from_status  TEXT NOT NULL,
    to_status    TEXT NOT NULL,
    reason       TEXT NOT NULL,
    decided_on   TEXT NOT NULL,
    decision_ref TEXT NOT NULL DEFAULT '',
    motion_id    BIGINT,
    decided_by   TEXT NOT NULL,
    at           BIGINT NOT NULL
);
CREATE INDEX member_status_log_member ON member_status_log(member_id, id);

CREATE TABLE member_applications (
    id            INTEGER PRIMARY KEY,
    status        TEXT NOT NULL,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL,
    tier          TEXT NOT NULL DEFAULT '',
    industry      TEXT NOT NULL DEFAULT '',
    region        TEXT NOT NULL DEFAULT '',
    credit_code   TEXT NOT NULL DEFAULT '',
    legal_rep     TEXT NOT NULL DEFAULT '',
    address       TEXT NOT NULL DEFAULT '',
    size          TEXT NOT NULL DEFAULT '',
    website       TEXT NOT NULL DEFAULT '',
    company       TEXT NOT NULL DEFAULT '',
    contact_name  TEXT NOT NULL DEFAULT '',
    phone         TEXT NOT NULL DEFAULT '',
    email         TEXT NOT NULL DEFAULT '',
    message       TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    reject_reason TEXT NOT NULL DEFAULT '',
    decided_on    TEXT NOT NULL DEFAULT '',
    resolution    TEXT NOT NULL DEFAULT '',
    motion_id     BIGINT,
    member_id     BIGINT REFERENCES members(id),
    token_hash    TEXT NOT NULL UNIQUE,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX member_applications_status ON member_applications(status, id);

CREATE TABLE member_change_requests (
    id         INTEGER PRIMARY KEY,
    member_id  BIGINT NOT NULL REFERENCES members(id),
    patch      TEXT NOT NULL,
    status     TEXT NOT NULL,
    by_user    BIGINT NOT NULL,
    by_name    TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    decided_at BIGINT
);
CREATE INDEX member_change_requests_member ON member_change_requests(member_id, id);
CREATE INDEX member_change_requests_status ON member_change_requests(status, id);

CREATE TABLE member_reviews (
    year      INTEGER NOT NULL,
    member_id BIGINT NOT NULL REFERENCES members(id),
    outcome   TEXT NOT NULL,
    note      TEXT NOT NULL DEFAULT '',
    by_name   TEXT NOT NULL,
    at        BIGINT NOT NULL,
    PRIMARY KEY (year, member_id)
);

CREATE TRIGGER member_status_log_no_update BEFORE UPDATE ON member_status_log
BEGIN SELECT RAISE(ABORT, 'member_status_log is append-only'); END;
CREATE TRIGGER member_status_log_no_delete BEFORE DELETE ON member_status_log
BEGIN SELECT RAISE(ABORT, 'member_status_log is append-only'); END;

-- Search tokens (see internal/search), one row per member, rowid = member id.
CREATE VIRTUAL TABLE member_search USING fts5(tokens, content='', contentless_delete=1, tokenize='ascii', detail='none');
