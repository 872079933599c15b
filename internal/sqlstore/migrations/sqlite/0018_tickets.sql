-- Member services: requests (tickets) with replies, internal notes and
-- referrals; their routing rules and the holiday calendar that working-day
-- deadlines count on; the contacts register (外联) that referrals point to.

CREATE TABLE contacts (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    name       TEXT NOT NULL,
    country    TEXT NOT NULL DEFAULT '',
    owner_id   BIGINT NOT NULL DEFAULT 0,
    notes      TEXT NOT NULL DEFAULT '',
    search     TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX contacts_kind ON contacts(kind, id);

CREATE TABLE contact_people (
    id         INTEGER PRIMARY KEY,
    contact_id BIGINT NOT NULL REFERENCES contacts(id),
    name       TEXT NOT NULL,
    title      TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    email      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX contact_people_contact ON contact_people(contact_id, id);

CREATE TABLE interactions (
    id         INTEGER PRIMARY KEY,
    contact_id BIGINT NOT NULL REFERENCES contacts(id),
    date       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    summary    TEXT NOT NULL,
    user_ids   TEXT NOT NULL DEFAULT '[]',
    created_by BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX interactions_contact ON interactions(contact_id, date, id);

CREATE TABLE ticket_routes (
    kind            TEXT PRIMARY KEY,
    department_id   BIGINT NOT NULL REFERENCES departments(id),
    handler_user_id BIGINT NOT NULL DEFAULT 0,
    first_days      INTEGER NOT NULL,
    resolve_days    INTEGER NOT NULL
);

CREATE TABLE holidays (
    date    TEXT PRIMARY KEY,
    name    TEXT NOT NULL DEFAULT '',
    workday BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE tickets (
    id                INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL,
    status            TEXT NOT NULL,
    channel           TEXT NOT NULL,
    member_id         BIGINT NOT NULL DEFAULT 0,
    requester_name    TEXT NOT NULL DEFAULT '',
    requester_phone   TEXT NOT NULL DEFAULT '',
    subject           TEXT NOT NULL,
    body              TEXT NOT NULL,
    parties           TEXT NOT NULL DEFAULT '',
    dispute_fen       BIGINT NOT NULL DEFAULT 0,
    department_id     BIGINT NOT NULL DEFAULT 0,
    assignee_id       BIGINT NOT NULL DEFAULT 0,
    created_by        BIGINT NOT NULL DEFAULT 0,
    created_at        BIGINT NOT NULL,
    first_due_at      BIGINT NOT NULL,
    due_at            BIGINT NOT NULL,
    first_answered_at BIGINT,
    resolved_at       BIGINT,
    outcome           TEXT NOT NULL DEFAULT '',
    first_warned      BOOLEAN NOT NULL DEFAULT FALSE,
    escalated         BOOLEAN NOT NULL DEFAULT FALSE,
    rating            INTEGER NOT NULL DEFAULT 0,
    rating_comment    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tickets_member ON tickets(member_id, id);
CREATE INDEX tickets_open_due ON tickets(status, due_at);
CREATE INDEX tickets_assignee ON tickets(assignee_id, id);

CREATE TABLE ticket_replies (
    id          INTEGER PRIMARY KEY,
    ticket_id   BIGINT NOT NULL REFERENCES tickets(id),
    author_id   BIGINT NOT NULL DEFAULT 0,
    from_member BOOLEAN NOT NULL DEFAULT FALSE,
    internal    BOOLEAN NOT NULL DEFAULT FALSE,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX ticket_replies_ticket ON ticket_replies(ticket_id, id);

CREATE TABLE ticket_referrals (
    id         INTEGER PRIMARY KEY,
    ticket_id  BIGINT NOT NULL REFERENCES tickets(id),
    contact_id BIGINT NOT NULL REFERENCES contacts(id),
    note       TEXT NOT NULL DEFAULT '',
    by_user    BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX ticket_referrals_ticket ON ticket_referrals(ticket_id, id);

CREATE TRIGGER ticket_replies_no_update BEFORE UPDATE ON ticket_replies
BEGIN SELECT RAISE(ABORT, 'ticket_replies is append-only'); END;
CREATE TRIGGER ticket_replies_no_delete BEFORE DELETE ON ticket_replies
BEGIN SELECT RAISE(ABORT, 'ticket_replies is append-only'); END;
