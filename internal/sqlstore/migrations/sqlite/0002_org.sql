-- The organisation: bodies and their terms, the secretariat's departments,
-- positions with reports-to lines, and posts (who holds what, when).
-- Dates are TEXT YYYY-MM-DD; a NULL end is open.

CREATE TABLE bodies (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL,
    code           TEXT UNIQUE,
    name           TEXT NOT NULL,
    committee_kind TEXT NOT NULL DEFAULT '',
    parent_id      BIGINT REFERENCES bodies(id),
    seats          INTEGER NOT NULL DEFAULT 0,
    description    TEXT NOT NULL DEFAULT '',
    sort           INTEGER NOT NULL DEFAULT 0,
    since          TEXT,
    until          TEXT
);

CREATE TABLE terms (
    id        INTEGER PRIMARY KEY,
    body_id   BIGINT NOT NULL REFERENCES bodies(id),
    number    INTEGER NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on   TEXT,
    UNIQUE (body_id, number)
);

CREATE TABLE departments (
    id      INTEGER PRIMARY KEY,
    code    TEXT UNIQUE,
    name    TEXT NOT NULL,
    body_id BIGINT NOT NULL REFERENCES bodies(id),
    duties  TEXT NOT NULL DEFAULT '',
    sort    INTEGER NOT NULL DEFAULT 0,
    since   TEXT,
    until   TEXT
);

CREATE TABLE positions (
    id            INTEGER PRIMARY KEY,
    code          TEXT UNIQUE,
    name          TEXT NOT NULL,
    department_id BIGINT REFERENCES departments(id),
    body_id       BIGINT REFERENCES bodies(id),
    rank          INTEGER NOT NULL DEFAULT 0,
    reports_to    BIGINT REFERENCES positions(id),
    headcount     INTEGER NOT NULL DEFAULT 1,
    duties        TEXT NOT NULL DEFAULT '',
    sort          INTEGER NOT NULL DEFAULT 0,
    since         TEXT,
    until         TEXT,
    CHECK ((department_id IS NULL) <> (body_id IS NULL))
);
CREATE INDEX positions_reports_to ON positions(reports_to);

CREATE TABLE posts (
    id          INTEGER PRIMARY KEY,
    position_id BIGINT REFERENCES positions(id),
    body_id     BIGINT REFERENCES bodies(id),
    term_id     BIGINT REFERENCES terms(id),
    user_id     BIGINT REFERENCES users(id),
    member_id   BIGINT,
    name        TEXT NOT NULL,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT,
    acting      BOOLEAN NOT NULL DEFAULT FALSE,
    note        TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    CHECK ((position_id IS NULL) <> (body_id IS NULL))
);
CREATE INDEX posts_position ON posts(position_id, starts_on);
CREATE INDEX posts_body ON posts(body_id, starts_on);
CREATE INDEX posts_user ON posts(user_id);
CREATE INDEX posts_member ON posts(member_id);
