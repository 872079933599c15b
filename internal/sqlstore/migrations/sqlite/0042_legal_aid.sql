-- Legal aid (法律维权): cases with their parties, amount, adviser (a
-- contact), dated steps and result, opened for a member or from a
-- legal_aid/rights ticket; the advisers' office hours and the members'
-- bookings of their slots (one booking per slot: the unique index decides
-- between concurrent bookings).
CREATE TABLE legal_cases (
    id             INTEGER PRIMARY KEY,
    member_id      BIGINT NOT NULL REFERENCES members(id),
    ticket_id      BIGINT NOT NULL DEFAULT 0,
    subject        TEXT NOT NULL,
    summary        TEXT NOT NULL DEFAULT '',
    parties        TEXT NOT NULL DEFAULT '[]',
    dispute_fen    BIGINT NOT NULL DEFAULT 0,
    adviser_id     BIGINT REFERENCES contacts(id),
    adviser_person TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    outcome        TEXT NOT NULL DEFAULT '',
    result         TEXT NOT NULL DEFAULT '',
    notes          TEXT NOT NULL DEFAULT '',
    opened_by      BIGINT NOT NULL DEFAULT 0,
    opened_at      BIGINT NOT NULL,
    closed_at      BIGINT
);
CREATE UNIQUE INDEX legal_cases_ticket ON legal_cases(ticket_id) WHERE ticket_id <> 0;
CREATE INDEX legal_cases_member ON legal_cases(member_id, id);
CREATE INDEX legal_cases_status ON legal_cases(status, id);

CREATE TABLE legal_case_steps (
    id         INTEGER PRIMARY KEY,
    case_id    BIGINT NOT NULL REFERENCES legal_cases(id),
    date       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    note       TEXT NOT NULL,
    internal   BOOLEAN NOT NULL DEFAULT FALSE,
    by_user    BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX legal_case_steps_case ON legal_case_steps(case_id, date, id);

CREATE TABLE legal_office_hours (
    id             INTEGER PRIMARY KEY,
    adviser_id     BIGINT NOT NULL REFERENCES contacts(id),
    adviser_person TEXT NOT NULL DEFAULT '',
    weekday        INTEGER NOT NULL DEFAULT 0,
    date           TEXT NOT NULL DEFAULT '',
    start_time     TEXT NOT NULL,
    end_time       TEXT NOT NULL,
    slot_minutes   INTEGER NOT NULL,
    place          TEXT NOT NULL DEFAULT '',
    valid_from     TEXT NOT NULL DEFAULT '',
    valid_to       TEXT NOT NULL DEFAULT '',
    created_by     BIGINT NOT NULL DEFAULT 0,
    created_at     BIGINT NOT NULL
);

CREATE TABLE legal_consultations (
    id              INTEGER PRIMARY KEY,
    office_hours_id BIGINT NOT NULL REFERENCES legal_office_hours(id),
    date            TEXT NOT NULL,
    start_time      TEXT NOT NULL,
    end_time        TEXT NOT NULL,
    starts_at       BIGINT NOT NULL,
    member_id       BIGINT NOT NULL REFERENCES members(id),
    topic           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    booked_by       BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL,
    cancelled_at    BIGINT
);
CREATE UNIQUE INDEX legal_consultations_slot ON legal_consultations(office_hours_id, date, start_time) WHERE status = 'booked';
CREATE INDEX legal_consultations_member ON legal_consultations(member_id, starts_at);
CREATE INDEX legal_consultations_date ON legal_consultations(date, office_hours_id);
