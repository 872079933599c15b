-- Meetings by the charter: charter versions, meetings and agenda, check-ins
-- with proxies, motions with running tallies, secret-ballot marks,
-- elections, minutes.

CREATE TABLE charters (
    id           INTEGER PRIMARY KEY,
    version      INTEGER NOT NULL UNIQUE,
    effective_on TEXT NOT NULL,
    rules        TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    submitted_on TEXT,
    filed_on     TEXT,
    filing_no    TEXT NOT NULL DEFAULT '',
    motion_id    BIGINT,
    created_at   BIGINT NOT NULL
);

CREATE TABLE meetings (
    id               INTEGER PRIMARY KEY,
    body_id          BIGINT NOT NULL REFERENCES bodies(id),
    title            TEXT NOT NULL,
    starts_at        BIGINT NOT NULL,
    location         TEXT NOT NULL DEFAULT '',
    status           TEXT NOT NULL,
    opened_at        BIGINT,
    closed_at        BIGINT,
    notice_override  TEXT NOT NULL DEFAULT '',
    written          BOOLEAN NOT NULL DEFAULT FALSE,
    charter_version  INTEGER NOT NULL,
    entitled_at_open BIGINT,
    created_at       BIGINT NOT NULL
);
CREATE INDEX meetings_starts ON meetings(starts_at, id);

CREATE TABLE agenda_items (
    id         INTEGER PRIMARY KEY,
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    number     INTEGER NOT NULL,
    title      TEXT NOT NULL,
    UNIQUE (meeting_id, number)
);

CREATE TABLE check_ins (
    id              INTEGER PRIMARY KEY,
    meeting_id      BIGINT NOT NULL REFERENCES meetings(id),
    member_id       BIGINT NOT NULL,
    weight          INTEGER NOT NULL,
    credential_hash TEXT NOT NULL UNIQUE,
    created_at      BIGINT NOT NULL,
    UNIQUE (meeting_id, member_id)
);

-- Each member is represented once per meeting: in person or by one proxy.
CREATE TABLE represented (
    meeting_id  BIGINT NOT NULL REFERENCES meetings(id),
    member_id   BIGINT NOT NULL,
    check_in_id BIGINT NOT NULL REFERENCES check_ins(id),
    PRIMARY KEY (meeting_id, member_id)
);

CREATE TABLE motions (
    id          INTEGER PRIMARY KEY,
    meeting_id  BIGINT NOT NULL REFERENCES meetings(id),
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL,
    secret      BOOLEAN NOT NULL,
    threshold   TEXT NOT NULL,
    status      TEXT NOT NULL,
    opened_at   BIGINT,
    closed_at   BIGINT,
    yes         BIGINT NOT NULL DEFAULT 0,
    no          BIGINT NOT NULL DEFAULT 0,
    abstain     BIGINT NOT NULL DEFAULT 0,
    cast_weight BIGINT NOT NULL DEFAULT 0,
    present     BIGINT,
    entitled    BIGINT,
    passed      BOOLEAN,
    paper       BOOLEAN NOT NULL DEFAULT FALSE,
    -- Counted paper ballots wait here until a second member of staff confirms them.
    paper_pending TEXT NOT NULL DEFAULT '',
    paper_by      BIGINT,
    -- The resolution register: what became of a passed motion.
    follow_up      TEXT NOT NULL DEFAULT '',
    follow_up_note TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);
CREATE INDEX motions_meeting ON motions(meeting_id, id);

-- A credential's "used" mark per motion or election: no choice, no time,
-- no sequence (on SQLite a WITHOUT ROWID table stores them in key order).
CREATE TABLE ballot_marks (
    scope           TEXT NOT NULL,
    ref_id          BIGINT NOT NULL,
    credential_hash TEXT NOT NULL,
    weight          BIGINT NOT NULL,
    PRIMARY KEY (scope, ref_id, credential_hash)
) WITHOUT ROWID;

-- Receipts prove a ballot was counted, nothing more.
CREATE TABLE ballot_receipts (
    receipt_hash TEXT PRIMARY KEY,
    scope        TEXT NOT NULL,
    ref_id       BIGINT NOT NULL
) WITHOUT ROWID;

-- Open (non-secret) motions record who voted how: that is what open means.
CREATE TABLE open_ballots (
    motion_id BIGINT NOT NULL REFERENCES motions(id),
    member_id BIGINT NOT NULL,
    choice    TEXT NOT NULL,
    weight    BIGINT NOT NULL,
    PRIMARY KEY (motion_id, member_id)
);

CREATE TABLE elections (
    id          INTEGER PRIMARY KEY,
    meeting_id  BIGINT NOT NULL REFERENCES meetings(id),
    title       TEXT NOT NULL,
    seats       INTEGER NOT NULL,
    secret      BOOLEAN NOT NULL,
    status      TEXT NOT NULL,
    opened_at   BIGINT,
    closed_at   BIGINT,
    cast_weight BIGINT NOT NULL DEFAULT 0,
    confirmed_term_id BIGINT REFERENCES terms(id),
    created_at  BIGINT NOT NULL
);

CREATE TABLE election_candidates (
    election_id BIGINT NOT NULL REFERENCES elections(id),
    member_id   BIGINT NOT NULL,
    votes       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (election_id, member_id)
);

-- 回执: whether a member will attend.
CREATE TABLE rsvps (
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    member_id  BIGINT NOT NULL,
    answer     TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
);

CREATE TABLE minutes (
    meeting_id BIGINT NOT NULL REFERENCES meetings(id),
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,
    status     TEXT NOT NULL,
    created_by TEXT NOT NULL DEFAULT '',
    signed_by  TEXT NOT NULL DEFAULT '',
    signed_at  BIGINT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (meeting_id, version)
);

CREATE TRIGGER ballot_marks_no_update BEFORE UPDATE ON ballot_marks BEGIN SELECT RAISE(ABORT, 'cast ballots never change'); END;
CREATE TRIGGER ballot_marks_no_delete BEFORE DELETE ON ballot_marks BEGIN SELECT RAISE(ABORT, 'cast ballots never change'); END;
CREATE TRIGGER open_ballots_no_update BEFORE UPDATE ON open_ballots BEGIN SELECT RAISE(ABORT, 'cast ballots never change'); END;
CREATE TRIGGER open_ballots_no_delete BEFORE DELETE ON open_ballots BEGIN SELECT RAISE(ABORT, 'cast ballots never change'); END;
CREATE TRIGGER ballot_receipts_no_change BEFORE UPDATE ON ballot_receipts BEGIN SELECT RAISE(ABORT, 'cast ballots never change'); END;
CREATE TRIGGER ballot_receipts_no_delete BEFORE DELETE ON ballot_receipts BEGIN SELECT RAISE(ABORT, 'cast ballots never change'); END;
