-- Announcements: drafts, approval, published texts kept as revisions, the
-- inbox with read receipts, and the durable outbox of e-mail and webhooks.

CREATE TABLE announcements (
    id           INTEGER PRIMARY KEY,
    kind         TEXT NOT NULL,
    category     TEXT NOT NULL DEFAULT '',
    year         INTEGER NOT NULL DEFAULT 0,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    audience     TEXT NOT NULL,
    require_ack  BOOLEAN NOT NULL DEFAULT FALSE,
    status       TEXT NOT NULL,
    revision     INTEGER NOT NULL DEFAULT 0,
    author_id    BIGINT NOT NULL DEFAULT 0,
    approved_by  BIGINT NOT NULL DEFAULT 0,
    approved_at  BIGINT,
    publish_at   BIGINT,
    published_at BIGINT,
    recipients   BIGINT NOT NULL DEFAULT 0,
    read_count   BIGINT NOT NULL DEFAULT 0,
    ack_count    BIGINT NOT NULL DEFAULT 0,
    notify_key   TEXT UNIQUE,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX announcements_status ON announcements(status, id);
CREATE INDEX announcements_due ON announcements(status, publish_at);
CREATE INDEX announcements_public ON announcements(audience, status, id);

-- Every published text, the first and each correction: append-only.
CREATE TABLE announcement_revisions (
    id              INTEGER PRIMARY KEY,
    announcement_id BIGINT NOT NULL REFERENCES announcements(id),
    revision        INTEGER NOT NULL,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    created_by      BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    UNIQUE (announcement_id, revision)
);
CREATE TRIGGER announcement_revisions_no_update BEFORE UPDATE ON announcement_revisions
BEGIN SELECT RAISE(ABORT, 'announcement_revisions is append-only'); END;
CREATE TRIGGER announcement_revisions_no_delete BEFORE DELETE ON announcement_revisions
BEGIN SELECT RAISE(ABORT, 'announcement_revisions is append-only'); END;

-- One row per recipient: a member (seen by its representatives) or a login.
CREATE TABLE announcement_deliveries (
    id              INTEGER PRIMARY KEY,
    announcement_id BIGINT NOT NULL REFERENCES announcements(id),
    member_id       BIGINT NOT NULL DEFAULT 0,
    user_id         BIGINT NOT NULL DEFAULT 0,
    read_at         BIGINT,
    read_by         BIGINT,
    acked_at        BIGINT,
    acked_by        BIGINT,
    reminded_at     BIGINT,
    created_at      BIGINT NOT NULL,
    UNIQUE (announcement_id, member_id, user_id)
);
CREATE INDEX announcement_deliveries_member ON announcement_deliveries(member_id, id);
CREATE INDEX announcement_deliveries_user ON announcement_deliveries(user_id, id);

CREATE TABLE mail_contents (
    id         INTEGER PRIMARY KEY,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- The durable outbox. A row is claimed with a lease (state 'sending'), sent
-- with its stable message_id, and marked 'sent'; an expired lease is
-- claimed again and re-sent with the same Message-ID.
CREATE TABLE mail_outbox (
    id          INTEGER PRIMARY KEY,
    channel     TEXT NOT NULL DEFAULT 'email',
    message_id  TEXT NOT NULL UNIQUE,
    content_id  BIGINT NOT NULL REFERENCES mail_contents(id),
    to_addr     TEXT NOT NULL,
    to_name     TEXT NOT NULL DEFAULT '',
    state       TEXT NOT NULL DEFAULT 'queued',
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     BIGINT NOT NULL,
    lease_until BIGINT NOT NULL DEFAULT 0,
    lease_owner TEXT NOT NULL DEFAULT '',
    last_error  TEXT NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    sent_at     BIGINT
);
CREATE INDEX mail_outbox_queued ON mail_outbox(state, id);
CREATE INDEX mail_outbox_lease ON mail_outbox(state, lease_until);

CREATE TABLE mail_counters (
    state TEXT PRIMARY KEY,
    n     BIGINT NOT NULL
);
INSERT INTO mail_counters(state, n) VALUES ('queued', 0), ('sent', 0), ('failed', 0);
