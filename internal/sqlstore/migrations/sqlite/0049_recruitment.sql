-- Recruitment (招聘): openings for a position approved along the approval
-- route up to the 秘书长, applicants (CVs are attachments of kind
-- applicant), interview steps with notes; a hire links the staff record.
CREATE TABLE openings (
    id            INTEGER PRIMARY KEY,
    position_id   BIGINT NOT NULL REFERENCES positions(id),
    title         TEXT NOT NULL,
    headcount     INTEGER NOT NULL CHECK (headcount > 0),
    description   TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,
    requester_id  BIGINT NOT NULL REFERENCES users(id),
    requester     TEXT NOT NULL,
    current_step  INTEGER NOT NULL DEFAULT 0,
    hired         INTEGER NOT NULL DEFAULT 0,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX openings_status ON openings(status, id);

CREATE TABLE opening_steps (
    opening_id     BIGINT NOT NULL REFERENCES openings(id),
    seq            INTEGER NOT NULL,
    position_id    BIGINT NOT NULL DEFAULT 0,
    position_code  TEXT NOT NULL DEFAULT '',
    position_name  TEXT NOT NULL DEFAULT '',
    approver_id    BIGINT NOT NULL,
    approver       TEXT NOT NULL,
    acting         BOOLEAN NOT NULL DEFAULT FALSE,
    decision       TEXT NOT NULL DEFAULT '',
    comment        TEXT NOT NULL DEFAULT '',
    decided_at     BIGINT,
    PRIMARY KEY (opening_id, seq)
);
CREATE INDEX opening_steps_approver ON opening_steps(approver_id, opening_id);

CREATE TABLE applicants (
    id          INTEGER PRIMARY KEY,
    opening_id  BIGINT NOT NULL REFERENCES openings(id),
    name        TEXT NOT NULL,
    phone       TEXT NOT NULL DEFAULT '',
    email       TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL,
    staff_id    BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX applicants_opening ON applicants(opening_id, id);

CREATE TABLE interviews (
    id              INTEGER PRIMARY KEY,
    applicant_id    BIGINT NOT NULL REFERENCES applicants(id),
    stage           TEXT NOT NULL,
    date            TEXT NOT NULL,
    interviewer_id  BIGINT NOT NULL DEFAULT 0,
    interviewer     TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    result          TEXT NOT NULL,
    created_at      BIGINT NOT NULL
);
CREATE INDEX interviews_applicant ON interviews(applicant_id, date, id);
