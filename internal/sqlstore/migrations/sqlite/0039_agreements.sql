-- Agreements (合作协议, MOU) with a party of the contacts register; the
-- renewal reminder marks reminded_at once it has reached the owner's inbox.
CREATE TABLE agreements (
    id          INTEGER PRIMARY KEY,
    contact_id  BIGINT NOT NULL REFERENCES contacts(id),
    title       TEXT NOT NULL,
    signed_on   TEXT NOT NULL,
    expires_on  TEXT NOT NULL DEFAULT '',
    owner_id    BIGINT NOT NULL,
    notes       TEXT NOT NULL DEFAULT '',
    reminded_at BIGINT,
    created_by  BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX agreements_expiry ON agreements(expires_on, id);
CREATE INDEX agreements_contact ON agreements(contact_id, id);
