-- Attachments: files in the blob folder (named by SHA-256) hanging on a
-- voucher, a reimbursement claim or an announcement. Append-only.

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    owner_kind   TEXT NOT NULL,
    owner_id     BIGINT NOT NULL,
    hash         TEXT NOT NULL,
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         BIGINT NOT NULL,
    created_by   BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL
);
CREATE INDEX attachments_owner ON attachments(owner_kind, owner_id, id);

CREATE TRIGGER attachments_no_update BEFORE UPDATE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments is append-only'); END;
CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments
BEGIN SELECT RAISE(ABORT, 'attachments is append-only'); END;
