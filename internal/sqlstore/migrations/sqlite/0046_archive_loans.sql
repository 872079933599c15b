-- Archive borrowing (借阅): a request, its approval by another keeper of
-- the archive, the return; and destruction lists (销毁清册) of records
-- whose retention has ended, approved by the 秘书长 before anything counts
-- as destroyed. The archive records themselves never change.
CREATE TABLE archive_loans (
    id          INTEGER PRIMARY KEY,
    archive_id  BIGINT NOT NULL REFERENCES archive_records(id),
    borrower_id BIGINT NOT NULL,
    purpose     TEXT NOT NULL,
    due_on      TEXT NOT NULL,
    status      TEXT NOT NULL,
    approver_id BIGINT NOT NULL DEFAULT 0,
    comment     TEXT NOT NULL DEFAULT '',
    decided_at  BIGINT,
    returned_at BIGINT,
    reminded    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  BIGINT NOT NULL
);
CREATE INDEX archive_loans_record ON archive_loans(archive_id, id);
CREATE INDEX archive_loans_open ON archive_loans(status, due_on);

CREATE TABLE archive_disposals (
    id          INTEGER PRIMARY KEY,
    status      TEXT NOT NULL,
    proposed_by BIGINT NOT NULL,
    note        TEXT NOT NULL DEFAULT '',
    decided_by  BIGINT NOT NULL DEFAULT 0,
    comment     TEXT NOT NULL DEFAULT '',
    decided_at  BIGINT,
    created_at  BIGINT NOT NULL
);

CREATE TABLE archive_disposal_items (
    disposal_id BIGINT NOT NULL REFERENCES archive_disposals(id),
    archive_id  BIGINT NOT NULL REFERENCES archive_records(id),
    PRIMARY KEY (disposal_id, archive_id)
);
CREATE INDEX archive_disposal_items_record ON archive_disposal_items(archive_id);
